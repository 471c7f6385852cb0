#!/usr/bin/env python3
"""Reprint detection (baokan.reuse, local engine): speed, memory and accuracy on a labelled corpus.

The corpus comes from `reuse_corpus.make_corpus` (real gold article text, reprints with edits,
partial quotes, hard negatives; block k > 0 enciphered so the corpus scales, see that module).
Each item is stored as a one-article page (paper, date set) with `Archive.add_page` into a
temporary archive; then `baokan.reuse.run` is timed on N articles, 5% more articles (held back at
random from the same corpus, so they are new reprints of old texts as well as new texts) are
added and `run` is timed again (the incremental path).

    python benchmarks/bench_reuse.py --articles 10000
    python benchmarks/bench_reuse.py --sizes 2000,10000,100000   # one subprocess per size + growth
    python benchmarks/bench_reuse.py --articles 10000 --engine spark   # PySpark, local[2]

Prints: build time; run time and peak memory (ru_maxrss growth during the run, and with
--tracemalloc the Python heap peak of a second, traced run); pairs found, precision and recall
against the gold pairs (ambiguous pairs left out), hard negatives paired, adjusted Rand index of
the clusters (singletons as their own clusters); the incremental run's time and the same figures
on all articles. With --sizes: how run time grows with N (fitted exponent).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval"))  # reuse_corpus.py

from reuse_corpus import make_corpus  # noqa: E402
from reuse_score import add_items, evaluate  # noqa: E402

from baokan import reuse  # noqa: E402
from baokan.archive import Archive  # noqa: E402
from baokan.reuse import db as reuse_db  # noqa: E402


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed_run(archive: Archive, engine: str = "local") -> tuple[float, float, reuse.ReuseReport]:
    before = maxrss_mb()
    t0 = time.perf_counter()
    if engine == "spark":
        from baokan.reuse.spark import run_spark

        with ChildMemory() as children:
            report = run_spark(archive, master=SPARK_MASTER)
        SPARK_PEAK.append(children.peak_mb)
    else:
        report = reuse.run(archive)
    return time.perf_counter() - t0, maxrss_mb() - before, report


class ChildMemory:
    """Peak total RSS of this process's descendants (the Spark JVM and its Python workers),
    sampled from /proc twice a second while a run goes on."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            self.peak_mb = max(self.peak_mb, descendants_rss_mb(os.getpid()))


