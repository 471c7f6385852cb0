"""Ingest page files into an archive: parse (on several processes if asked), place each page
in its issue, store it, and stitch continued articles.

Safe to kill at any moment: pages are committed in small batches, each batch one SQLite
transaction, so the archive is always consistent; a rerun skips the pages already stored
(same path, same bytes) and finishes the job. A changed file replaces its page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import BaokanError
from .model import Page
from .parse.files import PAGE_SUFFIXES, FilePage, read_page_file
from .store import Archive

BATCH = 64  # pages per transaction


class PathPatternError(BaokanError, ValueError):
    """A --path-pattern that cannot be used."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a page belongs when its text does not say: from the path, or given."""

    paper: str | None = None
    date: str | None = None
    page: int | None = None


_FIELD = re.compile(r"\{(paper|date|page)(?::([^}]*))?\}")
_STRFTIME = {"%Y": r"\d{4}", "%m": r"\d{1,2}", "%d": r"\d{1,2}", "%y": r"\d{2}", "%j": r"\d{3}"}


def compile_path_pattern(pattern: str) -> tuple[re.Pattern[str], str]:
    """'{paper}/{date:%Y-%m-%d}/{page}.txt' → a regex over the end of a path, and the date format."""
    out, pos, date_format = [], 0, "%Y-%m-%d"
    seen: set[str] = set()
    for m in _FIELD.finditer(pattern):
        out.append(re.escape(pattern[pos : m.start()]))
        name, fmt = m.group(1), m.group(2)
        if name in seen:
            raise PathPatternError(f"{{{name}}} appears twice in {pattern!r}")
        seen.add(name)
        if name == "date":
            date_format = fmt or "%Y-%m-%d"
            rx = re.escape(date_format)
            for code, sub in _STRFTIME.items():
                rx = rx.replace(re.escape(code), sub)
            if "%" in rx:
                raise PathPatternError(f"unsupported date format {date_format!r} in {pattern!r}")
            out.append(f"(?P<date>{rx})")
        elif name == "page":
            out.append(r"(?P<page>[A-Za-z]?\d{1,3})")
        else:
            out.append(r"(?P<paper>[^/\\]+?)")
        pos = m.end()
    if not seen:
        raise PathPatternError(f"{pattern!r} names none of {{paper}}, {{date}}, {{page}}")
    tail = pattern[pos:]
    out.append(re.escape(tail))
    if not tail or "." not in tail:
        out.append(r"(?:\.[^/\\.]+)?")  # the file's extension may be left out of the pattern
    return re.compile("(?:^|[/\\\\])" + "".join(out) + "$"), date_format


def placement_from_path(path: str, pattern: re.Pattern[str], date_format: str) -> Placement:
    m = pattern.search(path.replace("\\", "/"))
    if not m:
        return Placement()
    groups = m.groupdict()
    date = None
    if groups.get("date"):
        try:
            date = dt.datetime.strptime(groups["date"], date_format).date().isoformat()
        except ValueError:
            date = None
    page = None
    if groups.get("page"):
        digits = re.sub(r"\D", "", groups["page"])
        page = int(digits) if digits else None
    return Placement(groups.get("paper") or None, date, page)


def place(page: Page, *candidates: Placement) -> Page:
    """Fill what the page text does not print from the first placement that knows it."""
    paper, date, number = page.paper, page.date, page.page
    for c in candidates:
        paper = paper or c.paper
        date = date or c.date
        number = number if number is not None else c.page
    return replace(page, paper=paper, date=date, page=number)


def iter_page_files(paths: list[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES)
        else:
            yield p


def _parse_file(path: str) -> list[FilePage]:
    """The pages of one file, each with its error if it could not be read — runs in a worker."""
    try:
        return read_page_file(Path(path), keep_pdf=True)
    except BaokanError as e:
        return [FilePage(path, path, "", None, e.message)]
    except Exception as e:  # a parser bug must not stop the batch
        return [FilePage(path, path, "", None, f"internal error ({type(e).__name__}: {e})")]


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    articles: int = 0
    errors: list[str] | None = None


def ingest(
    archive: Archive,
    paths: list[Path],
    *,
    path_pattern: str | None = None,
    given: Placement | None = None,
    jobs: int = 1,
    on_page: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest page files (directories recursively) into the archive."""
    pattern = compile_path_pattern(path_pattern) if path_pattern else None
    report = IngestReport(errors=[])
    files = [str(f.resolve()) for f in iter_page_files(paths)]  # one spelling per file
    todo = []
    for f in files:
        known = archive.page_sha(f) or archive.page_sha(f + "#p1")  # a PDF of several pages: its first
        if known is not None and _sha_of(f) == known:
            report.unchanged += 1
            continue
        todo.append(f)
    if on_page:
        on_page(report)
    results = _parse_all(todo, jobs)
    pending = 0
    touched: set[tuple[str, str]] = set()

    def flush() -> None:
        for paper, date in sorted(touched):
            archive.stitch_issue(paper, date)  # once per issue and batch, not per page
        touched.clear()
        archive.commit()

    for pages in results:
        if (pages and pages[0].page is not None) or len(pages) > 1:
            # the file was read: pages it no longer has (a PDF now shorter) leave the archive
            keys = {fp.key for fp in pages}
            for stale in archive.page_keys(pages[0].path):
                if stale not in keys:
                    archive.delete_page(stale, commit=False)
        for fp in pages:
            if fp.page is None:
                report.failed += 1
                assert report.errors is not None
                report.errors.append(f"{fp.key}: {fp.error}")
            else:
                from_path = placement_from_path(fp.path, *pattern) if pattern else Placement()
                page = place(fp.page, from_path, given or Placement())
                existed = archive.page_sha(fp.key) is not None
                touched |= archive.add_page(
                    page, fp.key, fp.sha256, commit=False, stitch=False, pdf=fp.pdf, pdf_page=fp.number
                )
                report.replaced += existed
                report.added += not existed
                report.articles += len(page.articles)
                pending += 1
                if pending >= BATCH:
                    flush()
                    pending = 0
            if on_page:
                on_page(report)
    flush()
    return report


def _sha_of(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def _parse_all(files: list[str], jobs: int) -> Iterator[list[FilePage]]:
    if jobs <= 1 or len(files) < 2:
        yield from map(_parse_file, files)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_parse_file, files, chunksize=16)
