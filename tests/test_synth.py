"""Tests of the synthetic page generator (`eval/synth.py`), not of the parser."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
import synth
from hypothesis import given, settings
from hypothesis import strategies as st

GOLD_DIR = Path(__file__).resolve().parents[1] / "eval" / "gold"
ARTICLE_KEYS = (
    "kind", "kicker", "title", "subtitle", "dateline", "agency", "authors", "credits", "body",
    "continued_to", "continued_from",
)
PAGE_KEYS = ("schema", "source", "paper", "date", "page", "page_name", "edition", "articles")
EDITION_KEYS = {"issue_no", "cn", "weekday", "lunar", "page_count", "publisher", "website"}
SHORT = 12  # paragraphs shorter than this (canonical) are checked for presence only (bylines)


def c(text: str | None) -> str:
    """Canonical form for matching: the scorer's, with 。 and . identified (markdown pages)."""
    return synth.canon(text).replace("。", ".")


@pytest.fixture(scope="module")
def material() -> list[dict]:
    return synth.load_articles(GOLD_DIR)


@pytest.fixture(scope="module")
def corpus(material: list[dict]) -> list[tuple[str, str, dict]]:
    return synth.make_corpus(material, 60, seed=7)


def _variants(text: str) -> list[str]:
    return [v for v in dict.fromkeys((c(text), c(synth.fake_bold(text)))) if v]


def _find(page: str, text: str, start: int) -> tuple[int, int]:
    """First occurrence at or after `start` of `text` or its fake-bold form: (position, length)."""
    best = (-1, 0)
    for v in _variants(text):
        i = page.find(v, start)
        if i >= 0 and (best[0] < 0 or i < best[0]):
            best = (i, len(v))
    return best


def _locate_body(page: str, body: str, cursor: int) -> tuple[int, int]:
    """Check that `body` is printed in `page` (canonical) from `cursor` on, paragraph by paragraph.

    Allowed: one tail of the body (from inside a paragraph on) printed elsewhere, contiguous (a
    fragment out of reading order); short paragraphs (bylines) anywhere. Returns (first, end).
    """
    paras = [p for p in body.split("\n") if c(p)]
    pos, first = cursor, None
    k = 0
    while k < len(paras):
        text = paras[k]
        if len(c(text)) < SHORT:
            assert _find(page, text, 0)[0] >= 0, f"short paragraph not printed: {text!r}"
            k += 1
            continue
        i, n = _find(page, text, pos)
        if i >= 0:
            first = i if first is None else first
            pos = i + n
            k += 1
            continue
        # moved tail: longest prefix of this paragraph printed here, the rest printed as one run
        cp = c(text)
        lo, hi = 0, len(cp)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if page.find(cp[:mid], pos) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo:
            i = page.find(cp[:lo], pos)
            first = i if first is None else first
            pos = i + lo
        tail = cp[lo:] + "".join(c(p) for p in paras[k + 1:])
        assert page.find(tail) >= 0, f"paragraph not printed: {text[:40]!r}"
        break
    assert first is not None or all(len(c(p)) < SHORT for p in paras), f"body not printed: {body[:40]!r}"
    return (first if first is not None else cursor), pos


def _check_page(text: str, gold: dict) -> None:
    page = c(text)
    cursor = 0
    for art in gold["articles"]:
        first, _ = _locate_body(page, art["body"], cursor)
        cursor = max(cursor, first)
        for key in ("kicker", "title", "subtitle"):
            if art[key]:
                assert _find(page, art[key], 0)[0] >= 0, f"{key} not printed: {art[key]!r}"
        for credit in art["credits"]:
            assert _find(page, credit, 0)[0] >= 0, f"credit not printed: {credit!r}"


# ----------------------------------------------------------------------------------------------


def test_material_loads(material: list[dict]) -> None:
    kinds = {a["kind"] for a in material}
    assert {"article", "photo"} <= kinds
    assert all(a["body"] and "\n\n" not in a["body"] for a in material)
    assert not any("(记者" in a["body"] for a in material)  # halfwidth lead-ins restored


def test_deterministic(material: list[dict]) -> None:
    a = synth.make_corpus(material, 10, seed=3)
    b = synth.make_corpus(material, 10, seed=3)
    assert a == b
    assert synth.make_corpus(material, 4, seed=3) == a[:4]
    other = synth.make_corpus(material, 10, seed=4)
    assert [t for _, t, _ in other] != [t for _, t, _ in a]
    rng1, rng2 = random.Random(5), random.Random(5)
    items = material[:4]
    page1 = synth.render_page(items, "noisy", rng1, name="x")
    assert page1 == synth.render_page(items, "noisy", rng2, name="x")


