"""Paragraphs to items: articles, photos, teasers and notices, each with its headline.

The stage runs in steps, each a small function:

1. `classify`: what each paragraph is (heading line, body, lead-in, byline, bullet,
   photo caption or credit, teaser pointer, box label), jump markers taken off;
2. `join_breaks`: paragraphs cut by a column break or image gap are joined again;
3. `group`: photos and teasers are built; the rest becomes heading groups and body segments,
   a segment ending at a 下转 marker and starting at a lead-in, a 上接 marker or a heading;
4. `attach_headings`: each heading group becomes the title of the segment after it (the
   usual layout) or before it (titles printed after their article), or stays in the body
   as a subhead; similarity of heading and lead, and of neighbouring text, decides;
5. `place_orphans`: a segment with neither heading nor lead-in that reads as a piece of
   another article (printed out of reading order) joins that article;
6. `build_article`: dateline, agency, authors, kicker/title/subtitle, kind.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field, replace

import regex

from . import textsim
from .bylines import (
    agency_of,
    credit_outlet,
    names_in,
    read_byline,
    read_lead_in,
    read_trailing_lead_in,
    split_credit,
)
from .headline import assign_roles, split_summary
from .jumps import Jump, find_pointer, strip_jumps
from .model import Article
from .restore import LABEL, TERMINAL, Para
from .rx import rx
from .settings import DEFAULT, Settings

# paragraph kinds
HEAD, BODY, LEAD, BYLINE, BULLET, CAPTION, CREDIT, POINTER, LABEL_KIND = (
    "head", "body", "lead", "byline", "bullet", "caption", "credit", "pointer", "label",
)

_TEASER_LABEL = regex.compile(r"导\s*读|提要")
_NOTICE_TITLE = regex.compile(
    r"公告|通告|通知|启事|声明|公示|告知书|倡议书|征集|招聘|招标|采购|广告|民意调查|问卷调查|遗失|讣告|拍卖|须知|温馨提示"
)
_NOTICE_BODY = regex.compile(r"特此(?:公告|通知|声明|公示)|扫描.{0,8}二维码|咨询电话|联系电话|报名电话")
_DASH_LINE = regex.compile(r"^\s*(?:——|—)")  # a ——subtitle closes its heading group
_SENTENCE_PUNCT = regex.compile(r"[。！？；]")


@dataclass(slots=True, eq=False)  # compared by identity
class Unit:
    kind: str
    text: str
    para: Para
    to: Jump | None = None
    frm: Jump | None = None
    target: str | None = None  # a pointer's page(s)
    closes: bool = False  # ends with a dateline in brackets: （新华社北京11月30日电）


@dataclass(slots=True, eq=False)  # compared by identity
class HGroup:
    lines: list[str]
    md: bool = False
    byline: str | None = None
    teaser: bool = False  # announced by a 导读 label
    points: list[str] = field(default_factory=list)  # summary points printed as heading lines
    units: list[Unit] = field(default_factory=list)  # the units it was read from


@dataclass(slots=True, eq=False)  # compared by identity
class Segment:
    units: list[Unit]
    start: str | None = None  # "lead" | "from" | None
    heading: HGroup | None = None
    heading_after: bool = False
    closed: bool = False  # a trailing dateline ended it
    to: Jump | None = None
    frm: Jump | None = None
    prefix_units: list[Unit] = field(default_factory=list)  # text placed before the lead

    @property
    def text(self) -> str:
        return "\n".join(u.text for u in self.prefix_units + self.units)

    @property
    def lead(self) -> str:
        return "".join(u.text for u in self.units if u.kind != BYLINE)[:240]


@dataclass(slots=True, eq=False)  # compared by identity
class Done:
    """An item already complete (photo, teaser)."""

    article: Article


Element = HGroup | Segment | Done


# ---------------------------------------------------------------- 1. classify


def _heading_like(p: Para, text: str, settings: Settings) -> bool:
    if p.md_heading:
        return True
    if not text or p.bullet or len(text) > settings.heading_max_chars:
        return False
    if text[-1] in TERMINAL or text[-1] in "，、；：,;:":
        return False
    if _SENTENCE_PUNCT.search(text[:-1]) and len(text) > 24:
        return False
    if (len(text) > 36 and rx(r"[，,]").search(text)) or len(rx(r"[，,]").findall(text)) >= 2:
        return False
    if not rx(r"\p{Han}").search(text):
        return False
    if p.wrapped and p.last_full and not p.spaced:
        return False  # a column line cut short by a column break, not a heading
    return p.lines <= 4


def classify(paras: tuple[Para, ...], own_paper: str | None, settings: Settings = DEFAULT) -> list[Unit]:
    """What each paragraph is; jump markers are taken off and kept on the unit."""
    units: list[Unit] = []
    pending_from: Jump | None = None
    for p in paras:
        text, to, frm = strip_jumps(p.text)
        if not text:
            # a marker on a line of its own belongs to its neighbour
            if to and units:
                units[-1].to = units[-1].to or to
            if frm:
                pending_from = frm
            continue
        if pending_from and not frm:
            frm, pending_from = pending_from, None
        if LABEL.match(text):
            units.append(Unit(LABEL_KIND, text.strip(" »>▶►◆■●:："), p, to, frm))
            continue
        if len(text) <= 60:
            ptr = find_pointer(text)
            if ptr is not None:
                before, target, after = ptr
                if before and not after:
                    units.append(Unit(HEAD, before, p))
                    units.append(Unit(POINTER, "", p, target=target))
                    continue
                if not before:
                    units.append(Unit(POINTER, "", p, target=target))
                    if after:
                        units.append(Unit(HEAD, after, p, to, frm))
                    continue
        credit = split_credit(text) if len(text) <= 300 else None
        if credit is not None:
            before, credit_text = credit
            if before:
                units.append(Unit(CAPTION, before, p))
            elif units and units[-1].kind in (BODY, HEAD) and (units[-1].para.gap_before >= 2 or len(units[-1].text) <= 150):
                units[-1].kind = CAPTION  # the paragraph above a credit line is the photo's caption
            units.append(Unit(CREDIT, credit_text, p))
            continue
        if read_byline(text) is not None:
            units.append(Unit(BYLINE, text, p, to, frm))
            continue
        if read_lead_in(text, own_paper) is not None:
            units.append(Unit(LEAD, text, p, to, frm))
            continue
        if p.bullet:
            units.append(Unit(BULLET, text, p, to, frm))
            continue
        kind = HEAD if _heading_like(p, text, settings) and not to else BODY
        closes = kind == BODY and read_trailing_lead_in(text, own_paper) is not None
        units.append(Unit(kind, text, p, to, frm, closes=closes))
    return _settle_ambiguous(units, settings)


def _settle_ambiguous(units: list[Unit], settings: Settings) -> list[Unit]:
    """A one-line paragraph that fills the column reads as a heading or as a sentence cut by a
    column break; what follows decides: a heading or a lead-in after it makes it a heading."""
    for k, u in enumerate(units):
        p = u.para
        if u.kind != BODY or not (p.wrapped and p.last_full and p.lines == 1 and p.first_in_block):
            continue
        if u.to or u.frm or u.text[-1] in TERMINAL or len(u.text) > settings.heading_max_chars:
            continue
        nxt = units[k + 1] if k + 1 < len(units) else None
        if nxt is None:
            continue
        if nxt.kind in (HEAD, LEAD, BYLINE, POINTER) and nxt.para.first_in_block:
            u.kind = HEAD
        elif nxt.kind == HEAD and nxt.para.lines == 1 and not nxt.para.first_in_block:
            u.kind = HEAD  # a kicker line straight above its title line
    for k, u in enumerate(units):
        # the second line of a heading wrapped like a column line
        prev = units[k - 1] if k else None
        if (
            u.kind == BODY
            and prev is not None
            and prev.kind == HEAD
            and not u.para.first_in_block
            and not (u.to or u.frm)
            and u.text[-1] not in TERMINAL
            and len(prev.text) + len(u.text) <= settings.heading_max_chars
        ):
            u.kind = HEAD
    return units


# ---------------------------------------------------------------- 2. column breaks


def _continues(prev: Unit, cur: Unit) -> bool:
    """Is `cur` the rest of `prev`, cut by a column break or an image gap?"""
    if prev.kind not in (BODY, LEAD) or cur.kind != BODY or prev.to or cur.frm:
        return False
    if cur.para.indented and not prev.para.last_full:
        return False
    if prev.text[-1] not in TERMINAL:
        # stopped mid-sentence: cut by a column break, unless it is a short line complete
        # in itself (a summary point printed without its bullet)
        return prev.para.last_full or (not prev.para.wrapped and len(prev.text) > 80)
    return prev.para.last_full and prev.para.wrapped and not cur.para.indented


def join_breaks(units: list[Unit]) -> list[Unit]:
    """Join body paragraphs split by column breaks (in linear time: pieces joined once)."""
    out: list[Unit] = []
    pieces: list[list[str]] = []
    for u in units:
        if out and _continues(out[-1], u):
            prev = out[-1]
            pieces[-1].append(u.text)
            prev.text = u.text if len(pieces[-1]) > 8 else "".join(pieces[-1])  # keeps the end for _continues
            prev.to = u.to
            prev.para = replace(prev.para, last_full=u.para.last_full, lines=prev.para.lines + u.para.lines)
            continue
        out.append(u)
        pieces.append([u.text])
    for unit, parts in zip(out, pieces, strict=True):
        if len(parts) > 1:
            unit.text = "".join(parts)
    return out


# ---------------------------------------------------------------- 3. photos, teasers, groups, segments


def _photo(caption: str, credit: str, own_paper: str | None) -> Article:
    return Article(
        kind="photo",
        body=caption,
        credits=(credit,) if credit else (),
        agency=agency_of(credit_outlet(credit), own_paper) if credit else None,
    )


def _teaser(group: HGroup, target: str | None) -> Article:
    kicker, title, subtitle = assign_roles(group.lines)
    body = "\n".join(group.lines)
    return Article(kind="teaser", kicker=kicker, title=title, subtitle=subtitle, body=body, refers_to=target)


def _caption_from(seq: list[Element]) -> str | None:
    """Take the paragraph just before a credit line as the photo's caption, if it is one."""
    if not seq:
        return None
    last = seq[-1]
    if isinstance(last, Segment) and last.units:
        u = last.units[-1]
        if u.kind in (BODY, HEAD) and (u.para.gap_before >= 2 or len(last.units) == 1 or len(u.text) <= 80):
            last.units.pop()
            if not last.units:
                seq.pop()
            return u.text
    if isinstance(last, HGroup) and last.lines and len(last.lines[-1]) <= 80:
        text = last.lines.pop()
        if not last.lines:
            seq.pop()
        return text
    return None


