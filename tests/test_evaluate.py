"""Our scorer (baokan.evaluate) gives exactly the figures of the reference eval/reference_score.py."""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import random
from dataclasses import asdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baokan.evaluate import canon, score_dirs, score_page, score_pairs

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经"
REFERENCE = Path(__file__).resolve().parents[1] / "eval" / "reference_score.py"


def _load_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location("baokan_reference_score", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load_reference()


@pytest.fixture(scope="module")
def golds(gold_dir: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))}


def _reference_report(triples: list[tuple[str, dict, dict]]) -> dict[str, Any]:
    """What the reference script's main() computes, for (name, gold, pred) triples."""
    total: dict[str, int] = {}
    rows = {}
    for name, gold, pred in triples:
        c = ref.score_page(gold, pred)
        rows[name] = ref.figures(c)
        for k, v in c.items():
            total[k] = total.get(k, 0) + v
    return {"pages": rows, "total": ref.figures(total) if total else {}, "counts": total}


def assert_same(triples: list[tuple[str, dict, dict]]) -> None:
    ours = score_pairs(triples).to_json()
    theirs = _reference_report(triples)
    if not triples:
        assert ours["pages"] == theirs["pages"] == {}
        assert ours["total"] == theirs["total"] == {}
        return
    assert ours == theirs  # exact: same counts, same floats
    for name, gold, pred in triples:
        assert asdict(score_page(gold, pred)) == ref.score_page(gold, pred), name


# ---------------------------------------------------------------- perturbations


def _mutate_text(text: str, rng: random.Random) -> str:
    if not text:
        return rng.choice(["", "新", "新增的一段文字内容很长很长很长很长"])
    s = list(text)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        i = rng.randrange(len(s)) if s else 0
        if op == 0 and s:
            del s[i]
        elif op == 1:
            s.insert(i, rng.choice(HAN))
        elif op == 2 and s:
            s[i] = rng.choice("，。、；：“”（）　 \n\t０１２ＡＢabc")
        else:
            j = rng.randrange(len(s) + 1)
            a, b = sorted((i, j))
            s = s[:a] + s[b:] if rng.random() < 0.3 else s[:a] + s[a:b][::-1] + s[b:]
    return "".join(s)


