#!/usr/bin/env python3
"""Broadsheet e-paper PDF pages rendered from the People's Daily corpus, with exact gold.

    python eval/pdf/render.py --out /tmp/pdfs --split test --pages 20 --seed 1
    python eval/pdf/render.py --out /tmp/pdfs --issues 2          # whole issues, with jumps

Each page is one single-page PDF set in PyMuPDF's built-in CJK fonts (`china-s`, `china-ss`:
every glyph one em wide) on a 5 to 8 column grid, with a masthead (page 1) or a running head,
editor lines, rules, frames and photos, and its `baokan.page/1` gold. Every gold article also
carries `layout` (plain, boxed, vertical, lshape, photo), `regions` (rectangles in PDF points,
origin top-left, in reading order, covering exactly its printed text: headings, body, credit
and jump markers) and `body_regions` (the same for the body alone); the gold page carries
`furniture` (the printed text that is no article, with its rectangle). See README.md beside.

Regions are the union of the glyph boxes MuPDF reports (the CJK fonts: from the baseline 1.0 em
up and 0.2 em down; the Helvetica used for `…`: 1.075 em up, 0.299 em down), so
`page.get_text("text", clip=rect)`, which keeps the glyphs whose box overlaps the rectangle's
inside (touching edges do not count), gives exactly the article's text.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE.parent / "train"), str(HERE.parent), str(ROOT / "src")]

import corpus  # noqa: E402
import pymupdf  # noqa: E402

LAYOUTS = ("plain", "boxed", "vertical", "lshape", "photo")
CJK_ASC, CJK_DESC = 1.0, 0.2  # glyph box of the built-in CJK fonts, in em, as MuPDF extracts it
ELL_ASC, ELL_DESC = 1.075, 0.299  # Helvetica, used for … (the CJK font extracts it as ⋯)
ELLIPSIS = "…"
_HELV: pymupdf.Font | None = None

_NUM = "零一二三四五六七八九"
_WEEKDAYS = "一二三四五六日"
PAGE_NAMES = ("要闻", "国内", "国际", "评论", "经济", "社会", "文化", "体育", "理论", "视点", "生态", "教育",
              "科技", "综合", "副刊", "民生", "法治", "地方")
OTHER_PAPERS = ("光明日报", "经济日报", "大同日报", "南方日报", "新华日报", "解放日报", "湖北日报", "天津日报")
_EDITOR_TITLES = (("责任编辑", "版式设计"), ("责任编辑", "美术编辑"), ("本版编辑", "版式设计"), ("责任编辑", "校对"))


def cn_num(n: int) -> str:
    """Chinese numeral for a page number (1 → 一, 12 → 十二, 20 → 二十)."""
    if n < 10:
        return _NUM[n]
    if n < 20:
        return "十" + (_NUM[n % 10] if n % 10 else "")
    return _NUM[n // 10] + "十" + (_NUM[n % 10] if n % 10 else "")


def _helv() -> pymupdf.Font:
    global _HELV
    if _HELV is None:
        _HELV = pymupdf.Font("helv")
    return _HELV


def _r(v: float) -> float:
    return round(v, 2)


# ----------------------------------------------------------------------------------------------
# drawing primitives


@dataclass
class Frag:
    """One run of text on one printed line (or one glyph of a vertical line)."""

    x: float
    y: float  # baseline
    text: str
    size: float
    font: str
    tag: str  # head | body | marker | credit | furniture
    art: int = -1  # index of the gold article, -1 for furniture
    piece: int = 0
    sub: int = 0
    glyphs: bool = False  # one draw call per glyph
    bold: bool = False
    color: tuple[float, float, float] = (0, 0, 0)
    vertical: bool = False  # one glyph per line, stacked (x, y) .. (x, y + pitch)
    pitch: float = 0.0
    clip_right: float = 0.0  # shrink the rectangle's right edge (mixed lines: a marker follows)
    clip_left: float = 0.0

    def bbox(self) -> tuple[float, float, float, float]:
        ell = ELLIPSIS in self.text
        asc, desc = (ELL_ASC, ELL_DESC) if ell else (CJK_ASC, CJK_DESC)
        if self.vertical:
            n = len(self.text)
            return (self.x, self.y - asc * self.size, self.x + self.size,
                    self.y + (n - 1) * self.pitch + desc * self.size)
        return (self.x + self.clip_left, self.y - asc * self.size,
                self.x + len(self.text) * self.size - self.clip_right, self.y + desc * self.size)


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


class Canvas:
    """Writes the page's content stream by hand, text and shapes in order (the order text
    extraction sees them): the CJK fonts take UTF-16 (UniGB-UTF16-H), `…` goes in Helvetica
    (WinAnsi code 0x85), one em wide as well."""

    def __init__(self, page: pymupdf.Page):
        self.page = page
        self.H = page.rect.height
        self.out: list[str] = ["q"]
        self.fonts: set[str] = set()
        self.images: list[tuple[pymupdf.Rect, pymupdf.Pixmap]] = []

    def _show(self, x: float, y: float, text: str, f: Frag, font: str) -> None:
        code = "(" + "\\205" * len(text) + ")" if font == "helv" else "<" + text.encode("utf-16-be").hex() + ">"
        self.out.append(f"1 0 0 1 {_n(x)} {_n(self.H - y)} Tm /{font} {_n(f.size)} Tf [{code}]TJ")
        self.fonts.add(font)

    def text(self, f: Frag) -> None:
        if f.vertical:
            for i, ch in enumerate(f.text):
                self.text(Frag(f.x, f.y + i * f.pitch, ch, f.size, f.font, f.tag, bold=f.bold, color=f.color))
            return
        rgb = " ".join(_n(c) for c in f.color)
        state = f"2 Tr {_n(0.03 * f.size)} w 1 M {rgb} RG {rgb} rg" if f.bold else f"0 Tr {rgb} rg"
        self.out.append(f"BT {state}")
        i = 0
        while i < len(f.text):
            j = i
            ell = f.text[i] == ELLIPSIS
            while j < len(f.text) and (f.text[j] == ELLIPSIS) == ell:
                j += 1
            x = f.x + i * f.size
            font = "helv" if ell else f.font
            if f.glyphs:  # one positioned show per glyph, blanks skipped
                for g, ch in enumerate(f.text[i:j]):
                    if not ch.isspace():
                        self._show(_r(x + g * f.size), f.y, ch, f, font)
            else:
                self._show(x, f.y, f.text[i:j], f, font)
            i = j
        self.out.append("ET")

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.6) -> None:
        H = self.H
        self.out.append(f"{_n(width)} w 0 0 0 RG {_n(x0)} {_n(H - y0)} m {_n(x1)} {_n(H - y1)} l S")

    def rect(self, r: tuple[float, float, float, float], width: float = 0.8,
             fill: tuple[float, float, float] | None = None) -> None:
        x0, y0, x1, y1 = (_r(v) for v in r)
        path = f"{_n(x0)} {_n(self.H - y1)} {_n(x1 - x0)} {_n(y1 - y0)} re"
        if fill is not None:
            self.out.append(f"{' '.join(_n(c) for c in fill)} rg {_n(width)} w 0 0 0 RG {path} B")
        else:
            self.out.append(f"{_n(width)} w 0 0 0 RG {path} S")

    def image(self, r: tuple[float, float, float, float], rng: random.Random) -> None:
        w, h = 48, 36
        base = [rng.randint(60, 200) for _ in range(3)]
        dx, dy = rng.uniform(-2, 2), rng.uniform(-2, 2)
        data = bytearray()
        for yy in range(h):
            for xx in range(w):
                v = dx * xx + dy * yy + rng.randint(-12, 12)
                data.extend(max(0, min(255, int(b + v))) for b in base)
        pix = pymupdf.Pixmap(pymupdf.csRGB, w, h, bytes(data), False)
        self.images.append((pymupdf.Rect(*(_r(v) for v in r)), pix))

    def close(self) -> None:
        self.out.append("Q")
        page, doc = self.page, self.page.parent
        for font in sorted(self.fonts):
            page.insert_font(fontname=font)
        xref = doc.get_new_xref()
        doc.update_object(xref, "<<>>")
        doc.update_stream(xref, "\n".join(self.out).encode("latin-1"))
        page.set_contents(xref)
        for r, pix in self.images:
            page.insert_image(r, pixmap=pix)


# ----------------------------------------------------------------------------------------------
# page style


@dataclass
class Style:
    W: float
    H: float
    margin: float
    ncols: int
    gutter: float
    size: float  # body size
    lh: float  # body line pitch
    body_font: str
    head_font: str
    glyphs: bool
    indent: str  # space | offset
    vrules: bool
    hrules: bool
    center: float  # probability that a headline is centred
    bold: float  # probability that a title is drawn bold (fill + stroke)
    cw: float = 0.0
    n: int = 0
    col_x: list[float] = field(default_factory=list)

    def x_of(self, c: int) -> float:
        return self.margin + c * (self.cw + self.gutter)

    def x_end(self, c: int) -> float:
        return self.x_of(c) + self.cw


def make_style(rng: random.Random) -> Style:
    W = float(rng.randrange(800, 1001, 2))
    H = float(round(W * rng.uniform(1.40, 1.44)))
    margin = _r(rng.uniform(30, 46))
    size = rng.choice([8.5, 8.75, 9.0, 9.25, 9.5, 9.75, 10.0, 10.25, 10.5])
    gutter = _r(rng.uniform(max(9.0, size * 0.9), 14.0))
    fits = []
    for n in range(5, 9):
        cw = (W - 2 * margin - (n - 1) * gutter) / n
        if 10 <= math.floor(cw / size) <= 20:
            fits.append(n)
    ncols = rng.choice(fits or [6])
    st = Style(W=W, H=H, margin=margin, ncols=ncols, gutter=gutter, size=size,
               lh=_r(size * rng.uniform(1.4, 1.6)), body_font=rng.choice(["china-ss"] * 4 + ["china-s"]),
               head_font=rng.choice(["china-s"] * 3 + ["china-ss"]), glyphs=rng.random() < 0.4,
               indent=rng.choice(["space", "offset"]), vrules=rng.random() < 0.5, hrules=rng.random() < 0.8,
               center=rng.choice([0.2, 0.6, 0.9]), bold=rng.choice([0.0, 0.4, 0.8]))
    st.cw = (W - 2 * margin - (ncols - 1) * gutter) / ncols
    st.n = math.floor(st.cw / size)
    return st


# ----------------------------------------------------------------------------------------------
# lines of body text


@dataclass
class Line:
    runs: list[tuple[str, str]]  # (text, tag)
    off: int  # glyphs from the column's left edge


def _chunks(toks: list[tuple[str, str]], first: int, width: int) -> list[list[tuple[str, str]]]:
    out, i, w = [], 0, first
    while i < len(toks):
        out.append(toks[i:i + w])
        i += w
        w = width
    return out


def _runs(toks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch, tag in toks:
        if runs and runs[-1][1] == tag:
            runs[-1] = (runs[-1][0] + ch, tag)
        else:
            runs.append((ch, tag))
    return runs


def para_lines(text: str, n: int, indent: str | None, pre: str | None = None,
               post: str | None = None) -> list[Line]:
    """One paragraph set in lines of n glyphs; `pre`/`post` are jump markers printed at its
    start / end (a closing marker that does not fit the last line goes right-aligned below)."""
    toks = [(ch, "body") for ch in text]
    if pre:
        toks = [(ch, "marker") for ch in pre] + toks
    off = 0
    first = n
    if indent == "space":
        toks = [("\u3000", "body")] * 2 + toks
    elif indent == "offset":
        off, first = 2, n - 2
    lines = [Line(_runs(c), off if i == 0 else 0) for i, c in enumerate(_chunks(toks, first, n))]
    if post:
        last = lines[-1]
        used = sum(len(t) for t, _ in last.runs) + last.off
        if used + len(post) <= n:
            last.runs.append((post, "marker"))
        else:
            lines.append(Line([(post, "marker")], n - len(post)))
    return lines


def body_lines(paras: list[str], n: int, indent: str | None, pre: str | None,
               post: str | None) -> list[Line]:
    out: list[Line] = []
    for i, p in enumerate(paras):
        out.extend(para_lines(p, n, indent, pre if i == 0 else None, post if i == len(paras) - 1 else None))
    return out


def fit_paras(paras: list[str], n: int, indent: str | None, pre: str | None, post: str | None,
              capacity: int) -> tuple[int, list[Line]]:
    """The most leading paragraphs (with the markers) that fit in `capacity` lines."""
    best: tuple[int, list[Line]] = (0, [])
    for p in range(1, len(paras) + 1):
        lines = body_lines(paras[:p], n, indent, pre, post)
        if len(lines) > capacity:
            break
        best = (p, lines)
    return best


# ----------------------------------------------------------------------------------------------
# article blocks


@dataclass
class Placed:
    """An article being placed: its item, printed paragraphs, layout and fragments."""

    item: dict
    layout: str
    paras: list[str] = field(default_factory=list)
    frags: list[Frag] = field(default_factory=list)


class Builder:
    """Lays out the page: keeps the drawing order, fragment ids and the articles placed."""

    def __init__(self, st: Style, rng: random.Random):
        self.st, self.rng = st, rng
        self.ops: list[tuple] = []
        self.placed: list[Placed] = []
        self.head_style: dict[int, tuple[bool, ...]] = {}
        self._id = 0

    def new_id(self) -> int:
        self._id += 1
        return self._id

    def add_text(self, f: Frag) -> None:
        self.ops.append(("text", f))
        if f.art >= 0:
            self.placed[f.art].frags.append(f)

    # headings --------------------------------------------------------------------------------

    def head(self, art: int, item: dict, x0: float, x1: float, y0: float, big: float,
             dry: bool = False) -> float:
        """Kicker, title (wrapped over up to 2 lines where it can), subtitle across x0..x1;
        returns the height (0 when the item has no headings)."""
        st, rng = self.st, self.rng
        w = x1 - x0
        kicker, title, subtitle = item.get("kicker"), item.get("title"), item.get("subtitle")
        if not (kicker or title or subtitle):
            return 0.0
        if id(item) not in self.head_style:  # the same choices for the measuring run and the real one
            self.head_style[id(item)] = (rng.random() < st.center, rng.random() < st.bold, rng.random() < 0.15,
                                         rng.random() < 0.5, rng.random() < 0.3)
        centre, bold, red, k_head, s_head = self.head_style[id(item)]
        ts = big
        if title:
            maxg = max(1, math.floor(w / ts))
            if len(title) > maxg:
                ts2 = w / math.ceil(len(title) / 2)
                ts = max(16.0, math.floor(min(ts, ts2) * 2) / 2)
        ks = min(16.0, max(10.0, round(ts * 0.5)))
        ss = min(16.0, max(10.5, round(ts * 0.55)))
        rows: list[tuple[str, float, str, bool]] = []  # text, size, font, bold

        def wrap(text: str, size: float, font: str, b: bool, split_space: bool) -> None:
            maxg = max(1, math.floor(w / size))
            text = text.strip()
            if len(text) <= maxg:
                rows.append((text, size, font, b))
                return
            parts = None
            if split_space:
                cut = [i for i, ch in enumerate(text) if ch in " \u3000"]
                for i in sorted(cut, key=lambda i: abs(i - len(text) / 2)):
                    a, c = text[:i].strip(), text[i + 1:].strip()
                    if a and c and len(a) <= maxg and len(c) <= maxg:
                        parts = [a, c]
                        break
            if parts is None:
                k = math.ceil(len(text) / maxg)
                per = math.ceil(len(text) / k)
                parts = [text[i:i + per] for i in range(0, len(text), per)]
            rows.extend((p, size, font, b) for p in parts if p.strip())

        groups = []
        if kicker:
            wrap(kicker, ks, st.head_font if k_head else st.body_font, False, False)
            groups.append(len(rows))
        if title:
            wrap(title, ts, st.head_font, bold, True)
            groups.append(len(rows))
        if subtitle:
            wrap(subtitle, ss, st.head_font if s_head else st.body_font, False, False)
            groups.append(len(rows))
        tags_end = {}
        start = 0
        names = [k for k in ("kicker", "title", "subtitle") if item.get(k)]
        for name, end in zip(names, groups, strict=True):
            for i in range(start, end):
                tags_end[i] = name
            start = end
        piece = self.new_id()
        y = y0
        prev = None
        for i, (text, size, font, b) in enumerate(rows):
            name = tags_end[i]
            if prev is not None:
                y += size * (0.25 if name == prev else 0.45)
            prev = name
            base = y + size
            tw = len(text) * size
            x = x0 + (w - tw) / 2 if centre else x0
            if not dry:
                color = (0.75, 0.05, 0.05) if (red and name == "title") else (0, 0, 0)
                self.add_text(Frag(_r(x), _r(base), text, size, font, "head", art, piece, self.new_id(),
                                   glyphs=st.glyphs and rng.random() < 0.5, bold=b, color=color))
            y = base + CJK_DESC * size
        return y - y0

    def title_size(self, k: int, lead: bool) -> float:
        rng = self.rng
        if lead:
            return float(rng.randint(28, 36))
        if k >= 4:
            return float(rng.randint(22, 30))
        if k >= 2:
            return float(rng.randint(18, 24))
        return float(rng.randint(16, 18))

    # body ------------------------------------------------------------------------------------

    def emit_column(self, art: int, lines: list[Line], x: float, top: float, size: float,
                    font: str) -> None:
        """Body lines down one column piece, first glyph box top at `top`."""
        st = self.st
        piece = self.new_id()
        sub = self.new_id()
        for r, ln in enumerate(lines):
            base = top + size + r * st.lh
            off = ln.off
            mixed = len(ln.runs) > 1 or ln.runs[0][1] != "body"
            if mixed:
                sub = self.new_id()
            for idx, (text, tag) in enumerate(ln.runs):
                f = Frag(_r(x + off * size), _r(base), text, size, font, tag, art, piece,
                         self.new_id() if mixed else sub, glyphs=st.glyphs)
                if mixed:  # keep neighbouring runs of one line apart in the rectangles
                    f.clip_right = 0.02 if idx < len(ln.runs) - 1 else 0.0
                    f.clip_left = 0.02 if idx > 0 else 0.0
                self.add_text(f)
                off += len(text)
            if mixed:
                sub = self.new_id()

    def rows_fit(self, top: float, bottom: float) -> int:
        st = self.st
        if bottom - top < st.size * (CJK_ASC + ELL_DESC + 0.1):
            return 0
        return int((bottom - top - st.size * (CJK_ASC + ELL_DESC + 0.1)) // st.lh) + 1

    def rows_height(self, rows: int) -> float:
        st = self.st
        return 0.0 if rows <= 0 else st.size * CJK_ASC + (rows - 1) * st.lh + st.size * ELL_DESC

    # blocks ----------------------------------------------------------------------------------

    def _start(self, item: dict, layout: str) -> int:
        self.placed.append(Placed(item, layout))
        return len(self.placed) - 1

    def _drop(self, art: int) -> None:
        """Undo a tentative article (only the last one, nothing drawn yet)."""
        assert art == len(self.placed) - 1 and not self.placed[art].frags
        self.placed.pop()

    def text_block(self, item: dict, x0: float, x1: float, y0: float, bottom: float, k: int,
                   kind: str, big: float) -> float | None:
        """plain / boxed: headline across the block, body in k columns top to bottom, left to
        right. Returns the block height, None if nothing fits."""
        st, rng = self.st, self.rng
        pad = _r(rng.uniform(6, 9)) if kind == "boxed" else 0.0
        ix0, ix1, iy0, ibot = x0 + pad, x1 - pad, y0 + pad, bottom - pad
        kin = k
        while kin > 1 and ((ix1 - ix0 - (kin - 1) * st.gutter) / kin) / st.size < 8:
            kin -= 1
        cw = (ix1 - ix0 - (kin - 1) * st.gutter) / kin
        n = math.floor(cw / st.size)
        if n < 6:
            return None
        paras = item["body"].split("\n")
        pre, post = item.get("_from_text"), item.get("_to_text")
        indent = st.indent
        # the headline first, measured without drawing
        hh = self.head(-1, item, ix0, ix1, iy0, big, dry=True)
        body_top = iy0 + hh + (st.size * rng.uniform(0.9, 1.6) if hh else 0)
        rows = self.rows_fit(body_top, ibot)
        if rows < 2:
            return None
        p, lines = fit_paras(paras, n, indent, pre, post, rows * kin)
        if p == 0 or len(lines) < 2:
            return None
        truncated = p < len(paras)
        per = rows if truncated else math.ceil(len(lines) / kin)
        used_cols = math.ceil(len(lines) / per)
        height = (body_top - y0) + self.rows_height(min(per, len(lines))) + pad
        art = self._start(item, kind)
        self.placed[art].paras = paras[:p]
        if kind == "boxed":
            tint = (0.95, 0.95, 0.92) if rng.random() < 0.3 else None
            self.ops.append(("rect", (x0, y0, x1, y0 + height), rng.uniform(0.5, 1.2), tint))
        self.head(art, item, ix0, ix1, iy0, big)
        for c in range(used_cols):
            x = ix0 + c * (cw + st.gutter)
            self.emit_column(art, lines[c * per:(c + 1) * per], x, body_top, st.size, st.body_font)
        return height

    def vertical_block(self, item: dict, x0: float, x1: float, y0: float, bottom: float,
                       k: int) -> float | None:
        """The title set vertically (one glyph per line) in a strip at the block's right edge,
        kicker to its right and subtitle to its left, the body in columns to the left."""
        st, rng = self.st, self.rng
        title = (item.get("title") or "").replace(" ", "").replace("\u3000", "")
        kicker = (item.get("kicker") or "").replace(" ", "").replace("\u3000", "")
        subtitle = (item.get("subtitle") or "").replace(" ", "").replace("\u3000", "")
        if not title or len(title) > 24 or len(kicker) > 30 or len(subtitle) > 40:
            return None
        ts = float(rng.randint(20, 28))
        pitch = _r(ts * 1.08)
        per_col = len(title) if len(title) <= 12 else math.ceil(len(title) / 2)
        head_h = per_col * pitch
        strips = []  # (text, size, pitch, columns)
        ks = ss = 12.0
        if kicker:
            kp = _r(ks * 1.08)
            kper = max(1, int(head_h // kp))
            strips.append(("kicker", kicker, ks, kp, [kicker[i:i + kper] for i in range(0, len(kicker), kper)]))
        strips.append(("title", title, ts, pitch, [title[i:i + per_col] for i in range(0, len(title), per_col)]))
        if subtitle:
            sp = _r(ss * 1.08)
            sper = max(1, int(head_h // sp))
            strips.append(("subtitle", subtitle, ss, sp, [subtitle[i:i + sper] for i in range(0, len(subtitle), sper)]))
        widths = []
        for _, _, size, _, cols in strips:
            widths.append(len(cols) * size + (len(cols) - 1) * size * 0.35)
        strip_w = sum(widths) + (len(strips) - 1) * 6
        hh = max(len(c) * p - (p - s) + s * (CJK_DESC) for _, _, s, p, cols in strips for c in cols)
        if y0 + hh > bottom:
            return None
        body_x1 = x1 - strip_w - st.gutter
        kin = k
        while kin > 1 and ((body_x1 - x0 - (kin - 1) * st.gutter) / kin) / st.size < 8:
            kin -= 1
        cw = (body_x1 - x0 - (kin - 1) * st.gutter) / kin
        n = math.floor(cw / st.size)
        if n < 6 or strip_w > 0.5 * (x1 - x0):
            return None
        paras = item["body"].split("\n")
        rows = self.rows_fit(y0, bottom)
        p, lines = fit_paras(paras, n, st.indent, item.get("_from_text"), item.get("_to_text"), rows * kin)
        if p == 0 or len(lines) < 2:
            return None
        truncated = p < len(paras)
        per = rows if truncated else math.ceil(len(lines) / kin)
        used_cols = math.ceil(len(lines) / per)
        height = max(hh, self.rows_height(min(per, len(lines))))
        art = self._start(item, "vertical")
        self.placed[art].paras = paras[:p]
        piece = self.new_id()
        x = x1
        bold = rng.random() < st.bold
        for (name, _text, size, p_, cols), w in zip(strips, widths, strict=True):
            x_right = x
            for ci, col in enumerate(cols):
                cx = x_right - size - ci * size * 1.35
                self.add_text(Frag(_r(cx), _r(y0 + size), col, size, st.head_font, "head", art, piece,
                                   self.new_id(), vertical=True, pitch=p_, bold=bold and name == "title"))
            x = x_right - w - 6
        if rng.random() < 0.5:
            self.ops.append(("line", body_x1 + st.gutter / 2, y0, body_x1 + st.gutter / 2, y0 + height, 0.5))
        for c in range(used_cols):
            self.emit_column(art, lines[c * per:(c + 1) * per], x0 + c * (cw + st.gutter), y0, st.size, st.body_font)
        return height

    def photo_block(self, item: dict, x0: float, x1: float, y0: float, bottom: float) -> float | None:
        """A photo (grey box or small raster), the caption under it in body-size lines across
        the block, the credit right-aligned under the caption."""
        st, rng = self.st, self.rng
        w = x1 - x0
        n = math.floor(w / st.size)
        cap = item["body"].replace("\n", "")
        cap_lines = [cap[i:i + n] for i in range(0, len(cap), n)]
        credits = [c for c in item.get("credits") or [] if c]
        if any(len(c) > n for c in credits):
            return None
        text_rows = len(cap_lines) + len(credits)
        gap = st.size * 0.8
        text_h = self.rows_height(text_rows)
        img_h = w * rng.uniform(0.5, 0.75)
        if y0 + img_h + gap + text_h > bottom:
            img_h = bottom - y0 - gap - text_h
            if img_h < w * 0.35:
                return None
        art = self._start(item, "photo")
        self.placed[art].paras = [cap]
        rect = (x0, y0, x1, y0 + img_h)
        if rng.random() < 0.5:
            self.ops.append(("rect", rect, 0.5, (rng.uniform(0.55, 0.85),) * 3))
        else:
            self.ops.append(("image", rect))
        top = y0 + img_h + gap
        font = st.body_font if rng.random() < 0.5 else st.head_font
        piece = self.new_id()
        sub = self.new_id()
        for r, ln in enumerate(cap_lines):
            self.add_text(Frag(_r(x0), _r(top + st.size + r * st.lh), ln, st.size, font, "body", art, piece, sub,
                               glyphs=st.glyphs))
        piece = self.new_id()
        for r, c in enumerate(credits, start=len(cap_lines)):
            self.add_text(Frag(_r(x0 + (n - len(c)) * st.size), _r(top + st.size + r * st.lh), c, st.size, font,
                               "credit", art, piece, self.new_id(), glyphs=st.glyphs))
        return img_h + gap + text_h

    def lshape_block(self, host: dict, inset: dict, c: int, k: int, j: int, y0: float, bottom: float,
                     big: float, inset_kind: str) -> tuple[float, int] | None:
        """The host's headline across k columns, its body across all k columns and then down the
        left k-j columns around the inset article in the bottom-right j columns. Returns
        (height, number of articles placed: 2, or 0)."""
        st, rng = self.st, self.rng
        x0, x1 = st.x_of(c), st.x_end(c + k - 1)
        hh = self.head(-1, host, x0, x1, y0, big, dry=True)
        body_top = y0 + hh + (st.size * rng.uniform(0.9, 1.6) if hh else 0)
        rows_all = self.rows_fit(body_top, bottom)
        paras = host["body"].split("\n")
        pre, post = host.get("_from_text"), host.get("_to_text")
        lines_all = body_lines(paras, st.n, st.indent, pre, post)
        n_lines = len(lines_all)
        if rows_all < 8 or n_lines < 3 * k:
            return None
        G = st.lh  # gap between the top part and the inset
        # rows above the inset: start from the natural balance and iterate with the inset's height
        n1 = max(3, min(rows_all - 6, math.ceil(n_lines / k * 0.6)))
        ix0, ix1 = st.x_of(c + k - j), x1
        for _ in range(5):
            yB = body_top + self.rows_height(n1) + G
            hB = self._measure(inset, ix0, ix1, yB, bottom, j, inset_kind)
            if hB is None:
                if n1 <= 3:
                    return None
                n1 = max(3, n1 // 2)
                continue
            n2 = self.rows_fit(body_top, yB + hB) - n1
            new_n1 = min(rows_all - 6, max(3, math.ceil((n_lines - (k - j) * n2) / k)))
            if new_n1 == n1:
                break
            n1 = new_n1
        yB = body_top + self.rows_height(n1) + G
        state = rng.getstate()
        hB = self._measure(inset, ix0, ix1, yB, bottom, j, inset_kind)
        if hB is None:
            return None
        n2 = max(0, self.rows_fit(body_top, yB + hB) - n1)
        caps = [n1 + n2] * (k - j) + [n1] * j
        p, lines = fit_paras(paras, st.n, st.indent, pre, post, sum(caps))
        if p == 0 or len(lines) <= (k - j) * n1:  # no L: the body does not reach the right columns
            return None
        art = self._start(host, "lshape")
        self.placed[art].paras = paras[:p]
        self.head(art, host, x0, x1, y0, big)
        i = 0
        bottoms = []
        for col, cap in enumerate(caps):
            chunk = lines[i:i + cap]
            i += cap
            if not chunk:
                break
            self.emit_column(art, chunk, st.x_of(c + col), body_top, st.size, st.body_font)
            bottoms.append(body_top + self.rows_height(len(chunk)))
        if st.hrules:
            self.ops.append(("line", ix0, yB - G / 2, ix1, yB - G / 2, 0.5))
        rng.setstate(state)
        h2 = self._place(inset, ix0, ix1, yB, bottom, j, inset_kind)
        assert h2 is not None and abs(h2 - hB) < 1e-6
        return max(max(bottoms), yB + hB) - y0, 2

    def _measure(self, item: dict, x0: float, x1: float, y0: float, bottom: float, k: int,
                 kind: str) -> float | None:
        """The height a block would take, without keeping it."""
        ops, placed, ident, state = len(self.ops), len(self.placed), self._id, self.rng.getstate()
        h = self._place(item, x0, x1, y0, bottom, k, kind)
        del self.ops[ops:]
        del self.placed[placed:]
        self._id = ident
        self.rng.setstate(state)
        return h

    def _place(self, item: dict, x0: float, x1: float, y0: float, bottom: float, k: int,
               kind: str) -> float | None:
        if kind == "photo":
            return self.photo_block(item, x0, x1, y0, bottom)
        return self.text_block(item, x0, x1, y0, bottom, k, kind, self.title_size(k, False))


# ----------------------------------------------------------------------------------------------
# page furniture


def _date_line(date: str) -> tuple[str, str]:
    d = datetime.date.fromisoformat(date)
    return f"{d.year}年{d.month}月{d.day}日", "星期" + _WEEKDAYS[d.weekday()]


def furniture(b: Builder, paper: str, date: str, page_no: int, page_name: str | None,
              page_count: int) -> tuple[float, float, dict]:
    """Masthead (page 1) or running head, and the editor lines; returns the content area's top
    and bottom and the edition facts printed."""
    st, rng = b.st, b.rng
    W, H, m = st.W, st.H, st.margin
    edition: dict = {}
    day, weekday = _date_line(date)

    def put(x: float, y: float, text: str, size: float, font: str = "china-s", bold: bool = False,
            color: tuple = (0, 0, 0), vertical: bool = False) -> None:
        b.add_text(Frag(_r(x), _r(y), text, size, font, "furniture", bold=bold, color=color,
                        vertical=vertical, pitch=_r(size * 1.15)))

    if page_no == 1:
        mh = _r(H * rng.uniform(0.10, 0.13))
        size = float(rng.randint(56, 80))
        red = (0.8, 0.05, 0.05) if rng.random() < 0.7 else (0, 0, 0)
        left = rng.random() < 0.5
        nw = len(paper) * size
        px = m if left else (W - nw) / 2
        py = m + (mh - size) / 2 + size * 0.9
        put(px, py, paper, size, "china-s", True, red)
        edition["weekday"] = weekday
        issue = 20000 + (datetime.date.fromisoformat(date) - datetime.date(1990, 1, 1)).days // 1
        cn = "CN11-0065" if paper == "人民日报" else f"CN{rng.randint(11, 65)}-{rng.randint(1, 999):04d}"
        extra = []
        if rng.random() < 0.8:
            extra.append(f"第{issue}期")
            edition["issue_no"] = issue
        if rng.random() < 0.8:
            extra.append(cn)
            edition["cn"] = cn
        if rng.random() < 0.6:
            extra.append(f"今日{page_count}版")
            edition["page_count"] = page_count
        if rng.random() < 0.4:
            extra.append(f"{paper}社出版")
            edition["publisher"] = f"{paper}社"
        isz = rng.choice([9.0, 9.5, 10.0])
        lines = [f"{day}　{weekday}", *extra]
        ix = W - m - max(len(t) for t in lines) * isz if left else m
        iy = m + isz
        for t in lines:
            put(ix, iy, t, isz, "china-ss")
            iy += isz * 1.5
        top = m + max(mh, iy - m) + 4
        b.ops.append(("line", m, top, W - m, top, 2.0))
        b.ops.append(("line", m, top + 3, W - m, top + 3, 0.5))
        top += 10
    else:
        hs = rng.choice([9.0, 9.5, 10.0])
        form = rng.randrange(3)
        y = m + 14
        if form == 0:
            put(m, y, f"{day}　{weekday}", hs, "china-ss")
            if page_name:
                put((W - len(page_name) * 16) / 2, y + 2, page_name, 16.0, "china-s", True)
            t = f"{paper}　第{page_no}版"
            put(W - m - len(t) * hs, y, t, hs, "china-ss")
        elif form == 1:
            t = f"第{page_no}版：{page_name}" if page_name else f"第{page_no}版"
            put(m, y, t, hs + 1, "china-s")
            t = f"{paper}　{day}　{weekday}"
            put(W - m - len(t) * hs, y, t, hs, "china-ss")
        else:
            put(m, y + 2, f"{page_no:02d}", 18.0, "china-s", True)
            if page_name:
                put(m + 48, y, page_name, hs + 2, "china-s")
            t = f"{day}　{weekday}　{paper}"
            put(W - m - len(t) * hs, y, t, hs, "china-ss")
        top = y + 8
        b.ops.append(("line", m, top, W - m, top, rng.choice([0.6, 1.0, 1.5])))
        top += 10
    # editor lines
    t1, t2 = rng.choice(_EDITOR_TITLES)
    text = f"{t1}：{corpus.name(rng)}　{t2}：{corpus.name(rng)}"
    es = rng.choice([7.5, 8.0, 8.5])
    bottom = H - m
    if rng.random() < 0.5 or m < es + 8:
        put(W - m - len(text) * es, bottom, text, es, "china-ss")
        bottom -= es + 8
    else:  # one glyph per line in the left margin
        put((m - es) / 2, top + es, text.replace("　", ""), es, "china-ss", vertical=True)
    return top, bottom, edition


# ----------------------------------------------------------------------------------------------
# the page


def _layout_kind(b: Builder, item: dict, nxt: dict | None, run: int, want: str | None,
                 forced: bool) -> str:
    if item.get("kind") == "photo":
        return "photo"
    rng = b.rng
    title = item.get("title") or ""
    ok = {"plain": 2.5, "boxed": 1.5}
    if title and len(title.replace(" ", "")) <= 24 and len(item.get("subtitle") or "") <= 40 \
            and len(item.get("kicker") or "") <= 30 and run >= 2:
        ok["vertical"] = 1.5
    if nxt is not None and run >= 3 and len(item["body"]) > 600 and not nxt.get("_to_text"):
        ok["lshape"] = 2.5
    if want in ok:
        if forced:
            return want
        ok[want] *= 2
    kinds = list(ok)
    return rng.choices(kinds, [ok[k] for k in kinds])[0]


def render_page(arts: list[dict], *, paper: str, date: str, page_no: int, rng: random.Random,
                layout: str | None = None, page_count: int | None = None) -> tuple[bytes, dict]:
    """One single-page PDF and its gold (`baokan.page/1` with regions); `layout` favours one
    layout kind (the first article that can take it gets it)."""
    pdf, gold, _ = _render(arts, paper=paper, date=date, page_no=page_no, rng=rng, layout=layout,
                           page_count=page_count)
    return pdf, gold


def _render(arts: list[dict], *, paper: str, date: str, page_no: int, rng: random.Random,
            layout: str | None = None, page_count: int | None = None) -> tuple[bytes, dict, list[int]]:
    st = make_style(rng)
    b = Builder(st, rng)
    page_name = None if page_no == 1 else rng.choice(PAGE_NAMES)
    top, bottom, edition = furniture(b, paper, date, page_no, page_name, page_count or rng.choice((8, 12, 16, 20, 24)))
    sky = [top] * st.ncols
    content_h = bottom - top
    vgap = _r(max(st.lh * 1.2, 12.0))
    printed: dict[int, int] = {}
    blocks: list[tuple[int, int, float, float]] = []  # c, k, y0, y1
    want_done = False
    i = 0
    while i < len(arts):
        item = arts[i]
        nxt = arts[i + 1] if i + 1 < len(arts) else None
        if min(sky) >= bottom - 4 * st.lh:
            break
        y_min = min(sky)
        c0 = sky.index(y_min)
        run = 0
        while c0 + run < st.ncols and sky[c0 + run] <= y_min + 2 * st.lh:
            run += 1
        y0 = max(sky[c0:c0 + run])
        avail = bottom - y0
        if avail < 6 * st.lh + 30:
            for c in range(c0, c0 + run):
                sky[c] = bottom
            continue
        kind = _layout_kind(b, item, nxt, run, layout, forced=not want_done)
        lead = page_no == 1 and not blocks
        body_len = len(item["body"]) + 40 * item["body"].count("\n")
        lines1 = body_len / st.n
        rows_target = rng.uniform(0.22, 0.55) * content_h / st.lh
        k = max(1, min(run, math.ceil(lines1 / rows_target)))
        if lead:
            k = max(k, min(run, st.ncols - rng.randint(0, 2)))
        if kind == "photo":
            k = min(run, rng.choice((1, 2, 2, 3)))
        elif kind == "vertical":
            k = min(run, max(k, 2))
        elif kind == "lshape":
            k = min(run, max(k, 3, math.ceil(lines1 / (0.7 * avail / st.lh))))
        elif kind == "boxed":
            k = min(k, 4)
        x0, x1 = st.x_of(c0), st.x_end(c0 + k - 1)
        n_before = len(b.placed)
        # no single block takes the whole height while items wait: more, shorter stories
        rest = len(arts) - i - (2 if kind == "lshape" else 1)
        limit = bottom if rest <= 0 or lead else min(bottom, y0 + content_h * rng.uniform(0.4, 0.7))
        if limit - y0 < 8 * st.lh + 40:
            limit = bottom
        h = None
        used = 1
        if kind == "lshape":
            j = rng.randint(1, k - 2)
            ik = "photo" if nxt.get("kind") == "photo" else rng.choice(("plain", "plain", "boxed"))
            res = b.lshape_block(item, nxt, c0, k, j, y0, limit, b.title_size(k, lead), ik)
            if res is not None:
                h, used = res
        elif kind == "vertical":
            h = b.vertical_block(item, x0, x1, y0, limit, k)
        elif kind == "photo":
            h = b.photo_block(item, x0, x1, y0, limit)
        else:
            h = b.text_block(item, x0, x1, y0, limit, k, kind, b.title_size(k, lead))
        if h is None and kind not in ("plain", "photo"):
            kind = "plain"
            h = b.text_block(item, x0, x1, y0, limit, k, kind, b.title_size(k, lead))
        if h is None:
            if avail > content_h * 0.5:  # the item itself cannot be set here: leave it out
                i += 1
            else:  # too little room in these columns: close them
                for c in range(c0, c0 + run):
                    sky[c] = bottom
            continue
        if layout and kind == layout:
            want_done = True
        for a in range(n_before, len(b.placed)):
            printed[i + (a - n_before)] = len(b.placed[a].paras)
        i += used
        blocks.append((c0, k, y0, y0 + h))
        if st.hrules and y0 > top + 1:
            b.ops.append(("line", x0, y0 - vgap / 2, x1, y0 - vgap / 2, 0.5))
        for c in range(c0, c0 + k):
            sky[c] = y0 + h + vgap
    if st.vrules:
        for c0, k, y0, y1 in blocks:
            if c0 + k < st.ncols:
                x = st.x_end(c0 + k - 1) + st.gutter / 2
                b.ops.append(("line", x, y0, x, y1, 0.4))
    doc = pymupdf.open()
    page = doc.new_page(width=st.W, height=st.H)
    cv = Canvas(page)
    for op in b.ops:
        if op[0] == "text":
            cv.text(op[1])
        elif op[0] == "line":
            cv.line(*op[1:5], width=op[5])
        elif op[0] == "rect":
            cv.rect(op[1], width=op[2], fill=op[3])
        elif op[0] == "image":
            cv.image(op[1], rng)
    cv.close()
    pdf = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    gold = {"schema": "baokan.page/1", "source": None, "paper": paper, "date": date, "page": page_no,
            "page_name": page_name, "edition": edition, "articles": [_gold_article(p) for p in b.placed],
            "furniture": [{"text": op[1].text, "rect": [_r(v) for v in op[1].bbox()]} for op in b.ops
                          if op[0] == "text" and op[1].tag == "furniture"]}
    return pdf, gold, [printed.get(i, 0) for i in range(len(arts))]


def _union(frags: list[Frag], key) -> list[list[float]]:
    groups: dict = {}
    for f in frags:
        groups.setdefault(key(f), []).append(f.bbox())
    out = []
    for boxes in groups.values():
        out.append([math.floor(min(b[0] for b in boxes) * 100) / 100, math.floor(min(b[1] for b in boxes) * 100) / 100,
                    math.ceil(max(b[2] for b in boxes) * 100) / 100, math.ceil(max(b[3] for b in boxes) * 100) / 100])
    return out


def _gold_article(p: Placed) -> dict:
    item = p.item
    body = "\n".join(p.paras)
    art = {"kind": item.get("kind", "article"), "kicker": item.get("kicker"), "title": item.get("title"),
           "subtitle": item.get("subtitle"), "dateline": item.get("dateline"), "agency": item.get("agency"),
           "authors": list(item.get("authors") or []), "credits": list(item.get("credits") or []), "body": body,
           "continued_to": item.get("_to"), "continued_from": item.get("_from"), "layout": p.layout,
           "regions": _union(p.frags, lambda f: f.piece),
           "body_regions": _union([f for f in p.frags if f.tag == "body"], lambda f: (f.piece, f.sub))}
    jump = {}
    if item.get("_from_text"):
        jump["from"] = item["_from_text"]
    if item.get("_to_text"):
        jump["to"] = item["_to_text"]
    if jump:
        art["jump_text"] = jump
    return art


# ----------------------------------------------------------------------------------------------
# pages and issues from the corpus


def _to_marker(rng: random.Random, target: int) -> str:
    return rng.choice((f"（下转第{cn_num(target)}版）", f"(下转第{target}版)", f"下转第{cn_num(target)}版",
                       f"（转第{cn_num(target)}版）"))


def _from_marker(rng: random.Random, source: int) -> str:
    return rng.choice((f"（上接第{cn_num(source)}版）",) * 3 + (f"(上接第{source}版)",))


def _paper(rows: list[dict], rng: random.Random) -> str:
    return corpus.key_paper(rows) if rng.random() < 0.75 else rng.choice(OTHER_PAPERS)


def render_pages(pages: dict, keys: list, seed: int) -> Iterator[tuple[str, bytes, dict]]:
    """(name, pdf bytes, gold) for each page key; deterministic for a seed. Layout kinds take
    turns as each page's favourite; some pages carry a jump marker (continued_to / _from);
    articles of the next page of the same date are offered after the page's own to fill it."""
    for i, key in enumerate(keys):
        same_date = {k: v for k, v in pages.items() if k[0] == key[0]}  # photos from the same split
        want = LAYOUTS[i % len(LAYOUTS)]
        rng = random.Random(f"baokan-pdf:{seed}:{key[0]}:{key[1]}:{want}")
        arts = corpus.items(pages[key], rng)
        if not arts:
            continue
        n_photos = rng.choice((0, 1, 1, 2)) + (1 if want == "photo" else 0)
        for _ in range(n_photos):
            photo = corpus._photo_item(same_date, rng)
            if photo is not None:
                arts.insert(rng.randrange(1, len(arts) + 1), photo)
        first = arts[0]
        n_paras = first["body"].count("\n") + 1
        if first["kind"] == "article" and n_paras >= 4 and rng.random() < 0.25:
            if key[1] == 1 or rng.random() < 0.5:  # continued on a later page: only its first part here
                target = key[1] + rng.randint(1, 6)
                paras = first["body"].split("\n")
                first["body"] = "\n".join(paras[:max(1, round(n_paras * rng.uniform(0.3, 0.6)))])
                first["_to"], first["_to_text"] = target, _to_marker(rng, target)
            elif key[1] > 1:  # the rest of a story begun on an earlier page
                source = rng.randint(1, key[1] - 1)
                paras = first["body"].split("\n")
                first.update(kicker=None, subtitle=None, body="\n".join(paras[n_paras // 2:]))
                first["_from"], first["_from_text"] = source, _from_marker(rng, source)
        nxt = (key[0], key[1] + 1) if (key[0], key[1] + 1) in pages else (key[0], 1)
        if nxt != key:  # the same date, so the same split
            arts.extend(a for a in corpus.items(pages[nxt], rng) if a["kind"] == "article")
        name = f"pdf_{key[0]}_{key[1]:02d}_{want}"
        pdf, gold = render_page(arts, paper=_paper(pages[key], rng), date=key[0], page_no=key[1], rng=rng,
                                layout=want)
        gold["source"] = name + ".pdf"
        yield name, pdf, gold


def render_issue(pages: dict, date: str, seed: int) -> list[tuple[str, bytes, dict]]:
    """All pages of one date as an issue: a long article of page 1 (sometimes of a later page)
    is cut after some paragraphs, its first part ends with a jump marker and it goes on, after
    a 上接 marker and its title again, on a later page."""
    keys = sorted(k for k in pages if k[0] == date)
    rng = random.Random(f"baokan-pdf-issue:{seed}:{date}")
    nums = [p for _, p in keys]
    paper = _paper(pages[keys[0]], rng)
    def long_story(p: int) -> bool:
        return any(len(r.get("paragraphs") or []) >= 4 for r in pages[(date, p)])

    srcs = [p for p in nums if any(q > p for q in nums) and long_story(p)]
    source = 1 if 1 in srcs and rng.random() < 0.7 else (rng.choice(srcs) if srcs else None)
    pending: dict[int, dict] = {}
    out = []
    for key in keys:
        page_no = key[1]
        prng = random.Random(f"baokan-pdf-issue:{seed}:{date}:{page_no}")
        arts = corpus.items(pages[key], prng)
        jump = None
        if page_no == source:
            stories = [a for a in arts if a["kind"] == "article" and a["body"].count("\n") >= 1]
            cands = [a for a in stories[:3] if a["body"].count("\n") >= 3] or stories
            if cands:
                jump = max(cands, key=lambda a: len(a["body"]))
                arts.remove(jump)
                arts.insert(0, jump)
                target = prng.choice([p for p in nums if p > page_no])
                paras = jump["body"].split("\n")
                cut = max(1, min(len(paras) - 1, round(len(paras) * prng.uniform(0.3, 0.6))))
                jump["_rest"] = paras[cut:]
                jump["body"] = "\n".join(paras[:cut])
                jump["_to"], jump["_to_text"] = target, _to_marker(prng, target)
        if page_no in pending:
            arts.insert(0 if prng.random() < 0.6 else min(1, len(arts)), pending.pop(page_no))
        want = LAYOUTS[page_no % len(LAYOUTS)]
        pdf, gold, printed = _render(arts, paper=paper, date=date, page_no=page_no, rng=prng, layout=want,
                                     page_count=len(keys))
        if jump is not None:
            n = printed[next(i for i, a in enumerate(arts) if a is jump)]
            if n:
                rest = jump["body"].split("\n")[n:] + jump["_rest"]
                pending[jump["_to"]] = {"kind": "article", "kicker": None, "title": jump["title"], "subtitle": None,
                                        "dateline": None, "agency": None, "authors": [], "credits": [],
                                        "body": "\n".join(rest), "_from": page_no,
                                        "_from_text": _from_marker(prng, page_no)}
        name = f"pdf_issue_{date}_{page_no:02d}"
        gold["source"] = name + ".pdf"
        out.append((name, pdf, gold))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--split", choices=("test", "train"), default="test")
    ap.add_argument("--pages", type=int, default=None, help="at most this many pages")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--issues", type=int, default=0, help="also render this many whole issues (dates of the split)")
    args = ap.parse_args(argv)
    pages = corpus.load()
    train, test = corpus.split(pages)
    keys = test if args.split == "test" else train
    if args.pages is not None:
        keys = keys[:args.pages]
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    renders: list[Iterator[tuple[str, bytes, dict]]] = [render_pages(pages, keys, args.seed)]
    split_keys = test if args.split == "test" else train
    for date in sorted({d for d, _ in split_keys})[:args.issues]:
        renders.append(iter(render_issue(pages, date, args.seed)))
    for it in renders:
        for name, pdf, gold in it:
            (args.out / f"{name}.pdf").write_bytes(pdf)
            (args.out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
            n += 1
    print(f"{n} pages → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
