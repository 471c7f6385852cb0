"""The archive: pages and articles in SQLite (WAL, FTS5), stitched into stories.

`Archive(path)` wraps one connection. Writing: `add_page(page, source_path, sha256, ...)`
replaces a page and its articles in one transaction and re-stitches its issue. A page may have
been read from several files (the same bytes in two folders): `page_paths` keeps every path,
`pages.source_path` is one of them (the first), and `shown_path` is the path as readers see it
(under the folder that was ingested, never the server's absolute path). Reading:
`article(id)`, `story(id)`, `stats()`; search and export live in `search.py` / `export.py`.

Chinese full-text search: the FTS5 table indexes every Han character as its own token, so a
query term of any length (党, 耕地, 盐碱地综合改造) becomes a phrase of adjacent characters.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from . import textsim
from .errors import BaokanError
from .model import Article, Box, Page
from .parse.restore import TERMINAL

SCHEMA_VERSION = 6  # 2: contentless index with punctuation barriers; 3: page facts on articles; 4: reprints;
# 5: layout (page size, article regions) and the PDF files pages were read from;
# 6: every path a page was read from (page_paths) and the path shown to readers (shown_path)
MIGRATABLE = ("4", "5")  # older versions this baokan upgrades in place when it opens the archive for writing
BUSY_SECONDS = 60  # a writer waits this long for another writer's batch

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS pages (
    id INTEGER PRIMARY KEY,
    source_path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    paper TEXT,
    date TEXT,
    page INTEGER,
    page_name TEXT,
    edition TEXT NOT NULL DEFAULT '{}',
    placed INTEGER NOT NULL,
    text TEXT NOT NULL,
    width REAL, height REAL,  -- Page.size, in PDF points, for pages read from a PDF
    pdf_sha TEXT,  -- the PDF file (files.sha256) the page was read from
    -- pdf_page: its page in that file, 1-based; shown_path: source_path as readers see it, the path
    -- under the folder that was ingested (no comment after the last column: DROP COLUMN would keep it)
    pdf_page INTEGER,
    shown_path TEXT
);
CREATE INDEX IF NOT EXISTS pages_issue ON pages (paper, date, page);
CREATE INDEX IF NOT EXISTS pages_pdf ON pages (pdf_sha);
CREATE INDEX IF NOT EXISTS pages_sha ON pages (sha256);
CREATE TABLE IF NOT EXISTS page_paths (
    path TEXT PRIMARY KEY,  -- a file (FILE#pN for a page of a PDF) the page was read from, absolute
    page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    shown_path TEXT  -- the same path as readers see it
);
CREATE INDEX IF NOT EXISTS page_paths_page ON page_paths (page_id);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,  -- of data: each distinct file once, however many pages it has
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    paper TEXT, date TEXT, page INTEGER,  -- the page's, copied so search filters need no join
    kind TEXT NOT NULL,
    kicker TEXT, title TEXT, subtitle TEXT,
    dateline TEXT, agency TEXT,
    authors TEXT NOT NULL DEFAULT '[]',
    credits TEXT NOT NULL DEFAULT '[]',
    body TEXT NOT NULL,
    continued_to INTEGER, continued_from INTEGER,
    continued_to_prefix TEXT, continued_from_prefix TEXT,
    refers_to TEXT,
    summary TEXT NOT NULL DEFAULT '[]',
    regions TEXT NOT NULL DEFAULT '[]',  -- Article.regions: [[x0, y0, x1, y1], ...] in PDF points
    UNIQUE (page_id, seq)
);
CREATE INDEX IF NOT EXISTS articles_page ON articles (page_id);
CREATE INDEX IF NOT EXISTS articles_issue ON articles (paper, date);
CREATE TABLE IF NOT EXISTS links (
    from_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    to_id INTEGER NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS reuse_prints (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    hashes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS reuse_pairs (
    a_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    b_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    same_paper INTEGER NOT NULL,
    chars INTEGER NOT NULL,
    identity REAL NOT NULL,
    passages TEXT NOT NULL,
    PRIMARY KEY (a_id, b_id)
);
CREATE INDEX IF NOT EXISTS reuse_pairs_b ON reuse_pairs (b_id);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5 (
    headline, body, content = '', tokenize = 'unicode61 remove_diacritics 0 tokenchars ''¶'''
);
"""

