"""Synthetic newspaper pages with exact gold, for measuring the parser on text it has never seen.

The only source of Chinese running text is the gold material (`eval/gold/*.json`), read at run
time by `load_articles`. `make_corpus` recombines those items into new pages (random subsets,
sometimes truncated by whole paragraphs, shuffled) and `render_page` prints them in one of the
`STYLES`, with the noise the real sample pages show, and builds the page's `baokan.page/1` gold:

- ``clean``: one line per paragraph, blank lines between, headings before the body; sometimes a
  paragraph cut by a column break or an image gap (3-4 blank lines). A share of these pages
  (`DENSE_RATE`, noisy ones on a clean base too) print no blank line at all, half of them with
  each paragraph's first line indented (两个全角空格).
- ``wrapped``: narrow hard-wrapped columns (width 12..26 CJK cells per page), column breaks at
  line boundaries, spaced numbers (``11 月 30 日``), headings unwrapped or wrapped wider.
- ``markdown``: ``## title``, halfwidth punctuation, ``本报讯 (记者 X) `` and ``"  \\n"`` hard breaks.
- ``title_after``: wrapped columns where each item's headings follow its body; continuation parts
  start with ``（上接第一版）`` and carry no headings.
- ``noisy``: clean or wrapped text plus fake-bold doubled glyph runs in headings, captions and
  credits, a paragraph block printed two or three times, and the tail of one article printed out
  of reading order (before its headings).

Mastheads, running heads, photos with credits (some printed between an article's headings and
its body), teasers (some under a 导读 label) and jump markers are mixed in at random.
The gold always holds the restored text (FORMAT.md): paragraphs joined by ``\\n``, no wraps, no
doubling, no repeats, markers moved to ``continued_to``/``continued_from``. Each gold page also
carries an extra ``synth`` object (style, column width, noise applied); the scorer ignores it.

Everything is deterministic for a given `random.Random` state or corpus seed.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

SCHEMA = "baokan.page/1"
INSET_RATE = 0.3  # an article followed by a photo prints the photo between its headings and its body this often
DENSE_RATE = 0.3  # a page of one line per paragraph (clean, or noisy on a clean base) prints no blank lines this often
STYLES: tuple[str, ...] = ("clean", "wrapped", "markdown", "title_after", "noisy")

# Page furniture that carries no article text: invented paper names and page names.
_PAPERS = (
    "江城日报", "晋北晚报", "滨海日报", "云州日报", "河西日报", "青山日报",
    "东湖晚报", "北川日报", "临江日报", "南屏晚报",
)
_PAGE_NAMES = ("要闻", "综合", "时政", "经济", "社会", "城市", "文化", "县区新闻", "理论", "民生")
_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LUNAR_MONTHS = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊")
_DIGITS = "零一二三四五六七八九"

_NO_START = set("，。、；：？！”’）》」』】〕…·%,.;:?!)]}")  # may not begin a wrapped line
_NO_END = set("“‘（《「『【〔([{")  # may not end a wrapped line
_TOKEN = regex.compile(r"——|……|[!-~]+|\s+|\X")
_NUM = regex.compile(r"\d+(?:\.\d+)?%?")
_HAN = regex.compile(r"\p{Han}")
_LEADIN = regex.compile(r"^((?:据)?[\p{Han}\d]{1,16}?[电讯])（([^（）\n]{1,40})）")
_BYLINE = regex.compile(r"^[□■]?\s*[\p{Han}]{0,8}记者(?:[\s\u3000]+\p{Han}{2,4})*\s*$")
_CREDIT_NAME = regex.compile(r"(\p{Han}{2,4})\s*摄$")
_MD_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
_HALF_TO_FULL = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}


# ----------------------------------------------------------------------------------------------
# small text helpers (public ones are used by the tests)


def canon(text: str | None) -> str:
    """The scorer's canonical form: NFKC, then all white space removed."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def text_width(text: str) -> float:
    """Printed width in CJK cells: wide/ambiguous glyphs 1, other glyphs 0.5, white space 0."""
    total = 0.0
    for ch in text:
        if ch.isspace():
            continue
        total += 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5
    return total


def fake_bold(text: str) -> str:
    """Print every run of glyphs twice, as extractors do with fake-bold type: "杨政 摄" → "杨政杨政 摄摄"."""
    return regex.sub(r"[\p{L}\p{N}]+|[^\p{L}\p{N}\s]+", lambda m: m[0] * 2, text)


