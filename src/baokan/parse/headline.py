"""Heading lines to kicker (引题), title (主题) and subtitle (副题).

A kicker sets the scene and usually ends in a verb of saying (…时强调, …重要文章); a
subtitle starts with a dash or reports who attended (张强主持, 李强蔡奇出席). One printed
line may hold two of them separated by a space.
"""

from __future__ import annotations

import functools
from importlib import resources

import regex

from ..rx import rx
from ..settings import HEADLINES, Headlines

KICKER_END = regex.compile(
    r"(?:强调|指出|表示|要求|提出|寄语|发表|重要文章|重要讲话|署名文章|讲话|致辞|部署|安排部署|作出部署|时强调|上强调|"
    r"中强调|调研时强调|回信|致信|贺信|批示|会见|作出批示)$"
)
SUBTITLE_END = regex.compile(
    r"(?:出席|主持|参加|见证|陪同|致辞|会见|会谈|考察|调研|对接|出席并讲话|出席会议|参加会议|讲话|签约|"
    r"提出工作要求|提出要求|作批示|等参加|等出席|同志出席|并见证)$"
)
_SUBTITLE_CHAIR = regex.compile(r"^\p{Han}{2,4}(?:主持召开|主持)\p{Han}{0,8}$")
_DASH = regex.compile(r"^\s*(?:——|—|－－|--|―)")


def _is_subtitle(text: str) -> bool:
    t = text.strip()
    return bool(_DASH.match(t) or SUBTITLE_END.search(t) or _SUBTITLE_CHAIR.match(t))


def _is_kicker(text: str) -> bool:
    return bool(KICKER_END.search(text.strip()))


def split_summary(lines: list[str]) -> tuple[list[str], list[str]]:
    """Heading lines and, after the title, summary points printed like headings (a 核心阅读
    box or bullet list without marks): long lines that pause with ， or 、 and report no one."""
    if len(lines) < 3:
        return lines, []
    start = 2 if _is_kicker(lines[0]) else 1
    head, points = list(lines[:start]), []
    for ln in lines[start:]:
        t = ln.strip()
        if not points and (_is_subtitle(t) or len(t) < 15 or not rx(r"[，、,]").search(t)):
            head.append(ln)
        else:
            points.append(ln)
    if len(points) < 2:
        return lines, []
    return head, points


_NO_HEAD_END = frozenset("和与及并暨或而的之在对为把向同将被让从以由于可已也又更、，“‘（《")  # a heading line ending so runs on to the next
# (将被让从以由于可已也又更: none of the corpus's 4,114 heading lines ends on one, each stands inside its titles 6 to 91 times)
_PAIRS = ("（）", "()", "“”", "‘’", "《》", "【】")
_ONE_AFTER_PAUSE = regex.compile(r"[，、；]\p{Han}$")  # 航空合作，中 | 尼共建…: no clause of a heading is one character
_RUNS_ON = frozenset("向同与和及并暨")  # a line opening so goes on from the line above (…逝世 | 向…致唁电)
# （人民时评） closing a title; the labeller's `coltag` feature is the same shape capped at 14
# characters, fixed by the model trained on it (24 here reads 4 more test headlines right)
_COLUMN_TAG = regex.compile(r"[（(][^（）()]{2,24}[）)]$")
_KICKER_MARK = ("——", "：", "……")  # a line ending so leads into the title below it
_LEADS_IN = ("——", "：")  # ends only a kicker (the corpus: 221 and 38 kickers, no title or subtitle)
_TAG_DASH = regex.compile(rf"^(.+{_COLUMN_TAG.pattern[:-1]})(——.+)$")  # …（人民论坛）——从历史中汲取…⑦ on one line
_DIGIT = regex.compile(r"\d")