def perturb(page: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A prediction made from gold by a random mix of the mistakes a parser makes."""
    pred = copy.deepcopy(page)
    arts: list[dict[str, Any]] = pred.get("articles") or []
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(14)
        k = rng.randrange(len(arts)) if arts else None
        a = arts[k] if k is not None else None
        body = (a.get("body") or "") if a is not None else ""
        if op == 0 and a is not None:  # body truncated
            a["body"] = body[: rng.randrange(len(body) + 1)]
        elif op == 1 and a is not None and k + 1 < len(arts):  # merged with the next item
            nxt = arts.pop(k + 1)
            a["body"] = body + "\n" + (nxt.get("body") or "")
        elif op == 2 and a is not None:  # split in two
            cut = rng.randrange(len(body) + 1)
            b = copy.deepcopy(a)
            a["body"], b["body"] = body[:cut], body[cut:]
            b["title"] = None if rng.random() < 0.5 else b.get("title")
            arts.insert(k + 1, b)
        elif op == 3 and a is not None:  # characters changed
            a["body"] = _mutate_text(body, rng)
        elif op == 4 and a is not None:  # headline changed
            key = rng.choice(["kicker", "title", "subtitle"])
            a[key] = rng.choice([None, "", _mutate_text(a.get(key) or "", rng), (a.get(key) or "") + " ", "（" + (a.get("title") or "") + "）"])
        elif op == 5 and a is not None:  # headline parts moved between fields
            a["kicker"], a["title"] = None, "".join(x or "" for x in (a.get("kicker"), a.get("title")))
        elif op == 6 and a is not None:  # jumps changed
            a["continued_to"] = rng.choice([None, 1, 2, 3, 12, "3"])
            if rng.random() < 0.5:
                a["continued_from"] = rng.choice([None, 1, 2])
        elif op == 7 and a is not None:  # item dropped
            arts.pop(k)
        elif op == 8 and a is not None:  # item printed twice
            arts.insert(k, copy.deepcopy(a))
        elif op == 9:  # meta changed
            key = rng.choice(["paper", "date", "page"])
            pred[key] = rng.choice([None, "江城日报", "2024-03-28", 1, 2, "1", pred.get(key)])
        elif op == 10 and a is not None:  # white space and width only
            a["body"] = " ".join(body).replace("，", ",").replace("１", "1")
        elif op == 11:  # order shuffled
            rng.shuffle(arts)
        elif op == 12 and a is not None:  # short junk items
            arts.insert(k, {"kind": "article", "body": body[:19]})
        elif op == 13 and a is not None:  # fields missing or null
            for key in rng.sample(["kicker", "title", "subtitle", "continued_to", "continued_from", "body"], 2):
                if rng.random() < 0.5:
                    a.pop(key, None)
                else:
                    a[key] = None
    pred["articles"] = arts
    return pred


# ---------------------------------------------------------------- fixed cases


def test_gold_against_itself(golds: dict[str, dict]) -> None:
    triples = [(name, g, g) for name, g in golds.items()]
    assert_same(triples)
    total = score_pairs(triples).total
    assert total == {"article_f1": 1.0, "headline_acc": 1.0, "text_acc": 1.0, "jump_acc": 1.0, "meta_acc": 1.0}


def test_gold_against_empty_predictions(golds: dict[str, dict]) -> None:
    for pred in ({"articles": []}, {}, {"articles": None}, {"paper": None, "date": None, "page": None}):
        triples = [(name, g, pred) for name, g in golds.items()]
        assert_same(triples)
    report = score_pairs([(name, g, {"articles": []}) for name, g in golds.items()])
    assert report.total["article_f1"] == 0.0
    assert report.total["text_acc"] == 0.0


def test_no_pages() -> None:
    assert_same([])


def test_empty_gold_pages() -> None:
    empty = {"articles": [], "paper": None, "date": None, "page": None}
    assert_same([("e", empty, empty), ("f", empty, {"articles": [{"body": "新华社上海11月30日电 中共中央总书记习近平30日上午"}]})])


def test_items_shorter_than_twenty_characters_are_left_out(golds: dict[str, dict]) -> None:
    gold = next(iter(golds.values()))
    pred = copy.deepcopy(gold)
    pred["articles"].append({"kind": "article", "body": "短" * 19})
    pred["articles"].append({"kind": "article", "body": " 短 " * 19 + "\n\t"})
    assert asdict(score_page(gold, pred)) == asdict(score_page(gold, gold))
    assert_same([("short", gold, pred)])


def test_canon_matches_the_reference() -> None:
    for text in [None, "", " \n\t　", "ＡＢＣ１２３，（）", "新华社 上海\n11月30日电", "ﬁ ①"]:
        assert canon(text) == ref.canon(text)


@pytest.mark.parametrize("seed", range(40))
def test_perturbed_predictions_seeded(golds: dict[str, dict], seed: int) -> None:
    rng = random.Random(seed)
    triples = [(name, g, perturb(g, rng)) for name, g in golds.items()]
    assert_same(triples)


def test_predictions_swapped_between_pages(golds: dict[str, dict]) -> None:
    names = list(golds)
    triples = [(name, golds[name], golds[names[(i + 1) % len(names)]]) for i, name in enumerate(names)]
    assert_same(triples)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), which=st.integers(min_value=0, max_value=4))
def test_perturbed_predictions_hypothesis(golds: dict[str, dict], seed: int, which: int) -> None:
    name = sorted(golds)[which % len(golds)]
    gold = golds[name]
    pred = perturb(gold, random.Random(seed))
    assert_same([(name, gold, pred)])


@settings(max_examples=100, deadline=None)
@given(
    bodies=st.lists(st.text(alphabet="新华社上海北京记者电讯，。 \n１2abＡ", min_size=0, max_size=60), max_size=6),
    heads=st.lists(st.one_of(st.none(), st.text(alphabet="新华社上海 ", max_size=6)), min_size=6, max_size=6),
)
def test_random_pages_against_each_other(bodies: list[str], heads: list[str | None]) -> None:
    gold = {"paper": "报", "date": None, "page": 1, "articles": [{"body": b, "title": heads[i]} for i, b in enumerate(bodies)]}
    pred = {"paper": None, "page": 1, "articles": [{"body": b[::-1] if i % 2 else b, "title": heads[-1 - i]} for i, b in enumerate(bodies)]}
    assert_same([("x", gold, pred), ("y", pred, gold)])


# ---------------------------------------------------------------- directories


def test_score_dirs_matches_the_reference_script(golds: dict[str, dict], gold_dir: Path, tmp_path: Path) -> None:
    rng = random.Random(2024)
    pred_dir = tmp_path / "pred"
    pred_dir.mkdir()
    names = sorted(golds)
    for i, name in enumerate(names):
        if i == 0:
            continue  # a missing prediction counts as an empty page
        if i == 1:
            (pred_dir / f"{name}.json").write_text("{not json", encoding="utf-8")
            continue
        (pred_dir / f"{name}.json").write_text(json.dumps(perturb(golds[name], rng), ensure_ascii=False), encoding="utf-8")
    ours = score_dirs(gold_dir, pred_dir).to_json()
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        ref.main([str(gold_dir), str(pred_dir), "--json"])
    theirs = json.loads(buf.getvalue())
    assert ours == theirs
    # and the text lines are the same
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        ref.main([str(gold_dir), str(pred_dir)])
    assert score_dirs(gold_dir, pred_dir).lines() == buf.getvalue().splitlines()


def test_score_dirs_refuses_a_broken_gold_file(golds: dict[str, dict], gold_dir: Path, tmp_path: Path) -> None:
    """Regression: a gold file that is not JSON was scored as an empty gold page (the reference refuses it)."""
    gold = tmp_path / "gold"
    gold.mkdir()
    name = sorted(golds)[0]
    (gold / f"{name}.json").write_text(json.dumps(golds[name], ensure_ascii=False), encoding="utf-8")
    (gold / "zzz.json").write_text("{broken", encoding="utf-8")
    with pytest.raises(ValueError):
        ref.main([str(gold), str(tmp_path / "none")])
    with pytest.raises(ValueError):
        score_dirs(gold, tmp_path / "none")
