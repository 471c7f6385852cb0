"""The archive: parsed pages and their articles in SQLite, stitched into stories, searchable.

    schema.py    the tables, the schema version, upgrades of older archives
    stitch.py    which continued part continues which (下转 / 上接), with its weights
    records.py   stored articles and pages as Python records; the article columns; the index text
    store.py     `Archive`: one archive file; storing, replacing and reading pages and articles
    search.py    the query language → FTS5, filters, ranking, snippets, facet counts
    export.py    articles as jsonl / csv / parquet
    ingest.py    page files in, placed in their issue, parsed in parallel, committed in batches

Each module imports only those above it. Ingesting, searching and exporting are functions
taking an Archive: `baokan.ingest(archive, paths)`, `baokan.search(archive, query)`,
`baokan.export(archive, fmt, out)` (or from `baokan.archive.ingest` etc.).
"""

from __future__ import annotations

from .records import PageRow, PaperSummary, StoredArticle, Story
from .schema import SCHEMA_VERSION
from .store import Archive, ArchiveError

__all__ = ["SCHEMA_VERSION", "Archive", "ArchiveError", "PageRow", "PaperSummary", "StoredArticle", "Story"]
