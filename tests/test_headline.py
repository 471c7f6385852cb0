"""assign_roles: heading lines to kicker (引题), title (主题) and subtitle (副题)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from baokan.parse.headline import PAIRS_FILE, assign_roles, mid_word
from baokan.settings import Headlines

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "train"))

import cohesion  # noqa: E402


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # kicker ending in 强调, title, subtitle of attendance
        (
            ["习近平主持召开深入推进长三角一体化发展座谈会强调", "推动长三角一体化发展取得新的重大突破", "李强蔡奇出席"],
            ("习近平主持召开深入推进长三角一体化发展座谈会强调", "推动长三角一体化发展取得新的重大突破", "李强蔡奇出席"),
        ),
        (
            ["卢东亮在天镇县调研时强调", "用好资源优势 做大特色产业 抓好巩固衔接 为全市高质量转型发展贡献力量"],
            ("卢东亮在天镇县调研时强调", "用好资源优势 做大特色产业 抓好巩固衔接 为全市高质量转型发展贡献力量", None),
        ),
        # kicker and title printed on one line
        (
            ["习近平在中央政治局集体学习时强调 坚定不移推进高质量发展"],
            ("习近平在中央政治局集体学习时强调", "坚定不移推进高质量发展", None),
        ),
        # subtitle starting with a dash
        (["坚定不移推进高质量发展", "——访市委书记王五"], (None, "坚定不移推进高质量发展", "——访市委书记王五")),
        (["坚定不移推进高质量发展", "—访市委书记王五"], (None, "坚定不移推进高质量发展", "—访市委书记王五")),
        # subtitle reporting who chaired
        (["全市经济工作会议召开", "张强主持"], (None, "全市经济工作会议召开", "张强主持")),
        (["市委常委会召开会议", "张强主持并讲话"], (None, "市委常委会召开会议", "张强主持并讲话")),
        # title and subtitle on one line
        (
            ["我市与太原海关签署合作备忘录 张强江林出席并见证"],
            (None, "我市与太原海关签署合作备忘录", "张强江林出席并见证"),
        ),
        (["全市经济工作会议召开 张强主持"], (None, "全市经济工作会议召开", "张强主持")),
        # two lines with no marks: a kicker and its title, People's Daily's commonest pair
        (["山东潍坊市寒亭区实施强村领航工程", "让弱村变强 把强村做优"], ("山东潍坊市寒亭区实施强村领航工程", "让弱村变强 把强村做优", None)),
        (["奋进新征程", "坚定不移推进高质量发展建设现代化产业体系"], ("奋进新征程", "坚定不移推进高质量发展建设现代化产业体系", None)),
        # the column tag goes with the title
        (["线上司法展现出巨大发展空间", "互联网法院这一年（审时度势）"], ("线上司法展现出巨大发展空间", "互联网法院这一年（审时度势）", None)),
        (["需要认清和平与发展的内在逻辑（钟声）", "钟声评论员文章之三"], (None, "需要认清和平与发展的内在逻辑（钟声）", "钟声评论员文章之三")),
        # a whole title over a far longer line, or over figures it has not: title and subtitle
        (["王沪宁看望文化界知名人士和科技专家", "代表习近平总书记和党中央向文化工作者和科技工作者致以诚挚问候和新春祝福"],
         (None, "王沪宁看望文化界知名人士和科技专家", "代表习近平总书记和党中央向文化工作者和科技工作者致以诚挚问候和新春祝福")),
        (["广东中小企业融资平台上线", "已接入213类政府数据"], (None, "广东中小企业融资平台上线", "已接入213类政府数据")),
        # a kicker that leads into its title
        (["写春联、赏年画、进博物馆……", "翰墨飘香", "年味渐浓"], ("写春联、赏年画、进博物馆……", "翰墨飘香 年味渐浓", None)),
        (["外交部发言人——希望美方以开放包容心态看待他国科技发展进步"], ("外交部发言人——", "希望美方以开放包容心态看待他国科技发展进步", None)),
        # short lines alike in length: the halves of one title
        (["四海迎新春", "共庆中国年"], (None, "四海迎新春 共庆中国年", None)),
        (["武汉军运会", "筹备就绪", "即将开幕"], (None, "武汉军运会 筹备就绪 即将开幕", None)),
        (["疫情就是命令", "防控就是责任（来自疫情防控一线的报道）", "——各地各部门协调联动全力投入防疫救治"],
         (None, "疫情就是命令 防控就是责任（来自疫情防控一线的报道）", "——各地各部门协调联动全力投入防疫救治")),
        # three lines: kicker, title, subtitle by position
        (["全面建成小康社会的温暖答卷", "脱贫路上 一个都不能少", "记者蹲点调研贫困村的一周"],
         ("全面建成小康社会的温暖答卷", "脱贫路上 一个都不能少", "记者蹲点调研贫困村的一周")),
        # the title alone
        (["坚定不移推进高质量发展"], (None, "坚定不移推进高质量发展", None)),
        # a lone kicker-like line is the title
        (["习近平在中央政治局集体学习时强调"], (None, "习近平在中央政治局集体学习时强调", None)),
        # a spaced title that is neither kicker nor subtitle stays whole
        (["用好资源优势 做大特色产业"], (None, "用好资源优势 做大特色产业", None)),
    ],
)
def test_assign_roles(lines: list[str], expected: tuple[str | None, str | None, str | None]) -> None:
    assert assign_roles(lines) == expected


@pytest.mark.parametrize("lines", [[], [""], ["", "  "]])
def test_no_heading(lines: list[str]) -> None:
    assert assign_roles(lines) == (None, None, None)


def test_white_space_is_normalised() -> None:
    assert assign_roles(["  坚定不移推进   高质量发展  "]) == (None, "坚定不移推进 高质量发展", None)


def test_kicker_not_taken_before_a_dash_subtitle() -> None:
    kicker, title, subtitle = assign_roles(["全省深化改革工作会议强调", "——记全省深化改革工作会议"])
    assert subtitle == "——记全省深化改革工作会议"
    assert title == "全省深化改革工作会议强调"
    assert kicker is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["蓝佛安主持召开省黄河流域生态保护和", "高质量发展工作领导小组全体会议", "金湘军提出工作要求"],
         (None, "蓝佛安主持召开省黄河流域生态保护和高质量发展工作领导小组全体会议", "金湘军提出工作要求")),
        (["关于进一步加强基层治理体系的", "实施意见"], (None, "关于进一步加强基层治理体系的实施意见", None)),
        (["在“", "两个确立”指引下奋进"], (None, "在“两个确立”指引下奋进", None)),
        # a word no heading ends on (将 被 让 从 以 由 于 可 已 也 又 更)
        (["深重的邪恶与被", "颠倒的是非", "——香港修例风波回望之三"], (None, "深重的邪恶与被颠倒的是非", "——香港修例风波回望之三")),
        # a bracket or quote left open, a coverb opening the next line, a very short last line
        (["大山里的“菇老师”（爱国情", "奋斗者）"], (None, "大山里的“菇老师”（爱国情奋斗者）", None)),
        (["习近平就亨利·基辛格逝世", "向美国总统拜登致唁电"], (None, "习近平就亨利·基辛格逝世向美国总统拜登致唁电", None)),
        (["习近平主席特使将出席第七届世界", "政府峰会"], (None, "习近平主席特使将出席第七届世界政府峰会", None)),
        # everything after a dash subtitle is the rest of it
        (["以优良作风凝聚决战决胜磅礴力量", "——二〇一九年党中央贯彻执行中", "央八项规定、推进作风建设纪实"],
         (None, "以优良作风凝聚决战决胜磅礴力量", "——二〇一九年党中央贯彻执行中央八项规定、推进作风建设纪实")),
    ],
)
def test_a_title_wrapped_over_lines_is_one_title(lines: list[str], expected: tuple) -> None:
    # a line that ends on a conjunction, a preposition or an open bracket runs on to the next
    assert assign_roles(lines) == expected


def test_the_unmarked_cases_follow_the_settings() -> None:
    """The thresholds for lines with no marks are `settings.Headlines`: with shorter halves
    allowed, two short alike lines are a kicker and its title; with a lower bar for a whole
    title, a far longer second line is its subtitle."""
    assert assign_roles(["四海迎新春", "共庆中国年"]) == (None, "四海迎新春 共庆中国年", None)
    assert assign_roles(["四海迎新春", "共庆中国年"], Headlines(pair_chars=4)) == ("四海迎新春", "共庆中国年", None)
    lines = ["春节假期消费", "全国重点零售和餐饮企业销售额同比增长百分之八点五"]
    assert assign_roles(lines) == ("春节假期消费", lines[1], None)
    assert assign_roles(lines, Headlines(full_title=6)) == (None, "春节假期消费", lines[1])


def test_a_second_line_longer_than_any_title_is_the_subtitle_even_naming_a_speaker() -> None:
    """习近平同…举行会谈 | 习近平：中方支持…。 (158 characters): a second line that names a
    speaker is read as the title under a kicker (推进…建设 | 大同：着力建设…), unless it is
    longer than any title (`Headlines.longest_title`; the corpus's longest is 68)."""
    title = "习近平同卡塔尔埃米尔塔米姆举行会谈"
    said = ("习近平：中方支持卡方自主探索符合本国国情的发展道路，赞赏卡方坚定奉行一个中国政策，"
            "感谢卡方在涉及中国核心利益问题上给予中方的坚定支持。双方要进一步对接发展战略，共同建设“一带一路”。")
    assert len(said) > 70
    assert assign_roles([title, said]) == (None, title, said)
    assert assign_roles([title, said], Headlines(longest_title=200)) == (title, said, None)
    kicker, named = "推进京津冀协同发展 建设山西经济新高地", "大同：着力建设山西对接融入京津冀的桥头堡和京津冀绿色能源供应地"
    assert assign_roles([kicker, named]) == (kicker, named, None)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["——萧山乡村振兴掠影", "产业兴乡村美农民富"], (None, "产业兴乡村美农民富", "——萧山乡村振兴掠影")),
        (["为时代放歌 为城市铸魂", "中国上海国际艺术节——"], ("中国上海国际艺术节——", "为时代放歌 为城市铸魂", None)),
        (["——第七届世界军运会赛事前瞻", "强手云集 精彩可期"], (None, "强手云集 精彩可期", "——第七届世界军运会赛事前瞻")),
        (["暴徒无法无天 特区政府决心止暴制乱", "林郑月娥："], ("林郑月娥：", "暴徒无法无天 特区政府决心止暴制乱", None)),
        # a kicker that opens on a coverb is no wrapped end of the title above it
        (["健全安全机制 提升管理能力", "与警方合作项目增至8项，滴滴——"],
         ("与警方合作项目增至8项，滴滴——", "健全安全机制 提升管理能力", None)),
    ],
)
def test_heading_lines_printed_out_of_order_go_where_their_dashes_say(lines: list[str], expected: tuple) -> None:
    """A text layer may give a page's blocks in the order they were set: a subtitle opening with a
    dash printed over its title is still the subtitle, a kicker ending in one printed under it the kicker."""
    assert assign_roles(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["扎实做好今年防风险保安全护稳定各项工作", "赵克志强调"], ("赵克志强调", "扎实做好今年防风险保安全护稳定各项工作", None)),
        (["弘扬孝老爱亲传统 让广大老年人健康幸福", "孙春兰出席全国“敬老月”主题宣传活动时强调"],
         ("孙春兰出席全国“敬老月”主题宣传活动时强调", "弘扬孝老爱亲传统 让广大老年人健康幸福", None)),
        (["李克强主持", "国务院常务会议研究部署稳就业工作"], (None, "国务院常务会议研究部署稳就业工作", "李克强主持")),
        (["王沪宁出席并讲话", "全国政协召开双周协商座谈会"], (None, "全国政协召开双周协商座谈会", "王沪宁出席并讲话")),
        # no title ends so, but one may wrap there: a first line as full as the rest is the title's
        (["习近平主席特使将出席", "第七届世界政府峰会"], (None, "习近平主席特使将出席第七届世界政府峰会", None)),
        # in their order, and a title that ends like a kicker's verb stays the title
        (["韩正在推进“一带一路”建设工作领导小组会议上强调", "高质量共建一带一路"],
         ("韩正在推进“一带一路”建设工作领导小组会议上强调", "高质量共建一带一路", None)),
        (["国务院办公厅印发通知", "坚决落实过紧日子要求"], ("国务院办公厅印发通知", "坚决落实过紧日子要求", None)),
    ],
)
def test_heading_lines_printed_out_of_order_go_where_their_verbs_say(lines: list[str], expected: tuple) -> None:
    """A kicker that ends in a verb of saying (…强调, …指出) printed under its title is still the
    kicker; a subtitle saying who chaired or attended (…主持, …出席) printed over it the subtitle:
    in the corpus, no title or subtitle ends in the one, no title or kicker in the other."""
    assert assign_roles(lines) == expected


