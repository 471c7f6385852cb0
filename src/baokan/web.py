"""The web reader: browse issues, search, read articles and compare reprints in a browser.

`create_app(db)` builds a FastAPI app over one archive, opened read-only (one connection per
worker thread); pages are rendered on the server with Jinja2 (autoescaped, no build step, no
script), and the same data is served as JSON under /api. `baokan serve` runs it with uvicorn.

    /                              papers, date ranges, counts; search box
    /paper/{paper}                 a paper's issues
    /issue/{paper}/{date}          one issue: pages in order, their items, previous/next issue
    /page/{id}                     the restored page text next to the items it was split into; for
                                   a page read from a PDF, the page as printed, each item outlined
    /page/{id}/image.png?w=        that page as a PNG, rendered from the archive's copy of the PDF
    /article/{id}[?with=ID][&q=]   an article, its story, its reprints, a side-by-side comparison;
                                   with q (a search's words), the terms marked in title and text
    /search?q=&paper=&from=&to=&page_no=&kind=&p=
    /api/search, /api/article/{id}, /api/issue/{paper}/{date}, /api/page/{id}, /api/papers
"""

from __future__ import annotations

import datetime as dt
import http
import json
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import regex
from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from . import reuse
from .archive import Archive, ArchiveError, PageRow, StoredArticle
from .archive.search import (
    MAX_QUERY_CHARS,
    Facets,
    QueryError,
    SearchHit,
    article_issues,
    facets,
    query_terms,
    read_as,
    search,
)
from .reuse import db as reuse_db

PER_PAGE = 20  # search hits on one page of the reader
API_LIMIT = (1, 100)  # /api/search: hits an answer may hold
API_MAX_OFFSET = 10_000  # /api/search: how deep into the results a client may page
DB_ENV = "BAOKAN_DB"  # the archive `app_from_env` serves (how `baokan serve --workers N` tells its workers)
FACET_CACHE = 1024  # searches whose facet counts (and pages of hits) the reader remembers
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is simply not there
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"  # snippet marks no page text contains, turned into <mark>
KINDS = {"article": "文章", "photo": "图片", "teaser": "导读", "notice": "启事"}
CONTINUED = "（续）"  # after the title of a story's later part
UNTITLED = "（无标题）"
# the reader's names for request parameters, in its error messages
PARAM_NAMES = {
    "q": "检索词", "p": "结果页码", "page_no": "版次", "w": "图像宽度 w", "with": "对照稿件编号",
    "article_id": "文章编号", "page_id": "版面编号", "paper": "报纸", "from": "起始日期", "to": "截止日期",
    "kind": "类别", "limit": "limit", "offset": "offset",
}
HTTP_MESSAGES = {  # the reader's words for errors it does not raise itself (no such route, ...)
    404: "找不到这个地址", 405: "不支持这种请求方法", 500: "服务器内部出错",
}
TEMPLATES = Path(__file__).with_name("templates")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

IMAGE_WIDTH = 1000  # pixels, the page image's width when ?w= does not say
IMAGE_MIN_WIDTH, IMAGE_MAX_WIDTH = 100, 2000
IMAGE_MAX_HEIGHT = 4000  # pixels: an unusually tall page is drawn narrower rather than taller
IMAGE_CACHE_BYTES = 64 * 2**20  # rendered PNGs the reader keeps, least recently used dropped first
THUMB_WIDTH = 320  # the page image beside an article
ISSUE_WIDTH = 480  # the page images of an issue
OUTLINE_PAD = 3.0  # PDF points around an item's printed region

ArticleId = Annotated[int, PathParam(ge=1, le=MAX_ID)]


# ---------------------------------------------------------------- view models (pure)


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


def image_width(value: str | None) -> int:
    """The ?w= of a page image: IMAGE_WIDTH when not given, else a whole number within bounds."""
    if value is None or value == "":
        return IMAGE_WIDTH
    text = value.strip()
    if len(text) <= 6 and text.isascii() and text.isdigit() and IMAGE_MIN_WIDTH <= int(text) <= IMAGE_MAX_WIDTH:
        return int(text)
    raise HTTPException(400, f"图像宽度 w 应是 {IMAGE_MIN_WIDTH} 到 {IMAGE_MAX_WIDTH} 之间的整数")


