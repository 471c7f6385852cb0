"""restore: fake-bold undoubling, spacing, punctuation width, repeated blocks, unwrapping."""

from __future__ import annotations

import pytest

from baokan import parse_text
from baokan.parse.restore import (
    TERMINAL,
    Para,
    assemble,
    close_up,
    display_width,
    drop_echoed_blocks,
    fix_punctuation,
    fix_spacing,
    normalize_chars,
    remove_repeats,
    restore,
    single_spaced,
    strip_html,
    strip_padding,
    undouble,
    undouble_page,
)
from baokan.settings import Settings

# three paragraphs of real newspaper prose (no two share a 16-character run)
P_PLAIN = (
    "中共中央总书记、国家主席、中央军委主席习近平30日上午在上海主持召开深入推进长三角一体化发展座谈会并发表重要讲话。"
    "他强调，深入推进长三角一体化发展，进一步提升创新能力、产业竞争力、发展能级，率先形成更高层次改革开放新格局，"
    "对于我国构建新发展格局、推动高质量发展，意义重大。"
)
P_LEAD = (
    "本报讯（记者 李雪峰）11月30日，省委常委、市委书记卢东亮深入天镇县调研地热资源开发利用、特色产业发展和巩固拓展"
    "脱贫攻坚成果同乡村振兴有效衔接等工作。他强调，要全面落实中央决策部署和省委、市委工作要求，用好用活资源优势，"
    "加快地热资源开发利用，做大做强特色产业。"
)
P_DATELINE = "新华社上海11月30日电 " + P_PLAIN
P_OTHER = (
    "天镇县高温地热资源勘查项目是省级地质勘查基金项目，卢东亮来到山西高温地热资源开发利用科研示范基地，走进基地展厅"
    "和示范大棚，了解项目总体规划和开发利用潜力，听取资源勘查及科技试验进展情况。"
)


def wrap(text: str, width: float, indent: str = "") -> list[str]:
    """Hard-wrap `text` into lines of at most `width` CJK cells, as a narrow column prints it."""
    lines: list[str] = []
    cur, w = indent, display_width(indent)
    for ch in text:
        cw = display_width(ch)
        if w + cw > width:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


# ---------------------------------------------------------------- fake bold


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("杨政杨政 摄摄", "杨政 摄"),
        ("中车大同公司新型重载机车生产现场中车大同公司新型重载机车生产现场。。", "中车大同公司新型重载机车生产现场。"),
        ("本报记者本报记者 张彩峰张彩峰", "本报记者 张彩峰"),
        ("中中共共中中央央政政治治局局", "中共中央政治局"),  # six or more characters doubled one by one
        ("杨政杨政 摄摄 新新华华社社", "杨政 摄 新华社"),  # one strong segment lets the line undouble
        ("产产业业兴兴 乡乡村村美美 农农民民富富", "产业兴 乡村美 农民富"),  # a spaced title: its words count together
    ],
)
def test_undouble_fake_bold(line: str, expected: str) -> None:
    assert undouble(line) == expected


@pytest.mark.parametrize(
    "line",
    ["谢谢大家", "常常", "人人都说", "年年有余", "看看", "哈哈", "看看 想想", "他常常说谢谢大家", "大家好", "", "a", "11 11"],
)
def test_undouble_keeps_real_reduplication(line: str) -> None:
    assert undouble(line) == line


def test_a_page_printed_in_fake_bold_undoubles_its_short_lines_too() -> None:
    """图图片片报报道道 alone could be reduplication; on a page that shows fake bold it is not.
    Two doubled pairs (高高兴兴) stay even there, and a page without fake bold keeps all."""
    bold = ["杨政杨政 摄摄", "图图片片报报道道", "雪雪域域 风风情情", "高高兴兴"]
    assert undouble_page(bold) == ["杨政 摄", "图片报道", "雪域 风情", "高高兴兴"]
    assert undouble_page(bold[1:]) == bold[1:]


def test_a_block_printed_twice_in_a_row_on_a_noisy_page_is_printed_once() -> None:
    """On a page that shows fake bold (or repeated blocks), a heading printed twice is one
    heading; on a clean page a block the next repeats stays (a document's own title opening
    its text)."""
    body = "本报北京1月31日电 国家主席习近平31日在人民大会堂同卡塔尔埃米尔塔米姆举行会谈。"
    noisy = f"杨政杨政 摄摄\n\n人民幸福安康 祖国繁荣吉祥\n\n人民幸福安康 祖国繁荣吉祥\n\n{body}\n"
    assert [p.text for p in restore(noisy)].count("人民幸福安康 祖国繁荣吉祥") == 1
    clean = noisy.replace("杨政杨政 摄摄", "杨政 摄")
    assert [p.text for p in restore(clean)].count("人民幸福安康 祖国繁荣吉祥") == 2
    assert drop_echoed_blocks(["甲乙", "", "甲 乙", "", "丙"]) == ["甲乙", "", "", "丙"]


