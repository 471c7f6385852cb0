"""The CRF's decoding (`baokan.parse.crf.Chain`) gives what crfsuite's own tagger gives: the
same label sequence and the same probability, on the shipped model over real pages and on a
small model with the awkward cases (an attribute given twice, attributes the model never saw,
a unit with none, a page of one unit)."""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from baokan.parse import labeller, page_units
from baokan.parse.crf import Chain

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "train"))

import corpus  # noqa: E402


def _crfsuite(path: Path, items: list[list[str]]) -> tuple[list[str], float]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    tagger.set(items)
    labels = tagger.tag()
    return labels, math.log(max(tagger.probability(labels), 1e-300))


def _ours(chain: Chain, items: list[list[str]]) -> tuple[list[str], float]:
    paths, logps = chain.decode(chain.scores(items)[None])
    return paths[0], logps[0]


def test_the_shipped_model_decodes_real_pages_as_crfsuite_does() -> None:
    with resources.as_file(resources.files("baokan") / "data" / labeller.MODEL) as path:
        chain = Chain.load(path)
        pages = corpus.load()
        _train, test = corpus.split(pages)
        seen = 0
        for _name, text, _gold in corpus.render(pages, test[:6], seed=3):
            pu = page_units(text)
            feats = labeller.features(pu.units, pu.own_paper)
            logp, roles = labeller.read_both(feats, chain)
            for orientation in labeller.ORIENTATIONS:
                want, want_logp = _crfsuite(path, feats.items(orientation))
                assert roles[orientation] == want
                assert logp[orientation] == pytest.approx(want_logp, rel=1e-9, abs=1e-9)
                seen += len(want)
    assert seen > 500


@pytest.fixture(scope="module")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(0)
    trainer = pycrfsuite.Trainer(verbose=False)
    for _ in range(40):
        n = int(rng.integers(1, 9))
        labels = [str(rng.choice(["A", "B", "C"])) for _ in range(n)]
        items = [[f"is={y}" if rng.random() < 0.7 else f"is={rng.choice(['A', 'B', 'C'])}", f"n={rng.integers(4)}"]
                 for y in labels]
        trainer.append(items, labels)
    trainer.set_params({"c2": 0.1, "max_iterations": 50})
    path = tmp_path_factory.mktemp("crf") / "small.crfsuite"
    trainer.train(str(path))
    return path


@pytest.mark.parametrize("items", [
    [["is=A", "n=1"], ["is=B", "n=2"], ["is=C", "n=3"], ["is=A", "n=0"]],
    [["is=B", "is=B", "n=1"], ["is=C"]],  # an attribute given twice counts twice
    [["never=seen", "is=C"], [], ["n=2", "unknown"]],  # attributes the model never saw; a unit with none
    [["is=A"]],  # a page of one unit
    [["is=A", "n=1"]] * 30,
])
def test_a_small_model_decodes_as_crfsuite_does(small_model: Path, items: list[list[str]]) -> None:
    chain = Chain.load(small_model)
    labels, logp = _ours(chain, items)
    want, want_logp = _crfsuite(small_model, items)
    assert labels == want
    assert logp == pytest.approx(want_logp, rel=1e-9, abs=1e-9)
    assert set(chain.labels) == {"A", "B", "C"}
    every_unit = replace(chain, rescale=1)  # the forward sums rescaled at each unit: the same reading
    assert _ours(every_unit, items)[0] == labels and _ours(every_unit, items)[1] == pytest.approx(logp, rel=1e-12)


def test_no_units_no_labels(small_model: Path) -> None:
    chain = Chain.load(small_model)
    assert chain.decode(np.zeros((2, 0, len(chain.labels)))) == ([[], []], [0.0, 0.0])


@pytest.mark.parametrize("data", [b"PK\x03\x04" + bytes(60), b"lCRF", b""])
def test_a_file_that_is_no_crfsuite_model_is_refused(tmp_path: Path, data: bytes) -> None:
    bad = tmp_path / "not-a-model.crfsuite"
    bad.write_bytes(data)
    with pytest.raises(ValueError, match=r"not-a-model\.crfsuite: not a crfsuite linear-chain model"):
        Chain.load(bad)


def test_a_model_cut_short_is_refused(small_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.crfsuite"
    cut.write_bytes(small_model.read_bytes()[:-100])
    with pytest.raises(ValueError, match=r"cut\.crfsuite: a crfsuite model of"):
        Chain.load(cut)
