"""Reprints: find the same text printed in several places, aligned, with its variants.

Three steps, each a pure function on plain data so that the local engine (here) and the
Spark engine (`reuse_spark.py`) run the very same code:

1. `fingerprints(text)`: the text normalised (no spaces or punctuation, fullwidth folded,
   so extraction noise does not count) and a sample of its character 8-gram hashes
   (those ≡ 0 mod 4: any shared passage of 50 characters shares several of them);
2. candidate pairs: articles sharing at least `MIN_SHARED` sampled hashes, hashes printed
   in very many articles (boilerplate, set phrases) left out;
3. `align(a, b)`: seeds (shared 8-grams) chained along diagonals into passages, each passage
   aligned with Levenshtein opcodes; passages of at least `min_chars` at `min_identity`
   are kept with their offsets in both texts and the differing spans (variants).

Clusters (`cluster`) join articles linked by pairs, average-linkage style: two groups merge
only when more than half of the possible links between them are real pairs, so A~B and B~C
never pull an unrelated A and C into one cluster through B.
"""

from __future__ import annotations

import unicodedata
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex
from rapidfuzz.distance import Levenshtein

GRAM = 8  # characters per fingerprint
SAMPLE = 4  # keep hashes ≡ 0 mod SAMPLE
MIN_SHARED = 5  # sampled hashes two articles must share to be compared
MAX_DF = 200  # a hash in more articles than this is boilerplate, not evidence
MIN_CHARS = 50
MIN_IDENTITY = 0.8
MAX_GAP = 40  # characters between seeds still chained into one passage
CLUSTER_COVER = 0.5  # share of the shorter text a pair must align to link two texts in a cluster

_DROP = regex.compile(r"[\s\p{P}\p{S}]+")


class Normalized:
    """A text without spaces and punctuation, and where each of its characters came from
    (`offsets[i]`: the position in the original text of `text[i]`, worked out when first asked)."""

    __slots__ = ("_offsets", "_source", "text")

    def __init__(self, text: str, source: str, offsets: Sequence[int] | None = None) -> None:
        self.text = text
        self._source = source
        self._offsets = offsets

    @property
    def offsets(self) -> Sequence[int]:
        if self._offsets is None:
            where = array("i")
            for m in _KEPT.finditer(self._source):
                where.extend(range(m.start(), m.end()))
            self._offsets = where
        return self._offsets


_FOLD: dict[str, str] = {}  # character -> what it becomes (may be "" or several characters)
_REGULAR: set[str] = set()  # characters that are dropped by _DROP itself, or fold to exactly one kept character
_TABLE: dict[int, str | None] = {}  # the folds of regular characters, for str.translate
_KEPT = regex.compile(r"[^\s\p{P}\p{S}]+")


def _fold(ch: str) -> str:
    out = _FOLD.get(ch)
    if out is None:
        dropped = bool(_DROP.fullmatch(ch))
        out = "" if dropped else "".join(c.lower() for c in unicodedata.normalize("NFKC", ch) if not _DROP.fullmatch(c))
        _FOLD[ch] = out
        if dropped or len(out) == 1:
            _REGULAR.add(ch)
            _TABLE[ord(ch)] = out or None
    return out


def normalize(text: str) -> Normalized:
    """Fold width (NFKC, per character so offsets stay exact) and drop spaces and punctuation."""
    chars = set(text)
    for ch in chars - _REGULAR:
        _fold(ch)
    if chars <= _REGULAR:  # the usual case: one character in, at most one out, all in C
        return Normalized(text.translate(_TABLE), text)
    out: list[str] = []
    where = array("i")
    for i, ch in enumerate(text):
        folded = _fold(ch)
        out.append(folded)
        where.extend([i] * len(folded))
    return Normalized("".join(out), text, where)


