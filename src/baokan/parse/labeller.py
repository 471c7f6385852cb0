"""The trained sequence labeller: a linear-chain CRF (python-crfsuite) gives each unit of a
page its role (`structure.ROLES`).

`features` gives each unit of a page its attributes (crfsuite's item form): what the rules used to test
(lead-ins, bylines, jump markers, column tags, closing lines, line width against the column,
punctuation, the title echoed in the text after or before it), how alike the text on either side
of the unit is (a change of subject) and which side the unit itself reads like, plus the same
facts about the neighbours. The page is read both ways (titles before or after their bodies),
and a small page-level model keeps one reading (`orientation_facts`); both readings are decoded
at once with the model's own weights (`crf.Chain`). The model files
`data/labeller.crfsuite` and `data/labeller.orientation.json` ship in the package;
`eval/train/train.py` retrains both from the corpus.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from ..settings import DEFAULT, Settings
from ..vocab import CREDIT_END
from .bylines import BOX_MARKS, closed_up, read_byline, read_lead_in, read_trailing_lead_in
from .crf import Chain
from .headline import one_headline, wraps_into
from .restore import TEASER_LABEL, TERMINAL
from .structure import ROLES, Role
from .units import BODY as BODY_KIND
from .units import BYLINE, CAPTION, CREDIT, LABEL_KIND, LEAD, POINTER, Unit, continues, cut_lead_in
from .units import HEAD as HEAD_KIND

MODEL = "labeller.crfsuite"
TOPIC_CHARS = 1000  # characters on each side of a boundary compared for topical continuity
BLOCK_CHARS = 20000  # characters of a page whose units' bags are held at once (bounds the memory)
CHUNK_ROWS = 64  # boundaries whose stretches are formed at once
HAN_FROM, HAN_SPAN = 0x3400, 0xA000 - 0x3400  # the code points counted as Han characters (extension A and the main block)
ECHO_CHARS = 400  # characters of the text beside a short unit searched for its echo
WIDE_CHARS = 1500  # characters on each side of a short unit searched for its wider echo (a title after its article)
WIDE_UNITS = 12  # at most this many units on each side
WIDE_LEN = 40  # the longest unit whose wider echo is measured
SUBTITLE_CHARS = 200  # the longest paragraph read as a subtitle between a title and its lead-in (the corpus's longest: 158)
SIDE_CHARS = 1000  # characters from the start of each story's body that a heading between two stories is compared with
SIDE_MARGIN = 3  # bigrams more that a heading's lines must share with the other story's text to be moved to it

_COLUMN_TAG = re.compile(r"[（(][^（）()]{2,14}[）)]$")
_CLOSING = re.compile(r"^[（(](?:作者|本报记者|记者|本报|新华社|摘编|来源|注|本文|执笔|编者)|(?:整理|综合|电)[）)]$")
_FURNITURE = re.compile(r"责任编辑|版式设计|本版编辑|美术编辑|本版制图|图片编辑|制图[:：]")
_SUBHEAD_NUM = re.compile(r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[，、：])")
_DATE_LINE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$")
_PHOTO_GROUP = re.compile(r"图片报道|新闻图片|图为|组图|新华社发|供图|摄$")
_QUOTE = re.compile(r"^“.*”$")
_STOP = re.compile(r"[。！？]")  # (these patterns need nothing from `regex`: the standard library's `re` costs less)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


_LEN_EDGES = (2, 4, 6, 8, 10, 12, 15, 18, 22, 26, 30, 40, 60, 100, 200)  # length buckets (characters) of a unit


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


_NEIGHBOUR_KEYS = ("kind", "len", "last", "first", "gap", "lead", "byline", "term", "coltag", "closing", "to", "from",
                   "fib", "full", "md", "trail", "furniture", "photo")  # facts of a unit its neighbours see
_SEEN_FLAGS = frozenset(_NEIGHBOUR_KEYS[5:])  # those that are flags (the first five have values)


@dataclass(slots=True)
class _Own:
    """One unit's own facts: its attributes, and the values that combined features use."""

    attrs: list[str]
    seen: list[str]  # the attributes named in `_NEIGHBOUR_KEYS`, as the neighbours see them
    kind: str
    len: str
    last: str


def _own(u: Unit, own_paper: str | None) -> _Own:
    """Features of one unit on its own."""
    t = u.text
    p = u.para
    n = len(t)
    first = _char_class(t[0]) if t else "none"
    last = _char_class(t[-1]) if t else "none"
    length = _bucket(n, _LEN_EDGES)
    gap = _bucket(p.gap_before, (0, 1, 2))
    seen = [f"kind={u.kind}", f"len={length}", f"last={last}", f"first={first}", f"gap={gap}"]
    attrs = ["bias", seen[0], seen[1], seen[3], seen[2], f"c0={t[:1]}", f"c01={t[:2]}", f"cz={t[-1:]}", seen[4],
             f"lines={_bucket(p.lines, (1, 2, 3, 5))}"]
    lead = read_lead_in(t, own_paper) if n > 6 else None
    if lead is not None:  # its form: 本报讯 opens a local paper's brief; 本报北京3月5日电 opens items of a round-up too
        if lead.dateline is None:  # 本报记者 X 报道 with no dateline
            attrs.append("lead_form=reported")
        else:
            dated = "dated" if any(ch.isdigit() for ch in lead.dateline) else "bare"
            attrs.append(f"lead_form={lead.dateline[-1]}|{dated}|{'names' if lead.authors else 'none'}")
    flags = (
        ("md", p.md_heading), ("bold", p.bold), ("bullet", p.bullet), ("indented", p.indented), ("fib", p.first_in_block),
        ("full", p.last_full), ("wrapped", p.wrapped), ("spaced", p.spaced),
        ("to", u.to is not None), ("from", u.frm is not None), ("closes", u.closes),
        ("term", bool(t) and t[-1] in TERMINAL),
        ("coltag", n <= 60 and bool(_COLUMN_TAG.search(t))),
        ("closing", n <= 80 and bool(_CLOSING.search(t))),
        ("furniture", n <= 60 and bool(_FURNITURE.search(t))),
        ("subnum", bool(_SUBHEAD_NUM.match(t))),
        ("dateline", bool(_DATE_LINE.match(t))),
        ("photo", bool(_PHOTO_GROUP.search(t))),
        ("quote", bool(_QUOTE.match(t))),
        ("dash0", t.startswith(("——", "—", "--"))),
        ("dashz", t.endswith(("——", "—"))),
        ("colon", "：" in t[:20]),
        ("space", " " in t.strip()),
        ("lead", lead is not None),
        ("byline", n <= 40 and read_byline(t) is not None),
        ("trail", n > 6 and read_trailing_lead_in(t, own_paper) is not None),
        ("stop_in", bool(_STOP.search(t[:-1]))),
        ("comma", "，" in t),
        ("opening", bool(_OPENING.match(t))),  # it opens like an article: 近日，/ 1月31日，/ 本报…
    )
    for k, v in flags:
        if v:
            attrs.append(k)
            if k in _SEEN_FLAGS:
                seen.append(k)
    if p.wrapped and p.lines == 1 and not p.last_full:
        attrs.append("short1")
    return _Own(attrs, seen, u.kind, length, last)


def _han(cp: np.ndarray) -> np.ndarray:
    """Which code points are Han characters (the main block and extension A)."""
    return ((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= HAN_FROM) & (cp <= 0x4DBF))