def _mid_dash(line: str) -> list[str]:
    """A kicker ending in —— and the title run on after it on one line (外交部发言人——希望美方…,
    “人民艺术家”王蒙——热情澎湃地…), apart: the first —— with four characters at least on each
    side and no bracket or quote left open before it (the corpus prints —— inside a title only
    within brackets or quotes: （总书记的深情牵挂——来自…）). After a closing quote, the dash opens
    a subtitle instead (“成功走出一条…道路” | ——国际社会积极评价…)."""
    at = line.find("——", 4)
    while at >= 0:
        head, rest = line[:at + 2], line[at + 2:]
        if len(rest) >= 4 and not rest.startswith("—") and not _open_bracket(head):
            # a quote before the dash is a title, the dash opens its subtitle (the corpus: 31 such
            # titles, 4 kickers ending ”——)
            return [head[:-2], "——" + rest] if head.endswith("”——") else [head, rest]
        at = line.find("——", at + 2)
    return [line]


def _tag_dash(line: str) -> list[str]:
    """A title that ends in its column tag and the dash subtitle printed on its line, apart."""
    m = _TAG_DASH.match(line)
    return [m.group(1), m.group(2)] if m else [line]


def _open_bracket(text: str) -> bool:
    """Does the line leave a bracket or quote open (a title wrapped inside its column tag)?"""
    return any(text.count(a) > text.count(b) for a, b in _PAIRS)


def join_wrapped(parts: list[str]) -> list[str]:
    """Heading lines rejoined where one was wrapped: a line that ends on a conjunction,
    preposition, pause or open bracket (蓝佛安主持召开省黄河流域生态保护和 | 高质量发展…会议),
    on one character after a pause (航空合作，中 | 尼共建一带一路新亮点), or leaves a bracket
    or quote open (…（爱国情 | 奋斗者）), cannot end a kicker, title or
    subtitle; nor can a line be followed by one that opens on a coverb (…逝世 | 向…致唁电), unless
    that one ends as a kicker does (——, ：), or is only a column tag (…内在逻辑 | （钟声））."""
    out: list[str] = []
    for part in parts:
        if out and wraps_into(out[-1], part):
            out[-1] += part
        else:
            out.append(part)
    return out


def wraps_into(above: str, line: str) -> bool:
    """Is heading line `line` the rest of `above`, wrapped (`join_wrapped`)?"""
    runs_on = line[:1] in _RUNS_ON and not line.endswith(_LEADS_IN)  # (与警方合作…，滴滴—— is a kicker)
    return bool(above) and bool(line) and (above[-1] in _NO_HEAD_END or _open_bracket(above) or runs_on
                                           or bool(_COLUMN_TAG.fullmatch(line)) or bool(_ONE_AFTER_PAUSE.search(above)))


def one_headline(above: str, line: str) -> bool:
    """Do two heading lines belong to one headline: a wrapped line (`wraps_into`), a kicker
    that leads into its title (……——, ……：), or a subtitle that opens with a dash under it?"""
    return wraps_into(above, line) or above.endswith(_LEADS_IN) or bool(_DASH.match(line))


PAIRS_FILE = "cohesive_pairs.txt"  # written by eval/train/cohesion.py


@functools.lru_cache(maxsize=1)
def _cohesive() -> frozenset[str]:
    """The character pairs that hold together inside words (the corpus prints them together
    far more often than chance), shipped in the package."""
    text = (resources.files("baokan") / "data" / PAIRS_FILE).read_text(encoding="utf-8")
    return frozenset(text[i:i + 2] for i in range(0, len(text) - 1, 2))


def mid_word(above: str, line: str) -> bool:
    """Does a break between two heading lines fall inside a word (外交部举行2019 | 年新年招待会)?"""
    return bool(above) and bool(line) and above[-1] + line[0] in _cohesive()


def _join_mid_words(parts: list[str]) -> tuple[list[str], set[str]]:
    """Heading lines rejoined where a break falls inside a word (`mid_word`), and the lines so
    joined."""
    out: list[str] = []
    joined: set[int] = set()
    for part in parts:
        if out and mid_word(out[-1], part):
            out[-1] += part
            joined.add(len(out) - 1)
        else:
            out.append(part)
    return out, {out[k] for k in joined}


