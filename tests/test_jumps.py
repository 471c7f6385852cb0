"""Jump markers (下转/上接) and teaser pointers (刊3版▶)."""

from __future__ import annotations

import pytest

from baokan import parse_text
from baokan.parse.jumps import Jump, find_pointer, strip_jumps

BODY = "要循序渐进推进基本公共服务制度衔接。"


@pytest.mark.parametrize(
    ("text", "rest", "page", "prefix"),
    [
        (BODY + "（下转第三版）", BODY, 3, None),
        (BODY + "（下接第二版）", BODY, 2, None),  # 下接: continued on
        (BODY + "下转第2版▶", BODY, 2, None),  # an arrow after a bare marker
        (BODY + "(下转第4版)", BODY, 4, None),
        (BODY + "下转A3版", BODY, 3, "A"),
        (BODY + "下转a3版", BODY, 3, "A"),
        (BODY + "（转第2版）", BODY, 2, None),
        (BODY + "（下转第十二版）", BODY, 12, None),
        (BODY + "（下转第A3版）", BODY, 3, "A"),
        (BODY + "【下转第5版】", BODY, 5, None),
        (BODY + "（转下页）", BODY, None, None),
        # spaces inside the parenthesis and before it
        (BODY + " （ 下转 第 3 版 ）", BODY, 3, None),
        (BODY + "( 下转第4版 )", BODY, 4, None),
        # a marker inside the text
        ("要循序渐进推进（下转第三版）基本公共服务制度衔接。", "要循序渐进推进基本公共服务制度衔接。", 3, None),
        # a marker alone
        ("（下转第三版）", "", 3, None),
        ("下转第3版", "", 3, None),
    ],
)
def test_continued_to(text: str, rest: str, page: int | None, prefix: str | None) -> None:
    out, to, frm = strip_jumps(text)
    assert out == rest
    assert frm is None
    if page is None:
        assert to is None
    else:
        assert to == Jump(page, prefix)


@pytest.mark.parametrize(
    ("text", "rest", "page", "prefix"),
    [
        ("（上接第一版）" + BODY, BODY, 1, None),
        ("(上接第12版)" + BODY, BODY, 12, None),
        ("上接A1版 " + BODY, BODY, 1, "A"),
        ("上接第2版" + BODY, BODY, 2, None),
        ("（接第1版）" + BODY, BODY, 1, None),
        ("（续第二版）" + BODY, BODY, 2, None),
        (" （ 上接 第 5 版 ） " + BODY, BODY, 5, None),
        (BODY + " ( 上接 第 5 版 )", BODY, 5, None),
        ("要循序渐进推进（上接第2版）基本公共服务制度衔接。", "要循序渐进推进基本公共服务制度衔接。", 2, None),
        ("（接上页）" + BODY, BODY, None, None),
        ("（上接第一版）", "", 1, None),
    ],
)
def test_continued_from(text: str, rest: str, page: int | None, prefix: str | None) -> None:
    out, to, frm = strip_jumps(text)
    assert out == rest
    assert to is None
    if page is None:
        assert frm is None
    else:
        assert frm == Jump(page, prefix)


def test_both_markers_in_one_paragraph() -> None:
    out, to, frm = strip_jumps("（上接第一版）" + BODY + "（下转第三版）")
    assert (out, to, frm) == (BODY, Jump(3), Jump(1))


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        "",
        "据了解，全市今年共接待游客3000万人次，转型发展取得新进展。",
        "他在第3版面上看到了这篇报道。",
        "记者从第三届进博会上获悉，接洽项目超过100个。",
        "转第2版",  # a bare 转 without 下 is too loose to be a marker
        BODY + "（下转第500版）",  # not a page number of a newspaper
        BODY + "（下转第0版）",
    ],
)
def test_text_without_markers_is_unchanged(text: str) -> None:
    assert strip_jumps(text) == (text.strip(), None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刊3版▶", ("", "3", "")),
        ("见2-3版", ("", "2-3", "")),
        ("▶详见第5版", ("", "5", "")),
        ("（见第二版）", ("", "2", "")),
        ("详见A2版", ("", "A2", "")),
        ("见第2至3版", ("", "2-3", "")),
        ("市委召开常委会议 刊3版▶", ("市委召开常委会议", "3", "")),
        ("▶详见第5版 市委召开常委会议", ("", "5", "市委召开常委会议")),
        # an arrow or a bracketed page alone, as other papers and converters print a teaser's pointer
        ("踏雪巡边 →11版", ("踏雪巡边", "11", "")),
        ("今年春晚 亮点先看 ▶12-13版", ("今年春晚 亮点先看", "12-13", "")),
        ("▶8-9版守护渤海的“大红船”", ("", "8-9", "守护渤海的“大红船”")),
        ("互联网法院这一年（审时度势）（第9版）", ("互联网法院这一年（审时度势）", "9", "")),
        ("歌声·心声（第20-21版）", ("歌声·心声", "20-21", "")),
        ("全省经济运行稳中向好（四版）", ("全省经济运行稳中向好", "4", "")),
    ],
)
def test_find_pointer(text: str, expected: tuple[str, str, str]) -> None:
    assert find_pointer(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "习近平在上海主持召开深入推进长三角一体化发展座谈会并发表重要讲话。",
        "他说，这项工作见效快、成本低。",
        "本报记者 张三（第4版）整理",  # a bracketed page that does not end the line points nowhere
        "商务印书馆推出《新华字典》（第12版）",  # nor does a book's edition
        "",
    ],
)
def test_no_pointer_in_a_normal_sentence(text: str) -> None:
    assert find_pointer(text) is None


