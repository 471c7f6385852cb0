"""The PDF reader on broadsheets rendered from the corpus's test dates (eval/pdf/render.py),
scored as the parser issue scores text pages: the figures pinned in eval/floors.json must
hold, and every layout kind must be read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import floors

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval" / "pdf"), str(ROOT / "eval" / "train")]

import evaluate_pdf  # noqa: E402

FLOORS = floors("pdf_test_split")


@pytest.fixture(scope="module")
def report() -> dict:
    return evaluate_pdf.run("test", None, seed=0)


@pytest.mark.parametrize("figure", ["article_f1", "headline_acc", "text_acc", "jump_acc", "meta_acc"])
def test_pdf_test_split_floor(report: dict, figure: str) -> None:
    assert report["pages"] >= 100
    assert report["figures"][figure] >= FLOORS[figure], report


def test_every_layout_kind_is_read(report: dict) -> None:
    layouts = report["layouts"]
    assert set(layouts) == {"plain", "boxed", "vertical", "lshape", "photo"}
    for kind, figures in layouts.items():
        assert figures["items"] >= 30, kind
        assert figures["found"] >= 0.95 and figures["headline"] >= 0.95, (kind, figures)
