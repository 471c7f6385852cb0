"""Search the archive: a small query language turned into FTS5, filters, BM25 with headline
matches first, snippets with the hit marked.

    耕地                 a term of any length (one Han character is enough)
    "盐碱地 综合改造"      a phrase: the words in this order, next to each other
    卢东亮 AND 天镇       both (AND is also implied between terms)
    大同 OR 太原          either
    耕地 NOT 盐碱地       the first without the second
    (大同 OR 太原) 海关   parentheses group
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from ..errors import QueryError
from .records import fts_text
from .store import Archive

HEADLINE_WEIGHT = 10.0  # bm25 weight of the headline column against the body's 1.0
MARK_OPEN, MARK_CLOSE = "«", "»"


MAX_QUERY_CHARS = 200  # the longest query searched (a longer one is refused with this limit named)

# what each QueryError says, in English (the command line) and in Chinese (the web reader)
DATE_LABELS = {"from": "起始日期", "to": "截止日期"}


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: int
    paper: str | None
    date: str | None
    page: int | None
    kind: str
    kicker: str | None
    title: str | None
    subtitle: str | None
    snippet: str
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "paper": self.paper,
            "date": self.date,
            "page": self.page,
            "kind": self.kind,
            "kicker": self.kicker,
            "title": self.title,
            "subtitle": self.subtitle,
            "snippet": self.snippet,
            "score": self.score,
        }


_TOKEN = regex.compile(r'\s*(?:(")([^"]*)("?)|(\()|(\))|([^\s()"]+))')
_OPERATORS = {"AND", "OR", "NOT"}  # in any case: `耕地 and 盐碱地` is 耕地 AND 盐碱地 ("and" in quotes is the word)


def _operator(word: str | None) -> str | None:
    """The operator a bare word stands for (AND / OR / NOT, any case), or None."""
    op = (word or "").upper()
    return op if op in _OPERATORS else None


def _phrase(words: str) -> str:
    """An FTS5 phrase for some words, tokenized as the index is: Han characters one token
    each, Latin and digit runs as words, punctuation inside the phrase as a barrier token."""
    tokens = fts_text(words).split()  # exactly as the index tokenizes text
    while tokens and tokens[0] == "¶":
        tokens.pop(0)
    while tokens and tokens[-1] == "¶":
        tokens.pop()
    if not tokens:
        raise QueryError("nothing", words=words)
    return '"' + " ".join(t.replace('"', "") for t in tokens) + '"'


def parse(query: str) -> list[tuple[str, str]]:
    """A user query as (shown, fts) pieces: each term, phrase, operator (implied ANDs
    included) and parenthesis as the reader shows it and as FTS5 reads it. Raise QueryError
    when the query is empty, too long or malformed."""
    if not query or not query.strip():
        raise QueryError("empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError("too_long", limit=MAX_QUERY_CHARS)
    parts: list[tuple[str, str]] = []
    depth = 0
    expect_term = True
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if not m or m.end() == pos:
            if query[pos:].strip():
                raise QueryError("unreadable", near=query[pos : pos + 10])
            break
        pos = m.end()
        if m.group(1):
            if not m.group(3):
                raise QueryError("quote")
            if not expect_term:
                parts.append(("AND", "AND"))
            parts.append((f'"{m.group(2).strip()}"', _phrase(m.group(2))))
            expect_term = False
        elif m.group(4):
            if not expect_term:
                parts.append(("AND", "AND"))
            parts.append(("(", "("))
            depth += 1
            expect_term = True
        elif m.group(5):
            if expect_term or depth == 0:
                raise QueryError("paren")
            parts.append((")", ")"))
            depth -= 1
        else:
            word = m.group(6)
            op = _operator(word)
            if op:
                if expect_term:
                    raise QueryError("operator_first", op=op)
                parts.append((op, op))
                expect_term = True
            else:
                if not expect_term:
                    parts.append(("AND", "AND"))
                parts.append((word, _phrase(word)))
                expect_term = False
    if depth:
        raise QueryError("paren_open")
    if expect_term:
        raise QueryError("operator_last")
    return parts


def to_fts(query: str) -> str:
    """Translate a user query into an FTS5 MATCH expression; raise QueryError when malformed."""
    return " ".join(fts for _, fts in parse(query))


def read_as(query: str) -> str:
    """How a query is read, operators spelled out: `耕地 and 盐碱地` → `耕地 AND 盐碱地`,
    `(大同 or 太原) 海关` → `(大同 OR 太原) AND 海关`. Raises QueryError as `to_fts` does."""
    return " ".join(shown for shown, _ in parse(query)).replace("( ", "(").replace(" )", ")")


def _iso(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as e:
        raise QueryError("date", name=name, label=DATE_LABELS.get(name, name), value=value) from e


def filter_sql(
    *,
    paper: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int | None = None,
    kind: str | None = None,
) -> tuple[list[str], list[Any]]:
    """SQL conditions on the articles table (alias a) for the archive's filters, and their values."""
    where: list[str] = []
    params: list[Any] = []
    for condition, value in (
        ("a.paper = ?", paper or None),
        ("a.date >= ?", _iso(date_from, "from")),
        ("a.date <= ?", _iso(date_to, "to")),
        ("a.page = ?", page),
        ("a.kind = ?", kind or None),
    ):
        if value is not None:
            where.append(condition)
            params.append(value)
    return where, params


