"""Page images: a page read from a PDF drawn as printed (PyMuPDF), the drawn PNGs kept in a
cache keyed by the file's content, and the route that serves them."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from ..archive import Archive
from .params import ArticleId
from .reader import ReaderDep

IMAGE_WIDTH = 1000  # pixels, the page image's width when ?w= does not say
IMAGE_MIN_WIDTH, IMAGE_MAX_WIDTH = 100, 2000  # pixels: the widths ?w= may ask for
IMAGE_MAX_HEIGHT = 4000  # pixels: an unusually tall page is drawn narrower rather than taller
IMAGE_CACHE_BYTES = 64 * 2**20  # rendered PNGs the reader keeps, least recently used dropped first
THUMB_WIDTH = 320  # the page image beside an article
ISSUE_WIDTH = 480  # the page images of an issue


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
        self.render_lock = threading.Lock()  # PyMuPDF is not thread-safe: one drawing at a time

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


def cached_png(archive: Archive, cache: ImageCache, page_id: int, width: int) -> tuple[bytes, str] | None:
    """A stored page as printed, as a PNG `width` pixels wide, and its ETag; None when the
    archive holds no PDF for it. Drawn from the archive's own copy of the file only."""
    for _ in range(3):  # an ingest may replace the page between the two reads: look again
        row = archive.db.execute("SELECT pdf_sha, pdf_page FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None or row[0] is None or row[1] is None:
            return None
        key = (str(row[0]), int(row[1]), width)
        etag = f'"{key[0][:20]}-{key[1]}-{key[2]}"'
        png = cache.get(key)
        if png is not None:
            return png, etag
        data = archive.file_data(key[0])
        if data is None:
            continue
        with cache.render_lock:
            png = cache.get(key)  # drawn by another request while this one waited
            if png is None:
                png = render_png(data, key[1], width)
                cache.put(key, png)
        return png, etag
    return None


def current_images(request: Request) -> ImageCache:
    """The image cache of the app serving `request` (a route's dependency)."""
    images: ImageCache = request.app.state.images
    return images


WidthParam = Annotated[  # ?w= of a page image, checked by `image_width`
    str | None, Query(description=f"width in pixels, {IMAGE_MIN_WIDTH}–{IMAGE_MAX_WIDTH}; {IMAGE_WIDTH} if not given")
]


def page_image(
    request: Request,
    reader: ReaderDep,
    images: Annotated[ImageCache, Depends(current_images)],
    page_id: ArticleId,
    w: WidthParam = None,
) -> Response:
    """/page/{id}/image.png: the page as printed, revalidated by its ETag."""
    width = image_width(w)
    try:
        found = cached_png(reader.archive(), images, page_id, width)
    except ValueError:  # a damaged PDF: PyMuPDF's words are not the reader's
        raise HTTPException(404, f"这一版的图像无法生成：{page_id}") from None
    if found is None:
        raise HTTPException(404, f"这一版没有版面图：{page_id}")
    png, etag = found
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    return Response(png, media_type="image/png", headers=headers)
