#!/usr/bin/env python3
"""Search throughput and latency of the web reader (baokan.web) under concurrent clients, on loopback.

Starts the real server, `python -m baokan serve --db FILE --workers N` (uvicorn; N processes,
default 1) on a free port of 127.0.0.1, over a 100,000-article archive (built as
`bench_archive.py` builds its own: synthetic pages from real article text, ingested with
`baokan.archive.ingest.ingest`, and kept under the temporary directory, $TMPDIR/baokan-bench-web-ARTICLES-sSEED,
so the next run reuses it; or --keep DIR, or --db FILE), then runs N concurrent clients (threads of this process, one keep-alive `httpx.Client` each) for
a fixed time. Each client loops over its own shuffled copy of bench_archive's 200-query mix (one-,
two- and four-character terms, phrases, AND / OR / NOT, queries filtered by paper, date range,
page and kind) plus 20 flips to the second result page, sent to /search (the HTML page a reader
gets) or, with --api, to /api/search. A short warm-up of the same load is not counted.

    python benchmarks/bench_web.py [--articles 100000 | --db FILE] [--keep DIR] [--workers 2]
                                   [--clients 20] [--seconds 30] [--api] [--probe] [--json]

Prints requests, duration, requests/s, latency p50/p95/p99/max, errors (non-200 answers and
failed requests; the first few shown), latency by query kind and the slowest requests (with
--probe also each request's latency alone, one client, which names the costly query kinds), the
server's peak RSS (VmHWM, summed over its worker processes) and CPU time, the archive's size and
article count. The load
generator runs on the same machine as the server and they share its cores (said in the output).
Target: 20 clients for 30 s with 0 errors (the exit status is 1 otherwise) and p95 <= 150 ms
(reported, not enforced: it depends on the machine).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import html
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT / "src"))  # run from a checkout without installing, too
sys.path.insert(0, str(BENCH))

from bench_archive import PATTERN, build_corpus, make_queries, percentile  # noqa: E402

from baokan.archive import Archive  # noqa: E402
from baokan.archive.ingest import ingest  # noqa: E402

HOST = "127.0.0.1"
FLIPS = 20  # requests for the second page of results, added to the 200 queries
SHOW_ERRORS = 5
TARGET_P95_MS = 150
FILTER_PARAMS = {"paper": "paper", "date_from": "from", "date_to": "to", "page": "page_no", "kind": "kind"}


@dataclass(frozen=True, slots=True)
class Request:
    kind: str
    params: dict[str, str]

    def label(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.params.items())


@dataclass(slots=True)
class Results:
    """What the clients saw (recorded from several threads, under the lock)."""

    done: list[tuple[str, float]] = field(default_factory=list)  # (request label, ms) of each 200
    by_kind: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, req: Request, ms: float) -> None:
        with self.lock:
            self.done.append((f"[{req.kind}] {req.label()}", ms))
            self.by_kind[req.kind].append(ms)

    def failed(self, req: Request, what: str) -> None:
        with self.lock:
            self.error_count += 1
            if len(self.errors) < SHOW_ERRORS:
                self.errors.append(f"[{req.kind}] {req.label()}: {what}")


# ---------------------------------------------------------------- archive


def build_archive(work: Path, articles: int, seed: int, jobs: int) -> Path:
    """The archive in `work`, built (corpus and ingest, as bench_archive does) unless a finished one
    for the same --articles and --seed is already there."""
    db_path = work / "archive.sqlite"
    marker = work / "archive.json"
    want = {"articles": articles, "seed": seed}
    if db_path.exists() and marker.exists() and json.loads(marker.read_text()).get("built") == want:
        print(f"archive     reusing {db_path}")
        return db_path
    marker.unlink(missing_ok=True)
    corpus = work / "pages"
    pages, items, gen_s = build_corpus(corpus, articles, seed, jobs)
    if gen_s:
        print(f"corpus      {pages} pages, {items} gold items, written in {gen_s:.1f} s")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Archive(db_path) as archive:
        report = ingest(archive, [corpus], path_pattern=PATTERN, jobs=jobs)
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"ingest      {report.added} pages in {time.perf_counter() - t0:.1f} s (failed {report.failed})")
    marker.write_text(json.dumps({"built": want}))
    return db_path


def archive_facts(db_path: Path) -> tuple[int, int, dt.date]:
    """(articles, bytes on disk, last issue date) of an archive."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        last = db.execute("SELECT max(date) FROM pages").fetchone()[0]
    finally:
        db.close()
    size = sum(Path(f"{db_path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db_path}{s}").exists())
    return articles, size, dt.date.fromisoformat(last) if last else dt.date(2019, 1, 1)