def _point_like(u: Unit) -> bool:
    """A bullet, a box label, or a short line without a full stop: part of a summary box."""
    if u.kind in (BULLET, LABEL_KIND):
        return True
    return u.kind in (BODY, HEAD) and len(u.text) <= 80 and u.text[-1] not in "。！？" and not u.para.last_full


def group(units: list[Unit], own_paper: str | None) -> list[Element]:
    """Photos and teasers become items; the rest heading groups and body segments."""
    seq: list[Element] = []
    teaser_next = False
    pending_caption: str | None = None

    def open_segment(u: Unit, start: str | None) -> None:
        seq.append(Segment([u], start=start, frm=u.frm, to=u.to))

    for k, u in enumerate(units):
        last = seq[-1] if seq else None
        prev_unit = units[k - 1] if k else None
        if u.kind == CAPTION:
            pending_caption = u.text
            continue
        if u.kind == CREDIT:
            caption = pending_caption if pending_caption is not None else _caption_from(seq)
            pending_caption = None
            seq.append(Done(_photo(caption or "", u.text, own_paper)))
            continue
        if pending_caption is not None:  # a caption whose credit never came: plain text
            seq.append(Segment([Unit(BODY, pending_caption, u.para)]))
            pending_caption = None
            last = seq[-1]
        if u.kind == POINTER:
            if isinstance(last, HGroup):
                # the teaser is the last heading (with its ——subtitle); lines before it
                # title a neighbouring article
                n = 2 if len(last.lines) >= 2 and rx(r"^\s*(?:——|—)").match(last.lines[-1]) else 1
                if last.teaser or len(last.lines) <= n:
                    seq[-1] = Done(_teaser(last, u.target))
                else:
                    teaser = HGroup(last.lines[-n:])
                    last.lines = last.lines[:-n]
                    seq.append(Done(_teaser(teaser, u.target)))
            continue
        if u.kind == LABEL_KIND and _TEASER_LABEL.search(u.text):
            teaser_next = True
            continue
        if u.kind == HEAD:
            if (
                isinstance(last, HGroup)
                and last.byline is None
                and not u.para.first_in_block
                and prev_unit is not None
                and prev_unit.kind == HEAD
                and not rx(r"^\s*(?:——|—)").match(u.text)
            ):
                last.lines[-1] = last.lines[-1] + u.text  # one heading wrapped over lines
                last.units.append(u)
            elif isinstance(last, HGroup) and last.byline is None and not _DASH_LINE.match(last.lines[-1]):
                last.lines.append(u.text)
                last.units.append(u)
                last.md = last.md or u.para.md_heading
            else:
                seq.append(HGroup([u.text], md=u.para.md_heading, teaser=teaser_next, units=[u]))
                teaser_next = False
            if u.frm or u.to:  # a marker printed with a heading: keep it with the next text
                pass
            continue
        if u.kind == BYLINE and isinstance(last, HGroup) and last.byline is None:
            last.byline = u.text
            last.units.append(u)
            continue
        if u.kind == LEAD:
            if isinstance(last, Segment) and last.to is None and all(_point_like(x) for x in last.units):
                last.units.append(u)
                last.start = "lead"
                last.to = u.to
            else:
                open_segment(u, "lead")
            continue
        if u.frm:
            open_segment(u, "from")
            continue
        if isinstance(last, Segment) and last.to is None and not last.closed:
            last.units.append(u)
            last.to = u.to
            last.closed = u.closes
        else:
            open_segment(u, None)
            seq[-1].closed = u.closes  # type: ignore[union-attr]
    if pending_caption is not None:
        seq.append(Done(_photo(pending_caption, "", own_paper)))
    return seq