def test_a_kicker_wrapped_before_its_verb_stays_in_front() -> None:
    lines = ["韩正在推进“一带一路”建设工作", "领导小组会议上强调", "坚持问题导向聚焦重点工作推动共建“一带一路”向高质量发展转变"]
    kicker, title, subtitle = assign_roles(lines)
    assert (kicker or "") + (title or "") + (subtitle or "") == "".join(lines)
    assert title is not None and title.startswith(("领导", "坚持"))


def test_a_title_wrapped_one_character_after_a_comma_is_one_title() -> None:
    """No clause of a heading is one character: 航空合作，中 | 尼共建… is one title wrapped."""
    assert assign_roles(["航空合作，中", "尼共建一带一路新亮点"]) == (None, "航空合作，中尼共建一带一路新亮点", None)
    assert assign_roles(["不忘初心，牢记使命", "在新时代新征程上奋勇前进"])[0] == "不忘初心，牢记使命"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # wrapped where the column's width fell, inside a word: one title
        (["外交部举行2019", "年新年招待会"], (None, "外交部举行2019年新年招待会", None)),
        (["嫦娥四号着陆器和玉兔", "二号巡视器顺利度过月夜"], (None, "嫦娥四号着陆器和玉兔二号巡视器顺利度过月夜", None)),
        (["热情澎湃地书写时代书写生", "活"], (None, "热情澎湃地书写时代书写生活", None)),
        # …会谈 would end a subtitle, but no subtitle begins inside a word (斯 | 坦)
        (["王晨同土库曼斯", "坦国民会议副主席会谈"], (None, "王晨同土库曼斯坦国民会议副主席会谈", None)),
        # a kicker ends, and its title begins, on a word's edge
        (["浙江淳安与贵州剑河协作扶贫", "订单式培训拓宽就业路"], ("浙江淳安与贵州剑河协作扶贫", "订单式培训拓宽就业路", None)),
        (["四海迎新春", "共庆中国年"], (None, "四海迎新春 共庆中国年", None)),
    ],
)
def test_a_title_wrapped_inside_a_word_is_one_title(lines: list[str], expected: tuple) -> None:
    """Two heading lines with no marks between them: where the break falls inside a word (the
    two characters across it hold together in the corpus: 2019 | 年, 玉兔 | 二号, 生 | 活), one title
    wrapped at its column's width; else a kicker and its title, or a title's two halves."""
    assert assign_roles(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a kicker, then a title wrapped inside a word: the title is one line, no subtitle
        (["人民法院积极运用人工智能等新技术手段提高审判质效", "为推进公正司法增", "添科技动能（人民观察）"],
         ("人民法院积极运用人工智能等新技术手段提高审判质效", "为推进公正司法增添科技动能（人民观察）", None)),
        # a kicker marked by its verb, the title wrapped inside a word: no space left in the title
        (["王勇强调", "全力维护市场秩序保", "障质量安全"], ("王勇强调", "全力维护市场秩序保障质量安全", None)),
        # a title wrapped inside a word over a dash subtitle
        (["以优良作风凝", "聚决战决胜磅礴力量", "——二〇一九年推进作风建设纪实"],
         (None, "以优良作风凝聚决战决胜磅礴力量", "——二〇一九年推进作风建设纪实")),
        # the wrapped title first: the unmarked line under it is its subtitle, not its title
        (["2020珠", "峰高程测量正式启动", "国产测绘仪器装备全面担纲本次任务"],
         (None, "2020珠峰高程测量正式启动", "国产测绘仪器装备全面担纲本次任务")),
        # a kicker over a title printed in two halves: no subtitle
        (["沈跃跃强调", "学习抗疫巾帼英雄", "争当最美巾帼奋斗者"], ("沈跃跃强调", "学习抗疫巾帼英雄 争当最美巾帼奋斗者", None)),
        # a kicker, the title wrapped inside a word, and a third line: the subtitle
        (["习近平对脱贫攻坚工作作出重要指示强调", "咬定目标一鼓作气 确保高", "质量打赢脱贫攻坚战", "李克强作出批示"],
         ("习近平对脱贫攻坚工作作出重要指示强调", "咬定目标一鼓作气 确保高质量打赢脱贫攻坚战", "李克强作出批示")),
    ],
)
def test_a_title_wrapped_inside_a_word_among_three_lines_is_one_title(lines: list[str], expected: tuple) -> None:
    """Three or more heading lines, two of them one title wrapped inside a word: they are joined
    before the kicker and the subtitle are told apart (before, a break inside a word made a kicker
    of the title's first half, or the title's second half a subtitle)."""
    assert assign_roles(lines) == expected