def _fetch(archive: Archive, sql: str, params: list[Any], query: str) -> list[tuple]:
    """Rows of a full-text query; FTS5's complaints about the query become a QueryError."""
    try:
        return archive.db.execute(sql, params).fetchall()
    except sqlite3.OperationalError as e:
        raise QueryError("fts", query=query, detail=e) from e


def search(
    archive: Archive,
    query: str,
    *,
    paper: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    marks: tuple[str, str] = (MARK_OPEN, MARK_CLOSE),
) -> list[SearchHit]:
    """Articles matching a query, best first (BM25, headline matches weighted ahead)."""
    match = to_fts(query)
    conditions, values = filter_sql(paper=paper, date_from=date_from, date_to=date_to, page=page, kind=kind)
    where = ["articles_fts MATCH ?", *conditions]
    params: list[Any] = [match, *values]
    ranked = (
        f"SELECT f.rowid, bm25(articles_fts, {HEADLINE_WEIGHT}, 1.0) AS score FROM articles_fts f "
        + ("JOIN articles a ON a.id = f.rowid " if len(where) > 1 else "")  # filters need one join only
        + f"WHERE {' AND '.join(where).replace('articles_fts MATCH', 'f.articles_fts MATCH')} "
        "ORDER BY score LIMIT ? OFFSET ?"
    )
    params.extend([max(1, limit), max(0, offset)])
    top = _fetch(archive, ranked, params, query)
    if not top:
        return []
    scores = dict(top)
    rows = archive.db.execute(
        "SELECT a.id, p.paper, p.date, p.page, a.kind, a.kicker, a.title, a.subtitle, a.body "
        f"FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.id IN ({','.join('?' * len(top))})",
        [r[0] for r in top],
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    terms = query_terms(query)
    hits = []
    for rowid, _ in top:
        r = by_id.get(rowid)
        if r is None:
            continue
        hits.append(
            SearchHit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], snippet(r[8] or "", terms, marks=marks), round(-scores[rowid], 4))
        )
    return hits


@dataclass(frozen=True, slots=True)
class Facets:
    """How many articles match a query (with its filters), in all, by paper and by year."""

    total: int
    by_paper: tuple[tuple[str | None, int], ...]  # most matches first
    by_year: tuple[tuple[str | None, int], ...]  # newest first

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_paper": [{"paper": p, "count": n} for p, n in self.by_paper],
            "by_year": [{"year": y, "count": n} for y, n in self.by_year],
        }