# ---------------------------------------------------------------- 4. headings


def _neighbours(seq: list[Element], i: int) -> tuple[int | None, int | None]:
    """Index of the segment before and after element i, looking past photos and teasers."""
    prev = nxt = None
    j = i - 1
    while j >= 0 and isinstance(seq[j], Done):
        j -= 1
    if j >= 0 and isinstance(seq[j], Segment):
        prev = j
    j = i + 1
    while j < len(seq) and isinstance(seq[j], Done):
        j += 1
    if j < len(seq) and isinstance(seq[j], Segment):
        nxt = j
    return prev, nxt


def _fragment_like(text: str) -> bool:
    """A short line with no inner pause: more likely a sentence cut by a column break."""
    return len(text) <= 30 and not rx(r"[\s，、：:；—·]").search(text)


def _orientation(seq: list[Element]) -> str:
    """Does this page print titles before (usual) or after their articles?"""
    before = after = 0
    for i, el in enumerate(seq):
        if not isinstance(el, HGroup):
            continue
        p, n = _neighbours(seq, i)
        head = "".join(el.lines)
        sp = textsim.containment(head, seq[p].lead) if p is not None else 0.0
        sn = textsim.containment(head, seq[n].lead) if n is not None else 0.0
        if sp > sn + 0.2:
            after += 1
        elif sn > sp + 0.2:
            before += 1
    first = next((el for el in seq if not isinstance(el, Done)), None)
    last = next((el for el in reversed(seq) if not isinstance(el, Done)), None)
    if isinstance(first, Segment) and first.start == "lead":
        after += 1
    if isinstance(last, HGroup):
        after += 1
    return "after" if after > before else "before"


