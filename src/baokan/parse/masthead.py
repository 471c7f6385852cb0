"""Masthead and page furniture: paper, date, page, page name, edition facts.

`read_masthead(paras)` finds the masthead block at the top of a page (报头: paper name,
刊号, date, 星期, 农历, 今日N版, publisher, website; on several lines or one), running heads
(第3版：要闻, and a bare page number beside the page's name, paper or date: 3 要闻,
人民日报 | 6 | 经济), and furniture lines anywhere (责任编辑, 版式设计, bare page numbers).
It returns the facts found and the paragraphs that remain. Nothing is guessed: a fact not
printed stays None. `head_line` tells `restore` which lines are such heads, each a line of
its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from ..model import Article, Edition, Page
from ..rx import rx
from ..settings import DEFAULT, Settings
from ..vocab import PAGE_CREDIT, PAGE_CREDIT_FIRST, PAPER_END, number
from .jumps import strip_jumps
from .numerals import parse_number
from .para import Para

_NUM = number()

PAPER_NAME = regex.compile(
    rf"^(?:\p{{Han}}{{1,10}}{PAPER_END})$"
)
_ORGAN = regex.compile(r"^(?:中共)?\p{Han}{0,12}(?:机关报|党报|主办|出版发行)$")
_CN = regex.compile(r"CN\s*(\d{2})\s*[-－—–]\s*(\d{4})(?:\s*/\s*([A-Z]{1,2}))?")
_ISSN = regex.compile(r"(?:国内统一(?:连续出版物号|刊号)|邮发代号|国际标准连续出版物号|ISSN)")
_CODE = regex.compile(r"(?:邮发)?代号[:：]?\d{1,2}[-－]\d{1,4}")  # the post office's number for the paper
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
_YEAR_MONTH = regex.compile(rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?:{_NUM})\s*月\s*$")  # a date whose day is printed on the next line
_ISO_DATE = regex.compile(r"(?<!\d)(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_RUNNING_PAGE = regex.compile(
    rf"^(?:第\s*([A-Z]?)\s*({_NUM})\s*版|([A-Z])\s*(\d{{1,2}})\s*版?)\s*[:：·\s]?\s*(\p{{Han}}{{2,8}})?$"
)
_RUNNING_PAGE_ANY = regex.compile(rf"第\s*([A-Z]?)\s*({_NUM})\s*版(?!\s*[▶►>])")
PAGE_CREDIT_LINE = regex.compile(rf"^{PAGE_CREDIT}")  # 本版制图：蔡华伟, 责任编辑：X: page furniture (restore, masthead, the renderer)
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
MASTHEAD_LONG = 160  # ... but for a masthead printed on one line (人民日报 RENMIN RIBAO 中国共产党中央委员会机关报 2019年…)


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
    for token in rx(r"[\sA-Za-z\d（()）:：·,，、]+").split(text):
        if len(token) >= 8 and not len(token) % 2 and token[::2] == token[1::2]:
            token = token[::2]  # 光光明明日日报报: fake bold, doubled glyph by glyph
        if token and PAPER_NAME.match(token):
            return token
    return None


# what lines must hold for the patterns to match, tested first at a lower cost
_ORGAN_ENDS = ("机关报", "党报", "主办", "出版发行")  # how an _ORGAN line ends
_FURNITURE_FIRST = PAGE_CREDIT_FIRST | frozenset("0123456789")  # how furniture (or a bare number) begins
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
    if "." in text and rx(r"(?:\p{Han}{0,4}网址\s*[:：]?\s*)?(?:https?://)?www\.[\w.-]+\.[a-z]{2,}(?:/\S*)?",
                          regex.I).fullmatch(text.strip()):
        found.add("website")  # www.people.com.cn, 网址：www.people.com.cn
    if "代号" in compact and _CODE.fullmatch(compact):
        found.add("code")  # 代号1-1, 邮发代号：1-1
    if ("年" in text and (_DATE.search(text) or _YEAR_MONTH.search(text))) or (
            _has_iso_separator(text) and _ISO_DATE.search(text)):
        found.add("date")
    if len(compact) <= 3 and rx(r"\d{1,2}|[一二三四五六七八九十]{1,3}").fullmatch(compact):
        found.add("day")  # "1" printed alone under "2023年12月"
    return found


def _is_furniture(text: str) -> bool:
    if text.lstrip()[:1] not in _FURNITURE_FIRST:  # str.lstrip drops all the \s that compact drops
        return False
    compact = rx(r"\s+").sub("", text)
    return bool(PAGE_CREDIT_LINE.match(compact) or _BARE_NUMBER.match(compact))


_POINTER = regex.compile(rf"[见刊转接续][第\s]*[A-Z]?\s*(?:{_NUM})|[▶►→]")  # 刊3版▶, 见第2版, 转第三版: a teaser or jump, not a head
_PAGE_TOKEN = regex.compile(rf"^(?:第\s*([A-Z]?)\s*({_NUM})|([A-Z])\s*(\d{{1,2}}))\s*版\s*[:：]?\s*(\p{{Han}}{{2,8}})?$")
_LETTER_PAGE_AT = r"(?<![A-Za-z])(?=[A-Z]\s*\d{1,2}\s*版)"  # where A03版 begins: a section letter, no 第
_LETTER_PAGE = regex.compile(_LETTER_PAGE_AT)


def running_head(text: str) -> tuple[str | None, int | None, str | None, str | None] | None:
    """A running head line such as 第3版：要闻, 要闻 第4版, 临江日报 第9版 民生:
    (prefix, page, page name, paper) or None."""
    compact = rx(r"\s+").sub(" ", text.strip())
    if len(compact) > MASTHEAD_LINE or _POINTER.search(compact):
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


_HEAD_PART = regex.compile(
    r"(?P<cn>(?:国内统一(?:连续出版物号|刊号)\s*[:：]?\s*)?CN\s*\d{2}\s*[-－—–]\s*\d{4}(?:\s*/\s*[A-Z]{1,2})?)"
    r"|(?P<code>(?:邮发)?代号\s*[:：]?\s*\d{1,2}\s*[-－]\s*\d{1,4})"
    rf"|(?P<issue>[（(]?\s*第\s*(?:{_NUM})\s*[号期]\s*[）)]?)"
    rf"|(?P<lunar>{_LUNAR.pattern})"
    rf"|(?P<count>(?:今日|本期|今天|共)\s*(?:{_NUM})\s*个?版)"
    r"|(?P<site>(?:\p{Han}{0,4}网址\s*[:：]?\s*)?(?:https?://)?www(?:\.[\w-]+)+)"
    rf"|(?P<date>(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?:{_NUM})\s*月(?:\s*(?:{_NUM})\s*[日号])?)"
    rf"|(?P<page>(?:第\s*[A-Z]?\s*(?:{_NUM})\s*版|[A-Z]\s*\d{{1,2}}\s*版?)(?!\d))"
    r"|(?P<num>\d{1,3})(?!\d)"
    r"|(?P<latin>[A-Z]{2,}(?:\s+[A-Z]{2,})*)(?![A-Za-z])"
    r"|(?P<word>\p{Han}{2,20})(?!\p{Han})"
)
_HEAD_GAP = regex.compile(r"[\s|｜丨·:：/]*")
_UNIT_FIRST = frozenset("万亿千百十个名位件多余年月日天时分秒岁周次倍元户人家所项条种起例届期号版米里吨斤度")  # 70万老乡 is no page 70
HEAD_LINES = 4  # the most lines a running head is printed over (要闻 | 2019年10月9日 星期三 | 4)
HEAD_NAME = 6  # the longest page name (要闻, 国际副刊, 理论周刊)
_MASTHEAD_FACTS = frozenset(("organ", "cn", "lunar", "page_count", "publisher", "website"))  # `_clues` that begin a masthead
_MASTHEAD_ONLY = frozenset(("organ", "cn", "code", "issue", "lunar", "count", "publisher", "site"))  # what no running head prints


def _head_parts(text: str, spaced: bool = False) -> list[tuple[str, str]] | None:
    """A line read as the parts of a masthead or running head, (kind, text): date, weekday,
    page (第3版, A3), num (a bare number), paper, name (a page name), latin (RENMIN RIBAO) or
    a fact only mastheads print (`_MASTHEAD_ONLY`: 刊号, 代号, 第N号, 农历, 今日N版, 网址,
    机关报, …社出版); None if some part of the line is none of these. `spaced`: the line as
    printed, whose parts stand apart (but a weekday after its date): 学生人数由2019年5月, a line of
    a narrow column, is no page name and a date."""
    if len(text) > MASTHEAD_LONG:
        return None
    parts: list[tuple[str, str]] = []
    pos = _HEAD_GAP.match(text).end()
    while pos < len(text):
        m = _HEAD_PART.match(text, pos)
        if m is None:
            return None
        if spaced and parts and not text[pos - 1:pos].isspace() and not (
                parts[-1][0] == "date" and m.group().startswith(("星期", "礼拜"))):
            return None
        if m.lastgroup == "word":
            word = m.group()
            day = _WEEKDAY.match(word)
            if day:
                parts.append(("weekday", day.group()))
                word = word[day.end():]
            if PAPER_NAME.match(word):
                parts.append(("paper", word))
            elif _ORGAN.match(word):
                parts.append(("organ", word))
            elif (pub := _PUBLISHER.match(word)) and pub.end() == len(word):
                parts.append(("publisher", word))
            elif parts and parts[-1][0] == "num" and word[:1] in _UNIT_FIRST:
                return None
            elif 2 <= len(word) <= HEAD_NAME:
                parts.append(("name", word))
            elif word:
                return None
        else:
            parts.append((m.lastgroup or "", m.group()))
        pos = _HEAD_GAP.match(text, m.end()).end()
    return parts


_HEAD_HINT = regex.compile(r"[0-9〇报版]|星期|农历|www|CN|代号")  # what a head line holds one of (tested first, at a lower cost)
_SENTENCE = regex.compile(r"[。，；！？,;]")


def head_line(text: str, spaced: bool = False) -> bool:
    """Is the line (all of it) a masthead's or a running head's: a fact only mastheads print
    (CN11-0065, 农历己亥年九月十一, 人民日报社出版), the paper's name or a number alone, a page with its name,
    paper or date (3要闻, 人民日报 2019年2月7日 第8版 社会), or a date with its weekday? Such a
    line stands alone: it is never part of a paragraph (`spaced`: see `_head_parts`)."""
    if len(text) > MASTHEAD_LONG or "，" in text or "。" in text or _SENTENCE.search(text) or not _HEAD_HINT.search(text):
        return False  # (a comma or a full stop first: most lines of text hold one)
    parts = _head_parts(text, spaced)
    if not parts:
        return False
    kinds = {k for k, _ in parts}
    if kinds & _MASTHEAD_ONLY or (len(parts) == 1 and kinds <= {"paper", "num"}):  # a paper's name, a page or a day alone
        return True
    return len(parts) >= 2 and len(text) <= MASTHEAD_LINE and bool(kinds & {"page", "num", "date"}) \
        and bool(kinds & {"name", "paper", "date", "weekday"})


@dataclass(frozen=True, slots=True)
class _TopHead:
    lines: int  # how many of the page's first paragraphs it is printed on
    page: int
    page_name: str | None
    paper: str | None
    date: str | None


def _top_head(paras: Sequence[Para]) -> _TopHead | None:
    """A running head over the page's first lines that prints its page as a bare number,
    on one line or several (3 要闻; 经济 10; 人民日报 | 6 | 经济; 要闻 | 2019年10月9日 星期三 | 4;
    2019年10月9日 星期三 人民日报 2 要闻): one page number, with a page name, the paper or the
    date beside it, and nothing else. A number under a year and month is its day (2023年12月 | 1),
    and lines followed by a masthead's own facts (刊号, 农历, 机关报…) begin a masthead."""
    parts: list[tuple[str, str]] = []
    lines = 0
    for p in paras[:HEAD_LINES]:
        got = _head_parts(p.text) if len(p.text) <= MASTHEAD_LINE else None
        if not got or _head_kinds(got) & _head_kinds(parts) or [k for k, _ in got].count("name") > 1:
            break  # (each line of a head adds what the lines above lack, one page name at most: 综合 第8版 | 核心阅读)
        if any(k == "page" for k, _ in parts) and not _head_kinds(got) <= {"date", "paper"}:
            break  # 第12版 is a whole head: what follows it is the page's, but for its date or paper alone
        parts += got
        lines += 1
    kinds = [k for k, _ in parts]
    for k in range(len(parts) - 1):  # 2023年12月 | 1: the day
        if kinds[k] == "date" and not parts[k][1].endswith(("日", "号")) and kinds[k + 1] == "num":
            kinds[k + 1] = "day"
    numbers = [v for (_, v), k in zip(parts, kinds, strict=True) if k in ("num", "page")]
    if len(numbers) != 1 or not {"name", "paper", "date"} & set(kinds) or _MASTHEAD_ONLY & set(kinds):
        return None
    after = [_clues(p.text) for p in paras[lines:lines + HEAD_LINES] if len(p.text) <= MASTHEAD_LINE]
    if any(found & _MASTHEAD_FACTS for found in after):
        return None
    page = parse_number(rx(r"[第版\sA-Z]").sub("", numbers[0]))
    if not page:
        return None
    name = next((v for (_, v), k in zip(parts, kinds, strict=True) if k == "name"), None)
    paper = next((v for (_, v), k in zip(parts, kinds, strict=True) if k == "paper"), None)
    date = date_in("\n".join(p.text for p in paras[:lines]))
    return _TopHead(lines, page, name, paper, date)


