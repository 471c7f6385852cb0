"""Masthead and page furniture, through baokan.parse_text: paper, date, page, page name, edition."""

from __future__ import annotations

import json

import pytest

from baokan import Edition, parse_text
from baokan.parse.masthead import read_masthead
from baokan.parse.restore import restore

TITLE = "坚定不移推进高质量发展"
KICKER = "王五在经开区调研时强调"
BODY = (
    "本报讯（记者 张三）3月27日，市委书记王五深入武汉经济技术开发区调研重点项目建设情况。他强调，要坚定不移推进"
    "高质量发展，加快建设现代化产业体系，为全市经济社会发展作出更大贡献。市领导李四参加调研。"
)
MASTHEAD = (
    "江城日报\n\n国内统一刊号：CN42-0001\n\n2024年3月\n\n28\n\n星期四\n农历甲辰年\n二月十九\n\n今日12版\n\n"
    "(第20001号)\n\nwww.jcrb.cn\n\n江城日报社出版\n\n"
)
ARTICLE = f"{KICKER}\n\n{TITLE}\n\n{BODY}\n"

FULL_EDITION = Edition(
    issue_no=20001,
    cn="CN42-0001",
    weekday="星期四",
    lunar="农历甲辰年二月十九",
    page_count=12,
    publisher="江城日报社",
    website="www.jcrb.cn",
)


def _only_article(text: str):
    page = parse_text(text)
    assert len(page.articles) == 1, page.articles
    art = page.articles[0]
    assert art.title == TITLE
    assert art.body == BODY
    return page, art


def test_masthead_split_over_lines() -> None:
    page, art = _only_article(MASTHEAD + ARTICLE)
    assert page.paper == "江城日报"
    assert page.date == "2024-03-28"
    assert page.page == 1  # a page that prints the masthead is page 1
    assert page.page_name is None
    assert page.edition == FULL_EDITION
    assert page.edition.to_json() == {
        "issue_no": 20001,
        "cn": "CN42-0001",
        "weekday": "星期四",
        "lunar": "农历甲辰年二月十九",
        "page_count": 12,
        "publisher": "江城日报社",
        "website": "www.jcrb.cn",
    }
    # masthead text is not an article, and the article keeps its lead-in facts
    assert art.kicker == KICKER
    assert (art.dateline, art.agency, art.authors) == ("本报讯", "本报", ("张三",))
    for fact in ("CN42", "星期四", "今日12版", "www.jcrb.cn", "出版"):
        assert all(fact not in (a.body + (a.title or "")) for a in page.articles)


def test_masthead_with_organ_line_and_slogans() -> None:
    text = MASTHEAD.replace("江城日报\n\n", "江城日报\n\n中共江城市委机关报\n\n", 1) + ARTICLE
    page, _ = _only_article(text)
    assert (page.paper, page.date, page.page) == ("江城日报", "2024-03-28", 1)
    assert page.edition.cn == "CN42-0001"


def test_date_and_weekday_on_one_line() -> None:
    text = "江城日报\n\n国内统一刊号：CN42-0001\n\n2024年3月28日 星期四\n\n农历甲辰年二月十九\n\nwww.jcrb.cn\n\n" + ARTICLE
    page, _ = _only_article(text)
    assert (page.paper, page.date, page.page) == ("江城日报", "2024-03-28", 1)
    assert page.edition.weekday == "星期四"
    assert page.edition.lunar == "农历甲辰年二月十九"
    assert page.edition.cn == "CN42-0001"


@pytest.mark.parametrize(
    ("date_line", "iso"),
    [
        ("2024年3月28日 星期四", "2024-03-28"),
        ("2024年03月08日　星期五", "2024-03-08"),
        ("二〇二四年三月二十八日 星期四", "2024-03-28"),
    ],
)
def test_date_forms(date_line: str, iso: str) -> None:
    text = f"江城日报\n\n国内统一刊号：CN42-0001\n\n{date_line}\n\n第20001号\n\n" + ARTICLE
    page, _ = _only_article(text)
    assert page.date == iso
    assert page.edition.issue_no == 20001


def test_impossible_date_is_not_guessed() -> None:
    text = "江城日报\n\n国内统一刊号：CN42-0001\n\n2024年2月30日 星期五\n\n第20001号\n\n" + ARTICLE
    page, _ = _only_article(text)
    assert page.paper == "江城日报"
    assert page.date is None


def test_page_without_masthead() -> None:
    page, _ = _only_article(ARTICLE)
    assert page.paper is None
    assert page.date is None
    assert page.page is None
    assert page.page_name is None
    assert page.edition == Edition()
    assert page.to_json()["edition"] == {}