def test_a_short_kicker_ending_in_a_verb_of_saying_on_its_titles_line_is_the_kicker() -> None:
    assert assign_roles(["胡春华强调 确保剩余贫困人口全部如期脱贫"]) == ("胡春华强调", "确保剩余贫困人口全部如期脱贫", None)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a line break an extractor printed as a space, inside a word: closed up
        (["国网沧州供电公 司加强作风建设教育"], (None, "国网沧州供电公司加强作风建设教育", None)),
        (["唱响春之声 凝聚中 国心（热点聚焦）"], (None, "唱响春之声 凝聚中国心（热点聚焦）", None)),
        (["外交部举行2019 年新年招待会"], (None, "外交部举行2019年新年招待会", None)),
        # the spaces a title prints between its phrases stay
        (["四海迎新春 共庆中国年"], (None, "四海迎新春 共庆中国年", None)),
        (["用好资源优势 做大特色产业 抓好巩固衔接"], (None, "用好资源优势 做大特色产业 抓好巩固衔接", None)),
    ],
)
def test_a_space_inside_a_word_of_a_heading_is_closed_up(lines: list[str], expected: tuple) -> None:
    assert assign_roles(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a title ending in its column tag, the dash subtitle run on after it
        (["让公众感受历史的魅力（人民论坛）——从历史中汲取走向未来的智慧⑦"],
         (None, "让公众感受历史的魅力（人民论坛）", "——从历史中汲取走向未来的智慧⑦")),
        # a kicker's dash with its title's first words after it, the title wrapped to a second line
        (["宁夏泾源县杨岭村——荒山变绿产业兴", "青砖蓝瓦新居起（总书记的深情牵挂——来自贫困乡村的精准脱贫故事）"],
         ("宁夏泾源县杨岭村——", "荒山变绿产业兴 青砖蓝瓦新居起（总书记的深情牵挂——来自贫困乡村的精准脱贫故事）", None)),
        # a kicker that closes its quotes before its dash, the title after it on the line
        (["“人民楷模”王文教——中国羽毛球走向辉煌的奠基人（国家勋章和国家荣誉称号获得者）"],
         ("“人民楷模”王文教——", "中国羽毛球走向辉煌的奠基人（国家勋章和国家荣誉称号获得者）", None)),
        # a quoted title, and the dash after its quote opens the subtitle
        (["“成功走出一条符合国情的发展道路”——国际社会积极评价中国发布白皮书"],
         (None, "“成功走出一条符合国情的发展道路”", "——国际社会积极评价中国发布白皮书")),
        # —— inside a column tag or quote is no kicker's end
        (["荒山变绿产业兴 青砖蓝瓦新居起（总书记的深情牵挂——来自贫困乡村的精准脱贫故事）"],
         (None, "荒山变绿产业兴 青砖蓝瓦新居起（总书记的深情牵挂——来自贫困乡村的精准脱贫故事）", None)),
    ],
)
def test_a_dash_run_into_a_heading_line_is_where_it_divides(lines: list[str], expected: tuple) -> None:
    """A dash printed inside a heading line, outside brackets and quotes, ends a kicker or opens
    a subtitle: the corpus prints —— inside a title only within brackets or quotes."""
    assert assign_roles(lines) == expected


def test_the_shipped_character_pairs_are_what_the_corpus_gives() -> None:
    """`eval/train/cohesion.py` rebuilds the shipped pairs from the corpus's training dates."""
    shipped = (ROOT / "src" / "baokan" / "data" / PAIRS_FILE).read_text(encoding="utf-8")
    assert "".join(cohesion.cohesive_pairs(cohesion.corpus_texts(tuning=False))) == shipped
    assert mid_word("举行2019", "年") and not mid_word("协作扶贫", "订单")
