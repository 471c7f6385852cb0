"""Lead-ins (电头 / 本报讯), byline lines and photo credits."""

from __future__ import annotations

import pytest

from baokan import parse_text
from baokan.parse.bylines import (
    agency_of,
    closed_up,
    is_column_name,
    names_in,
    own_paper_from,
    read_byline,
    read_lead_in,
    read_trailing_byline,
    split_credit,
)
from baokan.parse.restore import restore

REST = "近日，全省经济工作会议召开。"


def _restored(text: str) -> str:
    (para,) = restore(text)
    return para.text


@pytest.mark.parametrize(
    ("text", "dateline", "agency", "authors", "lead_len"),
    [
        ("新华社上海11月30日电 " + REST, "新华社上海11月30日电", "新华社", (), len("新华社上海11月30日电")),
        ("本报讯（记者 李雪峰）" + REST, "本报讯", "本报", ("李雪峰",), len("本报讯（记者 李雪峰）")),
        ("本报太原3月28日讯 " + REST, "本报太原3月28日讯", "本报", (), len("本报太原3月28日讯")),
        ("据新华社北京11月30日电 " + REST, "据新华社北京11月30日电", "新华社", (), len("据新华社北京11月30日电")),
        (
            "本报太原3月29日讯（山西日报记者 杨文）" + REST,
            "本报太原3月29日讯",
            "本报",
            ("杨文",),
            len("本报太原3月29日讯（山西日报记者 杨文）"),
        ),
        ("中新网北京11月30日电 " + REST, "中新网北京11月30日电", "中新网", (), len("中新网北京11月30日电")),
        ("中新社北京11月30日电 " + REST, "中新社北京11月30日电", "中新社", (), len("中新社北京11月30日电")),
        ("新华社北京十一月三十日电 " + REST, "新华社北京十一月三十日电", "新华社", (), len("新华社北京十一月三十日电")),
        (
            "本报讯（记者 李雪峰 通讯员 王小明）" + REST,
            "本报讯",
            "本报",
            ("李雪峰", "王小明"),
            len("本报讯（记者 李雪峰 通讯员 王小明）"),
        ),
        ("本报讯（记者 欧阳小明、王五）" + REST, "本报讯", "本报", ("欧阳小明", "王五"), len("本报讯（记者 欧阳小明、王五）")),
        # other papers' own forms: a paper's name or its short name before 讯, an undated 消息 that names
        # its reporters or opens with a colon, and reporters printed without brackets
        ("新京报讯（记者 张明）" + REST, "新京报讯", "新京报", ("张明",), len("新京报讯（记者 张明）")),
        ("晨报讯（记者 张明 通讯员 李建国）" + REST, "晨报讯", "晨报", ("张明", "李建国"), len("晨报讯（记者 张明 通讯员 李建国）")),
        ("央视网消息（记者 孙立平）：" + REST, "央视网消息", "央视网", ("孙立平",), len("央视网消息（记者 孙立平）")),
        ("新华网消息：" + REST, "新华网消息", "新华网", (), len("新华网消息")),
        ("本报讯 记者 张明 通讯员 李建国 " + REST, "本报讯", "本报", ("张明", "李建国"), len("本报讯 记者 张明 通讯员 李建国")),
        ("本报讯 记者张明 报道：" + REST, "本报讯", "本报", ("张明",), len("本报讯 记者张明 报道")),
        # no dateline at all: the reporters open the story, and 报道 says so
        ("本报记者 李红 报道 " + REST, None, "本报", ("李红",), len("本报记者 李红 报道")),
        ("■记者 李红 通讯员 王五 报道：" + REST, None, None, ("李红", "王五"), len("■记者 李红 通讯员 王五 报道")),
    ],
)
def test_read_lead_in(text: str, dateline: str | None, agency: str | None, authors: tuple[str, ...], lead_len: int) -> None:
    lead = read_lead_in(text)
    assert lead is not None
    assert lead.dateline == dateline
    assert lead.agency == agency
    assert lead.authors == authors
    assert lead.end == lead_len
    assert text[lead.end:].strip(" ：") == REST


