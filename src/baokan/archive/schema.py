"""The archive's schema: its tables (DDL), the version, and the upgrades of older archives.

`create(db)` makes the tables of a new archive; `upgrade(db, found, readonly)` brings an
archive of an older schema this baokan knows how to migrate up to date (in place when writing,
through temporary views when only reading).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 6  # 2: contentless index with punctuation barriers; 3: page facts on articles; 4: reprints;
# 5: layout (page size, article regions) and the PDF files pages were read from;
# 6: every path a page was read from (page_paths) and the path shown to readers (shown_path)
MIGRATABLE = ("4", "5")  # older versions this baokan upgrades in place when it opens the archive for writing

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
ADDED = {
    "pages": (("width", "REAL"), ("height", "REAL"), ("pdf_sha", "TEXT"), ("pdf_page", "INTEGER"),
              ("shown_path", "TEXT")),
    "articles": (("regions", "TEXT NOT NULL DEFAULT '[]'"),),
}


def has_schema(db: sqlite3.Connection) -> bool:
    """Whether the archive's tables are there (a new file has none)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone() is not None


def create(db: sqlite3.Connection) -> None:
    """Make the tables of a new archive and record its schema version."""
    db.executescript(SCHEMA)
    db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    db.commit()


def version(db: sqlite3.Connection) -> str | None:
    """The schema version the archive says it has (None: not a baokan archive)."""
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return row[0] if row else None


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA main.table_info({table})")}


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    return db.execute("SELECT 1 FROM main.sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def upgrade(db: sqlite3.Connection, found: str, readonly: bool) -> str:
    """Bring a schema-4 or -5 archive up to date: in place when writing (one transaction,
    every row kept); when only reading, through temporary views that add the new columns as
    empty, so that an archive written by an older baokan can still be read (its pages have
    no layout, and show the file name of their path). Return the version it now reads as."""
    if readonly:
        _read_as_current(db)
        return str(SCHEMA_VERSION)
    with db:  # all or nothing: a failed upgrade leaves the archive at its old version
        db.execute("BEGIN IMMEDIATE")
        if version(db) == found:  # not upgraded meanwhile by another process
            for table, added in ADDED.items():  # the columns first, each once
                have = _columns(db, table)
                for name, kind in added:
                    if name not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
            for sql in MIGRATE_5 + MIGRATE_6:
                if not sql.startswith("ALTER TABLE"):
                    db.execute(sql)
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    return str(SCHEMA_VERSION)


def _read_as_current(db: sqlite3.Connection) -> None:
    """Temporary views (this connection only) that show an older archive as the current schema."""
    for table, added in ADDED.items():
        have = _columns(db, table)
        extra = "".join(
            f", {'NULL' if 'DEFAULT' not in kind else kind.rsplit('DEFAULT', 1)[1].strip()} AS {name}"
            for name, kind in added
            if name not in have
        )
        if extra:
            db.execute(f"CREATE TEMP VIEW {table} AS SELECT *{extra} FROM main.{table}")
    if not _has_table(db, "files"):
        db.execute("CREATE TEMP TABLE files (sha256 TEXT PRIMARY KEY, data BLOB NOT NULL)")
    if not _has_table(db, "page_paths"):
        db.execute(
            "CREATE TEMP VIEW page_paths AS SELECT source_path AS path, id AS page_id, "
            "NULL AS shown_path FROM main.pages"
        )
