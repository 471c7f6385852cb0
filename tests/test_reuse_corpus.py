"""Reprint detection against a small labelled corpus (eval/reuse_corpus.py): real gold text,
reprints with edits, partial quotes and hard negatives. Floors: precision and recall of pairs
>= 0.98 (the issue's target), adjusted Rand index of clusters >= 0.93, no hard negative paired."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

from reuse_corpus import Corpus, make_corpus  # noqa: E402
from reuse_score import add_items, ari, evaluate  # noqa: E402

from baokan import reuse  # noqa: E402
from baokan.archive import Archive  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return make_corpus(150, seed=0)


@pytest.fixture(scope="module")
def scores(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> dict:
    archive = Archive(tmp_path_factory.mktemp("reuse_corpus") / "a.sqlite")
    add_items(archive, corpus.items)
    reuse.run(archive)
    out = evaluate(archive, corpus, corpus.items)
    archive.close()
    return out


def test_the_corpus_is_deterministic_and_labelled(corpus: Corpus) -> None:
    again = make_corpus(150, seed=0)
    assert [(i.id, i.body) for i in again.items] == [(i.id, i.body) for i in corpus.items]
    assert len(corpus.items) == 150
    assert len({i.paper for i in corpus.items}) >= 5
    assert len(corpus.gold_pairs) >= 100
    assert any("noise" in i.edits for i in corpus.items) and any("truncated" in i.edits for i in corpus.items)
    assert len(corpus.hard_negative_pairs()) >= 100  # enough hard negatives to mean something


def test_pairs_precision_and_recall(scores: dict) -> None:
    assert scores["precision"] >= 0.98, scores
    assert scores["recall"] >= 0.98, scores


def test_clusters_adjusted_rand_index(scores: dict) -> None:
    assert scores["ari"] >= 0.93, scores


def test_hard_negatives_are_not_paired(scores: dict) -> None:
    assert scores["hard_negatives_paired"] == 0, scores["false"]


def test_ari_helper() -> None:
    assert ari([1, 1, 2, 2], [5, 5, 7, 7]) == 1.0
    assert ari([1, 1, 2, 2], [1, 2, 1, 2]) < 0