def test_date_in_a_body_sentence_is_not_the_issue_date() -> None:
    other = (
        "本报讯 据介绍，2023年12月1日出版的第23期《求是》杂志发表了重要文章，文章强调要坚定不移推进高质量发展，"
        "着力推动经济实现质的有效提升和量的合理增长。"
    )
    page = parse_text(f"《求是》杂志发表重要文章\n\n{other}\n\n{TITLE}\n\n{BODY}\n")
    assert page.date is None
    assert page.paper is None
    assert page.page is None
    assert page.edition == Edition()
    assert [a.body for a in page.articles] == [other, BODY]


def test_a_story_opening_on_a_date_just_under_the_masthead_keeps_its_headline() -> None:
    """The masthead's clue lines lie close together; a story under it whose first line is cut
    after a date (2019年12月27日，中国文昌 | 航天发射场，…) is no more masthead, nor are its
    title and standfirst above that line."""
    standfirst = "嫦娥四号翩然落月，长征五号火箭一飞冲天，“雪龙2”号勇闯南极……刚刚过去的2019年，我国科技创新精彩纷呈。"
    story = ("聚焦国际前沿，惠及国计民生\n2020，科技看点多（科技视点）\n" + standfirst + "\n"
             "2019年12月27日，中国文昌\n航天发射场，伴随长征五号遥三火箭成功将实践二十号卫星送入预定轨道。\n")
    page = parse_text("人民日报\n国内统一刊号：CN11-0065\n2020年1月\n6\n星期一\n人民日报社出版\n" + story)
    assert (page.paper, page.date, page.edition.cn) == ("人民日报", "2020-01-06", "CN11-0065")
    (art,) = page.articles
    assert art.title == "2020，科技看点多（科技视点）" and art.kicker == "聚焦国际前沿，惠及国计民生"
    assert art.body.startswith(standfirst) and "中国文昌航天发射场" in art.body


def test_short_date_line_in_the_body_is_not_a_masthead() -> None:
    # one date-like clue is not enough for a masthead
    page = parse_text(f"{TITLE}\n\n2023年12月1日\n\n{BODY}\n")
    assert page.date is None
    assert page.page is None


@pytest.mark.parametrize(
    ("head", "page_no", "name"),
    [
        ("第3版：要闻", 3, "要闻"),
        ("第3版 要闻", 3, "要闻"),
        ("第三版·要闻", 3, "要闻"),
        ("第12版：国内新闻", 12, "国内新闻"),
        ("A3 要闻", 3, "要闻"),
        ("第5版", 5, None),
    ],
)
def test_running_head(head: str, page_no: int, name: str | None) -> None:
    page, _ = _only_article(f"{head}\n\n{TITLE}\n\n{BODY}\n")
    assert page.page == page_no
    assert page.page_name == name
    assert page.paper is None
    assert page.date is None


def test_running_head_at_the_foot_of_the_page() -> None:
    page, _ = _only_article(f"{TITLE}\n\n{BODY}\n\n第3版：要闻\n")
    assert (page.page, page.page_name) == (3, "要闻")


def test_running_head_with_date() -> None:
    page, _ = _only_article(f"2023年12月1日 星期五 第3版 要闻\n\n{TITLE}\n\n{BODY}\n")
    assert (page.date, page.page, page.page_name) == ("2023-12-01", 3, "要闻")


def test_running_head_with_paper_and_date() -> None:
    """Regression: fix_spacing glued '大同日报2023年…' and the paper was lost."""
    page, _ = _only_article(f"大同日报 2023年12月1日 星期五 第3版 要闻\n\n{TITLE}\n\n{BODY}\n")
    assert (page.paper, page.date, page.page, page.page_name) == ("大同日报", "2023-12-01", 3, "要闻")


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("武汉晚报 2024-03-05 A03版 要闻", ("武汉晚报", "2024-03-05", 3, "要闻")),
        ("2024年3月5日 星期二 B12版：体育", (None, "2024-03-05", 12, "体育")),
        ("武汉晚报 | 2024年3月5日 | 第3版 | 要闻", ("武汉晚报", "2024-03-05", 3, "要闻")),  # bars between the facts
    ],
)
def test_running_head_with_a_section_letter_and_no_di(top: str, expected: tuple) -> None:
    """A03版 is the page's 版次 as 第3版 is (it gave page 1: a masthead's page)."""
    page, _ = _only_article(f"{top}\n\n{TITLE}\n\n{BODY}\n")
    assert (page.paper, page.date, page.page, page.page_name) == expected


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("武汉晚报\n2024年03月05日 第03版", ("武汉晚报", "2024-03-05", 3, None)),  # the paper alone, first, over it
        ("临江日报 第9版 民生\n2023年12月1日 星期五", ("临江日报", "2023-12-01", 9, "民生")),  # the date alone under it
        ("2023年12月1日 星期五\n临江日报 第9版 民生", ("临江日报", "2023-12-01", 9, "民生")),  # or over it
        ("第3版：要闻\n2023年12月1日，全省经济工作会议召开。", (None, None, 3, "要闻")),  # a sentence is no date line
    ],
)
def test_a_running_heads_paper_or_date_on_a_line_of_its_own(top: str, expected: tuple) -> None:
    """Beside a running head at the top of the page, a line that prints the paper's name alone
    (first on the page) or the date alone is the page's paper or date, and no article's text."""
    page = parse_text(f"{top}\n\n{TITLE}\n\n{BODY}\n")
    assert (page.paper, page.date, page.page, page.page_name) == expected
    bodies = "\n".join(a.body for a in page.articles)
    if expected[1] is None:
        assert "2023年12月1日，全省经济工作会议召开。" in bodies
    else:
        assert [a.title for a in page.articles] == [TITLE]
        assert "武汉晚报" not in bodies and "星期五" not in bodies


