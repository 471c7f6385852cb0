"""Text to paragraphs: unwrap hard-wrapped columns, undo fake-bold doubling, drop repeated
blocks, mend spacing and punctuation width.

`restore(text)` returns the page as a tuple of `Para`: one restored paragraph each, with the
layout facts a later stage needs to decide what it is (was it a markdown heading, a bullet,
indented, after an image gap, did its last line fill the column).
"""

from __future__ import annotations

import bisect
import html
import itertools
import operator
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

import regex

from ..rx import WS
from ..settings import DEFAULT, Settings
from ..vocab import CREDIT_END, OUTLET_END
from .jumps import ends_continued
from .masthead import PAGE_CREDIT_LINE, head_line
from .para import Para

# CJK ideographs and the fullwidth punctuation printed with them
CJK = r"\p{Han}"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】『』「」—…·〔〕"
_CJK_OR_PUNCT = rf"[{CJK}{CJK_PUNCT}]"

TERMINAL = "。！？…”’）)」』"  # a paragraph ending with one of these ends a sentence
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

_MD_HEADING = regex.compile(r"^\s{0,3}#{1,6}\s+")
_MD_BULLET = regex.compile(r"^\s*(?:[-*+•●◆◇▪▶►·]|\d{1,2}[.、)]|[（(]\d{1,2}[）)])\s+")
_MD_EMPHASIS = regex.compile(r"(\*\*|__)(.+?)\1")
_MD_QUOTE = regex.compile(r"^\s*>\s?")
_MD_RULE = regex.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_MD_TABLE_SEP = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MD_IMAGE = regex.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = regex.compile(r"\[([^\]]+)\]\([^)]*\)")

# lines that always begin a paragraph: a lead-in (新华社…电, 本报讯, 本报太原3月28日讯), a
# continuation marker (（上接第一版）) or a byline mark (□ 本报记者)
PARAGRAPH_START = regex.compile(
    rf"^(?:据)?(?:新华社|中新社|本报|人民日报|\p{{Han}}{{2,8}}{OUTLET_END})\p{{Han}}{{0,8}}?"
    r"\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)|^本报讯|^[（(]\s*(?:上接|接上)|^[□■◇◆]\s"
)
_MD_START = frozenset("#>-*+•●◆◇▪▶►·0123456789(（ ")
_OPENING_MARKS = ("（", "(", "□", "■", "◇", "◆")  # the first characters PARAGRAPH_START allows besides Han

# box and section labels printed on a line of their own; never glued to a neighbour line
_TEASER_LABELS = r"导\s*读|今日导读|要闻导读|本期导读|要目|本期要目|今日要目|本版要目"  # over a box of teasers
LABEL = regex.compile(
    rf"^\s*(?:[»>▶►◆■●]\s*)?(?:{_TEASER_LABELS}|提要|内容提要|核心阅读|阅读提示|"
    r"编者按|编\s*者\s*按|新闻链接|相关链接|链接|短评|记者手记|延伸阅读|背景链接)\s*[:：]?\s*$"
)
TEASER_LABEL = regex.compile(rf"(?:{_TEASER_LABELS})")  # (fullmatch) a label, its marks taken off, that heads teasers
_LABEL_ENDS = frozenset("读要目按接评记:：")  # the last character of every label LABEL takes


def is_label(text: str) -> bool:
    """Is the line a box or section label (LABEL)? A cheap look at its last character first."""
    end = text.rstrip()[-1:]  # str.rstrip takes all of LABEL's trailing white space
    return end in _LABEL_ENDS and LABEL.match(text) is not None


def opens_paragraph(text: str) -> bool:
    """Does the line always begin a paragraph (PARAGRAPH_START)? Its lead-in needs 月…电 or
    讯, its other forms a bracket or a box mark first: cheap tests before the pattern."""
    if not (text.startswith(_OPENING_MARKS) or "讯" in text or ("电" in text and "月" in text)):
        return False
    return PARAGRAPH_START.match(text) is not None


# ---------------------------------------------------------------- characters


_CHAR_MAP = {
    **{o: o - 0xFEE0 for o in range(0xFF10, 0xFF1A)},  # fullwidth digits
    **{o: o - 0xFEE0 for o in range(0xFF21, 0xFF3B)},  # fullwidth capitals
    **{o: o - 0xFEE0 for o in range(0xFF41, 0xFF5B)},  # fullwidth small letters
    **dict.fromkeys(map(ord, "\u2002\u2003\u2009\u200a\u202f\u205f\u00a0"), " "),
    ord("\uff0e"): ".",
    ord("\t"): "    ",
    ord("\f"): "\n",
    ord("\v"): "\n",
    **_ZERO_WIDTH,
}
# the same mapping as strings, and a pattern that finds its characters: `re.sub` over the few
# characters to map costs far less than `str.translate` over a whole page of CJK text
_CHAR_STR = {chr(o): "" if v is None else v if isinstance(v, str) else chr(v) for o, v in _CHAR_MAP.items()}
_MAPPED = re.compile("[" + "".join(rf"\U{o:08x}" for o in sorted(_CHAR_MAP)) + "]")


def _mapped(m: re.Match[str]) -> str:
    return _CHAR_STR[m.group()]


def normalize_chars(text: str) -> str:
    """Newlines, zero-width characters, fullwidth letters and digits, odd spaces."""
    text = _MAPPED.sub(_mapped, text.replace("\r\n", "\n").replace("\r", "\n"))
    composed = unicodedata.normalize("NFC", text)
    return composed if len(composed) <= len(text) else text  # NFC can expand a few code points


