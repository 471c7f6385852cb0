"""What the archive's rows are in Python: the stored article and page records, the article
columns (one tuple, one function each way), and the text the full-text index is given.

Chinese full-text search: the FTS5 table indexes every Han character as its own token, so a
query term of any length (党, 耕地, 盐碱地综合改造) becomes a phrase of adjacent characters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import regex

from ..model import Article, Box
from .stitch import join_parts

_HAN = regex.compile(r"(\p{Han})")
_BREAK = regex.compile(r"[^\p{Han}\p{L}\p{N}\s]+")  # punctuation: a barrier token (¶) phrases cannot cross


def name_of(path: str) -> str:
    """A stored path's last part (FILE#pN keeps its #pN): what is shown of a path stored
    before the shown path was kept."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def fts_text(text: str | None) -> str:
    """Text as the index sees it: every Han character a token of its own, punctuation a
    barrier token (¶) so that a term never matches across a sentence break."""
    return _HAN.sub(r" \1 ", _BREAK.sub(" ¶ ", text or ""))


def fts_values(a: Article) -> tuple[str, str]:
    """What the index is given for an article, (headline, body): the same when a row is added
    and when it is deleted (the index keeps no text, a row is removed by giving it back)."""
    return fts_text(a.headline), fts_text(a.body)


# ---------------------------------------------------------------- article columns

# the articles table has one column of each Article field, of the same name (a new field needs a
# schema migration: the INSERT names every field, so a missing column fails loudly)
ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_LISTS = frozenset({"authors", "credits", "summary"})  # tuples of strings, stored as JSON lists


def article_row(a: Article) -> tuple[Any, ...]:
    """An article as the values of its ARTICLE_FIELDS columns."""
    return tuple(_encode(name, getattr(a, name)) for name in ARTICLE_FIELDS)


def _encode(name: str, value: Any) -> Any:
    if name in _LISTS:
        return json.dumps(list(value), ensure_ascii=False)
    if name == "regions":
        return json.dumps([list(b) for b in value])
    return value


def row_article(values: Sequence[Any]) -> Article:
    """The article back from the values of its ARTICLE_FIELDS columns."""
    data = dict(zip(ARTICLE_FIELDS, values, strict=True))
    for name in _LISTS:
        data[name] = tuple(json.loads(data[name]))
    data["regions"] = _boxes(data["regions"])
    return Article(**data)


def _boxes(value: str | None) -> tuple[Box, ...]:
    """Stored regions back as boxes (an unreadable value as none: the text still reads)."""
    try:
        data = json.loads(value or "[]")
        return tuple((float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in data if len(b) == 4)
    except (ValueError, TypeError):
        return ()


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as the archive holds it: the item plus where it was printed."""

    id: int
    article: Article
    page_id: int
    seq: int
    paper: str | None
    date: str | None
    page: int | None
    page_name: str | None
    source_path: str
    prev_id: int | None = None  # the part before it in its story
    next_id: int | None = None  # the part after it
    page_size: tuple[float, float] | None = None  # the page's width and height in PDF points (PDF pages)
    shown_path: str | None = None  # source_path as readers see it: under the folder that was ingested

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "page_name": self.page_name,
            "page_id": self.page_id,
            "seq": self.seq,
            "source_path": self.source_path,
            "shown_path": self.shown_path,
        }
        out.update(self.article.to_json())
        out["prev_part"] = self.prev_id
        out["next_part"] = self.next_id
        if self.page_size:
            out["page_size"] = [round(self.page_size[0], 1), round(self.page_size[1], 1)]
        return out


@dataclass(frozen=True, slots=True)
class Story:
    """An article and its continued parts, in reading order."""

    parts: tuple[StoredArticle, ...]

    @property
    def text(self) -> str:
        """The parts' bodies joined; a part cut mid-sentence runs straight into the next."""
        return join_parts(part.article.body for part in self.parts)


_N = len(ARTICLE_FIELDS)
ARTICLE_SELECT = (
    "SELECT a.id, a.page_id, a.seq, "
    + ", ".join(f"a.{name}" for name in ARTICLE_FIELDS)
    + ", p.paper, p.date, p.page, p.page_name, p.source_path, "
    "(SELECT from_id FROM links WHERE to_id = a.id), (SELECT to_id FROM links WHERE from_id = a.id), "
    "p.width, p.height, p.shown_path FROM articles a JOIN pages p ON p.id = a.page_id"
)


def row_to_stored(row: Sequence[Any]) -> StoredArticle:
    """A row of ARTICLE_SELECT as a stored article."""
    art = row_article(row[3 : 3 + _N])
    paper, date, page, page_name, source_path, prev_id, next_id, width, height, shown = row[3 + _N :]
    size = (float(width), float(height)) if width and height else None
    return StoredArticle(
        row[0], art, row[1], row[2], paper, date, page, page_name, source_path, prev_id, next_id, size,
        shown or name_of(source_path),
    )


@dataclass(frozen=True, slots=True)
class PaperSummary:
    paper: str
    first_date: str | None
    last_date: str | None
    issues: int
    pages: int
    articles: int


@dataclass(frozen=True, slots=True)
class PageRow:
    """A stored page without its text."""

    id: int
    paper: str | None
    date: str | None
    page: int | None
    page_name: str | None
    source_path: str
    placed: bool
    edition: str  # JSON
    articles: int
    width: float | None = None  # PDF points, for a page read from a PDF
    height: float | None = None
    pdf_sha: str | None = None  # the archive's copy of the PDF file (files.sha256)
    pdf_page: int | None = None  # the page in it, 1-based
    shown_path: str | None = None  # source_path as readers see it: under the folder that was ingested

    @property
    def size(self) -> tuple[float, float] | None:
        return (self.width, self.height) if self.width and self.height else None

    @property
    def has_image(self) -> bool:
        """Whether the archive holds the PDF this page was read from, so it can be shown."""
        return self.pdf_sha is not None and self.pdf_page is not None and self.size is not None


PAGE_SELECT = (
    "SELECT id, paper, date, page, page_name, source_path, placed, edition, "
    "(SELECT count(*) FROM articles a WHERE a.page_id = pages.id), width, height, pdf_sha, pdf_page, shown_path "
    "FROM pages"
)


def page_row(row: tuple) -> PageRow:
    return PageRow(*row[:13], shown_path=row[13] or name_of(row[5]))