def attach_headings(seq: list[Element], idf: textsim.Weights, settings: Settings = DEFAULT) -> list[Element]:
    """Give each heading group to the segment it titles, or fold it into the body."""
    orientation = _orientation(seq)
    out = list(seq)
    i = 0
    while i < len(out):
        el = out[i]
        if not isinstance(el, HGroup):
            i += 1
            continue
        p_i, n_i = _neighbours(out, i)
        prev = out[p_i] if p_i is not None else None
        nxt = out[n_i] if n_i is not None else None
        assert prev is None or isinstance(prev, Segment)
        assert nxt is None or isinstance(nxt, Segment)
        head = "".join(el.lines)
        s_prev = textsim.containment(head, prev.lead) if prev is not None else 0.0
        s_next = textsim.containment(head, nxt.lead) if nxt is not None else 0.0
        prev_ok = prev is not None and prev.heading is None and prev.start != "from" and not el.teaser
        next_ok = nxt is not None and nxt.heading is None and not el.teaser

        # a subhead or a line cut off the body: the text around it is one article
        if (
            prev is not None
            and nxt is not None
            and n_i == i + 1
            and p_i == i - 1
            and nxt.start is None
            and prev.to is None
            and not prev.closed
            and len(el.lines) == 1
            and el.byline is None
            and _in_body(el, prev, nxt, s_prev, s_next, orientation, idf)
        ):
            fragment = _fragment_like(head) and not el.md
            unit = Unit(BODY if fragment else HEAD, head, nxt.units[0].para)
            prev.units = join_breaks([*prev.units, unit, *nxt.units])
            prev.to = nxt.to
            del out[i: n_i + 1]  # the group and the next segment now live in prev
            i = p_i
            continue
        target = None
        if prev_ok and next_ok:
            if abs(s_prev - s_next) < settings.title_sim_margin:
                target = "prev" if orientation == "after" else "next"
            else:
                target = "prev" if s_prev > s_next else "next"
        elif next_ok:
            target = "next"
        elif prev_ok and (orientation == "after" or s_prev >= 0.3):
            target = "prev"
        if target == "next":
            assert nxt is not None
            nxt.heading = el
            del out[i]
            continue
        if target == "prev":
            assert prev is not None
            prev.heading = el
            prev.heading_after = True
            del out[i]
            continue
        # no body to title: a standalone heading (a teaser without pointer, a notice head)
        out[i] = Done(_standalone(el))
        i += 1
    return out


