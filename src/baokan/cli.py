"""The `baokan` command: options in, one library call, readable output; errors as one line.

    baokan parse FILE_OR_DIR... [--json] [-o DIR] [--jobs N]
    baokan eval [--pages DIR] [--gold DIR] [--json]
    baokan score GOLD PRED [--json]
    baokan ingest | search | show | stats | export | reuse   (the archive)
    baokan serve [--db FILE] [--host 127.0.0.1] [--port 8000] [--workers 1]   (the web reader)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from .archive import Archive
from .archive.export import atomic_path, export
from .archive.ingest import IngestReport, Placement, iter_page_files
from .archive.ingest import ingest as ingest_pages
from .archive.search import MARK_CLOSE, MARK_OPEN, MAX_QUERY_CHARS, read_as, search
from .errors import BaokanError
from .evaluate import load_gold, load_prediction, score_dirs, score_pairs
from .model import Article, Page, headline_of
from .parse.batch import FileParser, Stop, parse_file
from .parse.files import PAGE_SUFFIXES, FilePage
from .reuse import MIN_CHARS, MIN_IDENTITY, align
from .reuse import clusters as reuse_clusters
from .reuse import run as reuse_run
from .reuse.export import export_reuse

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="baokan: Chinese newspaper pages in, clean structured articles out.",
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

def _fail(msg: str) -> None:
    err.print(f"baokan: {escape(msg)}")


def write_atomic(path: Path, text: str) -> None:
    """Write a file so that readers see the old file or the whole new one, never a part."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _jumps(a: Article) -> str:
    parts = []
    if a.continued_from is not None:
        parts.append(f"←{a.continued_from_prefix or ''}{a.continued_from}")
    if a.continued_to is not None:
        parts.append(f"→{a.continued_to_prefix or ''}{a.continued_to}")
    if a.refers_to:
        parts.append(f"见{a.refers_to}版")
    return " ".join(parts)


def summary(page: Page) -> str:
    """A readable summary: masthead facts, then one line per item."""
    facts = [f"paper={page.paper or '—'}", f"date={page.date or '—'}", f"page={page.page or '—'}"]
    if page.page_name:
        facts.append(f"page_name={page.page_name}")
    facts.extend(f"{k}={v}" for k, v in page.edition.to_json().items())
    lines = [f"[bold]{escape(page.source or '')}[/bold]  " + escape("  ".join(facts))]
    for i, a in enumerate(page.articles, 1):
        head = a.headline or (a.body[:24] + "…" if len(a.body) > 24 else a.body)
        row = f"  {i:>2} {a.kind:<7} {head}"
        if a.dateline:
            row += f"  〔{a.dateline}〕"
        if a.authors:
            row += "  " + "、".join(a.authors)
        if a.credits:
            row += "  " + "、".join(a.credits)
        row += f"  {len(a.body)}字"
        jumps = _jumps(a)
        if jumps:
            row += f"  {jumps}"
        lines.append(escape(row))
    return "\n".join(lines)


def _out_name(path: Path, taken: set[str], number: int | None = None) -> str:
    stem = path.stem if number is None else f"{path.stem}-p{number}"
    name = stem + ".json"
    k = 2
    while name in taken:
        name = f"{stem}-{k}.json"
        k += 1
    taken.add(name)
    return name


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Page files (.txt, .md, .pdf), or directories of them.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the page as baokan.page/1 JSON (several pages: one per line).")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write DIR/NAME.json per input (atomically).")
    ] = None,
    with_text: Annotated[bool, typer.Option("--text", help="Include the restored page text in the JSON.")] = False,
    jobs: Annotated[int, typer.Option(help="Parse on this many processes (output keeps the order of the files).")] = 1,
) -> None:
    """Parse newspaper pages into articles: a summary per page, or page JSON."""
    if output is not None and output.exists() and not output.is_dir():
        _fail(f"{output}: exists and is not a directory")
        raise typer.Exit(1)
    if jobs < 1:
        _fail(f"--jobs must be 1 or more, not {jobs}")
        raise typer.Exit(1)
    files = [str(f) for f in iter_page_files(paths)]
    if not files:
        _fail("no page files found in " + ", ".join(str(p) for p in paths))
        raise typer.Exit(1)
    taken: set[str] = set()
    written = failed = done = 0
    stop = Stop()
    parser = FileParser(files, jobs, stop)
    with stop.installed(True):
        try:
            for pages in parser.until_stopped():
                single = len(files) == 1 and len(pages) == 1
                for fp in pages:  # written as each file is parsed: memory stays that of one file
                    if fp.page is None:
                        _fail(f"{fp.key}: {fp.error}")
                        failed += 1
                        continue
                    _emit(fp, output, taken, as_json, single, with_text)
                    written += 1
                done += 1
        finally:
            parser.close()
    if output is not None and not as_json:
        out.print(f"wrote {written} page(s) to {escape(str(output))}")
    if stop.signum is not None and done < len(files):
        _fail(f"interrupted after {done} of {len(files)} files; what was written is whole")
        raise typer.Exit(128 + stop.signum)
    if failed:
        raise typer.Exit(1)


