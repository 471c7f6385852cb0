"""Lead-ins, bylines and photo credits: dateline, agency, authors, credits.

- lead-ins at the start of a body: 新华社上海11月30日电, 本报讯（记者 李雪峰）, 本报太原3月28日讯,
  据新华社北京11月30日电, 中新网北京11月30日电, 新京报讯 / 晨报讯（记者 X）, 央视网消息（记者 X）：,
  本报讯 记者 X 报道：, and 本报记者 X 报道 with no dateline (a trailing （新华社北京11月30日电） too);
- bylines on a line of their own: □ 本报记者 张彩峰, 本报记者 叶传增 杨文明, 新华社记者, 文/本报记者 X 图/Y;
  reporters in brackets closing a story: …。（记者 X 通讯员 Y）;
- photo credits: 新华社记者 邢广利摄, 本报记者 戎禹仁 摄, 杨政 摄, 摄影：张三.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from ..rx import rx
from ..vocab import CREDIT_END, OUTLET_END, PAPER_END, PAPER_SHORT, number

_NUM = number("{1,2}", "{1,3}")
_OUTLET = (
    r"(?:新华社|中新社|中国新闻社|中新网|人民网|新华网|央视网|央视新闻|国际在线|中国日报网?|光明网|"
    r"人民日报|光明日报|经济日报|工人日报|本报|本刊|本台|"
    rf"\p{{Han}}{{2,8}}?{OUTLET_END}|{PAPER_SHORT})"  # 新京报讯, 楚天都市报讯, and a paper's own 晨报讯 / 晚报讯
)
_PLACE = r"\p{Han}{0,10}?(?:·\p{Han}{1,8})?"
LEAD_IN = regex.compile(
    rf"^(据)?\s*({_OUTLET})\s*({_PLACE})\s*(?:({_NUM})\s*月\s*({_NUM})\s*日)?\s*(电|讯|消息)"
)
TRAILING_LEAD_IN = regex.compile(
    rf"[（(]\s*(据)?\s*({_OUTLET})\s*({_PLACE})\s*({_NUM})\s*月\s*({_NUM})\s*日\s*(电|讯)\s*[）)]\s*$"
)
_ROLE = (
    rf"(?:本报|本刊|特约|首席|见习|实习|融媒体|全媒体|\p{{Han}}{{2,8}}?{OUTLET_END})?"
    r"(?:记者|通讯员|实习生|摄影记者|评论员|特约记者|见习记者|撰稿人?)"
)
_NAME = r"\p{Han}{2,4}(?:·\p{Han}{1,6})?|[A-Za-z][A-Za-z .-]{1,30}"
_SIGNED = rf"(?:{_ROLE})\s*(?:{_NAME})(?:[\s、，,]+(?:{_ROLE}\s*)?(?:{_NAME}))*"  # 本报记者 X 本报通讯员 Y: a role before each name
_NEWS_FROM = regex.compile(r"\s*(?:[：:]|[（(][^（）()]{0,40}(?:记者|通讯员))")  # after an undated 消息
# _SIGNED with only spaces between the names: after 本报讯 the story itself follows, and its first comma ends them
_BARE_AUTHORS = regex.compile(
    rf"\s+((?:{_ROLE})\s*(?:{_NAME})(?:\s+(?:{_ROLE})?\s*(?:{_NAME}))*\s*(?:报道)?)(?=\s*[：:]|\s)"
)
_REPORTED_BY = regex.compile(rf"^[□■◇◆●○▲△★☆]?\s*({_SIGNED}\s*报道)(?=\s*[：:]|\s)")
_TRAILING_BYLINE = regex.compile(rf"(?:^|(?<=[。！？”…]))\s*[（(]\s*({_SIGNED})\s*[）)]\s*$")
_PAREN_AUTHORS = regex.compile(r"^\s*[（(]([^（）()]{2,80})[）)]")
_WORDS_BY = r"文\s*[·/／、]?\s*图\s*[/／]|图\s*[·/／、]?\s*文\s*[/／]|文\s*[/／]"  # 文/  文/图  文·图/  图文/
_BYLINE = regex.compile(
    rf"^[□■◇◆●○▲△★☆]?\s*(?:(?:{_WORDS_BY})\s*|文\s*[/／]\s*图\s+|图\s*[/／]\s*)?({_ROLE})?\s*"
    rf"((?:{_NAME})(?:[\s、，,]+(?:{_ROLE}\s*)?(?:{_NAME}))*)?"  # (_SIGNED with its first role in group 1)
    rf"(?:\s+(?:图|摄影)\s*[/／]\s*(?:{_ROLE})?\s*(?:{_NAME})(?:[\s、]+(?:{_NAME}))*|\s*文\s*[/／]\s*图)?\s*$"  # … 图/Y, … 文/图
)
# how a column's or a section's name ends (■民生观察, ●今日关注), which a person's rarely does
_COLUMN_NAME = regex.compile(
    r"(?:观察|聚焦|关注|热线|视点|时评|快讯|速递|新闻|动态|焦点|要闻|提示|纵横|透视|调查|访谈|故事|人物|特写|点评|话题|"
    r"直通车|在线|一线|现场|档案|之窗|天地|广角|扫描|瞭望|论坛|评论)$"
)
_BY_TEXT = regex.compile(rf"^[□■◇◆●○▲△★☆]|^(?:{_WORDS_BY})")  # what makes a line without a role word a byline
# who took the photo: 新华社记者 邢广利摄, 本报记者 戎禹仁 摄, 杨政/摄
# a two-character name set out to a three-character one's width (本报记者 于 洋摄): a third of the corpus's credits
_PADDED = r"(?<!\p{Han})(\p{Han})[ \u3000]{1,3}(\p{Han})"  # 江 琳, 张　炜: no name is one character
_SHOT_NAME = rf"(?:{_NAME}|{_PADDED}(?=\P{{Han}}|{CREDIT_END}|$))"
_SHOT_BY = rf"(?:{_OUTLET})?(?:记者|通讯员|特约摄影师?|摄影记者|实习生)?\s*(?:{_SHOT_NAME})(?:[\s、]+(?:{_SHOT_NAME}))*\s*(?:/\s*)?{CREDIT_END}"
_TAG = r"\s*[（(][^（）()\s]{2,8}[）)]"  # 摄（人民视觉）, 摄（影像中国）: the picture desk's tag after a credit
_SOURCE_TAG = rf"(?:{_TAG})?"
_TAGGED = regex.compile(rf"{CREDIT_END}{_TAG}$")  # a credit that carries such a tag
_CREDIT = regex.compile(
    rf"(?:^|(?<=\s)|(?<=[。！？”）)]))\s*({_SHOT_BY}{_SOURCE_TAG}|(?:摄影|图)\s*[:：/]\s*(?:{_NAME})(?:[\s、]+(?:{_NAME}))*)\s*$"
)
_PAREN_CREDIT = regex.compile(  # …赏花。（本报记者 张三 摄）, …赏花。新华社发（张三 摄）
    rf"(?:^|(?<=[。！？”…\s]))\s*((?:{_OUTLET})发\s*)?[（(]\s*({_SHOT_BY})\s*[）)]\s*$"
)
_ROLE_WORDS = regex.compile(rf"{_ROLE}")
_CREDIT_HINT = regex.compile(rf"{CREDIT_END}{_SOURCE_TAG}\s*$|(?:摄影|图)\s*[:：/]")

# Cheap tests that rule a text out before the patterns above run (each pattern needs them):
BOX_MARKS = frozenset("□■◇◆●○▲△★☆")  # a byline's mark, or a list point's
_ROLE_WORD = re.compile(r"记者|通讯员|实习生|评论员|撰稿")  # every role word of _ROLE holds one
_NOT_BYLINE = re.compile(r"[。，；：！？]|摄$|摄影$")  # sentence punctuation, or a credit's 摄


@dataclass(frozen=True, slots=True)
class LeadIn:
    dateline: str | None  # up to and including 电 / 讯, spaces removed; None for 本报记者 X 报道 alone
    agency: str | None
    end: int  # where the lead-in (and its reporter parenthesis) ends in the text
    authors: tuple[str, ...] = ()
    reporters_text: str | None = None  # the parenthesis as printed


def agency_of(outlet: str | None, own_paper: str | None) -> str | None:
    """The outlet as FORMAT.md names it: 本报 for the page's own paper."""
    if not outlet:
        return None
    outlet = outlet.removeprefix("据")
    if outlet in ("本报", "本刊", "本台"):
        return "本报"
    if own_paper and own_paper.endswith(outlet):  # 楚天都市报 on its own page; 晨报 for 北京晨报
        return "本报"
    if outlet == "中国新闻社":
        return "中新社"
    return outlet