def cn_numeral(n: int) -> str:
    """1..99 as Chinese numerals: 3 → 三, 12 → 十二, 20 → 二十, 23 → 二十三."""
    if not 0 < n < 100:
        raise ValueError(f"numeral out of range: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def _is_han(ch: str) -> bool:
    return bool(_HAN.match(ch))


def _tokens(text: str, width: float) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        step = max(int(width * 2) - 1, 1)
        if not tok.isspace() and text_width(tok) > width:
            out.extend(tok[i:i + step] for i in range(0, len(tok), step))
        else:
            out.append(tok)
    return out


def _wrap_tokens(tokens: Sequence[str], width: float) -> list[str]:
    lines: list[str] = []
    cur: list[str] = []
    w = 0.0
    for tok in tokens:
        if tok.isspace():
            if cur:
                cur.append(" ")
            continue
        tw = text_width(tok)
        if cur and w + tw > width:
            while cur and cur[-1] == " ":
                cur.pop()
            carry: list[str] = []
            if tok[0] in _NO_START:
                # pull down the glyph before it (and a closing mark right before that glyph)
                k = 1 if cur[-1][0] not in _NO_START else 2
                if len(cur) > k and cur[-k][0] not in _NO_START and cur[-k] != " " \
                        and sum(text_width(t) for t in cur[-k:]) + tw <= width:
                    carry = cur[-k:]
                    del cur[-k:]
            while len(cur) >= 2 and cur[-1] in _NO_END:
                carry.insert(0, cur.pop())
            lines.append("".join(cur).strip())
            cur = carry
            w = sum(text_width(t) for t in cur)
        cur.append(tok)
        w += tw
    if cur:
        lines.append("".join(cur).strip())
    return [ln for ln in lines if ln]


def wrap(text: str, width: float) -> list[str]:
    """Hard-wrap `text` into lines of at most `width` cells (see `text_width`).

    A line never starts with closing punctuation nor ends with an opening one: the glyph before
    it moves down, so such a line is one cell short. Runs of ASCII stay whole where they fit.
    """
    return _wrap_tokens(_tokens(text, width), width)


def _fullwidth(text: str) -> str:
    """Halfwidth punctuation next to CJK text back to fullwidth (the restored form)."""
    def fix(m: regex.Match[str]) -> str:
        i = m.start()
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        near = (prev and (_is_han(prev) or prev in "）”》")) or (nxt and (_is_han(nxt) or nxt in "（“《"))
        return _HALF_TO_FULL[m[0]] if near else m[0]

    return regex.sub(r"[(),:;!?]", fix, text)


def _grams(text: str, n: int = 5) -> set[str]:
    return {text[i:i + n] for i in range(max(len(text) - n + 1, 1))} if text else set()


def _space_numbers(text: str, rng: random.Random, p: float) -> str:
    """Spaces around numbers as some extractors print them: 11月30日 → 11 月 30 日."""
    if p <= 0:
        return text
    out: list[str] = []
    last = 0
    for m in _NUM.finditer(text):
        a, b = m.span()
        out.append(text[last:a])
        before = a > 0 and _is_han(text[a - 1]) and rng.random() < p
        after = b < len(text) and _is_han(text[b]) and rng.random() < p
        out.append((" " if before else "") + m[0] + (" " if after else ""))
        last = b
    out.append(text[last:])
    return "".join(out)


def _markdown_text(text: str, period: bool) -> str:
    """What a PDF-to-markdown converter prints: halfwidth punctuation, spaced lead-in parenthesis."""
    text = _LEADIN.sub(lambda m: f"{m[1]} ({m[2]}) ", text, count=1)
    text = text.translate(_MD_PUNCT)
    return text.replace("。", ".") if period else text


def _cut_point(text: str, rng: random.Random, lo: int = 4) -> int | None:
    """Where a column may break inside `text`: not in an ASCII run, not before closing punctuation."""
    spots = [
        i for i in range(lo, len(text) - 2)
        if text[i] not in _NO_START and text[i - 1] not in _NO_END and not text[i].isspace()
        and not (text[i].isascii() and text[i - 1].isascii())
    ]
    return rng.choice(spots) if spots else None


def _credit_agency(credit: str) -> str | None:
    for agency in ("新华社", "中新社"):
        if credit.startswith(agency):
            return agency
    if credit.startswith("本报"):
        return "本报"
    return None


# ----------------------------------------------------------------------------------------------
# material


def load_articles(gold_dir: Path) -> list[dict]:
    """Every gold item of `gold_dir/*.json` with a non-empty body, as page/1 article dicts.

    Paragraphs are stripped and empty ones dropped; halfwidth punctuation next to CJK text is
    restored to fullwidth, so that all material is in the restored form.
    """
    items: list[dict] = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        for art in page.get("articles") or []:
            paras = [p.strip() for p in (art.get("body") or "").split("\n") if p.strip()]
            if not paras:
                continue
            item = copy.deepcopy(art)
            item["body"] = "\n".join(_fullwidth(p) for p in paras)
            for key in ("kicker", "title", "subtitle"):
                if item.get(key):
                    item[key] = _fullwidth(item[key].strip())
            item.setdefault("kind", "article")
            item["authors"] = list(item.get("authors") or [])
            item["credits"] = list(item.get("credits") or [])
            items.append(item)
    return items


# ----------------------------------------------------------------------------------------------
# page items


@dataclass
class _Piece:
    """One item of the page being rendered, with its rendering decisions."""

    kind: str
    kicker: str | None
    title: str | None
    subtitle: str | None
    dateline: str | None
    agency: str | None
    authors: list[str]
    credits: list[str]
    paras: list[str]
    continued_to: int | None = None
    to_prefix: str | None = None
    to_marker: str | None = None
    continued_from: int | None = None
    from_prefix: str | None = None
    from_marker: str | None = None
    refers_to: str | None = None
    pointer: str | None = None
    byline_after: bool = False
    after: bool | None = None  # its title printed after its body (None: as the page prints titles)
    bold_fields: set[str] = field(default_factory=set)
    bold: bool = False  # photo: caption and credit in fake bold
    repeat: tuple[int, int, int] | None = None  # paragraphs [a, b) printed `times` times
    moved: tuple[int, int] | None = None  # tail from paragraph i, offset off, printed before the headings
    points: int = 0  # the first `points` paragraphs are a list of key points (markdown prints them "- ")

    @classmethod
    def from_dict(cls, d: dict) -> _Piece:
        paras = [p.strip() for p in (d.get("body") or "").split("\n") if p.strip()]
        return cls(
            kind=d.get("kind") or "article",
            kicker=d.get("kicker") or None,
            title=d.get("title") or None,
            subtitle=d.get("subtitle") or None,
            dateline=d.get("dateline") or None,
            agency=d.get("agency") or None,
            authors=list(d.get("authors") or []),
            credits=list(d.get("credits") or []),
            paras=paras,
            continued_to=d.get("continued_to"),
            continued_from=d.get("continued_from"),
        )

    @property
    def textual(self) -> bool:
        return self.kind in ("article", "notice")

    def heads(self) -> list[tuple[str, str]]:
        fields = (("kicker", self.kicker), ("title", self.title), ("subtitle", self.subtitle))
        return [(k, v) for k, v in fields if v]

    def gold(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "agency": self.agency,
            "authors": list(self.authors),
            "credits": list(self.credits),
            "body": "\n".join(self.paras),
            "continued_to": self.continued_to,
            "continued_from": self.continued_from,
        }
        if self.to_prefix:
            out["continued_to_prefix"] = self.to_prefix
        if self.from_prefix:
            out["continued_from_prefix"] = self.from_prefix
        if self.refers_to:
            out["refers_to"] = self.refers_to
        return out


@dataclass
class _Meta:
    paper: str | None = None
    date: str | None = None
    page: int | None = None
    page_name: str | None = None
    edition: dict[str, Any] = field(default_factory=dict)
    top: list[str] = field(default_factory=list)


@dataclass
class _Layout:
    style: str
    base: str  # clean | wrapped | markdown | title_after
    width: int | None = None  # body column width in cells; None: one line per paragraph
    head_width: int | None = None  # heading wrap width; None: headings unwrapped
    num_space: float = 0.0
    period: bool = False  # markdown: 。 printed as .
    cut: float = 0.0  # unwrapped: chance a paragraph is cut by a column break
    col_break: float = 0.0  # wrapped: chance of a blank line at a line boundary inside a paragraph
    gap: float = 0.0  # chance a break is an image gap (3-4 blank lines)
    tight: float = 0.0  # wrapped: chance two paragraphs are not separated by a blank line
    head_blank: float = 0.8  # chance heading lines are separated by blank lines
    join_heads: float = 0.0  # clean: kicker+title / title+subtitle on one line
    split_heads: float = 0.0  # a heading with a space printed as one line per part
    spaced_line: float = 0.0  # wrapped: chance of one letter-spaced justified line
    md_title: str = "## "  # markdown: how a title is marked (converters give the largest type the first levels)
    md_side: str = ""  # markdown: how a kicker or subtitle is marked ("", "**", or a heading mark)
    md_sub: str = ""  # markdown: how an in-body subhead is marked ("", "**", or a heading mark)
    md_lesser: float = 0.0  # markdown: the share of titles set one level lower (smaller type: a lesser story)
    md_rng: random.Random = field(default_factory=lambda: random.Random(0))  # the draws of the marks above
    noise: list[str] = field(default_factory=list)

    @property
    def markdown(self) -> bool:
        return self.base == "markdown"

    @property
    def title_after(self) -> bool:
        return self.base == "title_after"


MD_SUBHEAD_CHARS = 30  # the longest paragraph a markdown converter sets as a subhead (bold or a heading)


def _markdown_marks(lay: _Layout, rng: random.Random) -> None:
    """How a page's converter marks its headings: titles as # to ### headings (a lesser
    story's one level lower), kickers and subtitles plain, bold or as lesser headings, in-body
    subheads plain, bold or as headings lower still (a converter marks type by its size and
    weight, not by its role)."""
    lay.md_title = rng.choices(("## ", "# ", "### "), (60, 25, 15))[0]
    lay.md_lesser = rng.choice((0.0, 0.0, 0.3, 0.6))
    lesser = "#" * (len(lay.md_title.strip()) + 1) + " "
    lay.md_side = rng.choices(("", "**", lesser), (60, 25, 15))[0]
    lay.md_sub = rng.choices(("", "**", "#" * (len(lay.md_title.strip()) + 2) + " "), (40, 40, 20))[0]
    lay.md_rng = rng


def _marked(text: str, mark: str) -> str:
    return f"**{text}**" if mark == "**" else mark + text


def _subhead(text: str, k: int, n: int) -> bool:
    """Is paragraph `k` of `n` one a converter may set apart as a subhead: short, inside the
    body, not ending a sentence?"""
    return 0 < k < n - 1 and len(text) <= MD_SUBHEAD_CHARS and text[-1:] not in "。！？；，：…”）)"


def _layout(style: str, rng: random.Random) -> _Layout:
    base = rng.choice(("clean", "wrapped")) if style == "noisy" else style
    lay = _Layout(style=style, base=base)
    if base in ("wrapped", "title_after"):
        lay.width = rng.randint(8, 40) if base == "wrapped" else rng.randint(8, 30)
        if base == "title_after":
            lo, hi = max(lay.width - 3, 10), lay.width + 6
            lay.head_width = None if rng.random() < 0.3 else rng.randint(lo, hi)
        else:
            lay.head_width = None if rng.random() < 0.5 else rng.randint(lay.width + 3, lay.width + 12)
        lay.num_space = rng.choice((0.0, 0.3, 0.5, 0.7))
        lay.col_break = rng.uniform(0.15, 0.4)
        lay.gap = 0.1
        lay.tight = rng.choice((0.0, 0.0, 0.1))
        lay.head_blank = rng.choice((0.3, 0.8, 1.0))
        lay.split_heads = 0.5
        lay.spaced_line = rng.choice((0.0, 0.0, 0.3))
    elif base == "markdown":
        lay.period = rng.random() < 0.15
        lay.cut = rng.uniform(0.03, 0.12)
        lay.gap = 0.15
        lay.head_blank = 1.0
    else:  # clean
        lay.cut = rng.uniform(0.05, 0.2)
        lay.gap = rng.uniform(0.1, 0.3)
        lay.head_blank = rng.choice((0.6, 1.0, 1.0))
        lay.join_heads = rng.choice((0.0, 0.2, 0.35))
        lay.split_heads = 0.15
    return lay


# ----------------------------------------------------------------------------------------------
# page meta: masthead, running head


def _random_date(rng: random.Random) -> dt.date:
    start = dt.date(2019, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(2025, 12, 31).toordinal()))


