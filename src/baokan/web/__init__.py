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

The modules, in the order they depend on one another:

    present.py   what the pages show, worked out from records (pure: marked texts, titles, outlines)
    params.py    request parameters: bounds, names in error messages, checks
    reader.py    `Reader`: read-only connections, the archive's version, caches, reprint clusters
    images.py    page images: drawn with PyMuPDF, cached by file content; their route
    data.py      what each page holds, shared by the HTML pages and the JSON routes
    views.py     the HTML pages, one function each on a shared `render`
    api.py       the JSON routes
    app.py       `create_app`: error handlers, security headers, `ROUTES` (every route, one table)
"""

from __future__ import annotations

from ..archive import ArchiveError
from .api import API_LIMIT, API_MAX_OFFSET
from .app import DB_ENV, ROUTES, app_from_env, create_app
from .data import PER_PAGE
from .images import IMAGE_MAX_WIDTH, IMAGE_MIN_WIDTH, IMAGE_WIDTH, ImageCache
from .present import Segment, comparison, highlight, hit_segments, marked, outlines, page_numbers
from .reader import Reader

__all__ = [
    "API_LIMIT", "API_MAX_OFFSET", "DB_ENV", "IMAGE_MAX_WIDTH", "IMAGE_MIN_WIDTH", "IMAGE_WIDTH", "PER_PAGE",
    "ROUTES", "ArchiveError", "ImageCache", "Reader", "Segment", "app_from_env", "comparison", "create_app",
    "highlight", "hit_segments", "marked", "outlines", "page_numbers",
]
