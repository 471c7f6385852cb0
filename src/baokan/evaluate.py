"""Score predicted pages against gold pages, exactly as `eval/FORMAT.md` describes.

The figures are the same as the reference `eval/reference_score.py` gives (a test checks
this); this module adds typed counts and a directory walk usable from the CLI and tests.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from .errors import PageFormatError

MIN_CHARS = 20  # items whose canonical body is shorter are left out on both sides
COVER = 0.9  # share of 5-grams an item must cover, both ways, to be "found"
N = 5  # characters per gram when comparing texts (FORMAT.md: 5-grams)


def canon(text: str | None) -> str:
    """NFKC, then every white-space character removed."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _grams(text: str) -> set[str]:
    return {text[i:i + N] for i in range(max(len(text) - N + 1, 1))} if text else set()


def headline_key(item: Mapping[str, Any]) -> str:
    """What headline_acc compares: kicker, title and subtitle joined, canonical."""
    return canon("".join(item.get(k) or "" for k in ("kicker", "title", "subtitle")))


def _items(page: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], str, set[str]]]:
    out = []
    for a in page.get("articles") or []:
        body = canon(a.get("body") or "")
        if len(body) >= MIN_CHARS:
            out.append((a, body, _grams(body)))
    return out


@dataclass(slots=True)
class Counts:
    gold: int = 0
    pred: int = 0
    found: int = 0
    headlines: int = 0
    edits: int = 0
    chars: int = 0
    jumps: int = 0
    jumps_ok: int = 0
    meta: int = 0
    meta_ok: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        for k, v in asdict(other).items():
            setattr(self, k, getattr(self, k) + v)
        return self

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "article_f1": ratio(2 * self.found, self.gold + self.pred),
            "headline_acc": ratio(self.headlines, self.gold),
            "text_acc": 1 - ratio(self.edits, self.chars) if self.chars else 1.0,
            "jump_acc": ratio(self.jumps_ok, self.jumps),
            "meta_acc": ratio(self.meta_ok, self.meta),
        }


def score_page(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> Counts:
    """Compare one predicted page with its gold page (both page/1 dicts)."""
    g_items, p_items = _items(gold), _items(pred)
    found: dict[int, int] = {}
    used: set[int] = set()
    for gi, (_, _, gg) in enumerate(g_items):
        best: tuple[int, int] | None = None
        for pi, (_, _, pg) in enumerate(p_items):
            if pi in used or not gg or not pg:
                continue
            common = len(gg & pg)
            if common / len(gg) >= COVER and common / len(pg) >= COVER and (best is None or common > best[1]):
                best = (pi, common)
        if best:
            found[gi] = best[0]
            used.add(best[0])

    c = Counts(gold=len(g_items), pred=len(p_items), found=len(found), meta=3)
    c.headlines = sum(headline_key(g_items[gi][0]) == headline_key(p_items[pi][0]) for gi, pi in found.items())
    for gbody_item in g_items:
        _, gbody, gg = gbody_item
        c.chars += len(gbody)
        cover = [(len(gg & pg), pi) for pi, (_, _, pg) in enumerate(p_items)]
        best_cover = max(cover, default=(0, None))
        if best_cover[0] == 0 or best_cover[1] is None:
            c.edits += len(gbody)
        else:
            pbody = p_items[best_cover[1]][1]
            c.edits += min(Levenshtein.distance(gbody, pbody), len(gbody))
    for gi, (g, _, _) in enumerate(g_items):
        if g.get("continued_to") is None and g.get("continued_from") is None:
            continue
        c.jumps += 1
        if gi in found:
            p = p_items[found[gi]][0]
            if p.get("continued_to") == g.get("continued_to") and p.get("continued_from") == g.get("continued_from"):
                c.jumps_ok += 1
    c.meta_ok = sum(gold.get(k) == pred.get(k) for k in ("paper", "date", "page"))
    return c


@dataclass(slots=True)
class Report:
    pages: dict[str, dict[str, float]]
    total: dict[str, float]
    counts: Counts

    def to_json(self) -> dict[str, Any]:
        return {"pages": self.pages, "total": self.total, "counts": asdict(self.counts)}

    def lines(self) -> list[str]:
        rows = [name + " " + " ".join(f"{k}={v:.3f}" for k, v in f.items()) for name, f in self.pages.items()]
        rows.append("TOTAL " + " ".join(f"{k}={v:.3f}" for k, v in self.total.items()))
        return rows


def score_pairs(pairs: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> Report:
    """Score (name, gold, pred) triples; a missing prediction is an empty page."""
    total = Counts()
    rows: dict[str, dict[str, float]] = {}
    for name, gold, pred in pairs:
        c = score_page(gold, pred)
        rows[name] = c.figures()
        total += c
    return Report(rows, total.figures() if rows else {}, total)


def load_gold(path: Path) -> dict[str, Any]:
    """A gold page; raise PageFormatError naming the file when it is not page JSON."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise PageFormatError(f"not a readable page JSON file ({e})", str(path)) from e
    if not isinstance(data, dict):
        raise PageFormatError("not a page JSON object", str(path))
    return data


def load_prediction(path: Path) -> dict[str, Any]:
    """A predicted page; a missing or broken one counts as a page with no items."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"articles": []}
    return data if isinstance(data, dict) else {"articles": []}


def score_dirs(gold_dir: Path, pred_dir: Path) -> Report:
    """Every GOLD_DIR/NAME.json against PRED_DIR/NAME.json."""
    names = sorted(gold_dir.glob("*.json"))
    return score_pairs([(g.stem, load_gold(g), load_prediction(pred_dir / g.name)) for g in names])
