"""parse_number: Arabic and Chinese numerals to integers."""

from __future__ import annotations

import pytest

from baokan.parse.numerals import parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        ("12", 12),
        ("007", 7),
        (" 5 ", 5),
        ("三", 3),
        ("两", 2),
        ("零", 0),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("三百二十一", 321),
        ("一千", 1000),
        ("二〇二三", 2023),  # more than one digit and no unit: read digit by digit
        ("一九四九", 1949),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("二〇二三", 2023), ("二零二四", 2024), ("一九四九", 1949), ("三", 3), ("2023", 2023), ("十二", None), ("二十三", None)],
)
def test_parse_number_digits_only(text: str, expected: int | None) -> None:
    assert parse_number(text, digits_only=True) == expected


@pytest.mark.parametrize("text", [None, "", "abc", "三x", "12a", "x3", "第三", "三版", "3.5", "-3", "Ⅲ", "三　四五"])
def test_junk_is_none(text: str | None) -> None:
    assert parse_number(text) is None


def test_white_space_only_is_none() -> None:
    """Regression: white space alone was read as 0."""
    assert parse_number("   ") is None