def test_lead_in_with_halfwidth_parenthesis_after_restore() -> None:
    text = _restored("本报讯 (记者 李雪峰) 11月30日，会议召开。")
    assert text == "本报讯（记者 李雪峰）11月30日，会议召开。"
    lead = read_lead_in(text)
    assert lead is not None
    assert (lead.dateline, lead.agency, lead.authors) == ("本报讯", "本报", ("李雪峰",))
    assert lead.reporters_text == "记者 李雪峰"


def test_own_paper_named_in_the_lead_in() -> None:
    bodies = ["中新网北京11月30日电 " + REST, "本报太原3月29日讯（山西日报记者 杨文）" + REST]
    assert own_paper_from(bodies) == "山西日报"
    assert own_paper_from(["新华社上海11月30日电 " + REST]) is None
    lead = read_lead_in("山西日报太原3月29日讯 " + REST, own_paper="山西日报")
    assert lead is not None and lead.agency == "本报"


@pytest.mark.parametrize(
    "text",
    [
        REST,
        "本报记者从会上获悉，全省经济运行稳中向好。",
        "本报消息 " + REST,  # 本报消息 without a date is too loose
        "据人民网消息，" + REST,  # nor a 消息 the sentence goes on from
        "记者日前从市教育局获悉，今年全市新建学校12所。",
        "新华社记者 邢广利摄",
        "",
    ],
)
def test_no_lead_in(text: str) -> None:
    assert read_lead_in(text) is None


@pytest.mark.parametrize(
    ("outlet", "own", "expected"),
    [("本报", None, "本报"), ("据新华社", None, "新华社"), ("中国新闻社", None, "中新社"), ("山西日报", "山西日报", "本报"),
     ("晨报", "北京晨报", "本报"), ("晨报", None, "晨报"), ("新京报", "北京晨报", "新京报"), (None, None, None)],
)
def test_agency_of(outlet: str | None, own: str | None, expected: str | None) -> None:
    assert agency_of(outlet, own) == expected


@pytest.mark.parametrize(
    ("text", "outlet", "names"),
    [
        ("□ 本报记者 张彩峰", "本报", ("张彩峰",)),
        ("本报记者 叶传增 杨文明", "本报", ("叶传增", "杨文明")),
        ("新华社记者", "新华社", ()),
        ("■ 本报通讯员 李四", "本报", ("李四",)),
        ("文/图 本报记者 王五", "本报", ("王五",)),
        ("本报记者 欧阳小明、王五", "本报", ("欧阳小明", "王五")),
        ("本报记者 王强 本报通讯员 李明", "本报", ("王强", "李明")),  # a role before each name
        ("记者 王强 实习生 李明 张华", None, ("王强", "李明", "张华")),
        # who wrote and who photographed, as 都市报 print it: the writers are the names
        ("文/本报记者 王晓燕 图/赵志刚", "本报", ("王晓燕",)),
        ("文·图/本报记者 王晓燕", "本报", ("王晓燕",)),
        ("文/图/本报记者 王晓燕", "本报", ("王晓燕",)),
        ("本报记者 王晓燕 文/图", "本报", ("王晓燕",)),
        ("图文/王晓燕", None, ("王晓燕",)),
    ],
)
def test_read_byline(text: str, outlet: str | None, names: tuple[str, ...]) -> None:
    assert read_byline(text) == (outlet, names)


@pytest.mark.parametrize(
    "text",
    ["这是一个普通的句子。", "坚定不移推进高质量发展", "新华社记者 邢广利摄", "本报记者 " + "张" * 50, "",
     "图/赵志刚", "文明城市 创建"],  # a photographer alone is a credit
)
def test_not_a_byline(text: str) -> None:
    assert read_byline(text) is None