# ---------------------------------------------------------------- through the parser

TITLE = "坚定不移推进高质量发展"
LEAD = (
    "本报讯（记者 张三）3月27日，市委书记王五深入武汉经济技术开发区调研重点项目建设情况。他强调，要坚定不移推进"
    "高质量发展，加快建设现代化产业体系。"
)
MORE = "要循序渐进推进基本公共服务制度衔接，加快建设现代化产业体系，为全市经济社会发展作出更大贡献。"


@pytest.mark.parametrize(
    "text",
    [f"{TITLE}\n\n{LEAD}\n\n{MORE}（下转第三版）\n", f"{TITLE}\n\n{LEAD}\n\n{MORE}\n\n（下转第三版）\n"],
    ids=["inline", "own-line"],
)
def test_page_continued_to(text: str) -> None:
    (art,) = parse_text(text).articles
    assert (art.title, art.continued_to, art.continued_from) == (TITLE, 3, None)
    assert art.body == f"{LEAD}\n{MORE}"
    assert "下转" not in art.body


@pytest.mark.parametrize(
    "text",
    [f"（上接第一版）{MORE}\n\n{TITLE}\n\n{LEAD}\n", f"（上接第一版）\n\n{MORE}\n\n{TITLE}\n\n{LEAD}\n"],
    ids=["inline", "own-line"],
)
def test_page_continued_from(text: str) -> None:
    first, second = parse_text(text).articles
    assert (first.body, first.continued_from, first.continued_to) == (MORE, 1, None)
    assert (second.title, second.continued_from) == (TITLE, None)


@pytest.mark.parametrize(
    "text",
    [
        f"导读\n\n市委召开常委会议 刊3版▶\n\n全省经济运行稳中向好 见2-3版\n\n{TITLE}\n\n{LEAD}\n",
        # as another paper prints them: an arrow, a bracketed page ending the line, no label over them
        f"市委召开常委会议 →3版\n\n全省经济运行稳中向好（第2-3版）\n\n{TITLE}\n\n{LEAD}\n\n{MORE}\n",
    ],
    ids=["label", "arrow-bracket"],
)
def test_page_teasers(text: str) -> None:
    """Each teaser is an item of its own, its pointer taken off its title."""
    page = parse_text(text)
    assert [(a.kind, a.title, a.refers_to) for a in page.articles] == [
        ("teaser", "市委召开常委会议", "3"),
        ("teaser", "全省经济运行稳中向好", "2-3"),
        ("article", TITLE, None),
    ]
    assert all("版" not in (a.title or "") for a in page.articles)


@pytest.mark.parametrize(
    ("text", "to", "frm"),
    [
        ("会议强调要抓好落实。(下转第四版)", 4, None),
        ("会议强调要抓好落实。下转第六版", 6, None),
        ("会议强调要抓好落实。（下转 13 版）", 13, None),
        ("会议强调要抓好落实。（转第二版）", 2, None),
        ("（紧接第一版）会议强调要抓好落实。", None, 1),
        ("(上接3版)会议强调要抓好落实。", None, 3),
    ],
)
def test_printed_forms_of_jump_markers(text: str, to: int | None, frm: int | None) -> None:
    body, jump_to, jump_from = strip_jumps(text)
    assert body == "会议强调要抓好落实。"
    assert (jump_to.page if jump_to else None, jump_from.page if jump_from else None) == (to, frm)


@pytest.mark.parametrize("credit", ["新华社记者 贾天勇摄", "本报记者 张三 摄"])
def test_a_photo_credit_ending_a_part_keeps_its_marker(credit: str) -> None:
    """A picture story continued elsewhere ends on its photo's credit and the marker under it
    (新华社记者 贾天勇摄 | （下转A4版）): the credit's unit keeps the jump, as a caption's keeps a
    continued-from marker before it. Before, the marker went with the credit line and was lost."""
    from baokan.parse import page_units
    from baokan.parse.units import CAPTION, CREDIT

    pu = page_units(f"本次展览由中国文联、中国摄协主办。\n\n{credit}\n（下转A4版）\n")
    assert [(u.kind, u.to) for u in pu.units] == [(CAPTION, None), (CREDIT, Jump(4, "A"))]
    pu = page_units(f"（上接第一版）本次展览由中国文联、中国摄协主办。 {credit}\n")
    assert [(u.kind, u.frm, u.to) for u in pu.units] == [(CAPTION, Jump(1, None), None), (CREDIT, None, None)]


@pytest.mark.parametrize("note", ["（相关报道见第四版）", "（讲话全文见第三版）", "（《条例》全文见第十五版）"])
def test_a_storys_note_pointing_to_another_page_is_its_text_and_keeps_its_jump(note: str) -> None:
    """（相关报道见第四版） closing a story is the story's last paragraph (as the corpus prints
    all 9 such notes), not a teaser: before, its words were cut into a heading and a pointer,
    and the jump marker printed after it on its line (…见第四版）下转第七版) was lost."""
    (art,) = parse_text(f"{TITLE}\n\n{LEAD}\n\n{note}下转第七版\n").articles
    assert (art.title, art.continued_to) == (TITLE, 7)
    assert art.body == f"{LEAD}\n{note}"
    (art,) = parse_text(f"{TITLE}\n\n{LEAD}\n\n{note}\n").articles
    assert art.body == f"{LEAD}\n{note}" and art.kind == "article"
