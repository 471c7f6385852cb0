#!/usr/bin/env python3
"""Score the PDF reader on broadsheets rendered from the corpus's test dates, per layout kind,
with its speed and memory.

    python eval/pdf/evaluate_pdf.py                 # every test page once
    python eval/pdf/evaluate_pdf.py --pages 40 --json
    python eval/pdf/evaluate_pdf.py --split train   # the train dates (what the reader was built on)

Per layout kind (plain, boxed, vertical, lshape, photo) it counts the gold items of that kind,
how many were found (the scorer's rule: 90% of 5-grams both ways, one to one) and how many of
those have the gold headline; page totals are `baokan.evaluate`'s figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "train"), str(HERE.parent), str(HERE.parents[1] / "src")]

import corpus  # noqa: E402
import render  # noqa: E402

from baokan.evaluate import COVER, Counts, _grams, canon, headline_key, score_page  # noqa: E402
from baokan.parse.pdf import parse_pdf  # noqa: E402


def by_layout(gold: dict, pred: dict) -> dict[str, Counter[str]]:
    """Per layout kind: gold items, found, headline right."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    preds = [(a, _grams(canon(a.get("body")))) for a in pred["articles"] if len(canon(a.get("body"))) >= 20]
    used: set[int] = set()
    for g in gold["articles"]:
        body = canon(g.get("body"))
        if len(body) < 20:
            continue
        kind = g.get("layout", "?")
        out[kind]["gold"] += 1
        gg = _grams(body)
        best = None
        for j, (_p, pg) in enumerate(preds):
            common = len(gg & pg)
            if (j not in used and common / len(gg) >= COVER and common / max(len(pg), 1) >= COVER
                    and (best is None or common > best[1])):
                best = (j, common)
        if best is not None:
            used.add(best[0])
            out[kind]["found"] += 1
            out[kind]["headline"] += headline_key(g) == headline_key(preds[best[0]][0])
    return out


def run(split: str, n_pages: int | None, seed: int) -> dict:
    pages = corpus.load()
    train, test = corpus.split(pages)
    keys = test if split == "test" else train
    keys = keys if n_pages is None else keys[:n_pages]
    total = Counts()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    seconds = 0.0
    n = 0
    for name, data, gold in render.render_pages(pages, keys, seed):
        t0 = time.perf_counter()
        (pp,) = parse_pdf(data, name + ".pdf")
        seconds += time.perf_counter() - t0
        n += 1
        pred = pp.page.to_json() if pp.page else {"articles": []}
        total += score_page(gold, pred)
        for k, c in by_layout(gold, pred).items():
            kinds[k] += c
    layouts = {
        k: {"items": c["gold"], "found": round(c["found"] / c["gold"], 3) if c["gold"] else 1.0,
            "headline": round(c["headline"] / c["gold"], 3) if c["gold"] else 1.0}
        for k, c in sorted(kinds.items())
    }
    return {
        "split": split,
        "pages": n,
        "figures": {k: round(v, 3) for k, v in total.figures().items()},
        "layouts": layouts,
        "pages_per_s": round(n / seconds, 1) if seconds else None,
        "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("test", "train"), default="test")
    ap.add_argument("--pages", type=int, default=None, help="only the first N pages of the split")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    report = run(args.split, args.pages, args.seed)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    f = report["figures"]
    print(f"{report['split']} split, {report['pages']} pages: " + " ".join(f"{k}={v:.3f}" for k, v in f.items()))
    for k, v in report["layouts"].items():
        print(f"  {k:<9} items={v['items']:<5} found={v['found']:.3f} headline={v['headline']:.3f}")
    print(f"speed {report['pages_per_s']} pages/s (parse only, one core); maxrss {report['maxrss_mib']} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