@pytest.mark.parametrize(
    "before",
    ["今日12版", "第20001号", "星期四"],
)
def test_publisher_after_a_line_ending_in_han(before: str) -> None:
    """Regression: the previous masthead line's Han tail was glued on ('版江城日报社')."""
    text = f"江城日报\n\n国内统一刊号：CN42-0001\n\n2024年3月28日\n\n{before}\n\n江城日报社出版\n\n" + ARTICLE
    page, _ = _only_article(text)
    assert page.edition.publisher == "江城日报社"


def test_furniture_lines_are_dropped() -> None:
    page, _ = _only_article(f"{TITLE}\n\n{BODY}\n\n责任编辑：李明\n\n版式设计：王芳\n\n3\n")
    assert page.page is None


@pytest.mark.parametrize("line", ["制图：蔡华伟 （下转第7版）", "制图：蔡华伟下转第七版", "责任编辑：李明（下转第7版）"])
def test_a_jump_marker_on_a_furniture_line_stays(line: str) -> None:
    """The furniture goes, the marker printed on its line stays with the article above it."""
    _, art = _only_article(f"{TITLE}\n\n{BODY}\n\n{line}\n")
    assert art.continued_to == 7 and "制图" not in art.body and "编辑" not in art.body


def test_read_masthead_returns_the_rest() -> None:
    paras = restore(MASTHEAD + ARTICLE)
    head, rest = read_masthead(paras)
    assert head.paper == "江城日报"
    assert [p.text for p in rest] == [KICKER, TITLE, BODY]


def test_seed_page_masthead(seed_dir, gold_dir) -> None:
    for txt in sorted(seed_dir.glob("*.txt")):
        gold = json.loads((gold_dir / (txt.stem + ".json")).read_text(encoding="utf-8"))
        page = parse_text(txt.read_text(encoding="utf-8"))
        assert (page.paper, page.date, page.page) == (gold["paper"], gold["date"], gold["page"]), txt.name
        assert page.page_name == gold["page_name"], txt.name
        assert page.edition.to_json() == gold["edition"], txt.name


@pytest.mark.parametrize("page", [1, 4, 13])
def test_page_number_printed_on_its_own_line_under_the_masthead(page: int) -> None:
    text = f"人民日报\n\n2019年10月9日 星期三\n\n第{page}版\n\n要闻\n\n标题一\n\n本报北京10月8日电 正文内容很长很长。\n"
    parsed = parse_text(text)
    assert (parsed.paper, parsed.date, parsed.page) == ("人民日报", "2019-10-09", page)


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        ("3 要闻", (None, None, 3, "要闻")),
        ("经济 10", (None, None, 10, "经济")),
        ("第20版：副刊", (None, None, 20, "副刊")),  # (副刊 holds 刊, as the pointer 刊3版 does)
        ("人民日报\n6\n经济", ("人民日报", None, 6, "经济")),
        ("要闻\n2019年10月9日 星期三\n4", (None, "2019-10-09", 4, "要闻")),
        ("2019年10月9日 星期三  人民日报  2  要闻", ("人民日报", "2019-10-09", 2, "要闻")),
        ("北京日报 2020年5月10日 第2版 要闻", ("北京日报", "2020-05-10", 2, "要闻")),
    ],
)
def test_running_head_printing_its_page_as_a_bare_number(top: str, expected: tuple) -> None:
    """A running head over one line or several that prints the page as a number beside its name,
    the paper or the date is the page's head, not a masthead (page 1) nor an article's heading;
    printed with no blank line before the first title, it is still a line of its own."""
    for gap in ("\n\n", "\n"):
        page, _ = _only_article(f"{top}{gap}{TITLE}\n\n{BODY}\n")
        assert (page.paper, page.date, page.page, page.page_name) == expected, gap