def _lunar(day: dt.date, rng: random.Random) -> tuple[str, str]:
    """An approximate lunar date as printed: ("农历癸卯年", "十月十九")."""
    year = day.year - (1 if (day.month, day.day) < (2, 10) else 0)
    gz = _STEMS[(year - 4) % 10] + _BRANCHES[(year - 4) % 12]
    month = _LUNAR_MONTHS[(day.month - 2) % 12]
    d = rng.randint(1, 30)
    if d <= 10:
        dname = "初" + ("十" if d == 10 else _DIGITS[d])
    elif d < 20:
        dname = "十" + _DIGITS[d - 10]
    elif d == 20:
        dname = "二十"
    elif d < 30:
        dname = "廿" + _DIGITS[d - 20]
    else:
        dname = "三十"
    return f"农历{gz}年", f"{month}月{dname}"


def _masthead(rng: random.Random) -> _Meta:
    paper = rng.choice(_PAPERS)
    day = _random_date(rng)
    meta = _Meta(paper=paper, date=day.isoformat(), page=1)
    weekday = _WEEKDAYS[day.weekday()]
    lunar = _lunar(day, rng)
    cn = f"CN{rng.randint(11, 65)}-{rng.randint(1, 120):04d}"
    issue = rng.randint(3000, 29999)
    pages = rng.choice((4, 8, 8, 12, 16))
    site = "www." + "".join(rng.choice("abcdghjlmnqstxyz") for _ in range(rng.randint(2, 4))) + \
        rng.choice(("news.cn", "daily.com.cn", "rb.cn"))
    publisher = paper + "社"
    ed = meta.edition
    top = meta.top
    layout = rng.choice(("split", "lines", "compact"))
    ymd = f"{day.year}年{day.month}月{day.day}日"
    if layout == "split":
        top += [paper, ""]
        if paper.endswith("日报") and rng.random() < 0.5:
            top += [f"中共{paper[:-2]}市委机关报", ""]
        if rng.random() < 0.7:
            top += [f"国内统一刊号：{cn}", ""]
            ed["cn"] = cn
        top += [f"{day.year}年{day.month}月", "", str(day.day), ""]
        if rng.random() < 0.8:
            top.append(weekday)
            ed["weekday"] = weekday
        if rng.random() < 0.6:
            top += list(lunar)
            ed["lunar"] = "".join(lunar)
        top.append("")
        if rng.random() < 0.6:
            top += [f"今日{pages}版", ""]
            ed["page_count"] = pages
        if rng.random() < 0.7:
            top += [f"(第{issue}号)", ""]
            ed["issue_no"] = issue
        if rng.random() < 0.5:
            top += [site, ""]
            ed["website"] = site
        if rng.random() < 0.5:
            top += [f"{publisher}出版", ""]
            ed["publisher"] = publisher
    elif layout == "lines":
        top += [paper, ""]
        line = ymd
        if rng.random() < 0.8:
            line += " " + weekday
            ed["weekday"] = weekday
        if rng.random() < 0.5:
            line += " " + "".join(lunar)
            ed["lunar"] = "".join(lunar)
        top.append(line)
        extra: list[str] = []
        if rng.random() < 0.6:
            extra.append(rng.choice((f"第{issue}期", f"(第{issue}号)", f"总第{issue}期")))
            ed["issue_no"] = issue
        if rng.random() < 0.5:
            extra.append(f"今日{pages}版")
            ed["page_count"] = pages
        if extra:
            top.append("  ".join(extra))
        if rng.random() < 0.6:
            top.append(f"国内统一刊号：{cn}")
            ed["cn"] = cn
        if rng.random() < 0.4:
            top.append(f"{publisher}出版  {site}")
            ed["publisher"] = publisher
            ed["website"] = site
        top.append("")
    else:
        parts = [paper, ymd]
        if rng.random() < 0.7:
            parts.append(weekday)
            ed["weekday"] = weekday
        if rng.random() < 0.6:
            parts.append(f"(第{issue}号)")
            ed["issue_no"] = issue
        top += ["  ".join(parts), ""]
    return meta


