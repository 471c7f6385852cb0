"""The parser on synthetic pages it has never seen: the seed articles recombined and
re-rendered in the five noise styles at other column widths (eval/synth.py).

This measures generality, not memory. The floors sit a little under what the parser reaches
today (see README); a change that drops below them has made the parser less general."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from synth import load_articles, make_corpus

from baokan import parse_text
from baokan.evaluate import Counts, score_page
from conftest import floors

PAGES = 60
FLOORS = floors("synthetic_seed7")


@pytest.fixture(scope="module")
def counts(gold_dir: Path) -> dict[str, Counts]:
    by_style: dict[str, Counts] = defaultdict(Counts)
    total = Counts()
    for name, text, gold in make_corpus(load_articles(gold_dir), PAGES, seed=7):
        c = score_page(gold, parse_text(text, name + ".txt").to_json())
        by_style[gold["synth"]["style"]] += c
        total += c
    by_style["TOTAL"] = total
    return by_style


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_synthetic_floor(counts, figure):
    figures = {style: c.figures() for style, c in counts.items()}
    detail = "\n".join(f"{s}: " + " ".join(f"{k}={v:.3f}" for k, v in f.items()) for s, f in figures.items())
    assert figures["TOTAL"][figure] >= FLOORS[figure], detail


def test_every_style_is_measured(counts):
    assert {"clean", "wrapped", "markdown", "title_after", "noisy"} <= set(counts)