def render_png(data: bytes, number: int, width: int) -> bytes:
    """Page `number` (1-based) of a PDF as a PNG `width` pixels wide (narrower if the page
    would be taller than IMAGE_MAX_HEIGHT). Raises ValueError if it cannot be drawn."""
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:  # PyMuPDF has its own exception types for every kind of damage
        raise ValueError(f"broken PDF ({e})") from None
    try:
        if not 1 <= number <= doc.page_count:
            raise ValueError(f"no page {number}")
        page = doc[number - 1]
        rect = page.rect
        zoom = width / rect.width
        if rect.height * zoom > IMAGE_MAX_HEIGHT:
            zoom = IMAGE_MAX_HEIGHT / rect.height
        return bytes(page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False).tobytes("png"))
    finally:
        doc.close()


class ImageCache:
    """Rendered page images, least recently used dropped first once over `max_bytes`. Keyed
    by (file sha256, PDF page, width): a replaced page has a new file or page, so a stale
    image is never served, whatever the page's id."""

    def __init__(self, max_bytes: int = IMAGE_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int, int]) -> bytes | None:
        with self._lock:
            png = self._items.get(key)
            if png is not None:
                self._items.move_to_end(key)
            return png

    def put(self, key: tuple[str, int, int], png: bytes) -> None:
        if len(png) > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.bytes -= len(old) if old is not None else 0
            self._items[key] = png
            self.bytes += len(png)
            while self.bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Result pages to link: the first, the last, a few around the current one; None for a gap."""
    keep = {1, last, *range(current - around, current + around + 1)}
    out: list[int | None] = []
    for n in sorted(k for k in keep if 1 <= k <= last):
        if out and out[-1] is not None and n > out[-1] + 1:
            out.append(None)
        out.append(n)
    return out


def bounded(value: str | None, name: str, low: int, high: int, default: int) -> int:
    """A whole-number query parameter within [low, high] (`default` when not given); else a 400
    that states the bounds."""
    if value is None or value.strip() == "":
        return default
    text = value.strip()
    if text.isascii() and text.isdigit() and low <= int(text) <= high:
        return int(text)
    raise HTTPException(400, f"{name} 须在 {low} 到 {high} 之间（整数）")


def validation_message(e: dict[str, Any]) -> str:
    """A request validation error (FastAPI's, in English) in the reader's words."""
    loc = [str(x) for x in e.get("loc", ())[1:]]
    name = PARAM_NAMES.get(loc[-1], loc[-1]) if loc else "请求"
    ctx = e.get("ctx") or {}
    kind = str(e.get("type", ""))
    if kind == "string_too_long":
        return f"{name}过长：最多 {ctx.get('max_length')} 个字符"
    if kind == "missing":
        return f"缺少{name}"
    if kind in ("int_parsing", "int_from_float"):
        return f"{name}应是整数"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name}应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{name}应不大于 {ctx.get('le', ctx.get('lt'))}"
    return f"{name}有误"


def valid_date(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- the app


class Reader:
    """What the routes share: the archive path, a read-only connection per thread, reprint
    clusters worked out once per archive version."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        Archive(self.db, readonly=True).close()  # fail now, with a clear message, not on a request
        self._local = threading.local()
        self._lock = threading.Lock()
        self._clusters: tuple[Any, ...] | None = None  # (version, groups, where, pairs per group)
        self._facets: OrderedDict[tuple[Any, ...], Any] = OrderedDict()  # (what, query, filters...) -> answer
        self._facets_version: int | None = None
        self._computing: dict[tuple[Any, ...], threading.Event] = {}  # (version, key) being computed
        # one connection kept open only to be asked `PRAGMA data_version`: its value changes
        # whenever another connection commits (pages added, replaced or deleted), so it names
        # the archive's version for this process at the cost of a pragma
        self._watch = Archive(self.db, readonly=True)
        self._watch_lock = threading.Lock()
        self.images = ImageCache()
        self._render_lock = threading.Lock()  # PyMuPDF is not thread-safe: one drawing at a time

    def archive(self) -> Archive:
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = Archive(self.db, readonly=True)
            archive.db.execute("PRAGMA query_only = ON")
            self._local.archive = archive
        return archive

    def story_heads(self, ids: Iterable[int]) -> dict[int, StoredArticle]:
        """For each article in `ids` that is a later part of a story, the story's first part."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        archive = self.archive()
        rows = archive.db.execute(
            "WITH RECURSIVE up(id, head, depth) AS ("
            f"SELECT to_id, from_id, 1 FROM links WHERE to_id IN ({','.join('?' * len(wanted))}) "
            "UNION ALL SELECT up.id, l.from_id, up.depth + 1 FROM up JOIN links l ON l.to_id = up.head "
            "WHERE up.depth < 64) "
            "SELECT id, head FROM up WHERE NOT EXISTS (SELECT 1 FROM links WHERE to_id = up.head)",
            wanted,
        ).fetchall()
        heads = {h: archive.article(h) for h in {h for _, h in rows}}
        out: dict[int, StoredArticle] = {}
        for i, h in rows:
            head = heads.get(h)
            if head is not None:
                out[i] = head
        return out

    def title(self, a: StoredArticle) -> str:
        """An item's title as the reader shows it (a later part under its story's title, 续)."""
        if a.prev_id is None:
            return headline(a)
        return part_title(a, self.story_heads([a.id]).get(a.id))

    def version(self) -> int:
        """The archive's version: SQLite's data_version on a connection open since the reader
        started, which changes with every commit of another connection (an ingest adding or
        replacing pages). Read before the data it versions, so what is cached under a version
        is never older than it."""
        with self._watch_lock:
            return int(self._watch.db.execute("PRAGMA data_version").fetchone()[0])

    def facets(self, query: str, filters: dict[str, Any]) -> Facets:
        """A search's counts by paper and year, counted once per archive version and remembered
        for the last FACET_CACHE searches: counting every match costs about twice the ranking,
        and a reader who turns to page 2 or narrows by a facet asks for the same counts again."""
        key = ("facets", query, *sorted(filters.items()))
        if filters.get("page") is None and not filters.get("kind"):  # counted from (paper, date) by id
            issues = self._remembered(("issues",), article_issues)
            return self._remembered(key, lambda archive: facets(archive, query, issues=issues, **filters))
        return self._remembered(key, lambda archive: facets(archive, query, **filters))

    def hits(self, query: str, filters: dict[str, Any], limit: int, offset: int) -> list[SearchHit]:
        """A page of a search's hits, ranked once per archive version and remembered like the
        counts: ranking scores every match (BM25), which for a common character is tens of
        thousands of articles, and readers ask for the same first pages again and again."""
        key = ("hits", query, *sorted(filters.items()), limit, offset)
        return self._remembered(
            key,
            lambda archive: search(archive, query, limit=limit, offset=offset, marks=(HIT_OPEN, HIT_CLOSE), **filters),
        )

    def _remembered(self, key: tuple[Any, ...], compute: Callable[[Archive], Any]) -> Any:
        """`compute(archive)` for `key` at the archive's current version: from the LRU of the
        last FACET_CACHE answers (all dropped when the version changes), else computed once,
        requests asking for the same key meanwhile waiting for it rather than computing it too."""
        archive = self.archive()
        while True:
            version = self.version()  # read before the data, so nothing older is kept under it
            with self._lock:
                if version != self._facets_version:
                    self._facets.clear()
                    self._facets_version = version
                if key in self._facets:
                    self._facets.move_to_end(key)
                    return self._facets[key]
                busy = self._computing.get((version, key))
                if busy is None:
                    self._computing[(version, key)] = threading.Event()
                    break
            busy.wait(timeout=30)  # then look again: computed (or failed, and this request tries)
        try:
            value = compute(archive)
            with self._lock:
                if self._facets_version == version:  # not if the archive changed meanwhile
                    self._facets[key] = value
                    while len(self._facets) > FACET_CACHE:
                        self._facets.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._computing.pop((version, key)).set()

    def page_image(self, page_id: int, width: int) -> tuple[bytes, str] | None:
        """A stored page as printed, as a PNG `width` pixels wide, and its ETag; None when the
        archive holds no PDF for it. Drawn from the archive's own copy of the file only."""
        archive = self.archive()
        for _ in range(3):  # an ingest may replace the page between the two reads: look again
            row = archive.db.execute("SELECT pdf_sha, pdf_page FROM pages WHERE id = ?", (page_id,)).fetchone()
            if row is None or row[0] is None or row[1] is None:
                return None
            key = (str(row[0]), int(row[1]), width)
            etag = f'"{key[0][:20]}-{key[1]}-{key[2]}"'
            png = self.images.get(key)
            if png is not None:
                return png, etag
            data = archive.file_data(key[0])
            if data is None:
                continue
            with self._render_lock:
                png = self.images.get(key)  # drawn by another request while this one waited
                if png is None:
                    png = render_png(data, key[1], width)
                    self.images.put(key, png)
            return png, etag
        return None

    def clusters(self) -> tuple[list[list[int]], dict[int, int], list[list[tuple[int, int, int]]]]:
        """The archive's reprint clusters, member → cluster, and each cluster's pairs with their
        aligned length (worked out again only when the reprint pairs change)."""
        archive = self.archive()
        # pairs are added (new rowids), deleted with their page or all deleted (other settings):
        # the largest rowid, the count and the settings tell whether the clusters changed
        version = archive.db.execute(
            "SELECT (SELECT max(rowid) FROM reuse_pairs), (SELECT count(*) FROM reuse_pairs), "
            "(SELECT value FROM meta WHERE key = 'reuse_settings')"
        ).fetchone()
        with self._lock:
            if self._clusters is None or self._clusters[0] != version:
                groups, chars = reuse.cluster_groups(archive)
                where, pairs = reuse.group_pairs(groups, chars)
                self._clusters = (version, groups, where, pairs)
            return self._clusters[1], self._clusters[2], self._clusters[3]


