"""Write pages rendered by eval/alt/render.py with their gold: DIR/NAME.txt and DIR/NAME.json.

    python eval/alt/write_pages.py --out DIR [--seed N] [--pages N] [--split test|train]

The page keys come from eval/train/corpus.py (`load`, `split`); --pages N takes N of them spread
evenly over the split (default: all).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parent / "train")]

import corpus  # noqa: E402
from render import STYLES, render  # noqa: E402


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--pages", type=int, default=None, help="how many page keys (default: all of the split)")
    ap.add_argument("--split", choices=("test", "train"), default="test")
    ap.add_argument("--styles", default=",".join(STYLES), help="comma-separated subset of " + ",".join(STYLES))
    args = ap.parse_args(argv)
    pages = corpus.load()
    train, test = corpus.split(pages)
    keys = test if args.split == "test" else train
    if args.pages is not None and args.pages < len(keys):
        step = len(keys) / args.pages
        keys = [keys[int(i * step)] for i in range(args.pages)]
    styles = tuple(s for s in args.styles.split(",") if s)
    args.out.mkdir(parents=True, exist_ok=True)
    n = 0
    for name, text, gold in render(pages, keys, args.seed, styles):
        (args.out / f"{name}.txt").write_text(text, encoding="utf-8")
        (args.out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        n += 1
    print(f"wrote {n} pages to {args.out}")


if __name__ == "__main__":
    main()
