"""Masthead and page furniture: paper, date, page, page name, edition facts.

`read_masthead(paras)` finds the masthead block at the top of a page (报头: paper name,
刊号, date, 星期, 农历, 今日N版, publisher, website), running heads (第3版：要闻), and
furniture lines anywhere (责任编辑, 版式设计, bare page numbers). It returns the facts
found and the paragraphs that remain. Nothing is guessed: a fact not printed stays None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from ..model import Article, Edition, Page
from ..rx import rx
from ..settings import DEFAULT, Settings
from ..vocab import PAPER_END, number
from .jumps import strip_jumps
from .numerals import parse_number
from .restore import Para

_NUM = number()

PAPER_NAME = regex.compile(
    rf"^(?:\p{{Han}}{{1,10}}{PAPER_END})$"
)
_ORGAN = regex.compile(r"^(?:中共)?\p{Han}{0,12}(?:机关报|党报|主办|出版发行)$")
_CN = regex.compile(r"CN\s*(\d{2})\s*[-－—–]\s*(\d{4})(?:\s*/\s*([A-Z]{1,2}))?")
_ISSN = regex.compile(r"(?:国内统一(?:连续出版物号|刊号)|邮发代号|国际标准连续出版物号|ISSN)")
_ISSUE = regex.compile(rf"第\s*({_NUM})\s*[号期]")
_WEEKDAY = regex.compile(r"星期[一二三四五六日天]|礼拜[一二三四五六日天]")
_LUNAR = regex.compile(
    r"农历\s*(?:[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]\s*年)?\s*(?:闰)?\s*"
    r"[正一二三四五六七八九十冬腊]{1,2}\s*月\s*(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|"
    r"廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十)"
)
_LUNAR_DAY = regex.compile(r"[正一二三四五六七八九十冬腊]{1,2}月(?:初[一二三四五六七八九十]|十[一二三四五六七八九]?|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十)")
_PAGE_COUNT = regex.compile(rf"(?:今日|本期|今天|共)\s*({_NUM})\s*(?:版|个版)")
_PUBLISHER = regex.compile(r"(\p{Han}{2,16}(?:社|集团|公司|传媒))\s*(?:出版|主办|出版发行)")
_WEBSITE = regex.compile(r"(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:/[\w./-]*)?", regex.I)
_DATE = regex.compile(
    rf"(\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*(?:日|号)?(?!\s*[电讯])"
)
_ISO_DATE = regex.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_RUNNING_PAGE = regex.compile(
    rf"^(?:第\s*([A-Z]?)\s*({_NUM})\s*版|([A-Z])\s*(\d{{1,2}})\s*版?)\s*[:：·\s]?\s*(\p{{Han}}{{2,8}})?$"
)
_RUNNING_PAGE_ANY = regex.compile(rf"第\s*([A-Z]?)\s*({_NUM})\s*版(?!\s*[▶►>])")
_FURNITURE = regex.compile(
    r"^(?:责任编辑|责编|编辑|版式设计|版式|美术编辑|美编|校对|组版|图片编辑|本版编辑|制图|设计)\s*[:：]"
)
_BARE_NUMBER = regex.compile(r"^[0-9]{1,3}$")

_MASTHEAD_CLUES = (PAPER_NAME, _ORGAN, _CN, _ISSN, _ISSUE, _WEEKDAY, _LUNAR, _PAGE_COUNT, _PUBLISHER)


@dataclass(frozen=True, slots=True)
class Masthead:
    """What the page's masthead and running heads print."""

    paper: str | None = None
    date: str | None = None
    page: int | None = None
    page_name: str | None = None
    edition: Edition = field(default_factory=Edition)

    def page_of(self, source: str | None, articles: Sequence[Article], text: str,
                size: tuple[float, float] | None = None) -> Page:
        """The page these masthead facts head, with its items."""
        return Page(source=source, paper=self.paper, date=self.date, page=self.page, page_name=self.page_name,
                    edition=self.edition, articles=tuple(articles), text=text, size=size)