def _bigrams(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of adjacent Han characters within each text, vectorised over the page: the
    pair's id (its two code points) and the index of the text it is in."""
    joined = "\n".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    han = _han(cp)
    pair = han[:-1] & han[1:]
    starts = np.zeros(len(cp), dtype=np.int64)
    offsets = np.cumsum([len(t) + 1 for t in texts[:-1]], dtype=np.int64)
    starts[offsets[offsets < len(cp)]] = 1
    text_of = np.cumsum(starts)[:-1][pair]
    ids = (cp[:-1] * 0x110000 + cp[1:])[pair]
    return ids, text_of


def _continuity(units: Sequence[Unit]) -> tuple[list[float], list[float], list[float]]:
    """For each unit i: how alike the text before it and the text from it on are (`prev`),
    the text before and after it (`around`, for a heading between two stretches), and how
    much more the unit itself is like the text from unit i + 2 on than like the text before it
    (`pull`: a piece of the next article printed before its heading).

    A stretch is the `TOPIC_CHARS` characters on one side of a boundary, read as a bag of Han
    characters weighted by inverse document frequency over the page's units (single characters
    carry further than bigrams over a few hundred characters). Characters found in one unit
    only are left out: they add to no comparison between two stretches. Stretches are
    differences of running sums over the units, the unit at a stretch's far end counted in
    part. The page is taken `BLOCK_CHARS` at a time (with the stretches reaching past each
    block), so the cost and the memory grow with the page's length, not its square."""
    n = len(units)
    if n == 0:
        return [], [], []
    lens = [len(u.text) for u in units]
    cp = np.frombuffer("".join([u.text for u in units]).encode("utf-32-le"), dtype=np.uint32)
    han = _han(cp)
    unit_of = np.repeat(np.arange(n), lens)[han]
    char, v = _dense_ids(cp[han].astype(np.int64) - HAN_FROM, HAN_SPAN)
    df = _units_holding(unit_of, char, v)
    keep = df[char] >= 2
    unit_of, char = unit_of[keep], char[keep]  # in text order, so each unit's characters are a run
    idf = np.log((n + 1) / (df + 0.5)).astype(np.float32)
    size = np.maximum(np.array(lens, dtype=np.float64), 1.0)
    at = np.concatenate(([0.0], np.cumsum(size)))  # where each boundary stands, in characters
    first = np.searchsorted(unit_of, np.arange(n + 1))  # where each unit's characters begin
    prev, around, pull = np.zeros(n), np.zeros(n), np.zeros(n)
    b0 = 0
    while b0 < n:
        b1 = min(max(int(np.searchsorted(at, at[b0] + BLOCK_CHARS, side="right")) - 1, b0 + 1), n)
        lo = max(int(np.searchsorted(at, at[b0] - TOPIC_CHARS, side="right")) - 1, 0)
        reach = at[min(b1 + 1, n)] + TOPIC_CHARS
        hi = min(int(np.searchsorted(at, reach, side="right")), n)  # units [lo, hi) hold the stretches
        p, a, t = _block(unit_of[first[lo]:first[hi]] - lo, char[first[lo]:first[hi]], idf, at[lo:hi + 1] - at[lo], v)
        w = slice(b0 - lo, b1 - lo)
        prev[b0:b1], around[b0:b1], pull[b0:b1] = p[w], a[w], t[w]
        b0 = b1
    return prev.tolist(), around.tolist(), pull.tolist()


def _dense_ids(ids: np.ndarray, span: int) -> tuple[np.ndarray, int]:
    """`ids` (each in [0, span)) renumbered 0, 1, … in their order, without sorting; and how many there are."""
    present = np.bincount(ids, minlength=span) > 0
    return (np.cumsum(present) - 1)[ids], int(present.sum())


def _units_holding(unit_of: np.ndarray, char: np.ndarray, v: int) -> np.ndarray:
    """For each character id below `v`: how many units hold it (`unit_of` in ascending order)."""
    if len(char) == 0:
        return np.zeros(v, dtype=np.int64)
    keys = np.sort(unit_of * v + char)
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    return np.bincount(keys[new] % v, minlength=v)


def _block(unit_of: np.ndarray, char: np.ndarray, idf: np.ndarray, at: np.ndarray,
           v: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`prev`, `around` and `pull` (see `_continuity`) for each unit of a run of units, given their
    characters (`unit_of`, `char`: a page-wide id below `v`) and where their boundaries stand
    (`at`). The stretches are formed `CHUNK_ROWS` boundaries at a time, so that only the
    units' bags and their running sums are held whole."""
    n = len(at) - 1
    if len(char) == 0:
        return np.zeros(n), np.zeros(n), np.zeros(n)
    col, dim = _dense_ids(char, v)
    bags = np.bincount(unit_of * dim + col, weights=idf[char], minlength=n * dim).astype(np.float32).reshape(n, dim)
    run = np.zeros((n + 1, dim), dtype=np.float32)
    np.cumsum(bags, axis=0, out=run[1:])
    size, last = np.diff(at), n - 1
    lo = np.searchsorted(at, at - TOPIC_CHARS, side="right") - 1  # the unit the stretch before ends in, or -1
    part_lo = np.where(lo >= 0, (TOPIC_CHARS - (at - at[np.minimum(lo + 1, n)])) / size[np.clip(lo, 0, last)], 0.0)
    hi = np.searchsorted(at, at + TOPIC_CHARS, side="right") - 1  # the unit the stretch after ends in, or n
    part_hi = np.where(hi < n, (at + TOPIC_CHARS - at[np.minimum(hi, n)]) / size[np.clip(hi, 0, last)], 0.0)
    lo_whole, lo_part = np.maximum(lo + 1, 0), np.clip(lo, 0, last)
    hi_whole, hi_part = np.minimum(hi, n), np.clip(hi, 0, last)
    part_lo, part_hi = part_lo.astype(np.float32)[:, None], part_hi.astype(np.float32)[:, None]
    prev, around, pull = np.zeros(n), np.zeros(n), np.zeros(n)
    nu = np.sqrt(np.einsum("ij,ij->i", bags, bags))
    for s in range(0, n, CHUNK_ROWS):
        e = min(s + CHUNK_ROWS, n)
        k = e - s
        r = slice(s, e + 1)  # boundaries s..e: `around` of unit e - 1 needs the stretch after boundary e
        before = run[r] - run[lo_whole[r]] + part_lo[r] * bags[lo_part[r]]
        r2 = slice(s, min(e + 2, n + 1))  # and `pull` of unit e - 1 the stretch after boundary e + 1
        after = run[hi_whole[r2]] - run[r2] + part_hi[r2] * bags[hi_part[r2]]
        nb = np.sqrt(np.einsum("ij,ij->i", before, before))
        na = np.sqrt(np.einsum("ij,ij->i", after, after))
        prev[s:e] = _cos(np.einsum("ij,ij->i", before[:k], after[:k]), nb[:k], na[:k])
        around[s:e] = _cos(np.einsum("ij,ij->i", before[:k], after[1:k + 1]), nb[:k], na[1:k + 1])
        m = min(k, len(after) - 2)  # units whose text two units on is on the page
        own = bags[s:e]
        back = _cos(np.einsum("ij,ij->i", own, before[:k]), nu[s:e], nb[:k])
        ahead = np.zeros(k)
        ahead[:m] = _cos(np.einsum("ij,ij->i", own[:m], after[2:m + 2]), nu[s:s + m], na[2:m + 2])
        pull[s:e] = ahead - back
    return prev, around, pull


def _cos(dots: np.ndarray, na: np.ndarray, nb: np.ndarray) -> np.ndarray:
    norms = na * nb
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def _pull_bucket(d: float) -> str:
    return "--" if d < -0.15 else "-" if d < -0.05 else "0" if d < 0.05 else "+" if d < 0.15 else "++"


def _rel_bucket(d: float) -> str:
    """A continuity against the page's usual one (a page of one theme runs high everywhere)."""
    return "--" if d < -0.15 else "-" if d < -0.07 else "0" if d < 0.03 else "+"


@dataclass(frozen=True, slots=True)
class _Grams:
    """Each unit's distinct Han bigrams (of its first `ECHO_CHARS` characters), as ids (`sets`),
    and every bigram in text order with the unit it is in (`ids`, `unit_of`)."""

    sets: list[frozenset[int]]
    ids: np.ndarray
    unit_of: np.ndarray


def _gram_sets(units: Sequence[Unit]) -> _Grams:
    n = len(units)
    ids, unit_of = _bigrams([u.text[:ECHO_CHARS] for u in units])
    bounds = np.searchsorted(unit_of, np.arange(n + 1)).tolist()  # bigrams come in text order
    grams = ids.tolist()
    return _Grams([frozenset(grams[bounds[i]:bounds[i + 1]]) for i in range(n)], ids, unit_of)


def _distinct(sorted_keys: np.ndarray) -> np.ndarray:
    """A sorted array without its repeats (cheaper than `np.unique`, which sorts again)."""
    keep = np.ones(len(sorted_keys), dtype=bool)
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=keep[1:])
    return sorted_keys[keep]


_SIM_EDGES = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55)  # heading sides fall mostly below 0.35, body sides above


