#!/usr/bin/env python3
"""Write a synthetic test corpus: OUT_DIR/pages/NAME.txt and OUT_DIR/gold/NAME.json.

    python eval/make_synth.py OUT_DIR [--n 50] [--seed 1] [--gold eval/gold]

The pages recombine the gold articles' text in new layouts (see `eval/synth.py`), so the
parser can be scored on pages it has never seen: `python eval/reference_score.py
OUT_DIR/gold PRED_DIR`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

sys.path[:0] = [str(HERE), str(HERE.parent / "src")]  # synth.py beside this script; baokan from the tree

import synth  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=50, help="number of pages (default 50)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument("--gold", type=Path, default=HERE / "gold", help="gold material (default eval/gold)")
    args = ap.parse_args(argv)

    articles = synth.load_articles(args.gold)
    if not articles:
        ap.error(f"no gold items under {args.gold}")
    pages_dir = args.out_dir / "pages"
    gold_dir = args.out_dir / "gold"
    pages_dir.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    for name, text, gold in synth.make_corpus(articles, args.n, args.seed):
        (pages_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        (gold_dir / f"{name}.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{args.n} pages from {len(articles)} gold items → {pages_dir}, {gold_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
