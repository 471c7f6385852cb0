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
    /article/{id}[?with=ID]        an article, its story, its reprints, a side-by-side comparison
    /search?q=&paper=&from=&to=&page_no=&kind=&p=
    /api/search, /api/article/{id}, /api/issue/{paper}/{date}, /api/page/{id}, /api/papers
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from . import reuse, store
from .search import Facets, QueryError, facets, search
from .store import Archive, ArchiveError, PageRow, StoredArticle

PER_PAGE = 20
FACET_CACHE = 1024  # searches whose facet counts the reader remembers
MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is simply not there
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"  # snippet marks no page text contains, turned into <mark>
KINDS = {"article": "文章", "photo": "图片", "teaser": "导读", "notice": "启事"}
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
    text = " ".join(x for x in (art.kicker, art.title, art.subtitle) if x)
    if text:
        return text
    body = " ".join(art.body.split())
    return body[:30] + ("…" if len(body) > 30 else "") if body else f"（{KINDS.get(art.kind, art.kind)}）"


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
        self._facets: OrderedDict[tuple[Any, ...], Facets] = OrderedDict()  # (version, query, filters) -> counts
        self._facets_version: tuple[Any, ...] | None = None
        self.images = ImageCache()
        self._render_lock = threading.Lock()  # PyMuPDF is not thread-safe: one drawing at a time

    def archive(self) -> Archive:
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = Archive(self.db, readonly=True)
            archive.db.execute("PRAGMA query_only = ON")
            self._local.archive = archive
        return archive

    def facets(self, query: str, filters: dict[str, Any]) -> Facets:
        """A search's counts by paper and year, remembered for the last FACET_CACHE searches:
        counting every match costs about twice the ranking, and a reader who turns to page 2
        or narrows by a facet asks for the same counts again."""
        archive = self.archive()
        version = archive.db.execute("SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM pages)").fetchone()
        key = (query, *sorted(filters.items()))
        with self._lock:
            if version != self._facets_version:
                self._facets.clear()
                self._facets_version = version
            if key in self._facets:
                self._facets.move_to_end(key)
                return self._facets[key]
        counts = facets(archive, query, **filters)
        with self._lock:
            self._facets[key] = counts
            while len(self._facets) > FACET_CACHE:
                self._facets.popitem(last=False)
        return counts

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
                where = {i: k for k, g in enumerate(groups) for i in g}
                pairs: list[list[tuple[int, int, int]]] = [[] for _ in groups]
                for (a, b), c in chars.items():
                    if where.get(a) is not None and where.get(a) == where.get(b):
                        pairs[where[a]].append((a, b, c))
                self._clusters = (version, groups, where, pairs)
            return self._clusters[1], self._clusters[2], self._clusters[3]