@pytest.mark.parametrize(
    ("text", "before", "credit"),
    [
        ("新华社记者 邢广利摄", "", "新华社记者 邢广利摄"),
        ("本报记者 戎禹仁 摄", "", "本报记者 戎禹仁 摄"),
        ("杨政 摄", "", "杨政 摄"),
        ("图/张三", "", "图/张三"),
        ("摄影：张三", "", "摄影：张三"),
        (
            "11月30日，全省重点项目推进会召开。 山西日报记者 史晓波 摄",
            "11月30日，全省重点项目推进会召开。",
            "山西日报记者 史晓波 摄",
        ),
        ("会议现场。新华社记者 邢广利摄", "会议现场。", "新华社记者 邢广利摄"),
        # in brackets at the end of the caption, as many local papers print it
        ("图为市民在东湖绿道赏花。（本报记者 张三 摄）", "图为市民在东湖绿道赏花。", "本报记者 张三 摄"),
        ("图为市民在东湖绿道赏花。新华社发（张三 摄）", "图为市民在东湖绿道赏花。", "新华社发（张三 摄）"),
        ("（记者 张三 摄）", "", "记者 张三 摄"),
        ("图为市民在东湖绿道赏花。（杨政/摄影）", "图为市民在东湖绿道赏花。", "杨政/摄影"),  # as the unbracketed forms
        # a two-character name set out to a three-character one's width: 41 of the corpus's 42
        ("本报记者 于 洋摄", "", "本报记者 于 洋摄"),
        ("新华社记者 杨　青摄", "", "新华社记者 杨　青摄"),
        ("岚 涩摄", "", "岚 涩摄"),
        ("本报记者 王 迪 摄", "", "本报记者 王 迪 摄"),
        ("图为会场。 本报记者 于 洋 张宏伟摄", "图为会场。", "本报记者 于 洋 张宏伟摄"),
        ("图为市民在东湖绿道赏花。（本报记者 于 洋摄）", "图为市民在东湖绿道赏花。", "本报记者 于 洋摄"),
    ],
)
def test_split_credit(text: str, before: str, credit: str) -> None:
    assert split_credit(text) == (before, credit) == split_credit(text, tagged=True)


@pytest.mark.parametrize(
    ("text", "before", "credit"),
    [
        ("胡攀学摄（人民视觉）", "", "胡攀学摄（人民视觉）"),
        ("玉林是广西重要的粮食生产基地。 尹辉伟摄（影像中国）", "玉林是广西重要的粮食生产基地。", "尹辉伟摄（影像中国）"),
        ("新华社记者 邢广利摄（新华社发）", "", "新华社记者 邢广利摄（新华社发）"),
        ("王 春摄（影像中国）", "", "王 春摄（影像中国）"),
    ],
)
def test_a_credit_with_the_picture_desks_tag(text: str, before: str, credit: str) -> None:
    """X摄（人民视觉） closes a People's Daily picture story, which the paper prints as an
    article: a credit where the builder or a PDF photo block asks for one (`tagged`), a
    paragraph for the labeller to place otherwise."""
    assert split_credit(text, tagged=True) == (before, credit)
    assert split_credit(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "这是一个普通的句子。",
        "他从事新闻摄影多年了。",
        "习近平在上海主持召开深入推进长三角一体化发展座谈会并发表重要讲话。",
        "本报记者 叶传增 杨文明",
        "",
        "会上，他展示了当年的照片（见图，新华社记者李文摄）",  # a photo the text points to, in its sentence
        "他说，这是好事（记者 张三）",
        "市民在公园游玩（资料图片）",  # a tag with no credit before it
        "他说要做好这项工作（人民视觉）",
        "今年 我 摄",  # a name is never one character
    ],
)
def test_no_credit(text: str) -> None:
    assert split_credit(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("此外，景区还增设了临时停车场和接驳车。（记者 周建军 通讯员 刘芳）", (None, ("周建军", "刘芳"))),
        ("（本报记者 李红）", ("本报", ("李红",))),
        ("（本报记者 李红 整理）", ("本报", ("李红",))),
        ("（新华社北京11月30日电）", None),  # a dateline: read_trailing_lead_in's
        ("（作者为国家邮政局局长）", None),
        ("他在会上说（记者会上）", None),
        ("会议强调，（记者 张三）", None),  # not after a finished sentence
    ],
)
def test_read_trailing_byline(text: str, expected: tuple | None) -> None:
    assert read_trailing_byline(text) == expected


