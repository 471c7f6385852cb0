"""Scoring reprint finding against the labelled corpus of `reuse_corpus.py`: store its items
in an archive, then compare the pairs and clusters found with the corpus truth (precision,
recall, hard negatives paired, adjusted Rand index). Used by `tests/test_reuse_corpus.py`
and `benchmarks/bench_reuse.py`."""

from __future__ import annotations

from collections import Counter
from typing import Any

from reuse_corpus import Corpus, Item

from baokan import reuse
from baokan.archive import Archive
from baokan.model import Article, Page
from baokan.reuse import db as reuse_db


def add_items(archive: Archive, items: list[Item]) -> None:
    for it in items:
        page = Page(
            source=it.id,
            paper=it.paper,
            date=it.date,
            page=1,
            articles=(Article(kind="article", title=it.title or None, body=it.body),),
        )
        archive.add_page(page, it.id, it.id, commit=False, stitch=False)
    archive.commit()


def id_map(archive: Archive) -> dict[int, str]:
    return dict(archive.db.execute("SELECT a.id, p.source_path FROM articles a JOIN pages p ON p.id = a.page_id"))


def ari(labels_true: list[Any], labels_pred: list[Any]) -> float:
    """Adjusted Rand index (Hubert & Arabie) of two labelings of the same items."""

    def c2(n: int) -> float:
        return n * (n - 1) / 2

    n = len(labels_true)
    pairs = Counter(zip(labels_true, labels_pred, strict=True))
    index = sum(c2(v) for v in pairs.values())
    a = sum(c2(v) for v in Counter(labels_true).values())
    b = sum(c2(v) for v in Counter(labels_pred).values())
    expected = a * b / c2(n) if n > 1 else 0.0
    top = (a + b) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)


def evaluate(archive: Archive, corpus: Corpus, items: list[Item]) -> dict[str, Any]:
    """Pairs and clusters found over `items` (all stored) against the corpus truth."""
    names = id_map(archive)
    by_id = {it.id: it for it in items}
    present = set(by_id)
    gold = {p for p in corpus.gold_pairs if p[0] in present and p[1] in present}
    found = set()
    for a, b, *_ in reuse_db.reuse_pairs(archive):
        x, y = names[a], names[b]
        found.add((min(x, y), max(x, y)))
    judged = found - corpus.ambiguous
    tp = len(judged & gold)
    hard = [p for p in judged - gold if corpus.is_hard_negative(by_id[p[0]], by_id[p[1]])]
    pred: dict[str, str] = {}
    for c in reuse.clusters(archive):
        for m in c.members:
            pred[names[m.id]] = c.id
    ids = sorted(present)
    score = ari([by_id[i].cluster or i for i in ids], [pred.get(i, i) for i in ids])
    return {
        "pairs_found": len(found),
        "gold_pairs": len(gold),
        "precision": tp / len(judged) if judged else 1.0,
        "recall": tp / len(gold) if gold else 1.0,
        "false_pairs": len(judged - gold),
        "hard_negatives_paired": len(hard),
        "missed": sorted(gold - found)[:5],
        "false": sorted(judged - gold)[:5],
        "ari": score,
    }