def test_undouble_keeps_white_space() -> None:
    assert undouble("  杨政杨政   摄摄  ") == "  杨政   摄  "


# ---------------------------------------------------------------- spacing and punctuation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11 月 30 日", "11月30日"),
        ("2023 年 12 月 1 日", "2023年12月1日"),
        ("李 干 杰 、 何 立 峰 、 吴", "李干杰、何立峰、吴"),
        ("增长 5.2% ，高于预期", "增长5.2%，高于预期"),
        ("他说 ， 我们要努力 。", "他说，我们要努力。"),
        ("记者 李雪峰", "记者 李雪峰"),
        ("本报记者 叶传增 杨文明", "本报记者 叶传增 杨文明"),
        ("用好资源优势 做大特色产业", "用好资源优势 做大特色产业"),
        ("新华社记者  邢广利摄", "新华社记者 邢广利摄"),
        ("Hello world", "Hello world"),
        # OCR that spaces every character closes up whole, short runs included (they stayed apart)
        ("晨 报 讯（记 者 张 明 华）昨 日 上 午 ， 全 长 23.3 公 里 。", "晨报讯（记者张明华）昨日上午，全长23.3公里。"),
        ("武 汉 地 铁 19 号 线 昨 日 开 通", "武汉地铁19号线昨日开通"),
        ("雷 声 周 石 国 徽 张守向 李 伟 王正坤 莫千威摄", "雷声周石国徽张守向李伟王正坤 莫千威摄"),  # names: as before
        ("本报记者 张三 李四 王五", "本报记者 张三 李四 王五"),
    ],
)
def test_fix_spacing(text: str, expected: str) -> None:
    assert fix_spacing(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他说,我们要努力", "他说，我们要努力"),
        ("本报讯(记者 李雪峰)11月30日", "本报讯（记者 李雪峰）11月30日"),
        ("主要任务:一是加强领导;二是落实责任", "主要任务：一是加强领导；二是落实责任"),
        ("真的吗?太好了!", "真的吗？太好了！"),
        ("会议召开.", "会议召开。"),
        ("收盘价为15.46元", "收盘价为15.46元"),
        ("15.46", "15.46"),
        ("www.dtnews.cn", "www.dtnews.cn"),
        ("Hello, world (test): ok; yes", "Hello, world (test): ok; yes"),
        ("（记者 李雪峰)", "（记者 李雪峰）"),
        ("飞机数量严重不足.2012年11月,中航国际", "飞机数量严重不足。2012年11月，中航国际"),  # no decimal point after a CJK character
        ('共建"一带一路"的新亮点', "共建“一带一路”的新亮点"),
        ('"这些飞机是尼中合作的成果."尼泊尔民航局局长说.', "“这些飞机是尼中合作的成果。”尼泊尔民航局局长说。"),
        ('马丹·卡瑞尔表示,"中国飞机', "马丹·卡瑞尔表示，“中国飞机"),
        ("他称之为'新常态'。", "他称之为‘新常态’。"),
        ('He said "yes" and it\'s 5\'30"', 'He said "yes" and it\'s 5\'30"'),  # no CJK: left as printed
    ],
)
def test_fix_punctuation(text: str, expected: str) -> None:
    assert fix_punctuation(text) == expected


def test_normalize_chars() -> None:
    assert normalize_chars("ＣＮ１４－００１９\r\n第\u200b一\u00a0行\r") == "CN14－0019\n第一 行\n"


# ---------------------------------------------------------------- repeated blocks


def test_block_printed_three_times_comes_out_once() -> None:
    lines = ["标题在这里", "", P_PLAIN, "", P_PLAIN, "", P_PLAIN, "", P_OTHER]
    out = remove_repeats(lines)
    assert "".join(out).count(P_PLAIN) == 1
    assert [ln for ln in out if ln] == ["标题在这里", P_PLAIN, P_OTHER]


def test_repeated_block_starting_mid_line() -> None:
    head = "开头一段完全不同的文字讲的是别的事情"
    lines = [
        head + P_PLAIN[:50],
        P_PLAIN[50:],
        "另起一行的文字：" + P_PLAIN,  # the copy starts in the middle of a line
        P_PLAIN[:70],
        P_PLAIN[70:] + "最后这里结束了。",
    ]
    out = remove_repeats(lines)
    joined = "".join(out)
    assert joined == head + P_PLAIN + "另起一行的文字：最后这里结束了。"


def test_repeats_across_wrapped_lines() -> None:
    lines = [*wrap(P_LEAD, 20), "", *wrap(P_LEAD, 14), "", *wrap(P_LEAD, 17)]
    out = remove_repeats(lines)
    assert "".join(out).replace(" ", "") == P_LEAD.replace(" ", "")