def _running_head(rng: random.Random) -> _Meta:
    page = rng.randint(2, 12)
    name = rng.choice(_PAGE_NAMES)
    meta = _Meta(page=page)
    form = rng.randrange(6)
    if form == 0:
        line = f"第{page}版：{name}"
    elif form == 1:
        line = f"第{cn_numeral(page)}版 {name}"
    elif form == 2:
        line = f"{name}  第{page}版"
    elif form == 3:
        day = _random_date(rng)
        meta.date = day.isoformat()
        line = f"{day.year}年{day.month}月{day.day}日  第{page}版：{name}"
    elif form == 4:
        meta.paper = rng.choice(_PAPERS)
        line = f"{meta.paper}  第{page}版  {name}"
    else:
        line = f"第{page}版"
        name = None
    meta.page_name = name
    meta.top = [line, ""]
    return meta


# ----------------------------------------------------------------------------------------------
# jump markers and teasers


def _to_marker(n: int, rng: random.Random) -> tuple[str, str | None]:
    forms = (
        (f"（下转第{cn_numeral(n)}版）", None), (f"(下转第{cn_numeral(n)}版)", None), (f"(下转第{n}版)", None),
        (f"（下转第{n}版）", None), (f"（下转A{n}版）", "A"), (f"下转第{cn_numeral(n)}版", None),
        (f"（下转 {n} 版）", None), (f"（转第{cn_numeral(n)}版）", None), (f"(下转{n}版)", None),
    )
    return forms[rng.choices(range(len(forms)), weights=(30, 10, 8, 10, 8, 10, 8, 8, 8))[0]]


def _from_marker(n: int, rng: random.Random) -> tuple[str, str | None]:
    forms = (
        (f"（上接第{cn_numeral(n)}版）", None), (f"（上接第{n}版）", None), (f"（上接A{n}版）", "A"),
        (f"上接第{cn_numeral(n)}版", None), (f"（紧接第{cn_numeral(n)}版）", None), (f"(上接{n}版)", None),
        (f"(上接第{cn_numeral(n)}版)", None),
    )
    return forms[rng.choices(range(len(forms)), weights=(40, 15, 8, 8, 10, 10, 9))[0]]


def _pointer(rng: random.Random) -> tuple[str, str]:
    n = rng.randint(2, 8)
    form = rng.randrange(6)
    if form == 0:
        return f"刊{n}版▶", str(n)
    if form == 4:
        return f"刊{n}版", str(n)
    if form == 5:
        return f"▶{n}版", str(n)
    if form == 1:
        return f"见{n}-{n + 1}版", f"{n}-{n + 1}"
    if form == 2:
        return f"详见第{n}版", str(n)
    return f"见{n}版", str(n)


def _assign_jumps(pieces: list[_Piece], lay: _Layout, page: int | None, rng: random.Random) -> None:
    """Decide continuation parts and jump markers, consistent with the page number."""
    if page != 1:
        cands = [p for p in pieces if p.kind == "article" and p.title and len(p.paras) >= 3]
        rng.shuffle(cands)
        titled = sum(1 for p in pieces if p.title and p.kind != "teaser")
        if lay.title_after:  # one continuation part, two on a busy page; keep titled articles
            count = 1 if titled >= 2 or rng.random() < 0.3 else 0
            count += 1 if titled >= 4 and rng.random() < 0.3 else 0
        else:
            count = 1 if rng.random() < 0.1 else 0
        for p in cands[:count]:
            drop = rng.randint(1, len(p.paras) - 2)
            p.paras = p.paras[drop:]
            p.kicker = p.title = p.subtitle = p.dateline = p.agency = None
            p.authors = []
            p.continued_from = 1
    for p in pieces:
        if p.kind != "article":
            p.continued_to = p.continued_from = None
            continue
        if page == 1:
            p.continued_from = None
        if p.continued_from:
            top = (page - 1) if page else 8
            n = 1 if top <= 1 or rng.random() < 0.6 else rng.randint(2, top)
            p.continued_from = n
            p.from_marker, p.from_prefix = _from_marker(n, rng)
        wants_to = bool(p.continued_to) or (len(p.paras) >= 2 and rng.random() < 0.12)
        if wants_to:
            lo = (page + 1) if page else 2
            n = rng.randint(lo, lo + 7)
            p.continued_to = n
            p.to_marker, p.to_prefix = _to_marker(n, rng)
        else:
            p.continued_to = None


