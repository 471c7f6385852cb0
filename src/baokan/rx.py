"""Compiled-pattern cache: `rx(pattern).search(text)` without the per-call compile lookup.

`WS` spells out, for the standard library's `re`, the white space that `regex` means by `\\s`
(Unicode White_Space): `re`'s own `\\s` also takes U+001C–U+001F. Hot paths use `re` where a
pattern needs no `regex` feature (`\\p{Han}`, variable-width look-behind): its calls cost less.
"""

from __future__ import annotations

import functools

import regex

# the characters of `regex`'s \s, as the body of a character class for `re`
WS = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@functools.lru_cache(maxsize=1024)
def rx(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """The compiled form of a pattern, compiled once."""
    return regex.compile(pattern, flags)