# a two-character name set out to a three-character one's width (本报记者 江 琳, 张　炜): no name is one character
_SPACED_NAME = regex.compile(rf"{_PADDED}(?!\p{{Han}})")


def closed_up(text: str) -> str:
    """A byline's or reporters' parenthesis's text with its spaced-out names closed up, to read
    its authors by (an article's `authors`). The units and the labeller read the line as printed:
    the corpus prints such bylines over each place's report inside round-ups, and the model
    learnt them there as lines of the story (read as bylines, two test pages lost an article)."""
    return _SPACED_NAME.sub(r"\1\2", text)


def names_in(text: str) -> tuple[str, ...]:
    """Person names in a reporters' parenthesis or byline: role words dropped."""
    text = rx(rf"\s*(?:报道|{CREDIT_END}|整理|综合|编译)$").sub("", text.strip())
    text = rx(r"^(?:摄影|图|文)\s*[:：/／]\s*").sub("", text)
    text = _ROLE_WORDS.sub(" ", text)
    text = rx(r"[\s、，,；;/／:：]+").sub(" ", text)
    names = []
    for token in text.split():
        if rx(r"\p{Han}{2,4}(?:·\p{Han}{1,6})?").fullmatch(token) or rx(r"[A-Za-z][A-Za-z.-]{1,30}").fullmatch(token):
            names.append(token)
    return tuple(names)