def article_issues(archive: Archive) -> dict[int, tuple[str | None, str | None]]:
    """Every article's (paper, date), read from the (paper, date) index alone: what `facets`
    needs to count a search's matches without visiting each matching article's row."""
    return {i: (p, d) for i, p, d in archive.db.execute("SELECT id, paper, date FROM articles")}


def facets(archive: Archive, query: str, *, issues: Mapping[int, tuple[str | None, str | None]] | None = None,
           **filters: Any) -> Facets:
    """Counts of the articles a search matches: in all, by paper and by year (one SQL pass).
    `filters` are search's: paper, date_from, date_to, page, kind. With `issues` (from
    `article_issues`, for the same archive version), a search filtered by paper and dates at
    most is counted from the full-text index's matches and that map: joining every match to
    its article row costs several times more when a common character matches most articles."""
    if issues is not None and filters.get("page") is None and not filters.get("kind"):
        paper = filters.get("paper") or None
        low, high = _iso(filters.get("date_from"), "from"), _iso(filters.get("date_to"), "to")
        ids = _fetch(archive, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [to_fts(query)], query)
        counted: dict[tuple[str | None, str | None], int] = {}
        for (rowid,) in ids:
            name, date = issues.get(rowid, (None, None))
            if (paper is not None and name != paper) or (low and (date is None or date < low)) or (
                high and (date is None or date > high)
            ):
                continue
            key = (name, date[:4] if date is not None else None)
            counted[key] = counted.get(key, 0) + 1
        rows: list[tuple] = [(name, year, n) for (name, year), n in counted.items()]
    else:
        conditions, values = filter_sql(**filters)
        sql = (
            "SELECT a.paper, substr(a.date, 1, 4), count(*) FROM articles_fts f JOIN articles a ON a.id = f.rowid "
            f"WHERE {' AND '.join(['f.articles_fts MATCH ?', *conditions])} GROUP BY 1, 2"
        )
        rows = _fetch(archive, sql, [to_fts(query), *values], query)
    by_paper: dict[str | None, int] = {}
    by_year: dict[str | None, int] = {}
    for paper_name, year, n in rows:
        by_paper[paper_name] = by_paper.get(paper_name, 0) + n
        by_year[year] = by_year.get(year, 0) + n
    return Facets(
        total=sum(by_paper.values()),
        by_paper=tuple(sorted(by_paper.items(), key=lambda kv: (-kv[1], kv[0] or "\uffff"))),
        by_year=tuple(sorted(by_year.items(), key=lambda kv: kv[0] or "", reverse=True)),
    )


def query_terms(query: str) -> list[str]:
    """The words and phrases a query looks for (operators and NOT-ed terms aside), as printed."""
    terms, negate = [], False
    for m in _TOKEN.finditer(query):
        word = m.group(2) if m.group(1) else m.group(6)
        if not m.group(1) and _operator(word):
            negate = _operator(word) == "NOT"
            continue
        if word and not negate:
            terms.append("".join(regex.findall(r"\p{Han}|[\p{L}\p{N}]+", word)))
        negate = False if word else negate
    return [t for t in terms if t]


def snippet(body: str, terms: list[str], width: int = 48, marks: tuple[str, str] = (MARK_OPEN, MARK_CLOSE)) -> str:
    """A window of the body around the first hit, every hit in it marked «like this»."""
    text = regex.sub(r"\s+", " ", body)
    if not terms:
        return text[:width] + ("…" if len(text) > width else "")
    pattern = regex.compile("|".join(regex.escape(t) for t in sorted(set(terms), key=len, reverse=True)), regex.I)
    m = pattern.search(text)
    if m is None:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, m.start() - width // 3)
    window = pattern.sub(lambda x: f"{marks[0]}{x.group(0)}{marks[1]}", text[start : start + width])
    return ("…" if start > 0 else "") + window + ("…" if start + width < len(text) else "")
