"""Cheap text similarity on Chinese character bigrams, used to decide where text belongs."""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable

import regex

_HAN_RUN = regex.compile(r"\p{Han}{2,}")
DF_WINDOW = 2000  # characters of each paragraph counted for document frequencies


def bigrams(text: str) -> list[str]:
    """Bigrams of consecutive Han characters (punctuation and digits break runs)."""
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        out.extend(map(str.__add__, run, run[1:]))
    return out


@functools.lru_cache(maxsize=256)
def _counts(text: str) -> Counter[str]:
    return Counter(bigrams(text))


def bigram_counts(text: str) -> Counter[str]:
    """The Han bigram counts of a text (cached; do not modify the result)."""
    return _counts(text)


def containment(part: str, whole: str) -> float:
    """Share of `part`'s distinct bigrams that occur in `whole` (0 when `part` has none)."""
    a = _counts(part).keys()
    if not a:
        return 0.0
    return len(a & _counts(whole).keys()) / len(a)


class Weights:
    """Inverse document frequency of bigrams over the paragraphs of one page, with the
    weighted vectors of texts computed once each."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._df: Counter[str] = Counter()
        self._n = 0
        for t in texts:
            self._n += 1
            self._df.update(_counts(t[:DF_WINDOW]).keys())
        self._vectors: dict[str, tuple[dict[str, float], float]] = {}
        self._weights: dict[str, float] = {}

    def weight(self, gram: str) -> float:
        w = self._weights.get(gram)
        if w is None:
            w = self._weights[gram] = math.log((self._n + 1) / (self._df.get(gram, 0) + 0.5))
        return w

    def vector(self, text: str) -> tuple[dict[str, float], float]:
        v = self._vectors.get(text)
        if v is None:
            weight = self.weight
            vec = {g: c * weight(g) for g, c in _counts(text).items()}
            v = (vec, math.sqrt(sum(x * x for x in vec.values())))
            self._vectors[text] = v
        return v


def idf_table(texts: Iterable[str]) -> Weights:
    """The bigram weights of a page, from its paragraphs."""
    return Weights(texts)


def cosine(a: str, b: str, idf: Weights | None = None) -> float:
    """Cosine of idf-weighted bigram counts of two texts."""
    if idf is None:
        idf = Weights(())
    va, na = idf.vector(a)
    vb, nb = idf.vector(b)
    if not na or not nb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    dot = sum(x * vb[g] for g, x in va.items() if g in vb)
    return dot / (na * nb)
