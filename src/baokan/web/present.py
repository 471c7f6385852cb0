"""What the pages show, worked out from the archive's records: marked texts, titles, page
summaries, the outlines of items on a page image, the numbers of result pages. Pure: no
request, no database."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from .. import reuse
from ..archive import PageRow, StoredArticle
from ..archive.search import MAX_QUERY_CHARS, SearchHit, query_terms

HIT_OPEN, HIT_CLOSE = "\x02", "\x03"  # snippet marks no page text contains, turned into <mark>
KINDS = {"article": "文章", "photo": "图片", "teaser": "导读", "notice": "启事"}
CONTINUED = "（续）"  # after the title of a story's later part
UNTITLED = "（无标题）"
OUTLINE_PAD = 3.0  # PDF points around an item's printed region


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text and how to show it: '' plain, 'same' aligned, 'var' a variant reading."""

    text: str
    cls: str = ""


def marked(text: str, passages: list[tuple[int, int]], variants: list[tuple[int, int]]) -> list[Segment]:
    """Cut `text` into segments: aligned passages, variant spans inside them, the rest plain."""
    cls = [""] * len(text)
    for start, end in passages:
        for i in range(max(0, start), min(end, len(text))):
            cls[i] = "same"
    for start, end in variants:
        for i in range(max(0, start), min(end, len(text))):
            cls[i] = "var"
    out: list[Segment] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or cls[i] != cls[start]:
            out.append(Segment(text[start:i], cls[start]))
            start = i
    return out


def comparison(a_text: str, b_text: str, passages: list[reuse.Passage]) -> tuple[list[Segment], list[Segment]]:
    """Both texts segmented for a side-by-side view of what they share and where they differ."""
    a = marked(
        a_text, [(p.a_start, p.a_end) for p in passages], [(v.a_start, v.a_end) for p in passages for v in p.variants]
    )
    b = marked(
        b_text, [(p.b_start, p.b_end) for p in passages], [(v.b_start, v.b_end) for p in passages for v in p.variants]
    )
    return a, b


def hit_segments(snippet: str) -> list[Segment]:
    """A search snippet with its hits (between HIT_OPEN and HIT_CLOSE) as 'hit' segments."""
    out: list[Segment] = []
    for k, piece in enumerate(snippet.split(HIT_OPEN)):
        hit, _, rest = piece.partition(HIT_CLOSE) if k else ("", "", piece)
        if hit:
            out.append(Segment(hit, "hit"))
        if rest:
            out.append(Segment(rest, ""))
    return out


def headline(a: StoredArticle) -> str:
    art = a.article
    text = art.headline
    if text:
        return text
    body = " ".join(art.body.split())
    return body[:30] + ("…" if len(body) > 30 else "") if body else f"（{KINDS.get(art.kind, art.kind)}）"


def part_title(a: StoredArticle, head: StoredArticle | None) -> str:
    """The title an item is shown under. A story's later part (`head`: the story's first part)
    has its story's title, marked as a continuation: 标题（续）."""
    if head is None or head.id == a.id:
        return headline(a)
    art = a.article
    own = " ".join(x for x in (art.kicker, art.title, art.subtitle) if x)
    title = own or head.article.title or headline(head)
    return title if title.endswith(CONTINUED) else title + CONTINUED


def hit_title(h: SearchHit, head: StoredArticle | None = None) -> str:
    """A search hit's title: its own headline, its story's (marked 续) for a later part."""
    own = " ".join(x for x in (h.kicker, h.title, h.subtitle) if x)
    if head is not None and head.id != h.id:
        title = own or head.article.title or headline(head)
        return title if title.endswith(CONTINUED) else title + CONTINUED
    return own or UNTITLED


