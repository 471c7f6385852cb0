"""Alignment: the passages two texts share, with offsets into both and their variants.

Seeds (shared 8-grams of the normalised texts) are chained along near diagonals into regions;
each region is aligned with Levenshtein opcodes, and those of at least `min_chars` at
`min_identity` are kept as passages, with the differing spans (variants). `compare` turns two
articles into the pair the archive stores: the one place both engines (local and Spark) do so.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rapidfuzz.distance import Levenshtein

from ..settings import REPRINTS
from .fingerprint import GRAM, Normalized, normalize

MIN_CHARS = REPRINTS.min_chars  # see settings.Reprints
MIN_IDENTITY = REPRINTS.min_identity  # see settings.Reprints
MAX_GAP = REPRINTS.max_gap  # see settings.Reprints
SEED_PLACES = REPRINTS.seed_places  # see settings.Reprints
CHAIN_LOOKBACK = REPRINTS.chain_lookback  # see settings.Reprints


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
    """Positions (i, j) where a and b share an 8-gram (each a-gram to at most SEED_PLACES places in b)."""
    b_grams = [b[j : j + GRAM] for j in range(len(b) - GRAM + 1)]
    first = dict(zip(reversed(b_grams), range(len(b_grams) - 1, -1, -1), strict=True))
    a_grams = [a[i : i + GRAM] for i in range(len(a) - GRAM + 1)]
    if len(first) == len(b_grams):  # no 8-gram twice in b (the usual case): one place each
        return [(i, first[g]) for i, g in enumerate(a_grams) if g in first]
    index: dict[str, list[int]] = defaultdict(list)
    for j, g in enumerate(b_grams):
        index[g].append(j)
    return [(i, j) for i, g in enumerate(a_grams) if g in first for j in index[g][:SEED_PLACES]]


def _chains(seeds: list[tuple[int, int]], max_gap: int = MAX_GAP) -> list[tuple[int, int, int, int]]:
    """Seeds chained into regions (a_start, a_end, b_start, b_end) along near diagonals."""
    seeds.sort()
    chains: list[list[int]] = []  # [a0, a1, b0, b1, diag]
    for i, j in seeds:
        d = j - i
        for c in reversed(chains[-CHAIN_LOOKBACK:]):
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


def compare(
    a_id: int, b_id: int, a_paper: str | None, b_paper: str | None, a_body: str, b_body: str,
    min_chars: int = MIN_CHARS, min_identity: float = MIN_IDENTITY,
) -> tuple[int, int, bool, int, float, str] | None:
    """Two articles as the reprint pair the archive stores, (a_id, b_id, same_paper, chars,
    identity, passages as JSON), or None when they share no passage: the aligned length is the
    passages' sum, the identity their length-weighted mean."""
    passages = align(a_body, b_body, min_chars, min_identity)
    if not passages:
        return None
    chars = sum(p.chars for p in passages)
    identity = sum(p.identity * p.chars for p in passages) / chars
    same = a_paper is not None and a_paper == b_paper
    return a_id, b_id, same, chars, identity, json.dumps([p.to_json() for p in passages], ensure_ascii=False)