def _emit(fp: FilePage, output: Path | None, taken: set[str], as_json: bool, single: bool, with_text: bool) -> None:
    """One parsed page out: its JSON file under `output`, and/or printed (JSON, or a summary)."""
    page = fp.page
    assert page is not None
    if output is not None:
        write_atomic(output / _out_name(Path(fp.path), taken, fp.number if fp.key != fp.path else None),
                     page.dumps(with_text) + "\n")
    if as_json:
        if single:
            out.print(page.dumps(with_text), markup=False)
        else:  # several pages: one JSON object per line
            out.print(json.dumps(page.to_json(with_text), ensure_ascii=False), markup=False, soft_wrap=True)
    elif output is None:
        out.print(summary(page))


@app.command(name="eval")
def evaluate_cmd(
    pages: Annotated[Path, typer.Option(help="Directory of page texts.")] = Path("eval/pages"),
    gold: Annotated[Path, typer.Option(help="Directory of gold page JSON (same stems).")] = Path("eval/gold"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Parse the pages in PAGES and score them against GOLD (as eval/FORMAT.md says)."""
    golds = sorted(gold.glob("*.json"))
    failed = False
    if not golds:
        _fail(f"{gold}: no gold pages")
        raise typer.Exit(1)
    triples = []
    for g in golds:
        candidates = [pages / (g.stem + s) for s in PAGE_SUFFIXES]
        src = next((c for c in candidates if c.exists()), None)
        pred: dict = {"articles": []}
        if src is None:
            _fail(f"{pages}: no page for {g.stem}")
        else:
            read = parse_file(str(src))
            if read[0].page is None:
                _fail(f"{read[0].key}: {read[0].error}")
            else:
                pred = read[0].page.to_json()
        try:
            triples.append((g.stem, load_gold(g), pred))
        except BaokanError as e:
            _fail(str(e))
            failed = True
    report = score_pairs(triples)
    if as_json:
        out.print(json.dumps(report.to_json(), ensure_ascii=False, indent=1), markup=False)
    else:
        out.print("\n".join(report.lines()), markup=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def score(
    gold: Annotated[Path, typer.Argument(help="Gold page JSON, or a directory of them.")],
    pred: Annotated[Path, typer.Argument(help="Predicted page JSON, or a directory with the same names.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score predicted page JSON against gold page JSON."""
    try:
        if gold.is_dir():
            report = score_dirs(gold, pred)
        else:
            report = score_pairs([(gold.stem, load_gold(gold), load_prediction(pred))])
    except BaokanError as e:
        _fail(str(e))
        raise typer.Exit(1) from e
    if as_json:
        out.print(json.dumps(report.to_json(), ensure_ascii=False, indent=1), markup=False)
    else:
        out.print("\n".join(report.lines()), markup=False)


DB_OPTION = typer.Option("--db", help="The archive file (SQLite).")


def _open(db: Path, readonly: bool = True) -> Archive:
    try:
        return Archive(db, readonly=readonly)
    except BaokanError as e:
        _fail(str(e))
        raise typer.Exit(1) from e


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Page files, or directories (searched recursively).")],
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    path_pattern: Annotated[
        str | None,
        typer.Option(help="Where paper/date/page sit in the path, e.g. '{paper}/{date:%Y-%m-%d}/{page}.txt'."),
    ] = None,
    paper: Annotated[str | None, typer.Option(help="Paper of pages that print none.")] = None,
    date: Annotated[str | None, typer.Option(help="Date (YYYY-MM-DD) of pages that print none.")] = None,
    page: Annotated[int | None, typer.Option(help="Page number of pages that print none.")] = None,
    jobs: Annotated[int, typer.Option(help="Parse on this many processes.")] = 1,
) -> None:
    """Parse pages and store them in the archive; continued articles are stitched."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if date is not None:
        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError as e:
            _fail(f"--date must look like 2023-12-01, not {date!r}")
            raise typer.Exit(1) from e
    files = list(iter_page_files(paths))
    archive = _open(db, readonly=False)
    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} pages  {task.fields[rate]} pages/s  {task.fields[errors]} errors"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    started = time.perf_counter()
    with archive, progress:
        task = progress.add_task("ingest", total=len(files), rate="0", errors=0)

        def tick(r: IngestReport) -> None:
            done = r.added + r.replaced + r.unchanged + r.failed
            rate = done / max(time.perf_counter() - started, 1e-6)
            progress.update(task, completed=done, rate=f"{rate:.0f}", errors=r.failed)

        try:
            report = ingest_pages(
                archive,
                paths,
                path_pattern=path_pattern,
                given=Placement(paper, date, page),
                jobs=jobs,
                on_page=tick,
                signals=True,  # SIGINT / SIGTERM: stop, keep what was stored, say how far it got
            )
        except BaokanError as e:
            _fail(str(e))
            raise typer.Exit(1) from e
    for line in report.errors or []:
        _fail(line)
    if report.interrupted is not None:
        _fail(
            f"interrupted after {report.files_done} of {report.files} files: {report.added} added, "
            f"{report.replaced} replaced, {report.unchanged} unchanged, {report.failed} failed; "
            "run it again to finish"
        )
        raise typer.Exit(128 + report.interrupted)  # 130 for SIGINT, 143 for SIGTERM
    by_place = len(report.replaced_places)
    said = f" ({by_place} with the same paper, date and page as a page from another file)" if by_place else ""
    out.print(
        f"{report.added} added, {report.replaced} replaced{said}, {report.unchanged} unchanged, "
        f"{report.failed} failed; {report.articles} articles → {escape(str(db))}"
    )
    for line in report.replaced_places[:REPLACED_SHOWN]:
        out.print(f"  replaced {escape(line)}")
    if by_place > REPLACED_SHOWN:
        out.print(f"  … and {by_place - REPLACED_SHOWN} more")
    if report.failed:
        raise typer.Exit(1)


REPLACED_SHOWN = 20  # pages replaced by place listed after an ingest's summary


def _story_titles(archive: Archive, ids: list[int]) -> dict[int, str]:
    """The hits that are a later part of a story, titled by the story: `TITLE (continued)`."""
    titles = {}
    for i in ids:
        a = archive.article(i)
        if a is None or a.prev_id is None:
            continue
        story = archive.story(i)
        head = story.parts[0].article if story else None
        own = a.article.headline
        title = own or (head.title or head.headline if head else "")
        if title:
            titles[i] = f"{title} (continued)"
    return titles


@app.command(name="search")
def search_cmd(
    query: Annotated[
        str,
        typer.Argument(
            help=f"Terms, \"phrases\", AND / OR / NOT (any case), parentheses; at most {MAX_QUERY_CHARS} characters."
        ),
    ],
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    paper: Annotated[str | None, typer.Option(help="Only this paper.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date (YYYY-MM-DD).")] = None,
    page: Annotated[int | None, typer.Option(help="Only this page number.")] = None,
    kind: Annotated[str | None, typer.Option(help="article | photo | teaser | notice.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per hit per line.")] = False,
) -> None:
    """Search the archive's articles (Chinese terms of any length)."""
    with _open(db) as archive:
        try:
            read = read_as(query)  # how the query is read: operators in capitals, implied ANDs spelled out
            hits = search(
                archive, query, paper=paper, date_from=date_from, date_to=date_to, page=page, kind=kind, limit=limit
            )
        except BaokanError as e:
            _fail(str(e))
            raise typer.Exit(1) from e
        story_titles = {} if as_json else _story_titles(archive, [h.id for h in hits])
    if not as_json and read != " ".join(query.split()):
        out.print(f"[dim]query read as: {escape(read)}[/dim]")
    for h in hits:
        if as_json:
            out.print(json.dumps(h.to_json(), ensure_ascii=False), markup=False, soft_wrap=True)
            continue
        head = story_titles.get(h.id) or headline_of(h.kicker, h.title, h.subtitle) or "(untitled)"
        where = f"{h.paper or '?'} {h.date or '?'} 第{h.page if h.page is not None else '?'}版"
        snippet = escape(h.snippet).replace(MARK_OPEN, "[bold yellow]").replace(MARK_CLOSE, "[/bold yellow]")
        out.print(f"[bold]{h.id}[/bold]  {escape(head)}  [dim]{escape(where)} {h.kind} {h.score:.2f}[/dim]\n    {snippet}")
    if not as_json:
        out.print(f"[dim]{len(hits)} hit(s)[/dim]")


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="An article id (from search or export).")],
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the story as JSON.")] = False,
) -> None:
    """Print one article, or the whole story when it continues on other pages."""
    with _open(db) as archive:
        story = archive.story(article_id)
    if story is None:
        _fail(f"no article {article_id} in {db}")
        raise typer.Exit(1)
    if as_json:
        data = {"parts": [p.to_json() for p in story.parts], "text": story.text}
        out.print(json.dumps(data, ensure_ascii=False, indent=1), markup=False)
        return
    first = story.parts[0]
    a = first.article
    for line in (a.kicker, a.title, a.subtitle):
        if line:
            out.print(f"[bold]{escape(line)}[/bold]")
    facts = [first.paper or "?", first.date or "?"] + [f"第{p.page}版" for p in story.parts if p.page is not None]
    if a.dateline:
        facts.append(a.dateline)
    if a.authors:
        facts.append("、".join(a.authors))
    out.print(f"[dim]{escape('  '.join(facts))}  parts: {', '.join(str(p.id) for p in story.parts)}[/dim]\n")
    out.print(escape(story.text))