def read_lead_in(body: str, own_paper: str | None = None) -> LeadIn | None:
    """The dateline at the start of a body, with the reporters' parenthesis after it; or, with
    no dateline, the reporters alone as some papers open a story: 本报记者 李红 报道 …"""
    if "电" not in body and "讯" not in body and "消息" not in body and "报道" not in body[:40]:
        return None  # LEAD_IN ends with one of these, _REPORTED_BY with the last
    m = LEAD_IN.match(body)
    if not m:
        return _reported_by(body, own_paper)
    if m.group(6) == "消息" and not m.group(4) and not _NEWS_FROM.match(body, m.end()):
        return None  # "本报消息" alone is too loose; 央视网消息（记者 X）： and 新华网消息： are lead-ins
    dateline = rx(r"\s+").sub("", m.group(0))
    agency = agency_of(m.group(2), own_paper)
    end = m.end()
    authors: tuple[str, ...] = ()
    paren = None
    pm = _PAREN_AUTHORS.match(body[end:])
    if pm and rx(r"记者|通讯员|实习生|编辑|撰稿").search(pm.group(1)):
        paren = pm.group(1)
        authors = names_in(paren)
        end += pm.end()
    else:
        bare = _BARE_AUTHORS.match(body, end)  # 本报讯 记者 张三 报道：
        if bare:
            paren = bare.group(1).strip()
            authors = names_in(paren)
            end = bare.end()
    return LeadIn(dateline, agency, end, authors, paren)


def _outlet_of(signed: str) -> str | None:
    """The outlet a role names at the start of `signed`: 本报记者 X → 本报, 新华社记者 → 新华社."""
    m = rx(rf"({_OUTLET})").match(signed)
    return m.group(1) if m else None


def _reported_by(body: str, own_paper: str | None) -> LeadIn | None:
    m = _REPORTED_BY.match(body)
    if not m:
        return None
    return LeadIn(None, agency_of(_outlet_of(m.group(1)), own_paper), m.end(), names_in(m.group(1)), m.group(1))


def read_trailing_byline(text: str) -> tuple[str | None, tuple[str, ...]] | None:
    """Reporters in brackets at the end of a story, on its last line or on a line of their own:
    …方便市民出行。（记者 周建军 通讯员 刘芳） → (outlet, names)."""
    if not text.endswith(("）", ")")) or not _ROLE_WORD.search(text[-60:]):
        return None
    m = _TRAILING_BYLINE.search(text)
    if not m:
        return None
    names = names_in(m.group(1))
    return (_outlet_of(m.group(1)), names) if names else None