def test_short_echo_stays() -> None:
    echo = P_PLAIN[:60]  # under repeat_min_chars (80)
    lines = ["第一段文字讲的是会议的背景。" + echo + "然后说了别的。", "", P_OTHER, "", "第二段又提到：" + echo + "再说些别的吧。", "", P_LEAD]
    assert remove_repeats(lines) == lines


def test_title_echoed_in_lead_stays() -> None:
    title = "用好资源优势做大特色产业抓好巩固衔接为全市高质量转型发展贡献力量"
    lines = [title, "", "本报讯 他强调，要" + title + "。" + P_OTHER, "", P_PLAIN]
    assert remove_repeats(lines) == lines


def test_short_page_is_untouched() -> None:
    lines = ["短", "", "短"]
    assert remove_repeats(lines) == lines


# ---------------------------------------------------------------- lines to paragraphs


@pytest.mark.parametrize("para", [P_PLAIN, P_LEAD, P_OTHER], ids=["plain", "lead", "other"])
@pytest.mark.parametrize("width", [14, 20])
@pytest.mark.parametrize("indent", ["", "\u3000\u3000"], ids=["flush", "indented"])
def test_restore_unwraps_a_narrow_column(para: str, width: int, indent: str) -> None:
    lines = wrap(para, width, indent)
    assert len(lines) >= 5
    paras = restore("\n".join(lines))
    assert [p.text for p in paras] == [para]
    assert paras[0].wrapped
    assert paras[0].lines == len(lines)
    assert paras[0].indented == bool(indent)


@pytest.mark.parametrize("para", [P_PLAIN, P_LEAD, P_DATELINE], ids=["plain", "lead", "dateline"])
@pytest.mark.parametrize("width", [14, 20])
def test_column_break_mid_paragraph(para: str, width: int) -> None:
    """A blank line (column break) inside a wrapped paragraph: restore keeps the two parts apart
    (it never joins across blank lines) but marks the first as filling the column; the page
    then has one article whose body is the whole paragraph, wherever the break falls. A break
    that falls just after a sentence reads as well as the end of a paragraph: there the body
    may keep a paragraph break, and only there."""
    lines = wrap(para, width)
    for mid in range(1, len(lines)):
        broken = [*lines[:mid], "", *lines[mid:]]
        paras = restore("\n".join(broken))
        assert "".join(p.text for p in paras) == para
        assert paras[-1].first_in_block and paras[-1].gap_before == 1
        page = parse_text("\n".join(broken))
        bodies = [a.body for a in page.articles]
        if lines[mid - 1][-1] in TERMINAL:
            cut = len("".join(lines[:mid]))
            assert bodies in ([para], [para[:cut] + "\n" + para[cut:]]), f"break after line {mid}"
        else:
            assert bodies == [para], f"break after line {mid}"


@pytest.mark.parametrize("width", [14, 20])
def test_restore_unwraps_a_column_starting_with_a_dateline(width: int) -> None:
    """Regression: a first line '新华社上海11月30日电 中共中…' was taken for a spaced headline line."""
    paras = restore("\n".join(wrap(P_DATELINE, width)))
    assert [p.text for p in paras] == [P_DATELINE]


def test_two_paragraphs_in_one_wrapped_block() -> None:
    lines = wrap(P_PLAIN, 18, "\u3000\u3000") + wrap(P_OTHER, 18, "\u3000\u3000")
    paras = restore("\n".join(lines))
    assert [p.text for p in paras] == [P_PLAIN, P_OTHER]
    assert [p.first_in_block for p in paras] == [True, False]


def test_short_unwrapped_lines_stay_apart() -> None:
    paras = restore("第一行。\n第二行。\n\n\n第三行")
    assert [p.text for p in paras] == ["第一行。", "第二行。", "第三行"]
    assert [p.gap_before for p in paras] == [0, 0, 2]


def test_markdown_headings() -> None:
    paras = restore("## 推动高质量发展\n\n正文第一段，讲了很多内容。\n\n### 小标题 ###\n\n# 一级标题")
    assert [(p.text, p.md_heading) for p in paras] == [
        ("推动高质量发展", True),
        ("正文第一段，讲了很多内容。", False),
        ("小标题", True),
        ("一级标题", True),
    ]


def test_markdown_heading_levels_and_bold_lines_are_kept() -> None:
    """A converter marks type by size and weight: the level of each heading and whether a line
    is bold as a whole reach the labeller (a subhead is a lesser heading or a bold line)."""
    paras = restore("# 推动高质量发展\n\n正文第一段，讲了很多**内容**。\n\n**小标题**\n\n### 三级标题\n\n**一** 二 **三**")
    assert [(p.text, p.md_level, p.bold) for p in paras] == [
        ("推动高质量发展", 1, False),
        ("正文第一段，讲了很多内容。", 0, False),
        ("小标题", 0, True),
        ("三级标题", 3, False),
        ("一 二 三", 0, False),
    ]