_ANCHOR = re.compile(r"[，。、；！？]")
_NARROW = re.compile(r"[\x00-\xb6\xb8-\u10ff\uff61-\uffdc]")  # Latin, digits, spaces, halfwidth forms
_QUOTES = re.compile(r"[“”‘’]")


def display_width(s: str) -> float:
    """Width in CJK character cells: wide characters 1, others (digits, Latin, spaces) ½,
    curly quotes ¾ (often squeezed next to other punctuation)."""
    if s.isascii():
        return len(s) / 2
    narrow = len(_NARROW.findall(s))
    quotes = len(_QUOTES.findall(s))
    return len(s) - narrow / 2 - quotes / 4


# ---------------------------------------------------------------- fake bold


def _doubled_runs(s: str) -> list[int] | None:
    """Split `s` into runs each printed twice (XX); return the run lengths, or None."""
    n = len(s)
    if n < 2 or n % 2 or n > 160 or s.find(s[0], 1, n // 2 + 1) < 0:
        return None  # the first run XX needs s[0] again within the first half
    # ok[i]: s[:i] splits into doubled runs; back[i]: run length of the last run
    back: dict[int, int] = {0: 0}
    for i in range(n):
        if i not in back:
            continue
        for half in range(1, (n - i) // 2 + 1):
            j = i + 2 * half
            if j not in back and s[i:i + half] == s[i + half:j]:
                back[j] = half
    if n not in back:
        return None
    runs = []
    i = n
    while i:
        runs.append(back[i])
        i -= 2 * back[i]
    return runs[::-1]


def _undouble_segment(s: str, runs: list[int]) -> str:
    out, i = [], 0
    for half in runs:
        out.append(s[i:i + half])
        i += 2 * half
    return "".join(out)


_WS_SPLIT = re.compile(rf"([{WS}]+)")  # runs of white space, kept as parts


def _may_double(line: str) -> bool:
    """A cheap test that undouble can pass over most lines with: could some segment of the line
    be wholly doubled? str.split's words are undouble's segments unless the line holds one of
    the four characters (U+001C–U+001F) that str.split takes for white space and `regex` not."""
    for w in line.split():
        n = len(w)
        if not n % 2 and 2 <= n <= 160 and w.find(w[0], 1, n // 2 + 1) > 0:
            return True
    return not line.isprintable() and any(c in line for c in "\x1c\x1d\x1e\x1f")


FAKE_BOLD_CHARS = 12  # doubled characters a line shows one by one (杨杨政政) before it is taken for fake bold
FAKE_BOLD_PAGE_CHARS = 6  # ... and on a page that shows fake bold elsewhere (图图片片报报道道)


def _doubled(line: str) -> tuple[list[str], list[tuple[int, list[int]]], int, bool]:
    """The line's white-space split parts, its wholly doubled segments (part index, runs), how
    many characters those hold, and whether some segment doubles a run of two or more."""
    parts = _WS_SPLIT.split(line)
    found: list[tuple[int, list[int]]] = []
    chars, runs_of_two = 0, False
    for k, seg in enumerate(parts):
        if k % 2 or not seg:
            continue
        runs = _doubled_runs(seg)
        if runs is None:
            continue
        runs_of_two = runs_of_two or any(r >= 2 for r in runs)
        chars += len(seg)
        found.append((k, runs))
    return parts, found, chars, runs_of_two


def _undoubled(parts: list[str], found: list[tuple[int, list[int]]]) -> str:
    for k, runs in found:
        parts[k] = _undouble_segment(parts[k], runs)
    return "".join(parts)


def undouble(line: str) -> str:
    """Undo fake-bold doubling ("杨政杨政 摄摄" → "杨政 摄") in a line, keeping 谢谢, 常常, 人人.

    A white-space separated segment is undoubled when it is wholly made of doubled runs and
    the line shows fake bold: some segment doubles a run of two or more characters, or its
    wholly doubled segments hold `FAKE_BOLD_CHARS` characters or more (产产业业兴兴 乡乡村村美美
    农农民民富富). Real reduplication never covers whole segments that way.
    """
    return undouble_page([line])[0]


def undouble_page(lines: list[str]) -> list[str]:
    """`undouble` over a page's lines; where some line shows fake bold, the page was printed
    with it, and shorter wholly doubled lines are undoubled too (图图片片报报道道: 8 characters),
    from `FAKE_BOLD_PAGE_CHARS` up (谢谢, 高高兴兴 stay)."""
    out = list(lines)
    weak: list[tuple[int, list[str], list[tuple[int, list[int]]]]] = []
    bold = False
    for i, line in enumerate(lines):
        if not _may_double(line):
            continue
        parts, found, chars, runs_of_two = _doubled(line)
        if runs_of_two or chars >= FAKE_BOLD_CHARS:
            out[i] = _undoubled(parts, found)
            bold = True
        elif chars >= FAKE_BOLD_PAGE_CHARS:
            weak.append((i, parts, found))
    if bold:
        for i, parts, found in weak:
            out[i] = _undoubled(parts, found)
    return out


# ---------------------------------------------------------------- repeated blocks


_COVERED = re.compile(rb"\x01+")


def _compact(text: str) -> str:
    """The text without the spaces `remove_repeats` looks past."""
    return text.replace(" ", "").replace("\u3000", "").replace("\t", "")


def drop_echoed_blocks(lines: list[str]) -> list[str]:
    """Drop a block of lines (between blank lines) printed again right after itself, however
    short (a heading printed twice: 人民幸福安康 祖国繁荣吉祥 | 人民幸福安康 祖国繁荣吉祥), which
    `remove_repeats` leaves as too short to tell from an echo. `restore` asks this only of a
    page whose converter shows fake bold or repeated blocks elsewhere: a clean page may print
    a title and then a body that opens on the same words (a document's own title)."""
    out: list[str] = []
    block: list[str] = []
    last = ""  # the last block kept, compacted

    def close() -> None:
        nonlocal last
        if block:
            text = _compact("".join(block))
            if text != last:
                out.extend(block)
            last = text
            block.clear()

    for line in lines:
        if line.strip():
            block.append(line)
        else:
            close()
            out.append(line)
    close()
    return out


def remove_repeats(lines: list[str], settings: Settings = DEFAULT) -> list[str]:
    """Drop later copies of text already printed on the page (blocks printed 2–3 times).

    Works on characters across line ends: a copy may begin in the middle of a line. Every
    run of at least `repeat_min_chars` non-space characters whose fingerprints all occurred
    earlier (and not overlapping themselves) is cut out, where it follows the earlier copy
    within `repeat_gap` characters (copies between not counted) or follows a copy cut out (a
    block printed three times, the last copy cut short). Shorter echoes such as a title
    repeated in its lead, and text that the page quotes further on (a subtitle its story
    repeats, a quotation the story comes back to), stay.
    """
    k = settings.repeat_gram
    flat = _compact("".join(lines))
    n = len(flat)
    if n < settings.repeat_min_chars * 2:
        return lines
    # Copies are found from anchors (the text after each ，。、；) and then extended both
    # ways character by character: exact runs, at a cost proportional to the page.
    anchors = [m.start() for m in _ANCHOR.finditer(flat, 0, max(0, n - k + 1))]  # those with a whole gram
    grams = [flat[p:p + k] for p in anchors]
    first = dict(zip(reversed(grams), reversed(anchors), strict=True))  # each gram's first anchor
    if len(first) == len(grams):
        return lines  # no gram printed twice
    covered = bytearray(n)
    earlier = list(map(first.__getitem__, grams))
    for p, q in itertools.compress(zip(anchors, earlier, strict=True), map(operator.ne, anchors, earlier)):
        if covered[p]:  # only anchors whose gram was printed before: q < p
            continue
        back = 0
        while q - back - 1 >= 0 and flat[q - back - 1] == flat[p - back - 1] and q + 1 < p - back - 1:
            back += 1
        start = p - back
        fwd = 0
        while p + fwd < n and q + fwd < start and flat[q + fwd] == flat[p + fwd]:
            fwd += 1
        # a repeat follows its earlier copy closely (copies between not counted) or follows a repeat
        if fwd >= k and (covered.count(0, q + fwd, start) <= settings.repeat_gap or (start and covered[start - 1])):
            covered[start:p + fwd] = b"\x01" * (p + fwd - start)
    runs = [(m.start(), m.end()) for m in _COVERED.finditer(bytes(covered)) if m.end() - m.start() >= settings.repeat_min_chars]
    if not runs:
        return lines
    starts = list(itertools.accumulate((len(_compact(line)) for line in lines), initial=0))
    drop: dict[int, set[int]] = {}
    for i, j in runs:
        li = bisect.bisect_right(starts, i) - 1
        while li < len(lines) and starts[li] < j:
            lo, hi = max(i, starts[li]) - starts[li], min(j, starts[li + 1]) - starts[li]
            cols = [ci for ci, ch in enumerate(lines[li]) if ch not in " \u3000\t"]
            drop.setdefault(li, set()).update(cols[lo:hi])
            li += 1
    out = []
    for li, line in enumerate(lines):
        cols = drop.get(li)
        if not cols:
            out.append(line)
            continue
        kept = "".join(ch for ci, ch in enumerate(line) if ci not in cols).rstrip()
        if kept.strip():
            out.append(kept)
        # a line wholly removed disappears without leaving a blank line
    return out


# ---------------------------------------------------------------- spacing and punctuation

_SPACE_CJK_DIGIT = regex.compile(rf"(?<={_CJK_OR_PUNCT})[ ]+(?=[0-9A-Za-z%])|(?<=[0-9A-Za-z%])[ ]+(?={_CJK_OR_PUNCT})")
_SPACE_AROUND_PUNCT = regex.compile(rf"(?<=[{CJK}{CJK_PUNCT}])[ ]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[ ]+(?=[{CJK}])")
_LETTER_SPACED = regex.compile(rf"(?:{_CJK_OR_PUNCT}[ ]){{3,}}{_CJK_OR_PUNCT}")
_HALF_PUNCT = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_NEAR_CJK = regex.compile(rf"(?<={_CJK_OR_PUNCT}\s*)([,:;?!()])|([,:;?!()])(?=\s*{_CJK_OR_PUNCT})")
# a space beside a Latin letter, digit or %, or beside CJK punctuation: what _SPACE_CJK_DIGIT
# and _SPACE_AROUND_PUNCT need (a run of spaces with such a character at one end), looked
# for first at a lower cost
_SPACE_BY_ALNUM = re.compile(r"[0-9A-Za-z%] | [0-9A-Za-z%]")
_SPACE_BY_PUNCT = re.compile(rf" [{CJK_PUNCT}]|[{CJK_PUNCT}] ")
# 不足.2012年: no decimal point after a CJK character; nor first on a line wrapped after one (说 | .天镇)
_PERIOD_AFTER_CJK = regex.compile(rf"(?<=[{CJK}”’）])\.(?=\s|$|[{CJK}“‘（\"'0-9])|^\.(?=$|[{CJK}“‘（\"'])")


def _fullwidth(m: regex.Match[str]) -> str:
    return _HALF_PUNCT[m[0]]  # the match is the one mark, group 1 or 2


_HALF_ANY = re.compile(r"[,:;?!().\"']")
_HALF_MARK = re.compile(r"[,:;?!()]")
_OPENED_FULL = re.compile(r"（([^（）()]{0,40})\)")
_OPENED_HALF = re.compile(r"\(([^（）()]{0,40})）")
_SPACES = re.compile(r"[ ]{2,}")


def fix_punctuation(s: str) -> str:
    """Halfwidth punctuation in Chinese text becomes fullwidth (, → ，, ( → （, . → 。)."""
    if not _HALF_ANY.search(s):
        return s
    # each step runs only where the characters it needs are there
    if _HALF_MARK.search(s):
        s = _HALF_NEAR_CJK.sub(_fullwidth, s)
    if "." in s:
        s = _PERIOD_AFTER_CJK.sub("。", s)
    if '"' in s or "'" in s:
        s = _curl_quotes(s)
    # a parenthesis pair opened fullwidth and closed halfwidth (or the reverse)
    if "（" in s and ")" in s:
        s = _OPENED_FULL.sub(r"（\1）", s)
    if "(" in s and "）" in s:
        s = _OPENED_HALF.sub(r"（\1）", s)
    return s


_QUOTE_PAIRS = {'"': "“”", "'": "‘’"}
_OPENS_AFTER = frozenset("：:，,、；;（(【《“‘ —")  # a quote after one of these (or first on the line) opens
_CLOSES_AFTER = frozenset("。！？…")  # 。" closes
_CLOSES_BEFORE = frozenset("，,。、；;：:！？）)】》")  # "， closes


def _curl_quotes(s: str) -> str:
    """Straight quotes in Chinese text become curly (" → “ or ”, ' → ‘ or ’), told apart by what
    stands beside them, else by turns within the line; none changes in a line with no CJK."""
    if not _HAS_CJK.search(s):
        return s
    out = list(s)
    open_now = {'"': False, "'": False}
    for i, ch in enumerate(out):
        pair = _QUOTE_PAIRS.get(ch)
        if pair is None:
            continue
        before = out[i - 1] if i else ""
        after = s[i + 1] if i + 1 < len(s) else ""
        if before.isascii() and before.isalnum() and (after.isascii() and after.isalnum()):
            continue  # it's, 5'30": not a quotation mark
        if before in _CLOSES_AFTER or (before and after in _CLOSES_BEFORE) or not after:
            closing = True
        elif not before or before in _OPENS_AFTER:
            closing = False
        else:
            closing = open_now[ch]
        out[i] = pair[1] if closing else pair[0]
        open_now[ch] = not closing
    return "".join(out)


_HAS_CJK = regex.compile(rf"[{CJK}]")


# one space between two CJK characters or punctuation marks, and two CJK characters with none:
# a line with four times as many of the first is spaced throughout, as OCR prints some pages
# (a justified line of names, 雷 声 周 石 张守向, is not)
_SPACED_PAIR = regex.compile(rf"(?<={_CJK_OR_PUNCT}) (?={_CJK_OR_PUNCT})")
_CJK_CLOSE = regex.compile(rf"{CJK}(?={CJK})")


def _unspace(m: regex.Match[str]) -> str:
    return m.group(0).replace(" ", "")


def _spaced_throughout(s: str) -> bool:
    """Does OCR space every character of the line (four spaced pairs at least, four times as
    many as the pairs of CJK characters with none between)?"""
    spaced = len(_SPACED_PAIR.findall(s))
    return spaced >= 4 and 4 * len(_CJK_CLOSE.findall(s)) <= spaced


def fix_spacing(s: str) -> str:
    """Drop spaces between CJK and digits or Latin, around fullwidth punctuation, and in
    letter-spaced runs ("李 干 杰 、 何" → "李干杰、何"); keep spaces between CJK words."""
    if " " not in s:
        return s
    if s.count(" ") >= 3:  # a letter-spaced run has three spaces at least
        # OCR that spaces every character closes up to its short runs too ("晨 报 讯（")
        s = _SPACED_PAIR.sub("", s) if _spaced_throughout(s) else _LETTER_SPACED.sub(_unspace, s)
    if _SPACE_BY_ALNUM.search(s):
        s = _SPACE_CJK_DIGIT.sub("", s)
    if _SPACE_BY_PUNCT.search(s):
        s = _SPACE_AROUND_PUNCT.sub("", s)
    return _SPACES.sub(" ", s) if "  " in s else s


def mend_line(s: str) -> str:
    """All in-line repairs of a printed line, in order."""
    return fix_spacing(fix_punctuation(s)).strip()


# ---------------------------------------------------------------- lines to paragraphs


@dataclass(slots=True)
class _Line:
    raw: str  # as printed (after undoubling), without markdown marks
    text: str  # mended
    indented: bool
    md_heading: bool
    bullet: bool
    hard_break: bool  # markdown "  " line end
    justified: bool = False  # letter-spaced to fill the column ("李 干 杰 、 何")
    spaced: bool = False  # words apart like a headline ("积极探索凝聚共识 努力打造协商品牌")
    centred: bool = False  # set in from the left by more than a paragraph's indent (a centred title): a paragraph of its own
    md_level: int = 0  # the markdown heading's level (the number of #), 0 for none
    bold: bool = False  # printed in bold as a whole (**…** in markdown)
    known_width: float | None = None  # `printed`, once asked for
    known_alone: bool | None = None  # `_own_line`, once asked for

    @property
    def printed(self) -> float:
        """Display width of the line as printed (measured when first needed: lines of
        unwrapped pages mostly never are)."""
        if self.known_width is None:
            self.known_width = display_width(self.raw)
        return self.known_width

    def width(self, column: float | None = None) -> float:
        if self.justified and column is not None:
            return column
        return self.printed


_JUSTIFIED = regex.compile(rf"(?:{_CJK_OR_PUNCT} ){{5,}}")
_SPACED = regex.compile(rf"{CJK}{{2}} {CJK}{{2}}")
_NOT_SPACED = re.compile(r"记者|通讯员|实习生|[（(《]|[电讯] ")
_DOUBLE_DASH = regex.compile(r"^[-—－]{2}")


INDENT_CELLS = 3  # the widest white space (CJK cells) before a line that is a paragraph's indent; wider, the line is set in (centred)


def _parse_line(line: str) -> _Line | None:
    stripped = line.rstrip()
    if not stripped or stripped.isspace():
        return None
    hard_break = line.endswith("  ")
    first = stripped.lstrip()[0]
    if first in "-*_=|" and (_MD_RULE.match(stripped) or _MD_TABLE_SEP.match(stripped)):
        return None
    indented = stripped[0] in " \u3000"
    centred = indented and display_width(stripped[:len(stripped) - len(stripped.lstrip(" \u3000"))]) > INDENT_CELLS
    s = stripped.replace("\u3000", " ").strip()
    md_heading = bullet = bold = False
    level = 0
    if s[0] in _MD_START:
        s, level, bullet = _markdown_marks(s)
        md_heading = level > 0
    if "[" in s:
        s = _MD_IMAGE.sub("", s)
        s = _MD_LINK.sub(r"\1", s)
    if "*" in s or "__" in s:
        bold = len(s) > 4 and s[:2] in ("**", "__") and s.endswith(s[:2]) and s.find(s[:2], 2, -2) < 0
        s = _MD_EMPHASIS.sub(r"\2", s)
    if s.startswith("|") and s.endswith("|"):
        s = " ".join(c.strip() for c in s.strip("|").split("|"))
    s = s.strip()
    if not s:
        return None
    justified = spaced = False
    if " " in s:
        justified = s.count(" ") >= 5 and _JUSTIFIED.search(s) is not None  # five spaces at least
        spaced = (
            not justified
            and s[-1] not in TERMINAL
            and _SPACED.search(s) is not None
            and not _NOT_SPACED.search(s)
        )
    # mend_line(s) is s itself when s has neither a space nor halfwidth punctuation
    text = mend_line(s) if " " in s or _HALF_ANY.search(s) else s
    return _Line(s, text, indented and not centred, md_heading, bullet, hard_break, justified, spaced, centred,
                 md_level=level, bold=bold)


def _markdown_marks(s: str) -> tuple[str, int, bool]:
    """A line's markdown heading, quote and bullet marks taken off: (text, the heading's level
    or 0, bullet). `s` is stripped, so the heading and quote marks can only be its first character."""
    level = 0
    bullet = False
    if s[0] == "#" and (m := _MD_HEADING.match(s)):
        level = m.group().count("#")
        s = s[m.end():].rstrip("#").strip()
    if s.startswith(">"):
        s = _MD_QUOTE.sub("", s)
    m = _MD_BULLET.match(s)
    if m and not _DOUBLE_DASH.match(s):
        bullet = True
        s = s[m.end():]
    return s, level, bullet


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in TERMINAL


def _block_width(widths: list[float], settings: Settings = DEFAULT) -> float | None:
    """The column width of a block of wrapped lines: the typical width of its non-last lines,
    or None where too few of them are about that wide (one paragraph per line, no blank lines
    between: lines as long as their paragraphs, not a column)."""
    body = sorted(widths[:-1])
    if len(body) < 2:
        return None
    width = body[len(body) // 2]
    near = max(2.0, 0.1 * width)
    if sum(abs(w - width) <= near for w in body) <= settings.wrapped_share * len(body):
        return None
    return width


_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _join(pieces: list[str]) -> str:
    """Join the pieces of one paragraph; a space only between two Latin/digit characters
    (a Latin letter or digit, then a Latin letter)."""
    out: list[str] = []
    last = ""  # the last character joined so far
    for b in pieces:
        if not b:
            continue
        if last in _ALNUM and b[0] in _LATIN:
            out.append(" ")
        out.append(b)
        last = b[-1]
    return "".join(out)


def _para(block: list[_Line], start: int, end: int, width: float | None, ws: list[float], gap: int,
          settings: Settings, indents: bool = True) -> Para:
    """The paragraph made of lines `start`…`end`-1 of a block of column `width` (None: not
    wrapped), whose lines are `ws` wide (`indents`: the page indents its paragraphs' first lines)."""
    one = end - start == 1
    first, last = block[start], block[end - 1]
    lines = block[start:end]
    return Para(
        text=last.text if one else _join([ln.text for ln in lines]),
        gap_before=gap if start == 0 else 0,
        md_heading=last.md_heading if one else any(ln.md_heading for ln in lines),
        bullet=first.bullet,
        indented=first.indented,
        first_in_block=start == 0,
        last_full=width is not None and _fills(ws[end - 1], width, one and indents, settings),
        wrapped=width is not None,
        lines=end - start,
        spaced=last.spaced if one else any(ln.spaced for ln in lines),
        md_level=last.md_level if one else min((ln.md_level for ln in lines if ln.md_level), default=0),
        bold=last.bold if one else all(ln.bold for ln in lines),
    )




def _own_line(ln: _Line) -> bool:
    """Is the line a page's credit line (page furniture) or its running head or one-line
    masthead, never part of a paragraph?"""
    if ln.known_alone is None:
        ln.known_alone = (len(ln.text) <= 40 and PAGE_CREDIT_LINE.match(ln.text) is not None) or head_line(ln.raw, spaced=True)
    return ln.known_alone


def _forced_break(prev: _Line, ln: _Line) -> bool:
    """Does line `ln` begin a new paragraph after `prev` whatever the column? (Labels aside.)
    It opens one, or `prev` ends a part at its jump marker (…下转第九版), or either is a page's
    credit line (本版制图：X printed indented over an unindented title)."""
    return (ln.indented or ln.bullet or ln.md_level != prev.md_level or ln.bold != prev.bold or ln.centred or prev.centred
            or opens_paragraph(ln.raw)
            or ends_continued(prev.text) or _own_line(prev) or _own_line(ln))


def _column_break(prev: _Line, ln: _Line, w: float, w_ln: float, one: bool, width: float, settings: Settings) -> bool:
    """In a block of column `width`, does `ln` (`w_ln` wide) begin a new paragraph after `prev`
    (`w` wide; `one`: the only line so far of its paragraph)?"""
    return (
        ln.spaced
        or prev.spaced
        or w > width + 1.5  # too wide for a column line
        or (
            not _fills(w, width, one, settings)
            # a line that stops mid-sentence ends a paragraph only when clearly short
            and (_ends_sentence(prev.text) or w < 0.75 * width)
        )
        or _heading_after_sentence(prev.text, ln.text, w_ln, width)
        or w_ln > width + 2.5
        or w > width + 2.5
    )


_FULL_STOPS = "。！？"  # a sentence's end (a closing quote or bracket may stand mid-sentence: “上岗”)
_GOES_ON = "：；，、—:;,"  # a paragraph's last line that ends on one of these leaves its sentence open on purpose


def _heading_after_sentence(prev: str, text: str, w: float, width: float) -> bool:
    """A short line under a full one that ends a sentence, which itself ends no sentence
    (…限当天有效。 | 观鹤舞雪原): as the paragraph's last line it would leave a sentence
    unfinished; it is a heading of its own, as is a quoted phrase alone (“引沁入阳”). Of the
    corpus's paragraphs wrapped at 8 to 40 characters, 5 in 2,825 end that way, each a
    paragraph missing its full stop."""
    if not prev or prev[-1] not in _FULL_STOPS or w >= 0.75 * width or not text:
        return False
    if text[0] == "“" and text[-1] == "”":  # “引沁入阳”: a quoted phrase alone, no quoted sentence (none in the corpus)
        return _QUOTED_SENTENCE.search(text) is None
    return text[-1] not in TERMINAL and text[-1] not in _GOES_ON


_QUOTED_SENTENCE = re.compile(r"[。！？，；：…]")


def _split_block(
    block: list[_Line], width: float | None, gap: int, settings: Settings, indents: bool = True
) -> list[Para]:
    """Unwrap one blank-line separated block (of one line at least) into paragraphs. A
    paragraph's first line is allowed to fall short of the column by an indent only where the
    page indents any line (`indents`) and the line itself is indented (社会 over a title's
    lines, on an indenting page, is no paragraph's first line)."""
    ws = [ln.width(width) for ln in block] if width is not None else []  # each line measured once
    if len(block) == 1:
        return [_para(block, 0, 1, width, ws, gap, settings, indents)]
    labels = [is_label(ln.raw) for ln in block]  # a label is a paragraph of its own
    paras: list[Para] = []
    start = 0  # the first line of the paragraph being read
    for i in range(1, len(block)):
        prev, ln = block[i - 1], block[i]
        if labels[i - 1] or labels[i] or _forced_break(prev, ln):
            new = True
        elif i == len(block) - 1 and len(ln.text) <= settings.stub_chars and not _ends_sentence(prev.text):
            new = False  # a character or two wrapped onto the block's last line: the rest of the line above
        elif width is None:
            new = not prev.hard_break and not _looks_wrapped(prev, ln)
        else:
            new = _column_break(prev, ln, ws[i - 1], ws[i], i - 1 == start and indents and prev.indented, width, settings)
        if new:
            paras.append(_para(block, start, i, width, ws, gap, settings, indents))
            start = i
    paras.append(_para(block, start, len(block), width, ws, gap, settings, indents))
    return paras


def _fills(w: float, width: float, first_line: bool, settings: Settings) -> bool:
    """Does a line of width `w` fill a column of `width`? A paragraph's first line is indented."""
    low = width - settings.full_line_slack - (2.5 if first_line else 0)
    return low <= w <= width + 1.5


_CREDIT_END = re.compile(rf"{CREDIT_END}$")  # a caption with its photo credit on one line ends there


def _looks_wrapped(prev: _Line, nxt: _Line) -> bool:
    """Two lines of a block without a known column width: is the second a wrap of the first?"""
    if prev.hard_break:
        return True
    if _ends_sentence(prev.text) or _CREDIT_END.search(prev.text):
        return False
    # a long line, or an indented paragraph start whose next line is not indented: cut by a column break
    return len(prev.text) > 40 or (prev.indented and not nxt.indented)


def _no_centring(lines: list[_Line]) -> None:
    """Lines set in are centred titles only while they are few: where many lines are (a body
    set in by a wide margin that the page's top does not share), they are indented lines."""
    if sum(ln.centred for ln in lines) > max(CENTRED_SHARE * len(lines), _FEW_HEADINGS):
        for ln in lines:
            if ln.centred:
                ln.centred, ln.indented = False, True


CENTRED_SHARE = 0.3  # the most of a page's lines that may be centred titles
_FEW_HEADINGS = 4  # so many centred or spaced lines are headings on any page, however short


def _no_spacing(lines: list[_Line]) -> None:
    """Lines with words set apart are headlines only while they are few: where many lines have
    a space between CJK characters, or the page has many such spaces for its length (OCR that
    drops a space here and there, in a narrow column too), the spaces are noise: no line is a
    paragraph of its own for them, nor wider than the column."""
    gaps = sum(len(_HAN_GAP.findall(ln.raw)) for ln in lines if " " in ln.raw)
    noisy = gaps >= _FEW_GAPS and gaps > STRAY_SPACES * sum(len(ln.raw) for ln in lines)
    if noisy or sum(ln.spaced for ln in lines) > max(SPACED_SHARE * len(lines), _FEW_HEADINGS):
        for ln in lines:
            ln.spaced = False
            if " " in ln.raw:
                ln.known_width = display_width(_SPACED_PAIR.sub("", ln.raw))


SPACED_SHARE = 0.15  # the most of a page's lines that may be headlines set apart by spaces
STRAY_SPACES = 0.015  # spaces between two Han characters per character, above which they are OCR's noise (pages: median 0.001)
_FEW_GAPS = 12  # the fewest such spaces that can tell a page noisy
_HAN_GAP = regex.compile(r"(?<=\p{Han}) (?=\p{Han})")


def assemble(lines: list[str], settings: Settings = DEFAULT) -> list[Para]:
    """Group printed lines into blocks (split at blank lines), then into paragraphs."""
    blocks: list[tuple[int, list[_Line]]] = []
    gap = 0
    cur: list[_Line] = []
    for raw in lines:
        ln = _parse_line(raw) if raw else None
        if ln is None:
            if cur:
                blocks.append((gap, cur))
                cur = []
                gap = 0
            gap += 1
            continue
        cur.append(ln)
    if cur:
        blocks.append((gap, cur))
    every = [ln for _, block in blocks for ln in block]
    _no_centring(every)
    _no_spacing(every)
    indents = any(ln.indented for ln in every)

    widths: list[float | None] = []
    for _, block in blocks:
        if len(block) < settings.min_wrapped_lines:  # too few lines to show a column
            widths.append(None)
            continue
        ws = [ln.printed for ln in block if not ln.md_heading and not ln.justified and not ln.centred]
        hard = any(ln.hard_break for ln in block)  # markdown line breaks: no column to infer
        widths.append(_block_width(ws, settings) if len(ws) >= settings.min_wrapped_lines and not hard else None)
    # a short block inherits the column width of its nearest wrapped neighbour
    known = [i for i, w in enumerate(widths) if w is not None]
    wrapped_lines = sum(len(b) for (_, b), w in zip(blocks, widths, strict=True) if w is not None)
    total_lines = sum(len(b) for _, b in blocks) or 1
    page_wrapped = wrapped_lines / total_lines > 0.3
    paras: list[Para] = []
    for i, (gap_before, block) in enumerate(blocks):
        width = widths[i]
        if width is None and page_wrapped and known:
            k = bisect.bisect_left(known, i)  # the nearest block with a known width, ties to the earlier
            nearest = min(known[max(0, k - 1) : k + 1], key=lambda j: (abs(j - i), j))
            cand = widths[nearest]
            # only when the block's lines fit that column
            if cand is not None and all(ln.width(cand) <= cand + 2.5 for ln in block):
                width = cand
        paras.extend(_split_block(block, width, gap_before, settings, indents))
    return paras


def restore(text: str, settings: Settings = DEFAULT) -> tuple[Para, ...]:
    """The whole restore stage: characters (HTML's tags and entities read) → lines without the
    page's margin → undoubled → without repeats (and, on a page that shows either, without
    blocks printed twice in a row) → paragraphs, whose indentation is kept only where it tells
    some apart."""
    text = normalize_chars(strip_html(text))
    lines = text.split("\n")
    lines = close_up(single_spaced(strip_margin(strip_padding(lines)), settings))
    undoubled = undouble_page(lines)
    unrepeated = remove_repeats(undoubled, settings)
    if unrepeated != undoubled or undoubled != lines:  # a page printed with repeats or fake bold
        unrepeated = drop_echoed_blocks(unrepeated)
    paras = assemble(unrepeated, settings)
    return tuple(_telling_indents(paras))


def _telling_indents(paras: list[Para]) -> list[Para]:
    """The paragraphs, not indented where indentation tells nothing: on a page of several
    paragraphs, where every paragraph is indented, or every block's first (titles and all)."""
    firsts = [p for p in paras if p.first_in_block]
    if any(len(ps) >= _SEVERAL and all(p.indented for p in ps) for ps in (paras, firsts)):
        return [replace(p, indented=False) for p in paras]
    return paras


_SEVERAL = 3  # paragraphs (or blocks) a page needs before the same indentation on all is taken for a margin


_MARGIN = " \u3000"  # the white space a line may be indented with (tabs are four spaces by now)


def strip_margin(lines: list[str]) -> list[str]:
    """The lines less the white space that every line with text begins with: a page whose
    every line is indented (a converter's margin, 　　 before every line) shows no indented
    paragraph by it. Where no margin is common to all, a wide one common to most goes
    (`_strip_wide_margin`)."""
    margin: str | None = None
    for line in lines:
        if not line or line.isspace():
            continue
        lead = line[:len(line) - len(line.lstrip(_MARGIN))]
        if margin is None:
            margin = lead
        elif not lead.startswith(margin):
            k = 0
            while k < min(len(margin), len(lead)) and margin[k] == lead[k]:
                k += 1
            margin = margin[:k]
        if not margin:
            return _strip_wide_margin(lines)
    if not margin:
        return _strip_wide_margin(lines)
    k = len(margin)
    return [line[k:] if line and not line.isspace() else line for line in lines]


def single_spaced(lines: list[str], settings: Settings = DEFAULT) -> list[str]:
    """A page printed with a blank line after every line (some converters print each line of
    a column as a paragraph), its blank lines read for what they are. Where no two lines with
    text stand together, the shortest run of blank lines between them is the line spacing
    (runs one longer are breaks between blocks, and become runs of one) if it is more than
    one, if most runs are longer (a blank line after every line: a heading's two lines apart
    by one, paragraphs by two), or if the lines are a column's: most as wide as each other,
    most ending mid-sentence (a page of one paragraph to a line, a blank line after each and
    more between articles, ends most on a full stop, its lines as long as their paragraphs)."""
    if any(a and b and not a.isspace() and not b.isspace() for a, b in itertools.pairwise(lines)):
        return lines  # lines that stand together: blank lines mean what they usually do (most pages: found early)
    text = [line for line in lines if line and not line.isspace()]
    if len(text) < _DOUBLE_SPACED_LINES:
        return lines
    runs: list[int] = []
    blank = 0
    for line in lines:
        if line and not line.isspace():
            runs.append(blank)
            blank = 0
        else:
            blank += 1
    inner = runs[1:]  # the runs between two lines with text, none empty
    spacing = min(inner)
    if spacing == 1 and sum(r >= 2 for r in inner) <= 0.5 * len(inner) and (
            sum(line.rstrip()[-1] not in _ENDS for line in text) < 0.5 * len(text)
            or _block_width([display_width(line.strip()) for line in text], settings) is None):
        return lines  # one paragraph to a line, a blank line after each (and more between articles)
    out = [""] * runs[0]
    k = 0
    for line in lines:
        if line and not line.isspace():
            if k:
                out.extend([""] * (runs[k] - spacing))
            out.append(line)
            k += 1
    return out + [""] * max(blank - spacing, 0)


_ENDS = TERMINAL + ".!?\"'"  # a line's last character that ends a sentence, halfwidth ones too (punctuation is mended later)
_DOUBLE_SPACED_LINES = 10  # the fewest lines with text in which a page is found double-spaced


_HTML_TAG = re.compile(r"<(/?)(p|br|div|span|font|b|strong|i|em|u|h[1-6]|li|ul|ol|tr|td|th|table|tbody|img|a|center)\b[^<>]*>",
                       re.I)
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,7}|#x[0-9a-fA-F]{2,6});")
_BREAKS = frozenset({"br"})  # tags that end a line wherever they stand
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table"})  # closing one ends a line


def _html_tag(m: re.Match[str]) -> str:
    name = m[2].lower()
    return "\n" if name in _BREAKS or (m[1] and name in _BLOCKS) else ""


def strip_html(text: str) -> str:
    """Text scraped from an e-paper's HTML read as text: <br> and the end of a <p> (or <div>,
    <h2>, …) end a line, other tags go, entities are read (&nbsp; → a space, &ldquo; → “). A
    page with no tag and no entity is returned as it is; a < or & in the text is left alone."""
    if ("<" not in text or not _HTML_TAG.search(text)) and ("&" not in text or not _HTML_ENTITY.search(text)):
        return text
    return html.unescape(_HTML_TAG.sub(_html_tag, text))


def strip_padding(lines: list[str]) -> list[str]:
    """The lines without trailing white space where most lines with text end in some (a
    converter that pads every line to a width): two spaces at a line's end are a markdown hard
    break only where few lines have them."""
    padded = sum(1 for line in lines if line and line[-1] in _MARGIN and not line.isspace())
    if not padded or padded < 0.5 * sum(1 for line in lines if line and not line.isspace()):
        return lines
    return [line.rstrip(_MARGIN) for line in lines]


def close_up(lines: list[str]) -> list[str]:
    """A page that OCR letter-spaced throughout (most lines of some length have every CJK
    character apart: 习 近 平 同 卡 塔 尔) closed up on every line, its short runs too (第8版：经 济,
    记 者 张 三), which no line-by-line test can tell from words set apart."""
    long = [line for line in lines if len(line) >= _SPACED_LINE]
    if not long or sum(" " in line and _spaced_throughout(line) for line in long) < 0.5 * len(long):
        return lines
    return [_SPACED_PAIR.sub("", line) if " " in line else line for line in lines]


_SPACED_LINE = 12  # the shortest line (characters, spaces included) counted in telling a page spaced throughout


def _strip_wide_margin(lines: list[str]) -> list[str]:
    """The lines less a margin wider than a paragraph's indent that most lines with text
    begin with (a body set in under a masthead that is not): a narrower one, on most lines,
    is the paragraphs' indent of a page printed one paragraph to a line, and stays."""
    text = [line for line in lines if line and not line.isspace()]
    if sum(line[0] in _MARGIN for line in text) < 0.5 * len(text):
        return lines  # most lines begin at the left: no margin (most pages)
    leads = Counter(line[:len(line) - len(line.lstrip(_MARGIN))] for line in text)
    margin, count = leads.most_common(1)[0] if leads else ("", 0)
    if not margin or display_width(margin) <= INDENT_CELLS or count < 0.5 * sum(leads.values()):
        return lines
    k = len(margin)
    return [line[k:] if line.startswith(margin) else line for line in lines]