def test_closing_reporters_end_a_story_and_name_its_authors() -> None:
    """A story that ends on its reporters in brackets is over: the short line after it is the next
    story's title, and the next story may open on 本报记者 X 报道 with no dateline."""
    text = (
        "东湖绿道迎来赏花季\n\n随着气温回升，东湖绿道沿线的樱花、梅花竞相开放，吸引了大批市民游客前来踏青赏花。\n\n"
        "东湖风景区管委会介绍，为保障游园安全，景区将在周末实行分时段预约入园，游客可通过官方平台提前预约。\n\n"
        "此外，景区还增设了临时停车场和接驳车，方便市民出行。（记者 周建军 通讯员 刘芳）\n\n"
        "老旧小区改造今年再启动200个\n\n"
        "本报记者 李红 报道 记者昨日从市住建局获悉，今年我市将启动200个老旧小区改造项目，惠及居民5万余户。\n\n"
        "据介绍，改造内容包括加装电梯、管网更新、增设停车位和充电桩等，计划年底前全部完工。\n"
    )
    page = parse_text(text)
    assert [(a.title, a.dateline, a.agency, a.authors) for a in page.articles] == [
        ("东湖绿道迎来赏花季", None, None, ("周建军", "刘芳")),
        ("老旧小区改造今年再启动200个", None, "本报", ("李红",)),
    ]


def test_names_in() -> None:
    assert names_in("记者 李雪峰 通讯员 王小明") == ("李雪峰", "王小明")
    assert names_in("本报记者 戎禹仁 摄") == ("戎禹仁",)
    assert names_in("新华社记者 邢广利摄") == ("邢广利",)
    assert names_in("摄影：张三 李四") == ("张三", "李四")


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        # a two-character name set out to a three-character one's width, as People's Daily prints it
        # (242 bylines of the corpus): no name is one character, so the two halves are one name
        ("本报记者 江 琳", "本报记者 江琳"),
        ("本报记者 段菁菁 江 琳", "本报记者 段菁菁 江琳"),
        ("本报记者 常 钦 郁静娴", "本报记者 常钦 郁静娴"),
        ("□ 本报记者 张\u3000炜  崔  佳", "□ 本报记者 张炜  崔佳"),
        ("记者 王 文 通讯员 李 刚", "记者 王文 通讯员 李刚"),
        ("本报记者 段菁菁 江琳", "本报记者 段菁菁 江琳"),  # nothing to close
    ],
)
def test_spaced_out_names_are_closed_up(text: str, closed: str) -> None:
    assert closed_up(text) == closed


def test_authors_of_spaced_out_names_through_the_parser() -> None:
    """本报记者 段菁菁 江 琳 and （记者 江 琳）: the article's authors have the names closed up; the
    line itself stays as printed in the body."""
    text = ("中东和平与发展的内在逻辑（钟声）\n\n本报记者 段菁菁 江 琳\n\n"
            "中东，在世界眼中如同一片“安宁稀缺”之地。发展是中东人民最强烈的渴望。\n\n"
            "外交部举行新年招待会\n\n"
            "本报北京1月31日电（记者 王 迪）国务委员兼外交部长王毅31日在钓鱼台国宾馆举行新年招待会。\n")
    page = parse_text(text)
    signed, dated = page.articles
    assert signed.authors == ("段菁菁", "江琳") and "本报记者 段菁菁 江 琳" in signed.body
    assert dated.authors == ("王迪",)