def _sim_bucket(s: float) -> str:
    return str(bisect.bisect(_SIM_EDGES, s))


def _echo(own: frozenset[int], others: Sequence[frozenset[int]]) -> str:
    """How much of a short unit's bigrams (`own`) recur in the text beside it (`others`:
    the bigrams of the units that make up its first `ECHO_CHARS` characters), bucketed."""
    if not others:
        return "na"
    return _share_bucket((len(own) - len(own.difference(*others))) / len(own))


def _share_bucket(s: float) -> str:
    return "0" if s < 0.1 else "1" if s < 0.3 else "2" if s < 0.5 else "3"


def _wide_echoes(units: Sequence[Unit], grams: _Grams, short: list[int]) -> dict[int, tuple[float, float]]:
    """For each short unit: the share of its bigrams found in up to `WIDE_CHARS` characters of
    text before it, and after it (a title printed after its article echoes the article, whose
    lead may be far above it), at most `WIDE_UNITS` units on each side. Each unit that holds
    one of the short units' bigrams is one sorted key (bigram, unit), so whether a unit in a
    window holds a bigram is one binary search, done for all the short units' bigrams at once:
    the cost does not grow with the width of the window."""
    if not short:
        return {}
    n = len(units)
    s = np.array(short)
    is_short = np.zeros(n, dtype=bool)
    is_short[s] = True
    wanted = _distinct(np.sort(grams.ids[is_short[grams.unit_of]]))  # the short units' bigrams
    pos = np.minimum(np.searchsorted(wanted, grams.ids), len(wanted) - 1)
    seen = wanted[pos] == grams.ids  # only who holds those matters
    keys = _distinct(np.sort(grams.ids[seen] * n + grams.unit_of[seen]))  # (bigram, unit), sorted
    at = np.concatenate(([0], np.cumsum([len(u.text) for u in units])))
    lo = np.maximum(np.searchsorted(at, at[s] - WIDE_CHARS, side="right") - 1, np.maximum(s - WIDE_UNITS, 0))
    hi = np.minimum(np.searchsorted(at, at[s + 1] + WIDE_CHARS, side="left") - 1, np.minimum(s + WIDE_UNITS, n - 1))
    gram, unit = np.divmod(keys, n)
    mine = is_short[unit]
    gram, unit = gram[mine], unit[mine]
    row = np.searchsorted(s, unit)
    base = gram * n
    found = np.concatenate((keys, [np.iinfo(np.int64).max]))

    def held(first: np.ndarray, end: np.ndarray) -> np.ndarray:  # a key in [first, end)?
        return found[np.searchsorted(found, first)] < end

    size = np.bincount(row, minlength=len(s))
    before = np.bincount(row, weights=held(base + lo[row], base + unit), minlength=len(s))
    after = np.bincount(row, weights=held(base + unit + 1, base + hi[row] + 1), minlength=len(s))
    return {i: (b / z, a / z) for i, b, a, z in zip(short, before.tolist(), after.tolist(), size.tolist(), strict=True)}


def _reach(units: Sequence[Unit], start: int, step: int) -> int:
    """From `start`, how many units (going by `step`) it takes to read `ECHO_CHARS` characters."""
    n, total, i = 0, 0, start
    while 0 <= i < len(units) and total < ECHO_CHARS and n < 3:
        total += len(units[i].text)
        n += 1
        i += step
    return n


_OPENING = re.compile(r"^(?:\d{1,2}月\d{1,2}日|\d{4}年|[今去前明]年|近[日期年来]|日前|目前|当前|前不久|眼下|连日来|最近|"
            r"新华社|本报|记者|据|在|从|随着|作为|对于|每[年天逢当])")


ORIENTATIONS = ("before", "after")  # titles printed before their bodies, or after them


@dataclass(slots=True)
class PageFeatures:
    """The labeller's view of a page: each unit's attributes (crfsuite's item form, every
    value 1), and what the page's orientation features combine with (`items` adds them)."""

    attrs: list[list[str]]
    kinds: list[str]
    echoes: list[str]  # "next|prev": how a short unit echoes the text after and before it
    cut_leads: list[bool]  # the unit is a dateline cut short by a column break (`_cut_lead_in`)
    continuity: list[float]  # how alike the text before each unit and the text from it on are (`_continuity`)

    def orientation(self, orientation: str) -> list[list[str]]:
        """The orientation's attributes of each unit: a fact of the whole page (titles before
        or after their bodies), known from gold when training and tried both ways when labelling."""
        return [[f"orient={orientation}", f"orient|kind={orientation}|{k}", f"orient|echo={orientation}|{e}"]
                for k, e in zip(self.kinds, self.echoes, strict=True)]

    def items(self, orientation: str) -> list[list[str]]:
        """Every attribute of each unit, for the given orientation."""
        return [a + o for a, o in zip(self.attrs, self.orientation(orientation), strict=True)]


_OFFSETS = (("-2:", -2), ("-1:", -1), ("1:", 1), ("2:", 2))