@app.command()
def stats(db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite")) -> None:
    """The archive's counts."""
    with _open(db) as archive:
        figures = archive.stats()
    for k, v in figures.items():
        out.print(f"{k:<15} {v}", markup=False)


@app.command(name="export")
def export_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl | csv | parquet.")] = "jsonl",
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    paper: Annotated[str | None, typer.Option(help="Only this paper.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From this date (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Up to this date (YYYY-MM-DD).")] = None,
    page: Annotated[int | None, typer.Option(help="Only this page number.")] = None,
    kind: Annotated[str | None, typer.Option(help="article | photo | teaser | notice.")] = None,
    reuse: Annotated[bool, typer.Option("--reuse", help="Export the reprint pairs (JSON lines) instead.")] = False,
) -> None:
    """Export articles with issue and page metadata, one per row (streamed); or reprint pairs."""
    if reuse:
        with _open(db) as archive:
            n = export_reuse(archive, output)
        out.print(f"{n} pair(s) → {escape(str(output))}")
        return
    with _open(db) as archive:
        try:
            n = export(archive, fmt, output, paper=paper, date_from=date_from, date_to=date_to, page=page, kind=kind)
        except BaokanError as e:
            _fail(str(e))
            raise typer.Exit(1) from e
    out.print(f"{n} article(s) → {escape(str(output))}")