def _in_body(
    el: HGroup, prev: Segment, nxt: Segment, s_prev: float, s_next: float, orientation: str, idf: textsim.Weights
) -> bool:
    """Is a one-line heading between two headless stretches of text a subhead (or a line cut
    off by a column break) rather than the title of either?"""
    head = "".join(el.lines)
    if _unbalanced(head) or _runs_on(head, nxt.units[0].text):
        return True  # a sentence cut by a column break
    cont = textsim.cosine(prev.text[-SIM_WINDOW:], nxt.text[:SIM_WINDOW], idf)
    if orientation == "after" and prev.heading is None:
        # titles follow their articles here: this one titles what came before, or is a subhead
        if s_prev >= 0.6 and s_prev > s_next:
            return False
        return not (s_next >= 0.6 and cont < 0.1)
    if _fragment_like(head) and not el.md:
        return len(head) < 8 or not (s_next >= 0.45 and cont < 0.2)
    title_echo = textsim.containment("".join(prev.heading.lines), nxt.text[:SIM_WINDOW]) if prev.heading else 0.0
    if title_echo >= 0.3 and cont >= 0.08:
        return True  # what follows still speaks of the article's title
    if s_next >= 0.45 and cont < 0.25:
        return False  # it announces what follows, which reads unlike what came before
    if prev.start == "lead" and cont < 0.2:
        return False  # a news item with its lead-in is rarely cut by subheads
    if el.md and s_next >= 0.3:
        return False
    # unrelated text follows: a new article
    return not (cont < 0.04 and title_echo < 0.25 and s_next >= 0.15)


_NO_HEADING_END = "的之和与及或在是把对从向将被为了着过而且并等"
_UNITS = "年月日号时分秒%％万亿元个人次名家项期届岁米吨亩"


def _runs_on(head: str, following: str) -> bool:
    """Does the heading-like line read straight on into what follows (2022 | 年2月…)?"""
    if not following:
        return False
    if head[-1] in _NO_HEADING_END or following[0] in "，。、；：！？”）":
        return True
    return head[-1].isdigit() and (following[0] in _UNITS or following[0].isdigit())


def _unbalanced(text: str) -> bool:
    pairs = ("“”", "（）", "《》", "‘’", "()")
    return any(text.count(a) != text.count(b) for a, b in pairs)


def _standalone(el: HGroup) -> Article:
    kicker, title, subtitle = assign_roles(el.lines)
    kind = "teaser" if el.teaser else "article"
    return Article(kind=kind, kicker=kicker, title=title, subtitle=subtitle, body="\n".join(el.lines))


# ---------------------------------------------------------------- 5. out-of-order pieces