def own_paper_from(bodies: list[str]) -> str | None:
    """The page's own paper as its lead-ins name it: 本报…讯（山西日报记者 X） → 山西日报."""
    for body in bodies:
        m = LEAD_IN.match(body) if "本报" in body else None
        if m and m.group(2) == "本报":
            pm = _PAREN_AUTHORS.match(body[m.end():])
            if pm:
                own = rx(rf"\s*(\p{{Han}}{{2,8}}?{PAPER_END})记者").match(pm.group(1))
                if own:
                    return own.group(1)
    return None


def read_trailing_lead_in(body: str, own_paper: str | None = None) -> tuple[str, str | None] | None:
    """A dateline printed at the end of a body: （新华社北京11月30日电） → (dateline, agency)."""
    if body.rstrip()[-1:] not in ("）", ")"):  # str.rstrip takes all the pattern's trailing \s
        return None
    m = TRAILING_LEAD_IN.search(body)
    if not m:
        return None
    inner = rx(r"^[（(]|[）)]$").sub("", rx(r"\s+").sub("", m.group(0)))
    return inner, agency_of(m.group(2), own_paper)


def read_byline(text: str) -> tuple[str | None, tuple[str, ...]] | None:
    """A byline line (□ 本报记者 张彩峰; 新华社记者): (outlet, names) or None."""
    t = text.strip()
    if len(t) > 40 or _NOT_BYLINE.search(t):
        return None
    # a role word (group 1 below), a box mark or 文/ is needed
    if not (t[:1] in BOX_MARKS or t.startswith(("文", "图")) or _ROLE_WORD.search(t)):
        return None
    m = _BYLINE.match(t)
    if not m or not (m.group(1) or _BY_TEXT.match(t)):
        return None
    outlet = _outlet_of(m.group(1) or "")
    names = names_in(m.group(2) or "")
    if not names and not outlet:
        return None
    return outlet, names


def is_column_name(name: str) -> bool:
    """Is a name read off a byline-like line (■民生观察) a column's, not a person's?"""
    return _COLUMN_NAME.search(name) is not None


def _credit_names(credit: str) -> tuple[str, ...]:
    """The names a credit gives (本报记者 于 洋摄: 于洋)."""
    return names_in(closed_up(rx(rf"\s*{CREDIT_END}$").sub("", credit.strip())))


def split_credit(text: str, tagged: bool = False) -> tuple[str, str] | None:
    """A photo credit at the end of a line: (text before it, credit) or None. With `tagged`,
    also one followed by the picture desk's tag (X摄（人民视觉）, X摄（影像中国）): People's Daily
    closes a picture story, which it prints as an article, on such a line, so the units leave
    it a paragraph for the labeller to place, and the builder reads it where the labeller
    calls it a credit."""
    t = text.strip()
    if len(t) > 400:
        return None
    tail = t[-80:]
    if tail.endswith(("）", ")")) and "摄" in tail:
        pm = _PAREN_CREDIT.search(t)
        if pm and _credit_names(pm.group(2)):
            credit = f"{pm.group(1).strip()}（{pm.group(2).strip()}）" if pm.group(1) else pm.group(2).strip()
            return t[: pm.start()].strip(), credit
    if ("摄" not in tail and "图" not in tail) or not _CREDIT_HINT.search(tail):
        return None
    m = _CREDIT.search(t)
    if not m:
        return None
    credit = m.group(1).strip()
    if not tagged and _TAGGED.search(credit):
        return None
    before = t[: m.start(1)].strip()
    if not _credit_names(rx(rf"{_TAG}$").sub("", credit)) and not rx(r"记者|通讯员").search(credit):
        return None
    if before and before[-1] not in "。！？”）)…" and not rx(r"\s$").search(t[: m.start(1)]):
        return None
    return before, credit


def credit_outlet(credit: str) -> str | None:
    """The outlet a photo credit names (本报记者 … → 本报, 新华社记者 … → 新华社), or None."""
    m = rx(rf"\s*({_OUTLET})(?:记者|通讯员|特约|摄影)").match(credit)
    return m.group(1) if m else None