def features(units: Sequence[Unit], own_paper: str | None = None) -> PageFeatures:
    """Each unit's attributes: its own facts, its neighbours', and how it echoes them (the
    page's orientation is added by `PageFeatures.items`)."""
    own = [_own(u, own_paper) for u in units]
    n = len(units)
    prev, around, pull = _continuity(units)
    usual = float(np.median(prev)) if prev else 0.0  # how alike the page's stretches are on the whole
    index = _gram_sets(units)
    grams = index.sets
    wide = _wide_echoes(units, index, [i for i, u in enumerate(units) if len(u.text) <= WIDE_LEN and grams[i]])
    cut_lead = [_cut_lead_in(u, units[i + 1] if i + 1 < n else None, own_paper) for i, u in enumerate(units)]
    since = _since_lead(units, own)
    top = min((u.para.md_level for u in units if u.para.md_level), default=0)  # the page's first heading level
    out: list[list[str]] = []
    echoes: list[str] = []
    for i, u in enumerate(units):
        o = own[i]
        t = u.text
        a = list(o.attrs)
        for pre, off in _OFFSETS:
            j = i + off
            if 0 <= j < n:
                a += [pre + x for x in own[j].seen]
            else:
                a.append(pre + "edge")
        before = units[i - 1].text if i else ""
        if i and continues(units[i - 1], u):
            a.append("rule_join")
        if before and before[-1] not in TERMINAL:
            a.append("prev_open")
        if u.para.md_level:  # a lesser heading than the page's largest: a subhead or a kicker more often than a title
            a.append(f"md_below={min(u.para.md_level - top, 2)}")
        if i == 0:
            a.append("page_start")
        if i == n - 1:
            a.append("page_end")
        if len(t) <= 80 and grams[i]:
            echo_next = _echo(grams[i], grams[i + 1:i + 1 + _reach(units, i + 1, 1)])
            start = max(i - 3, 0)
            echo_prev = _echo(grams[i], grams[start:min(start + _reach(units, start, 1), i)])
        else:
            echo_next = echo_prev = "na"
        if i in wide:
            wp, wn = wide[i]
            wdir = "next" if wn > wp + 0.1 else "prev" if wp > wn + 0.1 else "same"
            a += [f"wecho_next={_share_bucket(wn)}", f"wecho_prev={_share_bucket(wp)}", f"wdir={wdir}",
                  f"wdir|len={wdir}|{o.len}"]
        else:
            wdir = "na"
        a += [f"echo_next={echo_next}", f"echo_prev={echo_prev}"]
        if i + 1 < n:
            nxt = units[i + 1].text
            a.append(f"1:c01={nxt[:2]}")
            if _OPENING.match(nxt):
                a.append("1:opening")
            if cut_lead[i]:
                a.append("lead_cut")
        if i and cut_lead[i - 1]:
            a.append("-1:lead_cut")
        if i:
            a.append(f"-1:cz2={before[-2:]}")
        ca = _sim_bucket(around[i]) if len(t) <= 60 else "long"
        if len(t) <= 60:
            a += [f"cont_around={ca}", f"rel_around={_rel_bucket(around[i] - usual)}"]
        cp = _sim_bucket(prev[i])
        a += [f"cont_prev={cp}", f"rel_prev={_rel_bucket(prev[i] - usual)}"]
        a.append(f"pull={_pull_bucket(pull[i])}")
        if 0 < i < n - 1 and prev[i] < prev[i - 1] and prev[i] < prev[i + 1]:
            a.append("cont_dip")  # the text changes more here than just before or after
        if len(t) <= 30:
            a += dict.fromkeys("bg:" + t[k:k + 2] for k in range(len(t) - 1))
        last_before = own[i - 1].last if i else "edge"
        kind_before = own[i - 1].kind if i else "edge"
        len_before = own[i - 1].len if i else "edge"
        kind_after = own[i + 1].kind if i + 1 < n else "edge"
        len_after = own[i + 1].len if i + 1 < n else "edge"
        a += [
            f"kind|last|-1last={o.kind}|{o.last}|{last_before}",
            f"kind|len={o.kind}|{o.len}",
            f"len|last|ca={o.len}|{o.last}|{ca}",
            f"-1last|cp|len={last_before}|{cp}|{o.len}",
            f"echo|ca|len={echo_next}|{ca}|{o.len}",
            f"kinds={kind_before}|{o.kind}|{kind_after}",
            f"lens={len_before}|{o.len}|{len_after}",
            f"since_lead|kind={since[i][0]}|{o.kind}",
            f"lead_chars|kind={since[i][1]}|{o.kind}",
        ]
        out.append(a)
        echoes.append(f"{echo_next}|{echo_prev}|{wdir}")
    return PageFeatures(out, [o.kind for o in own], echoes, cut_lead, prev)


_SINCE_UNITS = (1, 2, 3, 6)  # buckets of units since the last lead-in
_SINCE_CHARS = (150, 400, 800, 1500)  # buckets of characters since the last lead-in


def _since_lead(units: Sequence[Unit], own: Sequence[_Own]) -> list[tuple[str, str]]:
    """For each unit: how many units, and how many characters, stand between it and the last
    lead-in before it ("none" before the first). A heading a few short paragraphs after a
    dated lead-in ends a brief more often than it heads a section of one."""
    out: list[tuple[str, str]] = []
    last = -1
    chars = 0
    for i, u in enumerate(units):
        if last < 0:
            out.append(("none", "none"))
        else:
            out.append((_bucket(i - last, _SINCE_UNITS), _bucket(chars, _SINCE_CHARS)))
        if u.kind == LEAD or "lead" in own[i].attrs:
            last, chars = i, 0
        chars += len(u.text)
    return out


def _cut_lead_in(u: Unit, nxt: Unit | None, own_paper: str | None) -> bool:
    """Is `u` a dateline cut short by a column break ("新华社北京10月17" + "日电…"), one that
    reads as a lead-in only with the start of the next unit (which is no lead-in itself)?"""
    return nxt is not None and u.kind != LEAD and nxt.kind != LEAD and cut_lead_in(u.text, nxt.text, own_paper)


ORIENTATION_FACTS = ("bias", "likelihood", "echo_side", "first_short", "last_short", "lead_first", "heads")


def orientation_facts(units: Sequence[Unit], feats: PageFeatures, logp: dict[str, float],
                      roles: dict[str, list[str]]) -> list[float]:
    """What the page-level orientation model weighs (`ORIENTATION_FACTS`): how much likelier the
    titles-before reading is than the titles-after one, which side short lines echo more
    widely, whether the page opens or ends on a short unpunctuated line or opens with a lead-in,
    and how many headings each reading finds (titles-after finds few on a titles-before page)."""
    wide = Counter(e.rsplit("|", 1)[1] for e in feats.echoes)

    def short(u: Unit) -> float:
        return float(bool(u.text) and len(u.text) <= 40 and u.text[-1] not in TERMINAL)

    heads = math.log1p(roles["before"].count(Role.HEAD)) - math.log1p(roles["after"].count(Role.HEAD_AFTER))
    return [1.0, max(-30.0, min(30.0, logp["before"] - logp["after"])), math.log1p(wide["prev"]) - math.log1p(wide["next"]),
            short(units[0]), short(units[-1]), float(units[0].kind == LEAD), heads]


def orientation_path(model: str | Path) -> Path:
    """The orientation model that goes with a labeller model file (M.crfsuite → M.orientation.json)."""
    return Path(model).with_suffix(".orientation.json")


@functools.lru_cache(maxsize=4)
def _orientation(path: str | None = None) -> tuple[float, ...] | None:
    """The orientation model's weights, or None where the model file has none beside it (then the
    likelier reading decides)."""
    if path is None:
        ref = resources.files("baokan") / "data" / orientation_path(MODEL).name
        text = ref.read_text(encoding="utf-8") if ref.is_file() else None
    else:
        file = orientation_path(path)
        text = file.read_text(encoding="utf-8") if file.is_file() else None
    if text is None:
        return None
    weights = json.loads(text)
    if tuple(weights["facts"]) != ORIENTATION_FACTS:
        raise ValueError(f"{path or MODEL}: its orientation model weighs other facts than {ORIENTATION_FACTS}")
    return tuple(float(w) for w in weights["weights"])


def read_both(feats: PageFeatures, chain: Chain) -> tuple[dict[str, float], dict[str, list[str]]]:
    """The page labelled both ways: each orientation's log-likelihood and roles. The attributes
    the two readings share are scored once (`Chain`)."""
    shared = chain.scores(feats.attrs)
    scores = np.stack([shared + chain.scores(feats.orientation(o)) for o in ORIENTATIONS])
    paths, logps = chain.decode(scores)
    return dict(zip(ORIENTATIONS, logps, strict=True)), dict(zip(ORIENTATIONS, paths, strict=True))