def reclaim_tails(seq: list[Element], idf: textsim.Weights) -> list[Element]:
    """Give the last paragraph(s) of an article to the next article when they read as its
    text and not as their own (the tail of an article printed before its heading)."""
    segs = [el for el in seq if isinstance(el, Segment)]
    for a, b in itertools.pairwise(segs):
        if b.heading is None or b.heading_after or a.to is not None or len(a.units) < 3:
            continue
        moved = 0
        b_text = b.text[:SIM_WINDOW]
        for k in (1, 2):
            if len(a.units) - k < 2:
                break
            tail = "".join(u.text for u in a.units[-k:])
            theirs = textsim.cosine(tail, b_text, idf)
            if theirs < 0.2:
                continue  # cheap test first: the tail must read like the next article
            own = textsim.cosine(tail, "".join(u.text for u in a.units[:-k])[-SIM_WINDOW:], idf)
            if own < 0.08 and theirs > 3 * own:
                moved = k
        if moved:
            tail_units = a.units[-moved:]
            a.units = a.units[:-moved]
            b.units = join_breaks([*b.units, *tail_units])
            b.closed = b.closed or a.closed
            a.closed = False
    return seq


def _opens_mid_sentence(seg: Segment) -> bool:
    first = seg.units[0].text
    return len(first) <= 6 or first[0] in "，、；：。！？”’）)" or bool(rx(r"^\p{Han}{1,4}[。，、；]").match(first))


def _ends_mid_sentence(seg: Segment) -> bool:
    return seg.to is None and bool(seg.units) and seg.units[-1].text[-1] not in TERMINAL


SIM_WINDOW = 3000  # characters of a text compared when deciding where text belongs (bounds the cost)
ORPHAN_REACH = 12  # a piece out of reading order is looked for this many segments around it


def place_orphans(seq: list[Element], idf: textsim.Weights) -> list[Element]:
    """Put a headless piece printed out of reading order back into its article."""
    segs = [el for el in seq if isinstance(el, Segment)]
    placed: set[int] = set()  # ids of pieces moved into another segment
    for k, seg in enumerate(segs):
        if seg.heading is not None or seg.start is not None or (k == 0 and seq and seq[0] is seg):
            continue
        prev_el = next((s for s in reversed(segs[:k]) if id(s) not in placed), None)
        next_el = segs[k + 1] if k + 1 < len(segs) else None
        follows_closed = prev_el is not None and prev_el.to is not None
        short = len(seg.units) <= 2 and len(seg.text) <= 240
        if not (_opens_mid_sentence(seg) or (follows_closed and short)):
            continue
        best, best_score = None, 0.0
        for other in segs[max(0, k - ORPHAN_REACH): k + ORPHAN_REACH + 1]:
            if other is seg or id(other) in placed or (seg.to is not None and other.to is not None):
                continue
            score = textsim.cosine(seg.text[:SIM_WINDOW], other.text[:SIM_WINDOW], idf)
            if _opens_mid_sentence(seg) and _ends_mid_sentence(other):
                score += 0.15
            if other is prev_el and seg.to is None and short:
                score += 0.1  # the part just before it, its page part closed by a 下转 marker
            if other is next_el and other.heading is not None and not other.heading_after:
                score += 0.05  # the article whose heading follows: its tail printed before it
            if score > best_score:
                best, best_score = other, score
        if best is None or best_score < 0.15:
            continue
        if _ends_mid_sentence(best) and _opens_mid_sentence(seg):
            best.units = join_breaks(best.units + seg.units)
            best.to = seg.to or best.to
        elif best.to is not None and seg.to is None:
            best.prefix_units = best.prefix_units + seg.units
        else:
            best.units = best.units + seg.units
            best.to = seg.to or best.to
        placed.add(id(seg))
    return [el for el in seq if id(el) not in placed]


# ---------------------------------------------------------------- 6. articles