reuse_app = typer.Typer(
    invoke_without_command=True,
    no_args_is_help=False,
    help="Find the same text printed in several places (reprints), aligned, with variants.",
)
app.add_typer(reuse_app, name="reuse")


@reuse_app.callback()
def reuse_cmd(
    ctx: typer.Context,
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    min_chars: Annotated[int, typer.Option(help="Shortest shared passage, in characters.")] = MIN_CHARS,
    min_identity: Annotated[float, typer.Option(help="Lowest identity of an aligned passage (0–1).")] = MIN_IDENTITY,
    across_papers_only: Annotated[
        bool, typer.Option("--across-papers-only", help="Leave out reuse within one paper (boilerplate).")
    ] = False,
    engine: Annotated[str, typer.Option(help="local, or spark (PySpark; reads and writes Parquet).")] = "local",
    master: Annotated[str, typer.Option(help="Spark master URL for --engine spark.")] = "local[2]",
) -> None:
    """Compare what is new in the archive with everything in it, store pairs, print clusters."""
    if ctx.invoked_subcommand is not None:
        return
    if engine not in ("local", "spark"):
        _fail(f"--engine {engine}: use local or spark")
        raise typer.Exit(1)
    with _open(db, readonly=False) as archive:
        try:
            if engine == "spark":
                from .reuse.spark import run_spark

                report = run_spark(archive, min_chars, min_identity, master=master)
            else:
                report = reuse_run(archive, min_chars, min_identity)
        except BaokanError as e:
            _fail(str(e))
            raise typer.Exit(1) from e
        groups = reuse_clusters(archive, across_papers_only)
    out.print(
        f"{report.new_articles} new article(s) fingerprinted, {report.candidates} candidate pair(s), "
        f"{report.pairs_found} new pair(s); {report.pairs_total} pair(s), {len(groups)} cluster(s) in the archive"
    )
    for c in groups[:20]:
        flag = "  [同一报纸]" if c.same_paper else ""
        first = c.members[0].article
        head = first.title or first.body[:20]
        out.print(
            f"  {c.id}  {c.size}×  {escape(head)}  {escape('、'.join(c.papers))}  "
            f"{c.first_date or '?'}–{c.last_date or '?'}{flag}"
        )