def _hash(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8"))


def fingerprints(text: str) -> set[int]:
    """The sampled 8-gram hashes of a text (normalised first)."""
    norm = normalize(text).text
    grams = {norm[i : i + GRAM] for i in range(len(norm) - GRAM + 1)}
    return {h for h in map(_hash, grams) if h % SAMPLE == 0}


@dataclass(frozen=True, slots=True)
class Variant:
    """One difference inside an aligned passage: what each text prints there."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "a_start": self.a_start, "a_end": self.a_end, "b_start": self.b_start, "b_end": self.b_end,
            "a": self.a_text, "b": self.b_text,
        }


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage printed in both texts: offsets into each original text, identity, variants."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    identity: float
    chars: int  # aligned length (normalised characters)
    variants: tuple[Variant, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "a_start": self.a_start, "a_end": self.a_end, "b_start": self.b_start, "b_end": self.b_end,
            "identity": round(self.identity, 4), "chars": self.chars,
            "variants": [v.to_json() for v in self.variants],
        }


def _seeds(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (i, j) where a and b share an 8-gram (each a-gram to at most 4 places in b)."""
    b_grams = [b[j : j + GRAM] for j in range(len(b) - GRAM + 1)]
    first = dict(zip(reversed(b_grams), range(len(b_grams) - 1, -1, -1), strict=True))
    a_grams = [a[i : i + GRAM] for i in range(len(a) - GRAM + 1)]
    if len(first) == len(b_grams):  # no 8-gram twice in b (the usual case): one place each
        return [(i, first[g]) for i, g in enumerate(a_grams) if g in first]
    index: dict[str, list[int]] = defaultdict(list)
    for j, g in enumerate(b_grams):
        index[g].append(j)
    return [(i, j) for i, g in enumerate(a_grams) if g in first for j in index[g][:4]]


def _chains(seeds: list[tuple[int, int]], max_gap: int = MAX_GAP) -> list[tuple[int, int, int, int]]:
    """Seeds chained into regions (a_start, a_end, b_start, b_end) along near diagonals."""
    seeds.sort()
    chains: list[list[int]] = []  # [a0, a1, b0, b1, diag]
    for i, j in seeds:
        d = j - i
        for c in reversed(chains[-8:]):
            if i - c[1] <= max_gap and abs(d - c[4]) <= max_gap and j >= c[2]:
                c[1] = max(c[1], i + GRAM)
                c[3] = max(c[3], j + GRAM)
                c[4] = d
                break
        else:
            chains.append([i, i + GRAM, j, j + GRAM, d])
    return [(c[0], c[1], c[2], c[3]) for c in chains]


def align(
    text_a: str, text_b: str, min_chars: int = MIN_CHARS, min_identity: float = MIN_IDENTITY
) -> list[Passage]:
    """The passages two texts share, with offsets into the original texts and variants."""
    na, nb = normalize(text_a), normalize(text_b)
    seeds = _seeds(na.text, nb.text)
    regions = []
    for a0, a1, b0, b1 in _chains(seeds):
        if _identity(na.text[a0:a1], nb.text[b0:b1]) >= min_identity:
            regions.append((a0, a1, b0, b1))
        else:  # an inserted or dropped sentence inside: chain again, tightly, and keep what holds
            inner = [(i, j) for i, j in seeds if a0 <= i < a1 and b0 <= j < b1]
            regions.extend(_chains(inner, GRAM))
    passages = []
    for a0, a1, b0, b1 in regions:
        sa, sb = na.text[a0:a1], nb.text[b0:b1]
        if min(len(sa), len(sb)) < min_chars:
            continue
        identity = _identity(sa, sb)
        if identity < min_identity:
            continue
        variants = []
        for op in Levenshtein.opcodes(sa, sb):
            if op.tag == "equal":
                continue
            va0, va1 = a0 + op.src_start, a0 + op.src_end
            vb0, vb1 = b0 + op.dest_start, b0 + op.dest_end
            oa0, oa1 = _span(na, va0, va1)
            ob0, ob1 = _span(nb, vb0, vb1)
            variants.append(Variant(oa0, oa1, ob0, ob1, text_a[oa0:oa1], text_b[ob0:ob1]))
        pa0, pa1 = _span(na, a0, a1)
        pb0, pb1 = _span(nb, b0, b1)
        passages.append(Passage(pa0, pa1, pb0, pb1, identity, max(len(sa), len(sb)), tuple(variants)))
    return passages


def _identity(a: str, b: str) -> float:
    return 1 - Levenshtein.distance(a, b) / max(len(a), len(b), 1)


def _span(norm: Normalized, start: int, end: int) -> tuple[int, int]:
    """Original offsets of normalised characters [start, end) (empty spans anchor at start)."""
    if not norm.offsets:
        return 0, 0
    if start >= len(norm.offsets):
        pos = norm.offsets[-1] + 1
        return pos, pos
    if end <= start:
        pos = norm.offsets[start]
        return pos, pos
    return norm.offsets[start], norm.offsets[end - 1] + 1


def candidate_pairs(prints: dict[int, set[int]], new: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """Pairs (a < b) of article ids that share enough sampled hashes. With `new`, only pairs
    that involve at least one of those ids (an incremental run)."""
    postings: dict[int, list[int]] = defaultdict(list)
    for aid, hashes in prints.items():
        for h in hashes:
            postings[h].append(aid)
    fresh = set(new) if new is not None else None
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
        if len(ids) < 2 or len(ids) > MAX_DF:
            continue
        ids.sort()
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = ids[x], ids[y]
                if fresh is not None and a not in fresh and b not in fresh:
                    continue
                shared[(a, b)] += 1
    return {pair for pair, n in shared.items() if n >= MIN_SHARED}


@dataclass(slots=True)
class Cluster:
    members: list[int] = field(default_factory=list)


def cluster(pairs: Iterable[tuple[int, int]], link_share: float = 0.5) -> list[list[int]]:
    """Group linked articles; two groups merge only when more than `link_share` of the links
    between their members exist (so a middle member cannot chain unrelated texts)."""
    links = {(min(a, b), max(a, b)) for a, b in pairs}
    group: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for a, b in sorted(links):
        for x in (a, b):
            if x not in group:
                group[x] = x
                members[x] = [x]
    for a, b in sorted(links):
        ga, gb = group[a], group[b]
        if ga == gb:
            continue
        ma, mb = members[ga], members[gb]
        real = sum(1 for x in ma for y in mb if (min(x, y), max(x, y)) in links)
        if real <= link_share * len(ma) * len(mb):
            continue
        if len(ma) < len(mb):
            ga, gb, ma, mb = gb, ga, mb, ma
        for x in mb:
            group[x] = ga
        ma.extend(mb)
        del members[gb]
    return sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])