def build_article(seg: Segment, own_paper: str | None) -> Article:
    """Headline, lead-in facts and body of one segment."""
    kicker = title = subtitle = None
    lines: list[str] = []
    if seg.heading is not None:
        kicker, title, subtitle = assign_roles(seg.heading.lines)
        if seg.heading.byline:
            lines.append(seg.heading.byline)
    units = seg.prefix_units + seg.units
    summary: list[str] = []
    if seg.heading is not None and seg.heading.points:
        lines.extend(seg.heading.points)
        summary.extend(seg.heading.points)
    for u in units:
        lines.append(u.text)
        if u.kind == BULLET:
            summary.append(u.text)
    dateline = agency = None
    authors: list[str] = []
    lead_unit = next((u for u in units if u.kind == LEAD), None)
    if lead_unit is not None:
        lead = read_lead_in(lead_unit.text, own_paper)
        if lead is not None:
            dateline, agency = lead.dateline, lead.agency
            authors.extend(lead.authors)
            rest = lead_unit.text[lead.end:].lstrip()
            head = lead_unit.text[: lead.end].rstrip()
            spaced = head if head.endswith("）") or not rest else head + " "
            fixed = spaced + rest
            lines[lines.index(lead_unit.text)] = fixed
    else:
        trailing = read_trailing_lead_in(units[-1].text, own_paper) if units else None
        if trailing:
            dateline, agency = trailing
    for text in lines:
        by = read_byline(text) if len(text) <= 40 else None
        if by is not None:
            outlet, names = by
            authors.extend(n for n in names if n not in authors)
            if agency is None and outlet:
                agency = agency_of(outlet, own_paper)
    body = "\n".join(lines)
    kind = "article"
    head_text = "".join(x for x in (kicker, title, subtitle) if x)
    if (head_text and _NOTICE_TITLE.search(head_text)) or (_NOTICE_BODY.search(body) and not dateline):
        kind = "notice"
    return Article(
        kind=kind,
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        dateline=dateline,
        agency=agency,
        authors=tuple(dict.fromkeys(authors)),
        body=body,
        continued_to=seg.to.page if seg.to else None,
        continued_from=seg.frm.page if seg.frm else None,
        continued_to_prefix=seg.to.prefix if seg.to else None,
        continued_from_prefix=seg.frm.prefix if seg.frm else None,
        summary=tuple(summary),
    )


def segment(paras: tuple[Para, ...], own_paper: str | None = None, settings: Settings = DEFAULT) -> tuple[Article, ...]:
    """The whole segment stage: paragraphs of one page → its items in reading order."""
    units = join_breaks(classify(paras, own_paper, settings))
    idf = textsim.idf_table(u.text for u in units)
    seq = group(units, own_paper)
    for el in seq:
        if isinstance(el, HGroup):
            el.lines, el.points = split_summary(el.lines)
    seq = attach_headings(seq, idf, settings)
    seq = reclaim_tails(seq, idf)
    seq = place_orphans(seq, idf)
    items: list[Article] = []
    for el in seq:
        if isinstance(el, Done):
            items.append(el.article)
        elif isinstance(el, Segment) and el.units:
            items.append(build_article(el, own_paper))
    return tuple(_drop_names(items))


def rule_roles(units: list[Unit], settings: Settings = DEFAULT) -> list[str]:
    """What the hand-written rules make of each unit, as a feature for the labeller:
    "H"/"HA" heading before/after its body, "B" first unit of a segment, "I" later unit,
    "J" joined to the unit before, "D" photo or teaser, "-" not placed."""
    copies = [copy.copy(u) for u in units]
    index = {id(u): i for i, u in enumerate(copies)}
    roles = ["-"] * len(units)
    joined = join_breaks(copies)
    kept = {id(u) for u in joined}
    for i, u in enumerate(copies):
        if id(u) not in kept:
            roles[i] = "J"
    idf = textsim.idf_table(u.text for u in joined)
    seq = group(joined, None)
    for el in seq:
        if isinstance(el, HGroup):
            el.lines, el.points = split_summary(el.lines)
    seq = place_orphans(reclaim_tails(attach_headings(seq, idf, settings), idf), idf)
    for el in seq:
        if isinstance(el, Segment):
            if el.heading is not None:
                for u in el.heading.units:
                    if id(u) in index:
                        roles[index[id(u)]] = "HA" if el.heading_after else "H"
            for k, u in enumerate(el.prefix_units + el.units):
                if id(u) in index and roles[index[id(u)]] != "J":
                    roles[index[id(u)]] = "B" if k == 0 and not el.prefix_units else "I"
        elif isinstance(el, HGroup):
            for u in el.units:
                if id(u) in index:
                    roles[index[id(u)]] = "H"
    return roles


def _drop_names(items: list[Article]) -> list[Article]:
    return [a for a in items if a.body.strip() or a.title]


__all__ = ["attach_headings", "classify", "group", "join_breaks", "names_in", "place_orphans", "segment"]