MASTHEAD_LINE = 48  # the longest line (characters) a masthead or running head prints; a longer one is text


def _iso(year: str, month: str, day: str) -> str | None:
    y = int(year) if year.isdigit() else parse_number(year, digits_only=True)
    m, d = parse_number(month), parse_number(day)
    if y is None or m is None or d is None:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def paper_in(text: str) -> str | None:
    """A paper name printed as a word of a short line (东湖晚报 2025年8月23日)."""
    if "报" not in text:
        return None  # every paper name ends with 报
    for token in rx(r"[\s\d（()）:：·,，、]+").split(text):
        if token and PAPER_NAME.match(token):
            return token
    return None


# what lines must hold for the patterns to match, tested first at a lower cost
_ORGAN_ENDS = ("机关报", "党报", "主办", "出版发行")  # how an _ORGAN line ends
_FURNITURE_FIRST = frozenset("责编版美校组图本制设0123456789")  # how furniture (or a bare number) begins
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # a section letter (A3 要闻)


def _has_iso_separator(text: str) -> bool:
    """An _ISO_DATE separates its numbers with - . or /."""
    return "-" in text or "." in text or "/" in text


def _clues(text: str) -> set[str]:
    """The kinds of masthead fact a short line prints (paper, date, cn, weekday, …).
    Each pattern runs only when the line holds a word or character it needs."""
    compact = rx(r"\s+").sub("", text)
    found = set()
    if paper_in(text):
        found.add("paper")
    if compact.endswith(_ORGAN_ENDS) and _ORGAN.match(compact):
        found.add("organ")
    if ("CN" in text and _CN.search(text)) or _ISSN.search(compact):
        found.add("cn")
    if "第" in compact and _ISSUE.search(compact):
        found.add("issue")
    if ("星期" in compact or "礼拜" in compact) and _WEEKDAY.search(compact):
        found.add("weekday")
    if ("农历" in text and _LUNAR.search(text)) or compact.startswith("农历") or (
            "月" in compact and _LUNAR_DAY.fullmatch(compact)):
        found.add("lunar")
    if "版" in compact and _PAGE_COUNT.search(compact):
        found.add("page_count")
    if ("出版" in compact or "主办" in compact) and _PUBLISHER.search(compact):
        found.add("publisher")
    if "." in text and rx(r"(?:https?://)?www\.[\w.-]+\.[a-z]{2,}(?:/\S*)?", regex.I).fullmatch(text.strip()):
        found.add("website")
    if ("年" in text and _DATE.search(text)) or (_has_iso_separator(text) and _ISO_DATE.search(text)):
        found.add("date")
    if len(compact) <= 3 and rx(r"\d{1,2}|[一二三四五六七八九十]{1,3}").fullmatch(compact):
        found.add("day")  # "1" printed alone under "2023年12月"
    return found


def _is_furniture(text: str) -> bool:
    if text.lstrip()[:1] not in _FURNITURE_FIRST:  # str.lstrip drops all the \s that compact drops
        return False
    compact = rx(r"\s+").sub("", text)
    return bool(_FURNITURE.match(compact) or _BARE_NUMBER.match(compact))


_PAGE_TOKEN = regex.compile(rf"^(?:第\s*([A-Z]?)\s*({_NUM})|([A-Z])\s*(\d{{1,2}}))\s*版\s*[:：]?\s*(\p{{Han}}{{2,8}})?$")
_LETTER_PAGE_AT = r"(?<![A-Za-z])(?=[A-Z]\s*\d{1,2}\s*版)"  # where A03版 begins: a section letter, no 第
_LETTER_PAGE = regex.compile(_LETTER_PAGE_AT)