def test_byline_and_credit_through_the_parser() -> None:
    text = (
        "坚定不移推进高质量发展\n\n□ 本报记者 张彩峰\n\n"
        "近日，全省经济工作会议召开。会议强调，要坚定不移推进高质量发展，加快建设现代化产业体系。\n\n"
        "11月30日，全省重点项目推进会在太原召开，与会代表参观了重点项目建设现场。\n\n新华社记者 邢广利摄\n"
    )
    page = parse_text(text)
    kinds = [a.kind for a in page.articles]
    assert kinds == ["article", "photo"]
    art, photo = page.articles
    assert art.authors == ("张彩峰",)
    assert art.agency == "本报"
    assert art.body.startswith("□ 本报记者 张彩峰\n")
    assert photo.credits == ("新华社记者 邢广利摄",)
    assert photo.agency == "新华社"
    assert photo.body.startswith("11月30日，全省重点项目推进会")


def test_writer_and_photographer_byline_through_the_parser() -> None:
    """文/本报记者 X 图/Y under the headings is the article's byline, not a photo's caption and credit."""
    text = (
        "东湖绿道迎来赏花季\n\n文/本报记者 王晓燕 图/赵志刚\n\n"
        "随着气温回升，东湖绿道沿线的樱花、梅花竞相开放，吸引了大批市民游客前来踏青赏花。\n\n"
        "东湖风景区管委会介绍，为保障游园安全，景区将在周末实行分时段预约入园，游客可通过官方平台提前预约。\n"
    )
    page = parse_text(text)
    assert [(a.kind, a.title) for a in page.articles] == [("article", "东湖绿道迎来赏花季")]
    (art,) = page.articles
    assert art.authors == ("王晓燕",)
    assert art.credits == ()
    assert art.body.startswith("文/本报记者 王晓燕 图/赵志刚\n随着气温回升")


def test_a_columns_name_under_a_box_mark_is_no_author() -> None:
    """■民生观察 reads like □ 张彩峰 (a box mark and a word of four characters); the word is a
    column's name, and the article's authors leave it out."""
    assert is_column_name("民生观察") and is_column_name("今日关注") and not is_column_name("张彩峰")
    text = (
        "■民生观察\n\n让“一老一小”更有保障\n\n本报记者 王芳\n\n"
        "养老和托育，关系千家万户。今年的政府工作报告提出，要加强养老服务体系建设，发展普惠托育服务。\n\n"
        "多位代表认为，应推动社区嵌入式服务设施建设，为老年人和婴幼儿家庭提供便利可及的服务。\n"
    )
    (art,) = parse_text(text).articles
    assert art.authors == ("王芳",)


def test_a_credit_in_brackets_ends_a_photo_caption_through_the_parser() -> None:
    text = (
        "市民文化节开幕\n\n央视网消息（记者 孙立平）：3月4日晚，第十届武汉市民文化节在琴台大剧院开幕，来自全市各区的文艺团队带来了精彩演出。\n\n"
        "本届文化节将持续到11月，期间将举办各类群众文化活动2000余场。\n\n图为开幕式上的舞蹈表演。（本报记者 张三 摄）\n\n"
        "东湖绿道迎来赏花季\n\n随着气温回升，东湖绿道沿线的樱花、梅花竞相开放，吸引了大批市民游客前来踏青赏花。\n\n"
        "据介绍，今年花期预计持续到4月中旬，绿道沿线还将举办多场赏花活动。\n"
    )
    items = [(a.kind, a.title, a.credits, a.body) for a in parse_text(text).articles]
    assert [x[:3] for x in items] == [("article", "市民文化节开幕", ()), ("photo", None, ("本报记者 张三 摄",)),
                                      ("article", "东湖绿道迎来赏花季", ())]
    assert items[1][3] == "图为开幕式上的舞蹈表演。"
