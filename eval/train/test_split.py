#!/usr/bin/env python3
"""Score the parser on the corpus's test dates (never trained on), per style and per failure kind.

    python eval/train/test_split.py                    # the shipped model, every test page once per style
    python eval/train/test_split.py --model M.crfsuite --pages 40 --json
    python eval/train/test_split.py --rmrb-only        # every page in People's Daily's own house style
    python eval/train/test_split.py --seeds --model M  # the real seed pages (M trained without them)

Failure kinds, counted over gold articles as the parser issue counts them:
- merged: the gold article's best-covering prediction also covers most of another gold article;
- split: the gold article is not found and its text is spread over two or more predictions;
- headline: found, but kicker+title+subtitle differ;
- jump: found, but continued_to / continued_from differ.

`fields_acc`: of the found articles whose headline is right, the share whose kicker, title and
subtitle are each right (the official headline_acc joins the three before comparing).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent), str(HERE.parents[1] / "src")]

import corpus  # noqa: E402

from baokan.evaluate import Counts, canon, headline_key, score_page  # noqa: E402
from baokan.parse import parse_text  # noqa: E402
from baokan.settings import Settings  # noqa: E402


def _grams(s: str) -> set[str]:
    return {s[i:i + 5] for i in range(len(s) - 4)}


_FIELDS = ("kicker", "title", "subtitle")


def headline_fields(gold: dict, pred: dict) -> tuple[int, int]:
    """(right, of): the gold articles whose whole headline a predicted article on the page
    gives, and of those, how many it splits into the same kicker, title and subtitle."""
    preds = {headline_key(a): a for a in pred["articles"] if headline_key(a)}
    right = of = 0
    for g in gold["articles"]:
        p = preds.get(headline_key(g)) if headline_key(g) else None
        if p is not None:
            of += 1
            right += all(canon(g.get(k)) == canon(p.get(k)) for k in _FIELDS)
    return right, of


def failures(gold: dict, pred: dict) -> Counter[str]:
    """How the gold articles of one page went wrong."""
    out: Counter[str] = Counter()
    golds = [a for a in gold["articles"] if len(canon(a.get("body"))) >= 20]
    preds = [a for a in pred["articles"] if len(canon(a.get("body"))) >= 20]
    gg = [_grams(canon(a["body"])) for a in golds]
    pg = [_grams(canon(a["body"])) for a in preds]
    for i, g in enumerate(golds):
        if not gg[i]:
            continue
        cover = [len(gg[i] & p) / len(gg[i]) for p in pg]
        best = max(range(len(preds)), key=lambda j: cover[j], default=None)
        if best is None or cover[best] == 0:
            out["missing"] += 1
            continue
        purity = len(gg[i] & pg[best]) / max(len(pg[best]), 1)
        if cover[best] >= 0.9 and purity >= 0.9:
            p = preds[best]
            if headline_key(g) != headline_key(p):
                out["headline"] += 1
            if (g.get("continued_to"), g.get("continued_from")) != (p.get("continued_to"), p.get("continued_from")):
                out["jump"] += 1
            out["ok"] += 1
        elif cover[best] >= 0.9:
            out["merged"] += 1
        elif sum(1 for c in cover if c >= 0.1) >= 2:
            out["split"] += 1
        else:
            out["other"] += 1
    return out


def _renderer(name: str) -> Callable[..., Iterator[tuple[str, str, dict]]]:
    """The page renderer: the project's own (`corpus.render`) or the independent one (`eval/alt`)."""
    if name == "alt":
        return load_alt().render
    return corpus.render