@functools.lru_cache(maxsize=4)
def _chain(path: str | None = None) -> Chain:
    if path is None:
        with resources.as_file(resources.files("baokan") / "data" / MODEL) as p:
            return Chain.load(p)
    return Chain.load(path)


def label(units: Sequence[Unit], own_paper: str | None = None, settings: Settings = DEFAULT) -> list[str]:
    """The role of each unit, as the shipped model (or `settings.labeller_model`) decides: the
    page is labelled with titles before and with titles after their bodies, and the page-level
    orientation model (`orientation_facts`, fitted by `eval/train/orientation.py`) keeps one
    reading; without one, or on a page of fewer than `settings.orientation_units` units (a
    brief, one paragraph), the likelier reading is kept. Hard rules then mend what the chain
    model cannot express (`repair`; with titles after their bodies, `_bylines_under_titles` and
    `_untitled_parts`)."""
    if not units:
        return []
    path = settings.labeller_model or None
    feats = features(units, own_paper)
    logp, roles = read_both(feats, _chain(path))
    weights = _orientation(path)
    if weights is None or len(units) < settings.orientation_units:
        after = logp["after"] > logp["before"]
    else:
        after = sum(w * x for w, x in zip(weights, orientation_facts(units, feats, logp, roles), strict=True)) > 0
    chosen = roles["after" if after else "before"]
    out = repair(units, [r if r in ROLES else Role.BODY for r in chosen], feats.cut_leads, settings)
    out = _untitled_parts(units, _bylines_under_titles(units, out), feats.continuity) if after else _after_jumps(units, out)
    return _tagged_titles(units, _heading_sides(units, _wrapped_heads(units, out)))