def running_head(text: str) -> tuple[str | None, int | None, str | None, str | None] | None:
    """A running head line such as 第3版：要闻, 要闻 第4版, 临江日报 第9版 民生:
    (prefix, page, page name, paper) or None."""
    compact = rx(r"\s+").sub(" ", text.strip())
    if len(compact) > MASTHEAD_LINE or rx(r"[见刊转接续详▶►]").search(compact):
        return None
    # 第…版 or A03版 is needed, but for _RUNNING_PAGE's other form (A3 要闻), which begins with a capital
    if not ("版" in compact and ("第" in compact or _LETTER_PAGE.search(compact))) and compact[:1] not in _CAPITALS:
        return None
    m = _RUNNING_PAGE.match(compact)
    if m:
        return m.group(1) or m.group(3) or None, parse_number(m.group(2) or m.group(4)), m.group(5), None
    tokens = rx(r"\s+|[|｜丨]|(?<=版)[:：]|(?=第\s*[A-Z]?(?:[0-9]|[一二三四五六七八九十])+\s*版)|" + _LETTER_PAGE_AT).split(compact)
    tokens = [t for t in tokens if t]
    page = prefix = name = paper = None
    for t in tokens:
        pm = _PAGE_TOKEN.match(t)
        if pm and page is None:
            prefix, page = pm.group(1) or pm.group(3) or None, parse_number(pm.group(2) or pm.group(4))
            name = name or pm.group(5)
        elif paper is None and paper_in(t) == t:
            paper = t
        elif _DATE.search(t) or _WEEKDAY.fullmatch(t) or _ISO_DATE.search(t):
            paper = paper or paper_in(t)  # 大同日报2023年12月1日, glued by restore
            continue
        elif rx(r"\p{Han}{2,8}").fullmatch(t) and name is None:
            name = t
        else:
            return None
    if page is None:
        return None
    return prefix, page, name, paper


def _edition(zone: str) -> Edition:
    compact = rx(r"\s+").sub("", zone)
    cn = _CN.search(zone)
    issue = _ISSUE.search(compact)
    weekday = _WEEKDAY.search(compact)
    lunar = _LUNAR.search(zone)
    count = _PAGE_COUNT.search(compact)
    publisher = next((m for line in zone.splitlines() if (m := _PUBLISHER.search(rx(r"\s+").sub("", line)))), None)
    site = next((m.group(0) for m in _WEBSITE.finditer(zone) if "." in m.group(0) and not m.group(0)[0].isdigit()), None)
    return Edition(
        issue_no=parse_number(issue.group(1)) if issue else None,
        cn=f"CN{cn.group(1)}-{cn.group(2)}" + (f"/{cn.group(3)}" if cn.group(3) else "") if cn else None,
        weekday=weekday.group(0) if weekday else None,
        lunar=rx(r"\s+").sub("", lunar.group(0)) if lunar else None,
        page_count=parse_number(count.group(1)) if count else None,
        publisher=publisher.group(1) if publisher else None,
        website=site,
    )


def date_in(zone: str) -> str | None:
    for m in _DATE.finditer(zone):
        iso = _iso(m.group(1), m.group(2), m.group(3))
        if iso:
            return iso
    m = _ISO_DATE.search(zone)
    return _iso(*m.groups()) if m else None


def _jump_marker(text: str) -> str | None:
    """The jump marker printed on a furniture line, if it carries one."""
    rest, to, frm = strip_jumps(text)
    if to is None and frm is None:
        return None
    i = text.find(rest) if rest else -1
    return (text[:i] + text[i + len(rest):] if i >= 0 else text).strip() or None


