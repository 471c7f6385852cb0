"""Bytes to text: BOMs, UTF-8, UTF-16, GB18030/GBK; refuse empty, binary or oversized input.

The only stage that sees bytes. `decode_bytes` either returns the page text or raises
`DecodeError` with a one-line reason.
"""

from __future__ import annotations

import codecs
import re

from ..errors import DecodeError
from ..settings import DEFAULT, Settings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: many NULs on one side of each byte pair."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _try_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM and with few NULs (Chinese text): decodes to readable text."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
        cjk = sum(1 for ch in text if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
        if readable / max(len(text), 1) > 0.98 and (cjk + sum(ch.isascii() for ch in text)) / max(len(text), 1) > 0.9:
            return encoding
    return None


def _control_ratio(text: str) -> float:
    bad = len(_CONTROL.findall(text))
    return bad / max(len(text), 1)


def decode_bytes(data: bytes, source: str | None = None, settings: Settings = DEFAULT) -> str:
    """Decode one page's bytes; raise DecodeError naming the problem."""
    if len(data) > settings.max_bytes:
        raise DecodeError(
            f"too large ({len(data):,} bytes; a page is at most {settings.max_bytes:,})", source
        )
    if not data or data.isspace():  # nothing but white space (as `not data.strip()`, without the copy)
        raise DecodeError("empty input", source)
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise DecodeError(f"invalid {encoding} after its byte-order mark ({e.reason})", source) from e
            break
    if text is None:
        utf16 = _sniff_utf16(data)
        candidates = ([utf16] if utf16 else []) + ["utf-8", "gb18030"]
        if b"\x00" in data and not utf16:
            utf16 = _try_utf16(data)
            if utf16 is None:
                raise DecodeError("binary input (NUL bytes), not a text page", source)
            candidates = [utf16]
        for encoding in candidates:
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise DecodeError("undecodable: neither UTF-8, UTF-16 nor GB18030", source)
    if _control_ratio(text) > settings.max_control_ratio:
        raise DecodeError("binary input (control characters), not a text page", source)
    if not text or text.isspace():
        raise DecodeError("empty input (only white space)", source)
    return text