@reuse_app.command("show")
def reuse_show(
    target: Annotated[str, typer.Argument(help="An article id, or a cluster id (c12).")],
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    against: Annotated[int | None, typer.Option(help="Compare with this member (default: the fullest other).")] = None,
) -> None:
    """Print a reprint cluster and an inline diff of two members, variants marked [-a-]{+b+}."""
    with _open(db) as archive:
        groups = reuse_clusters(archive)
        if target.startswith("c"):
            group = next((c for c in groups if c.id == target), None)
            article_id = group.fullest if group else None
        else:
            article_id = int(target) if target.isdigit() else None
            group = next((c for c in groups if any(m.id == article_id for m in c.members)), None)
        if group is None or article_id is None:
            _fail(f"{target}: no reprint cluster (run `baokan reuse` first)")
            raise typer.Exit(1)
        out.print(f"[bold]{group.id}[/bold]  {len(group.members)} versions, fullest {group.fullest}, "
                  f"{group.first_date or '?'}–{group.last_date or '?'} ({group.span_days} days), "
                  f"overlap {group.overlap:.2f}")
        for m in group.members:
            out.print(f"  {m.id:>6}  {escape(m.paper or '?')} {m.date or '?'} 第{m.page or '?'}版  "
                      f"{escape(m.article.title or m.article.body[:20])}  {len(m.article.body)}字")
        other = against or next((m.id for m in group.members if m.id != article_id and m.id == group.fullest),
                                next(m.id for m in group.members if m.id != article_id))
        a, b = archive.article(article_id), archive.article(other)
    assert a is not None and b is not None
    out.print(f"\n[bold]{a.id} ↔ {b.id}[/bold]")
    for p in align(a.article.body, b.article.body):
        pieces, pos = [], p.a_start
        for v in p.variants:
            pieces.append(escape(a.article.body[pos : v.a_start]))
            pieces.append(f"[red][-{escape(v.a_text)}-][/red][green]{{+{escape(v.b_text)}+}}[/green]")
            pos = v.a_end
        pieces.append(escape(a.article.body[pos : p.a_end]))
        out.print(f"[dim]passage {p.chars} chars, identity {p.identity:.3f}[/dim]\n" + "".join(pieces))


@app.command()
def serve(
    db: Annotated[Path, DB_OPTION] = Path("baokan.sqlite"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless told otherwise).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes (each with its own connections and caches).")
    ] = 1,
) -> None:
    """Serve the web reader over an archive (opened read-only): browse, search, compare reprints."""
    import os

    from .web import DB_ENV, create_app

    try:
        web_app = create_app(db)  # also checks the archive before any worker starts
    except BaokanError as e:
        _fail(str(e))
        raise typer.Exit(1) from e
    import socket

    import uvicorn

    try:  # a port in use or a wrong address: one line from us, not uvicorn's log
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except (OSError, OverflowError) as e:
        _fail(f"cannot listen on {host}:{port} ({getattr(e, 'strerror', None) or e})")
        raise typer.Exit(1) from e
    procs = f", {workers} worker processes" if workers > 1 else ""
    out.print(f"baokan reader on http://{host}:{port}/ ({db}, read-only{procs}); Ctrl-C stops it")
    try:
        if workers == 1:
            uvicorn.run(web_app, host=host, port=port, log_level="warning")
        else:  # each worker process imports the app factory, which reads the archive path from DB_ENV
            del web_app
            os.environ[DB_ENV] = str(db.resolve())
            uvicorn.run("baokan.web:app_from_env", factory=True, host=host, port=port, workers=workers,
                        log_level="warning")
    except SystemExit as e:
        _fail(f"cannot serve on {host}:{port}")
        raise typer.Exit(1) from e


def main() -> None:  # pragma: no cover - console entry
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":  # pragma: no cover
    main()
