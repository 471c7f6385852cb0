"""Compiled-pattern cache: `rx(pattern).search(text)` without the per-call compile lookup."""

from __future__ import annotations

import functools

import regex


@functools.lru_cache(maxsize=1024)
def rx(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """The compiled form of a pattern, compiled once."""
    return regex.compile(pattern, flags)