def test_every_style_produced(corpus: list[tuple[str, str, dict]]) -> None:
    styles = [g["synth"]["style"] for _, _, g in corpus]
    assert set(styles) == set(synth.STYLES)
    assert styles[: len(synth.STYLES)] == list(synth.STYLES)
    names = [n for n, _, _ in corpus]
    assert len(set(names)) == len(names)
    assert all(n.endswith(g["synth"]["style"]) and g["source"] == n + ".txt" for n, _, g in corpus)


def test_unknown_style(material: list[dict]) -> None:
    with pytest.raises(ValueError):
        synth.render_page(material[:3], "fancy", random.Random(1), name="x")


def test_gold_is_valid_page1(corpus: list[tuple[str, str, dict]]) -> None:
    seen_kinds: set[str] = set()
    for name, text, gold in corpus:
        assert text.strip()
        for key in PAGE_KEYS:
            assert key in gold, (name, key)
        assert gold["schema"] == "baokan.page/1"
        assert set(gold["edition"]) <= EDITION_KEYS
        if gold["paper"] is not None or gold["edition"]:
            assert gold["page"] is not None
        if gold["edition"]:
            assert gold["page"] == 1 and gold["paper"] and gold["date"]
        if gold["date"] is not None:
            assert len(gold["date"]) == 10 and gold["date"][4] == "-" and gold["date"][7] == "-"
        assert gold["page"] is None or isinstance(gold["page"], int)
        assert 3 <= len(gold["articles"]) <= 8
        for art in gold["articles"]:
            for key in ARTICLE_KEYS:
                assert key in art, (name, key)
            assert art["kind"] in ("article", "photo", "teaser", "notice")
            seen_kinds.add(art["kind"])
            assert isinstance(art["authors"], list) and isinstance(art["credits"], list)
            assert art["body"] and art["body"] == art["body"].strip()
            assert "\n\n" not in art["body"]
            for key in ("continued_to", "continued_from"):
                assert art[key] is None or (isinstance(art[key], int) and art[key] > 0)
            if art.get("continued_to_prefix"):
                assert art["continued_to"] is not None
            if art.get("continued_from_prefix"):
                assert art["continued_from"] is not None
            if gold["page"] == 1:
                assert art["continued_from"] is None
            if gold["page"] and art["continued_to"]:
                assert art["continued_to"] > gold["page"]
            if art["kind"] == "photo":
                assert art["title"] is None and art["credits"]
                assert art["dateline"] is None
            if art["kind"] == "teaser":
                assert art["title"] and art["body"].split("\n")[0] == art["title"]
            if art["continued_from"] is not None and art["kind"] == "article":
                assert art["title"] is None and art["kicker"] is None
    assert seen_kinds == {"article", "photo", "teaser", "notice"}


def test_jump_markers_not_in_gold(corpus: list[tuple[str, str, dict]]) -> None:
    jumps = 0
    for _, text, gold in corpus:
        for art in gold["articles"]:
            assert "下转" not in art["body"] and "上接" not in art["body"]
            if art["continued_to"]:
                jumps += 1
                n = art["continued_to"]
                forms = {f"下转第{n}版", f"下转第{synth.cn_numeral(n)}版", f"下转A{n}版", f"下转 {n} 版", f"下转{n}版",
                         f"转第{synth.cn_numeral(n)}版"}
                assert any(f in text for f in forms), (n, text[-200:])
    assert jumps >= 5


def test_gold_bodies_printed_in_order(corpus: list[tuple[str, str, dict]]) -> None:
    for name, text, gold in corpus:
        try:
            _check_page(text, gold)
        except AssertionError as exc:  # pragma: no cover - diagnostic
            raise AssertionError(f"{name}: {exc}") from exc


def test_many_seeds_printed(material: list[dict]) -> None:
    for seed in (1, 2, 11):
        for name, text, gold in synth.make_corpus(material, 25, seed):
            try:
                _check_page(text, gold)
            except AssertionError as exc:  # pragma: no cover - diagnostic
                raise AssertionError(f"{name}: {exc}") from exc