# ---------------------------------------------------------------- the local engine


@dataclass(frozen=True, slots=True)
class ReuseReport:
    new_articles: int
    candidates: int
    pairs_found: int
    pairs_total: int
    clusters: int


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """A reprint cluster: its members in date order and what the literature reports on one.

    A printing is a story: the parts of a story continued on another page are members each
    (each is compared on its own), but one printing, listed under it (`printings`)."""

    id: str
    members: tuple[Any, ...]  # StoredArticle, in date order
    fullest: int  # the id of the longest version
    papers: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    span_days: int | None
    overlap: float  # aligned characters over the shorter text, averaged over the pairs
    same_paper: bool  # all members come from one paper (boilerplate, not a reprint)
    printings: tuple[tuple[Any, ...], ...] = ()  # the members by story, each story's parts in reading order

    @property
    def size(self) -> int:
        """How many times the text was printed: stories, not parts."""
        return len(self.printings) if self.printings else len(self.members)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "size": self.size,
            "printings": [[m.id for m in printing] for printing in self.printings],
            "members": [
                {"id": m.id, "paper": m.paper, "date": m.date, "page": m.page, "title": m.article.title,
                 "chars": len(m.article.body)}
                for m in self.members
            ],
            "fullest": self.fullest,
            "papers": list(self.papers),
            "first_date": self.first_date,
            "last_date": self.last_date,
            "span_days": self.span_days,
            "lexical_overlap": round(self.overlap, 4),
            "same_paper_only": self.same_paper,
        }


def run(
    archive: Any, min_chars: int = MIN_CHARS, min_identity: float = MIN_IDENTITY
) -> ReuseReport:
    """Find reprint pairs over the archive; only what is new since the last run is compared."""
    import json

    from . import store

    settings = f"{min_chars}/{min_identity}/{GRAM}/{SAMPLE}/crc32"
    if store.meta_get(archive, "reuse_settings") != settings:
        store.reuse_reset(archive)  # other thresholds: start again
        store.meta_set(archive, "reuse_settings", settings)
    new_rows = store.reuse_new_articles(archive, min_chars)
    store.reuse_save_prints(archive, ((i, fingerprints(body)) for i, body in new_rows))
    prints = store.reuse_load_prints(archive)
    cands = candidate_pairs(prints, new=[i for i, _ in new_rows])
    known = store.reuse_known_pairs(archive)
    found = 0
    papers = dict(archive.db.execute("SELECT id, paper FROM articles").fetchall())
    body = store.article_body
    a_id_seen, a_body = None, None
    for a_id, b_id in sorted(cands - known):
        if a_id != a_id_seen:  # pairs come grouped by their first article
            a_id_seen, a_body = a_id, body(archive, a_id)
        b_body = body(archive, b_id)
        if a_body is None or b_body is None:
            continue
        passages = align(a_body, b_body, min_chars, min_identity)
        if not passages:
            continue
        chars = sum(p.chars for p in passages)
        identity = sum(p.identity * p.chars for p in passages) / chars
        same = papers.get(a_id) is not None and papers.get(a_id) == papers.get(b_id)
        store.reuse_save_pair(
            archive, a_id, b_id, same, chars, identity, json.dumps([p.to_json() for p in passages], ensure_ascii=False)
        )
        found += 1
    archive.commit()
    total = len(store.reuse_pairs(archive))
    return ReuseReport(len(new_rows), len(cands), found, total, len(clusters(archive)))