def create_app(db: str | Path) -> FastAPI:
    """The web reader over the archive at `db` (opened read-only; raises ArchiveError if it cannot be)."""
    reader = Reader(db)
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals.update(
        kinds=KINDS,
        headline=headline,
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
        if request.url.path in (app.docs_url, app.redoc_url):  # FastAPI's API pages load their own scripts
            response.headers.update({k: v for k, v in SECURITY_HEADERS.items() if k != "Content-Security-Policy"})
        else:
            response.headers.update(SECURITY_HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        where = ", ".join(".".join(str(x) for x in e.get("loc", ())[1:]) or "request" for e in exc.errors())
        return error(request, 400, f"参数有误：{where}")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> Response:
        return error(request, 400, f"检索式有误：{exc}")

    # ------------------------------------------------------------ data (shared by HTML and JSON)

    def home_data() -> dict[str, Any]:
        archive = reader.archive()
        return {
            "stats": archive.stats(),
            "papers": archive.papers(),
            "unplaced": archive.unplaced_pages(50),
        }

    def issue_data(paper: str, date: str) -> dict[str, Any]:
        archive = reader.archive()
        iso = valid_date(date)
        pages = archive.issue_pages(paper, iso) if iso else []
        if not pages:
            raise HTTPException(404, f"没有这一期：{paper} {date}")
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
        for a_id, b_id, same, n, identity, _ in store.reuse_pairs_of(archive, article_id):
            other_id = b_id if a_id == article_id else a_id
            partner = archive.article(other_id)
            if partner is not None:
                pairs.append({"article": partner, "chars": n, "identity": identity, "same_paper": bool(same)})
        compare = None
        candidates = [p["article"].id for p in pairs]
        if cluster_info is not None:  # the fullest version first, then the others in date order
            members = sorted(cluster_info.members, key=lambda m: m.id != cluster_info.fullest)
            candidates = [m.id for m in members if m.id != article_id] + candidates
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
    ) -> dict[str, Any]:
        archive = reader.archive()
        page = None
        if page_no and page_no.strip():  # an empty form field means no filter
            if not (page_no.strip().isascii() and page_no.strip().isdigit()):
                raise QueryError(f"版次应是数字，不是 {page_no!r}")
            page = int(page_no)
        filters = {
            "paper": paper or None,
            "date_from": date_from or None,
            "date_to": date_to or None,
            "page": page,
            "kind": kind or None,
        }
        if not q.strip():
            return {"q": q, "filters": filters, "facets": None, "hits": [], "p": 1, "pages": 0}
        counts = reader.facets(q, filters)
        pages = max(1, math.ceil(counts.total / PER_PAGE))
        p = min(p, pages)
        hits = search(archive, q, limit=PER_PAGE, offset=(p - 1) * PER_PAGE, marks=(HIT_OPEN, HIT_CLOSE), **filters)
        return {"q": q, "filters": filters, "facets": counts, "hits": hits, "p": p, "pages": pages}

    # ------------------------------------------------------------ HTML

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return html(request, "home.html", **home_data())

    @app.get("/paper/{paper}", response_class=HTMLResponse, include_in_schema=False)
    def paper_view(request: Request, paper: str) -> Response:
        issues = reader.archive().issues(paper)
        if not issues:
            raise HTTPException(404, f"没有这份报纸：{paper}")
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
        except ValueError as e:
            raise HTTPException(404, f"这一版的图像无法生成：{e}") from None
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
    ) -> Response:
        return html(request, "article.html", **article_data(article_id, other))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_view(
        request: Request,
        q: Annotated[str, Query(max_length=500)] = "",
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
        q: Annotated[str, Query(max_length=500, description='terms, "phrases", AND/OR/NOT, parentheses')],
        paper: str | None = None,
        date_from: Annotated[str | None, Query(alias="from", description="yyyy-mm-dd")] = None,
        date_to: Annotated[str | None, Query(alias="to", description="yyyy-mm-dd")] = None,
        page_no: Annotated[str | None, Query(max_length=6, description="newspaper page")] = None,
        kind: str | None = None,
        p: Annotated[int, Query(ge=1, le=100_000, description="result page")] = 1,
    ) -> dict[str, Any]:
        data = search_data(q, paper, date_from, date_to, page_no, kind, p)
        hits = []
        for h in data["hits"]:
            row = h.to_json()
            row["snippet"] = row["snippet"].replace(HIT_OPEN, "«").replace(HIT_CLOSE, "»")
            hits.append(row)
        counts = data["facets"]
        return {
            "q": q,
            "filters": {k: v for k, v in data["filters"].items() if v is not None},
            "total": counts.total if counts else 0,
            "p": data["p"],
            "pages": data["pages"],
            "per_page": PER_PAGE,
            "hits": hits,
            "facets": counts.to_json() if counts else None,
        }

    @app.get("/api/article/{article_id}", tags=["api"], summary="An article, its story and its reprints")
    def api_article(article_id: ArticleId) -> dict[str, Any]:
        data = article_data(article_id, None)
        story = data["story"]
        cluster_info = data["cluster"]
        return {
            "article": data["article"].to_json(),
            "story": [p.id for p in story.parts] if story else [article_id],
            "cluster": cluster_info.to_json() if cluster_info else None,
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
                    "articles": [a.to_json() for a in arts],
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
            "articles": [a.to_json() for a in data["articles"]],
        }

    app.state.reader = reader
    return app


def _row(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__ if name != "edition"}


def _reuse_settings(archive: Archive) -> tuple[int, float]:
    """The thresholds the archive's reprints were found with (the defaults if never run)."""
    value = store.meta_get(archive, "reuse_settings")
    try:
        chars, identity = (value or "").split("/")[:2]
        return int(chars), float(identity)
    except ValueError:
        return reuse.MIN_CHARS, reuse.MIN_IDENTITY


__all__ = ["ArchiveError", "create_app"]