def test_gold_text_is_restored(corpus: list[tuple[str, str, dict]]) -> None:
    for _, _, gold in corpus:
        for art in gold["articles"]:
            body = art["body"]
            assert "  \n" not in body and "## " not in body
            for i, ch in enumerate(body[1:], 1):  # no halfwidth punctuation right after CJK text
                assert not (ch in ",;:!?()" and unicodedata.east_asian_width(body[i - 1]) == "W"), body
            for key in ("kicker", "title", "subtitle"):
                assert art[key] is None or ("\n" not in art[key] and not art[key].startswith("#"))


def test_fake_bold_doubles() -> None:
    assert synth.fake_bold("杨政 摄") == "杨政杨政 摄摄"
    assert synth.fake_bold("中车大同公司新型重载机车生产现场。") == \
        "中车大同公司新型重载机车生产现场中车大同公司新型重载机车生产现场。。"


@given(st.text(alphabet=st.sampled_from(list("新华社记者摄报讯，。“”（） 12aB")), max_size=30))
@settings(max_examples=200, deadline=None)
def test_fake_bold_property(text: str) -> None:
    doubled = synth.fake_bold(text)
    assert len(doubled.replace(" ", "")) == 2 * len(text.replace(" ", ""))
    assert doubled.split() == [synth.fake_bold(w) for w in text.split()]


def test_noisy_pages_have_noise(corpus: list[tuple[str, str, dict]]) -> None:
    noisy = [(t, g) for _, t, g in corpus if g["synth"]["style"] == "noisy"]
    assert noisy
    counts = {"fake_bold": 0, "repeat": 0, "moved": 0}
    for text, gold in noisy:
        noise = gold["synth"]["noise"]
        for key in noise:
            counts[key] += 1
        page = synth.canon(text)
        if "fake_bold" in noise:
            targets = [
                x for a in gold["articles"]
                for x in [a["kicker"], a["title"], a["subtitle"], *a["credits"]]
                + ([a["body"]] if a["kind"] == "photo" else [])
                if x
            ]
            assert any(synth.canon(synth.fake_bold(x)) in page for x in targets)
        if "repeat" in noise:
            paras = [synth.canon(p) for a in gold["articles"] for p in a["body"].split("\n")]
            assert any(len(p) >= 20 and page.count(p) >= 2 for p in paras)
        if "moved" in noise:
            # some body is not printed as one run
            assert any(
                synth.canon(a["body"]) not in page and len(synth.canon(a["body"])) >= 20
                for a in gold["articles"]
            )
    assert all(v > 0 for v in counts.values()), counts


def _headings(gold: dict) -> list[str]:
    return [synth.canon(a[k]) for a in gold["articles"] for k in ("kicker", "title", "subtitle") if a[k]]


def test_wrapped_lines_respect_width(corpus: list[tuple[str, str, dict]]) -> None:
    pages = [(t, g) for _, t, g in corpus if g["synth"]["width"]]
    assert any(g["synth"]["style"] == "wrapped" for _, g in pages)
    assert any(g["synth"]["style"] == "title_after" for _, g in pages)
    for text, gold in pages:
        width = gold["synth"]["width"]
        assert 8 <= width <= 40
        bodies = [synth.canon(a["body"]) for a in gold["articles"] if a["kind"] != "teaser"]
        heads = _headings(gold)
        checked = full = 0
        for line in text.split("\n"):
            cl = synth.canon(line)
            if len(cl) < 4 or any(cl in h for h in heads) or not any(cl in b for b in bodies):
                continue
            checked += 1
            assert synth.text_width(line) <= width, (width, line)
            full += synth.text_width(line) >= width - 2
        assert checked >= 5
        assert full / checked > 0.5


@given(st.text(alphabet=st.sampled_from(list("报讯记者新华社电，。、“”（）《》 123.5%ab")), max_size=200),
       st.integers(min_value=12, max_value=26))