def _prepare(pieces: list[_Piece], lay: _Layout, rng: random.Random) -> None:
    """Bylines printed after headings (title_after) and photo agencies from credits."""
    for p in pieces:
        if p.kind == "photo" and p.credits:
            p.agency = _credit_agency(p.credits[0]) or p.agency
        if not lay.title_after or p.kind != "article" or not p.title:
            continue
        first = p.paras[0] if p.paras else ""
        if len(p.paras) >= 2 and len(first) <= 24 and _BYLINE.match(first):
            p.byline_after = True
        elif p.agency == "新华社" and p.dateline and rng.random() < 0.3:
            p.paras.insert(0, "新华社记者")
            p.byline_after = True


MIXED_RATE = 0.15  # pages whose converter prints some titles the other way round from the rest


def _mixed_order(pieces: list[_Piece], lay: _Layout, rng: random.Random) -> None:
    """On a share of pages, some articles' titles are printed the other way round (after their
    bodies on a page that prints titles first, before them on a titles-after page): a text
    layer gives each block in the order it was set, and one page may set its blocks either way."""
    if rng.random() >= MIXED_RATE:
        return
    share = rng.uniform(0.15, 0.4)
    for p in pieces:
        if p.kind == "article" and p.title and not p.moved and rng.random() < share:
            p.after = not lay.title_after


POINTS_RATE = 0.06  # articles that open with a list of key points drawn from their own text
_CLAUSE = regex.compile(r"[^，。；！？]{8,36}[，。；！？]")


def _add_key_points(pieces: list[_Piece], lay: _Layout, rng: random.Random) -> None:
    """Some articles open with two to four key points, short clauses of their own later text,
    printed as a list before the lead (■ 要…; a markdown converter prints "- 要…")."""
    for p in pieces:
        if p.kind != "article" or p.from_marker or p.byline_after or len(p.paras) < 4 or rng.random() >= POINTS_RATE:
            continue
        heads = "".join(x for x in (p.kicker, p.title, p.subtitle) if x)
        clauses = [c for para in p.paras[2:] for m in _CLAUSE.finditer(para) if (c := m[0][:-1]) not in heads]
        if len(clauses) < 2:
            continue
        picked = rng.sample(clauses, min(len(clauses), rng.randint(2, 4)))
        if not lay.markdown:
            mark = rng.choice(("■ ", "■", "● ", "◆"))
            picked = [mark + x for x in picked]
        p.paras[:0] = picked
        p.points = len(picked)