def test_markdown_bullets_are_flagged_and_marks_dropped() -> None:
    text = "核心阅读\n\n- 第一点：要加强领导。\n- 第二点：要落实责任。\n* 第三点：强化保障。\n• 第四点\n1. 第五点\n\n正文。"
    paras = restore(text)
    assert [(p.text, p.bullet) for p in paras] == [
        ("核心阅读", False),
        ("第一点：要加强领导。", True),
        ("第二点：要落实责任。", True),
        ("第三点：强化保障。", True),
        ("第四点", True),
        ("第五点", True),
        ("正文。", False),
    ]


def test_markdown_emphasis_links_images_rules() -> None:
    text = "**加粗**的文字和[链接](http://x.cn)。\n\n---\n\n![图片](a.png)\n\n> 引用的文字"
    assert [p.text for p in restore(text)] == ["加粗的文字和链接。", "引用的文字"]


def test_assemble_returns_paras() -> None:
    paras = assemble(["标题", "", "正文。"])
    assert all(isinstance(p, Para) for p in paras)
    assert [p.text for p in paras] == ["标题", "正文。"]


def test_restore_whole_pipeline() -> None:
    text = "\ufeff杨政杨政 摄摄\r\n\r\n本报讯(记者 李雪峰)11 月 30 日,会议召开.\r\n"
    assert [p.text for p in restore(text)] == ["杨政 摄", "本报讯（记者 李雪峰）11月30日，会议召开。"]


@pytest.mark.parametrize("text", ["", "\n\n\n", "   ", "---", "![](x.png)"])
def test_restore_of_nothing(text: str) -> None:
    assert restore(text) == ()


@pytest.mark.parametrize("stub", ["就", "成就"])
def test_a_character_or_two_wrapped_onto_a_blocks_last_line_joins_the_line_above(stub: str) -> None:
    """A title wrapped at its own width leaves a character or two on a line of their own; they
    finish the line above (which stops mid-phrase), not a paragraph of their own."""
    head = "——党的十八大以来我国网信事业发展取得新成就"
    cut = len(head) - len(stub)
    paras = restore(f"乘风破浪时 扬帆济沧海\n\n{head[:cut]}\n{head[cut:]}\n\n信息技术革命日新月异，数字经济发展浪潮奔涌。\n")
    assert [p.text for p in paras] == ["乘风破浪时 扬帆济沧海", head, "信息技术革命日新月异，数字经济发展浪潮奔涌。"]


def test_a_short_last_line_after_a_finished_sentence_stays_apart() -> None:
    paras = restore("今天天气很好。\n好\n")
    assert [p.text for p in paras] == ["今天天气很好。", "好"]


@pytest.mark.parametrize("heads", [["观鹤舞雪原", "赏祥和胜景"], ["“引沁入阳”", "解决11万余人饮水困难"]])
def test_a_heading_under_a_full_line_that_ends_a_sentence_is_no_paragraphs_last_line(heads: list[str]) -> None:
    """A paragraph whose last line fills the column on a full stop, and a title under it with
    no blank line between: the title's first line would leave a sentence unfinished as the
    paragraph's last line, so it is a line of its own. A last line that ends on a pause or a
    quoted sentence stays with its paragraph."""
    body = "在雪地观鹤节期间，游客入住景区宾馆即获赠景区门票，每间客房最多赠送两张门票，限当天内有效。"
    lines = wrap(body, 15)
    assert lines[-1].endswith("。") and display_width(lines[-1]) == 15  # the last line fills the column
    paras = restore("\n".join([*wrap(P_OTHER, 15), *lines, *heads, *wrap(P_PLAIN, 15)]) + "\n")
    assert [p.text for p in paras] == [P_OTHER, body, *heads, P_PLAIN]
    for tail in ("其中：", "他说：“走！”"):
        paras = restore("\n".join([*wrap(P_OTHER, 15), *lines, tail, "", *wrap(P_PLAIN, 15)]) + "\n")
        assert [p.text for p in paras] == [P_OTHER, body + tail, P_PLAIN]


def test_an_unindented_short_line_on_an_indenting_page_fills_no_column() -> None:
    """A page that indents its paragraphs' first lines allows a first line to fall short of the
    column by the indent only where the line is indented: a running head's page name over a
    stack of title lines (人民日报 | 8 | 社会 | 奋进新时代 | …) is no paragraph's first line."""
    top = ["人民日报", "8", "社会", "奋进新时代", "共圆小康梦", "——二〇二〇年中央广播电视总台春节联欢晚会侧记", ""]
    body = [" " + line if k == 0 else line for k, line in enumerate(wrap(P_PLAIN, 34))]
    paras = restore("\n".join(top + body + [" " + line if k == 0 else line for k, line in enumerate(wrap(P_OTHER, 34))]))
    assert [p.text for p in paras][:4] == ["人民日报", "8", "社会", "奋进新时代共圆小康梦"]
    assert [p.text for p in paras][-2:] == [P_PLAIN, P_OTHER]


