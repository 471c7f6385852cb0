#!/usr/bin/env python3
"""Fit the page-level orientation model: does a page print its titles before or after their bodies?

The labeller reads every page both ways (`baokan.parse.labeller.read_both`); this small logistic
model weighs the two readings (`labeller.orientation_facts`: their likelihoods, how many headings
each finds, which side short lines echo, how the page opens and ends) and keeps one. It is the
second model of the cascade, with its own training set: pages the CRF has not learnt from (the
dev dates, read by a CRF trained without them), so that it learns how far the CRF's confidence
can be trusted on new pages. `train.py` runs it; on its own:

    python eval/train/orientation.py --model M.crfsuite      # → M.orientation.json (M left out the dev dates)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parents[1] / "src")]

import corpus  # noqa: E402
import numpy as np  # noqa: E402
import synth  # noqa: E402
from roles import gold_roles  # noqa: E402

from baokan.parse import page_units  # noqa: E402
from baokan.parse.crf import Chain  # noqa: E402
from baokan.parse.labeller import ORIENTATION_FACTS, features, orientation_facts, orientation_path, read_both  # noqa: E402
from baokan.parse.structure import Role  # noqa: E402

L2 = 1.0  # ridge on the weights: a handful of facts, a few hundred pages
RENDER_SEEDS = (200, 201)  # renderings of the dev pages fitted on (neither the training nor the scoring seeds)


def page_orientation(roles: list[str]) -> str:
    """The gold orientation of a page: after, where it has more headings after their bodies."""
    return "after" if roles.count(Role.HEAD_AFTER) > roles.count(Role.HEAD) else "before"


def dev_pages(n_pages: int | None) -> Iterable[tuple[str, str, dict]]:
    pages = corpus.load()
    train, _test = corpus.split(pages)
    _fit, dev = corpus.dev_split(train)
    keys = dev if n_pages is None else dev[:n_pages]
    for seed in RENDER_SEEDS:
        for style in synth.STYLES:
            yield from corpus.render(pages, keys, seed=seed, styles=(style,))


def facts(model: Path, pages: Iterable[tuple[str, str, dict]]) -> tuple[np.ndarray, np.ndarray]:
    """(facts, is-after) of each page with units, read by the CRF `model`."""
    chain = Chain.load(model)
    rows, ys = [], []
    for _name, text, gold in pages:
        pu = page_units(text)
        if not pu.units:
            continue
        feats = features(pu.units, pu.own_paper)
        logp, roles = read_both(feats, chain)
        rows.append(orientation_facts(pu.units, feats, logp, roles))
        ys.append(page_orientation([str(r) for r in gold_roles(pu.units, gold)]) == "after")
    return np.array(rows, dtype=float).reshape(-1, len(ORIENTATION_FACTS)), np.array(ys, dtype=float)


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, rounds: int = 30) -> np.ndarray:
    """Logistic regression by Newton's method, with a ridge (deterministic, no library needed)."""
    w = np.zeros(x.shape[1])
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + l2 * w
        hess = x.T @ (x * (p * (1.0 - p))[:, None]) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def fit_model(held_out: Path, n_pages: int | None = None) -> dict:
    """Fit on the dev pages as read by `held_out` (a CRF trained without them): the model's file content."""
    x, y = facts(held_out, dev_pages(n_pages))
    w = fit(x, y)
    likelier = x[:, ORIENTATION_FACTS.index("likelihood")] < 0  # the likelier reading alone says "after"
    chosen = x @ w > 0
    report = {"facts": list(ORIENTATION_FACTS), "weights": [round(float(v), 6) for v in w], "pages": len(y),
              "after_pages": int(y.sum()), "wrong_likelier": int(np.sum(likelier != y.astype(bool))),
              "wrong_fitted": int(np.sum(chosen != y.astype(bool)))}
    return report


def write(report: dict, out: Path) -> None:
    """Write the orientation model atomically (a temporary file beside `out`, then renamed)."""
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True, help="a CRF trained without the dev dates (train.py --tuning)")
    ap.add_argument("--out", type=Path, default=None, help="default: beside the model (M.orientation.json)")
    ap.add_argument("--pages", type=int, default=None, help="only the first N dev pages")
    args = ap.parse_args(argv)
    report = fit_model(args.model, args.pages)
    write(report, args.out or orientation_path(args.model))
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
