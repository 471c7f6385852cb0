"""The hand-written segmentation rules, kept as a feature for the labeller.

They read a page the way the parser did before it was trained: heading groups and body
segments (`group`), each heading given to the segment it titles or kept as a subhead
(`attach_headings`), tails and pieces printed out of reading order put back
(`reclaim_tails`, `place_orphans`). `rule_roles` says what they make of each unit; the
labeller weighs that with everything else it sees.
"""

from __future__ import annotations

import copy
import itertools

import regex

from .. import textsim
from ..rx import rx
from ..settings import DEFAULT, Settings
from .articles import Done, Element, HGroup, Segment, photo_item, standalone_item, teaser_item
from .headline import split_summary
from .restore import TERMINAL
from .units import BODY, BULLET, BYLINE, CAPTION, CREDIT, HEAD, LABEL_KIND, LEAD, POINTER, Unit, join_breaks

_TEASER_LABEL = regex.compile(r"导\s*读|提要")
_DASH_LINE = regex.compile(r"^\s*(?:——|—)")  # a ——subtitle closes its heading group


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
            seq.append(Done(photo_item(caption or "", u.text, own_paper)))
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
                    seq[-1] = Done(teaser_item(last, u.target))
                else:
                    teaser = HGroup(last.lines[-n:])
                    last.lines = last.lines[:-n]
                    seq.append(Done(teaser_item(teaser, u.target)))
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
        seq.append(Done(photo_item(pending_caption, "", own_paper)))
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
        out[i] = Done(standalone_item(el))
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