def _after_jumps(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """On a page that prints titles before their bodies, a story ends where it jumps to
    another page (…（转第二十一版）): what follows is the next item's, a heading line its
    title, else its body's start (a title printed just under a jump marker had been read
    as a subhead of the story that jumped)."""
    out = list(roles)
    for i in range(1, len(units)):
        if units[i - 1].to is not None and out[i - 1] in _BODY and out[i] in (Role.BODY, Role.JOIN):
            t = units[i].text
            titled = units[i].kind == HEAD_KIND or (len(t) <= WIDE_LEN and not t.endswith(_SENTENCE_END))
            out[i] = Role.HEAD if titled and i + 1 < len(units) else Role.START
    return out


_SENTENCE_END = ("。", "！", "？", "…", "”")


def _wraps(above: str, line: str) -> bool:
    """Is heading line `line` the rest of `above`: wrapped after an open bracket, a conjunction
    or a pause (`headline.wraps_into`), or closing a bracket it never opened?"""
    return wraps_into(above, line) or _unclosed(line) < 0


def _one_heading(above: str, line: str) -> bool:
    """Do two heading lines belong to one headline (`headline.one_headline`: a wrapped line, a
    kicker and its title, a title and its dash subtitle), or does `line` close a bracket that
    `above` left open?"""
    return one_headline(above, line) or _unclosed(line) < 0


def _wrapped_heads(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A page may print some titles before their bodies and some after. The last line of a
    title printed after its body (…热情澎湃地书写时代书写生 | 活（国家勋章和国家 | 荣誉称号获得者）)
    read as a title of the next story is the rest of the title above: read so, it gave the
    next story a title, so the title after it went on to the story after that, and so on down
    the page."""
    out = list(roles)
    for i in range(1, len(units)):
        if out[i] != Role.HEAD or out[i - 1] != Role.HEAD_AFTER or (i + 1 < len(units) and out[i + 1] == Role.HEAD):
            continue  # (the last line of a run of heading lines, under a title printed after its story)
        if _wraps(units[i - 1].text, units[i].text):
            out[i] = Role.HEAD_AFTER
    return out


def _shared(line: str, text: str) -> int:
    """How many bigrams of a heading line (its column tag aside) the text holds."""
    t = "".join(ch for ch in _COLUMN_TAG.sub("", line) if ch.isalnum())
    return sum(1 for g in {t[k:k + 2] for k in range(len(t) - 1)} if g in text)


def _opening(units: Sequence[Unit], roles: Sequence[str], lo: int, hi: int) -> str:
    """The first `SIDE_CHARS` characters of the body text in units lo..hi-1."""
    out, size = [], 0
    for k in range(lo, hi):
        if size >= SIDE_CHARS:
            break
        if roles[k] in (Role.START, Role.BODY, Role.JOIN):
            out.append(units[k].text)
            size += len(units[k].text)
    return "".join(out)[:SIDE_CHARS]


def _heading_runs(roles: Sequence[str]) -> Iterator[list[int]]:
    """Each run of heading lines (H or HA) in a page's roles, as the units' indices."""
    n, i = len(roles), 0
    while i < n:
        if roles[i] not in _HEADS:
            i += 1
            continue
        j = i
        while j < n and roles[j] in _HEADS:
            j += 1
        yield list(range(i, j))
        i = j


def _story_top(roles: Sequence[str], first: int) -> int:
    """Where the story that ends just above unit `first` begins (its first body unit), reading
    up through its body, captions and credits."""
    top = first - 1
    while top > 0 and roles[top] != Role.START and roles[top - 1] in (Role.START, Role.BODY, Role.JOIN, Role.CAPTION, Role.CREDIT):
        top -= 1
    return top


def _heading_sides(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A run of heading lines between two stories (the next opening straight after it) is read
    as the end of the story above's (printed after it, HA) and the start of the one below's
    (H): where the page prints titles both ways, the model may give a title to the wrong side.
    Each line's words are counted in the first `SIDE_CHARS` characters of each story's body (a
    title's words come back in its story's opening), and the lines are cut between the two
    where the counts say, if that is `SIDE_MARGIN` bigrams better than the model's cut: never
    inside one headline (a wrapped line, a kicker and its title, a title and its dash subtitle:
    `headline.one_headline`), and nothing goes up to a story titled before its body."""
    out = list(roles)
    n = len(units)
    for run in _heading_runs(roles):
        j = run[-1] + 1
        kept = next((c for c, k in enumerate(run) if out[k] != Role.HEAD_AFTER), len(run))  # the model's cut
        if run[0] == 0 or out[run[0] - 1] not in (Role.START, Role.BODY, Role.JOIN) or j == n or out[j] != Role.START \
                or any(out[k] != Role.HEAD for k in run[kept:]) or any(units[k].text[:1] in BOX_MARKS for k in run):
            continue  # (key points, ■ …, are no title of either story)
        top = _story_top(out, run[0])
        below = next((k for k in range(j, n) if out[k] in _HEADS), n)
        up, down = _opening(units, out, top, run[0]), _opening(units, out, j, below)
        lean = [_shared(units[k].text, up) - _shared(units[k].text, down) for k in run]
        sums = [sum(lean[:c]) for c in range(len(run) + 1)]
        if max(sums) - sums[kept] < SIDE_MARGIN:
            continue  # no cut is clearly better than the model's
        titled = top > 0 and out[top - 1] == Role.HEAD  # the story above has its title before it
        cuts = [c for c in range(len(run) + 1) if c in (0, len(run)) or not _one_heading(units[run[c - 1]].text, units[run[c]].text)]
        cuts = [0] if titled else cuts
        best = max(cuts, key=lambda c: (sums[c], -abs(c - kept)))
        if best != kept and sums[best] - sums[kept] >= SIDE_MARGIN:
            for c, k in enumerate(run):
                out[k] = Role.HEAD_AFTER if c < best else Role.HEAD
    return out


_DATED = re.compile(r"^[（(][\d〇一二三四五六七八九十]+[）)]$|年.*月.*日")  # （15）, （2019年10月9日）: a subtitle's end


def _title_end(text: str) -> bool:
    """Does a heading line end in a column tag, which ends a title (a subtitle may end in a
    number or a date in brackets; no kicker ends in either)?"""
    m = _COLUMN_TAG.search(text)
    return m is not None and not _DATED.search(m.group(0))


def _tagged_titles(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """Two column tags in one run of heading lines are two titles (of the corpus's 2,831
    headlines none holds two, save a subtitle's number or date in brackets, which `_title_end`
    leaves out): where the run follows a story not titled before its body
    and the model read it all as the next story's, the lines down to the first tag are the
    title of the story above, printed after it (…（国际视点） | 单方面军事干预不得人心（钟声））. A
    title printed twice (a noisy page's repeat) is one title."""
    out = list(roles)
    for run in _heading_runs(roles):
        tagged = [c for c, k in enumerate(run) if _title_end(units[k].text)]
        titles = {units[run[c]].text.replace(" ", "") for c in tagged}  # (one title printed twice is one)
        if len(titles) < 2 or run[0] == 0 or out[run[0] - 1] not in (Role.START, Role.BODY, Role.JOIN):
            continue
        cut = tagged[0] + 1
        if any(out[k] != Role.HEAD for k in run[cut:]) or all(out[k] == Role.HEAD_AFTER for k in run[:cut]):
            continue  # (the model's reading has the second title printed before its story)
        top = _story_top(out, run[0])
        if top > 0 and out[top - 1] == Role.HEAD:
            continue  # the story above has its title before it
        for k in run[:cut]:
            out[k] = Role.HEAD_AFTER
    return out


def _bylines_under_titles(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """Titles after their bodies: a byline printed under a title (丁石孙同志生平 | 记者 石娟俊)
    heads the story that title ends (the builder puts it first in that story's body), so the
    paragraph after it, read as more of that story, opens the next one. The model's reading
    of such a byline as a story's start is set aside: on the dev dates it is more often the
    story above's."""
    out = list(roles)
    for i in range(1, len(units) - 1):
        if out[i - 1] == Role.HEAD_AFTER and units[i].kind == BYLINE and out[i] in (Role.START, Role.BODY):
            out[i] = Role.BODY
            if out[i + 1] == Role.BODY:
                out[i + 1] = Role.START
    return out


_BODY = (Role.START, Role.BODY, Role.JOIN, Role.TAIL)
_HEADS = (Role.HEAD, Role.HEAD_AFTER)
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_ANNOUNCES = re.compile(r"如下[。：:]$")  # 《条例》全文如下。 回信全文如下： the story goes on in what it announces


def _paragraph_not_heading(roles: Sequence[str], units: Sequence[Unit], i: int, longest: int) -> bool:
    """Is unit `i`, read as a heading with no heading line beside it, a paragraph instead? It is
    longer than `longest` characters (`settings.lone_heading`) and pauses on a comma outside brackets (none of the
    corpus's 2,831 titles does; its long subtitles stand beside their titles)."""
    t = units[i].text
    alone = (i == 0 or roles[i - 1] not in _HEADS) and (i + 1 == len(roles) or roles[i + 1] not in _HEADS)
    return alone and len(t) > longest and "，" in _BRACKETED.sub("", t)


def _cut_sentence(prev: Unit, cur: Unit) -> bool:
    """Does `prev` stop mid-sentence at a column break, with `cur` reading on from it?"""
    return bool(prev.text) and prev.text[-1] not in TERMINAL and prev.text[-1] not in "：:" and continues(prev, cur)


def _goes_on(prev: Unit, cur: Unit, role: str) -> bool:
    """Is `cur`, read as a new paragraph or a new article, the rest of `prev`'s paragraph?"""
    if role == Role.BODY:
        return _cut_sentence(prev, cur)
    return role == Role.START and not cur.frm and _column_break(prev, cur)


def _column_break(prev: Unit, cur: Unit) -> bool:
    """Does a wrapped paragraph whose last line filled the column go on in `cur` (no new
    paragraph's indent, no lead-in)? Then `cur` cannot open an article of its own."""
    return prev.para.wrapped and prev.para.last_full and cur.kind != LEAD and continues(prev, cur)


def _may_continue(prev: Unit) -> bool:
    """Can the next unit be the rest of this one's paragraph? Not after a finished sentence
    whose last line stopped short of the column."""
    if prev.kind in (CREDIT, BYLINE, CAPTION) or (len(prev.text) <= 40 and read_byline(closed_up(prev.text)) is not None):
        return False  # (本报记者 段菁菁 江 琳 too: a byline with a two-character name spaced out, which the units leave a line)
    return bool(prev.text) and (prev.text[-1] not in TERMINAL or prev.para.last_full)


def _titles(units: Sequence[Unit], roles: list[str], j: int) -> bool:
    """Can unit `j`, read as body text, be a heading line instead (it stands just above a
    lead-in)? A heading-like line, or a short unfinished one that follows no unfinished text;
    not the last of a list of points that open with the same mark."""
    u = units[j]
    if roles[j] not in (Role.BODY, Role.JOIN, Role.START):
        return False
    if j and u.text[:1] in BOX_MARKS and units[j - 1].text[:1] == u.text[:1]:
        return False  # the last point of a list of key points (■ … | ■ …) printed before the lead-in
    if u.kind == HEAD_KIND:
        return True
    if u.kind != BODY_KIND or not u.text or len(u.text) > 60 or u.text[-1] in TERMINAL or u.text[-1] in "：:，,":
        return False
    before = units[j - 1].text if j else ""
    return not before or before[-1] in TERMINAL or roles[j - 1] in (Role.HEAD, Role.HEAD_AFTER, Role.FURNITURE)


_END_NOTE = re.compile(r"^(?:注[:：]|[（(][^（）()]{0,20}(?:完|结束|待续)[）)]$)")  # 注：以上为… | （本系列评论到此结束）
# 图片来源：人民视觉, 数据来源：…, 图片均由湖南省博物馆提供: the corpus prints 60 such lines, each in a body
# (52 of them its last paragraph), none in a headline
_SOURCE_LINE = re.compile(r"^(?:图片|照片|资料|数据|图表)(?:来源|均由|由)|提供$")
# 电子信箱：rmrbst@126.com, 网址：www…, 咨询电话：0898-…: the corpus prints 41 such lines, all in bodies, none in a headline
_CONTACT = re.compile(r"[\w.-]+@[\w-]+\.[A-Za-z.]{2,}|www\.|https?://|(?:信箱|邮箱|网址|电话|热线)[:：]")
_ANNOUNCING = ("：", ":")  # a paragraph that ends on a colon goes on (none of the corpus's 279 ends a story)
_EDITORS = re.compile(r"^(?:编\s*者\s*按|编者的话|编后)")  # an editor's note may stand between a title and its lead-in


def _heads_lead(units: Sequence[Unit], roles: list[str], j: int) -> bool:
    """Is unit `j`, read as body text (a paragraph, or the story's start with the lead-in as its
    second paragraph) between a title and a lead-in that opens a story (习近平同…举行会谈 |
    习近平：中方支持…。 | 本报北京…电), or between the end of a part
    continued elsewhere and a lead-in, a heading line of that story instead? No story's text
    stands there: the lead-in opens it. Beside a title it is a subtitle, however long (up to
    `SUBTITLE_CHARS`; the corpus's longest is 158) and even where it ends a sentence; not an
    editor's note."""
    u = units[j]
    if u.kind != BODY_KIND or len(u.text) > SUBTITLE_CHARS or _EDITORS.match(u.text):
        return False
    return roles[j - 1] == Role.HEAD or (units[j - 1].to is not None and u.text[-1] not in TERMINAL)


def repair(units: Sequence[Unit], roles: list[str], cut_leads: Sequence[bool] = (),
           settings: Settings = DEFAULT) -> list[str]:
    """Hard constraints that the chain model cannot express, applied to its answer:
    a lead-in (or the first part of one cut by a column break, where `cut_leads` says so) is
    never a heading or the rest of another paragraph (it opens a body), and a
    heading line straight above it titles it; a photo credit never continues a paragraph, and a
    paragraph that closes its story with its reporters is no credit (nor the paragraph above
    it a caption); a finished sentence (…。), a long lone line that pauses on a comma, or a
    note (注：…, （本系列评论到此结束）), a source line (图片来源：…), a contact line (电子信箱：…) or what
    a paragraph ending on a colon announces is no heading; a continuation (J) follows unfinished
    body text, and body text (or a dateline) cut mid-sentence by a column break is continued
    by what follows; a paragraph that announces what follows (…全文如下。) is followed by the
    same story, so the title of the document it prints is no new article's; a heading's first
    line never closes a bracket it did not open (`_cut_brackets`), a teaser's pointer is no
    body text (`_teasers`), heading lines over a byline open a story after a dated one
    (`_signed_stories`), a named box of short items is one article (`_news_boxes`), and a
    notice's heading (or a photo story's) opens what follows (`_notices`)."""
    out = list(roles)
    intro = False  # the body text just before announced what follows (…全文如下。)
    for i, (u, r) in enumerate(zip(units, roles, strict=True)):
        prev = out[i - 1] if i else None
        lead = u.kind == LEAD or (i < len(cut_leads) and cut_leads[i])
        if intro and not lead and r in (Role.HEAD, Role.HEAD_AFTER, Role.START):
            out[i] = Role.BODY  # a document's own title and text, printed in full inside the story
            intro = r != Role.START
            continue
        intro = r in _BODY and bool(_ANNOUNCES.search(u.text))
        if lead and r not in (Role.START, Role.BODY, Role.TAIL):
            out[i] = Role.TAIL if r == Role.JOIN and prev == Role.TAIL else Role.START
        elif lead and r == Role.BODY and i and _titles(units, out, i - 1):
            out[i - 1], out[i] = Role.HEAD, Role.START  # a heading line straight above a lead-in titles it
        elif lead and r in (Role.START, Role.BODY) and i > 1 and out[i - 1] in (Role.BODY, Role.START) \
                and _heads_lead(units, out, i - 1):
            out[i - 1], out[i] = Role.HEAD, Role.START  # no story text stands between a title and its lead-in
        elif u.kind == CREDIT and r in (Role.JOIN, Role.HEAD, Role.HEAD_AFTER):
            out[i] = Role.CREDIT if prev == Role.CAPTION or (i and units[i - 1].kind == CAPTION) else Role.BODY
        elif u.closes and r == Role.CREDIT:  # …出行。（记者 X 通讯员 Y） closes a story: no photo's credit
            out[i] = Role.BODY
            k = i - 1
            while k >= 0 and out[k] == Role.CAPTION and units[k].kind != CAPTION:
                out[k] = Role.BODY  # nor is the paragraph the model took for its caption
                k -= 1
        elif r in _HEADS and (u.text.endswith("。") or _paragraph_not_heading(roles, units, i, settings.lone_heading)
                              or _END_NOTE.match(u.text) or _SOURCE_LINE.search(u.text) or _CONTACT.search(u.text)
                              or (prev in _BODY and units[i - 1].text.endswith(_ANNOUNCING))):
            # a finished sentence, a long lone line with a comma, a note, a source or contact line, or what a
            # paragraph ending on a colon announces, is no heading
            out[i] = Role.BODY
        elif r == Role.JOIN and (prev not in _BODY or not _may_continue(units[i - 1])):
            out[i] = Role.START if prev in (Role.HEAD, None) else Role.BODY
        elif prev == Role.START and i <= len(cut_leads) and cut_leads[i - 1] and r in (Role.START, Role.BODY):
            out[i] = Role.JOIN  # the rest of a dateline cut by a column break
        elif prev in _BODY and _goes_on(units[i - 1], u, r):
            out[i] = Role.JOIN
    return _summaries(units, _notices(units, _news_boxes(units, _signed_stories(units, _teasers(units, _cut_brackets(units, out))))))


_SUMMARY = re.compile(r"^\s*(?:[»>▶►◆■●]\s*)?(?:核心阅读|内容提要|提要|阅读提示)\s*[:：]?\s*$")  # a summary box's label
SUMMARY_SPAN = 4  # paragraphs after a summary box's label within which its story cannot end (the corpus: never within 12)


def _summaries(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A story that opens on a summary box (核心阅读, 内容提要) goes on well past it: each of
    the corpus's 139 such stories prints at least 12 paragraphs after the label. A heading
    read within the first `SUMMARY_SPAN` paragraphs after the label is a subhead of that story
    (全球有28国推出应用程序追踪病毒密切接触者), and the text under it goes on with the story."""
    out = list(roles)
    for i, u in enumerate(units):
        if u.kind != LABEL_KIND or out[i] not in (Role.START, Role.BODY) or not _SUMMARY.match(u.text):
            continue
        j, seen = i + 1, 0
        while j < len(units) and out[j] in (Role.BODY, Role.JOIN) and seen <= SUMMARY_SPAN:
            if units[j].kind == HEAD_KIND:
                seen = SUMMARY_SPAN + 1  # a subhead read as one: the summary is over, the story's text begun
                break
            seen += out[j] == Role.BODY
            j += 1
        k = j
        while k < len(units) and out[k] in _HEADS:
            k += 1
        if seen > SUMMARY_SPAN or k >= len(units) or out[k] != Role.START:
            continue
        for m in range(j, k + 1):
            out[m] = Role.BODY
    return out


_NOTICE_HEAD = re.compile(r"^.{0,6}(?:启事|更正|声明|公告|通告|讣告|致歉)$")  # 更正, 征订启事, 郑重声明


_OWN_HEAD = re.compile(r"^(?:图片报道|新闻图片|组图)$")  # a photo story's heading, never the end of another's


def _notices(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A notice's heading (更正, 征订启事, 声明) read as a line of the story above it heads a
    notice of its own: the corpus the model learnt from prints no notices, papers do. Nor is a
    notice's heading, or a photo story's (图片报道), the last line of a title printed after the
    story above it: over an opening, it heads what follows."""
    out = list(roles)
    for i in range(1, len(units) - 1):
        t = units[i].text
        notice = len(t) <= 10 and bool(_NOTICE_HEAD.match(t))
        if out[i] in (Role.BODY, Role.JOIN) and out[i + 1] in (Role.BODY, Role.JOIN) and out[i - 1] in _BODY and notice:
            out[i], out[i + 1] = Role.HEAD, Role.START
        elif out[i] == out[i - 1] == Role.HEAD_AFTER and out[i + 1] == Role.START and (notice or _OWN_HEAD.match(t)):
            out[i] = Role.HEAD
    return out


_BOX_NAME = re.compile(r"^.{0,4}(?:速递|短波|速览|资讯|简讯|快讯|短讯|集锦|播报)$")  # 新闻速递, 财经短波, 医学资讯


def _undated_lead(u: Unit) -> bool:
    """Does the unit open with a lead-in that names neither place nor date (本报电, 本报讯)?"""
    if u.kind != LEAD:
        return False
    lead = read_lead_in(u.text)
    return lead is not None and lead.dateline is not None and len(lead.dateline) <= 4


def _news_boxes(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A box of short items under a name of its own (新闻速递 | 中国科技馆发展基金会颁奖 | 本报电
    … | （喻思南） | 高血压专利药… | 本报电 …) is one article titled by the box's name, each
    item's title a paragraph of it, as the paper lists it: read from the heading whose first
    line is such a name (and any text the box opens on, key points or a byline), over the
    items that each open with a lead-in naming no place or date. A name read as a subhead of
    the story above heads the box where an item follows it straight away."""
    out = list(roles)
    i = 0
    while i < len(units):
        read_as_text = out[i] in (Role.BODY, Role.JOIN) and i + 1 < len(units) and out[i + 1] == Role.HEAD  # as a subhead
        opens = read_as_text or (out[i] == Role.HEAD and (i == 0 or out[i - 1] != Role.HEAD))
        box = opens and bool(_BOX_NAME.match(units[i].text))  # (the pattern last: most units open nothing)
        j = i + 1
        if not box or j >= len(units) or out[j] not in (Role.HEAD, Role.START):
            i += 1
            continue
        if read_as_text:
            k = j
            while k < len(units) and out[k] == Role.HEAD:
                k += 1
            if k >= len(units) or out[k] != Role.START or not _undated_lead(units[k]):
                i += 1
                continue  # no item under it: a subhead of the story above after all
            out[i] = Role.HEAD
        if out[j] == Role.START:  # the box opens on text of its own (key points, a byline) before its items
            j += 1
            while j < len(units) and out[j] in (Role.BODY, Role.JOIN):
                j += 1
        while j < len(units):  # the items: heading lines, then a lead-in without place or date
            k = j
            while k < len(units) and out[k] == Role.HEAD:
                k += 1
            if k == j or k >= len(units) or out[k] != Role.START or not _undated_lead(units[k]):
                break
            out[j] = Role.START if j == i + 1 else Role.BODY
            for m in range(j + 1, k + 1):
                out[m] = Role.BODY
            j = k + 1
            while j < len(units) and out[j] in (Role.BODY, Role.JOIN):
                j += 1
        i = j
    return out


def _unclosed(text: str) -> int:
    """Brackets opened and not closed in `text` (negative: closed and not opened)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


_SHORT_CREDIT = re.compile(rf"^.{{1,16}}{CREDIT_END}$")  # 于 洋摄, 新华社记者 蔡伟摄: a photo credit, never a heading line


def _cut_brackets(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A line read as the first line of a heading that closes a bracket it never opened
    (…李亚楠、白林）, …研究中心研究员）) is the end of a paragraph cut off elsewhere: the rest of
    the paragraph above where that left the bracket open, else a piece of the next story
    printed before it (a tail); so is a photo credit read as one (于 洋摄 over 图片报道)."""
    out = list(roles)
    for i, u in enumerate(units):
        if out[i] not in _HEADS or (i and out[i - 1] in _HEADS):
            continue
        if _unclosed(u.text) < 0:
            above = units[i - 1].text if i else ""
            out[i] = Role.JOIN if i and out[i - 1] in _BODY and _unclosed(above) > 0 else Role.TAIL
        elif _SHORT_CREDIT.match(u.text):
            out[i] = Role.TAIL
    return out


def _teasers(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """A teaser's pointer (见2-3版, 详见第5版▶) read as body text: the pointer and the heading
    lines straight above it are the teaser (not the opening of a story), and a heading line
    read as body straight below it titles the story that follows. The label over a box of
    teasers (导读, 要目) is page furniture, never a heading or text of a story."""
    out = list(roles)
    for i, u in enumerate(units):
        if u.kind == LABEL_KIND and TEASER_LABEL.fullmatch(u.text):
            out[i] = Role.FURNITURE
        if u.kind != POINTER or out[i] not in _BODY:
            continue
        out[i] = Role.TEASER
        k = i - 1
        while k >= 0 and units[k].kind == HEAD_KIND and out[k] in (*_BODY, *_HEADS):
            out[k] = Role.TEASER
            k -= 1
        if i + 1 < len(units) and units[i + 1].kind == HEAD_KIND and out[i + 1] in _BODY:
            out[i + 1] = Role.HEAD
    return out


def _untitled_parts(units: Sequence[Unit], roles: list[str], continuity: Sequence[float]) -> list[str]:
    """Titles after their bodies: a part continued from another page (上接第一版) has no
    headline of its own, so a title read straight after it ends a story that began inside it
    (the untitled part and the story after it were read as one). That story starts at the
    paragraph whose text reads most like the title and least like the part before it, where
    the text changes most (`continuity`: how alike the text before and after each unit is);
    where the title reads more like the part than like any story after it, it is the part's
    own subhead and nothing changes."""
    out = list(roles)
    for i, u in enumerate(units):
        if u.frm is None or out[i] != Role.START:
            continue
        k = next((k for k in range(i + 1, len(units)) if out[k] in (Role.START, Role.HEAD, Role.HEAD_AFTER)), None)
        if k is None or out[k] != Role.HEAD_AFTER:
            continue
        cands = [j for j in range(i + 1, k) if out[j] == Role.BODY and units[j - 1].text[-1:] in TERMINAL]
        if cands:
            title = "".join(units[m].text for m in range(k, len(units)) if m == k or out[m] == Role.HEAD_AFTER)
            best = max(cands, key=lambda j: _story_fit(units, i, j, k, title, continuity[j]))
            if _story_fit(units, i, best, k, title, 0.0) > 0:
                out[best] = Role.START
    return out


def _story_fit(units: Sequence[Unit], part: int, j: int, title_at: int, title: str, continuity: float) -> float:
    """How well a story titled `title` (printed at `title_at`) would start at paragraph `j`,
    after an untitled part that begins at `part`: the share of the title's bigrams in the
    story's first `ECHO_CHARS` characters, less their share in the part, less how alike the
    text on either side of `j` is."""
    grams = {title[x:x + 2] for x in range(len(title) - 1)}
    story = "".join(units[m].text for m in range(j, title_at))[:ECHO_CHARS]
    before = "".join(units[m].text for m in range(part, j))
    return (sum(g in story for g in grams) - sum(g in before for g in grams)) / max(len(grams), 1) - continuity


def _signed_stories(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """Heading lines over a byline line (奋进新征程 | 灵丘…：为…注入新活力 | □ 本报记者 X),
    read as a subhead inside a story that opened with a lead-in (本报讯…, 新华社…电): a new
    story. A round-up of signed pieces prints its pieces so, but it never opens with a
    dated lead-in (not one of the corpus's 2,831 articles that does holds a heading over a
    byline)."""
    out = list(roles)
    opened_by_lead = False
    for i, u in enumerate(units):
        if out[i] == Role.START:
            opened_by_lead = u.kind == LEAD
        elif out[i] in _HEADS:
            opened_by_lead = False
        elif u.kind == BYLINE and out[i] == Role.BODY and opened_by_lead:
            heads = [j for j in range(max(i - 3, 0), i) if out[j] == Role.BODY and units[j].kind == HEAD_KIND]
            if heads and heads[-1] == i - 1 and heads == list(range(heads[0], i)):
                for j in heads:
                    out[j] = Role.HEAD
                out[i] = Role.START
                opened_by_lead = False
    return out
