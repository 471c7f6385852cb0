#!/usr/bin/env python3
"""Ingest throughput, database size and search latency of the archive (baokan.archive: store, ingest, search).

Builds a corpus of synthetic newspaper pages from real article text (`eval/synth.py` make_corpus
recombines the gold items of eval/gold; about 5.3 items a page), writes them as page files
under {paper}/{date}/{page}.txt (issues of 8 pages, 10 papers), then times the real ingest path,
`baokan.archive.ingest.ingest(...)` on those files into a fresh archive, with the path pattern giving
each page its issue. Then a fixed mix of 200 queries (one-, two- and four-character terms,
phrases, AND / OR / NOT, and queries filtered by paper, date range, page and kind) is run
against the archive, on a read-only connection as the `search` command opens it.

    python benchmarks/bench_archive.py [--articles 100000] [--jobs 2] [--keep DIR] [--seed 0]

Prints ingest articles/s and pages/s (and where the ingest time goes: parsing, storing,
stitching), the database size (and what fills it, when SQLite has the dbstat table),
search latency p50/p95/p99 (cold first pass and warm second pass), by query kind, and the
slowest queries with how many articles they match. Targets: ingest >= 2,000 articles/s,
search p95 <= 50 ms, p99 <= 200 ms.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval"), str(ROOT / "src")]  # synth from eval/; baokan from the checkout, too

import synth  # noqa: E402

from baokan import parse_page  # noqa: E402
from baokan.archive import Archive  # noqa: E402
from baokan.archive.ingest import ingest  # noqa: E402
from baokan.archive.search import search, to_fts  # noqa: E402

GOLD = ROOT / "eval" / "gold"
PATTERN = "{paper}/{date:%Y-%m-%d}/{page}.txt"
PAPERS = ("江城日报", "晋北晚报", "滨海日报", "云州日报", "河西日报", "青山日报", "东湖晚报", "北川日报", "临江日报", "南屏晚报")
PAGES_PER_ISSUE = 8
FIRST_DAY = dt.date(2019, 1, 1)
CHUNK = 400  # pages per make_corpus call (one corpus seed each)
TARGETS = {"articles_per_s": 2000, "p95_ms": 50, "p99_ms": 200}


# ---------------------------------------------------------------- corpus


def _chunk(seed: int) -> list[tuple[str, int]]:
    """One make_corpus batch: (page text, number of items in its gold)."""
    material = synth.load_articles(GOLD)
    return [(text, len(gold["articles"])) for _name, text, gold in synth.make_corpus(material, CHUNK, seed=seed)]


def page_path(root: Path, i: int) -> Path:
    issue, page = divmod(i, PAGES_PER_ISSUE)
    paper = PAPERS[issue % len(PAPERS)]
    day = FIRST_DAY + dt.timedelta(days=issue // len(PAPERS))
    return root / paper / day.isoformat() / f"{page + 1}.txt"


def build_corpus(root: Path, articles: int, seed: int, jobs: int) -> tuple[int, int, float]:
    """Write page files until their gold holds `articles` items: (pages, items, seconds)."""
    manifest = root / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("articles") == articles and m.get("seed") == seed:
            print(f"corpus      reusing {m['pages']} pages in {root}")
            return m["pages"], m["items"], 0.0
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    pages = items = 0
    per_page = 5.0  # a low guess of items per page, corrected as chunks come in
    next_seed = seed * 100_000
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        while items < articles:
            need = int((articles - items) / per_page / CHUNK) + 1
            seeds = list(range(next_seed, next_seed + need))
            next_seed += need
            for batch in pool.map(_chunk, seeds):
                for text, n in batch:
                    if items >= articles:
                        break
                    path = page_path(root, pages)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text(text, encoding="utf-8")
                    pages += 1
                    items += n
            per_page = items / max(pages, 1)
    manifest.write_text(json.dumps({"articles": articles, "seed": seed, "pages": pages, "items": items}))
    return pages, items, time.perf_counter() - t0


# ---------------------------------------------------------------- ingest


@contextmanager
def timing(cls: type, names: tuple[str, ...], into: dict[str, float]) -> Iterator[None]:
    """Add the wall time (and the CPU time, as NAME + " cpu") spent in some methods of `cls`, in this
    process, to `into`."""
    saved = {n: getattr(cls, n) for n in names}

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*a: Any, **k: Any) -> Any:
            t, c = time.perf_counter(), time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                into[name] += time.perf_counter() - t
                into[name + " cpu"] += time.thread_time() - c

        return timed

    for n, fn in saved.items():
        setattr(cls, n, wrap(n, fn))
    try:
        yield
    finally:
        for n, fn in saved.items():
            setattr(cls, n, fn)


def children_cpu() -> float:
    """CPU seconds of this process's finished child processes (the parser pool)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def parse_cost(root: Path, sample: int) -> tuple[float, float]:
    """Single-process parse time of a spread of pages: (ms per page, ms per item)."""
    files = sorted(root.rglob("*.txt"))
    step = max(1, len(files) // sample)
    picked = files[::step][:sample]
    for f in picked[:5]:
        parse_page(f.read_bytes(), f.name)
    t0 = time.perf_counter()
    n = 0
    for f in picked:
        n += len(parse_page(f.read_bytes(), f.name).articles)
    wall = time.perf_counter() - t0
    return wall * 1000 / len(picked), wall * 1000 / max(n, 1)


def db_breakdown(path: Path) -> list[tuple[str, int]]:
    """Bytes per table/index (with the FTS shadow tables together), when dbstat is there."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.Error:
        return []
    finally:
        db.close()
    groups: dict[str, int] = collections.Counter()
    for name, size in rows:
        key = "articles_fts (index)" if name.startswith("articles_fts") else name
        if name.startswith("sqlite_autoindex_pages"):
            key = "pages (source_path index)"
        groups[key] += size
    return sorted(groups.items(), key=lambda kv: -kv[1])


# ---------------------------------------------------------------- queries


def make_queries(seed: int, last_day: dt.date) -> list[tuple[str, str, dict[str, Any]]]:
    """200 queries (category, query, filters), the same for a given seed."""
    rng = random.Random(f"bench-archive-queries:{seed}")
    material = synth.load_articles(GOLD)
    bodies = [a["body"] for a in material if a.get("kind") in ("article", "notice")]
    titles = [a["title"] for a in material if a.get("title")]
    runs = [r for t in bodies + titles for r in regex.findall(r"\p{Han}{2,}", t)]
    chars = collections.Counter(ch for t in bodies for ch in regex.findall(r"\p{Han}", t))
    common = [c for c, _ in chars.most_common(40)]
    rare = [c for c, k in chars.items() if k <= 3]

    def term(n: int) -> str:
        run = rng.choice([r for r in runs if len(r) >= n])
        k = rng.randrange(len(run) - n + 1)
        return run[k : k + n]

    def pair(n: int) -> tuple[str, str]:
        """Two terms of one article (so that AND finds something)."""
        body = rng.choice(bodies)
        rs = [r for r in regex.findall(r"\p{Han}{2,}", body) if len(r) >= n]
        a, b = rng.choice(rs), rng.choice(rs)
        i, j = rng.randrange(len(a) - n + 1), rng.randrange(len(b) - n + 1)
        return a[i : i + n], b[j : j + n]

    def span() -> dict[str, Any]:
        days = (last_day - FIRST_DAY).days
        start = FIRST_DAY + dt.timedelta(days=rng.randrange(max(days, 1)))
        end = start + dt.timedelta(days=rng.choice((7, 30, 90)))
        return {"date_from": start.isoformat(), "date_to": end.isoformat()}

    q: list[tuple[str, str, dict[str, Any]]] = []
    q += [("1 char (common)", rng.choice(common), {}) for _ in range(15)]
    q += [("1 char (rare)", rng.choice(rare), {}) for _ in range(15)]
    q += [("2 chars", term(2), {}) for _ in range(30)]
    q += [("4 chars", term(4), {}) for _ in range(30)]
    for _ in range(25):
        text = term(rng.randint(6, 10))
        if rng.random() < 0.3:
            cut = rng.randint(2, len(text) - 2)
            text = f"{text[:cut]} {text[cut:]}"
        q.append(("phrase", f'"{text}"', {}))
    for _ in range(20):
        a, b = pair(2)
        q.append(("AND", f"{a} AND {b}" if rng.random() < 0.6 else f"{a} {b}", {}))
    q += [("OR", f"{term(2)} OR {term(rng.choice((2, 4)))}", {}) for _ in range(20)]
    for _ in range(15):
        a, b = pair(2)
        q.append(("NOT", f"{a} NOT {b}" if rng.random() < 0.5 else f"{a} NOT {term(2)}", {}))
    for _ in range(10):
        q.append(("filter paper", term(rng.choice((1, 2, 4))), {"paper": rng.choice(PAPERS)}))
    for _ in range(10):
        q.append(("filter date", term(rng.choice((1, 2, 4))), span()))
    for _ in range(10):
        f: dict[str, Any] = {"kind": rng.choice(("photo", "teaser", "article", "article"))}
        if rng.random() < 0.5:
            f["page"] = 1
        if rng.random() < 0.3:
            f["paper"] = rng.choice(PAPERS)
        q.append(("filter kind/page", term(rng.choice((1, 2))), f))
    assert len(q) == 200, len(q)
    return q


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * pct / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def run_queries(archive: Archive, queries: list[tuple[str, str, dict[str, Any]]]) -> list[tuple[float, int]]:
    """(ms, hits returned) per query."""
    out = []
    for _cat, query, filters in queries:
        t0 = time.perf_counter()
        hits = search(archive, query, limit=20, **filters)
        out.append(((time.perf_counter() - t0) * 1000, len(hits)))
    return out


def describe(lat: list[float]) -> str:
    s = sorted(lat)
    return (f"p50 {percentile(s, 50):6.1f} ms  p95 {percentile(s, 95):6.1f} ms  p99 {percentile(s, 99):6.1f} ms  "
            f"max {s[-1]:6.1f} ms  mean {statistics.fmean(s):6.1f} ms")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000, help="items to ingest (default 100000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parser processes (default: all cores)")
    ap.add_argument("--keep", type=Path, help="build the corpus and the archive in DIR and keep them "
                    "(a later run with the same DIR, --articles and --seed reuses the corpus)")
    ap.add_argument("--seed", type=int, default=0, help="corpus and query seed (default 0)")
    ap.add_argument("--parse-sample", type=int, default=300, help="pages parsed alone to cost parsing (default 300)")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    args = ap.parse_args(argv)
    if args.articles < 1:
        ap.error("--articles must be at least 1")

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-archive-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "pages"
    db_path = work / "archive.sqlite"
    try:
        pages, items, gen_s = build_corpus(corpus, args.articles, args.seed, args.jobs)
        size_mb = sum(f.stat().st_size for f in corpus.rglob("*.txt")) / 1e6
        if gen_s:
            print(f"corpus      {pages} pages, {items} gold items, {size_mb:.1f} MB, written in {gen_s:.1f} s "
                  f"(make_corpus, {args.jobs} processes)")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)

        # ------------------------------------------------ ingest (timed)
        spent: dict[str, float] = collections.defaultdict(float)
        with Archive(db_path) as archive, timing(Archive, ("add_page", "commit", "stitch_issue"), spent):
            t0, main0, kids0 = time.perf_counter(), time.process_time(), children_cpu()
            report = ingest(archive, [corpus], path_pattern=PATTERN, jobs=args.jobs)
            ingest_s = time.perf_counter() - t0
            main_cpu, kids_cpu = time.process_time() - main0, children_cpu() - kids0
            archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            stats = archive.stats()
        stored = stats["articles"]
        art_s = stored / ingest_s
        pg_s = report.added / ingest_s
        store_s = spent["add_page"] - spent["stitch_issue"] + spent["commit"]
        store_cpu = spent["add_page cpu"] - spent["stitch_issue cpu"] + spent["commit cpu"]
        stitch_cpu = spent["stitch_issue cpu"]
        wait_s = ingest_s - spent["add_page"] - spent["commit"]
        ms_page, ms_item = parse_cost(corpus, args.parse_sample)
        parse_cpu = ms_page * pages / 1000
        print(f"ingest      {report.added} pages, {stored} articles in {ingest_s:.1f} s  ->  "
              f"{art_s:,.0f} articles/s, {pg_s:,.0f} pages/s  (--jobs {args.jobs}; failed {report.failed})")
        print(f"  main      storing (insert + index + commits) {store_s:.1f} s wall / {store_cpu:.1f} s CPU, "
              f"stitching {spent['stitch_issue']:.1f} s / {stitch_cpu:.1f} s CPU, "
              f"waiting for parsed pages {wait_s:.1f} s  (of {ingest_s:.1f} s)")
        print(f"  parsing   {ms_page:.2f} ms/page alone ({ms_item:.2f} ms/article) -> {parse_cpu:.1f} s of CPU "
              f"for the corpus, {parse_cpu / max(args.jobs, 1):.1f} s over {args.jobs} process(es)")
        other_cpu = max(main_cpu - store_cpu - stitch_cpu - (0 if args.jobs > 1 else parse_cpu), 0.0)
        if args.jobs > 1:
            parse_cpu = kids_cpu  # measured: the parser processes' own CPU time
        shares = {"parsing": parse_cpu, "storing": store_cpu, "stitching": stitch_cpu,
                  "other (results unpickled, files listed)": other_cpu}
        total_cpu = sum(shares.values())
        print(f"  CPU       main process {main_cpu:.1f} s, parser processes {kids_cpu:.1f} s: "
              + ", ".join(f"{k} {v:.1f} s ({v / total_cpu:.0%})" for k, v in shares.items()))
        print(f"  serial    one writer: storing + stitching alone would allow "
              f"{stored / max(store_cpu + stitch_cpu, 1e-9):,.0f} articles/s; the main process's wall time "
              "includes waits for the GIL while the pool's thread unpickles parsed pages")
        print(f"  dominates {max(shares, key=shares.__getitem__)} (CPU)")
        print(f"  archive   {stats['pages']} pages ({stats['unplaced_pages']} unplaced), {stats['issues']} issues, "
              f"{stats['stories']} stitched links, kinds {stats['by_kind']}")

        db_bytes = sum(Path(f"{db_path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db_path}{s}").exists())
        print(f"database    {db_bytes / 2**20:.1f} MiB ({db_bytes / stored:.0f} bytes/article; "
              f"page files {size_mb:.1f} MB)")
        parts = db_breakdown(db_path)
        if parts:
            print("  holds     " + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in parts[:6]))

        # ------------------------------------------------ search
        with Archive(db_path, readonly=True) as archive:
            last = archive.db.execute("SELECT max(date) FROM pages").fetchone()[0]
            queries = make_queries(args.seed, dt.date.fromisoformat(last))
            cold = run_queries(archive, queries)
            warm = run_queries(archive, queries)
            matches = [
                archive.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                   (to_fts(q),)).fetchone()[0]
                for _c, q, _f in queries
            ]
        lat = [ms for ms, _ in warm]
        print(f"search      {len(queries)} queries, limit 20, read-only connection")
        print(f"  cold      {describe([ms for ms, _ in cold])}")
        print(f"  warm      {describe(lat)}")
        print(f"  hits      {sum(1 for _, n in warm if n)} queries with hits; "
              f"median {statistics.median(matches):.0f} matching articles, max {max(matches)}")
        by_cat: dict[str, list[float]] = collections.defaultdict(list)
        for (cat, _q, _f), ms in zip(queries, lat, strict=True):
            by_cat[cat].append(ms)
        for cat, values in by_cat.items():
            s = sorted(values)
            print(f"  {cat:<18} n={len(s):<3} p50 {percentile(s, 50):6.1f} ms  p95 {percentile(s, 95):6.1f} ms  "
                  f"max {s[-1]:6.1f} ms")
        order = sorted(range(len(queries)), key=lambda i: -lat[i])
        print("  slowest:")
        for i in order[:8]:
            cat, q, f = queries[i]
            extra = " " + " ".join(f"{k}={v}" for k, v in f.items()) if f else ""
            print(f"    {lat[i]:7.1f} ms  {matches[i]:>6} matches  [{cat}] {q}{extra}")
        fit = statistics.linear_regression(matches, lat)
        corr = statistics.correlation(matches, lat) if len(set(matches)) > 1 else float("nan")
        print(f"  dominates ranking every match: latency ~ {fit.intercept:.1f} ms + {fit.slope * 10_000:.1f} ms "
              f"per 10,000 matching articles (r = {corr:.2f}); bm25 is computed for every match "
              "before the top 20 are kept")
        s = sorted(lat)
        figures = {
            "articles": stored, "pages": report.added, "ingest_s": round(ingest_s, 2),
            "articles_per_s": round(art_s), "pages_per_s": round(pg_s), "db_mib": round(db_bytes / 2**20, 1),
            "p50_ms": round(percentile(s, 50), 2), "p95_ms": round(percentile(s, 95), 2),
            "p99_ms": round(percentile(s, 99), 2), "jobs": args.jobs,
        }
        verdict = [
            f"ingest {'OK' if art_s >= TARGETS['articles_per_s'] else 'BELOW'} (>= {TARGETS['articles_per_s']}/s)",
            f"p95 {'OK' if figures['p95_ms'] <= TARGETS['p95_ms'] else 'ABOVE'} (<= {TARGETS['p95_ms']} ms)",
            f"p99 {'OK' if figures['p99_ms'] <= TARGETS['p99_ms'] else 'ABOVE'} (<= {TARGETS['p99_ms']} ms)",
        ]
        print("targets     " + ", ".join(verdict))
        if args.json:
            print(json.dumps(figures))
        if args.keep:
            print(f"kept        {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