# schema 4 → 5: columns added in place (ALTER TABLE keeps every row), then the new table and index
MIGRATE_5 = (
    "ALTER TABLE pages ADD COLUMN width REAL",
    "ALTER TABLE pages ADD COLUMN height REAL",
    "ALTER TABLE pages ADD COLUMN pdf_sha TEXT",
    "ALTER TABLE pages ADD COLUMN pdf_page INTEGER",
    "ALTER TABLE articles ADD COLUMN regions TEXT NOT NULL DEFAULT '[]'",
    "CREATE TABLE IF NOT EXISTS files (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)",
    "CREATE INDEX IF NOT EXISTS pages_pdf ON pages (pdf_sha)",
)

# schema 5 → 6: the column and the table added in place; each page's one path becomes its first row
MIGRATE_6 = (
    "ALTER TABLE pages ADD COLUMN shown_path TEXT",
    "CREATE TABLE IF NOT EXISTS page_paths (path TEXT PRIMARY KEY, "
    "page_id INTEGER NOT NULL REFERENCES pages (id) ON DELETE CASCADE, shown_path TEXT)",
    "CREATE INDEX IF NOT EXISTS page_paths_page ON page_paths (page_id)",
    "CREATE INDEX IF NOT EXISTS pages_sha ON pages (sha256)",
    "INSERT OR IGNORE INTO page_paths (path, page_id, shown_path) SELECT source_path, id, shown_path FROM pages",
)
# the columns each migration adds to a table, so that one already there is not added twice
_ADDED = {
    "pages": (("width", "REAL"), ("height", "REAL"), ("pdf_sha", "TEXT"), ("pdf_page", "INTEGER"),
              ("shown_path", "TEXT")),
    "articles": (("regions", "TEXT NOT NULL DEFAULT '[]'"),),
}

_HAN = regex.compile(r"(\p{Han})")
_BREAK = regex.compile(r"[^\p{Han}\p{L}\p{N}\s]+")  # punctuation: a barrier token (¶) phrases cannot cross


class ArchiveError(BaokanError):
    """The archive file cannot be opened or is not a baokan archive."""