def test_one_paragraph_per_line_without_blank_lines_is_not_a_column() -> None:
    """A text dump that prints each paragraph on a line of its own and no blank line anywhere:
    the lines are as long as their paragraphs, not a column's width, so each is a paragraph
    (before, the block's typical line was taken for a column and lines ending a sentence at
    about that width ran on into the next)."""
    lines = ["加快地热资源开发利用", P_LEAD, P_OTHER, "推动长三角一体化发展", P_DATELINE, "会上，5个部门负责同志作了交流发言。"]
    paras = restore("\n".join(lines) + "\n")
    assert [p.text for p in paras] == lines
    assert not any(p.wrapped for p in paras)


def test_a_wrapped_block_with_a_heading_line_keeps_its_column() -> None:
    """A column's lines are about one width, whatever a heading or a paragraph's last line does."""
    lines = ["推动高质量发展", *wrap(P_PLAIN, 16, "\u3000\u3000"), *wrap(P_OTHER, 16, "\u3000\u3000")]
    paras = restore("\n".join(lines))
    assert [p.text for p in paras] == ["推动高质量发展", P_PLAIN, P_OTHER]
    assert [p.wrapped for p in paras] == [True, True, True]


def test_a_caption_ending_on_its_credit_does_not_run_on() -> None:
    """Without blank lines, a long line that stops without a full stop runs on into the next (a
    paragraph cut by a column break), unless it ends on a photo credit."""
    caption = "图片报道 在海南村寨，不少贫困户都追过一档电视节目《海南脱贫致富电视夜校》。 陶英 摄"
    cut = "在一件件国宝中触摸文化的宝藏，于一封封家书中感受精神的传承……近年来，历史文化类电视节目走红，"
    rest = "让观众看到“历史原来这么有料”。"
    paras = restore("\n".join([caption, cut, rest]) + "\n")
    assert [p.text for p in paras] == ["图片报道 在海南村寨，不少贫困户都追过一档电视节目《海南脱贫致富电视夜校》。陶英 摄", cut + rest]


def test_an_indented_paragraph_cut_by_a_column_break_is_joined() -> None:
    """Paragraphs indented with two ideographic spaces, no blank lines: a short indented line that
    stops mid-sentence goes on in the unindented line after it; an unindented heading does not."""
    text = "推动长三角一体化发展\n李强蔡奇出席\n\u3000\u3000中共中央政治局常\n委、国务院总理李强出席座谈会。\n\u3000\u3000" + P_PLAIN + "\n"
    assert [p.text for p in restore(text)] == [
        "推动长三角一体化发展", "李强蔡奇出席", "中共中央政治局常委、国务院总理李强出席座谈会。", P_PLAIN]


@pytest.mark.parametrize("marker", ["下转第九版", "（下转第九版）", "(下转9版)"])
def test_a_part_ends_at_its_jump_marker(marker: str) -> None:
    """A continued-to marker run into a paragraph's last line ends the part there: the title
    printed on the next line, unindented, is no rest of the paragraph (nor, in a column, is the
    line after a full line that ends on the marker: the next test)."""
    printed = marker.replace("(", "（").replace(")", "）")  # halfwidth brackets come out fullwidth
    last = "孙春兰、杨洁篪、蔡奇、王毅参加会见。中方主办冬奥会理念同国际奥委会是一致的。" + marker
    text = f"\u3000\u3000{last}\n李克强栗战书分别会见卡塔尔埃米尔塔米姆\n\u3000\u3000本报北京1月31日电 （记者王迪）国务院总理李克强会见塔米姆。"
    paras = [p.text for p in restore(text)]
    assert paras[:2] == [last.replace(marker, printed), "李克强栗战书分别会见卡塔尔埃米尔塔米姆"]


@pytest.mark.parametrize("marker", ["下转第九版", "（下转第九版）", "（下接第十二版）"])
def test_a_full_column_line_ending_on_a_jump_marker_ends_the_part(marker: str) -> None:
    width = 16
    words = ("中方主办冬奥会理念同国际奥委会是一致的，双方的互信与合作令人满意，感谢中方为筹办冬奥会所做的卓有成效的工作，"
             "我完全相信中国将举办一届精彩的冬奥会，推动冬季运动在中国的普及和在世界的推广")
    body = next(words[:k] + "。" for k in range(len(words), 60, -1)
                if display_width(words[:k] + "。" + marker) % width == 0)  # the marker ends a full line
    column = wrap(body + marker, width)
    assert len(column) >= 5 and display_width(column[-1]) == width
    lines = [*column, "李克强会见卡塔尔埃米尔", "本报北京1月31日电 国务院总理李克强1月31日在人民大会堂会见塔米姆。"]
    paras = [p.text for p in restore("\n".join(lines))]
    assert paras[0] == body + marker and paras[1] == "李克强会见卡塔尔埃米尔"