_SPACE = regex.compile(r"(?<=(\S)) +(?=(\S))")


def _closed(line: str) -> str:
    """A heading line with its runs of white space made one space, and none left inside a word
    (王沪宁看望文 化界知名人士: a line break an extractor printed as a space; the corpus's
    headings hold 722 spaces, none between two characters that `mid_word` holds together)."""
    line = rx(r"\s+").sub(" ", line).strip()
    return _SPACE.sub(lambda m: "" if mid_word(m.group(1), m.group(2)) else " ", line) if " " in line else line


def _core(text: str) -> int:
    """A heading line's length without its column tag."""
    return len(_COLUMN_TAG.sub("", text))


def _halves(a: str, b: str, rules: Headlines) -> bool:
    """Are two heading lines the halves of one title printed over two lines (四海迎新春 |
    共庆中国年): both short, about as long as each other, neither a kicker nor a subtitle?"""
    la, lb = _core(a), _core(b)
    return (la <= rules.pair_chars and lb <= rules.pair_chars and abs(la - lb) <= rules.pair_slack and not _COLUMN_TAG.search(a)
            and not _is_kicker(a) and not _is_subtitle(b) and not a.endswith(_KICKER_MARK))


def _join_halves(parts: list[str], rules: Headlines) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and _halves(out[-1].rsplit(" ", 1)[-1], part, rules):  # (a run of them: 就近就业 | 转移就业 | 稳定就业)
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _second_is_subtitle(a: str, b: str, rules: Headlines) -> bool:
    """Of two heading lines with no kicker or subtitle marks, is the second a subtitle (else the
    first is a kicker)? Where the first carries the column tag, where the first is a title's
    length and the second far longer (…看望… | 代表…致以诚挚问候…; one that names a speaker,
    习近平：…, only when it is longer than any title), or where the second gives figures the
    first has not (…平台上线 | 已接入213类政府数据)."""
    if _COLUMN_TAG.search(b):
        return False
    if _COLUMN_TAG.search(a):
        return True
    la, lb = _core(a), _core(b)
    far_longer = la >= rules.full_title and lb >= rules.long_subtitle * la and ("：" not in b or lb > rules.longest_title)
    return far_longer or (bool(_DIGIT.search(b)) and not _DIGIT.search(a))


_SAYS = regex.compile(r"(?:强调|指出|表示)$")  # ends only a kicker (the corpus: 62 kickers, no title or subtitle)
_ATTENDS = regex.compile(r"(?:出席|主持|并讲话)$")  # ends only a subtitle (the corpus: 42 subtitles, no title or kicker)


def _in_reading_order(parts: list[str]) -> list[str]:
    """Heading lines printed out of their order (a text layer keeps a page's blocks in the order
    they were set, not read) put back where their marks say: a subtitle that opens with a dash
    printed first goes last (——萧山乡村振兴掠影 | 产业兴乡村美农民富), a kicker that ends in one
    or in a colon printed last goes first (为时代放歌为城市铸魂 | 中国上海国际艺术节——); a kicker that ends
    in a verb of saying printed after its title goes first (扎实做好… | 赵克志强调), a subtitle
    that says who attended printed first goes last (胡春华出席 | 减贫与发展高层论坛召开); a line
    that ends so and is no shorter than every line after it is a title wrapped there."""
    if len(parts) < 2:
        return parts
    if _DASH.match(parts[0]) and not _DASH.match(parts[1]):
        parts = [*parts[1:], parts[0]]
    if parts[-1].endswith(_LEADS_IN) and not _DASH.match(parts[-1]) and not parts[0].endswith(_LEADS_IN):
        parts = [parts[-1], *parts[:-1]]
    says = [k for k, p in enumerate(parts) if _SAYS.search(p)]
    if says == [len(parts) - 1] and not _is_kicker(parts[0]):  # (a kicker's first line may stand above it)
        parts = [parts[-1], *parts[:-1]]
    attends = [k for k, p in enumerate(parts) if _ATTENDS.search(p)]
    if attends == [0] and len(parts[0]) < max(len(p) for p in parts[1:]):  # a subtitle printed first
        parts = [*parts[1:], parts[0]]
    elif attends == [0]:  # a title's first line, as full as the rest (…特使将出席 | 第七届世界政府峰会)
        parts = [parts[0] + parts[1], *parts[2:]]
    return parts