@pytest.mark.parametrize(
    ("top", "title"),
    [
        ("第10版", "人民幸福安康 祖国繁荣吉祥"),  # two words: a title, no page name
        ("综合 第8版", "核心阅读"),  # the head is whole: what follows is the page's
    ],
)
def test_a_running_head_takes_no_line_of_the_page_below_it(top: str, title: str) -> None:
    page = parse_text(f"{top}\n\n{title}\n\n{BODY}\n")
    assert page.page_name != title
    assert title.replace(" ", "") in "".join((a.headline or "") + a.body for a in page.articles).replace(" ", "")


def test_a_number_glued_to_a_word_is_no_page() -> None:
    """70万老乡 is a title (a number and its unit), not page 70."""
    page = parse_text(f"70万老乡\n\n{TITLE}\n\n{BODY}\n")
    assert (page.page, page.page_name) == (None, None)
    assert "70万老乡" in "".join((a.headline or "") + a.body for a in page.articles)


@pytest.mark.parametrize(
    "masthead",
    [
        "人民日报 RENMIN RIBAO 中国共产党中央委员会机关报 2019年10月9日 星期三 农历己亥年九月十一 第25281期 今日20版 人民日报社出版",
        "# 人民日报 中国共产党中央委员会机关报 2019年10月9日 星期三 农历己亥年九月十一 (第25281号) 今日二十版 网址：www.people.com.cn",
    ],
)
def test_masthead_printed_on_one_long_line(masthead: str) -> None:
    """A masthead set on one line (longer than any running head) over the first story, with or
    without a blank line between them."""
    for gap in ("\n\n", "\n"):
        page, _ = _only_article(f"{masthead}{gap}{TITLE}\n\n{BODY}\n")
        assert (page.paper, page.date, page.page) == ("人民日报", "2019-10-09", 1), gap
        assert page.edition.weekday == "星期三" and page.edition.page_count == 20


def test_masthead_lines_with_no_blank_line_between_them() -> None:
    """Each masthead line is one fact: none is joined to the next as a wrapped paragraph's line
    is, and a day printed alone under its year and month completes the date."""
    text = "人民日报\n星期一\n国内统一刊号：CN11-0065\n代号1-1\n农历庚子年正月初二\n2020年1月\n\n26\n" + ARTICLE
    page, _ = _only_article(text)
    assert (page.paper, page.date, page.page) == ("人民日报", "2020-01-26", 1)
    assert (page.edition.weekday, page.edition.cn) == ("星期一", "CN11-0065")


def test_paper_name_in_fake_bold() -> None:
    page, _ = _only_article(f"光光明明日日报报\n\n2020年5月29日 星期五\n\n国内统一刊号：CN11-0026\n\n{ARTICLE}")
    assert page.paper == "光明日报"


def test_a_narrow_column_line_ending_on_a_date_is_text() -> None:
    """学生人数由2019年5月 (a line of a narrow column) is no page name and date: its paragraph
    runs on."""
    body = "“832个国家级贫困县\n中，义务教育阶段辍学\n学生人数由2019年5月\n底的29万减少至6.5\n万。”\n"
    page = parse_text(f"{TITLE}\n\n{body}")
    assert "学生人数由2019年5月底的29万减少至6.5万。”" in page.articles[0].body
    assert page.page is None


@pytest.mark.parametrize("line", ["本版责编：孙龙飞", "本版制图：蔡华伟", "本期统筹：王芳", "版式：潘强"])
def test_every_page_credit_form_is_furniture(line: str) -> None:
    _, art = _only_article(f"{line}\n\n{TITLE}\n\n{BODY}\n\n{line}\n")
    assert art.headline == TITLE


def test_a_mastheads_post_code_and_website_lines_are_furniture() -> None:
    """代号1-1 and 网址：www… printed on lines of their own under the masthead are part of it,
    not the first story's kicker and title."""
    top = ("人民日报\n\nRENMIN RIBAO\n\n中国共产党中央委员会机关报\n\n2020年1月6日\n\n农历己亥年腊月十二\n\n"
           "国内统一刊号：CN11-0065\n\n代号1-1\n\n网址：www.people.com.cn\n\n")
    more = "会议指出，要坚持稳中求进工作总基调，统筹推进疫情防控和经济社会发展，确保各项目标任务落到实处。"
    page = parse_text(top + ARTICLE + f"\n{more}\n\n{more}\n")
    assert (page.paper, page.date, page.page) == ("人民日报", "2020-01-06", 1)
    assert [(a.kicker, a.title) for a in page.articles] == [(KICKER, TITLE)]
    assert page.edition.website == "www.people.com.cn"
    assert all("代号" not in a.body for a in page.articles)
