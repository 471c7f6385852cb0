"""Export articles with their issue and page metadata, streamed: JSON lines, CSV, Parquet.

Memory stays constant whatever the archive's size: rows are read in batches and written as
they come (Parquet in row groups). The reprint pairs are exported by `baokan.reuse.export`."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import ExportError
from .records import StoredArticle
from .search import filter_sql
from .store import Archive

FORMATS = ("jsonl", "csv", "parquet")
COLUMNS = (
    "id", "paper", "date", "page", "page_name", "page_id", "seq", "source_path", "kind", "kicker", "title",
    "subtitle", "dateline", "agency", "authors", "credits", "body", "continued_to", "continued_from",
    "continued_to_prefix", "continued_from_prefix", "refers_to", "summary", "prev_part", "next_part",
)
PARQUET_ROWS = 10_000  # articles per Parquet row group: memory stays flat, the file stays compact


def select(
    archive: Archive,
    *,
    paper: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    page: int | None = None,
    kind: str | None = None,
) -> Iterator[StoredArticle]:
    """Articles matching the filters, in id order, streamed."""
    where, params = filter_sql(paper=paper, date_from=date_from, date_to=date_to, page=page, kind=kind)
    return archive.iter_articles(("WHERE " + " AND ".join(where)) if where else "", params)


def row(a: StoredArticle) -> dict[str, Any]:
    data = a.to_json()
    return {c: data.get(c) for c in COLUMNS}


def jsonl_row(a: StoredArticle) -> dict[str, Any]:
    """A JSON line: the columns, and for an article read from a PDF where it is printed
    (`regions`, [x0, y0, x1, y1] in PDF points from the page's top left) on a page of
    `page_size` ([width, height] in points)."""
    out = row(a)
    if a.article.regions:
        out["regions"] = [[round(v, 1) for v in box] for box in a.article.regions]
    if a.page_size:
        out["page_size"] = [round(a.page_size[0], 1), round(a.page_size[1], 1)]
    return out


def export(archive: Archive, fmt: str, out: str | Path, **filters: Any) -> int:
    """Write the selected articles (`filters` as `select` takes them) to `out` as jsonl, csv or
    parquet, atomically; return how many."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})", str(out))
    if fmt == "parquet":
        _need_pyarrow(out)
    with atomic_path(out) as tmp:
        return {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](select(archive, **filters), tmp)


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary file beside `out` to write; it replaces `out` (with the usual file mode)
    when the block ends normally and is removed when it fails, so no partial file is left."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes the file private
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _jsonl(rows: Iterator[StoredArticle], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for a in rows:
            f.write(json.dumps(jsonl_row(a), ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv(rows: Iterator[StoredArticle], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for a in rows:
            r = row(a)
            for k in ("authors", "credits", "summary"):
                r[k] = json.dumps(r[k], ensure_ascii=False)
            w.writerow(r)
            n += 1
    return n


def _need_pyarrow(out: Path) -> None:
    """Parquet export needs pyarrow, an extra: say how to get it, before any file is made."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise ExportError("Parquet export needs pyarrow: pip install 'baokan[parquet]'", str(out)) from None


def _parquet(rows: Iterator[StoredArticle], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ints = {"id", "page", "page_id", "seq", "continued_to", "continued_from", "prev_part", "next_part"}
    lists = {"authors", "credits", "summary"}
    schema = pa.schema(
        [
            (c, pa.int64() if c in ints else pa.list_(pa.string()) if c in lists else pa.string())
            for c in COLUMNS
        ]
    )
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for a in rows:
            batch.append(row(a))
            if len(batch) >= PARQUET_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
