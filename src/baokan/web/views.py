"""The HTML pages: one function per page, each gathering its data and handing it to `render`,
the base they share, which renders a template with the context every page has (the
templates' globals, set once per app by `make_templates`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from ..archive.search import MAX_QUERY_CHARS
from .data import article_data, home_data, issue_data, page_data, search_data, search_filters
from .images import IMAGE_WIDTH, ISSUE_WIDTH, THUMB_WIDTH
from .params import MAX_ID, ArticleId
from .present import KINDS, highlight, hit_segments, jump_marks, outlines, page_numbers, search_terms, shown_path
from .reader import Reader, ReaderDep

TEMPLATES = Path(__file__).with_name("templates")


def make_templates(reader: Reader) -> Jinja2Templates:
    """The Jinja2 templates of one app: autoescaped, with the helpers every page may call."""
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
    return templates


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """The base of every page: template `name` rendered with `context` by the app's templates."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status, status=status, message=message)


def home(request: Request, reader: ReaderDep) -> Response:
    return render(request, "home.html", **home_data(reader))


def paper_view(request: Request, reader: ReaderDep, paper: str) -> Response:
    issues = reader.archive().issues(paper)
    if not issues:
        raise HTTPException(404, f"没有这份报纸：“{paper}”")
    return render(request, "paper.html", paper=paper, issues=issues)


def issue_view(request: Request, reader: ReaderDep, paper: str, date: str) -> Response:
    return render(request, "issue.html", **issue_data(reader, paper, date))


def page_view(request: Request, reader: ReaderDep, page_id: ArticleId) -> Response:
    return render(request, "page.html", **page_data(reader, page_id))


def article_view(
    request: Request,
    reader: ReaderDep,
    article_id: ArticleId,
    other: Annotated[int | None, Query(alias="with", ge=1, le=MAX_ID)] = None,
    q: str = "",
) -> Response:
    terms = search_terms(q)
    return render(
        request, "article.html", **article_data(reader, article_id, other), q=q if terms else "", terms=terms,
        carry=f"?{urlencode({'q': q})}" if terms else "",
    )


def search_view(
    request: Request,
    reader: ReaderDep,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    paper: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    page_no: Annotated[str | None, Query(max_length=6)] = None,
    kind: str | None = None,
    p: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    data = search_data(reader, q, search_filters(paper, date_from, date_to, page_no, kind), p)
    params = {"q": q, "paper": paper, "from": date_from, "to": date_to, "page_no": page_no, "kind": kind}
    base = {k: v for k, v in params.items() if v not in (None, "")}
    return render(
        request,
        "search.html",
        **data,
        base=base,
        numbers=page_numbers(data["p"], data["pages"]),
        segments=hit_segments,
    )
