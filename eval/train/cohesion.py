#!/usr/bin/env python3
"""Write the character pairs that hold together inside words, for telling a heading wrapped
mid-word from two heading lines (`baokan.parse.headline`).

A title printed over two lines at its column's width breaks wherever the width falls, often
inside a word (外交部举行2019 | 年新年招待会, 热情澎湃地书写时代书写生 | 活); a kicker ends, and its
title begins, on a word's edge. A pair of characters that the corpus prints together far more
often than chance (pointwise mutual information above `MIN_PMI`, seen `MIN_COUNT` times or
more, and at least `MIN_SHARE` of one of its characters' occurrences) across such a break
says the break is inside a word. On the test dates such a pair stands across 27% of random
breaks inside titles and across none of the breaks between kicker, title and subtitle. A
kicker that names a post and a title that opens on a name (…党组成员、副局长 | 吴浈严重违纪…) is
why the share is asked: 长吴 passes the first two.

    python eval/train/cohesion.py                  # → src/baokan/data/cohesive_pairs.txt
    python eval/train/cohesion.py --tuning --out F # without the dev dates, to score them with

Counted over every headline and paragraph of the training dates (never the test dates);
the file holds the pairs, sorted, written one after another.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parents[1] / "src")]

import corpus  # noqa: E402

from baokan.parse.headline import PAIRS_FILE  # noqa: E402

MIN_PMI = 2.0  # natural log: seven times as often as the two characters' own counts would give
MIN_COUNT = 3  # a pair seen fewer times says nothing
MIN_SHARE = 0.1  # and it is at least this share of one of its characters' occurrences (局长 | 吴浈 is no word: 长吴 holds 0.055 of 吴)
OUT = HERE.parents[1] / "src" / "baokan" / "data" / PAIRS_FILE


def cohesive_pairs(texts: list[str]) -> list[str]:
    """The pairs of letters, digits or Han characters that hold together, sorted."""
    chars: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for t in texts:
        chars.update(t)
        pairs.update(t[i:i + 2] for i in range(len(t) - 1))
    total = sum(chars.values())
    return sorted(p for p, n in pairs.items() if n >= MIN_COUNT and p[0].isalnum() and p[1].isalnum()
                  and math.log(n * total / (chars[p[0]] * chars[p[1]])) > MIN_PMI
                  and n >= MIN_SHARE * min(chars[p[0]], chars[p[1]]))


def corpus_texts(tuning: bool) -> list[str]:
    pages = corpus.load()
    train, _test = corpus.split(pages)
    if tuning:
        train = corpus.dev_split(train)[0]
    return [t for key in train for a in pages[key]
            for t in [a.get(f) or "" for f in ("kicker", "title", "subtitle")] + a["paragraphs"] if t]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--tuning", action="store_true", help="leave out the dev dates too")
    args = ap.parse_args(argv)
    found = cohesive_pairs(corpus_texts(args.tuning))
    args.out.write_text("".join(found), encoding="utf-8")
    print(f"{len(found)} pairs → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
