"""The JSON routes under /api: the data of the HTML pages, for programs. Items carry the title
the reader shows them under and their page's file as readers see it, never the server's path."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Query
from starlette.exceptions import HTTPException

from .. import reuse
from ..archive import PageRow, StoredArticle
from ..archive.search import MAX_QUERY_CHARS
from .data import PER_PAGE, article_data, home_data, issue_data, page_data, search_data, search_filters
from .params import ArticleId, bounded
from .present import HIT_CLOSE, HIT_OPEN, shown_path
from .reader import Reader, ReaderDep

API_LIMIT = (1, 100)  # /api/search: hits an answer may hold
API_MAX_OFFSET = 10_000  # /api/search: how deep into the results a client may page


def row_json(obj: Any) -> dict[str, Any]:
    """A record's fields as JSON (edition left out; the shown path instead of the server's)."""
    out = {name: getattr(obj, name) for name in obj.__slots__ if name != "edition"}
    if "source_path" in out:  # the server's own path: readers see the page's shown path
        out.pop("source_path")
        out["shown_path"] = shown_path(obj)
    return out


def article_json(reader: Reader, a: StoredArticle) -> dict[str, Any]:
    """An item as JSON, with the title the reader shows it under (a later part: 标题（续）)
    and its page's file as readers see it (not the server's path)."""
    out = a.to_json()
    out.pop("source_path", None)
    out["shown_path"] = shown_path(a)
    out["headline"] = reader.title(a)
    return out


def cluster_json(reader: Reader, info: reuse.ClusterInfo) -> dict[str, Any]:
    out = info.to_json()
    titles = {m.id: reader.title(m) for m in info.members}
    for m in out["members"]:
        m["headline"] = titles.get(m["id"])
    return out


def page_json(reader: Reader, row: PageRow, articles: list[StoredArticle], **extra: Any) -> dict[str, Any]:
    """A page as JSON: its record, its image's address if it has one, `extra`, its items."""
    return {
        **row_json(row),
        "edition": json.loads(row.edition),
        "image": f"/page/{row.id}/image.png" if row.has_image else None,
        **extra,
        "articles": [article_json(reader, a) for a in articles],
    }


def api_papers(reader: ReaderDep) -> dict[str, Any]:
    data = home_data(reader)
    return {
        "stats": data["stats"],
        "papers": [row_json(p) for p in data["papers"]],
    }


def api_search(
    reader: ReaderDep,
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
    data = search_data(reader, q, search_filters(paper, date_from, date_to, page_no, kind), p, n, skip)
    return search_json(data, n)


def search_json(data: dict[str, Any], n: int) -> dict[str, Any]:
    """A page of hits as /api/search answers it: snippets marked «like this»."""
    hits = []
    for h in data["hits"]:
        row = h.to_json()
        row["headline"] = data["titles"].get(h.id)
        row["snippet"] = row["snippet"].replace(HIT_OPEN, "«").replace(HIT_CLOSE, "»")
        hits.append(row)
    counts = data["facets"]
    return {
        "q": data["q"],
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


def api_article(reader: ReaderDep, article_id: ArticleId) -> dict[str, Any]:
    data = article_data(reader, article_id, None)
    story = data["story"]
    cluster_info = data["cluster"]
    return {
        "article": article_json(reader, data["article"]),
        "story": [p.id for p in story.parts] if story else [article_id],
        "cluster": cluster_json(reader, cluster_info) if cluster_info else None,
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


def api_issue(reader: ReaderDep, paper: str, date: str) -> dict[str, Any]:
    data = issue_data(reader, paper, date)
    return {
        "paper": paper,
        "date": data["date"],
        "prev": data["prev"],
        "next": data["next"],
        "pages": [page_json(reader, p, arts) for p, arts in data["pages"]],
    }


def api_page(reader: ReaderDep, page_id: ArticleId) -> dict[str, Any]:
    data = page_data(reader, page_id)
    row = data["page"]
    return page_json(reader, row, data["articles"], text=data["text"])
