"""Chinese and Arabic numerals to integers: 3, 三, 十二, 二十三, 一百零五, 二〇二三."""

from __future__ import annotations

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_number(text: str | None, digits_only: bool = False) -> int | None:
    """The integer a numeral spells, or None. `digits_only` reads 二〇二三 digit by digit."""
    text = (text or "").strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if digits_only or (len(text) > 1 and all(ch in _DIGITS for ch in text)):
        if all(ch in _DIGITS for ch in text):
            return int("".join(str(_DIGITS[ch]) for ch in text))
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current