def read_masthead(paras: tuple[Para, ...], settings: Settings = DEFAULT) -> tuple[Masthead, tuple[Para, ...]]:
    """Split the masthead, running heads and furniture off a page's paragraphs."""
    scan = paras[: settings.masthead_scan_lines]
    clue_lines: list[tuple[int, set[str]]] = []
    for i, p in enumerate(scan):
        if len(p.text) > MASTHEAD_LINE or running_head(p.text) is not None:
            continue
        found = _clues(p.text)
        if found - {"day"}:
            clue_lines.append((i, found))
    zone_end = -1
    kinds: set[str] = set()
    if clue_lines:
        # the masthead: clue lines close together near the top
        first = clue_lines[0][0]
        if first <= 6:
            zone_end = first
            kinds = set(clue_lines[0][1])
            for i, found in clue_lines[1:]:
                if i - zone_end > 6 or any(len(p.text) > MASTHEAD_LINE for p in scan[zone_end + 1:i]):
                    break  # too far, or past an article's text (a story opening on a date: 2019年12月27日，…)
                zone_end = i
                kinds |= found
        if not (len(kinds - {"day"}) >= 2 and kinds & {"paper", "cn"}):
            zone_end, kinds = -1, set()
    paper = date = page_name = None
    page: int | None = None
    edition = Edition()
    if zone_end >= 0:
        zone = "\n".join(p.text for p in paras[: zone_end + 1])
        paper = next((n for p in paras[: zone_end + 1] if (n := paper_in(p.text))), None)
        date = date_in(zone)
        edition = _edition(zone)
        page = 1  # a page that prints the masthead is page 1, unless it prints its 版次
    printed_page = False
    rest: list[Para] = []
    taken: set[int] = set()  # lines beside a running head that print its paper or date alone
    for i, p in enumerate(paras):
        if i in taken:
            continue
        if i <= zone_end:
            head = running_head(p.text)
            if head is not None and head[1] is not None and not printed_page:
                page, printed_page = head[1], True
                page_name = page_name or head[2]
            continue
        if len(p.text) <= 40 and _is_furniture(p.text):
            marker = _jump_marker(p.text)
            if marker:  # 制图：… （下转第7版）: the marker goes on, the furniture does not
                rest.append(replace(p, text=marker))
            continue
        head = running_head(p.text) if (i <= zone_end + 6 or i >= len(paras) - 4) else None
        if head is not None:
            _, head_page, head_name, head_paper = head
            if head_page is not None and (page is None or zone_end < 0 or not printed_page):
                page, printed_page = head_page, True
            page_name = page_name or head_name
            paper = paper or head_paper
            if date is None and (_DATE.search(p.text) or _ISO_DATE.search(p.text)):
                date = date_in(p.text)
            if zone_end < 0 and i <= 2:  # 武汉晚报 | 2024年03月05日 第03版, 临江日报 第9版 | 2023年12月1日 星期五
                side = _beside_running_head(paras, i, want_paper=paper is None, want_date=date is None)
                paper, date = paper or side[0], date or side[1]
                taken |= side[2]
                rest = [q for q in rest if not any(q is paras[j] for j in side[2])]
            continue
        rest.append(p)
    return Masthead(paper, date, page, page_name, edition), tuple(rest)


def _beside_running_head(paras: tuple[Para, ...], i: int, want_paper: bool,
                         want_date: bool) -> tuple[str | None, str | None, set[int]]:
    """Beside the running head at line `i`: the paper's name alone on the page's first line, just
    above it, and the date alone on the line above or below it: (paper, date, those lines)."""
    paper = date = None
    lines: set[int] = set()
    if want_paper and i == 1 and paper_in(paras[0].text) == paras[0].text:
        paper = paras[0].text
        lines.add(0)
    for j in (i - 1, i + 1):
        if want_date and date is None and 0 <= j < len(paras) and j not in lines and _date_line(paras[j].text):
            date = date_in(paras[j].text)
            lines.add(j)
    return paper, date, lines


def _date_line(text: str) -> bool:
    """Is the line a date and nothing else (but its weekday and lunar date)?"""
    if len(text) > 40 or not (_DATE.search(text) or _ISO_DATE.search(text)):
        return False
    left = _LUNAR.sub("", _WEEKDAY.sub("", _ISO_DATE.sub("", _DATE.sub("", text))))
    return rx(r"[\s·,，]*").fullmatch(left) is not None