@settings(max_examples=200, deadline=None)
def test_wrap_property(text: str, width: int) -> None:
    lines = synth.wrap(text, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    for ln in lines:
        assert synth.text_width(ln) <= width
        assert ln == ln.strip()


def test_wrap_kinsoku() -> None:
    text = "一二三四五六七八九十一二，三四五六七八九十。"
    lines = synth.wrap(text, 12)
    assert lines[0] == "一二三四五六七八九十一"  # one short: the comma may not start a line
    assert lines[1].startswith("二，")


def test_markdown_style(corpus: list[tuple[str, str, dict]]) -> None:
    pages = [(t, g) for _, t, g in corpus if g["synth"]["style"] == "markdown"]
    assert pages
    leadins = 0
    for text, gold in pages:
        titles = {synth.canon(a["title"]) for a in gold["articles"] if a["title"]}
        printed = titles | {synth.canon(a[k]) for a in gold["articles"] for k in ("kicker", "subtitle") if a.get(k)} | {
            synth.canon(p) for a in gold["articles"] for p in a["body"].split("\n")}
        md = [re.sub(r"^#{1,6} ", "", ln) for ln in text.split("\n") if re.match(r"^#{1,6} ", ln)]
        assert any(synth.canon(x) in titles for x in md)  # titles are headings, of any level
        assert all(synth.canon(x) in printed for x in md)  # and so may be kickers, subtitles and subheads
        assert "，" not in text and "：" not in text
        leadins += text.count("本报讯 (记者")
        for art in gold["articles"]:
            if art["kind"] == "article" and art["body"].startswith("本报讯"):
                assert art["body"].startswith("本报讯（") or not art["body"].startswith("本报讯(")
    assert leadins > 0


def test_title_after_style(corpus: list[tuple[str, str, dict]]) -> None:
    pages = [(t, g) for _, t, g in corpus if g["synth"]["style"] == "title_after"]
    assert pages
    continuations = titled = after = 0
    for text, gold in pages:
        page = c(text)
        cursor = 0
        for art in gold["articles"]:
            first, _ = _locate_body(page, art["body"], cursor)
            cursor = max(cursor, first)
            if art["kind"] != "article":
                continue
            if art["continued_from"] is not None:
                continuations += 1
            if art["title"]:
                titled += 1
                t = c(art["title"])
                at = page.find(t, first)
                before = page[max(first - len(t), 0):first] == t
                after += at > first and not before
    assert continuations > 0 and titled > 0
    assert after >= 0.9 * titled  # (a mixed page, MIXED_RATE, prints a few titles first)


def test_mastheads_and_running_heads(corpus: list[tuple[str, str, dict]]) -> None:
    mast = [g for _, _, g in corpus if g["edition"] or (g["page"] == 1 and g["paper"])]
    heads = [g for _, _, g in corpus if g["page"] and g["page"] > 1]
    bare = [g for _, _, g in corpus if g["page"] is None]
    assert mast and heads and bare
    for _, text, gold in corpus:
        if gold["paper"]:
            assert gold["paper"] in text
        if gold["page"] and gold["page"] > 1:
            assert f"第{gold['page']}版" in text or f"第{synth.cn_numeral(gold['page'])}版" in text
        if gold["page_name"]:
            assert gold["page_name"] in text
        if "issue_no" in gold["edition"]:
            assert str(gold["edition"]["issue_no"]) in text
        if "cn" in gold["edition"]:
            assert gold["edition"]["cn"] in text
        if gold["page"] is None:
            assert gold["paper"] is None and gold["date"] is None and gold["edition"] == {}


def test_photos_and_teasers(corpus: list[tuple[str, str, dict]]) -> None:
    photos = [a for _, _, g in corpus for a in g["articles"] if a["kind"] == "photo"]
    teasers = [a for _, _, g in corpus for a in g["articles"] if a["kind"] == "teaser"]
    assert photos and teasers
    for a in photos:
        credit = a["credits"][0]
        if credit.startswith("新华社"):
            assert a["agency"] == "新华社"
        elif credit.startswith("本报"):
            assert a["agency"] == "本报"
    assert any(a.get("refers_to") for a in teasers)


def test_cn_numeral() -> None:
    assert [synth.cn_numeral(n) for n in (1, 3, 10, 12, 15, 20, 23)] == \
        ["一", "三", "十", "十二", "十五", "二十", "二十三"]
    with pytest.raises(ValueError):
        synth.cn_numeral(0)


def test_make_synth_script(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "eval" / "make_synth.py"
    out = tmp_path / "synth"
    subprocess.run([sys.executable, str(script), str(out), "--n", "6", "--seed", "2"], check=True)
    pages = sorted((out / "pages").glob("*.txt"))
    golds = sorted((out / "gold").glob("*.json"))
    assert len(pages) == len(golds) == 6
    assert [p.stem for p in pages] == [g.stem for g in golds]
    gold = json.loads(golds[0].read_text(encoding="utf-8"))
    assert gold["source"] == pages[0].name


def test_a_photo_printed_between_an_articles_headings_and_its_body(material: list[dict],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(synth, "INSET_RATE", 1.0)
    monkeypatch.setattr(synth, "MIXED_RATE", 0.0)  # (a title printed after its body has no photo under it)
    article = {"kind": "article", "kicker": None, "title": "城市更新让老街区焕发新活力", "subtitle": None,
               "dateline": None, "agency": None, "authors": [], "credits": [],
               "body": "老街区的改造从去年春天开始。\n居民们说，变化一天比一天大。"}
    photo = {"kind": "photo", "kicker": None, "title": None, "subtitle": None, "dateline": None, "agency": None,
             "authors": [], "credits": ["本报记者 王强摄"], "body": "改造后的老街区一角。"}
    text, gold = synth.render_page([article, photo], "clean", random.Random(3), name="inset")
    lines = text.split("\n")
    at = {key: next(i for i, line in enumerate(lines) if key in line)
          for key in ("城市更新", "改造后的老街区一角", "王强摄", "老街区的改造")}
    assert at["城市更新"] < at["改造后的老街区一角"] < at["王强摄"] < at["老街区的改造"]
    kinds = {a["kind"]: a for a in gold["articles"]}
    assert kinds["article"]["title"] == "城市更新让老街区焕发新活力"
    assert kinds["article"]["body"].startswith("老街区的改造")
    assert kinds["photo"]["credits"] == ["本报记者 王强摄"]


def test_a_page_may_print_some_titles_after_their_bodies(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a mixed page some articles print their titles after their bodies, the others before;
    the gold is the same either way."""
    monkeypatch.setattr(synth, "MIXED_RATE", 1.0)
    arts = [{"kind": "article", "kicker": None, "title": f"第{n}篇文章的标题", "subtitle": None, "dateline": None,
             "agency": None, "authors": [], "credits": [], "body": f"这是第{n}篇文章的第一段。\n这是第{n}篇文章的第二段。"}
            for n in range(1, 9)]
    text, gold = synth.render_page(arts, "clean", random.Random(5), name="mixed3")
    after = [n for n in range(1, 9) if text.index(f"第{n}篇文章的标题") > text.index(f"这是第{n}篇文章的第二")]
    assert 0 < len(after) < 8
    assert [a["title"] for a in gold["articles"]] == [a["title"] for a in arts]
    assert [a["body"] for a in gold["articles"]] == [a["body"] for a in arts]


@pytest.mark.parametrize(("style", "seed", "base", "name"),
                         [("clean", 11, "clean", "dense"), ("clean", 11, "clean", "dense3"), ("noisy", 1, "clean", "dense"),
                          ("noisy", 0, "wrapped", "dense")])
def test_a_dense_page_prints_no_blank_line_and_keeps_its_gold(material: list[dict], style: str, seed: int, base: str,
                                                              name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dense page (DENSE_RATE) is the same page with its blank lines taken out (and, on half of
    them, the first line of each paragraph indented): the same lines in the same order, and the
    same gold; pages on a wrapped base never are."""
    articles = material[:5]
    monkeypatch.setattr(synth, "DENSE_RATE", 0.0)
    spaced, gold = synth.render_page(articles, style, random.Random(seed), name=name)
    monkeypatch.setattr(synth, "DENSE_RATE", 1.0)
    dense, dense_gold = synth.render_page(articles, style, random.Random(seed), name=name)
    assert gold["synth"]["base"] == base
    if base != "clean":
        assert (dense, dense_gold) == (spaced, gold)
        return
    assert "\n\n" not in dense and dense.strip()
    lines = dense.split("\n")
    assert [ln.removeprefix("\u3000\u3000") for ln in lines] == [ln for ln in spaced.split("\n") if ln.strip()] + [""]
    indented = [ln[2:] for ln in lines if ln.startswith("\u3000\u3000")]
    form = dense_gold.pop("synth")["dense"]
    gold.pop("synth")
    assert dense_gold == gold
    if form == "indented":  # every indented line opens a paragraph of the gold, and most paragraphs are so opened
        paras = [p for a in gold["articles"] for p in a["body"].split("\n")]
        assert all(any(p.startswith(ln[:12]) for p in paras) for ln in indented)
        assert len(indented) >= 0.8 * len(paras)
    else:
        assert form is True and not indented
    _check_page(dense.replace("\u3000\u3000", ""), {**gold, "synth": {"style": style}})


def test_dense_pages_come_in_both_forms() -> None:
    forms = {synth.render_page(synth.load_articles(GOLD_DIR)[:4], "clean", random.Random(5), name=f"p{i}")[1]["synth"].get("dense")
             for i in range(40)}
    assert forms == {None, True, "indented"}
