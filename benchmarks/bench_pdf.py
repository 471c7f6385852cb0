#!/usr/bin/env python3
"""Throughput and memory of reading e-paper PDFs: `baokan.parse.pdf.parse_pdf`, PDF bytes to
page JSON, on one core.

Renders broadsheet pages from the People's Daily corpus with `eval/pdf/render.py` (5 to 8
columns, boxed, vertical-title, L-shaped and photo articles), then parses each, as bytes, in
this one process, and prints:

    pages, total MB, pages/s, MB/s, latency p50/p95/p99 per page (ms),
    peak memory: tracemalloc peak while parsing one page, and the process's maxrss.

    python benchmarks/bench_pdf.py [--pages N] [--seed S]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval" / "pdf"), str(ROOT / "eval" / "train"), str(ROOT / "eval"), str(ROOT / "src")]

import corpus  # noqa: E402
import render  # noqa: E402

from baokan.parse.pdf import parse_pdf  # noqa: E402


def pages_to_parse(n: int, seed: int) -> list[tuple[str, bytes]]:
    pages = corpus.load()
    keys = list(pages)[:n]
    return [(name, data) for name, data, _gold in render.render_pages(pages, keys, seed)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200, help="pages to render and parse (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = pages_to_parse(args.pages, args.seed)
    built = time.perf_counter() - t0
    total = sum(len(d) for _, d in docs)
    lat: list[float] = []
    items = 0
    gc.collect()
    start = time.perf_counter()
    for name, data in docs:
        t = time.perf_counter()
        (pp,) = parse_pdf(data, name + ".pdf")
        lat.append(time.perf_counter() - t)
        items += len(pp.page.articles) if pp.page else 0
    elapsed = time.perf_counter() - start
    sample = sorted(docs, key=lambda d: -len(d[1]))[:20]
    peak = 0
    for name, data in sample:
        tracemalloc.start()
        parse_pdf(data, name + ".pdf")
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [lat[0]] * 99
    report = {
        "pages": len(docs),
        "items": items,
        "mb": round(total / 1e6, 2),
        "seconds": round(elapsed, 2),
        "pages_per_s": round(len(docs) / elapsed, 1),
        "mb_per_s": round(total / 1e6 / elapsed, 2),
        "p50_ms": round(q[49] * 1000, 1),
        "p95_ms": round(q[94] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "tracemalloc_peak_mib": round(peak / 2**20, 1),
        "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"corpus      {len(docs)} broadsheet PDFs rendered from eval/corpus, seed {args.seed} (built in {built:.1f} s)")
    print(f"pages       {report['pages']}  ({items} items found, {items / max(len(docs), 1):.1f} per page)")
    print(f"total       {report['mb']} MB of PDF")
    print(f"time        {report['seconds']} s on one core (single process)")
    print(f"throughput  {report['pages_per_s']} pages/s  {report['mb_per_s']} MB/s")
    print(f"latency     p50 {report['p50_ms']} ms  p95 {report['p95_ms']} ms  p99 {report['p99_ms']} ms")
    print(f"memory      tracemalloc peak {report['tracemalloc_peak_mib']} MiB for one page (20 largest traced)  "
          f"maxrss {report['maxrss_mib']} MiB (whole process, rendered PDFs included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