def _plan_noise(pieces: list[_Piece], lay: _Layout, rng: random.Random) -> None:
    """noisy: fake bold, a repeated block, one fragment out of reading order."""
    noise = lay.noise
    want = {k for k, rate in (("moved", 0.7), ("repeat", 0.7), ("fake_bold", 0.8)) if rng.random() < rate}
    want = want or {rng.choice(("moved", "repeat", "fake_bold"))}
    moved_idx = None
    cands = [
        i for i, p in enumerate(pieces)
        if i > 0 and p.textual and not p.byline_after and sum(len(x) for x in p.paras) >= 60
    ]
    if cands and "moved" in want:
        moved_idx = rng.choice(cands)
        p = pieces[moved_idx]
        n = len(p.paras)
        if n >= 2 and rng.random() < 0.5:
            i = n - (2 if n >= 3 and rng.random() < 0.3 else 1)
            p.moved = (i, 0)
        else:
            last = p.paras[-1]
            off = _cut_point(last, rng, lo=max(2, len(last) // 2)) if len(last) >= 8 else None
            if off is None and n >= 2:
                p.moved = (n - 1, 0)
            elif off is not None:
                p.moved = (n - 1, off)
        if p.moved:
            noise.append("moved")
    reps = []
    for i, p in enumerate(pieces):
        if i == moved_idx or not p.textual:
            continue
        first = 1 if p.from_marker else 0  # keep jump markers out of the repeated block
        stop = len(p.paras) - (1 if p.to_marker else 0)
        for a in range(first, stop):
            for b in range(a + 1, min(a + 3, stop) + 1):
                if 50 <= sum(len(x) for x in p.paras[a:b]) <= 900:
                    reps.append((i, a, b))
    if reps and "repeat" in want:
        i, a, b = rng.choice(reps)
        pieces[i].repeat = (a, b, 2 if rng.random() < 0.7 else 3)
        noise.append("repeat")
    if "fake_bold" not in want:
        return
    bolded = False
    for p in pieces:
        if p.kind == "photo" and p.credits and rng.random() < 0.8:
            p.bold = bolded = True
    headed = [p for p in pieces if p.textual and p.heads()]
    rng.shuffle(headed)
    for k, p in enumerate(headed[:2]):
        if k == 0 and bolded and rng.random() < 0.4:
            continue
        if k == 1 and rng.random() < 0.5:
            break
        p.bold_fields.add(rng.choice(p.heads())[0])
        bolded = True
    if bolded:
        noise.append("fake_bold")


# ----------------------------------------------------------------------------------------------
# the renderer


class _Renderer:
    def __init__(self, lay: _Layout, rng: random.Random) -> None:
        self.lay = lay
        self.rng = rng
        self.lines: list[str] = []
        self.prefix = ""  # text glued to the next printed line (a teaser's pointer)
        self.tight_once = False  # skip the next separating blank line
        self.spaced_left = 1 if rng.random() < lay.spaced_line else 0

    # -- buffer

    def blank(self, n: int = 1) -> None:
        if self.tight_once:
            self.tight_once = False
            return
        if not self.lines:
            return
        have = 0
        for ln in reversed(self.lines):
            if ln:
                break
            have += 1
        self.lines.extend([""] * max(n - have, 0))

    def extend(self, lines: Sequence[str]) -> None:
        for ln in lines:
            if ln and self.prefix:
                ln = self.prefix + ln
                self.prefix = ""
            self.lines.append(ln)
        self.tight_once = False

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    # -- text forms

    def printed(self, text: str, body: bool = True) -> str:
        if self.lay.markdown:
            return _markdown_text(text, self.lay.period)
        if body and self.lay.num_space:
            return _space_numbers(text, self.rng, self.lay.num_space)
        return text

    def gap_lines(self) -> list[str]:
        return [""] * self.rng.randint(3, 4) if self.rng.random() < self.lay.gap else [""]

    def para_lines(self, text: str, head: str = "", tail: str = "", tail_sep: str = "",
                   breaks: bool = True) -> list[str]:
        """One paragraph as printed lines; "" entries are blank lines inside it (column breaks)."""
        rng, lay = self.rng, self.lay
        t = self.printed(text)
        if lay.width:
            toks = ([head] if head else []) + _tokens(t, lay.width)
            if tail:
                toks += ([" "] if tail_sep else []) + [tail]
            lines = _wrap_tokens(toks, lay.width)
            if breaks and len(lines) >= 3 and rng.random() < lay.col_break:
                full = [
                    i for i in range(1, len(lines))
                    if lines[i - 1].endswith("。") and text_width(lines[i - 1]) >= lay.width - 1
                ]
                at = rng.choice(full) if full and rng.random() < 0.5 else rng.randrange(1, len(lines))
                lines[at:at] = self.gap_lines()
            if self.spaced_left and len(lines) >= 3:
                i = rng.randrange(len(lines) - 1)
                ln = lines[i]
                if ln and not any(c.isascii() for c in ln) and text_width(ln) >= lay.width - 1:
                    lines[i] = " ".join(ln)
                    self.spaced_left = 0
            return lines
        if breaks and len(t) >= 30 and rng.random() < lay.cut:
            at = _cut_point(t, rng, lo=6)
            if at is not None:
                return [head + t[:at], *self.gap_lines(), t[at:] + tail_sep + tail]
        return [head + t + tail_sep + tail]

    def head_lines(self, text: str, bold: bool = False) -> list[str]:
        rng, lay = self.rng, self.lay
        t = self.printed(text, body=False)
        if lay.markdown:
            lines = [t]
        elif " " in t and rng.random() < lay.split_heads:
            parts = [x for x in t.split(" ") if x]
            lines = []
            for part in parts:
                if lines and lay.head_width and text_width(lines[-1] + part) <= lay.head_width:
                    lines[-1] += " " + part
                else:
                    lines.append(part)
        elif lay.head_width and not bold:  # fake bold doubles whole runs: never cut one
            lines = wrap(t, lay.head_width)
        else:
            lines = [t]
        return [fake_bold(x) for x in lines] if bold else lines

    def hard_breaks(self, text: str) -> list[str]:
        """markdown: a long line split by "  \\n" hard breaks at non-space positions."""
        if len(text) < 18 or self.rng.random() < 0.4:
            return [text]
        k = 2 if len(text) < 40 else self.rng.randint(2, 3)
        spots = sorted(self.rng.sample(range(4, len(text) - 3), k - 1))
        spots = [s for s in spots if text[s] != " " and text[s - 1] != " "]
        cuts = [0, *spots, len(text)]
        segs = [text[a:b] for a, b in itertools.pairwise(cuts) if text[a:b]]
        return [s + "  " for s in segs[:-1]] + segs[-1:]

    # -- items

    def heading_block(self, p: _Piece) -> list[str]:
        rng, lay = self.rng, self.lay
        groups: list[list[str]] = []
        if lay.markdown:
            if p.kicker:
                groups.append([_marked(self.printed(p.kicker, body=False), lay.md_side)])
            if p.title:
                mark = lay.md_title if lay.md_rng.random() >= lay.md_lesser else "#" + lay.md_title
                groups.append([mark + self.printed(p.title, body=False)])
            if p.subtitle:
                side = self.hard_breaks(self.printed(p.subtitle, body=False)) if not lay.md_side else [
                    _marked(self.printed(p.subtitle, body=False), lay.md_side)]
                groups.append(side)
        else:
            heads = p.heads()
            names = [k for k, _ in heads]
            joined: set[int] = set()
            if lay.join_heads and not p.bold_fields:
                for i in range(len(heads) - 1):
                    pair = (names[i], names[i + 1])
                    if pair in (("kicker", "title"), ("title", "subtitle")) and i not in joined \
                            and (i - 1) not in joined and not heads[i + 1][1].startswith("——") \
                            and rng.random() < lay.join_heads:
                        joined.add(i)
            i = 0
            while i < len(heads):
                key, val = heads[i]
                if i in joined:
                    groups.append([val + " " + heads[i + 1][1]])
                    i += 2
                    continue
                groups.append(self.head_lines(val, bold=key in p.bold_fields))
                i += 1
        sep = rng.random() < lay.head_blank
        out: list[str] = []
        for g in groups:
            if out and sep:
                out.append("")
            out.extend(g)
        return out

    def body_blocks(self, p: _Piece) -> tuple[list[list[str]], list[list[str]]]:
        """Printed paragraphs of `p`: the main run and the moved-out tail (empty if none)."""
        rng = self.rng
        main = list(p.paras)
        frag: list[str] = []
        if p.moved:
            i, off = p.moved
            frag = [p.paras[i][off:], *p.paras[i + 1:]]
            main = p.paras[:i] + ([p.paras[i][:off]] if off else [])
        start_mode = rng.choice(("line", "line", "line_blank", "glue")) if p.from_marker else ""
        end_mode = rng.choice(("glue", "space", "line", "line")) if p.to_marker else ""
        if self.lay.markdown:
            end_mode = "glue" if end_mode == "space" else end_mode
            p.from_marker = p.from_marker and p.from_marker.translate(_MD_PUNCT)
            p.to_marker = p.to_marker and p.to_marker.translate(_MD_PUNCT)
        seqs: list[list[list[str]]] = []
        for s, texts in enumerate((main, frag)):
            blocks: list[list[str]] = []
            for k, text in enumerate(texts):
                if self.lay.md_sub and s == 0 and k >= p.points and _subhead(text, k, len(texts)):
                    blocks.append([_marked(self.printed(text), self.lay.md_sub)])
                    continue
                head = p.from_marker if (s == 0 and k == 0 and start_mode == "glue") else ""
                if s == 0 and k < p.points and self.lay.markdown:
                    head = "- "
                last = k == len(texts) - 1 and (s == 1 or not frag)
                tail = p.to_marker if (last and end_mode in ("glue", "space")) else ""
                blocks.append(self.para_lines(text, head=head or "", tail=tail or "",
                                              tail_sep=" " if end_mode == "space" else ""))
            seqs.append(blocks)
        main_b, frag_b = seqs
        if p.points and self.lay.markdown and len(main_b) > p.points:  # a markdown list: one line per item, no blank lines
            main_b = [[line for blk in main_b[:p.points] for line in blk if line], *main_b[p.points:]]
        if p.repeat and not p.moved:
            a, b, times = p.repeat
            main_b = main_b[:b] + [blk for _ in range(times - 1) for blk in main_b[a:b]] + main_b[b:]
        if p.from_marker and start_mode != "glue" and main_b:
            main_b[0] = [p.from_marker, *([""] if start_mode == "line_blank" else []), *main_b[0]]
        if p.to_marker and end_mode == "line":
            target = frag_b if frag_b else main_b
            if target:
                target[-1] = [*target[-1], p.to_marker]
        return main_b, frag_b

    def emit_blocks(self, blocks: list[list[str]]) -> None:
        lay = self.lay
        for k, blk in enumerate(blocks):
            if k:
                prev = blocks[k - 1][-1] if blocks[k - 1] else ""
                short = lay.width and prev and text_width(prev) <= lay.width - 2
                if not (short and self.rng.random() < lay.tight):
                    self.blank()
            self.extend(blk)

    def emit_article(self, p: _Piece, inset: _Piece | None = None) -> None:
        """An article; `inset`, a photo printed between its headings and its body."""
        lay = self.lay
        main_b, frag_b = self.body_blocks(p)
        if frag_b:
            self.blank()
            self.emit_blocks(frag_b)
        if lay.title_after if p.after is None else p.after:
            byline: list[str] = []
            if p.byline_after and main_b:
                byline = main_b.pop(0)
            self.blank()
            self.emit_blocks(main_b)
            heads = self.heading_block(p)
            if heads:
                self.blank()
                self.extend(heads)
            if byline:
                self.blank()
                self.extend(byline)
            if heads and self.rng.random() < 0.15:
                self.tight_once = True
            return
        heads = self.heading_block(p)
        if heads:
            self.blank(len(self.gap_lines()) if self.lines else 1)
            self.extend(heads)
        if inset is not None:
            self.emit_photo(inset)
        self.blank()
        self.emit_blocks(main_b)

    def emit_photo(self, p: _Piece) -> None:
        rng = self.rng
        self.blank(rng.choice((1, 3, 3, 4)))
        credit = p.credits[0] if p.credits else ""
        caps = [self.printed(x, body=False) for x in p.paras]
        if p.bold:
            caps = [fake_bold(x) for x in caps]
            credit = fake_bold(credit)
        if credit and len(caps) == 1 and (p.bold or rng.random() < 0.25):
            self.extend([caps[0] + rng.choice((" ", "  ", " ")) + credit])
            return
        for cap in caps:
            self.extend(wrap(cap, self.lay.width) if self.lay.width and not p.bold else [cap])
            self.blank()
        if credit:
            self.extend([credit])

    def emit_teaser(self, p: _Piece, nxt: _Piece | None) -> None:
        rng, lay = self.rng, self.lay
        self.blank()
        if lay.markdown:
            lines = ["» 导读  "] if rng.random() < 0.5 else []
            for x in p.paras:
                lines += self.hard_breaks(self.printed(x, body=False))
            self.extend(lines)
        else:
            if rng.random() < 0.2:
                self.extend([rng.choice(("导读", "今日导读", "» 导读", "本版导读"))])
            for k, x in enumerate(p.paras):
                if k and rng.random() < 0.7:
                    self.extend([""])
                self.extend(self.head_lines(x))
        if not p.pointer:
            return
        glue_ok = (
            nxt is not None and nxt.textual and nxt.title and not nxt.kicker and not lay.markdown
            and not lay.title_after and not nxt.moved and not nxt.bold_fields
        )
        self.blank()
        if glue_ok and rng.random() < 0.2:
            self.prefix = p.pointer
        else:
            self.extend([p.pointer])


def render_page(articles: list[dict], style: str, rng: random.Random, *, name: str) -> tuple[str, dict]:
    """Print `articles` (page/1 item dicts, in reading order) as one page in `style`.

    Returns the page text and its gold page dict (valid `baokan.page/1`, plus a `synth` object).
    """
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(STYLES)}")
    lay = _layout(style, rng)
    if lay.markdown:
        _markdown_marks(lay, random.Random(f"baokan-md:{name}"))  # its own draws: other pages print as before
    pieces = [_Piece.from_dict(a) for a in articles]
    pieces = [p for p in pieces if p.paras]

    r = rng.random()
    if r < (0.12 if lay.title_after else 0.3):
        meta = _masthead(rng)
    elif r < 0.6:
        meta = _running_head(rng)
    else:
        meta = _Meta()

    _assign_jumps(pieces, lay, meta.page, rng)
    _prepare(pieces, lay, rng)
    _add_key_points(pieces, lay, random.Random(f"baokan-points:{name}"))
    for p in pieces:
        if p.kind == "teaser":
            p.paras = [x for x in (p.title, p.subtitle) if x] or p.paras[:1]
            p.title = p.title or p.paras[0]
            p.kicker = None
            if rng.random() < 0.85:
                p.pointer, p.refers_to = _pointer(rng)
    if style == "noisy":
        _plan_noise(pieces, lay, rng)
    if not lay.markdown:
        _mixed_order(pieces, lay, random.Random(f"baokan-mixed:{name}"))  # its own draws: other pages print as before

    ren = _Renderer(lay, rng)
    ren.lines.extend([""] * rng.choice((0, 0, 1, 2)))
    ren.extend([x.translate(_MD_PUNCT) for x in meta.top] if lay.markdown else meta.top)
    insets = random.Random(f"baokan-inset:{name}")  # its own draws, so that pages without one print as before
    inset: _Piece | None = None
    printed: list[_Piece] = []  # the pieces in the order their bodies are printed (an inset photo's before its article's)
    for k, p in enumerate(pieces):
        nxt = pieces[k + 1] if k + 1 < len(pieces) else None
        if p is inset:
            continue
        if p.kind == "photo":
            ren.emit_photo(p)
        elif p.kind == "teaser":
            ren.emit_teaser(p, nxt)
        else:
            inset = nxt if nxt and nxt.kind == "photo" and not lay.title_after and not p.after \
                and insets.random() < INSET_RATE else None
            ren.emit_article(p, inset)
            if inset is not None:
                printed.append(inset)
        printed.append(p)
    if ren.prefix:
        ren.extend([ren.prefix.rstrip()])
        ren.prefix = ""
    names = [a for p in pieces for a in p.authors]
    if names and not lay.markdown and rng.random() < 0.15:
        ren.blank()
        line = f"责任编辑：{rng.choice(names)}"
        if rng.random() < 0.5:
            line += f"  版式设计：{rng.choice(names)}"
        ren.extend([line])

    gold: dict[str, Any] = {
        "schema": SCHEMA,
        "source": name + ".txt",
        "paper": meta.paper,
        "date": meta.date,
        "page": meta.page,
        "page_name": meta.page_name,
        "edition": dict(meta.edition),
        "articles": [p.gold() for p in printed],
        "synth": {"style": style, "base": lay.base, "width": lay.width, "noise": list(lay.noise)},
    }
    text = ren.text()
    dense = random.Random(f"baokan-dense:{name}")  # its own draws, so that the other pages print as before
    if lay.base == "clean" and dense.random() < DENSE_RATE:
        indent = dense.random() < 0.5
        text = _dense(text, gold["articles"] if indent else [])
        gold["synth"]["dense"] = "indented" if indent else True
    return text, gold


def _dense(text: str, indent_from: list[dict]) -> str:
    """The page as text dumps often give it: one line per paragraph and no blank line anywhere,
    so that nothing but the lines' own text tells a heading from a paragraph. The lines that
    begin a paragraph of one of `indent_from`'s bodies are indented with two ideographic spaces,
    as many dumps print them (headings and the rest of a paragraph cut by a column break are not)."""
    starts = {para[:k] for a in indent_from for para in (a.get("body") or "").split("\n") for k in range(4, 13)}
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return "\n".join("\u3000\u3000" + ln if ln[:12] in starts else ln for ln in lines) + "\n"


# ----------------------------------------------------------------------------------------------
# corpus


class _Pool:
    """Material sorted by kind, with 5-gram sets to keep near-duplicates off one page."""

    def __init__(self, articles: list[dict]) -> None:
        self.texts = [a for a in articles if (a.get("kind") or "article") in ("article", "notice")]
        self.photos = [a for a in articles if a.get("kind") == "photo"]
        self.teasers = [a for a in articles if a.get("kind") == "teaser"]
        self.grams = {id(a): _grams(canon(a.get("body"))) for a in articles}
        names: list[str] = []
        for a in articles:
            names += [x for x in a.get("authors") or [] if x]
            for c in a.get("credits") or []:
                m = _CREDIT_NAME.search(c.replace("记者", " "))
                if m:
                    names.append(m[1])
        self.names = sorted(set(names))

    def overlaps(self, a: dict, chosen: list[dict]) -> bool:
        ga = self.grams[id(a)]
        for b in chosen:
            gb = self.grams.get(id(b))
            if ga and gb and len(ga & gb) > 0.2 * min(len(ga), len(gb)):
                return True
        return False

    def credit(self, rng: random.Random) -> str:
        if not self.names:
            return rng.choice(("本报记者摄", "新华社发"))
        n = rng.choice(self.names)
        form = rng.choice(("本报记者 {} 摄", "本报记者 {}摄", "新华社记者 {}摄", "新华社记者 {} 摄",
                           "{} 摄", "本报通讯员 {} 摄"))
        return form.format(n)

    def pick(self, rng: random.Random) -> list[dict]:
        k = rng.randint(3, 8)
        n_photo = (1 if rng.random() < 0.45 else 0) + (1 if rng.random() < 0.08 else 0)
        n_teaser = (1 if rng.random() < 0.3 else 0) + (1 if rng.random() < 0.08 else 0)
        n_photo = min(n_photo, len(self.photos), max(k - 2, 0))
        n_teaser = min(n_teaser, max(k - 2 - n_photo, 0))
        chosen: list[dict] = []
        order = list(self.texts)
        rng.shuffle(order)
        rest: list[dict] = []
        for a in order:
            if len(chosen) < k - n_photo - n_teaser and not self.overlaps(a, chosen):
                chosen.append(a)
            else:
                rest.append(a)
        items: list[dict] = []
        for a in chosen:
            item = copy.deepcopy(a)
            paras = item["body"].split("\n")
            if len(paras) > 6 and rng.random() < 0.6:
                paras = paras[:rng.randint(3, 6)]
            elif len(paras) >= 3 and rng.random() < 0.25:
                paras = paras[:rng.randint(2, len(paras) - 1)]
            item["body"] = "\n".join(paras)
            items.append(item)
        for a in rng.sample(self.photos, n_photo):
            item = copy.deepcopy(a)
            if rng.random() < 0.9 or not item["credits"]:
                item["credits"] = [self.credit(rng)]
            item["agency"] = _credit_agency(item["credits"][0]) if item["credits"] else None
            items.append(item)
        for _ in range(n_teaser):
            titled = [a for a in rest if a.get("title") and not self.overlaps(a, chosen)]
            if self.teasers and (not titled or rng.random() < 0.4):
                src = rng.choice(self.teasers)
                item = {"kind": "teaser", "title": src.get("title"), "subtitle": src.get("subtitle")}
            elif titled:
                src = rng.choice(titled)
                item = {"kind": "teaser", "title": src["title"], "subtitle": None}
            else:
                continue
            item["body"] = "\n".join(x for x in (item["title"], item["subtitle"]) if x)
            if item["body"]:
                items.append(item)
        rng.shuffle(items)
        return items


def make_corpus(articles: list[dict], n: int, seed: int) -> list[tuple[str, str, dict]]:
    """`n` synthetic pages as (name, text, gold), styles cycling through `STYLES`.

    Page i depends only on (seed, i): the first pages of a larger corpus are the same pages.
    """
    pool = _Pool(articles)
    out: list[tuple[str, str, dict]] = []
    for i in range(n):
        style = STYLES[i % len(STYLES)]
        rng = random.Random(f"baokan-synth:{seed}:{i}")
        name = f"synth{seed}_{i:03d}_{style}"
        text, gold = render_page(pool.pick(rng), style, rng, name=name)
        out.append((name, text, gold))
    return out
