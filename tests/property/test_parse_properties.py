"""Properties of baokan.parse_text on arbitrary text: it never raises, its JSON is page/1,
it does not invent text, and it is deterministic."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baokan import Page, parse_text
from baokan.model import KINDS, SCHEMA

PAGE_KEYS = {"schema", "source", "paper", "date", "page", "page_name", "edition", "articles"}
ARTICLE_KEYS = {
    "kind", "kicker", "title", "subtitle", "dateline", "agency", "authors", "credits", "body",
    "continued_to", "continued_from",
}
OPTIONAL_ARTICLE_KEYS = {"continued_to_prefix", "continued_from_prefix", "refers_to", "summary"}
EDITION_KEYS = {"issue_no", "cn", "weekday", "lunar", "page_count", "publisher", "website"}

HAN = "新华社上海北京太原本报讯记者李雪峰习近平强调推动长三角一体化发展日报月日电年星期农历今日版号出版社摄主持出席见证人人常谢"
PUNCT = "，。、；：？！“”‘’（）《》—…·【】"
NUMERALS = "0123456789一二三四五六七八九十百〇"
MARKS = ["## ", "# ", "- ", "* ", "• ", "1. ", "> ", "**", "---", "|", "![x](y.png)", "[链接](http://a.cn)"]
PIECES = [
    "（下转第三版）", "(下转第4版)", "下转A3版", "（转第2版）", "（上接第一版）", "(上接第12版)", "上接A1版",
    "刊3版▶", "见2-3版", "▶详见第5版", "本报讯（记者 李雪峰）", "新华社上海11月30日电 ", "□ 本报记者 张彩峰",
    "新华社记者 邢广利摄", "第3版：要闻", "国内统一刊号：CN14-0019", "2023年12月1日", "星期五", "今日8版",
    "(第16741号)", "www.dtnews.cn", "大同日报社出版", "大同日报", "责任编辑：李明", "核心阅读", "导读",
    "杨政杨政 摄摄", "\u3000\u3000", "\ufeff", "\r\n", "\t", "\u200b", "ＣＮ１４",
    "\ufb2c", "\U0001d160", "\u0958", "e\u0301", "\uf900",  # NFC expands, composes, or maps these
]

chinese_text = st.lists(
    st.one_of(
        st.text(alphabet=HAN + PUNCT + NUMERALS, min_size=1, max_size=40),
        st.sampled_from(["\n", "\n\n", "\n\n\n", " ", "  ", "\u3000"]),
        st.sampled_from(MARKS),
        st.sampled_from(PIECES),
    ),
    max_size=60,
).map("".join)

any_text = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=400), chinese_text)

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_page(text: str, page: Page) -> dict:
    assert isinstance(page, Page)
    data = page.to_json()
    dumped = json.dumps(data, ensure_ascii=False)
    assert json.loads(dumped) == data
    assert set(data) == PAGE_KEYS
    assert data["schema"] == SCHEMA
    assert data["paper"] is None or isinstance(data["paper"], str)
    assert data["date"] is None or (isinstance(data["date"], str) and len(data["date"]) == 10)
    assert data["page"] is None or (isinstance(data["page"], int) and data["page"] >= 0)
    assert data["page_name"] is None or isinstance(data["page_name"], str)
    assert isinstance(data["edition"], dict) and set(data["edition"]) <= EDITION_KEYS
    assert all(v is not None for v in data["edition"].values())
    for art in data["articles"]:
        assert ARTICLE_KEYS <= set(art) <= ARTICLE_KEYS | OPTIONAL_ARTICLE_KEYS
        assert art["kind"] in KINDS
        assert isinstance(art["body"], str)
        assert isinstance(art["authors"], list) and all(isinstance(a, str) for a in art["authors"])
        assert isinstance(art["credits"], list) and all(isinstance(c, str) for c in art["credits"])
        for key in ("kicker", "title", "subtitle", "dateline", "agency"):
            assert art[key] is None or isinstance(art[key], str)
        for key in ("continued_to", "continued_from"):
            assert art[key] is None or (isinstance(art[key], int) and art[key] > 0)
    # nothing invented: restored text and bodies are not longer than the input (plus a little
    # for paragraph breaks and the space kept after a lead-in)
    assert len(page.text) <= len(text) + 64
    bodies = sum(len(a.body) for a in page.articles)
    assert bodies <= len(text) + 16 * len(page.articles) + 64
    return data


@PROPERTY
@given(text=any_text)
def test_parse_any_text(text: str) -> None:
    first = check_page(text, parse_text(text, source="p.txt"))
    assert first["source"] == "p.txt"
    # deterministic: the same input gives the same page
    assert parse_text(text, source="p.txt").to_json() == first


@PROPERTY
@given(text=chinese_text)
def test_parse_chinese_page_like_text(text: str) -> None:
    page = parse_text(text)
    data = check_page(text, page)
    assert json.dumps(data, ensure_ascii=False) == json.dumps(parse_text(text).to_json(), ensure_ascii=False)


@settings(max_examples=100, deadline=None)
@given(
    blocks=st.lists(st.sampled_from(PIECES) | st.text(alphabet=HAN + PUNCT, min_size=5, max_size=120), min_size=1, max_size=12),
    repeat=st.integers(min_value=1, max_value=3),
)
def test_parse_repeated_blocks(blocks: list[str], repeat: int) -> None:
    text = "\n\n".join(blocks * repeat)
    check_page(text, parse_text(text))


@pytest.mark.parametrize("ch", ["\ufb2c", "\U0001d160", "\u0958"])
def test_nfc_expansion_stays_within_the_bound(ch: str) -> None:
    """Regression: NFC expands composition-excluded code points (U+FB2C → 3 characters)."""
    text = "新华社北京11月30日电 " + ch * 200 + "。"
    check_page(text, parse_text(text))