def create_app(db: str | Path) -> FastAPI:
    """The web reader over the archive at `db` (opened read-only; raises ArchiveError if it cannot be)."""
    reader = Reader(db)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(
        kinds=KINDS,
        headline=reader.title,
        highlight=highlight,
        shown_path=shown_path,
        jump_marks=jump_marks,
        urlencode=urlencode,
        outlines=outlines,
        image_widths={"page": IMAGE_WIDTH, "thumb": THUMB_WIDTH, "issue": ISSUE_WIDTH},
    )
    app = FastAPI(
        title="baokan 报刊 reader",
        description="Browse, search and compare the articles of a baokan archive. The HTML pages "
        "have the same data as JSON under /api.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: the reader is used offline
        redoc_url=None,
    )

    def html(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return html(request, "error.html", status, status=status, message=message)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return error(request, 400, "；".join(dict.fromkeys(validation_message(e) for e in exc.errors())))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = str(exc.detail)
        try:
            default = http.HTTPStatus(exc.status_code).phrase
        except ValueError:
            default = ""
        if detail == default or not detail:  # Starlette's English words for a route it lacks, ...
            detail = HTTP_MESSAGES.get(exc.status_code, f"请求未能完成（{exc.status_code}）")
        return error(request, exc.status_code, detail)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        plain = exc.code in ("date", "page", "too_long", "empty")  # about a filter or the query's size
        return error(request, 400, exc.text("zh") if plain else f"检索式有误：{exc.text('zh')}")

    # ------------------------------------------------------------ data (shared by HTML and JSON)

    def home_data() -> dict[str, Any]:
        archive = reader.archive()
        return {
            "stats": archive.stats(),
            "papers": archive.papers(),
            "unplaced": [page_summary(p, archive.page_articles(p.id)) for p in archive.unplaced_pages(50)],
        }

    def issue_data(paper: str, date: str) -> dict[str, Any]:
        archive = reader.archive()
        iso = valid_date(date)
        pages = archive.issue_pages(paper, iso) if iso else []
        if not pages:
            if iso is None:
                raise HTTPException(404, f"没有这一期：日期“{date}”不是形如 2023-12-01 的日期")
            raise HTTPException(404, f"没有这一期：“{paper}” {date}")
        prev_date, next_date = archive.adjacent_issues(paper, iso or date)
        return {
            "paper": paper,
            "date": iso,
            "prev": prev_date,
            "next": next_date,
            "pages": [(p, archive.page_articles(p.id)) for p in pages],
        }

    def page_data(page_id: int) -> dict[str, Any]:
        archive = reader.archive()
        row = archive.page_row(page_id)
        if row is None:
            raise HTTPException(404, f"没有这一版：{page_id}")
        return {"page": row, "text": archive.page_text(page_id), "articles": archive.page_articles(page_id)}

    def page_of(article: StoredArticle) -> PageRow | None:
        return reader.archive().page_row(article.page_id)

    def article_data(article_id: int, other: int | None) -> dict[str, Any]:
        archive = reader.archive()
        art = archive.article(article_id)
        if art is None:
            raise HTTPException(404, f"没有这篇文章：{article_id}")
        story = archive.story(article_id)
        groups, where, group_pairs = reader.clusters()
        k = where.get(article_id)
        cluster_info = reuse.describe(archive, groups[k], group_pairs[k]) if k is not None else None
        pairs = []
        for a_id, b_id, same, n, identity, _ in reuse_db.reuse_pairs_of(archive, article_id):
            other_id = b_id if a_id == article_id else a_id
            partner = archive.article(other_id)
            if partner is not None:
                pairs.append({"article": partner, "chars": n, "identity": identity, "same_paper": bool(same)})
        compare = None
        own = {p.id for p in story.parts} if story else {article_id}  # the story's parts: one printing
        candidates = [p["article"].id for p in pairs if p["article"].id not in own]
        if cluster_info is not None:  # the fullest version first, then the others in date order
            members = sorted(cluster_info.members, key=lambda m: m.id != cluster_info.fullest)
            candidates = [m.id for m in members if m.id not in own] + candidates
        if other is None and candidates:
            other = candidates[0]
        if other is not None:
            if other == article_id:
                raise HTTPException(400, "不能与自身比较")
            partner = archive.article(other)
            if partner is None:
                raise HTTPException(404, f"没有这篇文章：{other}")
            min_chars, min_identity = _reuse_settings(archive)
            # a continued story is compared whole: its parts joined, as the reprint prints it
            a_story, b_story = story, archive.story(other)
            a_text = a_story.text if a_story else art.article.body
            b_text = b_story.text if b_story else partner.article.body
            passages = reuse.align(a_text, b_text, min_chars, min_identity)
            left, right = comparison(a_text, b_text, passages)
            compare = {
                "other": partner,
                "left_parts": len(a_story.parts) if a_story else 1,
                "right_parts": len(b_story.parts) if b_story else 1,
                "passages": passages,
                "left": left,
                "right": right,
                "variants": sum(len(p.variants) for p in passages),
                "chars": sum(p.chars for p in passages),
            }
        return {
            "article": art,
            "page": page_of(art),
            "story": story,
            "cluster": cluster_info,
            "pairs": pairs,
            "compare": compare,
        }

    def search_data(
        q: str,
        paper: str | None,
        date_from: str | None,
        date_to: str | None,
        page_no: str | None,
        kind: str | None,
        p: int,
        limit: int = PER_PAGE,
        offset: int | None = None,
    ) -> dict[str, Any]:
        page = None
        if page_no and page_no.strip():  # an empty form field means no filter
            if not (page_no.strip().isascii() and page_no.strip().isdigit()):
                raise QueryError("page", value=page_no)
            page = int(page_no)
        filters = {
            "paper": paper or None,
            "date_from": date_from or None,
            "date_to": date_to or None,
            "page": page,
            "kind": kind or None,
        }
        if not q.strip():
            return {"q": q, "filters": filters, "facets": None, "hits": [], "p": 1, "pages": 0, "titles": {},
                    "read_as": None}
        read = read_as(q)  # a malformed query is refused here, before any counting
        counts = reader.facets(q, filters)
        pages = max(1, math.ceil(counts.total / limit))
        if offset is None:  # a result page: the last one if past the end
            p = min(p, pages)
            offset = (p - 1) * limit
        else:
            p = offset // limit + 1
        hits = reader.hits(q, filters, limit, offset)
        heads = reader.story_heads(h.id for h in hits)
        titles = {h.id: hit_title(h, heads.get(h.id)) for h in hits}
        return {"q": q, "filters": filters, "facets": counts, "hits": hits, "p": p, "pages": pages,
                "limit": limit, "offset": offset, "titles": titles, "read_as": read}

    # ------------------------------------------------------------ HTML

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return html(request, "home.html", **home_data())

    @app.get("/paper/{paper}", response_class=HTMLResponse, include_in_schema=False)
    def paper_view(request: Request, paper: str) -> Response:
        issues = reader.archive().issues(paper)
        if not issues:
            raise HTTPException(404, f"没有这份报纸：“{paper}”")
        return html(request, "paper.html", paper=paper, issues=issues)

    @app.get("/issue/{paper}/{date}", response_class=HTMLResponse, include_in_schema=False)
    def issue_view(request: Request, paper: str, date: str) -> Response:
        return html(request, "issue.html", **issue_data(paper, date))

    @app.get("/page/{page_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_view(request: Request, page_id: ArticleId) -> Response:
        return html(request, "page.html", **page_data(page_id))

    @app.get(
        "/page/{page_id}/image.png",
        response_class=Response,
        tags=["api"],
        summary="A page read from a PDF, as printed (PNG)",
        responses={200: {"content": {"image/png": {}}}, 400: {}, 404: {}},
    )
    def page_image(
        request: Request,
        page_id: ArticleId,
        w: Annotated[
            str | None,
            Query(description=f"width in pixels, {IMAGE_MIN_WIDTH}–{IMAGE_MAX_WIDTH}; {IMAGE_WIDTH} if not given"),
        ] = None,
    ) -> Response:
        width = image_width(w)
        try:
            found = reader.page_image(page_id, width)
        except ValueError:  # a damaged PDF: PyMuPDF's words are not the reader's
            raise HTTPException(404, f"这一版的图像无法生成：{page_id}") from None
        if found is None:
            raise HTTPException(404, f"这一版没有版面图：{page_id}")
        png, etag = found
        headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
        if etag in (request.headers.get("if-none-match") or ""):
            return Response(status_code=304, headers=headers)
        return Response(png, media_type="image/png", headers=headers)

    @app.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_view(
        request: Request,
        article_id: ArticleId,
        other: Annotated[int | None, Query(alias="with", ge=1, le=MAX_ID)] = None,
        q: str = "",
    ) -> Response:
        terms = search_terms(q)
        return html(
            request, "article.html", **article_data(article_id, other), q=q if terms else "", terms=terms,
            carry=f"?{urlencode({'q': q})}" if terms else "",
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_view(
        request: Request,
        q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
        paper: str | None = None,
        date_from: Annotated[str | None, Query(alias="from")] = None,
        date_to: Annotated[str | None, Query(alias="to")] = None,
        page_no: Annotated[str | None, Query(max_length=6)] = None,
        kind: str | None = None,
        p: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> Response:
        data = search_data(q, paper, date_from, date_to, page_no, kind, p)
        params = {"q": q, "paper": paper, "from": date_from, "to": date_to, "page_no": page_no, "kind": kind}
        base = {k: v for k, v in params.items() if v not in (None, "")}
        return html(
            request,
            "search.html",
            **data,
            base=base,
            numbers=page_numbers(data["p"], data["pages"]),
            segments=hit_segments,
        )

    # ------------------------------------------------------------ JSON

    @app.get("/api/papers", tags=["api"], summary="Papers in the archive with date ranges and counts")
    def api_papers() -> dict[str, Any]:
        data = home_data()
        return {
            "stats": data["stats"],
            "papers": [_row(p) for p in data["papers"]],
        }

    @app.get("/api/search", tags=["api"], summary="Search articles (query language as on the search page)")
    def api_search(
        q: Annotated[
            str, Query(max_length=MAX_QUERY_CHARS, description='terms, "phrases", AND/OR/NOT (any case), parentheses')
        ],
        paper: str | None = None,
        date_from: Annotated[str | None, Query(alias="from", description="yyyy-mm-dd")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="yyyy-mm-dd")] = None,
        page_no: Annotated[str | None, Query(max_length=6, description="newspaper page")] = None,
        kind: str | None = None,
        p: Annotated[int, Query(ge=1, le=100_000, description="result page (of `limit` hits), when no offset")] = 1,
        limit: Annotated[
            str | None, Query(max_length=12, description=f"hits in the answer, {API_LIMIT[0]}–{API_LIMIT[1]}; "
                              f"{PER_PAGE} if not given")
        ] = None,
        offset: Annotated[
            str | None, Query(max_length=12, description=f"hits to skip, 0–{API_MAX_OFFSET:,}; (p - 1) × limit "
                              "if not given")
        ] = None,
    ) -> dict[str, Any]:
        n = bounded(limit, "limit", *API_LIMIT, PER_PAGE)
        skip = None if offset is None or offset == "" else bounded(offset, "offset", 0, API_MAX_OFFSET, 0)
        if skip is None and (p - 1) * n > API_MAX_OFFSET:
            raise HTTPException(400, f"p 过大：(p - 1) × limit 须在 0 到 {API_MAX_OFFSET} 之间")
        data = search_data(q, paper, date_from, date_to, page_no, kind, p, n, skip)
        hits = []
        for h in data["hits"]:
            row = h.to_json()
            row["headline"] = data["titles"].get(h.id)
            row["snippet"] = row["snippet"].replace(HIT_OPEN, "«").replace(HIT_CLOSE, "»")
            hits.append(row)
        counts = data["facets"]
        return {
            "q": q,
            "read_as": data["read_as"],
            "filters": {k: v for k, v in data["filters"].items() if v is not None},
            "total": counts.total if counts else 0,
            "limit": data.get("limit", n),
            "offset": data.get("offset", 0),
            "p": data["p"],
            "pages": data["pages"],
            "per_page": data.get("limit", n),
            "hits": hits,
            "facets": counts.to_json() if counts else None,
        }

    def article_json(a: StoredArticle) -> dict[str, Any]:
        """An item as JSON, with the title the reader shows it under (a later part: 标题（续）)
        and its page's file as readers see it (not the server's path)."""
        out = a.to_json()
        out.pop("source_path", None)
        out["shown_path"] = shown_path(a)
        out["headline"] = reader.title(a)
        return out

    def cluster_json(info: reuse.ClusterInfo) -> dict[str, Any]:
        out = info.to_json()
        titles = {m.id: reader.title(m) for m in info.members}
        for m in out["members"]:
            m["headline"] = titles.get(m["id"])
        return out

    @app.get("/api/article/{article_id}", tags=["api"], summary="An article, its story and its reprints")
    def api_article(article_id: ArticleId) -> dict[str, Any]:
        data = article_data(article_id, None)
        story = data["story"]
        cluster_info = data["cluster"]
        return {
            "article": article_json(data["article"]),
            "story": [p.id for p in story.parts] if story else [article_id],
            "cluster": cluster_json(cluster_info) if cluster_info else None,
            "pairs": [
                {
                    "id": p["article"].id,
                    "chars": p["chars"],
                    "identity": round(p["identity"], 4),
                    "same_paper": p["same_paper"],
                }
                for p in data["pairs"]
            ],
        }

    @app.get("/api/issue/{paper}/{date}", tags=["api"], summary="One issue: its pages in order and their items")
    def api_issue(paper: str, date: str) -> dict[str, Any]:
        data = issue_data(paper, date)
        return {
            "paper": paper,
            "date": data["date"],
            "prev": data["prev"],
            "next": data["next"],
            "pages": [
                {
                    **_row(p),
                    "edition": json.loads(p.edition),
                    "image": f"/page/{p.id}/image.png" if p.has_image else None,
                    "articles": [article_json(a) for a in arts],
                }
                for p, arts in data["pages"]
            ],
        }

    @app.get("/api/page/{page_id}", tags=["api"], summary="A page: its restored text and its items")
    def api_page(page_id: ArticleId) -> dict[str, Any]:
        data = page_data(page_id)
        row = data["page"]
        return {
            **_row(row),
            "edition": json.loads(row.edition),
            "image": f"/page/{row.id}/image.png" if row.has_image else None,
            "text": data["text"],
            "articles": [article_json(a) for a in data["articles"]],
        }

    app.state.reader = reader
    return app


def app_from_env() -> FastAPI:
    """The reader over the archive named by the environment variable BAOKAN_DB: the app factory
    each worker process of `baokan serve --workers N` imports (uvicorn's --factory)."""
    import os

    db = os.environ.get(DB_ENV)
    if not db:
        raise ArchiveError(f"{DB_ENV} is not set: it names the archive to serve")
    return create_app(db)


def _row(obj: Any) -> dict[str, Any]:
    out = {name: getattr(obj, name) for name in obj.__slots__ if name != "edition"}
    if "source_path" in out:  # the server's own path: readers see the page's shown path
        out.pop("source_path")
        out["shown_path"] = shown_path(obj)
    return out


def _reuse_settings(archive: Archive) -> tuple[int, float]:
    """The thresholds the archive's reprints were found with (the defaults if never run)."""
    settings = reuse_db.load_settings(archive) or reuse.ReuseSettings()
    return settings.min_chars, settings.min_identity


__all__ = ["ArchiveError", "create_app"]
