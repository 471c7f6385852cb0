"""Texts as reprint finding compares them: normalised (no spaces or punctuation, fullwidth
folded, so extraction noise does not count), and fingerprinted by a sample of their character
8-gram hashes. The Spark engine computes the same hashes in Spark SQL (`spark.py`)."""

from __future__ import annotations

import unicodedata
import zlib
from array import array
from collections.abc import Sequence

import regex

from ..settings import REPRINTS

GRAM = REPRINTS.gram  # see settings.Reprints
SAMPLE = REPRINTS.sample  # see settings.Reprints
HASH = "crc32"  # the hash of a gram (zlib.crc32 of its UTF-8 bytes; Spark SQL's crc32 gives the same)

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
