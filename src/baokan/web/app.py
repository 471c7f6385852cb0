"""The app: FastAPI over one archive, its error pages, its security headers, and every route
registered from one table, `ROUTES`."""

from __future__ import annotations

import http
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from ..archive import ArchiveError
from ..archive.search import QueryError
from . import api, images, views
from .params import validation_message
from .reader import Reader

DB_ENV = "BAOKAN_DB"  # the archive `app_from_env` serves (how `baokan serve --workers N` tells its workers)
HTTP_MESSAGES = {  # the reader's words for errors it does not raise itself (no such route, ...)
    404: "找不到这个地址", 405: "不支持这种请求方法", 500: "服务器内部出错",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PAGE: dict[str, Any] = {"response_class": HTMLResponse, "include_in_schema": False}  # an HTML page


@dataclass(frozen=True, slots=True)
class Route:
    """A GET route: its path, the function that answers it, and FastAPI's options for it."""

    path: str
    endpoint: Callable[..., Any]
    options: dict[str, Any] = field(default_factory=dict)


def api_route(path: str, endpoint: Callable[..., Any], summary: str, **options: Any) -> Route:
    """A route documented in the OpenAPI schema, under the tag "api"."""
    return Route(path, endpoint, {"tags": ["api"], "summary": summary, **options})


ROUTES: tuple[Route, ...] = (  # every route of the reader
    Route("/", views.home, PAGE),
    Route("/paper/{paper}", views.paper_view, PAGE),
    Route("/issue/{paper}/{date}", views.issue_view, PAGE),
    Route("/page/{page_id}", views.page_view, PAGE),
    api_route(
        "/page/{page_id}/image.png", images.page_image, "A page read from a PDF, as printed (PNG)",
        response_class=Response, responses={200: {"content": {"image/png": {}}}, 400: {}, 404: {}},
    ),
    Route("/article/{article_id}", views.article_view, PAGE),
    Route("/search", views.search_view, PAGE),
    api_route("/api/papers", api.api_papers, "Papers in the archive with date ranges and counts"),
    api_route("/api/search", api.api_search, "Search articles (query language as on the search page)"),
    api_route("/api/article/{article_id}", api.api_article, "An article, its story and its reprints"),
    api_route("/api/issue/{paper}/{date}", api.api_issue, "One issue: its pages in order and their items"),
    api_route("/api/page/{page_id}", api.api_page, "A page: its restored text and its items"),
)


def create_app(db: str | Path) -> FastAPI:
    """The web reader over the archive at `db` (opened read-only; raises ArchiveError if it cannot be)."""
    reader = Reader(db)
    app = FastAPI(
        title="baokan 报刊 reader",
        description="Browse, search and compare the articles of a baokan archive. The HTML pages "
        "have the same data as JSON under /api.",
        version="1",
        docs_url=None,  # Swagger UI and ReDoc load their scripts from a CDN: the reader is used offline
        redoc_url=None,
    )
    app.state.reader = reader
    app.state.templates = views.make_templates(reader)
    app.state.images = images.ImageCache()
    app.middleware("http")(security_headers)
    app.add_exception_handler(RequestValidationError, bad_request)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(QueryError, query_error)
    for route in ROUTES:
        app.add_api_route(route.path, route.endpoint, methods=["GET"], **route.options)
    return app


def app_from_env() -> FastAPI:
    """The reader over the archive named by the environment variable BAOKAN_DB: the app factory
    each worker process of `baokan serve --workers N` imports (uvicorn's --factory)."""
    import os

    db = os.environ.get(DB_ENV)
    if not db:
        raise ArchiveError(f"{DB_ENV} is not set: it names the archive to serve")
    return create_app(db)


def error(request: Request, status: int, message: str) -> Response:
    """An error as the reader shows it: JSON under /api, else the error page."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return views.error_page(request, status, message)


async def security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


async def bad_request(request: Request, exc: RequestValidationError) -> Response:
    return error(request, 400, "；".join(dict.fromkeys(validation_message(e) for e in exc.errors())))


async def http_error(request: Request, exc: HTTPException) -> Response:
    detail = str(exc.detail)
    try:
        default = http.HTTPStatus(exc.status_code).phrase
    except ValueError:
        default = ""
    if detail == default or not detail:  # Starlette's English words for a route it lacks, ...
        detail = HTTP_MESSAGES.get(exc.status_code, f"请求未能完成（{exc.status_code}）")
    return error(request, exc.status_code, detail)


async def query_error(request: Request, exc: QueryError) -> Response:
    plain = exc.code in ("date", "page", "too_long", "empty")  # about a filter or the query's size
    return error(request, 400, exc.text("zh") if plain else f"检索式有误：{exc.text('zh')}")
