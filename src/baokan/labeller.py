"""The trained sequence labeller: a linear-chain CRF (python-crfsuite) gives each unit of a
page its role (`structure.ROLES`).

`features` turns the page's units into one feature dict each: what the rules used to test
(lead-ins, bylines, jump markers, column tags, closing lines, line width against the column,
punctuation, the title echoed in the text after or before it) plus the same facts about the
neighbours. The model file `data/labeller.crfsuite` ships in the package; `eval/train/train.py`
retrains it from the corpus.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pycrfsuite

from . import textsim
from .bylines import read_byline, read_lead_in, read_trailing_lead_in
from .restore import TERMINAL
from .rx import rx
from .segment import Unit, _continues, rule_roles
from .structure import ROLES

MODEL = "labeller.crfsuite"
SIM_CHARS = 200  # characters on each side compared for topical continuity (bounds the cost)

_COLUMN_TAG = r"[（(][^（）()]{2,14}[）)]$"
_CLOSING = r"^[（(](?:作者|本报记者|记者|本报|新华社|摘编|来源|注|本文|执笔|编者)|(?:整理|综合|电)[）)]$"
_FURNITURE = r"责任编辑|版式设计|本版编辑|美术编辑|本版制图|图片编辑|制图[:：]"
_SUBHEAD_NUM = r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[，、：])"
_DATE_LINE = r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$"
_PHOTO_GROUP = r"图片报道|新闻图片|图为|组图|新华社发|供图|摄$"
_QUOTE = r"^“.*”$"


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


_LEN_EDGES = (2, 4, 6, 8, 10, 12, 15, 18, 22, 26, 30, 40, 60, 100, 200)


def _char_class(ch: str) -> str:
    if ch in "。！？":
        return "stop"
    if ch in "，、；：,;:":
        return "pause"
    if ch in "”’」』":
        return "closeq"
    if ch in "）)】〕":
        return "closep"
    if ch in "“‘「『":
        return "openq"
    if ch in "（(【〔":
        return "openp"
    if ch in "—－-":
        return "dash"
    if ch in "…":
        return "ellipsis"
    if ch.isdigit():
        return "digit"
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    if ch.isascii() and ch.isalpha():
        return "latin"
    return "other"


def _own(u: Unit, own_paper: str | None) -> dict[str, float | str]:
    """Features of one unit on its own."""
    t = u.text
    p = u.para
    n = len(t)
    f: dict[str, float | str] = {
        "bias": 1.0,
        "kind": u.kind,
        "len": _bucket(n, _LEN_EDGES),
        "first": _char_class(t[0]) if t else "none",
        "last": _char_class(t[-1]) if t else "none",
        "c0": t[:1],
        "c01": t[:2],
        "cz": t[-1:],
        "gap": _bucket(p.gap_before, (0, 1, 2)),
        "lines": _bucket(p.lines, (1, 2, 3, 5)),
    }
    flags = {
        "md": p.md_heading, "bullet": p.bullet, "indented": p.indented, "fib": p.first_in_block,
        "full": p.last_full, "wrapped": p.wrapped, "spaced": p.spaced,
        "to": u.to is not None, "from": u.frm is not None, "closes": u.closes,
        "term": bool(t) and t[-1] in TERMINAL,
        "coltag": bool(rx(_COLUMN_TAG).search(t)) and n <= 60,
        "closing": bool(rx(_CLOSING).search(t)) and n <= 80,
        "furniture": bool(rx(_FURNITURE).search(t)) and n <= 60,
        "subnum": bool(rx(_SUBHEAD_NUM).match(t)),
        "dateline": bool(rx(_DATE_LINE).match(t)),
        "photo": bool(rx(_PHOTO_GROUP).search(t)),
        "quote": bool(rx(_QUOTE).match(t)),
        "dash0": t.startswith(("——", "—", "--")),
        "dashz": t.endswith(("——", "—")),
        "colon": "：" in t[:20],
        "space": " " in t.strip(),
        "lead": read_lead_in(t, own_paper) is not None if n > 6 else False,
        "byline": read_byline(t) is not None if n <= 40 else False,
        "trail": read_trailing_lead_in(t, own_paper) is not None if n > 6 else False,
        "stop_in": bool(rx(r"[。！？]").search(t[:-1])),
        "comma": "，" in t,
    }
    for k, v in flags.items():
        if v:
            f[k] = 1.0
    if p.wrapped and p.lines == 1 and not p.last_full:
        f["short1"] = 1.0
    return f


def _sim_bucket(s: float) -> str:
    return "0" if s < 0.03 else "1" if s < 0.08 else "2" if s < 0.15 else "3" if s < 0.25 else "4"


def _echo(a: str, b: str) -> str:
    """How much of a short text `a` is echoed in `b`, bucketed."""
    if not a or not b or len(a) > 80:
        return "na"
    s = textsim.containment(a, b[:400])
    return "0" if s < 0.1 else "1" if s < 0.3 else "2" if s < 0.5 else "3"


def _orientation(units: Sequence[Unit], own: list[dict[str, float | str]]) -> str:
    """Does the page print titles before their articles, after them, or can one not tell?

    Heading-like units vote by whether they echo the text after them or before them; a page
    that opens with a lead-in or ends on a heading leans to "after"."""
    before = after = 0
    for i, u in enumerate(units):
        if u.kind != "head" or len(u.text) > 40:
            continue
        nxt = "".join(x.text for x in units[i + 1:i + 4])[:400]
        prv = "".join(x.text for x in units[max(i - 3, 0):i])[-400:]
        s_next = textsim.containment(u.text, nxt) if nxt else 0.0
        s_prev = textsim.containment(u.text, prv) if prv else 0.0
        if s_prev > s_next + 0.2:
            after += 1
        elif s_next > s_prev + 0.2:
            before += 1
    if own and "lead" in own[0]:
        after += 1
    if units and units[-1].kind == "head":
        after += 1
    if after > before:
        return "after"
    return "before" if before > after else "even"


def features(units: Sequence[Unit], own_paper: str | None = None) -> list[dict[str, float | str]]:
    """One feature dict per unit: its own facts, its neighbours', and how it echoes them."""
    own = [_own(u, own_paper) for u in units]
    n = len(units)
    orient = _orientation(units, own)
    idf = textsim.idf_table(u.text for u in units)
    texts = [u.text for u in units]
    rules = rule_roles(list(units))
    out: list[dict[str, float | str]] = []
    keys = ("kind", "len", "last", "first", "gap", "lead", "byline", "term", "coltag", "closing", "to", "from",
            "fib", "full", "md", "trail", "furniture", "photo")
    for i, u in enumerate(units):
        f = dict(own[i])
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                g = own[j]
                for k in keys:
                    if k in g:
                        f[f"{off}:{k}"] = g[k]
            else:
                f[f"{off}:edge"] = 1.0
        if i and _continues(units[i - 1], u):
            f["rule_join"] = 1.0
        if i and units[i - 1].text and units[i - 1].text[-1] not in TERMINAL:
            f["prev_open"] = 1.0
        if i == 0:
            f["page_start"] = 1.0
        if i == n - 1:
            f["page_end"] = 1.0
        nxt = "".join(x.text for x in units[i + 1:i + 4])
        prv = "".join(x.text for x in units[max(i - 3, 0):i])
        f["echo_next"] = en = _echo(u.text, nxt)
        f["echo_prev"] = ep = _echo(u.text, prv)
        before = "".join(texts[max(i - 2, 0):i])[-SIM_CHARS:]
        if len(u.text) <= 60:
            after = "".join(texts[i + 1:i + 3])[:SIM_CHARS]
            f["cont_around"] = _sim_bucket(textsim.cosine(before, after, idf)) if before and after else "na"
        f["cont_prev"] = _sim_bucket(textsim.cosine(u.text[:SIM_CHARS], before, idf)) if before else "na"
        f["rule"] = rules[i]
        f["rule|-1"] = f"{rules[i]}|{rules[i - 1] if i else 'edge'}"
        f["orient"] = orient
        f["orient|kind"] = f"{orient}|{u.kind}"
        f["orient|echo"] = f"{orient}|{en}|{ep}"
        f["kind|last|-1last"] = f"{u.kind}|{f['last']}|{f.get('-1:last', 'edge')}"
        f["kind|len"] = f"{u.kind}|{f['len']}"
        out.append(f)
    return out


@functools.lru_cache(maxsize=4)
def _tagger(path: str | None = None) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    if path is None:
        with resources.as_file(resources.files("baokan") / "data" / MODEL) as p:
            tagger.open(str(p))
    else:
        tagger.open(path)
    return tagger


def label(units: Sequence[Unit], own_paper: str | None = None, model: str | Path | None = None) -> list[str]:
    """The role of each unit, as the shipped (or given) model decides."""
    if not units:
        return []
    tagger = _tagger(str(model) if model else None)
    roles = tagger.tag(to_crfsuite(features(units, own_paper)))
    return [r if r in ROLES else "I" for r in roles]


def to_crfsuite(feats: list[dict[str, float | str]]) -> list[dict[str, float]]:
    """crfsuite's item form: string values become indicator features."""
    out = []
    for f in feats:
        item: dict[str, float] = {}
        for k, v in f.items():
            if isinstance(v, str):
                item[f"{k}={v}"] = 1.0
            else:
                item[k] = float(v)
        out.append(item)
    return out
