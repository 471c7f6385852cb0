"""The broadsheet PDF renderer (eval/pdf/render.py) gives exact gold: the text PyMuPDF extracts
from each article's regions is the article's printed text, nothing else is printed but the
page furniture, regions do not overlap, every layout kind occurs and jumps are marked."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

pymupdf = pytest.importorskip("pymupdf")

PDF_DIR = Path(__file__).resolve().parents[1] / "eval" / "pdf"
if str(PDF_DIR) not in sys.path:
    sys.path.insert(0, str(PDF_DIR))

import render  # noqa: E402


def canon(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def printed(article: dict) -> str:
    """The article's text in printed order: headings, 上接 marker, body, 下转 marker, credit."""
    jump = article.get("jump_text") or {}
    heads = "".join(article.get(k) or "" for k in ("kicker", "title", "subtitle"))
    return heads + jump.get("from", "") + article["body"] + jump.get("to", "") + "".join(article["credits"])


def overlap(a: list[float], b: list[float]) -> bool:
    return max(a[0], b[0]) < min(a[2], b[2]) and max(a[1], b[1]) < min(a[3], b[3])


def clip_text(page: pymupdf.Page, rects: list[list[float]]) -> str:
    return "".join(page.get_text("text", clip=pymupdf.Rect(r)) for r in rects)


@pytest.fixture(scope="module")
def corpus_pages() -> dict:
    return render.corpus.load()


@pytest.fixture(scope="module")
def rendered(corpus_pages: dict) -> list[tuple[str, bytes, dict]]:
    train, test = render.corpus.split(corpus_pages)
    out = list(render.render_pages(corpus_pages, test[:12], seed=7))
    out += list(render.render_pages(corpus_pages, train[20:30], seed=7))
    return out


@pytest.fixture(scope="module")
def issue(corpus_pages: dict) -> list[tuple[str, bytes, dict]]:
    _train, test = render.corpus.split(corpus_pages)
    date = sorted({d for d, _ in test})[1]
    return render.render_issue(corpus_pages, date, seed=3)


def test_renders_enough_pages(rendered: list) -> None:
    assert len(rendered) >= 20
    for name, pdf, gold in rendered:
        assert pdf.startswith(b"%PDF")
        assert gold["schema"] == "baokan.page/1" and gold["source"] == name + ".pdf"
        assert 2 <= len(gold["articles"]) <= 16, name
        doc = pymupdf.open("pdf", pdf)
        assert doc.page_count == 1
        w, h = doc[0].rect.width, doc[0].rect.height
        assert 800 <= w <= 1000 and 1.39 <= h / w <= 1.45


def _check_page(name: str, pdf: bytes, gold: dict) -> None:
    page = pymupdf.open("pdf", pdf)[0]
    bounds = page.rect
    everything: Counter = Counter()
    for i, art in enumerate(gold["articles"]):
        assert art["layout"] in render.LAYOUTS, name
        assert (art["kind"] == "photo") == (art["layout"] == "photo"), name
        assert art["regions"] and art["body_regions"], (name, i)
        for r in art["regions"] + art["body_regions"]:
            assert bounds.x0 <= r[0] < r[2] <= bounds.x1 and bounds.y0 <= r[1] < r[3] <= bounds.y1, (name, i, r)
        body = clip_text(page, art["body_regions"])
        assert canon(body) == canon(art["body"]), (name, i, art["layout"])
        text = clip_text(page, art["regions"])
        assert canon(text) == canon(printed(art)), (name, i, art["layout"])
        everything.update(canon(text))
        for a, b in zip(art["regions"], art["regions"][1:], strict=False):
            assert not overlap(a, b), (name, i)
        for other in gold["articles"][i + 1:]:
            assert not any(overlap(a, b) for a in art["regions"] for b in other["regions"]), (name, i)
        for f in gold["furniture"]:
            assert not any(overlap(a, f["rect"]) for a in art["regions"]), (name, i, f["text"])
    everything.update(canon("".join(f["text"] for f in gold["furniture"])))
    # nothing is printed that is neither an article of the gold nor page furniture
    assert Counter(canon(page.get_text("text"))) == everything, name


def test_regions_give_exact_text(rendered: list) -> None:
    for name, pdf, gold in rendered:
        _check_page(name, pdf, gold)


def test_every_layout_occurs(rendered: list) -> None:
    kinds = Counter(a["layout"] for _, _, gold in rendered for a in gold["articles"])
    assert set(kinds) == set(render.LAYOUTS), kinds
    assert min(kinds.values()) >= 5, kinds


def test_masthead_and_running_heads(rendered: list) -> None:
    for _name, pdf, gold in rendered:
        text = canon(pymupdf.open("pdf", pdf)[0].get_text("text"))
        assert gold["paper"] in text and isinstance(gold["page"], int)
        furniture = canon("".join(f["text"] for f in gold["furniture"]))
        assert "编辑" in furniture
        if gold["page"] == 1:
            assert gold["page_name"] is None and gold["edition"].get("weekday")
        else:
            assert gold["page_name"] and f"{gold['page']}" in furniture


def test_issue_has_jumps(issue: list) -> None:
    assert len(issue) >= 2
    pages = {gold["page"]: gold for _, _, gold in issue}
    tos = [(gold["page"], a) for gold in pages.values() for a in gold["articles"] if a["continued_to"]]
    assert tos
    for src, a in tos:
        assert a["continued_to"] > src
        assert re.fullmatch(r"[（(]?(下转|转)第[0-9一二三四五六七八九十]+版[）)]?", a["jump_text"]["to"])
        assert a["jump_text"]["to"] not in a["body"]
        rest = [b for b in pages[a["continued_to"]]["articles"] if b["continued_from"] == src]
        assert len(rest) == 1 and rest[0]["title"] == a["title"]
        assert canon(rest[0]["jump_text"]["from"]).startswith("(上接第")
        assert not set(a["body"].split("\n")) & set(rest[0]["body"].split("\n"))
    for name, pdf, gold in issue:
        _check_page(name, pdf, gold)


def test_deterministic(corpus_pages: dict, rendered: list) -> None:
    _train, test = render.corpus.split(corpus_pages)
    again = list(render.render_pages(corpus_pages, test[:2], seed=7))
    for (n1, pdf1, gold1), (n2, pdf2, gold2) in zip(rendered[:2], again, strict=True):
        assert n1 == n2 and gold1 == gold2 and pdf1 == pdf2
    other = next(render.render_pages(corpus_pages, test[:1], seed=8))
    assert other[1] != rendered[0][1]


def test_cli_writes_pdf_and_gold(tmp_path: Path) -> None:
    assert render.main(["--out", str(tmp_path), "--pages", "1", "--seed", "2"]) == 0
    pdfs, golds = sorted(tmp_path.glob("*.pdf")), sorted(tmp_path.glob("*.json"))
    assert len(pdfs) == len(golds) == 1 and pdfs[0].stem == golds[0].stem