def name_of(path: str) -> str:
    """A stored path's last part (FILE#pN keeps its #pN): what is shown of a path stored
    before the shown path was kept."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def fts_text(text: str | None) -> str:
    """Text as the index sees it: every Han character a token of its own, punctuation a
    barrier token (¶) so that a term never matches across a sentence break."""
    return _HAN.sub(r" \1 ", _BREAK.sub(" ¶ ", text or ""))


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
        out = ""
        for part in self.parts:
            body = part.article.body
            if out and out[-1] not in TERMINAL:
                out += body
            else:
                out = f"{out}\n{body}" if out else body
        return out


_ARTICLE_COLUMNS = (
    "a.id, a.page_id, a.seq, a.kind, a.kicker, a.title, a.subtitle, a.dateline, a.agency, a.authors, "
    "a.credits, a.body, a.continued_to, a.continued_from, a.continued_to_prefix, a.continued_from_prefix, "
    "a.refers_to, a.summary, p.paper, p.date, p.page, p.page_name, p.source_path, "
    "(SELECT from_id FROM links WHERE to_id = a.id), (SELECT to_id FROM links WHERE from_id = a.id), "
    "a.regions, p.width, p.height, p.shown_path"
)
ARTICLE_SELECT = f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN pages p ON p.id = a.page_id"


def row_to_stored(row: tuple) -> StoredArticle:
    art = Article(
        kind=row[3],
        kicker=row[4],
        title=row[5],
        subtitle=row[6],
        dateline=row[7],
        agency=row[8],
        authors=tuple(json.loads(row[9])),
        credits=tuple(json.loads(row[10])),
        body=row[11],
        continued_to=row[12],
        continued_from=row[13],
        continued_to_prefix=row[14],
        continued_from_prefix=row[15],
        refers_to=row[16],
        summary=tuple(json.loads(row[17])),
        regions=_boxes(row[25]),
    )
    size = (float(row[26]), float(row[27])) if row[26] and row[27] else None
    return StoredArticle(
        row[0], art, row[1], row[2], row[18], row[19], row[20], row[21], row[22], row[23], row[24], size,
        row[28] or name_of(row[22]),
    )


def _boxes(value: str | None) -> tuple[Box, ...]:
    """Stored regions back as boxes (an unreadable value as none: the text still reads)."""
    try:
        data = json.loads(value or "[]")
        return tuple((float(b[0]), float(b[1]), float(b[2]), float(b[3])) for b in data if len(b) == 4)
    except (ValueError, TypeError):
        return ()


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


_PAGE_SELECT = (
    "SELECT id, paper, date, page, page_name, source_path, placed, edition, "
    "(SELECT count(*) FROM articles a WHERE a.page_id = pages.id), width, height, pdf_sha, pdf_page, shown_path "
    "FROM pages"
)


def _page_row(row: tuple) -> PageRow:
    return PageRow(*row[:13], shown_path=row[13] or name_of(row[5]))


class Archive:
    """One SQLite archive file (or ':memory:'). Readers may search while a writer ingests."""

    def __init__(self, path: str | Path = "baokan.sqlite", readonly: bool = False) -> None:
        self.path = str(path)
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise ArchiveError("no such archive", self.path)
                self.db = sqlite3.connect(
                    f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, timeout=BUSY_SECONDS
                )
            else:
                self.db = sqlite3.connect(self.path, check_same_thread=False, timeout=BUSY_SECONDS)
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                if not self._has_schema():  # only a new archive takes the write lock here
                    self.db.executescript(SCHEMA)
                    self.db.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
                    self.db.commit()
            self.db.execute("PRAGMA foreign_keys=ON")
            version = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            self.db.execute("SELECT count(*) FROM pages").fetchone()
            if version is not None and version[0] in MIGRATABLE:
                version = self._upgrade(version[0], readonly)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"not a baokan archive ({e})", self.path) from e
        if version is None or version[0] != str(SCHEMA_VERSION):
            found = version[0] if version else "none"
            self.db.close()
            raise ArchiveError(
                f"archive schema {found}, this baokan reads schema {SCHEMA_VERSION}: ingest into a new file", self.path
            )

    def _upgrade(self, found: str, readonly: bool) -> tuple[str]:
        """Bring a schema-4 or -5 archive up to date: in place when writing (one transaction,
        every row kept); when only reading, through temporary views that add the new columns as
        empty, so that an archive written by an older baokan can still be read (its pages have
        no layout, and show the file name of their path)."""
        db = self.db
        if readonly:
            for table, added in _ADDED.items():
                have = self._columns(table)
                extra = "".join(
                    f", {'NULL' if 'DEFAULT' not in kind else kind.rsplit('DEFAULT', 1)[1].strip()} AS {name}"
                    for name, kind in added
                    if name not in have
                )
                if extra:
                    db.execute(f"CREATE TEMP VIEW {table} AS SELECT *{extra} FROM main.{table}")
            if not self._has_table("files"):
                db.execute("CREATE TEMP TABLE files (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
            if not self._has_table("page_paths"):
                db.execute(
                    "CREATE TEMP VIEW page_paths AS SELECT source_path AS path, id AS page_id, "
                    "NULL AS shown_path FROM main.pages"
                )
            return (str(SCHEMA_VERSION),)
        with db:  # all or nothing: a failed upgrade leaves the archive at its old version
            db.execute("BEGIN IMMEDIATE")
            now = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if now is not None and now[0] == found:  # not upgraded meanwhile by another process
                for table, added in _ADDED.items():  # the columns first, each once
                    have = self._columns(table)
                    for name, kind in added:
                        if name not in have:
                            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
                for sql in MIGRATE_5 + MIGRATE_6:
                    if not sql.startswith("ALTER TABLE"):
                        db.execute(sql)
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        return (str(SCHEMA_VERSION),)

    def _columns(self, table: str) -> set[str]:
        return {r[1] for r in self.db.execute(f"PRAGMA main.table_info({table})")}

    def _has_table(self, name: str) -> bool:
        return self.db.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone() is not None

    def _has_schema(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone() is not None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writing

    def page_sha(self, source_path: str) -> str | None:
        """The sha256 of the page read from this path (any path it was read from)."""
        row = self.db.execute(
            "SELECT p.sha256 FROM page_paths pp JOIN pages p ON p.id = pp.page_id WHERE pp.path = ?", (source_path,)
        ).fetchone()
        return row[0] if row else None

    def page_id_of(self, source_path: str) -> int | None:
        """The page read from this path, if any."""
        row = self.db.execute("SELECT page_id FROM page_paths WHERE path = ?", (source_path,)).fetchone()
        return row[0] if row else None

    def same_page(
        self, sha256: str, pdf_page: int | None, paper: str | None, date: str | None, page: int | None
    ) -> int | None:
        """A stored page with this content (file hash, and page number in a PDF) and the same
        paper, date and page number (each possibly unknown), if any."""
        row = self.db.execute(
            "SELECT id FROM pages WHERE sha256 = ? AND pdf_page IS ? AND paper IS ? AND date IS ? AND page IS ? "
            "ORDER BY id LIMIT 1",
            (sha256, pdf_page, paper, date, page),
        ).fetchone()
        return row[0] if row else None

    def pages_at(self, paper: str, date: str, page: int) -> list[tuple[int, str]]:
        """The stored pages placed at one paper, date and page number: (id, shown path)."""
        rows = self.db.execute(
            "SELECT id, coalesce(shown_path, source_path) FROM pages WHERE paper = ? AND date = ? AND page = ? "
            "ORDER BY id",
            (paper, date, page),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def page_paths(self, page_id: int) -> list[str]:
        """Every path a page was read from, in order."""
        rows = self.db.execute("SELECT path FROM page_paths WHERE page_id = ? ORDER BY path", (page_id,))
        return [r[0] for r in rows]

    def add_path(self, page_id: int, path: str, shown_path: str | None = None) -> set[tuple[str, str]]:
        """Record that a stored page was also read from `path` (the same bytes elsewhere). A page
        read from that path before leaves it, and the archive when it has no other path; return
        the issues that lost a page, to stitch."""
        shown = shown_path or name_of(path)
        if self.page_id_of(path) == page_id:
            self.db.execute("UPDATE page_paths SET shown_path = ? WHERE path = ?", (shown, path))
            return set()
        touched = self.detach_path(path)
        self.db.execute(
            "INSERT INTO page_paths (path, page_id, shown_path) VALUES (?, ?, ?)", (path, page_id, shown)
        )
        return touched

    def detach_path(self, path: str) -> set[tuple[str, str]]:
        """Forget that a page was read from `path`; a page left with no path leaves the archive
        (its articles, and its PDF file when no other page needs it). Return the issues that
        lost a page, to stitch."""
        row = self.db.execute(
            "SELECT p.id, p.paper, p.date, p.pdf_sha, p.source_path FROM page_paths pp "
            "JOIN pages p ON p.id = pp.page_id WHERE pp.path = ?",
            (path,),
        ).fetchone()
        if row is None:
            return set()
        page_id, paper, date, pdf_sha, primary = row
        self.db.execute("DELETE FROM page_paths WHERE path = ?", (path,))
        other = self.db.execute(
            "SELECT path, shown_path FROM page_paths WHERE page_id = ? ORDER BY path LIMIT 1", (page_id,)
        ).fetchone()
        if other is not None:
            if primary == path:  # the page is now known by another of its paths
                self.db.execute(
                    "UPDATE pages SET source_path = ?, shown_path = ? WHERE id = ?", (other[0], other[1], page_id)
                )
            return set()
        self._delete_page(page_id)
        if pdf_sha is not None:
            self._drop_unused_file(pdf_sha)
        return {(paper, date)} if paper and date else set()

    def remove_page(self, page_id: int) -> set[tuple[str, str]]:
        """Remove a stored page with every path it was read from; return its issue, to stitch."""
        row = self.db.execute("SELECT paper, date, pdf_sha FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            return set()
        self._delete_page(page_id)
        if row[2] is not None:
            self._drop_unused_file(row[2])
        return {(row[0], row[1])} if row[0] and row[1] else set()

    def add_page(
        self,
        page: Page,
        source_path: str,
        sha256: str,
        commit: bool = True,
        stitch: bool = True,
        *,
        pdf: bytes | None = None,
        pdf_page: int | None = None,
        shown_path: str | None = None,
    ) -> set[tuple[str, str]]:
        """Store a parsed page (replacing an older version from the same path) and stitch its
        issue; return the issues (paper, date) it touched, for a caller that stitches later.
        An older version also read from other paths stays, known by those.

        `pdf` is the file the page was read from and `pdf_page` its page there (1-based): the
        archive keeps its own copy, once per distinct file, to show the page as printed.
        `shown_path` is the path as readers see it (default: the file name)."""
        db = self.db
        pdf_sha = None
        if pdf is not None:
            pdf_sha = self._store_file(pdf)
            pdf_page = pdf_page or 1
        else:
            pdf_page = None
        shown_path = shown_path or name_of(source_path)
        old = db.execute(
            "SELECT p.id, p.paper, p.date, p.pdf_sha FROM page_paths pp JOIN pages p ON p.id = pp.page_id "
            "WHERE pp.path = ?",
            (source_path,),
        ).fetchone()
        if old is not None:
            if db.execute("SELECT count(*) FROM page_paths WHERE page_id = ?", (old[0],)).fetchone()[0] > 1:
                self.detach_path(source_path)  # the old version stays, read from its other paths
                old = None
            else:
                self._delete_page(old[0])
        placed = int(bool(page.paper and page.date))
        width, height = page.size if page.size else (None, None)
        cur = db.execute(
            "INSERT INTO pages (source_path, sha256, paper, date, page, page_name, edition, placed, text, "
            "width, height, pdf_sha, pdf_page, shown_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source_path,
                sha256,
                page.paper,
                page.date,
                page.page,
                page.page_name,
                json.dumps(page.edition.to_json(), ensure_ascii=False),
                placed,
                page.text,
                width,
                height,
                pdf_sha,
                pdf_page,
                shown_path,
            ),
        )
        page_id = int(cur.lastrowid or 0)
        db.execute(
            "INSERT INTO page_paths (path, page_id, shown_path) VALUES (?, ?, ?)", (source_path, page_id, shown_path)
        )
        if old is not None and old[3] is not None and old[3] != pdf_sha:
            self._drop_unused_file(old[3])
        for seq, a in enumerate(page.articles, 1):
            cur = db.execute(
                "INSERT INTO articles (page_id, seq, paper, date, page, kind, kicker, title, subtitle, dateline, "
                "agency, authors, credits, body, continued_to, continued_from, continued_to_prefix, "
                "continued_from_prefix, refers_to, summary, regions) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    page_id,
                    seq,
                    page.paper,
                    page.date,
                    page.page,
                    a.kind,
                    a.kicker,
                    a.title,
                    a.subtitle,
                    a.dateline,
                    a.agency,
                    json.dumps(list(a.authors), ensure_ascii=False),
                    json.dumps(list(a.credits), ensure_ascii=False),
                    a.body,
                    a.continued_to,
                    a.continued_from,
                    a.continued_to_prefix,
                    a.continued_from_prefix,
                    a.refers_to,
                    json.dumps(list(a.summary), ensure_ascii=False),
                    json.dumps([list(b) for b in a.regions]),
                ),
            )
            db.execute(
                "INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)",
                (cur.lastrowid, fts_text(a.headline), fts_text(a.body)),
            )
        issues = {(p, d) for p, d in ((page.paper, page.date), (old[1], old[2]) if old else (None, None)) if p and d}
        if stitch:
            for paper, date in issues:
                self.stitch_issue(paper, date)
        if commit:
            db.commit()
        return issues

    def page_keys(self, path: str) -> list[str]:
        """The stored pages read from one file: the file itself, or its pages FILE#pN."""
        like = path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "#p%"
        rows = self.db.execute(
            "SELECT path FROM page_paths WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY path", (path, like)
        ).fetchall()
        return [r[0] for r in rows]

    def delete_page(self, source_path: str, commit: bool = True) -> bool:
        """Remove the page read from a path (with every other path it was read from), its
        articles and (when no other page needs it) its PDF file; stitch its issue again. False if
        there is no such page."""
        page_id = self.page_id_of(source_path)
        if page_id is None:
            return False
        for paper, date in self.remove_page(page_id):
            self.stitch_issue(paper, date)
        if commit:
            self.db.commit()
        return True

    def _store_file(self, data: bytes) -> str:
        """Keep a copy of a file (once per content); return its sha256. The pages of one PDF
        share one bytes object, hashed once."""
        memo = getattr(self, "_file_memo", None)
        if memo is not None and memo[0] is data:
            sha = memo[1]
        else:
            sha = hashlib.sha256(data).hexdigest()
            self._file_memo = (data, sha)
        if self.db.execute("SELECT 1 FROM files WHERE sha256 = ?", (sha,)).fetchone() is None:
            self.db.execute("INSERT INTO files (sha256, data) VALUES (?, ?)", (sha, data))
        return sha

    def _drop_unused_file(self, sha: str) -> None:
        self.db.execute(
            "DELETE FROM files WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM pages WHERE pdf_sha = ?)", (sha, sha)
        )

    def file_data(self, sha: str) -> bytes | None:
        """The archive's copy of a file, by its sha256."""
        row = self.db.execute("SELECT data FROM files WHERE sha256 = ?", (sha,)).fetchone()
        return bytes(row[0]) if row else None

    def _delete_page(self, page_id: int) -> None:
        rows = self.db.execute(
            "SELECT id, kicker, title, subtitle, body FROM articles WHERE page_id = ?", (page_id,)
        ).fetchall()
        ids = [r[0] for r in rows]
        # the index keeps no text (contentless): a row is removed by giving back what was indexed
        self.db.executemany(
            "INSERT INTO articles_fts (articles_fts, rowid, headline, body) VALUES ('delete', ?, ?, ?)",
            (
                (r[0], fts_text(" ".join(x for x in (r[1], r[2], r[3]) if x)), fts_text(r[4]))
                for r in rows
            ),
        )
        self.db.executemany("DELETE FROM links WHERE from_id = ? OR to_id = ?", ((i, i) for i in ids))
        self.db.executemany("DELETE FROM reuse_prints WHERE article_id = ?", ((i,) for i in ids))
        self.db.executemany("DELETE FROM reuse_pairs WHERE a_id = ? OR b_id = ?", ((i, i) for i in ids))
        self.db.execute("DELETE FROM articles WHERE page_id = ?", (page_id,))
        self.db.execute("DELETE FROM page_paths WHERE page_id = ?", (page_id,))
        self.db.execute("DELETE FROM pages WHERE id = ?", (page_id,))

    def commit(self) -> None:
        self.db.commit()

    # ------------------------------------------------------------ stitching

    def stitch_issue(self, paper: str, date: str) -> int:
        """Link continued parts within one issue (paper + date); return how many links."""
        rows = self.db.execute(
            "SELECT a.id, p.page, a.continued_to, a.continued_from, a.continued_to_prefix, "
            "a.continued_from_prefix, a.title, a.kicker, a.body FROM articles a JOIN pages p ON p.id = a.page_id "
            "WHERE p.paper = ? AND p.date = ? AND (a.continued_to IS NOT NULL OR a.continued_from IS NOT NULL)",
            (paper, date),
        ).fetchall()
        ids = [r[0] for r in rows]
        self.db.executemany("DELETE FROM links WHERE from_id = ? OR to_id = ?", ((i, i) for i in ids))
        heads = [Part(*r) for r in rows if r[2] is not None]
        tails = [Part(*r) for r in rows if r[3] is not None]
        pairs = choose_links(heads, tails)
        self.db.executemany("INSERT INTO links (from_id, to_id) VALUES (?, ?)", pairs)
        return len(pairs)

    # ------------------------------------------------------------ reading

    def article(self, article_id: int) -> StoredArticle | None:
        row = self.db.execute(f"{ARTICLE_SELECT} WHERE a.id = ?", (article_id,)).fetchone()
        return row_to_stored(row) if row else None

    def story(self, article_id: int) -> Story | None:
        """The whole story an article belongs to, its parts in order."""
        first = self.article(article_id)
        if first is None:
            return None
        seen = {first.id}
        head = first
        while head.prev_id is not None and head.prev_id not in seen:
            prev = self.article(head.prev_id)
            if prev is None:
                break
            seen.add(prev.id)
            head = prev
        parts = [head]
        while parts[-1].next_id is not None and parts[-1].next_id not in {p.id for p in parts}:
            nxt = self.article(parts[-1].next_id)
            if nxt is None:
                break
            parts.append(nxt)
        return Story(tuple(parts))

    def stats(self) -> dict[str, Any]:
        q = self.db.execute
        return {
            "pages": q("SELECT count(*) FROM pages").fetchone()[0],
            "unplaced_pages": q("SELECT count(*) FROM pages WHERE placed = 0").fetchone()[0],
            "articles": q("SELECT count(*) FROM articles").fetchone()[0],
            "by_kind": dict(q("SELECT kind, count(*) FROM articles GROUP BY kind ORDER BY kind").fetchall()),
            "papers": q("SELECT count(DISTINCT paper) FROM pages WHERE paper IS NOT NULL").fetchone()[0],
            "issues": q("SELECT count(*) FROM (SELECT DISTINCT paper, date FROM pages WHERE placed = 1)").fetchone()[0],
            "stories": q("SELECT count(*) FROM links").fetchone()[0],
            "pdf_files": q("SELECT count(*) FROM files").fetchone()[0],
            "first_date": q("SELECT min(date) FROM pages").fetchone()[0],
            "last_date": q("SELECT max(date) FROM pages").fetchone()[0],
        }

    def search(self, query: str, **filters: Any) -> list[Any]:
        """Search articles (see `baokan.search.search` for the query language and filters)."""
        from .search import search

        return search(self, query, **filters)

    def export(self, fmt: str, out: str | Path, **filters: Any) -> int:
        """Write articles as jsonl / csv / parquet (see `baokan.export.export`)."""
        from .export import export

        return export(self, fmt, Path(out), **filters)

    def ingest(self, paths: list[str | Path], **options: Any) -> Any:
        """Parse and store page files (see `baokan.ingest.ingest`)."""
        from .ingest import ingest

        return ingest(self, [Path(p) for p in paths], **options)

    # ------------------------------------------------------------ browsing (the web reader)

    def papers(self) -> list[PaperSummary]:
        """Every paper in the archive with its date range and counts, most articles first."""
        rows = self.db.execute(
            "SELECT p.paper, min(p.date), max(p.date), count(DISTINCT p.date), count(*), "
            "(SELECT count(*) FROM articles a WHERE a.paper = p.paper) "
            "FROM pages p WHERE p.paper IS NOT NULL GROUP BY p.paper"
        ).fetchall()
        return sorted((PaperSummary(*r) for r in rows), key=lambda s: (-s.articles, s.paper))

    def issues(self, paper: str) -> list[tuple[str, int]]:
        """The dates a paper was printed on (newest first) and how many pages each issue has."""
        return self.db.execute(
            "SELECT date, count(*) FROM pages WHERE paper = ? AND date IS NOT NULL GROUP BY date ORDER BY date DESC",
            (paper,),
        ).fetchall()

    def issue_pages(self, paper: str, date: str) -> list[PageRow]:
        """The pages of one issue in page order."""
        rows = self.db.execute(f"{_PAGE_SELECT} WHERE paper = ? AND date = ? ORDER BY page, id", (paper, date))
        return [_page_row(r) for r in rows]

    def adjacent_issues(self, paper: str, date: str) -> tuple[str | None, str | None]:
        """The dates of the paper's issues just before and just after `date`."""
        prev = self.db.execute("SELECT max(date) FROM pages WHERE paper = ? AND date < ?", (paper, date)).fetchone()
        nxt = self.db.execute("SELECT min(date) FROM pages WHERE paper = ? AND date > ?", (paper, date)).fetchone()
        return prev[0], nxt[0]

    def page_row(self, page_id: int) -> PageRow | None:
        row = self.db.execute(f"{_PAGE_SELECT} WHERE id = ?", (page_id,)).fetchone()
        return _page_row(row) if row else None

    def page_text(self, page_id: int) -> str:
        row = self.db.execute("SELECT text FROM pages WHERE id = ?", (page_id,)).fetchone()
        return row[0] if row else ""

    def page_articles(self, page_id: int) -> list[StoredArticle]:
        """A page's items in reading order."""
        cur = self.db.execute(f"{ARTICLE_SELECT} WHERE a.page_id = ? ORDER BY a.seq", (page_id,))
        return [row_to_stored(r) for r in cur.fetchall()]

    def unplaced_pages(self, limit: int = 100) -> list[PageRow]:
        """Pages whose paper or date is unknown, in ingest order."""
        rows = self.db.execute(f"{_PAGE_SELECT} WHERE placed = 0 ORDER BY id LIMIT ?", (limit,))
        return [_page_row(r) for r in rows]

    def iter_articles(self, where: str = "", params: Iterable[Any] = ()) -> Iterator[StoredArticle]:
        """Every article matching an SQL condition, streamed in id order."""
        cur = self.db.execute(f"{ARTICLE_SELECT} {where} ORDER BY a.id", tuple(params))
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                return
            for row in rows:
                yield row_to_stored(row)