def descendants_rss_mb(root: int) -> float:
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            parent[int(d.name)] = int(fields[1])
            rss[int(d.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        for child, ppid in parent.items():
            if ppid == pid:
                total += rss.get(child, 0)
                todo.append(child)
    return total / 2**20


SPARK_MASTER = "local[2]"
SPARK_PEAK: list[float] = []  # peak RSS of the Spark processes, per run


def bench(n: int, seed: int, trace: bool, engine: str = "local") -> dict[str, Any]:
    extra = max(1, n // 20)
    t0 = time.perf_counter()
    corpus = make_corpus(n + extra, seed=seed)
    held = set(random.Random(seed).sample(range(len(corpus.items)), extra))
    base = [it for k, it in enumerate(corpus.items) if k not in held]
    new = [it for k, it in enumerate(corpus.items) if k in held]
    gen_s = time.perf_counter() - t0
    out: dict[str, Any] = {"articles": n, "engine": engine, "corpus_s": round(gen_s, 2)}
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive(Path(tmp) / "reuse.sqlite")
        t0 = time.perf_counter()
        add_items(archive, base)
        out["build_s"] = round(time.perf_counter() - t0, 2)
        out["rss_before_run_mb"] = round(maxrss_mb(), 1)
        secs, rss, report = timed_run(archive, engine)
        out.update(
            run_s=round(secs, 2),
            run_rss_growth_mb=round(rss, 1),
            candidates=report.candidates,
            clusters=report.clusters,
        )
        out["base"] = evaluate(archive, corpus, base)
        if trace and engine == "local":  # a second, traced run from scratch: the Python heap peak (slower under tracing)
            reuse_db.reuse_reset(archive)
            archive.commit()
            tracemalloc.start()
            t0 = time.perf_counter()
            reuse.run(archive)
            out["traced_run_s"] = round(time.perf_counter() - t0, 2)
            out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
        add_items(archive, new)
        secs, rss, report = timed_run(archive, engine)
        out.update(
            incremental_articles=len(new), incremental_s=round(secs, 2), incremental_candidates=report.candidates
        )
        out["all"] = evaluate(archive, corpus, corpus.items)
        out["maxrss_mb"] = round(maxrss_mb(), 1)
        if engine == "spark":
            out["spark_children_maxrss_mb"] = round(max(SPARK_PEAK, default=0.0), 1)
        archive.close()
    return out


def show(r: dict[str, Any]) -> None:
    print(f"== {r['articles']} articles, {r.get('engine', 'local')} engine (corpus {r['corpus_s']} s, archive build {r['build_s']} s)")
    print(
        f"run: {r['run_s']} s, {r['candidates']} candidate pairs, {r['clusters']} clusters; "
        f"maxrss {r['rss_before_run_mb']} MB before, +{r['run_rss_growth_mb']} MB during the run"
    )
    if "tracemalloc_peak_mb" in r:
        print(f"tracemalloc: Python heap peak {r['tracemalloc_peak_mb']} MB (traced run {r['traced_run_s']} s)")
    for key, what in (("base", "after the first run"), ("all", "after the incremental run")):
        e = r[key]
        print(
            f"{what}: pairs found {e['pairs_found']} / gold {e['gold_pairs']}; precision {e['precision']:.4f} "
            f"recall {e['recall']:.4f} ARI {e['ari']:.4f}; false pairs {e['false_pairs']} "
            f"(hard negatives {e['hard_negatives_paired']})"
        )
        if e["missed"]:
            print(f"  some missed: {e['missed']}")
        if e["false"]:
            print(f"  some false: {e['false']}")
    print(
        ("rerun (Spark compares everything again)" if r.get("engine") == "spark" else "incremental")
        + f": +{r['incremental_articles']} articles, {r['incremental_s']} s "
        f"({r['incremental_candidates']} candidates); peak maxrss {r['maxrss_mb']} MB"
        + (f"; Spark JVM/workers peak {r['spark_children_maxrss_mb']} MB" if "spark_children_maxrss_mb" in r else "")
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--sizes", help="comma-separated sizes, each in its own process, e.g. 2000,10000,100000")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--tracemalloc",
        choices=("auto", "on", "off"),
        default="auto",
        help="a second, traced run for the heap peak (auto: up to 500 articles; tracing slows the run ~7x)",
    )
    ap.add_argument("--json", action="store_true", help="print the result as one JSON line")
    ap.add_argument("--engine", choices=("local", "spark"), default="local", help="reuse engine (spark: local mode)")
    ap.add_argument("--master", default="local[2]", help="Spark master for --engine spark")
    args = ap.parse_args()
    if args.sizes:
        results = []
        for n in (int(x) for x in args.sizes.split(",")):
            cmd = [
                sys.executable,
                __file__,
                "--articles",
                str(n),
                "--seed",
                str(args.seed),
                "--tracemalloc",
                args.tracemalloc,
                "--engine",
                args.engine,
                "--master",
                args.master,
                "--json",
            ]
            line = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            results.append(json.loads(line))
            show(results[-1])
        print("== growth")
        for a, b in itertools.pairwise(results):
            k = math.log(b["run_s"] / a["run_s"]) / math.log(b["articles"] / a["articles"])
            print(
                f"{a['articles']} -> {b['articles']}: run time x{b['run_s'] / a['run_s']:.1f} "
                f"for x{b['articles'] / a['articles']:.1f} articles (time ~ N^{k:.2f})"
            )
        return
    trace = args.tracemalloc == "on" or (args.tracemalloc == "auto" and args.articles <= 500)
    global SPARK_MASTER
    SPARK_MASTER = args.master
    r = bench(args.articles, args.seed, trace, args.engine)
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
    else:
        show(r)


if __name__ == "__main__":
    main()