def test_a_page_credit_line_is_a_paragraph_of_its_own() -> None:
    """本版制图：蔡华伟 printed indented, with the next article's title unindented under it and no
    blank line between: the title is no wrap of the credit line."""
    text = ("\u3000\u3000将对项目的长远发展产生积极影响。\n\u3000\u3000本版制图：蔡华伟\n武汉园博园诚邀您来 欢欢喜喜过大年\n"
            "\u3000\u3000彩灯耀新春，共迎军运会。\n")
    assert [p.text for p in restore(text)][1:3] == ["本版制图：蔡华伟", "武汉园博园诚邀您来 欢欢喜喜过大年"]
    # in a column, after a paragraph whose last line fills it: no rest of that paragraph either
    words = ("中方主办冬奥会理念同国际奥委会是一致的，双方的互信与合作令人满意，感谢中方为筹办冬奥会所做的卓有成效的工作，"
             "我完全相信中国将举办一届精彩的冬奥会，推动冬季运动在中国的普及和在世界的推广")
    column = wrap(words[: 16 * 5], 16)
    assert len(column) == 5 and display_width(column[-1]) == 16
    paras = [p.text for p in restore("\n".join([*column, "责任编辑：王某", "武汉园博园诚邀您来"]))]
    assert paras == [words[: 16 * 5], "责任编辑：王某", "武汉园博园诚邀您来"]


def test_a_page_quoting_itself_further_on_keeps_both() -> None:
    """A front-page subtitle that its story repeats word for word (习近平：中方支持… | 本报北京…电
    … | 习近平强调，…中方支持…), or a quotation the story comes back to: the later copy is no
    repeated block, since other text stands between the two (beyond `repeat_gap`). Before, it
    was cut out of the story. With a larger gap allowed it is cut again."""
    lines = [P_PLAIN, "", P_LEAD, "", P_OTHER, "", "他在讲话中指出：" + P_PLAIN + "这是第二次说到。"]
    assert remove_repeats(lines) == lines
    assert "".join(remove_repeats(lines, Settings(repeat_gap=10_000))).count(P_PLAIN) == 1
    near = [P_PLAIN, "", "短短几个字", P_PLAIN]  # a block printed again just after itself still goes
    assert "".join(remove_repeats(near)).count(P_PLAIN) == 1


def test_a_third_copy_cut_short_goes_too() -> None:
    """A block printed three times, the last copy cut short where the page's next article
    begins (…全力保障部队遂行任 | 本报太原3月29日讯…): the short copy follows a copy cut out, so it
    goes with it even though the text it matches ends well before the first copy does."""
    lines = ["开头一段完全不同的文字讲的是别的事情" + P_PLAIN, P_PLAIN, P_PLAIN[:90] + "本报讯 另一篇文章从这里开始。"]
    assert "".join(remove_repeats(lines)) == "开头一段完全不同的文字讲的是别的事情" + P_PLAIN + "本报讯 另一篇文章从这里开始。"


# ---------------------------------------------------------------- indentation


@pytest.mark.parametrize("margin", ["\u3000\u3000", "    ", "\t", "  \u3000"])
def test_a_margin_before_every_line_is_no_paragraph_indent(margin: str) -> None:
    """A converter that puts the same white space before every line (titles, wrapped lines and
    all) marks no paragraph by it: the page restores and parses as it does without."""
    title = "坚定不移推进高质量发展"
    lines = ["江城日报", "", title, "", *wrap(P_LEAD, 16), "", *wrap(P_OTHER, 16), "", "另一件事", "", *wrap(P_PLAIN, 16)]
    plain = "\n".join(lines) + "\n"
    shifted = "\n".join(margin + ln if ln else ln for ln in lines) + "\n"
    assert restore(shifted) == restore(plain)
    assert [p.text for p in restore(shifted)][2:4] == [P_LEAD, P_OTHER]
    assert parse_text(shifted).to_json() == parse_text(plain).to_json()
    # a deeper indent under the margin still opens a paragraph
    deeper = "\n".join(margin + ln for ln in [*wrap(P_LEAD, 16), *wrap(P_OTHER, 16, indent="\u3000\u3000")])
    assert [(p.text, p.indented) for p in restore(deeper)] == [(P_LEAD, False), (P_OTHER, True)]