@dataclass(frozen=True, slots=True)
class Part:
    """A continued part as stitching sees it."""

    id: int
    page: int | None
    continued_to: int | None
    continued_from: int | None
    to_prefix: str | None
    from_prefix: str | None
    title: str | None
    kicker: str | None
    body: str


def _pair_score(head: Part, tail: Part) -> float:
    """How well `tail` continues `head`: the sentence cut at the jump, and shared words."""
    score = 0.0
    if head.body and head.body[-1] not in TERMINAL:
        score += 0.5 if tail.body[:1] not in "“（《" else 0.3
    lead = "".join(x for x in (head.kicker, head.title) if x) + head.body[:300]
    score += textsim.containment(tail.body[:400], lead + head.body[-400:])
    if tail.title and head.title:
        score += textsim.containment(tail.title, head.title)
    return score


def choose_links(heads: list[Part], tails: list[Part]) -> list[tuple[int, int]]:
    """Pair parts that say 下转第N版 with parts on page N that say 上接 their page; where
    several could match, the best continuity wins, each part used once."""
    candidates = []
    for h in heads:
        for t in tails:
            if t.id == h.id or t.page is None or h.page is None:
                continue
            if h.continued_to != t.page or t.continued_from != h.page:
                continue
            if (h.to_prefix or None) != (t.from_prefix or None) and h.to_prefix and t.from_prefix:
                continue
            candidates.append((_pair_score(h, t), h.id, t.id))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_h: set[int] = set()
    used_t: set[int] = set()
    links = []
    for _, h, t in candidates:
        if h in used_h or t in used_t:
            continue
        used_h.add(h)
        used_t.add(t)
        links.append((h, t))
    return sorted(links)