def cluster_groups(archive: Any, across_papers_only: bool = False) -> tuple[list[list[int]], dict[tuple[int, int], int]]:
    """The archive's reprint clusters as lists of article ids, and every pair's aligned length."""
    from . import store

    chars = store.reuse_pair_chars(archive, across_papers_only)
    size = store.reuse_pair_sizes(archive)  # length of each paired article
    # a pair joins a cluster only when the shared text is most of the shorter one: a passage
    # quoted inside another article stays a pair without merging the two families of texts
    strong = [(a, b) for (a, b), c in chars.items() if c >= CLUSTER_COVER * min(size.get(a, 1), size.get(b, 1))]
    return cluster(strong), chars


def describe(archive: Any, group: list[int], pairs: Iterable[tuple[int, int, int]]) -> ClusterInfo:
    """What is known of one cluster (`pairs`: its members' pairs with their aligned length)."""
    import datetime as dt

    members = [m for m in (archive.article(i) for i in group) if m is not None]
    members.sort(key=lambda m: (m.date or "9999", m.id))
    lengths = {m.id: len(normalize(m.article.body).text) for m in members}
    ratios = [c / max(1, min(lengths.get(a, 1), lengths.get(b, 1))) for a, b, c in pairs]
    dates = [m.date for m in members if m.date]
    span = None
    if dates:
        span = (dt.date.fromisoformat(max(dates)) - dt.date.fromisoformat(min(dates))).days
    paper_names = tuple(sorted({m.paper or "?" for m in members}))
    printings = _printings(archive, members)
    return ClusterInfo(
        id=f"c{group[0]}",
        members=tuple(members),
        fullest=max(members, key=lambda m: (len(m.article.body), -m.id)).id if members else group[0],
        papers=paper_names,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        span_days=span,
        overlap=min(1.0, sum(ratios) / len(ratios)) if ratios else 0.0,
        same_paper=len(paper_names) == 1 and paper_names[0] != "?",
        printings=printings,
    )


def _printings(archive: Any, members: list[Any]) -> tuple[tuple[Any, ...], ...]:
    """Members grouped by the story they belong to (parts in reading order), in the members'
    order: a story continued on another page is one printing, however many of its parts
    the cluster holds."""
    story_of = getattr(archive, "story", None)
    groups: dict[int, list[Any]] = {}
    order: dict[int, int] = {}
    for m in members:
        key = m.id
        if story_of is not None and (getattr(m, "prev_id", None) or getattr(m, "next_id", None)):
            story = story_of(m.id)
            if story is not None and story.parts:
                key = story.parts[0].id
                order.update((p.id, k) for k, p in enumerate(story.parts))
        groups.setdefault(key, []).append(m)
    return tuple(tuple(sorted(g, key=lambda m: order.get(m.id, 0))) for g in groups.values())


def clusters(archive: Any, across_papers_only: bool = False) -> list[ClusterInfo]:
    """The reprint clusters of the archive, largest first."""
    groups, chars = cluster_groups(archive, across_papers_only)
    where = {i: k for k, group in enumerate(groups) for i in group}
    in_group: list[list[tuple[int, int, int]]] = [[] for _ in groups]
    for (a, b), c in chars.items():
        k = where.get(a)
        if k is not None and where.get(b) == k:
            in_group[k].append((a, b, c))
    out = [describe(archive, group, pairs) for group, pairs in zip(groups, in_group, strict=True)]
    out.sort(key=lambda c: (-c.size, c.id))
    return out
