#!/usr/bin/env python3
"""Retrain the unit labeller (a linear-chain CRF) from the corpus, reproducibly.

    python eval/train/train.py                         # → src/baokan/data/labeller.crfsuite (+ .orientation.json, cohesive_pairs.txt)
    python eval/train/train.py --pages 20 --out /tmp/m.crfsuite   # a quick small run

Training material: the train dates of the People's Daily corpus (`eval/train/corpus.py`), each
page rendered in every extraction style (`--renders` seeds each), the five real seed pages
(`eval/pages`, `eval/gold`) and pages recombined from them (`eval/synth.py`). Each unit's gold
role is found by matching it against the page's gold (`eval/train/roles.py`). Test dates are
never read here. Everything is seeded: the same command gives the same model.

Without `--tuning`, a CRF is first trained without the dev dates, the page-level orientation
model is fitted on the dev pages as that CRF reads them (`orientation.py`), and then the
shipped CRF is trained on all train dates; the orientation model is written beside it. Written
to the shipped path, it also rewrites the headline's character pairs (`cohesion.py`).

Settings were chosen on the dev dates (every fifth train date), never on the test dates:

    python eval/train/train.py --tuning --c1 3 --out /tmp/m.crfsuite
    python eval/train/test_split.py --dev --model /tmp/m.crfsuite
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(HERE), str(HERE.parent), str(ROOT / "src")]

import cohesion  # noqa: E402
import corpus  # noqa: E402
import orientation  # noqa: E402
import pycrfsuite  # noqa: E402
import synth  # noqa: E402
from roles import gold_roles  # noqa: E402

from baokan.parse import page_units  # noqa: E402
from baokan.parse.labeller import features, orientation_path  # noqa: E402

DEFAULT_OUT = ROOT / "src" / "baokan" / "data" / "labeller.crfsuite"
PARAMS = {
    "c1": 3.0,  # L1, chosen on the dev dates (0.05 to 6 tried): strong enough to keep only what carries across dates
    "c2": 0.01,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}


def seed_pages() -> Iterator[tuple[str, str, dict]]:
    """The real seed pages with their hand-made gold."""
    for gold_path in sorted((ROOT / "eval" / "gold").glob("*.json")):
        text = (ROOT / "eval" / "pages" / (gold_path.stem + ".txt")).read_text(encoding="utf-8")
        yield gold_path.stem, text, json.loads(gold_path.read_text(encoding="utf-8"))


def training_pages(n_pages: int | None, renders: int, synth_pages: int, seed_copies: int,
                   tuning: bool = False) -> Iterator[tuple[str, str, dict]]:
    """The pages a model learns from: the train dates (without the dev dates when `tuning`)."""
    pages = corpus.load()
    train, _test = corpus.split(pages)
    if tuning:
        train, _dev = corpus.dev_split(train)
    keys = train if n_pages is None else train[:n_pages]
    for r in range(renders):
        for style in synth.STYLES:
            yield from corpus.render(pages, keys, seed=100 + r, styles=(style,))
    yield from corpus.render_tiny(pages, keys, seed=100)
    for _ in range(seed_copies):
        yield from seed_pages()
    if synth_pages:
        yield from synth.make_corpus(synth.load_articles(ROOT / "eval" / "gold"), synth_pages, seed=11)


def _sequence(page: tuple[str, str, dict]) -> tuple[list[list[str]], list[str]] | None:
    _name, text, gold = page
    pu = page_units(text)
    if not pu.units:
        return None
    roles = [str(r) for r in gold_roles(pu.units, gold)]
    return features(pu.units, pu.own_paper).items(orientation.page_orientation(roles)), roles


def sequences(pages: Iterable[tuple[str, str, dict]], jobs: int = 1) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, gold roles) of each page, in page order (the same with any number of jobs)."""
    if jobs <= 1:
        seqs: Iterable = map(_sequence, pages)
        yield from (s for s in seqs if s is not None)
        return
    with multiprocessing.Pool(jobs) as pool:
        yield from (s for s in pool.imap(_sequence, pages, chunksize=8) if s is not None)


def train(out: Path, n_pages: int | None, renders: int, synth_pages: int, seed_copies: int, jobs: int = 1,
          tuning: bool = False, params: dict | None = None) -> dict:
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.set_params({**PARAMS, **(params or {})})
    counts: Counter[str] = Counter()
    n_seq = 0
    for xseq, yseq in sequences(training_pages(n_pages, renders, synth_pages, seed_copies, tuning), jobs):
        trainer.append(xseq, yseq)
        counts.update(yseq)
        n_seq += 1
    t1 = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)
    return {"pages": n_seq, "units": sum(counts.values()), "roles": dict(counts), "features_s": round(t1 - t0, 1),
            "train_s": round(time.perf_counter() - t1, 1), "model_bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file (default: the one the package ships)")
    ap.add_argument("--pages", type=int, default=None, help="use only the first N train pages (default: all)")
    ap.add_argument("--renders", type=int, default=2, help="renderings of each train page per style (default 2)")
    ap.add_argument("--synth", type=int, default=100, help="pages recombined from the seed gold (default 100)")
    ap.add_argument("--seed-copies", type=int, default=60,
                    help="times the real seed pages are shown (default 60: enough to hold the seed floors)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes computing features")
    ap.add_argument("--tuning", action="store_true",
                    help="leave the dev dates out (then score with test_split.py --dev to choose settings)")
    ap.add_argument("--c1", type=float, default=None, help=f"L1 weight (default {PARAMS['c1']})")
    ap.add_argument("--c2", type=float, default=None, help=f"L2 weight (default {PARAMS['c2']})")
    args = ap.parse_args(argv)
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None} or None
    orient = orientation_path(args.out)
    fitted = None
    if args.tuning:  # (no orientation model: the dev dates it would be fitted on are the ones a tuning model is scored on)
        report = train(args.out, args.pages, args.renders, args.synth, args.seed_copies, args.jobs, True, params)
        orient.unlink(missing_ok=True)  # not another model's, left beside this one
    else:
        with tempfile.TemporaryDirectory() as tmp:  # the cascade's second model learns from pages the CRF has not seen
            held_out = Path(tmp) / "held_out.crfsuite"
            train(held_out, args.pages, args.renders, args.synth, args.seed_copies, args.jobs, True, params)
            fitted = orientation.fit_model(held_out, args.pages)
        report = train(args.out, args.pages, args.renders, args.synth, args.seed_copies, args.jobs, False, params)
        orientation.write(fitted, orient)  # beside the CRF it goes with, once that is written
        if args.out.resolve() == DEFAULT_OUT.resolve():  # and the headline's character pairs the package ships
            cohesion.main([])
    print(json.dumps({**report, "orientation": fitted}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