# ---------------------------------------------------------------- reprints (reuse.py)


def _pack(hashes: Iterable[int]) -> bytes:
    import array

    return array.array("q", sorted(hashes)).tobytes()


def _unpack(blob: bytes) -> set[int]:
    import array

    a = array.array("q")
    a.frombytes(blob)
    return set(a)


def reuse_new_articles(archive: Archive, min_chars: int) -> list[tuple[int, str]]:
    """Articles long enough to compare that have no fingerprints yet: (id, body)."""
    return archive.db.execute(
        "SELECT a.id, a.body FROM articles a LEFT JOIN reuse_prints r ON r.article_id = a.id "
        "WHERE r.article_id IS NULL AND length(a.body) >= ? ORDER BY a.id",
        (min_chars,),
    ).fetchall()


def reuse_save_prints(archive: Archive, rows: Iterable[tuple[int, set[int]]]) -> None:
    archive.db.executemany(
        "INSERT OR REPLACE INTO reuse_prints (article_id, hashes) VALUES (?, ?)", ((i, _pack(h)) for i, h in rows)
    )


def reuse_load_prints(archive: Archive) -> dict[int, set[int]]:
    return {i: _unpack(b) for i, b in archive.db.execute("SELECT article_id, hashes FROM reuse_prints")}