def highlight(text: str, terms: list[str]) -> list[Segment]:
    """`text` cut into segments, the search terms in it as 'hit' segments (any case, spaces
    between their characters allowed, as the index reads them)."""
    if not text:
        return []
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return [Segment(text)]
    pattern = regex.compile("|".join(r"\s*".join(regex.escape(c) for c in w) for w in words), regex.I)
    out: list[Segment] = []
    pos = 0
    for m in pattern.finditer(text):
        if m.end() == m.start():
            continue
        if m.start() > pos:
            out.append(Segment(text[pos : m.start()]))
        out.append(Segment(m.group(0), "hit"))
        pos = m.end()
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def search_terms(q: str | None) -> list[str]:
    """The words of a search carried to an article (?q=): none for a query too long to search."""
    if not q or len(q) > MAX_QUERY_CHARS:
        return []
    return query_terms(q)


def shown_path(row: Any) -> str:
    """A page's file as readers see it: the archive's shown path, else the bare file name
    (never the server's absolute path)."""
    shown = getattr(row, "shown_path", None)
    return shown or str(row.source_path).replace("\\", "/").rsplit("/", 1)[-1]


def page_summary(row: PageRow, articles: list[StoredArticle]) -> dict[str, Any]:
    """What a page says, for a list of pages: its first headline, its items by kind, its file."""
    titled = next((a for a in articles if a.article.kicker or a.article.title or a.article.subtitle), None)
    first = titled or (articles[0] if articles else None)
    kinds = Counter(a.article.kind for a in articles)
    return {
        "page": row,
        "title": headline(first) if first is not None else None,
        "count": len(articles),
        "kinds": [(KINDS.get(k, k), n) for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))],
        "name": shown_path(row),
    }


def jump_marks(a: StoredArticle) -> list[str]:
    art = a.article
    out = []
    if art.continued_from is not None:
        out.append(f"上接{art.continued_from_prefix or '第'}{art.continued_from}版")
    if art.continued_to is not None:
        out.append(f"下转{art.continued_to_prefix or '第'}{art.continued_to}版")
    return out


@dataclass(frozen=True, slots=True)
class Outline:
    """An item's place on the page image: its bounding box (CSS, in percent of the page) and
    each printed region within that box (CSS, in percent of the box)."""

    id: int
    label: str
    style: str
    boxes: tuple[str, ...]


def _pct(left: float, top: float, width: float, height: float) -> str:
    return f"left:{left:.3f}%;top:{top:.3f}%;width:{width:.3f}%;height:{height:.3f}%"


def outlines(articles: list[StoredArticle], size: tuple[float, float] | None) -> list[Outline]:
    """Where each item with a known region is printed on a page of `size` (PDF points)."""
    if not size or size[0] <= 0 or size[1] <= 0:
        return []
    width, height = size
    out = []
    for a in articles:
        boxes = []
        for x0, y0, x1, y1 in a.article.regions:
            box = (
                max(0.0, min(x0, x1) - OUTLINE_PAD),
                max(0.0, min(y0, y1) - OUTLINE_PAD),
                min(width, max(x0, x1) + OUTLINE_PAD),
                min(height, max(y0, y1) + OUTLINE_PAD),
            )
            if box[2] > box[0] and box[3] > box[1]:
                boxes.append(box)
        if not boxes:
            continue
        bx0, by0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        bx1, by1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
        bw, bh = bx1 - bx0, by1 - by0
        out.append(
            Outline(
                a.id,
                headline(a),
                _pct(bx0 / width * 100, by0 / height * 100, bw / width * 100, bh / height * 100),
                tuple(
                    _pct((b[0] - bx0) / bw * 100, (b[1] - by0) / bh * 100, (b[2] - b[0]) / bw * 100,
                         (b[3] - b[1]) / bh * 100)
                    for b in boxes
                ),
            )
        )
    return out


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Result pages to link: the first, the last, a few around the current one; None for a gap."""
    keep = {1, last, *range(current - around, current + around + 1)}
    out: list[int | None] = []
    for n in sorted(k for k in keep if 1 <= k <= last):
        if out and out[-1] is not None and n > out[-1] + 1:
            out.append(None)
        out.append(n)
    return out
