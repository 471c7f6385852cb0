"""Segmenting a page into items: pieces printed out of reading order (place_orphans)."""

from __future__ import annotations

import gc
import random
import time

import pytest

from baokan import parse_text

ARTICLES = [
    "本报讯（记者 张三）全市安全生产工作会议召开，会议强调要压紧压实安全生产责任。",
    "本报讯（记者 李四）市政府常务会议研究部署冬季供暖保障工作，要求确保群众温暖过冬。",
    "本报讯（记者 王五）全市优化营商环境推进会召开，会议要求持续深化“放管服”改革。",
    "本报讯（记者 赵六）市人大常委会召开主任会议，研究审议有关法规草案和人事任免事项。",
]


def photo_page(fragments: list[str]) -> str:
    """Each article is followed by a photo (caption + credit) and then a short headless paragraph."""
    blocks: list[str] = []
    for i, frag in enumerate(fragments):
        blocks += [ARTICLES[i % len(ARTICLES)], f"图为会议现场{i}。", "本报记者 邢广利 摄", frag]
    return "\n\n".join(blocks)


@pytest.mark.parametrize("fragments", [["他说。"], ["他说。", "她说。", "他们说。", "大家说。"], ["他说。", "他说。"]])
def test_short_pieces_after_photos_are_kept(fragments: list[str]) -> None:
    page = parse_text(photo_page(fragments))
    bodies = "\n".join(a.body for a in page.articles)
    for frag in set(fragments):
        assert bodies.count(frag) == fragments.count(frag)
    # each photo is kept, as an item of its own or (as the People's Daily prints captions with
    # their credit inside an article) in the body of the article it illustrates
    credits = sum(len(a.credits) for a in page.articles) + bodies.count("邢广利 摄")
    assert credits == len(fragments)


@pytest.mark.parametrize("copies", [3, 4])
def test_identical_short_pieces_are_not_lost(copies: int) -> None:
    page = parse_text(photo_page(["他说。"] * copies))
    bodies = "\n".join(a.body for a in page.articles)
    assert bodies.count("他说。") == copies


