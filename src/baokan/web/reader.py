"""The reader's access to the archive: a read-only connection per worker thread, the archive's
version, and what is worked out once per version (facet counts, pages of hits, reprint
clusters). Database access only: no request, no page."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request

from .. import reuse
from ..archive import Archive, StoredArticle
from ..archive.search import Facets, SearchHit, article_issues, facets, search
from .present import HIT_CLOSE, HIT_OPEN, headline, part_title

FACET_CACHE = 1024  # searches whose facet counts (and pages of hits) the reader remembers


class Reader:
    """What the routes share: the archive path, a read-only connection per thread, reprint
    clusters worked out once per archive version."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        Archive(self.db, readonly=True).close()  # fail now, with a clear message, not on a request
        self._local = threading.local()
        self._lock = threading.Lock()
        self._clusters: tuple[Any, ...] | None = None  # (version, groups, where, pairs per group)
        self._facets: OrderedDict[tuple[Any, ...], Any] = OrderedDict()  # (what, query, filters...) -> answer
        self._facets_version: int | None = None
        self._computing: dict[tuple[Any, ...], threading.Event] = {}  # (version, key) being computed
        # one connection kept open only to be asked `PRAGMA data_version`: its value changes
        # whenever another connection commits (pages added, replaced or deleted), so it names
        # the archive's version for this process at the cost of a pragma
        self._watch = Archive(self.db, readonly=True)
        self._watch_lock = threading.Lock()

    def archive(self) -> Archive:
        archive = getattr(self._local, "archive", None)
        if archive is None:
            archive = Archive(self.db, readonly=True)
            archive.db.execute("PRAGMA query_only = ON")
            self._local.archive = archive
        return archive

    def story_heads(self, ids: Iterable[int]) -> dict[int, StoredArticle]:
        """For each article in `ids` that is a later part of a story, the story's first part."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        archive = self.archive()
        rows = archive.db.execute(
            "WITH RECURSIVE up(id, head, depth) AS ("
            f"SELECT to_id, from_id, 1 FROM links WHERE to_id IN ({','.join('?' * len(wanted))}) "
            "UNION ALL SELECT up.id, l.from_id, up.depth + 1 FROM up JOIN links l ON l.to_id = up.head "
            "WHERE up.depth < 64) "
            "SELECT id, head FROM up WHERE NOT EXISTS (SELECT 1 FROM links WHERE to_id = up.head)",
            wanted,
        ).fetchall()
        heads = {h: archive.article(h) for h in {h for _, h in rows}}
        out: dict[int, StoredArticle] = {}
        for i, h in rows:
            head = heads.get(h)
            if head is not None:
                out[i] = head
        return out

    def title(self, a: StoredArticle) -> str:
        """An item's title as the reader shows it (a later part under its story's title, 续)."""
        if a.prev_id is None:
            return headline(a)
        return part_title(a, self.story_heads([a.id]).get(a.id))

    def version(self) -> int:
        """The archive's version: SQLite's data_version on a connection open since the reader
        started, which changes with every commit of another connection (an ingest adding or
        replacing pages). Read before the data it versions, so what is cached under a version
        is never older than it."""
        with self._watch_lock:
            return int(self._watch.db.execute("PRAGMA data_version").fetchone()[0])

    def facets(self, query: str, filters: dict[str, Any]) -> Facets:
        """A search's counts by paper and year, counted once per archive version and remembered
        for the last FACET_CACHE searches: counting every match costs about twice the ranking,
        and a reader who turns to page 2 or narrows by a facet asks for the same counts again."""
        key = ("facets", query, *sorted(filters.items()))
        if filters.get("page") is None and not filters.get("kind"):  # counted from (paper, date) by id
            issues = self._remembered(("issues",), article_issues)
            return self._remembered(key, lambda archive: facets(archive, query, issues=issues, **filters))
        return self._remembered(key, lambda archive: facets(archive, query, **filters))

    def hits(self, query: str, filters: dict[str, Any], limit: int, offset: int) -> list[SearchHit]:
        """A page of a search's hits, ranked once per archive version and remembered like the
        counts: ranking scores every match (BM25), which for a common character is tens of
        thousands of articles, and readers ask for the same first pages again and again."""
        key = ("hits", query, *sorted(filters.items()), limit, offset)
        return self._remembered(
            key,
            lambda archive: search(archive, query, limit=limit, offset=offset, marks=(HIT_OPEN, HIT_CLOSE), **filters),
        )

    def _remembered(self, key: tuple[Any, ...], compute: Callable[[Archive], Any]) -> Any:
        """`compute(archive)` for `key` at the archive's current version: from the LRU of the
        last FACET_CACHE answers (all dropped when the version changes), else computed once,
        requests asking for the same key meanwhile waiting for it rather than computing it too."""
        archive = self.archive()
        while True:
            version = self.version()  # read before the data, so nothing older is kept under it
            with self._lock:
                if version != self._facets_version:
                    self._facets.clear()
                    self._facets_version = version
                if key in self._facets:
                    self._facets.move_to_end(key)
                    return self._facets[key]
                busy = self._computing.get((version, key))
                if busy is None:
                    self._computing[(version, key)] = threading.Event()
                    break
            busy.wait(timeout=30)  # then look again: computed (or failed, and this request tries)
        try:
            value = compute(archive)
            with self._lock:
                if self._facets_version == version:  # not if the archive changed meanwhile
                    self._facets[key] = value
                    while len(self._facets) > FACET_CACHE:
                        self._facets.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._computing.pop((version, key)).set()

    def clusters(self) -> tuple[list[list[int]], dict[int, int], list[list[tuple[int, int, int]]]]:
        """The archive's reprint clusters, member → cluster, and each cluster's pairs with their
        aligned length (worked out again only when the reprint pairs change)."""
        archive = self.archive()
        # pairs are added (new rowids), deleted with their page or all deleted (other settings):
        # the largest rowid, the count and the settings tell whether the clusters changed
        version = archive.db.execute(
            "SELECT (SELECT max(rowid) FROM reuse_pairs), (SELECT count(*) FROM reuse_pairs), "
            "(SELECT value FROM meta WHERE key = 'reuse_settings')"
        ).fetchone()
        with self._lock:
            if self._clusters is None or self._clusters[0] != version:
                groups, chars = reuse.cluster_groups(archive)
                where, pairs = reuse.group_pairs(groups, chars)
                self._clusters = (version, groups, where, pairs)
            return self._clusters[1], self._clusters[2], self._clusters[3]


def current_reader(request: Request) -> Reader:
    """The reader of the app serving `request` (a route's dependency)."""
    reader: Reader = request.app.state.reader
    return reader


ReaderDep = Annotated[Reader, Depends(current_reader)]  # a route's reader, given by FastAPI