def article_body(archive: Archive, article_id: int) -> str | None:
    row = archive.db.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def reuse_pair_sizes(archive: Archive) -> dict[int, int]:
    """The body length of every article in a reprint pair."""
    return dict(
        archive.db.execute(
            "SELECT id, length(body) FROM articles WHERE id IN (SELECT a_id FROM reuse_pairs UNION SELECT b_id FROM reuse_pairs)"
        )
    )


def reuse_known_pairs(archive: Archive) -> set[tuple[int, int]]:
    return set(archive.db.execute("SELECT a_id, b_id FROM reuse_pairs").fetchall())


def reuse_save_pair(
    archive: Archive, a_id: int, b_id: int, same_paper: bool, chars: int, identity: float, passages: str
) -> None:
    archive.db.execute(
        "INSERT OR REPLACE INTO reuse_pairs (a_id, b_id, same_paper, chars, identity, passages) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (a_id, b_id, int(same_paper), chars, identity, passages),
    )


def reuse_pairs(archive: Archive, across_papers_only: bool = False) -> list[tuple[int, int, int, int, float, str]]:
    where = " WHERE same_paper = 0" if across_papers_only else ""
    return archive.db.execute(
        f"SELECT a_id, b_id, same_paper, chars, identity, passages FROM reuse_pairs{where} ORDER BY a_id, b_id"
    ).fetchall()


def reuse_pair_chars(archive: Archive, across_papers_only: bool = False) -> dict[tuple[int, int], int]:
    """Every reprint pair (a < b) and the length of the text it aligns."""
    where = " WHERE same_paper = 0" if across_papers_only else ""
    return {(a, b): c for a, b, c in archive.db.execute(f"SELECT a_id, b_id, chars FROM reuse_pairs{where}")}


def reuse_pairs_of(archive: Archive, article_id: int) -> list[tuple[int, int, int, int, float, str]]:
    """The reprint pairs one article is in."""
    return archive.db.execute(
        "SELECT a_id, b_id, same_paper, chars, identity, passages FROM reuse_pairs WHERE a_id = ? OR b_id = ? "
        "ORDER BY chars DESC",
        (article_id, article_id),
    ).fetchall()


def reuse_reset(archive: Archive) -> None:
    archive.db.execute("DELETE FROM reuse_pairs")
    archive.db.execute("DELETE FROM reuse_prints")


def meta_get(archive: Archive, key: str) -> str | None:
    row = archive.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def meta_set(archive: Archive, key: str, value: str) -> None:
    archive.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
