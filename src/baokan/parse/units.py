"""Paragraphs to units: what each restored paragraph is, its jump markers taken off.

`classify` gives each paragraph a kind (heading line, body, lead-in, byline, bullet, photo
caption or credit, teaser pointer, box label) from its text and layout; `join_breaks` and
`continues` say where a paragraph cut by a column break goes on. The kinds are facts about
one paragraph; which article a unit belongs to is the labeller's decision (`labeller.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import regex

from ..settings import DEFAULT, Settings
from .bylines import read_byline, read_lead_in, read_trailing_byline, read_trailing_lead_in, split_credit
from .jumps import Jump, find_pointer, strip_jumps
from .para import Para
from .restore import TERMINAL, is_label

# paragraph kinds
HEAD, BODY, LEAD, BYLINE, BULLET, CAPTION, CREDIT, POINTER, LABEL_KIND = (
    "head", "body", "lead", "byline", "bullet", "caption", "credit", "pointer", "label",
)

_SENTENCE_PUNCT = re.compile(r"[。！？；]")
_HAN = regex.compile(r"\p{Han}")


@dataclass(slots=True, eq=False)  # compared by identity
class Unit:
    kind: str
    text: str
    para: Para
    to: Jump | None = None
    frm: Jump | None = None
    target: str | None = None  # a pointer's page(s)
    closes: bool = False  # ends with a dateline or reporters in brackets: （新华社北京11月30日电）, （记者 X）




def _heading_like(p: Para, text: str, settings: Settings) -> bool:
    if p.md_heading:
        return True
    if not text or p.bullet or len(text) > settings.heading_max_chars:
        return False
    if text[-1] in TERMINAL or text[-1] in "，、；：,;:":
        return False
    if len(text) > 24 and _SENTENCE_PUNCT.search(text[:-1]):
        return False
    commas = text.count("，") + text.count(",")
    if (len(text) > 36 and commas) or commas >= 2:
        return False
    if not _HAN.search(text):
        return False
    if p.wrapped and p.last_full and not p.spaced:
        return False  # a column line cut short by a column break, not a heading
    return p.lines <= 4


# （相关报道见第四版）, （讲话全文见第三版）: a story's note pointing to more on another page, its last
# paragraph (the corpus prints 9, each so): the story's text, no teaser's pointer
_SEE_ALSO = regex.compile(r"^[（(][^（）()]{2,40}见第?[^（）()]{1,4}版[）)]$")


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
        if is_label(text):
            units.append(Unit(LABEL_KIND, text.strip(" »>▶►◆■●:："), p, to, frm))
            continue
        if len(text) <= 60 and not _SEE_ALSO.match(text):
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
        if credit is not None and credit[0] and read_byline(text) is not None:
            credit = None  # 文/本报记者 X 图/Y: the article's byline, naming its photographer too
        if credit is not None:  # the paragraph's jump markers stay with it: 新华社记者 X摄 | （下转A4版）
            before, credit_text = credit
            if before:
                units.append(Unit(CAPTION, before, p, frm=frm))
                frm = None
            elif units and units[-1].kind in (BODY, HEAD) and (units[-1].para.gap_before >= 2 or len(units[-1].text) <= 150):
                units[-1].kind = CAPTION  # the paragraph above a credit line is the photo's caption
            units.append(Unit(CREDIT, credit_text, p, to, frm))
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
        closes = kind == BODY and (read_trailing_lead_in(text, own_paper) is not None or read_trailing_byline(text) is not None)
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


CUT_LEAD = 30  # the longest piece read as the first part of a dateline cut by a column break


def cut_lead_in(piece: str, rest: str, own_paper: str | None = None) -> bool:
    """Is `piece` a dateline cut short by a column break ("新华社北京10月17"), one that reads
    as a lead-in with the start of `rest` ("日电（记者…）…")?"""
    return (4 <= len(piece) <= CUT_LEAD and piece[-1] not in TERMINAL
            and read_lead_in(piece + rest[:40], own_paper) is not None)


def continues(prev: Unit, cur: Unit) -> bool:
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
        if out and continues(out[-1], u):
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