def test_indentation_that_tells_nothing_is_dropped() -> None:
    """Every block's first line indented, titles too (　　坚定不移… | 　　本报讯…): indentation
    sets no paragraph apart, so no paragraph is indented. Body paragraphs indented under
    unindented titles keep it."""
    blocks = ["坚定不移推进高质量发展", P_LEAD, "另一件事", P_OTHER, P_PLAIN]
    every = "\n\n".join("\u3000\u3000" + "\n".join(wrap(b, 16)) for b in blocks) + "\n"
    assert [p.text for p in restore(every)] == blocks and not any(p.indented for p in restore(every))
    bodies = "\n\n".join(("\u3000\u3000" if len(b) > 20 else "") + "\n".join(wrap(b, 16)) for b in blocks) + "\n"
    assert [p.indented for p in restore(bodies)] == [len(b) > 20 for b in blocks]


@pytest.mark.parametrize("lead", [" " * 12, "\u3000" * 6, "\t\t"])
def test_a_centred_title_is_a_paragraph_of_its_own(lead: str) -> None:
    """A title set in far from the left (centred by the converter), with the story's first
    line under it and no blank line: no paragraph indent, so no start of a paragraph that the
    next line wraps into; the story's text stays whole under it, and the page reads as the
    same page printed flush left."""
    title, other = "坚定不移推进高质量发展", "深入推进长三角一体化发展座谈会召开"
    text = "\n".join([lead + title, *wrap(P_LEAD, 16), "", lead + other, *wrap(P_DATELINE, 16)]) + "\n"
    paras = restore(text)
    assert [p.text for p in paras] == [title, P_LEAD, other, P_DATELINE]
    assert not any(p.indented for p in paras)
    plain = "\n".join([title, *wrap(P_LEAD, 16), "", other, *wrap(P_DATELINE, 16)]) + "\n"
    assert restore(text) == restore(plain)
    assert parse_text(text).to_json()["articles"] == parse_text(plain).to_json()["articles"]


def test_a_body_set_in_by_a_wide_margin_is_no_row_of_titles() -> None:
    """Most lines set in as far (a body under an unindented masthead, all at a wide margin):
    those are not centred titles, and the wrapped lines join as before."""
    lines = ["江城日报", "", *("        " + ln for ln in wrap(P_LEAD, 16)), "", *("        " + ln for ln in wrap(P_OTHER, 16))]
    assert [p.text for p in restore("\n".join(lines))] == ["江城日报", P_LEAD, P_OTHER]


def test_a_page_printed_with_halfwidth_punctuation_restores_as_the_fullwidth_one() -> None:
    """OCR and some converters print , . : ; ( ) and straight quotes throughout: a line that
    ends a quotation (…成果."), or a sentence before a figure (不足.2012年), still ends a
    sentence, so the column's paragraphs come out as from the fullwidth page."""
    quoted = "“这些飞机是尼中合作的成果。”尼泊尔民航局局长高塔姆对本报记者说。" + P_OTHER
    figures = "尼泊尔全国机场中，除首都外其余全是简易机场，飞机数量严重不足。" + "2012年11月，中航国际与尼泊尔签订合同。"
    full = "\n".join([*wrap(figures, 16), *wrap(quoted, 16), *wrap(P_LEAD, 16)])
    half = full.translate(str.maketrans("，。：；（）“”", ",.:;()\"\""))
    assert [p.text for p in restore(full)] == [figures, quoted, P_LEAD]
    assert [p.text for p in restore(half)] == [p.text for p in restore(full)]


def test_a_page_printed_double_spaced_restores_as_printed_single_spaced() -> None:
    """A blank line after every line of a column, two between paragraphs: the single blank
    lines are line breaks, so the paragraphs come out whole, as from the page printed single
    spaced. A page of one paragraph to a line with a blank line after each is left alone."""
    single = ["江城日报", "", *wrap(P_LEAD, 16), "", *wrap(P_OTHER, 16), "", *wrap(P_PLAIN, 16)]
    double = [x for line in single for x in ([line, ""] if line else [""])]
    assert [p.text for p in restore("\n".join(double))] == [p.text for p in restore("\n".join(single))]
    assert [p.text for p in restore("\n".join(double))] == ["江城日报", P_LEAD, P_OTHER, P_PLAIN]
    assert single_spaced(double) == single
    # nothing but single blank lines: a column's lines (most as wide, most open) run together
    column = [x for line in [*wrap(P_LEAD, 16), *wrap(P_OTHER, 16)] for x in (line, "")]
    assert single_spaced(column) == [*wrap(P_LEAD, 16), *wrap(P_OTHER, 16)]
    # paragraphs a line each, a blank line after each: as printed
    paragraphs = [x for p in ["坚定不移推进高质量发展", P_LEAD, "另一件事", P_OTHER, P_PLAIN] * 3 for x in (p, "")]
    assert single_spaced(paragraphs) == paragraphs
    # such a page printed double-spaced: a heading's two lines one blank line apart, paragraphs two
    heads = (["全球共欢腾", "喜庆中国年", "", P_LEAD, "", P_OTHER, "", P_PLAIN, ""] * 3)[:-1]
    doubled = [x for line in heads for x in ([line, ""] if line else [""])]
    assert single_spaced(doubled) == heads


