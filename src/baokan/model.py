"""The data model: frozen dataclasses for a parsed page, and `baokan.page/1` JSON I/O.

Field names follow `eval/FORMAT.md` exactly; fields the format does not define
(`continued_to_prefix`, `refers_to`, `summary`, …) are extras that the scorer ignores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

SCHEMA = "baokan.page/1"

KINDS = ("article", "photo", "teaser", "notice")

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF points from the page's top left


def _boxes(data: Any) -> tuple[Box, ...]:
    return tuple((float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in data or () if len(b) == 4)


def headline_of(kicker: str | None, title: str | None, subtitle: str | None) -> str:
    """An item's headline as one line: kicker, title and subtitle, those it has, space-joined.
    The one place this string is made (the archive indexes it: what is deleted from the index
    must be made the same way)."""
    return " ".join(p for p in (kicker, title, subtitle) if p)


@dataclass(frozen=True, slots=True)
class Edition:
    """Masthead facts, each only when the page prints it."""

    issue_no: int | None = None
    cn: str | None = None
    weekday: str | None = None
    lunar: str | None = None
    page_count: int | None = None
    publisher: str | None = None
    website: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Edition:
        data = data or {}
        return cls(**{f.name: data.get(f.name) for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class Article:
    """One item of a page: an article, a photo, a teaser or a notice."""

    kind: str = "article"
    kicker: str | None = None
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    agency: str | None = None
    authors: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    body: str = ""
    continued_to: int | None = None
    continued_from: int | None = None
    # extras, not in FORMAT.md's core
    continued_to_prefix: str | None = None  # the letter of "下转A3版"
    continued_from_prefix: str | None = None
    refers_to: str | None = None  # a teaser's pointer, e.g. "3" or "2-3"
    summary: tuple[str, ...] = ()  # points of a 核心阅读 / bullet box, also kept in body
    regions: tuple[Box, ...] = ()  # where it is printed, for pages read from a PDF

    @property
    def headline(self) -> str:
        return headline_of(self.kicker, self.title, self.subtitle)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "agency": self.agency,
            "authors": list(self.authors),
            "credits": list(self.credits),
            "body": self.body,
            "continued_to": self.continued_to,
            "continued_from": self.continued_from,
        }
        if self.continued_to_prefix:
            out["continued_to_prefix"] = self.continued_to_prefix
        if self.continued_from_prefix:
            out["continued_from_prefix"] = self.continued_from_prefix
        if self.refers_to:
            out["refers_to"] = self.refers_to
        if self.summary:
            out["summary"] = list(self.summary)
        if self.regions:
            out["regions"] = [[round(v, 1) for v in b] for b in self.regions]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        return cls(
            kind=data.get("kind") or "article",
            kicker=data.get("kicker"),
            title=data.get("title"),
            subtitle=data.get("subtitle"),
            dateline=data.get("dateline"),
            agency=data.get("agency"),
            authors=tuple(data.get("authors") or ()),
            credits=tuple(data.get("credits") or ()),
            body=data.get("body") or "",
            continued_to=data.get("continued_to"),
            continued_from=data.get("continued_from"),
            continued_to_prefix=data.get("continued_to_prefix"),
            continued_from_prefix=data.get("continued_from_prefix"),
            refers_to=data.get("refers_to"),
            summary=tuple(data.get("summary") or ()),
            regions=_boxes(data.get("regions")),
        )


@dataclass(frozen=True, slots=True)
class Page:
    """One newspaper page: masthead facts and its items in reading order."""

    source: str | None = None
    paper: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd
    page: int | None = None
    page_name: str | None = None
    edition: Edition = field(default_factory=Edition)
    articles: tuple[Article, ...] = ()
    text: str = ""  # the restored page text (not part of page/1 JSON unless asked)
    size: tuple[float, float] | None = None  # width, height in PDF points, for pages read from a PDF

    def to_json(self, with_text: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "source": self.source,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "page_name": self.page_name,
            "edition": self.edition.to_json(),
            "articles": [a.to_json() for a in self.articles],
        }
        if self.size:
            out["size"] = [round(self.size[0], 1), round(self.size[1], 1)]
        if with_text:
            out["text"] = self.text
        return out

    def dumps(self, with_text: bool = False) -> str:
        return json.dumps(self.to_json(with_text), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Page:
        return cls(
            source=data.get("source"),
            paper=data.get("paper"),
            date=data.get("date"),
            page=data.get("page"),
            page_name=data.get("page_name"),
            edition=Edition.from_json(data.get("edition")),
            articles=tuple(Article.from_json(a) for a in data.get("articles") or ()),
            text=data.get("text") or "",
            size=(float(data["size"][0]), float(data["size"][1])) if data.get("size") else None,
        )

    def with_source(self, source: str | None) -> Page:
        return replace(self, source=source)
