"""Decoding with a linear-chain CRF that crfsuite trained, without crfsuite's tagger.

crfsuite's tagger takes each unit's attributes as strings and converts every one of them on
each call; the labeller reads a page twice (titles before and after their bodies), and the two
readings share all but three attributes of each unit. Here the model's weights are read from
its file once, each attribute is looked up once, and both readings are decoded together:
the same Viterbi path (ties go to the lower label, as in crfsuite) and the same sequence
probability as `pycrfsuite.Tagger`, at a fraction of the cost.

The file holds the labels and the attributes (read here with `pycrfsuite.Tagger.info`) and a
chunk of features, 20 bytes each: type (0 a state feature: attribute → label; 1 a transition:
label → label), source, destination, and the weight as a little-endian double (crfsuite's
`crf1d_model.c`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np
import pycrfsuite

_HEADER = np.dtype([("magic", "S4"), ("size", "<u4"), ("type", "S4"), ("version", "<u4"), ("features", "<u4"),
                    ("labels", "<u4"), ("attrs", "<u4"), ("off_features", "<u4")])
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
_RANGE = 600.0  # how far (natural log) the forward sums may drift between two rescalings (a double holds ±709)
_LOG_FLOOR = -690.7755278982137  # log(1e-300): the least log-probability reported (crfsuite's floor, as a log)


@dataclass(frozen=True, slots=True)
class Chain:
    """A trained linear-chain CRF: its labels, the row of `state` each attribute adds to a unit's
    label scores (the last row, all zeros, for an attribute the model does not know), and the
    score of each transition from one label to the next."""

    labels: tuple[str, ...]
    attrs: dict[str, int]
    state: np.ndarray  # (attributes + 1, labels)
    trans: np.ndarray  # (labels, labels): from the row's label to the column's
    exp_trans: np.ndarray  # exp(trans), for the forward sums
    rescale: int  # the forward sums are brought back to 1 every this many units (`_every`)

    @classmethod
    def load(cls, path: str | Path) -> Chain:
        """Read a model file that `pycrfsuite.Trainer` wrote."""
        data = Path(path).read_bytes()
        if len(data) < _HEADER.itemsize or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
            raise ValueError(f"{path}: not a crfsuite linear-chain model")
        head = np.frombuffer(data, dtype=_HEADER, count=1)[0]
        if head["size"] != len(data):
            raise ValueError(f"{path}: a crfsuite model of {head['size']} bytes cut short or padded to {len(data)}")
        off = int(head["off_features"])
        if data[off:off + 4] != b"FEAT":
            raise ValueError(f"{path}: no feature chunk where the header says")
        count = int(np.frombuffer(data, dtype="<u4", count=1, offset=off + 8)[0])
        feats = np.frombuffer(data, dtype=_FEATURE, count=count, offset=off + 12)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        info = tagger.info()
        tagger.close()
        labels = [""] * len(info.labels)
        for name, i in info.labels.items():
            labels[int(i)] = name
        attrs = {name: int(i) for name, i in info.attributes.items()}
        n_labels, n_attrs = len(labels), len(attrs)
        state = np.zeros((n_attrs + 1, n_labels))
        trans = np.zeros((n_labels, n_labels))
        s = feats[feats["type"] == _STATE]
        t = feats[feats["type"] == _TRANSITION]
        state[s["src"].astype(np.intp), s["dst"].astype(np.intp)] = s["weight"]
        trans[t["src"].astype(np.intp), t["dst"].astype(np.intp)] = t["weight"]
        return cls(tuple(labels), attrs, state, trans, np.exp(trans), _every(trans))

    def scores(self, items: Sequence[Sequence[str]]) -> np.ndarray:
        """Each unit's score for each label: the sum of its attributes' rows (an attribute given
        twice counts twice, as in crfsuite)."""
        out = np.zeros((len(items), len(self.labels)))
        sizes = [len(a) for a in items]
        flat = [a for attrs in items for a in attrs]
        if not flat:
            return out
        ids = np.fromiter(map(self.attrs.get, flat, repeat(len(self.attrs), len(flat))), dtype=np.intp, count=len(flat))
        filled = np.flatnonzero(sizes)
        starts = np.cumsum([0, *sizes[:-1]])[filled]
        out[filled] = np.add.reduceat(self.state[ids], starts, axis=0)
        return out

    def decode(self, scores: np.ndarray) -> tuple[list[list[str]], list[float]]:
        """The best label sequence of each reading and its log-probability: `scores` is
        (readings, units, labels), the state scores of each reading of one page."""
        r, n, k = scores.shape
        if n == 0:
            return [[] for _ in range(r)], [0.0] * r
        trans, exp_trans = self.trans, self.exp_trans
        by_unit = np.ascontiguousarray(scores.transpose(1, 0, 2))  # (units, readings, labels)
        shift = by_unit.max(axis=2)  # each unit's scores less their largest, for the forward sums
        exp_scores = np.exp(by_unit - shift[:, :, None])
        log_norm = shift.sum(axis=0)
        back = np.zeros((n, r, k), dtype=np.intp)
        best = by_unit[0].copy()
        alpha = exp_scores[0].copy()
        cand = np.empty((r, k, k))
        flow = np.empty((r, k))
        reduce_max, add, multiply, matmul = np.maximum.reduce, np.add, np.multiply, np.matmul
        wide = best[:, :, None]
        for t in range(1, n):
            add(wide, trans, out=cand)  # (readings, from, to)
            cand.argmax(axis=1, out=back[t])
            reduce_max(cand, axis=1, out=best)
            add(best, by_unit[t], out=best)
            matmul(alpha, exp_trans, out=flow)
            multiply(flow, exp_scores[t], out=alpha)
            if t % self.rescale == 0:  # keep the forward sums within range
                total = alpha.sum(axis=1)
                alpha /= total[:, None]
                log_norm += np.log(total)
        log_norm += np.log(alpha.sum(axis=1))
        paths = np.zeros((r, n), dtype=np.intp)
        paths[:, -1] = best.argmax(axis=1)
        rows = np.arange(r)
        for t in range(n - 1, 0, -1):
            paths[:, t - 1] = back[t, rows, paths[:, t]]
        logp = best.max(axis=1) - log_norm
        names = self.labels
        return ([[names[j] for j in p] for p in paths.tolist()],
                [max(float(x), _LOG_FLOOR) for x in logp])


def _every(trans: np.ndarray) -> int:
    """How many units the forward sums can go without rescaling and stay within `_RANGE`: with
    each unit's scores shifted so their largest is 0, one unit moves the log of their sum by no
    less than the least transition and no more than the largest plus log(labels)."""
    k = len(trans)
    if k == 0:
        return 1
    step = max(-float(trans.min()), float(trans.max()) + math.log(k), 1.0)
    return max(1, int(_RANGE // step))
