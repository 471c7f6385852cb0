"""Cheap text similarity on Chinese character bigrams, used to decide where text belongs."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import regex

_HAN_RUN = regex.compile(r"\p{Han}+")


def bigrams(text: str) -> list[str]:
    """Bigrams of consecutive Han characters (punctuation and digits break runs)."""
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def containment(part: str, whole: str) -> float:
    """Share of `part`'s distinct bigrams that occur in `whole` (0 when `part` has none)."""
    a = set(bigrams(part))
    if not a:
        return 0.0
    return len(a & set(bigrams(whole))) / len(a)


def idf_table(texts: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of bigrams over some texts (paragraphs of a page)."""
    df: Counter[str] = Counter()
    n = 0
    for t in texts:
        n += 1
        df.update(set(bigrams(t)))
    return {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}


def cosine(a: str, b: str, idf: dict[str, float] | None = None) -> float:
    """Cosine of idf-weighted bigram counts of two texts."""
    ca, cb = Counter(bigrams(a)), Counter(bigrams(b))
    if not ca or not cb:
        return 0.0

    def w(g: str) -> float:
        return idf.get(g, 1.0) if idf else 1.0

    dot = sum(v * cb[g] * w(g) ** 2 for g, v in ca.items() if g in cb)
    na = math.sqrt(sum((v * w(g)) ** 2 for g, v in ca.items()))
    nb = math.sqrt(sum((v * w(g)) ** 2 for g, v in cb.items()))
    return dot / (na * nb) if na and nb else 0.0