def assign_roles(lines: list[str], rules: Headlines = HEADLINES) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle) for the heading lines of one item, in print order.

    Wrapped lines are rejoined first (`join_wrapped`, and where the break falls inside a word,
    `mid_word`: 外交部举行2019 | 年新年招待会), a line is divided at a dash that ends a kicker or
    opens a subtitle on it (`_mid_dash`, `_tag_dash`), and everything after a dash subtitle is
    the rest of it. Then a kicker is a first line that ends in a verb of saying or leads into the title
    (——, ：, ……); a subtitle is a last line that opens with a dash or reports who attended.
    Two lines left without such marks: the halves of one title where both are short and alike,
    a title and its subtitle where the second is far the longer, the first carries the column
    tag or was two lines wrapped inside a word, else a kicker and its title (People's Daily
    prints twice as many kickers as plain subtitles). The thresholds of the unmarked cases are
    `rules` (`settings.Headlines`)."""
    parts = _in_reading_order(join_wrapped([_closed(ln) for ln in lines if ln and ln.strip()]))
    if not parts:
        return None, None, None
    first_wrapped = len(parts) >= 3 and mid_word(parts[0], parts[1])  # (then the first is the title, no kicker)
    parts, wrapped = _join_mid_words(parts)  # before the marks: no kicker, title or subtitle ends inside a word
    parts = [x for p in parts for x in _tag_dash(p)]
    dash = next((k for k, p in enumerate(parts) if k and _DASH.match(p)), None)
    if dash is not None:  # a dash subtitle is last: what follows is the rest of it
        parts = [*parts[:dash], "".join(parts[dash:])]
    kicker = subtitle = None
    parts = [*_mid_dash(parts[0]), *parts[1:]]
    if len(parts) >= 2 and not _DASH.match(parts[1]) and (_is_kicker(parts[0]) or parts[0].endswith(_KICKER_MARK)):
        kicker = parts.pop(0)
    elif parts:
        words = parts[0].split(" ")
        if len(words) >= 2 and _is_kicker(words[0]) and (len(words[0]) >= 6 or bool(_SAYS.search(words[0]))):
            kicker = words[0]
            parts[0] = " ".join(words[1:])
    if len(parts) >= 2 and _is_subtitle(parts[-1]):
        subtitle = parts.pop()
    elif len(parts) == 1:
        words = parts[0].split(" ")
        if len(words) >= 2 and _is_subtitle(words[-1]) and not _is_subtitle(" ".join(words[:-1])):
            subtitle = words[-1]
            parts[0] = " ".join(words[:-1])
    parts = _join_halves(parts, rules)
    if len(parts) == 2 and kicker is None and subtitle is None:
        a, b = parts
        if _core(b) <= rules.wrap_end and len(a) >= 3 * rules.wrap_end:  # …出席第七届世界 | 政府峰会: a title's wrapped end
            parts = [a + b]
        elif _second_is_subtitle(a, b, rules) or first_wrapped:  # (a wrapped first line is the title, not a kicker)
            subtitle = parts.pop()
        else:
            kicker = parts.pop(0)
    if subtitle is None and (len(parts) >= 3 or (len(parts) == 2 and kicker is not None
                                                 and parts[0] in wrapped and parts[1] not in wrapped)):
        subtitle = parts.pop()  # (under a kicker, a title wrapped inside a word and one more line: its subtitle)
    if len(parts) >= 2 and kicker is None:
        kicker = parts.pop(0)
    title = " ".join(parts) if parts else None
    if title is None and kicker is not None and subtitle is None:
        title, kicker = kicker, None
    return kicker, title, subtitle