# ---------------------------------------------------------------- requests


def request_mix(seed: int, last_day: dt.date) -> list[Request]:
    """bench_archive's 200 queries as URL parameters, plus FLIPS second-page requests."""
    mix = []
    for kind, query, filters in make_queries(seed, last_day):
        params = {"q": query}
        params.update({FILTER_PARAMS[k]: str(v) for k, v in filters.items()})
        mix.append(Request(kind, params))
    plain = [r for r in mix if len(r.params) == 1 and r.kind in ("1 char (common)", "2 chars", "OR")]
    rng = random.Random(f"bench-web-flips:{seed}")
    mix += [Request("page 2", {**r.params, "p": "2"}) for r in rng.sample(plain, min(FLIPS, len(plain)))]
    return mix


def brief(r: httpx.Response) -> str:
    """An error answer in a line: its HTML title and message, or the start of its JSON."""
    text = r.text
    if "<html" in text[:200].lower():
        text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return repr(" ".join(text.split())[:160])


def client(base: str, path: str, mix: list[Request], seed: int, until: float, results: Results | None) -> None:
    """One client: keep-alive connection, requests in a shuffled order, one at a time, until `until`."""
    rng = random.Random(seed)
    order = mix[:]
    with httpx.Client(base_url=base, timeout=60.0) as http:
        while True:
            rng.shuffle(order)
            for req in order:
                if time.perf_counter() >= until:
                    return
                t0 = time.perf_counter()
                try:
                    r = http.get(path, params=req.params)
                except httpx.HTTPError as e:
                    if results is not None:
                        results.failed(req, f"{type(e).__name__}: {e}")
                    continue
                ms = (time.perf_counter() - t0) * 1000
                if results is None:
                    continue
                if r.status_code == 200:
                    results.ok(req, ms)
                else:
                    results.failed(req, f"HTTP {r.status_code} {brief(r)}")


def probe(base: str, path: str, mix: list[Request]) -> Results:
    """Each request of the mix once, one at a time, on an otherwise idle server: what a query costs
    without queueing behind other clients."""
    results = Results()
    with httpx.Client(base_url=base, timeout=60.0) as http:
        for req in mix:
            t0 = time.perf_counter()
            try:
                r = http.get(path, params=req.params)
            except httpx.HTTPError as e:
                results.failed(req, f"{type(e).__name__}: {e}")
                continue
            if r.status_code == 200:
                results.ok(req, (time.perf_counter() - t0) * 1000)
            else:
                results.failed(req, f"HTTP {r.status_code} {brief(r)}")
    return results


