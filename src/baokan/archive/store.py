"""The archive: pages and articles in SQLite (WAL, FTS5), stitched into stories.

`Archive(path)` wraps one connection. Writing: `add_page(page, source_path, sha256, ...)`
replaces a page and its articles in one transaction and re-stitches its issue. A page may have
been read from several files (the same bytes in two folders): `page_paths` keeps every path,
`pages.source_path` is one of them (the first), and `shown_path` is the path as readers see it
(under the folder that was ingested, never the server's absolute path). Reading:
`article(id)`, `story(id)`, `stats()`, and what the web reader browses. The tables are in
`schema.py`, the records and columns in `records.py`, stitching in `stitch.py`; ingesting,
searching and exporting are functions over an Archive (`ingest.py`, `search.py`, `export.py`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ArchiveError
from ..model import Article, Page
from . import schema
from .records import (
    ARTICLE_FIELDS,
    ARTICLE_SELECT,
    PAGE_SELECT,
    PageRow,
    PaperSummary,
    StoredArticle,
    Story,
    article_row,
    fts_values,
    name_of,
    page_row,
    row_to_stored,
)
from .schema import SCHEMA_VERSION
from .stitch import stitch_issue

BUSY_SECONDS = 60  # a writer waits this long for another writer's batch

_ARTICLE_INSERT = (
    f"INSERT INTO articles (page_id, seq, paper, date, page, {', '.join(ARTICLE_FIELDS)}) "
    f"VALUES ({', '.join('?' * (5 + len(ARTICLE_FIELDS)))})"
)


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
                if not schema.has_schema(self.db):  # only a new archive takes the write lock here
                    schema.create(self.db)
            self.db.execute("PRAGMA foreign_keys=ON")
            version = schema.version(self.db)
            self.db.execute("SELECT count(*) FROM pages").fetchone()
            if version in schema.MIGRATABLE:
                version = schema.upgrade(self.db, version, readonly)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"not a baokan archive ({e})", self.path) from e
        if version != str(SCHEMA_VERSION):
            self.db.close()
            raise ArchiveError(
                f"archive schema {version or 'none'}, this baokan reads schema {SCHEMA_VERSION}: ingest into a new file",
                self.path,
            )

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
        pdf_sha = self._store_file(pdf) if pdf is not None else None
        pdf_page = (pdf_page or 1) if pdf is not None else None
        shown_path = shown_path or name_of(source_path)
        old = self._release_path(source_path)
        page_id = self._insert_page(page, source_path, sha256, pdf_sha, pdf_page, shown_path)
        if old is not None and old[3] is not None and old[3] != pdf_sha:
            self._drop_unused_file(old[3])
        self._insert_articles(page_id, page)
        issues = {(p, d) for p, d in ((page.paper, page.date), (old[1], old[2]) if old else (None, None)) if p and d}
        if stitch:
            for paper, date in issues:
                self.stitch_issue(paper, date)
        if commit:
            self.db.commit()
        return issues

    def _release_path(self, source_path: str) -> tuple[int, str | None, str | None, str | None] | None:
        """Make way for a new version of the page read from `source_path`: an older version read
        from this path alone is deleted and returned (id, paper, date, pdf_sha); one also read
        from other paths stays, known by those (None)."""
        old = self.db.execute(
            "SELECT p.id, p.paper, p.date, p.pdf_sha FROM page_paths pp JOIN pages p ON p.id = pp.page_id "
            "WHERE pp.path = ?",
            (source_path,),
        ).fetchone()
        if old is None:
            return None
        if self.db.execute("SELECT count(*) FROM page_paths WHERE page_id = ?", (old[0],)).fetchone()[0] > 1:
            self.detach_path(source_path)  # the old version stays, read from its other paths
            return None
        self._delete_page(old[0])
        return old

    def _insert_page(
        self, page: Page, source_path: str, sha256: str, pdf_sha: str | None, pdf_page: int | None, shown_path: str
    ) -> int:
        """The page's row and its first path; return its id."""
        width, height = page.size if page.size else (None, None)
        cur = self.db.execute(
            "INSERT INTO pages (source_path, sha256, paper, date, page, page_name, edition, placed, text, "
            "width, height, pdf_sha, pdf_page, shown_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                source_path, sha256, page.paper, page.date, page.page, page.page_name,
                json.dumps(page.edition.to_json(), ensure_ascii=False), int(bool(page.paper and page.date)),
                page.text, width, height, pdf_sha, pdf_page, shown_path,
            ),
        )
        page_id = int(cur.lastrowid or 0)
        self.db.execute(
            "INSERT INTO page_paths (path, page_id, shown_path) VALUES (?, ?, ?)", (source_path, page_id, shown_path)
        )
        return page_id

    def _insert_articles(self, page_id: int, page: Page) -> None:
        """The page's articles (with the page's facts copied for search filters) and their index rows."""
        for seq, a in enumerate(page.articles, 1):
            cur = self.db.execute(_ARTICLE_INSERT, (page_id, seq, page.paper, page.date, page.page, *article_row(a)))
            self.db.execute(
                "INSERT INTO articles_fts (rowid, headline, body) VALUES (?, ?, ?)", (cur.lastrowid, *fts_values(a))
            )

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
            ((r[0], *fts_values(Article(kicker=r[1], title=r[2], subtitle=r[3], body=r[4]))) for r in rows),
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
        return stitch_issue(self.db, paper, date)

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
        rows = self.db.execute(f"{PAGE_SELECT} WHERE paper = ? AND date = ? ORDER BY page, id", (paper, date))
        return [page_row(r) for r in rows]

    def adjacent_issues(self, paper: str, date: str) -> tuple[str | None, str | None]:
        """The dates of the paper's issues just before and just after `date`."""
        prev = self.db.execute("SELECT max(date) FROM pages WHERE paper = ? AND date < ?", (paper, date)).fetchone()
        nxt = self.db.execute("SELECT min(date) FROM pages WHERE paper = ? AND date > ?", (paper, date)).fetchone()
        return prev[0], nxt[0]

    def page_row(self, page_id: int) -> PageRow | None:
        row = self.db.execute(f"{PAGE_SELECT} WHERE id = ?", (page_id,)).fetchone()
        return page_row(row) if row else None

    def page_text(self, page_id: int) -> str:
        row = self.db.execute("SELECT text FROM pages WHERE id = ?", (page_id,)).fetchone()
        return row[0] if row else ""

    def page_articles(self, page_id: int) -> list[StoredArticle]:
        """A page's items in reading order."""
        cur = self.db.execute(f"{ARTICLE_SELECT} WHERE a.page_id = ? ORDER BY a.seq", (page_id,))
        return [row_to_stored(r) for r in cur.fetchall()]

    def unplaced_pages(self, limit: int = 100) -> list[PageRow]:
        """Pages whose paper or date is unknown, in ingest order."""
        rows = self.db.execute(f"{PAGE_SELECT} WHERE placed = 0 ORDER BY id LIMIT ?", (limit,))
        return [page_row(r) for r in rows]

    def iter_articles(self, where: str = "", params: Iterable[Any] = ()) -> Iterator[StoredArticle]:
        """Every article matching an SQL condition, streamed in id order."""
        cur = self.db.execute(f"{ARTICLE_SELECT} {where} ORDER BY a.id", tuple(params))
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                return
            for row in rows:
                yield row_to_stored(row)


def meta_get(archive: Archive, key: str) -> str | None:
    """A value of the archive's meta table (None when it has none)."""
    row = archive.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def meta_set(archive: Archive, key: str, value: str) -> None:
    archive.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
