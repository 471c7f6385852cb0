"""Jump markers and teaser pointers.

- （下转第三版）, (下转第4版), 下转A3版, （转第2版）, （下接第二版）, 下转第2版▶ → `continued_to`
- （上接第一版）, (上接第2版), 上接A1版, （接第1版） → `continued_from`
- 刊3版▶, 见2-3版, ▶详见第5版, →4版, …（第9版） → a teaser's pointer (`refers_to`)

Chinese numerals work; a letter section prefix (A3) is kept apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..rx import rx
from ..vocab import HAN_DIGITS, number
from .numerals import parse_number

_NUM = number("{1,3}", "{1,4}")
_OPEN = r"[（(〔【\[［]"
_CLOSE = r"[）)〕】\]］]"

_TO_WORDS = r"(?:下转|下接|转至|续转|转接|转)"
_FROM_WORDS = r"(?:上接|紧接|接上|承上|接|续)"

_TO_PAREN = regex.compile(rf"{_OPEN}\s*{_TO_WORDS}\s*第?\s*([A-Za-z]?)\s*({_NUM})\s*(?:版|页|面)\s*{_CLOSE}")
_FROM_PAREN = regex.compile(rf"{_OPEN}\s*{_FROM_WORDS}\s*第?\s*([A-Za-z]?)\s*({_NUM})\s*(?:版|页|面)\s*{_CLOSE}")
_TO_BARE_END = regex.compile(rf"\s*(?:下转|下接|转至|续转)\s*第?\s*([A-Za-z]?)\s*({_NUM})\s*(?:版|页)\s*[▶►>→»]*\s*$")
_TO_PAREN_END = regex.compile(rf"{_OPEN}\s*{_TO_WORDS}\s*第?\s*[A-Za-z]?\s*{_NUM}\s*(?:版|页|面)\s*{_CLOSE}\s*$")
_FROM_BARE_START = regex.compile(rf"^\s*(?:上接|紧接|接上)\s*第?\s*([A-Za-z]?)\s*({_NUM})\s*(?:版|页)\s*")
_FROM_PREV_PAGE = regex.compile(rf"{_OPEN}\s*(?:接上页|上接上页|接前页)\s*{_CLOSE}")
_TO_NEXT_PAGE = regex.compile(rf"{_OPEN}\s*(?:转下页|下转下页|续下页)\s*{_CLOSE}")

_HINT = regex.compile(rf"[转接续承][\s第A-Za-z0-9{HAN_DIGITS}]{{0,10}}[版页面]|上页|下页|前页")
_PAGES = rf"([A-Za-z]?\s*(?:{_NUM}))(?:\s*[-—－~～至、]\s*([A-Za-z]?\s*(?:{_NUM})))?"  # 3, A3, 三, 2-3, 2至3
POINTER = regex.compile(
    rf"(?:{_OPEN}\s*)?(?:[▶►>→»]+\s*)?(?:详见|刊|见|转)\s*第?\s*{_PAGES}\s*(?:版|页|面)(?:\s*{_CLOSE})?\s*[▶►>→»]*"
)
_POINTER_ARROW = regex.compile(rf"[▶►→]+\s*第?\s*{_PAGES}\s*版")  # ▶5版, →4-5版
# …（第9版）, …（4-5版）: a teaser's last words; not a book's edition (《新华字典》（第12版）)
_POINTER_PAREN = regex.compile(rf"(?<!》\s*){_OPEN}\s*第?\s*{_PAGES}\s*版\s*{_CLOSE}\s*$")


@dataclass(frozen=True, slots=True)
class Jump:
    page: int
    prefix: str | None = None


def _jump(prefix: str, num: str) -> Jump | None:
    n = parse_number(num)
    if n is None or n <= 0 or n > 400:
        return None
    return Jump(n, prefix.upper() or None)


_MARKER_LAST = frozenset("版页面▶►>→»）)〕】]］")  # the last character of a line that ends on a continued-to marker


def ends_continued(line: str) -> bool:
    """Does a printed line end on a continued-to marker (…参加会见。下转第九版, …（下转第二版））?
    The part stops there: whatever line comes next is no rest of its paragraph."""
    t = line.rstrip()
    return bool(t) and t[-1] in _MARKER_LAST and bool(_TO_BARE_END.search(t[-24:]) or _TO_PAREN_END.search(t[-24:]))


def strip_jumps(text: str) -> tuple[str, Jump | None, Jump | None]:
    """Remove jump markers from a paragraph; return (text, continued_to, continued_from)."""
    if ("版" not in text and "页" not in text and "面" not in text) or not _HINT.search(text):
        return text.strip(), None, None  # every marker (and _HINT) names a 版, 页 or 面
    to = frm = None
    m = _FROM_PAREN.search(text)
    if m:
        frm = _jump(m.group(1), m.group(2))
        if frm:
            text = text[: m.start()] + text[m.end():]
    else:
        m = _FROM_BARE_START.match(text)
        if m and (frm := _jump(m.group(1), m.group(2))):
            text = text[m.end():]
    if _FROM_PREV_PAGE.search(text):
        text = _FROM_PREV_PAGE.sub("", text)
    m = _TO_PAREN.search(text)
    if m:
        to = _jump(m.group(1), m.group(2))
        if to:
            text = text[: m.start()] + text[m.end():]
    else:
        m = _TO_BARE_END.search(text)
        if m and (to := _jump(m.group(1), m.group(2))):
            text = text[: m.start()]
    text = _TO_NEXT_PAGE.sub("", text)
    return text.strip(), to, frm


def find_pointer(text: str) -> tuple[str, str, str] | None:
    """A teaser pointer in a short paragraph: (text before, pointer target, text after)."""
    if "版" not in text and "页" not in text and "面" not in text:
        return None
    m = POINTER.search(text) or _POINTER_ARROW.search(text) or _POINTER_PAREN.search(text)
    if not m:
        return None
    first = rx(r"\s+").sub("", m.group(1))
    target = first
    if m.group(2):
        second = rx(r"\s+").sub("", m.group(2))
        target = f"{first}-{second}"
    target = "-".join(str(parse_number(t) or t) for t in target.split("-"))
    return text[: m.start()].strip(), target, text[m.end():].strip()
