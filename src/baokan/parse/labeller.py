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

import numpy as np
import pycrfsuite

from ..rx import rx
from .bylines import read_byline, read_lead_in, read_trailing_lead_in
from .restore import TERMINAL
from .structure import ROLES, Role
from .units import BODY as BODY_KIND
from .units import BYLINE, CAPTION, CREDIT, LEAD, Unit, continues
from .units import HEAD as HEAD_KIND

MODEL = "labeller.crfsuite"
SIM_CHARS = 200  # characters of each end of a unit counted for topical continuity (bounds the cost)
CONT_UNITS = 3  # units on each side of a boundary compared for topical continuity
CONT_BLOCK = 256  # units whose continuity is computed at once (bounds memory on huge pages)
HASH_DIM = 2048  # slots that a unit's bigrams are hashed into for those comparisons
ECHO_CHARS = 400  # characters of the text beside a short unit searched for its echo

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


def _bigrams(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of adjacent Han characters within each text, vectorised over the page: the
    pair's id (its two code points) and the index of the text it is in."""
    joined = "\n".join(texts)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    han = ((cp >= 0x4E00) & (cp <= 0x9FFF)) | ((cp >= 0x3400) & (cp <= 0x4DBF))
    pair = han[:-1] & han[1:]
    starts = np.zeros(len(cp), dtype=np.int64)
    offsets = np.cumsum([len(t) + 1 for t in texts[:-1]], dtype=np.int64)
    starts[offsets[offsets < len(cp)]] = 1
    text_of = np.cumsum(starts)[:-1][pair]
    ids = (cp[:-1] * 0x110000 + cp[1:])[pair]
    return ids, text_of


def _continuity(units: Sequence[Unit]) -> tuple[list[float], list[float]]:
    """For each unit i: how alike the text before it and the text from it on are (`prev`),
    and the text before and after it (`around`, for a heading between two stretches).

    Each unit is a bag of Han bigrams (hashed into `HASH_DIM` slots), weighted by inverse
    document frequency over the page's units; windows of `CONT_UNITS` units are sums of
    neighbouring rows, so a block of units costs a few array operations."""
    n = len(units)
    if n == 0:
        return [], []
    ids, unit_of = _bigrams([u.text if len(u.text) <= 2 * SIM_CHARS else u.text[:SIM_CHARS] + "\n" + u.text[-SIM_CHARS:]
                             for u in units])
    slot = (ids * 7919) % HASH_DIM
    k = CONT_UNITS
    present = _distinct(unit_of * HASH_DIM + slot)
    idf = np.log((n + 1) / (np.bincount(present % HASH_DIM, minlength=HASH_DIM) + 0.5)).astype(np.float32)
    bounds = np.searchsorted(unit_of, np.arange(n + 1))  # bigrams come in text order: unit_of ascends
    prev = np.zeros(n, dtype=np.float32)
    around = np.zeros(n, dtype=np.float32)
    for s in range(0, n, CONT_BLOCK):  # blocks of units, so that memory stays flat on huge pages
        e = min(n, s + CONT_BLOCK)
        lo, hi = max(0, s - k), min(n, e + k + 1)
        a, b = bounds[lo], bounds[hi]
        m = hi - lo
        bags = np.bincount((unit_of[a:b] - lo) * HASH_DIM + slot[a:b], minlength=m * HASH_DIM)
        padded = np.zeros((m + 2 * k + 1, HASH_DIM), dtype=np.float32)
        padded[k:k + m] = bags.astype(np.float32).reshape(m, HASH_DIM) * idf
        rows = np.arange(s, e) - lo

        def window(start: int, rows: np.ndarray = rows, padded: np.ndarray = padded) -> np.ndarray:
            """Row r: the sum of units r+start .. r+start+k-1 (zero outside the page)."""
            out = padded[k + start + rows].copy()
            for j in range(1, k):
                out += padded[k + start + j + rows]
            return out

        left = window(-k)
        prev[s:e] = _cos(left, window(0))
        around[s:e] = _cos(left, window(1))
    return prev.tolist(), around.tolist()


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (numpy's hashing `unique` is slower on large pages)."""
    s = np.sort(values)
    return s[np.concatenate(([True], s[1:] != s[:-1]))] if len(s) else s


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    norms = np.sqrt(np.einsum("ij,ij->i", a, a) * np.einsum("ij,ij->i", b, b))
    dots = np.einsum("ij,ij->i", a, b)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def _gram_sets(units: Sequence[Unit]) -> list[frozenset[int]]:
    """Each unit's distinct Han bigrams (of its first `ECHO_CHARS` characters), as ids."""
    ids, unit_of = _bigrams([u.text[:ECHO_CHARS] for u in units])
    order = np.lexsort((ids, unit_of))
    ids, unit_of = ids[order], unit_of[order]
    bounds = np.searchsorted(unit_of, np.arange(len(units) + 1)).tolist()
    grams = ids.tolist()
    return [frozenset(grams[bounds[i]:bounds[i + 1]]) for i in range(len(units))]


def _sim_bucket(s: float) -> str:
    return "0" if s < 0.03 else "1" if s < 0.08 else "2" if s < 0.15 else "3" if s < 0.25 else "4"


def _echo(text: str, own: frozenset[int], others: Sequence[frozenset[int]]) -> str:
    """How much of a short unit's bigrams (`own`) recur in the text beside it (`others`:
    the bigrams of the units that make up its first `ECHO_CHARS` characters), bucketed."""
    if not own or len(text) > 80 or not others:
        return "na"
    near = frozenset().union(*others)
    s = len(own & near) / len(own)
    return "0" if s < 0.1 else "1" if s < 0.3 else "2" if s < 0.5 else "3"


def _reach(units: Sequence[Unit], start: int, step: int) -> int:
    """From `start`, how many units (going by `step`) it takes to read `ECHO_CHARS` characters."""
    n, total, i = 0, 0, start
    while 0 <= i < len(units) and total < ECHO_CHARS and n < 3:
        total += len(units[i].text)
        n += 1
        i += step
    return n


_OPENING = (r"^(?:\d{1,2}月\d{1,2}日|\d{4}年|[今去前明]年|近[日期年来]|日前|目前|当前|前不久|眼下|连日来|最近|"
            r"新华社|本报|记者|据|在|从|随着|作为|对于|每[年天逢当])")


ORIENTATIONS = ("before", "after")  # titles printed before their bodies, or after them


def orient(feats: list[dict[str, float | str]], orientation: str) -> list[dict[str, float | str]]:
    """The features with the page's orientation (titles before or after their bodies) added:
    a fact of the whole page, known from gold when training and tried both ways when labelling."""
    return [f | _orientation_features(f, orientation) for f in feats]


def _orientation_features(f: dict[str, float | str], orientation: str) -> dict[str, float | str]:
    return {
        "orient": orientation,
        "orient|kind": f"{orientation}|{f['kind']}",
        "orient|echo": f"{orientation}|{f['echo_next']}|{f['echo_prev']}",
    }


def features(units: Sequence[Unit], own_paper: str | None = None) -> list[dict[str, float | str]]:
    """One feature dict per unit: its own facts, its neighbours', and how it echoes them
    (the page's orientation is added by `orient`)."""
    own = [_own(u, own_paper) for u in units]
    n = len(units)
    prev, around = _continuity(units)
    grams = _gram_sets(units)
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
        if i and continues(units[i - 1], u):
            f["rule_join"] = 1.0
        if i and units[i - 1].text and units[i - 1].text[-1] not in TERMINAL:
            f["prev_open"] = 1.0
        if i == 0:
            f["page_start"] = 1.0
        if i == n - 1:
            f["page_end"] = 1.0
        f["echo_next"] = _echo(u.text, grams[i], grams[i + 1:i + 1 + _reach(units, i + 1, 1)])
        start = max(i - 3, 0)
        f["echo_prev"] = _echo(u.text, grams[i], grams[start:min(start + _reach(units, start, 1), i)])
        if i + 1 < n:
            nxt = units[i + 1].text
            f["1:c01"] = nxt[:2]
            if rx(_OPENING).match(nxt):
                f["1:opening"] = 1.0
        if i:
            f["-1:cz2"] = units[i - 1].text[-2:]
        if len(u.text) <= 60:
            f["cont_around"] = _sim_bucket(around[i])
        f["cont_prev"] = _sim_bucket(prev[i])
        if len(u.text) <= 30:
            for k in range(len(u.text) - 1):
                f["bg:" + u.text[k:k + 2]] = 1.0
        f["kind|last|-1last"] = f"{u.kind}|{f['last']}|{f.get('-1:last', 'edge')}"
        f["kind|len"] = f"{u.kind}|{f['len']}"
        ca = f.get("cont_around", "long")
        f["len|last|ca"] = f"{f['len']}|{f['last']}|{ca}"
        f["-1last|cp|len"] = f"{f.get('-1:last', 'edge')}|{f['cont_prev']}|{f['len']}"
        f["echo|ca|len"] = f"{f['echo_next']}|{ca}|{f['len']}"
        f["kinds"] = f"{f.get('-1:kind', 'edge')}|{u.kind}|{f.get('1:kind', 'edge')}"
        f["lens"] = f"{f.get('-1:len', 'edge')}|{f['len']}|{f.get('1:len', 'edge')}"
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
    feats = features(units, own_paper)
    best: tuple[float, str, list[str]] | None = None
    base = to_crfsuite(feats)  # converted once; only the orientation's few features differ
    for orientation in ORIENTATIONS:
        extra = to_crfsuite([_orientation_features(f, orientation) for f in feats])
        tagger.set([b | e for b, e in zip(base, extra, strict=True)])
        roles = tagger.tag()
        p = tagger.probability(roles)
        if best is None or p > best[0]:
            best = (p, orientation, roles)
    assert best is not None
    return repair(units, [r if r in ROLES else Role.BODY for r in best[2]])


_BODY = (Role.START, Role.BODY, Role.JOIN, Role.TAIL)


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
    if prev.kind in (CREDIT, BYLINE, CAPTION):
        return False
    return bool(prev.text) and (prev.text[-1] not in TERMINAL or prev.para.last_full)


def _titles(units: Sequence[Unit], roles: list[str], j: int) -> bool:
    """Can unit `j`, read as body text, be a heading line instead (it stands just above a
    lead-in)? A heading-like line, or a short unfinished one that follows no unfinished text."""
    u = units[j]
    if roles[j] not in (Role.BODY, Role.JOIN, Role.START):
        return False
    if u.kind == HEAD_KIND:
        return True
    if u.kind != BODY_KIND or not u.text or len(u.text) > 60 or u.text[-1] in TERMINAL or u.text[-1] in "：:，,":
        return False
    before = units[j - 1].text if j else ""
    return not before or before[-1] in TERMINAL or roles[j - 1] in (Role.HEAD, Role.HEAD_AFTER, Role.FURNITURE)


def repair(units: Sequence[Unit], roles: list[str]) -> list[str]:
    """Hard constraints that the chain model cannot express, applied to its answer:
    a lead-in is never a heading or the rest of another paragraph (it opens a body), and a
    heading line straight above it titles it; a photo credit never continues a paragraph; a
    finished sentence (…。) is no heading; a continuation (J) follows unfinished body text, and
    body text cut mid-sentence by a column break is continued by what follows."""
    out = list(roles)
    for i, (u, r) in enumerate(zip(units, roles, strict=True)):
        prev = out[i - 1] if i else None
        if u.kind == LEAD and r not in (Role.START, Role.BODY, Role.TAIL):
            out[i] = Role.TAIL if r == Role.JOIN and prev == Role.TAIL else Role.START
        elif u.kind == LEAD and r == Role.BODY and i and _titles(units, out, i - 1):
            out[i - 1], out[i] = Role.HEAD, Role.START  # a heading line straight above a lead-in titles it
        elif u.kind == CREDIT and r in (Role.JOIN, Role.HEAD, Role.HEAD_AFTER):
            out[i] = Role.CREDIT if prev == Role.CAPTION or (i and units[i - 1].kind == CAPTION) else Role.BODY
        elif r in (Role.HEAD, Role.HEAD_AFTER) and u.text.endswith("。"):
            out[i] = Role.BODY  # a finished sentence is not a heading line
        elif r == Role.JOIN and (prev not in _BODY or not _may_continue(units[i - 1])):
            out[i] = Role.START if prev in (Role.HEAD, None) else Role.BODY
        elif prev in _BODY and _goes_on(units[i - 1], u, r):
            out[i] = Role.JOIN
    for i in range(len(out) - 1):
        if out[i] == Role.HEAD and out[i + 1] == Role.START and _cut_sentence(units[i], units[i + 1]):
            out[i], out[i + 1] = Role.START, Role.JOIN  # a body line cut by a column break, not a heading
    return out


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
