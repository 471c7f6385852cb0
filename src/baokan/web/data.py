"""What a page holds, gathered from the archive: shared by the HTML pages and their JSON twins.
Each function takes the app's `Reader` and raises HTTPException (404, 400) for what is not
there, or QueryError for a search it cannot run."""

from __future__ import annotations

import math
from typing import Any

from starlette.exceptions import HTTPException

from .. import reuse
from ..archive import Archive, StoredArticle
from ..archive.search import QueryError, read_as
from ..reuse import db as reuse_db
from .params import valid_date
from .present import comparison, hit_title, page_summary
from .reader import Reader

PER_PAGE = 20  # search hits on one page of the reader


def home_data(reader: Reader) -> dict[str, Any]:
    archive = reader.archive()
    return {
        "stats": archive.stats(),
        "papers": archive.papers(),
        "unplaced": [page_summary(p, archive.page_articles(p.id)) for p in archive.unplaced_pages(50)],
    }


def issue_data(reader: Reader, paper: str, date: str) -> dict[str, Any]:
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


def page_data(reader: Reader, page_id: int) -> dict[str, Any]:
    archive = reader.archive()
    row = archive.page_row(page_id)
    if row is None:
        raise HTTPException(404, f"没有这一版：{page_id}")
    return {"page": row, "text": archive.page_text(page_id), "articles": archive.page_articles(page_id)}


def article_data(reader: Reader, article_id: int, other: int | None) -> dict[str, Any]:
    """An article, its story, its reprint cluster and pairs, and the comparison with `other`
    (by default the cluster's fullest version, else its first partner outside the story)."""
    archive = reader.archive()
    art = archive.article(article_id)
    if art is None:
        raise HTTPException(404, f"没有这篇文章：{article_id}")
    story = archive.story(article_id)
    groups, where, group_pairs = reader.clusters()
    k = where.get(article_id)
    cluster_info = reuse.describe(archive, groups[k], group_pairs[k]) if k is not None else None
    pairs = reprint_pairs(archive, article_id)
    own = {p.id for p in story.parts} if story else {article_id}  # the story's parts: one printing
    candidates = [p["article"].id for p in pairs if p["article"].id not in own]
    if cluster_info is not None:  # the fullest version first, then the others in date order
        members = sorted(cluster_info.members, key=lambda m: m.id != cluster_info.fullest)
        candidates = [m.id for m in members if m.id not in own] + candidates
    if other is None and candidates:
        other = candidates[0]
    return {
        "article": art,
        "page": archive.page_row(art.page_id),
        "story": story,
        "cluster": cluster_info,
        "pairs": pairs,
        "compare": compare_data(archive, art, other) if other is not None else None,
    }


def reprint_pairs(archive: Archive, article_id: int) -> list[dict[str, Any]]:
    """The articles found to share text with `article_id`, with the aligned length and identity."""
    pairs = []
    for a_id, b_id, same, n, identity, _ in reuse_db.reuse_pairs_of(archive, article_id):
        partner = archive.article(b_id if a_id == article_id else a_id)
        if partner is not None:
            pairs.append({"article": partner, "chars": n, "identity": identity, "same_paper": bool(same)})
    return pairs


def compare_data(archive: Archive, art: StoredArticle, other: int) -> dict[str, Any]:
    """`art` beside article `other`: what they share and where they differ. A continued story
    is compared whole, its parts joined, as the reprint prints it."""
    if other == art.id:
        raise HTTPException(400, "不能与自身比较")
    partner = archive.article(other)
    if partner is None:
        raise HTTPException(404, f"没有这篇文章：{other}")
    min_chars, min_identity = reuse_settings(archive)
    a_story, b_story = archive.story(art.id), archive.story(other)
    a_text = a_story.text if a_story else art.article.body
    b_text = b_story.text if b_story else partner.article.body
    passages = reuse.align(a_text, b_text, min_chars, min_identity)
    left, right = comparison(a_text, b_text, passages)
    return {
        "other": partner,
        "left_parts": len(a_story.parts) if a_story else 1,
        "right_parts": len(b_story.parts) if b_story else 1,
        "passages": passages,
        "left": left,
        "right": right,
        "variants": sum(len(p.variants) for p in passages),
        "chars": sum(p.chars for p in passages),
    }


def reuse_settings(archive: Archive) -> tuple[int, float]:
    """The thresholds the archive's reprints were found with (the defaults if never run)."""
    settings = reuse_db.load_settings(archive) or reuse.ReuseSettings()
    return settings.min_chars, settings.min_identity


def search_filters(paper: str | None, date_from: str | None, date_to: str | None, page_no: str | None,
                   kind: str | None) -> dict[str, Any]:
    """A search's filters as the archive takes them: an empty form field means no filter."""
    page = None
    number = (page_no or "").strip()  # str.strip also drops control separators (\x1c–\x1f), int() does not
    if number:
        if not (number.isascii() and number.isdigit()):
            raise QueryError("page", value=page_no)
        page = int(number)
    return {
        "paper": paper or None,
        "date_from": date_from or None,
        "date_to": date_to or None,
        "page": page,
        "kind": kind or None,
    }


def search_data(
    reader: Reader,
    q: str,
    filters: dict[str, Any],
    p: int,
    limit: int = PER_PAGE,
    offset: int | None = None,
) -> dict[str, Any]:
    """A page of a search's hits (result page `p`, or from `offset`), their titles and the counts."""
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