def run_load(base: str, path: str, mix: list[Request], clients: int, seconds: float, counted: bool,
             seed: int) -> tuple[Results, float]:
    """`clients` threads for `seconds`: (results, wall seconds until the last one finished)."""
    results = Results()
    until = time.perf_counter() + seconds
    t0 = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(base, path, mix, seed * 1000 + i, until, results if counted else None),
                         daemon=True)
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - t0


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def family(pid: int) -> list[int]:
    """A process and its descendants (uvicorn's worker processes), from /proc/PID/task/*/children."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def proc_status(pid: int, key: str) -> int | None:
    """A kB figure (VmHWM, VmRSS) from /proc/PID/status, in bytes, summed over the process and its
    descendants; None where there is no /proc."""
    total = None
    for p in family(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    total = (total or 0) + int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
    return total


def proc_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process and its descendants, from /proc/PID/stat."""
    total = None
    for p in family(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total = (total or 0.0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    return total


@contextlib.contextmanager
def server(db_path: Path, log: Path, workers: int = 1) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`baokan serve` on a free loopback port, answering: (process, base URL); stopped on the way out."""
    port = free_port()
    cmd = [sys.executable, "-m", "baokan", "serve", "--db", str(db_path), "--host", HOST, "--port", str(port),
           "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://{HOST}:{port}"
    try:
        wait_until_up(proc, base, log)
        yield proc, base
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (uvicorn shuts down), SIGKILL if that takes over 15 s or is interrupted."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(timeout=15)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        proc.kill()
        proc.wait()


def wait_until_up(proc: subprocess.Popen[bytes], base: str, log: Path, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(base + "/search", timeout=5.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {limit:.0f} s:\n{log.read_text(errors='replace')}")


# ---------------------------------------------------------------- report


def latency_line(values: list[float]) -> str:
    s = sorted(values)
    if not s:
        return "no successful requests"
    return (f"p50 {percentile(s, 50):7.1f} ms  p95 {percentile(s, 95):7.1f} ms  p99 {percentile(s, 99):7.1f} ms  "
            f"max {s[-1]:7.1f} ms")


def print_breakdown(results: Results) -> None:
    print("  by kind   (slowest p95 first)")
    kinds = sorted(results.by_kind.items(), key=lambda kv: -percentile(sorted(kv[1]), 95))
    for kind, values in kinds:
        print(f"    {kind:<18} n={len(values):<6} {latency_line(values)}")
    print("  slowest requests:")
    for label, ms in sorted(results.done, key=lambda d: -d[1])[:8]:
        print(f"    {ms:8.1f} ms  {label}")


def mib(n: int | None) -> str:
    return "n/a" if n is None else f"{n / 2**20:.1f} MiB"


# ---------------------------------------------------------------- main


@dataclass(slots=True)
class Run:
    """One measured run against the server."""

    results: Results
    wall: float  # seconds from the start until the last client finished
    peak: int | None  # the server's VmHWM, bytes
    server_cpu: float | None  # seconds, during the measured run
    client_cpu: float  # seconds of this process, during the measured run
    alive: bool  # the server was still running at the end
    alone: Results | None  # --probe


def measure(db_path: Path, log: Path, path: str, mix: list[Request], args: argparse.Namespace) -> Run:
    """Start the server, warm it up, run the clients, read its peak memory, stop it."""
    with server(db_path, log, args.workers) as (proc, base):
        print(f"server      pid {proc.pid}, {base}, {args.workers} worker process(es), "
              f"RSS {mib(proc_status(proc.pid, 'VmRSS'))} before load")
        print(f"load        {args.clients} clients x {args.seconds:g} s on {path}, {len(mix)} requests in the mix "
              f"(200 queries + {len(mix) - 200} page flips), each client in its own shuffled order; "
              f"warm-up {args.warmup:g} s")
        if args.warmup > 0:
            run_load(base, path, mix, args.clients, args.warmup, False, args.seed + 1)
        cpu0, own0 = proc_cpu(proc.pid), time.process_time()
        results, wall = run_load(base, path, mix, args.clients, args.seconds, True, args.seed)
        cpu1, own = proc_cpu(proc.pid), time.process_time() - own0
        peak = proc_status(proc.pid, "VmHWM")
        alive = proc.poll() is None
        alone = probe(base, path, mix) if args.probe and alive else None
    server_cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
    return Run(results, wall, peak, server_cpu, own, alive, alone)


def report(run: Run, log: Path) -> dict[str, Any]:
    """Print the figures; return them for --json."""
    results = run.results
    lat = sorted(ms for _label, ms in results.done)
    n = len(lat) + results.error_count
    rps = len(lat) / run.wall
    print(f"requests    {n:,} in {run.wall:.1f} s -> {rps:,.1f} requests/s (successful ones)")
    print(f"latency     {latency_line(lat)}")
    print(f"errors      {results.error_count}" + ("" if run.alive else "  (the server died during the run)"))
    for e in results.errors:
        print(f"    {e}")
    cpu = "" if run.server_cpu is None else f"; CPU {run.server_cpu:.1f} s"
    print(f"server      peak RSS (VmHWM) {mib(run.peak)}{cpu}")
    print(f"clients     CPU {run.client_cpu:.1f} s in this process "
          f"(of {run.wall * (os.cpu_count() or 1):.0f} core-seconds)")
    print_breakdown(results)
    if run.alone is not None:
        print(f"alone       one client, each request of the mix once: "
              f"{latency_line([ms for _, ms in run.alone.done])}, errors {run.alone.error_count}")
        print_breakdown(run.alone)
    errors = results.error_count + (0 if run.alive else 1)
    p95 = percentile(lat, 95) if lat else float("inf")
    print(f"target      errors {'OK' if errors == 0 else 'FAIL'} (must be 0); "
          f"p95 {'OK' if p95 <= TARGET_P95_MS else 'over'} (<= {TARGET_P95_MS} ms)")
    if errors:
        print(f"server log  {log}:\n" + log.read_text(errors="replace")[-3000:])
    return {
        "seconds": round(run.wall, 2), "requests": n, "rps": round(rps, 1),
        "p50_ms": round(percentile(lat, 50), 2), "p95_ms": round(percentile(lat, 95), 2),
        "p99_ms": round(percentile(lat, 99), 2), "max_ms": round(lat[-1], 2) if lat else None, "errors": errors,
        "server_peak_rss_mib": round(run.peak / 2**20, 1) if run.peak else None,
        "server_cpu_s": None if run.server_cpu is None else round(run.server_cpu, 1),
        "client_cpu_s": round(run.client_cpu, 1), "cpus": os.cpu_count(),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, help="use this archive (otherwise one is built with --articles)")
    ap.add_argument("--articles", type=int, default=100_000, help="items in the archive built (default 100000)")
    ap.add_argument("--keep", type=Path, help="build the corpus and the archive in DIR and keep them "
                    "(a later run with the same DIR, --articles and --seed reuses the archive); default "
                    "$TMPDIR/baokan-bench-web-ARTICLES-sSEED")
    ap.add_argument("--fresh", action="store_true", help="build the archive again even if one is kept")
    ap.add_argument("--workers", type=int, default=1, help="server processes, `baokan serve --workers` (default 1)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parser processes for the build")
    ap.add_argument("--seed", type=int, default=0, help="corpus, query and client seed (default 0)")
    ap.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    ap.add_argument("--seconds", type=float, default=30.0, help="measured duration (default 30)")
    ap.add_argument("--warmup", type=float, default=3.0, help="uncounted warm-up with the same load (default 3 s)")
    ap.add_argument("--probe", action="store_true", help="afterwards, also time each request of the mix once "
                    "with a single client (latency by query kind without queueing)")
    ap.add_argument("--api", action="store_true", help="hit /api/search (JSON) instead of /search (HTML)")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON object")
    args = ap.parse_args(argv)
    if args.articles < 1 or args.clients < 1 or args.workers < 1 or args.seconds <= 0:
        ap.error("--articles, --clients and --workers must be at least 1, --seconds above 0")
    if args.db and not args.db.is_file():
        ap.error(f"no archive at {args.db}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on `timeout` / kill, too
    work = args.keep or Path(tempfile.gettempdir()) / f"baokan-bench-web-{args.articles}-s{args.seed}"
    work.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        (work / "archive.json").unlink(missing_ok=True)
    db_path = args.db or build_archive(work, args.articles, args.seed, args.jobs)
    articles, db_bytes, last_day = archive_facts(db_path)
    mix = request_mix(args.seed, last_day)
    path = "/api/search" if args.api else "/search"
    print(f"archive     {db_path}: {articles:,} articles, {mib(db_bytes)}")
    print(f"machine     {os.cpu_count()} CPU core(s), shared by the server and the load generator (this "
          "process, on the same machine over loopback): the figures are a lower bound for the server alone")
    run = measure(db_path, work / "server.log", path, mix, args)
    figures = report(run, work / "server.log")
    if args.json:
        print(json.dumps({"articles": articles, "db_mib": round(db_bytes / 2**20, 1), "path": path,
                          "clients": args.clients, "workers": args.workers, **figures}))
    if not args.db:
        print(f"kept        {work} (reused by the next run with the same --articles and --seed)")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