def _head_kinds(parts: list[tuple[str, str]]) -> set[str]:
    return {"num" if k == "page" else k for k, _ in parts} - {"weekday"}


def read_masthead(paras: tuple[Para, ...], settings: Settings = DEFAULT) -> tuple[Masthead, tuple[Para, ...]]:
    """Split the masthead, running heads and furniture off a page's paragraphs."""
    top = _top_head(paras) if settings.masthead_scan_lines else None
    if top is not None:
        inner, rest = read_masthead(paras[top.lines:], settings)
        return Masthead(top.paper or inner.paper, top.date or inner.date, top.page, top.page_name or inner.page_name,
                        inner.edition), rest
    scan = paras[: settings.masthead_scan_lines]
    clue_lines: list[tuple[int, set[str]]] = []
    for i, p in enumerate(scan):
        if running_head(p.text) is not None:
            continue
        if len(p.text) > MASTHEAD_LINE and (i > 2 or not head_line(p.text)):
            continue  # (a longer line at the top is the masthead printed on one line, or text)
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
        elif zone_end + 1 < len(paras) and _day_under(paras[zone_end].text, paras[zone_end + 1].text):
            zone_end += 1
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


def _day_under(line: str, nxt: str) -> bool:
    """Is `nxt` the day of a date whose year and month end `line` (2020年1月 | 26)?"""
    m = _YEAR_MONTH.search(line)
    return m is not None and "day" in _clues(nxt)


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