def _best_time(text: str, runs: int = 2) -> float:
    """The parse's own time: the cyclic garbage collector is paused, since each of its full
    passes walks every object the test session holds, a cost that has nothing to do with the
    page (it made a big page look three halves slower than it is inside the whole suite)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            t0 = time.perf_counter()
            parse_text(text)
            best = min(best, time.perf_counter() - t0)
    finally:
        gc.enable()
    return best


def scaling_page(k: int) -> str:
    blocks: list[str] = []
    for i in range(k):
        blocks += [
            f"本报讯（记者 张三）第{i}项工作会议召开，会议强调要坚定不移推进高质量发展。",
            f"第{i}项工作会议现场。",
            "本报记者 邢广利 摄",
            f"他说{i}。",
        ]
    return "\n\n".join(blocks)


def test_parse_time_grows_about_linearly_with_items() -> None:
    small = _best_time(scaling_page(40))  # 160 paragraphs, ~3 kB
    large = _best_time(scaling_page(160))  # 640 paragraphs, ~12 kB
    assert large / small < 16, f"{small:.3f}s → {large:.3f}s"


def big_page(chars: int, seed: int = 0) -> str:
    """A very large page of plain paragraphs (random Han text, blank lines here and there)."""
    rng = random.Random(seed)
    han = [chr(c) for c in range(0x4E00, 0x9FA5)]
    lines: list[str] = []
    total = 0
    while total < chars:
        line = "".join(rng.choices(han, k=rng.randint(20, 200))) + "。"
        lines.append(line)
        total += len(line)
        if rng.random() < 0.3:
            lines.append("")
    return "\n".join(lines)


def test_parse_time_grows_about_linearly_with_page_size() -> None:
    small = _best_time(big_page(200_000), runs=2)
    large = _best_time(big_page(1_600_000), runs=1)
    assert large / small < 14, f"{small:.3f}s → {large:.3f}s"


@pytest.mark.parametrize("width", [15, 17, 18, 20, 24])
def test_kicker_line_straight_above_its_title_line(width: int) -> None:
    """A one-line kicker printed right above the title belongs to the article's headline, not a
    one-line article of its own, also when it happens to be as wide as the column."""
    from synth import wrap

    body = (
        "新华社北京11月30日电 12月1日出版的第23期《求是》杂志将发表重要文章。"
        "文章强调，要深刻认识加强耕地保护的重要性和紧迫性，守住耕地红线。"
        "文章指出，要抓好盐碱地综合改造利用，稳步拓展农业生产空间，提高农业综合生产能力。"
    )
    kicker, title = "《求是》杂志发表总书记重要文章"[:width], "切实加强耕地保护 抓好盐碱地综合改造利用"
    lines = ["北方晨报", "2023年12月2日 星期六", "第1版 要闻", "", kicker, title, ""]
    page = parse_text("\n".join([*lines, *wrap("　　" + body, width)]))
    assert len(page.articles) == 1
    art = page.articles[0]
    assert (art.kicker or "") + (art.title or "") == kicker + title
    assert art.body.startswith("新华社北京11月30日电")
    assert art.body.endswith("提高农业综合生产能力。")


def _units(*texts: str) -> list:
    from baokan.parse.para import Para
    from baokan.parse.units import BODY, HEAD, LEAD, Unit

    out = []
    for t in texts:
        kind = LEAD if t.startswith("本报讯") else HEAD if len(t) <= 12 and not t.endswith("。") else BODY
        out.append(Unit(kind, t, Para(t)))
    return out


def test_build_reads_roles_into_items() -> None:
    from baokan.parse.structure import Role, build

    units = _units("第一篇标题", "本报讯（记者 张三）第一篇的导语写在这里。", "第一篇的正文继续写下去，没有写完", "的句子在这里结束。",
                   "第二篇的正文在标题之前印出。", "第二篇标题", "责任编辑：李四")
    roles = [Role.HEAD, Role.START, Role.BODY, Role.JOIN, Role.START, Role.HEAD_AFTER, Role.FURNITURE]
    items = build(units, roles)
    assert [(a.title, a.body) for a in items] == [
        ("第一篇标题", "本报讯（记者 张三）第一篇的导语写在这里。\n第一篇的正文继续写下去，没有写完的句子在这里结束。"),
        ("第二篇标题", "第二篇的正文在标题之前印出。"),
    ]
    assert items[0].dateline == "本报讯" and items[0].authors == ("张三",)


def test_build_puts_a_piece_printed_early_at_the_end_of_its_article() -> None:
    from baokan.parse.structure import Role, build

    units = _units("这是后一篇的结尾部分。", "后一篇标题", "本报讯 后一篇的开头在这里。")
    items = build(units, [Role.TAIL, Role.HEAD, Role.START])
    assert [(a.title, a.body) for a in items] == [("后一篇标题", "本报讯 后一篇的开头在这里。\n这是后一篇的结尾部分。")]


def test_build_keeps_photos_and_teasers_in_reading_order() -> None:
    from baokan.parse.structure import Role, build
    from baokan.parse.units import CREDIT

    units = _units("标题", "本报讯 正文写在这里。", "图为会议现场。", "本报记者 王五 摄", "正文的后一段。")
    units[3].kind = CREDIT
    items = build(units, [Role.HEAD, Role.START, Role.CAPTION, Role.CREDIT, Role.BODY])
    assert [a.kind for a in items] == ["article", "photo"]
    assert items[0].body == "本报讯 正文写在这里。\n正文的后一段。"
    assert items[1].body == "图为会议现场。" and items[1].credits == ("本报记者 王五 摄",)


def test_a_paragraph_read_as_a_photo_credit_keeps_its_text() -> None:
    """A caption printed with its credit on one line (…供应基地。 尹辉伟摄（人民视觉））, read as a
    credit with no caption before it, is a photo with that caption and credit; a paragraph
    with no credit in it is the caption. Before, its text was dropped from the page."""
    from baokan.parse.structure import Role, build

    units = _units("标题", "本报讯 正文写在这里。", "玉林是广西重要的粮食生产基地。 尹辉伟摄（人民视觉）", "南极半岛有不少科考站。")
    items = build(units, [Role.HEAD, Role.START, Role.CREDIT, Role.CREDIT])
    assert [(a.kind, a.body, a.credits) for a in items[1:]] == [
        ("photo", "玉林是广西重要的粮食生产基地。", ("尹辉伟摄（人民视觉）",)), ("photo", "南极半岛有不少科考站。", ())]


def test_a_body_that_begins_by_repeating_its_title_keeps_that_line() -> None:
    """A document printed in full repeats its title as its first line; read as a third heading
    line it would become the subtitle (the title again)."""
    from baokan.parse.structure import Role, build

    title = "关于推进基层整合审批服务执法力量的实施意见"
    lead = "新华社北京1月31日电 近日，中共中央办公厅、国务院办公厅印发了《关于推进基层整合审批服务执法力量的实施意见》。"
    units = _units("中办国办印发", title, title, lead)
    (art,) = build(units, [Role.HEAD, Role.HEAD, Role.HEAD, Role.START])
    assert (art.kicker, art.title, art.subtitle) == ("中办国办印发", title, None)
    assert art.body == f"{title}\n{lead}"


def test_a_title_after_a_titled_story_goes_to_the_next_when_that_one_has_none() -> None:
    """A page that prints some titles before their bodies: a title read after a story that
    already has one is the next story's, printed before it."""
    from baokan.parse.structure import Role, build

    units = _units("第一篇标题", "本报讯 第一篇的正文。", "第二篇标题", "本报讯 第二篇的正文。", "第三篇标题",
                   "本报讯 第三篇的正文。")
    roles = [Role.HEAD, Role.START, Role.HEAD_AFTER, Role.START, Role.HEAD, Role.START]
    assert [(a.title, a.body) for a in build(units, roles)] == [
        ("第一篇标题", "本报讯 第一篇的正文。"), ("第二篇标题", "本报讯 第二篇的正文。"), ("第三篇标题", "本报讯 第三篇的正文。")]


def test_titles_printed_after_their_stories_do_not_move_one_story_down() -> None:
    """A titles-after page where a notice's heading and the story under it were read as one
    story: the title after that story is still its own. Given to the next story, every title
    below would have moved one story down and the last one would have titled nothing. The
    notice's heading is kept as the body's first line."""
    from baokan.parse.structure import Role, build

    units = _units("征订启事", "征订工作已经开始，欢迎订阅。", "■第一篇的要点。", "第一篇的正文。", "第一篇标题",
                   "第二篇的正文。", "第二篇标题", "第三篇的正文。", "第三篇标题")
    roles = [Role.HEAD, Role.START, Role.BODY, Role.BODY, Role.HEAD_AFTER, Role.START, Role.HEAD_AFTER,
             Role.START, Role.HEAD_AFTER]
    items = build(units, roles)
    assert [a.title for a in items] == ["第一篇标题", "第二篇标题", "第三篇标题"]
    assert items[0].body.split("\n")[:2] == ["征订启事", "征订工作已经开始，欢迎订阅。"]
    assert [a.body for a in items[1:]] == ["第二篇的正文。", "第三篇的正文。"]