def test_without_indents_a_short_first_line_ends_its_paragraph() -> None:
    """A narrow column, no blank lines and no line indented: a line well short of the column
    is no paragraph's indented first line but a paragraph of its own (2024年5月 | 28 under a
    masthead), where a page that indents its paragraphs allows the first line an indent."""
    lines = ["人民日报", "2024年5月", "28", *wrap(P_LEAD, 8), *wrap(P_OTHER, 8)]
    assert [p.text for p in restore("\n".join(lines))][:3] == ["人民日报", "2024年5月", "28"]
    indented = ["2024年5月", "28", *wrap(P_PLAIN, 8, indent="\u3000\u3000"), *wrap(P_OTHER, 8, indent="\u3000\u3000")]
    assert [p.text for p in restore("\n".join(indented))][-2:] == [P_PLAIN, P_OTHER]


def test_a_page_padded_with_trailing_spaces_has_no_hard_breaks() -> None:
    """Every line padded with spaces to a width: no line ends in a markdown hard break, so the
    column's lines still run together into paragraphs. Two spaces at the end of a few lines
    are hard breaks as before."""
    lines = ["江城日报", "", *wrap(P_LEAD, 16), "", *wrap(P_OTHER, 16)]
    padded = [ln + "   " if ln else ln for ln in lines]
    assert restore("\n".join(padded)) == restore("\n".join(lines))
    assert [p.text for p in restore("\n".join(padded))] == ["江城日报", P_LEAD, P_OTHER]
    assert strip_padding(["短句  ", "另一行", "第三行", "第四行"]) == ["短句  ", "另一行", "第三行", "第四行"]


def test_a_page_letter_spaced_throughout_is_closed_up_to_its_short_runs() -> None:
    """OCR that puts a space between every two characters of the page: most lines are spaced
    throughout, so the short runs close up too (第8版：经 济, 记 者 张 三), which a line alone could
    not tell from words set apart; the running head reads again."""
    spaced = [" ".join(ln) for ln in ["第8版：经济", "", *wrap(P_LEAD, 16), "", *wrap(P_OTHER, 16)]]
    assert fix_spacing(close_up(spaced)[0]) == "第8版：经济"
    page = parse_text("\n".join(spaced))
    assert page.page == 8 and page.page_name == "经济"
    words_apart = ["积极探索凝聚共识 努力打造协商品牌", "", P_LEAD]  # a headline's words set apart stay so
    assert close_up(words_apart) == words_apart


@pytest.mark.parametrize(("html_text", "text"), [
    ("<p>第一段。</p><p>第二段。</p>", "第一段。\n第二段。\n"),
    ("&nbsp;&nbsp;他说：&ldquo;好。&rdquo;<br>下一行", "\u00a0\u00a0他说：“好。”\n下一行"),
    ("<P ALIGN=center><B>标题</B></P>", "标题\n"),
    ("PM2.5<35微克，R&D投入", "PM2.5<35微克，R&D投入"),  # no tag, no entity: as it is
])
def test_text_scraped_from_html_reads_as_text(html_text: str, text: str) -> None:
    assert strip_html(html_text) == text


def test_stray_spaces_from_ocr_neither_break_a_column_nor_set_a_line_apart() -> None:
    """OCR that drops a space between two characters in every sixth line of a narrow column:
    too few lines so spaced to be taken for noise one by one (under `SPACED_SHARE`), but many
    spaces for the text (over `STRAY_SPACES`): they are noise, so a line holding one is neither
    a headline set apart by words nor wider than the column, and the paragraphs come out whole."""
    paras = [P_LEAD, P_OTHER, P_PLAIN,
             "国家统计局发布数据显示，全国规模以上工业企业利润同比增长，制造业增势较好，高技术制造业利润增长明显加快。",
             "春节假期，各地文化和旅游市场繁荣有序，博物馆、美术馆和图书馆迎来参观热潮，非遗展演吸引大批游客驻足。",
             "记者从交通运输部获悉，今年春运客流总体平稳有序，铁路发送旅客同比增长，民航运输旅客人数创下历史新高。",
             "近日，各地举办的春节文化活动丰富多彩，群众在家门口就能看演出、逛庙会，感受浓浓的年味和文化气息。"]
    column = [ln for p in paras for ln in wrap(p, 7)]
    noisy = [ln[:2] + " " + ln[2:] if k % 6 == 3 else ln for k, ln in enumerate(column)]
    spaced = sum(" " in a and " " not in b for a, b in zip(noisy, column, strict=True))
    assert 12 <= spaced < 0.2 * len(noisy)
    assert [p.text.replace(" ", "") for p in restore("\n".join(noisy))] == [p.replace(" ", "") for p in paras]
