"""Ingest page files into an archive: parse (on several processes if asked), place each page
in its issue, store it, and stitch continued articles.

Safe to kill at any moment: pages are committed in small batches, each batch one SQLite
transaction, so the archive is always consistent; a rerun skips the pages already stored
(same path, same bytes) and finishes the job. Parser processes (`parse/batch.py`) end with
their parent, even a parent killed with SIGKILL; the command line stops cleanly on SIGINT
and SIGTERM (`signals=True`).

A page's identity is its content and its place, not its path: the same bytes read from another
folder are the page already stored (the new path is recorded), and a different text for the same
paper, date and page replaces the page there. A page with no place (no paper, date or page
number) is known by its path and bytes: the same bytes anywhere are unchanged, other bytes at a
new path are a new page, a changed file replaces its page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import PathPatternError
from ..model import Page
from ..parse.batch import FileParser, Stop
from ..parse.files import PAGE_SUFFIXES, FilePage
from .records import name_of
from .store import Archive

BATCH = 64  # pages per transaction


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
    for f, _ in iter_page_files_shown(paths):
        yield f


def iter_page_files_shown(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Page files (directories searched recursively) and each one's path as readers are shown
    it: the path under the directory given, or the file name of a file given directly."""
    for p in paths:
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES):
                yield f, f.relative_to(p).as_posix()
        else:
            yield p, p.name


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    replaced: int = 0  # pages stored over an older version: a changed file, or the same place
    unchanged: int = 0
    failed: int = 0
    articles: int = 0
    errors: list[str] | None = None
    # pages replaced because a page from another file has the same paper, date and page:
    # "大同日报 2023-12-01 第1版 (was old/1.txt, now new/1.txt)"; also counted in `replaced`
    replaced_places: list[str] = field(default_factory=list)
    files: int = 0  # page files found
    files_done: int = 0  # of those, how many were seen to the end (stored, unchanged or failed)
    interrupted: int | None = None  # the signal that stopped the ingest early, if one did


def ingest(
    archive: Archive,
    paths: Iterable[str | Path],
    *,
    path_pattern: str | None = None,
    given: Placement | None = None,
    jobs: int = 1,
    on_page: Callable[[IngestReport], None] | None = None,
    signals: bool = False,
) -> IngestReport:
    """Ingest page files (directories recursively) into the archive; return what was done.

    With `signals` (the command line; main thread only), SIGINT and SIGTERM stop the ingest
    cleanly: no more files are parsed, the parser processes end, what was stored is committed,
    and the report comes back with `interrupted` set to the signal."""
    pattern = compile_path_pattern(path_pattern) if path_pattern else None
    report = IngestReport(errors=[])
    shown: dict[str, str] = {}
    for f, name in iter_page_files_shown([Path(p) for p in paths]):
        shown.setdefault(str(f.resolve()), name)  # one spelling per file
    files = list(shown)
    report.files = len(files)
    stop = Stop()
    with stop.installed(signals):
        todo = []
        for f in files:
            if stop.signum is not None:
                break
            known = archive.page_sha(f) or archive.page_sha(f + "#p1")  # a PDF of several pages: its first
            if known is not None and _sha_of(f) == known:
                report.unchanged += 1
                report.files_done += 1
                continue
            todo.append(f)
        if on_page:
            on_page(report)
        pending = 0
        touched: set[tuple[str, str]] = set()

        def flush() -> None:
            for paper, date in sorted(touched):
                archive.stitch_issue(paper, date)  # once per issue and batch, not per page
            touched.clear()
            archive.commit()

        parser = FileParser(todo if stop.signum is None else [], jobs, stop, keep_pdf=True)
        try:
            for pages in parser.until_stopped():
                if (pages and pages[0].page is not None) or len(pages) > 1:
                    # the file was read: pages it no longer has (a PDF now shorter) leave the archive
                    keys = {fp.key for fp in pages}
                    for stale in archive.page_keys(pages[0].path):
                        if stale not in keys:
                            touched |= archive.detach_path(stale)
                for fp in pages:
                    if fp.page is None:
                        report.failed += 1
                        assert report.errors is not None
                        report.errors.append(f"{fp.key}: {fp.error}")
                    else:
                        from_path = placement_from_path(fp.path, *pattern) if pattern else Placement()
                        page = place(fp.page, from_path, given or Placement())
                        name = shown.get(fp.path, name_of(fp.path)) + fp.key[len(fp.path) :]
                        touched |= _store(archive, fp, page, name, report)
                        pending += 1
                        if pending >= BATCH:
                            flush()
                            pending = 0
                    if on_page:
                        on_page(report)
                report.files_done += 1
        finally:
            parser.close()
        flush()
    if stop.signum is not None and report.files_done < report.files:
        report.interrupted = stop.signum
    return report


def _store(archive: Archive, fp: FilePage, page: Page, shown: str, report: IngestReport) -> set[tuple[str, str]]:
    """Store one parsed page by its identity (content and place); count it in the report;
    return the issues to stitch."""
    number = fp.number or 1 if fp.pdf is not None else None  # the page of a PDF, as the archive keeps it
    same = archive.same_page(fp.sha256, number, page.paper, page.date, page.page)
    if same is not None:  # these bytes, at this place, are stored already: read from one more path
        touched = archive.add_path(same, fp.key, shown)
        if touched:  # the page that path held before is gone: a changed file
            report.replaced += 1
        else:
            report.unchanged += 1
        return touched
    before = archive.page_id_of(fp.key)
    # the file's older version is replaced when no other file has it (else it stays, for those)
    replaced = before is not None and archive.page_paths(before) == [fp.key]
    touched: set[tuple[str, str]] = set()
    if page.paper and page.date and page.page is not None:
        for old_id, old_shown in archive.pages_at(page.paper, page.date, page.page):
            if old_id != before and any(_same_file(p, fp) for p in archive.page_paths(old_id)):
                continue  # another page of this very file (a PDF): the pages of one file are all kept
            touched |= archive.remove_page(old_id)  # with every path it was read from
            replaced = True
            if old_id != before:  # not this file's own older version: say so
                report.replaced_places.append(
                    f"{page.paper} {page.date} 第{page.page}版 (was {old_shown}, now {shown})"
                )
    touched |= archive.add_page(
        page, fp.key, fp.sha256, commit=False, stitch=False, pdf=fp.pdf, pdf_page=fp.number, shown_path=shown
    )
    report.replaced += replaced
    report.added += not replaced
    report.articles += len(page.articles)
    return touched


def _same_file(key: str, fp: FilePage) -> bool:
    """Whether a stored page key is the file `fp` was read from, or one of its pages."""
    return key == fp.path or key.startswith(fp.path + "#p")


def _sha_of(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None