def load_alt() -> ModuleType:
    """eval/alt/render.py, loaded by its path (eval/pdf has a render module too)."""
    spec = importlib.util.spec_from_file_location("alt_render", HERE.parent / "alt" / "render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(model: Path | None, n_pages: int | None, seed: int, dev: bool = False, renderer: str = "own") -> dict:
    render = _renderer(renderer)
    settings = Settings(labeller_model=str(model) if model else None)
    pages = corpus.load()
    train, test = corpus.split(pages)
    if dev:  # the dev dates, for choosing settings; the test dates stay unseen
        test = corpus.dev_split(train)[1]
    keys = test if n_pages is None else test[:n_pages]
    by_style: dict[str, Counts] = defaultdict(Counts)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    fields: dict[str, Counter[str]] = defaultdict(Counter)
    for style in corpus.synth.STYLES:
        for name, text, gold in render(pages, keys, seed=seed, styles=(style,)):
            pred = parse_text(text, name + ".txt", settings).to_json()
            c, f = score_page(gold, pred), failures(gold, pred)
            right, of = headline_fields(gold, pred)
            rows = [style, "TOTAL"] + (["dense"] if gold.get("synth", {}).get("dense") else [])  # dense: no blank line
            for row in rows:
                by_style[row] += c
                kinds[row] += f
                fields[row].update(right=right, of=of)
    return {s: _figures(c, fields[s], kinds[s]) for s, c in by_style.items()}


def _figures(c: Counts, fields: Counter[str], kinds: Counter[str]) -> dict:
    figures = {k: round(v, 3) for k, v in c.figures().items()}
    figures["fields_acc"] = round(fields["right"] / fields["of"], 3) if fields["of"] else 1.0
    return {**figures, "failures": dict(kinds)}


SEED_PAGES = HERE.parent / "pages"
SEED_GOLD = HERE.parent / "gold"


def run_seeds(model: Path | None) -> dict:
    """The five real seed pages (other papers than the corpus's), per page: with a model
    trained without them (`train.py --synth 0 --seed-copies 0`), a measure of pages never seen."""
    settings = Settings(labeller_model=str(model) if model else None)
    out: dict[str, dict] = {}
    total, kinds, fields = Counts(), Counter(), Counter()
    for path in sorted(SEED_PAGES.glob("*.txt")):
        gold = json.loads((SEED_GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        pred = parse_text(path.read_text(encoding="utf-8"), path.name, settings).to_json()
        c, f = score_page(gold, pred), failures(gold, pred)
        right, of = headline_fields(gold, pred)
        page = Counter(right=right, of=of)
        total += c
        kinds += f
        fields += page
        out[path.stem] = _figures(c, page, f)
    out["TOTAL"] = _figures(total, fields, kinds)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=None, help="model file (default: the shipped one)")
    ap.add_argument("--pages", type=int, default=None, help="only the first N test pages (default: all)")
    ap.add_argument("--seed", type=int, default=1, help="rendering seed (default 1)")
    ap.add_argument("--dev", action="store_true", help="score the dev dates instead (for tuning)")
    ap.add_argument("--seeds", action="store_true",
                    help="score the five real seed pages instead (with a model trained without them: "
                         "train.py --synth 0 --seed-copies 0)")
    ap.add_argument("--rmrb-only", action="store_true",
                    help="print every page as People's Daily does: no local house style, no teasers, no inset photos or "
                         "key-point lists, no pages without blank lines, no page printing its titles both ways (the test pages as rendered before 2026-11-30)")
    ap.add_argument("--renderer", choices=("own", "alt"), default="own",
                    help="alt: pages printed by eval/alt/render.py, a renderer written without reading the project's "
                         "own renderer or parser (how far the figures carry to a printer the parser was not built against)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.rmrb_only:
        corpus.LOCAL_RATE = corpus.TEASER_RATE = corpus.synth.INSET_RATE = corpus.synth.POINTS_RATE = 0.0
        corpus.synth.DENSE_RATE = corpus.synth.MIXED_RATE = 0.0
    report = run_seeds(args.model) if args.seeds else run(args.model, args.pages, args.seed, args.dev, args.renderer)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for style, r in report.items():
            figs = " ".join(f"{k}={v:.3f}" for k, v in r.items() if k != "failures")
            print(f"{style:12s} {figs} {r['failures']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
