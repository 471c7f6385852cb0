#!/usr/bin/env python3
"""Throughput and latency of `baokan.parse_page` on one core.

Builds a corpus of newspaper pages from the seed pages (eval/pages, eval/gold): with
`eval/synth.py` (make_corpus) when that module is there and works, else by recombining the
seed texts (their blank-line separated blocks shuffled into new pages). Then parses every
page, as UTF-8 bytes, in this one process and prints:

    pages, total MB, pages/s, MB/s, latency p50/p95/p99 per page (ms),
    peak memory: tracemalloc peak while parsing one page, and the process's maxrss.

    python benchmarks/bench_parse.py [--pages N] [--seed S] [--source auto|synth|seeds]
    python benchmarks/bench_parse.py --profile      # also: top 15 functions by cumulative time

Timing and memory tracing are separate passes: tracemalloc slows allocation a lot, so the
traced pass runs over a sample of the pages (the largest among them), after the timed one.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import os
import pstats
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval"), str(ROOT / "src")]  # eval tooling; baokan from the checkout, too

from baokan import parse_page  # noqa: E402

SEED_PAGES = ROOT / "eval" / "pages"
SEED_GOLD = ROOT / "eval" / "gold"


# ---------------------------------------------------------------- corpus


def corpus_from_synth(n: int, seed: int) -> list[tuple[str, bytes]]:
    import synth  # eval/synth.py

    articles = synth.load_articles(SEED_GOLD)
    pages = synth.make_corpus(articles, n, seed=seed)
    if len(pages) != n:
        raise RuntimeError(f"make_corpus gave {len(pages)} pages, not {n}")
    return [(name, text.encode("utf-8")) for name, text, _gold in pages]


def corpus_from_seeds(n: int, seed: int) -> list[tuple[str, bytes]]:
    """New pages made of the seed pages' blank-line separated blocks, shuffled."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_PAGES.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no seed pages in {SEED_PAGES}")
    blocks = [b.strip("\n") for t in texts for b in t.split("\n\n") if b.strip()]
    counts = [sum(1 for b in t.split("\n\n") if b.strip()) for t in texts]
    heads = [t.split("\n\n")[: 12] for t in texts]  # a masthead-like top, now and then
    out = []
    for i in range(n):
        k = rng.randint(max(8, min(counts) // 2), max(counts))
        chosen = rng.sample(blocks, min(k, len(blocks)))
        if rng.random() < 0.3:
            chosen = rng.choice(heads) + chosen
        out.append((f"mix{seed}_{i:05d}", ("\n\n".join(chosen) + "\n").encode("utf-8")))
    return out


def corpus_from_rmrb(n: int, seed: int) -> list[tuple[str, bytes]]:
    """Real People's Daily pages (eval/corpus) rendered in the five styles: pages of real size."""
    sys.path.insert(0, str(ROOT / "eval" / "train"))
    import corpus  # eval/train/corpus.py

    pages = corpus.load()
    keys = list(pages)
    random.Random(seed).shuffle(keys)
    keys = (keys * (n // len(keys) + 1))[:n]
    return [(name, text.encode("utf-8")) for name, text, _gold in corpus.render(pages, keys, seed)]


def build_corpus(n: int, seed: int, source: str) -> tuple[str, list[tuple[str, bytes]]]:
    if source == "rmrb":
        return "People's Daily pages rendered from eval/corpus", corpus_from_rmrb(n, seed)
    if source in ("auto", "synth"):
        try:
            return "eval/synth.py make_corpus", corpus_from_synth(n, seed)
        except Exception as e:  # any failure of the helper module falls back to recombination
            if source == "synth":
                raise
            print(f"(baokan.synth unusable: {type(e).__name__}: {e}; recombining seed pages)", file=sys.stderr)
    return "recombined seed pages", corpus_from_seeds(n, seed)


# ---------------------------------------------------------------- measuring


def percentile(sorted_values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between closest ranks."""
    if not sorted_values:
        return float("nan")
    pos = (len(sorted_values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def timed_pass(pages: list[tuple[str, bytes]]) -> tuple[float, list[float], int]:
    """Parse every page; (wall seconds, per-page latencies in ms, articles found)."""
    lat: list[float] = []
    articles = 0
    clock = time.perf_counter_ns
    gc.collect()
    start = clock()
    for name, data in pages:
        t0 = clock()
        page = parse_page(data, name)
        lat.append((clock() - t0) / 1e6)
        articles += len(page.articles)
    return (clock() - start) / 1e9, lat, articles


def traced_pass(pages: list[tuple[str, bytes]]) -> tuple[int, int, str]:
    """tracemalloc over some pages: (largest peak while parsing one page, its size, its name)."""
    worst = (0, 0, "")
    tracemalloc.start()
    try:
        for name, data in pages:
            tracemalloc.reset_peak()
            base, _ = tracemalloc.get_traced_memory()
            parse_page(data, name)
            _, peak = tracemalloc.get_traced_memory()
            if peak - base > worst[0]:
                worst = (peak - base, len(data), name)
    finally:
        tracemalloc.stop()
    return worst


def maxrss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def profile(pages: list[tuple[str, bytes]], top: int = 15) -> str:
    prof = cProfile.Profile()
    prof.enable()
    for name, data in pages:
        parse_page(data, name)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.strip_dirs().sort_stats(pstats.SortKey.CUMULATIVE).print_stats(top)
    return buf.getvalue()


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=600, help="pages to parse (default 600)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    ap.add_argument("--source", choices=("rmrb", "auto", "synth", "seeds"), default="rmrb",
                    help="rmrb: real People's Daily pages of real size (default); synth/seeds: from the seed pages")
    ap.add_argument("--trace-pages", type=int, default=60, help="pages in the tracemalloc pass (default 60)")
    ap.add_argument("--profile", action="store_true", help="also print the top 15 functions by cumulative time")
    ap.add_argument("--profile-pages", type=int, default=300, help="pages in the cProfile pass (default 300)")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")

    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, and the same one

    t0 = time.perf_counter()
    source, pages = build_corpus(args.pages, args.seed, args.source)
    build_s = time.perf_counter() - t0
    total_bytes = sum(len(d) for _, d in pages)

    for name, data in pages[:5]:  # warm up: regex compilation, imports
        parse_page(data, name)

    wall, lat, articles = timed_pass(pages)
    lat_sorted = sorted(lat)
    slowest = max(range(len(lat)), key=lat.__getitem__)

    # the traced sample: the largest pages, and an even spread of the rest
    k = min(args.trace_pages, len(pages))
    by_size = sorted(range(len(pages)), key=lambda i: len(pages[i][1]), reverse=True)
    spread = range(0, len(pages), max(1, len(pages) // max(1, k - k // 2)))
    picked = sorted(set(by_size[: k // 2]) | set(spread))
    trace_peak, trace_size, trace_name = traced_pass([pages[i] for i in picked])

    mb = total_bytes / 1e6
    print(f"corpus      {source}, seed {args.seed} (built in {build_s:.1f} s)")
    print(f"pages       {len(pages)}  ({articles} items found, {articles / len(pages):.1f} per page)")
    print(f"total       {mb:.2f} MB UTF-8  (mean {total_bytes / len(pages) / 1e3:.1f} kB, max {max(len(d) for _, d in pages) / 1e3:.1f} kB per page)")
    print(f"time        {wall:.2f} s on one core (single process)")
    print(f"throughput  {len(pages) / wall:.1f} pages/s  {mb / wall:.3f} MB/s")
    print(
        f"latency     p50 {percentile(lat_sorted, 50):.2f} ms  p95 {percentile(lat_sorted, 95):.2f} ms  "
        f"p99 {percentile(lat_sorted, 99):.2f} ms  max {lat_sorted[-1]:.2f} ms "
        f"({pages[slowest][0]}, {len(pages[slowest][1]) / 1e3:.1f} kB)  mean {statistics.fmean(lat):.2f} ms"
    )
    print(
        f"memory      tracemalloc peak {trace_peak / 2**20:.2f} MiB for one page "
        f"({trace_name}, {trace_size / 1e3:.1f} kB; {len(picked)} pages traced)  "
        f"maxrss {maxrss_bytes() / 2**20:.1f} MiB (whole process, corpus included)"
    )

    if args.profile:
        n = min(args.profile_pages, len(pages))
        print(f"\ncProfile over {n} pages, top 15 by cumulative time:")
        print(profile(pages[:n]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
