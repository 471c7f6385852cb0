"""The trained labeller: scored on the corpus's test dates (never trained on), roles from the
shipped model, and the retrain command run end to end on a few pages.

Floors live in eval/floors.json; lowering one is a decision, not a fix."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from baokan import parse_text
from baokan.evaluate import Counts, score_page
from baokan.parse import labeller, page_units
from baokan.parse.labeller import (
    _bylines_under_titles,
    _continuity,
    _heading_sides,
    _tagged_titles,
    _untitled_parts,
    _wrapped_heads,
    features,
    label,
    repair,
)
from baokan.parse.para import Para
from baokan.parse.structure import ROLES, Role, build
from baokan.parse.units import BODY, BYLINE, HEAD, LABEL_KIND, LEAD, Unit
from baokan.settings import Settings
from conftest import floors

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval" / "train"))

import corpus  # noqa: E402
from roles import gold_roles  # noqa: E402
from test_split import headline_fields  # noqa: E402

FLOORS = floors("test_split")
PAGES = 40  # test pages, each rendered in every style (40: a retraining moves the figures less than on 20)


@pytest.fixture(scope="module")
def test_split() -> tuple[dict[str, Counts], list[int]]:
    """The figures per style on the first test pages, and (right, of) for headline fields."""
    pages = corpus.load()
    _train, test = corpus.split(pages)
    by_style: dict[str, Counts] = defaultdict(Counts)
    fields = [0, 0]
    for style in corpus.synth.STYLES:
        for name, text, gold in corpus.render(pages, test[:PAGES], seed=1, styles=(style,)):
            pred = parse_text(text, name + ".txt").to_json()
            c = score_page(gold, pred)
            by_style[style] += c
            by_style["TOTAL"] += c
            right, of = headline_fields(gold, pred)
            fields[0] += right
            fields[1] += of
    return by_style, fields


def test_train_and_test_dates_do_not_overlap() -> None:
    pages = corpus.load()
    train, test = corpus.split(pages)
    assert train and test
    assert not {d for d, _ in train} & {d for d, _ in test}
    assert len({d for d, _ in test}) == 10


def test_local_style_reprints_lead_ins_and_opens_bodies_with_bylines() -> None:
    from baokan.parse.bylines import read_byline, read_lead_in

    def page() -> list[dict]:
        def art(title: str, body: str) -> dict:
            return {"kind": "article", "kicker": None, "title": title, "subtitle": None, "body": body}
        return [art("甲", "本报北京1月31日电（记者 张三）今天，会议召开。\n会议强调，要抓好落实。"),
                art("乙", "本报上海2月1日电 记者从市里获悉，新线开通。\n沿线居民出行更方便。"),
                art("丙", "新华社北京1月31日电 国务院召开常务会议。\n会议指出，要稳就业。"),
                art("丁", "冬日的乡村，处处是忙碌的身影。\n村民们说，日子越过越红火。\n合作社里，年货堆成了山。"),
                art("戊", "本报北京1月31日电 （记者李四）今天，大会开幕。\n代表们说，要干在实处。")]  # as printed: a space after 电

    seen = defaultdict(int)
    for k in range(60):
        arts = page()
        corpus.local_style(arts, random.Random(k))
        first = [a["body"].split("\n")[0] for a in arts]
        assert arts[2]["body"] == page()[2]["body"]  # another agency's lead-in stays as printed
        if first[0] != page()[0]["body"].split("\n")[0]:
            seen[first[0][:3]] += 1
            assert first[0] in ("本报讯（记者 张三）今天，会议召开。", "本报北京1月31日讯（记者 张三）今天，会议召开。")
            lead = read_lead_in(first[0])
            assert lead is not None and lead.dateline.endswith("讯") and lead.agency == "本报"
            assert lead.authors == ("张三",)
        else:
            assert arts[0]["body"] == page()[0]["body"] and arts[0]["title"] == "甲"
        if first[1].startswith("本报讯（"):
            seen["reporters added"] += 1
            assert read_lead_in(first[1]).authors
        if arts[0]["title"] is None or arts[1]["title"] is None:
            seen["untitled"] += 1
        if arts[3]["body"] != page()[3]["body"]:
            seen["byline"] += 1
            assert read_byline(first[3]) is not None
            assert arts[3]["body"].split("\n", 1)[1] == page()[3]["body"]
        assert arts[3]["title"] == "丁"  # only a brief with a lead-in goes untitled
        assert first[4].endswith("（记者李四）今天，大会开幕。") and first[4].count("（") == 1  # its reporters, once
    assert set(seen) == {"本报讯", "本报北", "reporters added", "untitled", "byline"}, dict(seen)


@pytest.mark.parametrize("figure", ["article_f1", "headline_acc", "text_acc", "jump_acc", "meta_acc"])
def test_test_split_floor(test_split: tuple[dict[str, Counts], list[int]], figure: str) -> None:
    figures = {s: c.figures() for s, c in test_split[0].items()}
    detail = "\n".join(f"{s}: " + " ".join(f"{k}={v:.3f}" for k, v in f.items()) for s, f in figures.items())
    assert figures["TOTAL"][figure] >= FLOORS[figure], detail


def test_headlines_found_are_split_into_kicker_title_and_subtitle(test_split: tuple[dict[str, Counts], list[int]]) -> None:
    # headline_acc joins the three fields; this is the share of right headlines whose fields are right too
    right, of = test_split[1]
    assert of > 500
    assert right / of >= FLOORS["headline_fields"], f"{right} of {of}"


def test_every_role_is_known_and_labelling_is_deterministic(seed_dir: Path) -> None:
    text = (seed_dir / "000_9fc8dd82a9bcce83.txt").read_text(encoding="utf-8")
    pu = page_units(text)
    roles = label(pu.units, pu.own_paper)
    assert len(roles) == len(pu.units) and set(roles) <= set(ROLES)
    assert roles == label(pu.units, pu.own_paper)
    assert roles.count("B") >= 3 and "H" in roles


def test_gold_roles_rebuild_the_gold_page(seed_dir: Path, gold_dir: Path) -> None:
    """The roles found from gold, read back by `build`, give the gold page (the ceiling of the
    labeller on this page)."""
    name = "000_9fc8dd82a9bcce83"
    gold = json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8"))
    pu = page_units((seed_dir / f"{name}.txt").read_text(encoding="utf-8"))
    items = build(pu.units, gold_roles(pu.units, gold), pu.own_paper)
    pred = {"paper": pu.head.paper, "date": pu.head.date, "page": pu.head.page,
            "articles": [a.to_json() for a in items]}
    assert score_page(gold, pred).figures()["article_f1"] == 1.0


def test_features_carry_rule_knowledge(seed_dir: Path) -> None:
    pu = page_units((seed_dir / "002_98064722886ee370.txt").read_text(encoding="utf-8"))
    feats = features(pu.units, pu.own_paper)
    leads = [a for a, u in zip(feats.attrs, pu.units, strict=True) if u.text.startswith("本报讯")]
    assert leads and all("lead" in a for a in leads)
    assert all(any(x.startswith("cont_prev=") for x in a) and any(x.startswith("echo_next=") for x in a)
               for a in feats.attrs)
    items = feats.items("after")
    assert all("orient=after" in a and len(a) == len(set(a)) for a in items)  # each attribute once


def test_a_title_echoed_in_the_text_after_it() -> None:
    title = "春节文化活动丰富多彩"
    body = "近日，各地举办的春节文化活动丰富多彩，群众在家门口就能看演出、逛庙会。"
    other = "记者从交通运输部获悉，今年春运客流总体平稳有序，铁路发送旅客同比增长。"
    pu = page_units(f"{other}\n\n{title}\n\n{body}\n")
    attrs = features(pu.units, pu.own_paper).attrs
    (i,) = [k for k, u in enumerate(pu.units) if u.text == title]
    assert ("echo_next=2" in attrs[i] or "echo_next=3" in attrs[i]) and "echo_prev=0" in attrs[i]
    assert "1:opening" in attrs[i]  # the text after it opens like an article (近日，…)


def test_features_count_the_way_back_to_the_last_lead_in() -> None:
    """A heading a few short paragraphs after a dated lead-in more often ends a brief than heads
    a section of it: each unit knows how many units, and characters, back the last lead-in is."""
    brief = ["本报北京10月9日电（记者张贺）“新中国图书版本展”10月9日上午在国家博物馆开幕，展览将持续到11月2日。",
             "版本是高段位的文化载体，是文化传承的金种子，是文化自信的重要支撑。",
             "有关文化和出版单位等300余名代表参加了开幕式。"]
    pu = page_units("\n\n".join(["专题片引发热烈反响", *brief, "安居建设七十年", "由中央广播电视总台联合摄制的系列专题片近日播出。"]) + "\n")
    attrs = features(pu.units, pu.own_paper).attrs
    texts = [u.text for u in pu.units]
    title, after = texts.index("专题片引发热烈反响"), texts.index("安居建设七十年")
    assert "since_lead|kind=none|head" in attrs[title]
    assert "since_lead|kind=3|head" in attrs[after] and "lead_chars|kind=150" in " ".join(attrs[after])


def test_retrain_command_on_a_few_pages(tmp_path: Path, seed_dir: Path) -> None:
    out = tmp_path / "m.crfsuite"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "train" / "train.py"), "--pages", "3", "--synth", "2",
         "--seed-copies", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["pages"] >= 3 * 5 and report["model_bytes"] == out.stat().st_size > 0
    fitted = json.loads(labeller.orientation_path(out).read_text(encoding="utf-8"))  # the cascade's second model
    assert fitted["facts"] == list(labeller.ORIENTATION_FACTS) and len(fitted["weights"]) == len(fitted["facts"])
    assert fitted["pages"] == report["orientation"]["pages"] > 0
    page = parse_text((seed_dir / "000_9fc8dd82a9bcce83.txt").read_text(encoding="utf-8"),
                      settings=Settings(labeller_model=str(out)))
    assert page.articles and page.paper == "大同日报"


def test_the_orientation_model_ships_and_decides_the_reading() -> None:
    import numpy as np
    import orientation

    weights = labeller._orientation(None)
    assert weights is not None and len(weights) == len(labeller.ORIENTATION_FACTS)
    # fitted by Newton's method: facts that tell the two orientations apart get weights that do
    rng = np.random.default_rng(0)
    y = rng.random(200) < 0.3
    x = np.column_stack([np.ones(200), np.where(y, -5.0, 5.0) + rng.normal(0, 2, 200), rng.normal(0, 1, 200)])
    w = orientation.fit(x, y.astype(float))
    assert w[1] < 0 and abs(w[2]) < abs(w[1]) and np.mean((x @ w > 0) == y) > 0.95
    # a page whose titles follow their bodies is read that way
    pages = corpus.load()
    _train, test = corpus.split(pages)
    name, text, _gold = next(corpus.render(pages, test[:1], seed=1, styles=("title_after",)))
    pu = page_units(text)
    roles = label(pu.units, pu.own_paper)
    assert roles.count(Role.HEAD_AFTER) > roles.count(Role.HEAD), name


def _units(*texts: str, last_full: bool = False) -> list[Unit]:
    return [Unit(LEAD if t.startswith("新华社") else BODY, t, Para(t, wrapped=True, last_full=last_full)) for t in texts]


def test_gold_roles_give_a_shared_dateline_piece_to_the_article_it_reads_into() -> None:
    """A dateline cut off by a column break ("新华社北京10月17") is found in the bodies of both
    articles that open with it: it goes with the one whose text it runs on into."""
    first = "新华社北京10月17日电 国务院总理主持召开常务会议，部署进一步做好稳就业工作。"
    second = "新华社北京10月17日电 第六届中俄交通大学校长论坛17日在京举行，与会代表深入交流。"
    gold = {"articles": [{"title": "国务院常务会议部署稳就业", "body": first},
                         {"title": "中俄交通大学校长论坛在京举行", "body": second}]}
    units = _units("国务院常务会议部署稳就业", first, "中俄交通大学校长论坛在京举行", "新华社北京10月17",
                   "日电 第六届中俄交通大学校长论坛17日在京举行，与会代表深入交流。")
    assert gold_roles(units, gold) == [Role.HEAD, Role.START, Role.HEAD, Role.START, Role.JOIN]


def test_gold_roles_read_a_body_line_found_in_the_title_as_body() -> None:
    """A document printed in full after its news story (…全文如下。) begins with its own title,
    which the story's title holds too: inside the body it is body text, printed as the title
    (before or after the body) it is the heading."""
    doc = "关于推进基层整合审批服务执法力量的实施意见"
    body = "\n".join(["新华社北京1月31日电 近日，中办国办印发了实施意见。", "《实施意见》全文如下。", doc, "基层是党和政府联系人民群众的纽带。"])
    gold = {"articles": [{"kicker": "中办国办印发", "title": doc, "body": body}]}
    units = _units("中办国办印发", doc, *body.split("\n"))
    assert gold_roles(units, gold) == [Role.HEAD, Role.HEAD, Role.START, Role.BODY, Role.BODY, Role.BODY]
    units = _units(*body.split("\n"), "中办国办印发", doc)  # titles printed after their bodies
    assert gold_roles(units, gold)[-2:] == [Role.HEAD_AFTER, Role.HEAD_AFTER]
    assert gold_roles(units, gold)[2] == Role.BODY


def test_a_subtitle_line_as_wide_as_the_column_stays_in_its_heading() -> None:
    """A one-line subtitle that fills the column is not read as body text cut by a column
    break, however its next line reads on."""
    units = _units("打造演艺之都 讲好中国故事", "——写在第二十一届中国上海国际艺术节启幕之际",
                   "第二十一届中国上海国际艺术节将于10月18日在上海举行。", last_full=True)
    assert repair(units, [Role.HEAD, Role.HEAD, Role.START]) == [Role.HEAD, Role.HEAD, Role.START]


def test_a_paragraph_closed_by_its_reporters_is_no_photo_credit() -> None:
    """…方便市民出行。（记者 X 通讯员 Y） ends a story: read as a photo's credit, it is body text,
    and so is the paragraph above it that was read as the photo's caption; a real caption
    keeps its credit."""
    units = _units("景区将在周末实行分时段预约入园，游客可通过官方平台提前预约。", "此外，景区还增设了临时停车场和接驳车，方便市民出行。（记者 周建军 通讯员 刘芳）")
    units[1].closes = True
    assert repair(units, [Role.CAPTION, Role.CREDIT]) == [Role.BODY, Role.BODY]
    units = _units("正月十四下午，雷子乔在武展江汉方舱医院调试设备。", "肖龙军 摄")
    assert repair(units, [Role.CAPTION, Role.CREDIT]) == [Role.CAPTION, Role.CREDIT]


def test_a_document_printed_in_full_after_its_announcement_stays_in_the_story() -> None:
    """…《条例》全文如下。 then the document's own title and text: the same story, not a new
    article titled by the document's name (read so with titles after or before)."""
    units = _units("新华社北京1月5日电 近日，中共中央印发了《中国共产党国有企业基层组织工作条例（试行）》。",
                   "《条例》全文如下。", "中国共产党国有企业基层组织工作条例（试行）",
                   "第一条 为了坚持和加强党对国有企业的全面领导，制定本条例。")
    for heading in (Role.HEAD, Role.HEAD_AFTER):
        assert repair(units, [Role.START, Role.BODY, heading, Role.START]) == [Role.START] + [Role.BODY] * 3
    # without the announcement, the model's heading stands
    units[1] = _units("通知要求，各级党委要抓好贯彻落实。")[0]
    assert repair(units, [Role.START, Role.BODY, Role.HEAD, Role.START]) == [Role.START, Role.BODY, Role.HEAD, Role.START]


def test_a_heading_over_a_byline_after_a_dated_story_opens_a_new_story() -> None:
    """奋进新征程 建功新时代 | 灵丘…：为县域经济发展注入新活力 | □ 本报记者 张彩峰, read as a
    subhead inside the story above, which opened with 本报讯: a new story (no story that opens
    with a lead-in holds a heading over a byline). Inside a round-up that opened with no
    lead-in, the same lines stay a signed piece of it."""
    def unit(kind: str, text: str) -> Unit:
        return Unit(kind, text, Para(text))

    head, byline = "灵丘经济技术开发区：为县域经济发展注入新活力", "□ 本报记者 张彩峰"
    tail = [unit(HEAD, "奋进新征程 建功新时代"), unit(HEAD, head), unit(BYLINE, byline), unit(BODY, "“去年以来，园区共签约项目7个。”")]
    dated = [unit(LEAD, "本报讯（记者 潘红）为大力推动全国文明城市创建工作，我市开展主题活动。"), unit(BODY, "活动时间从2月至12月底。")]
    roles = [Role.START, Role.BODY, Role.BODY, Role.BODY, Role.BODY, Role.BODY]
    assert repair(dated + tail, roles) == [Role.START, Role.BODY, Role.HEAD, Role.HEAD, Role.START, Role.BODY]
    roundup = [unit(BODY, "春节临近，各地群众以不同方式迎接新春。"), unit(BODY, "以下是记者从各地发回的报道。")]
    assert repair(roundup + tail, roles) == roles


def test_a_long_lone_line_with_a_comma_is_no_heading() -> None:
    """The last paragraph of a story cut short at the page's edge, read as the title of the
    untitled brief below it, is body text; a long subtitle beside its title stays a heading."""
    cut = "张强指出，科技创新是高质量发展的核心与原动力，要深入贯彻落实习近平总书记对山西工作的重要讲话重要指示精神和在新时代推动中部地"
    lead = "本报讯（记者 李雪峰）3月26日，市人大常委会机关党建暨党风廉政建设工作会议召开。"
    units = _units("副市长温旭斌等参加座谈。", cut, lead)
    assert repair(units, [Role.BODY, Role.HEAD, Role.START]) == [Role.BODY, Role.BODY, Role.START]
    assert repair(units, [Role.BODY, Role.HEAD_AFTER, Role.START]) == [Role.BODY, Role.BODY, Role.START]
    sub = "审议通过《优化营商环境条例（草案）》，以政府立法为各类市场主体投资兴业提供制度保障；讨论通过档案法修订草案"
    units = _units("李克强主持召开国务院常务会议", sub, lead)
    assert repair(units, [Role.HEAD, Role.HEAD, Role.START]) == [Role.HEAD, Role.HEAD, Role.START]
    tagged = "坚持人民至上 不断造福人民（在习近平新时代中国特色社会主义思想指引下——代表委员议国是，见第二版）"
    units = _units("副市长温旭斌等参加座谈。", tagged, lead)
    assert repair(units, [Role.BODY, Role.HEAD, Role.START]) == [Role.BODY, Role.HEAD, Role.START]
    # the length is a setting: allowed longer lone headings, the cut paragraph keeps the model's role
    units = _units("副市长温旭斌等参加座谈。", cut, lead)
    longer = Settings(lone_heading=len(cut))
    assert repair(units, [Role.BODY, Role.HEAD, Role.START], settings=longer) == [Role.BODY, Role.HEAD, Role.START]



@pytest.mark.parametrize("line", ["电子信箱：rmrbst@126.com", "栏目投稿邮箱：yxxz8494@163.com", "www.internetplus-expo.com",
                                  "咨询电话：0898-28836387", "观展报名 https://www.cidee-zd.cn/sign"])
def test_a_contact_line_is_no_heading(line: str) -> None:
    """A column's contact line (the corpus prints 41, all closing bodies) read as the title
    of the story below it is the last line of the story above."""
    lead = "本报讯（记者 李雪峰）3月26日，市人大常委会机关党建暨党风廉政建设工作会议召开。"
    units = _units("不畏寒、不争春的梅花，将一直盛开在大江南北。", line, "中国有“我”更美丽（锐评）", lead)
    got = repair(units, [Role.BODY, Role.HEAD, Role.HEAD, Role.START])
    assert got == [Role.BODY, Role.BODY, Role.HEAD, Role.START]


def test_what_a_paragraph_ending_on_a_colon_announces_is_no_heading() -> None:
    """数据来源： cut from its source by a column break: the source is body text. A kicker
    that ends on a colon (国台办：) still heads its title."""
    lead = "本报讯（记者 李雪峰）3月26日，市人大常委会机关党建暨党风廉政建设工作会议召开。"
    units = _units("2018年，全国快递服务企业业务收入累计达6038.4亿元", "数据来源：", "商务部和国家邮政局网站",
                   "“顾客满意就是最好的新年礼物”", lead)
    got = repair(units, [Role.BODY, Role.BODY, Role.HEAD, Role.HEAD, Role.START])
    assert got[2] == Role.BODY and got[3:] == [Role.HEAD, Role.START]
    units = _units("会议强调，要依法履职尽责。", "国台办：", "两岸同胞同心抗疫", lead)
    roles = [Role.BODY, Role.HEAD, Role.HEAD, Role.START]
    assert repair(units, roles) == roles


def test_a_heading_just_after_a_summary_box_is_a_subhead_of_its_story() -> None:
    """核心阅读 opens a long story (the corpus's shortest prints 12 paragraphs after it): a
    heading read two paragraphs later is a subhead, and the text under it goes on the story.
    Once the story's own text has begun (a subhead read as one), a heading may open the next."""
    title, summary = "数字技术助力全球疫情防控（记者观察）", "面对突如其来的新冠肺炎疫情，数字技术助力各国防控疫情。"
    sub, text = "全球有28国推出应用程序追踪病毒密切接触者", "近日，美国苹果公司和谷歌公司宣布，将共同推出一款应用程序。"

    def units(*texts: str) -> list[Unit]:
        kinds = {"核心阅读": LABEL_KIND, title: HEAD, sub: HEAD}
        return [Unit(kinds.get(t, BODY), t, Para(t)) for t in texts]

    page = units(title, "核心阅读", summary, sub, text, text)
    read = [Role.HEAD, Role.START, Role.BODY, Role.HEAD, Role.START, Role.BODY]
    assert repair(page, read) == [Role.HEAD, Role.START, Role.BODY, Role.BODY, Role.BODY, Role.BODY]
    page = units(title, "核心阅读", summary, sub, text, "盲目补钙，多药共服", text)
    read = [Role.HEAD, Role.START, Role.BODY, Role.BODY, Role.BODY, Role.HEAD, Role.START]
    assert repair(page, read) == read
    many = units(title, "核心阅读", *[summary] * 5, sub, text)
    read = [Role.HEAD, Role.START] + [Role.BODY] * 5 + [Role.HEAD, Role.START]
    assert repair(many, read) == read  # five paragraphs on: past any summary box

LOCAL_PAGE = """2024年3月27日 星期三 第2版

市人大常委会召开党组会议

本报讯（记者 李华）3月26日，市人大常委会召开党组会议，传达学习有关会议精神，研究部署下一阶段重点工作。

会议强调，要坚持正确政治方向，依法履职尽责，抓好各项工作落实，为全市高质量发展提供有力法治保障。

奋进新征程 建功新时代

开发区：为县域经济发展注入新活力

□ 本报记者 张明

“去年以来，我们按照规划目标，全力推进园区建设，打造对外开放的桥头堡。”开发区负责人说。

据了解，园区以科学规划引领建设，加快招商引资和项目建设步伐，已形成三大产业集群，带动就业岗位三千余个。

本报讯（记者 王芳）3月25日，全市春季义务植树活动在城郊启动，各级干部群众两千余人踊跃参加，共植树三万余株。
"""


def test_a_local_paper_page_with_a_byline_line_and_an_untitled_brief() -> None:
    """A local paper's conventions, which People's Daily does not print: 本报讯 lead-ins, a
    byline line under the headings (□ 本报记者 X), and a brief that only its lead-in opens."""
    arts = parse_text(LOCAL_PAGE, "local.txt").to_json()["articles"]
    assert [(a["kicker"], a["title"], a["dateline"], a["authors"]) for a in arts] == [
        (None, "市人大常委会召开党组会议", "本报讯", ["李华"]),
        ("奋进新征程 建功新时代", "开发区：为县域经济发展注入新活力", None, ["张明"]),
        (None, None, "本报讯", ["王芳"]),
    ]
    assert arts[1]["body"].startswith("□ 本报记者 张明\n“去年以来")


def test_continuity_drops_where_the_subject_changes() -> None:
    one = ["春节期间，各地举办丰富多彩的文化活动，群众在家门口看演出、逛庙会、赏花灯，年味浓浓。"] * 8
    two = ["记者从交通运输部获悉，今年春运铁路客流总体平稳有序，铁路部门增开夜间高铁列车。"] * 8
    units = _units(*one, "交通运输", *two)
    prev, around, pull = _continuity(units)
    k = len(one)
    assert around[k] < 0.2 < min(around[k - 3], around[k + 4])  # a line between two subjects
    assert prev[k] < 0.2 < min(prev[2], prev[-2])
    assert pull[k - 1] < -0.5  # the last unit before the line reads like the text before it
    *_, pull = _continuity(_units(*one, two[0], "交通运输", *two))  # a piece of the next article before its heading
    assert pull[k] > 0.5 > -0.5 > pull[k - 1]
    assert _continuity([]) == ([], [], [])


def test_a_dateline_cut_by_a_column_break_opens_the_body_under_its_title() -> None:
    """"新华社北京10月17" | "日电（记者…）…": the first piece reads as a lead-in only with the
    next; it opens a body, the line above it titles it, and the next piece finishes it."""
    title = "刘鹤会见新加坡副总理王瑞杰"
    pu = page_units(f"{title}\n\n新华社北京10月17\n\n日电（记者朱超）国务院副总理刘鹤17日在京会见新加坡副总理王瑞杰。\n")
    feats = features(pu.units, pu.own_paper)
    assert feats.cut_leads == [False, True, False]
    assert "lead_cut" in feats.attrs[1] and "-1:lead_cut" in feats.attrs[2]
    assert repair(pu.units, [Role.BODY] * 3, feats.cut_leads) == [Role.HEAD, Role.START, Role.JOIN]
    (art,) = build(pu.units, label(pu.units, pu.own_paper), pu.own_paper)
    assert art.title == title and art.body.startswith("新华社北京10月17日电（记者朱超）") and art.agency == "新华社"
    # a title straight above a whole lead-in is no cut dateline
    pu = page_units(f"{title}\n\n新华社北京10月17日电（记者朱超）国务院副总理刘鹤17日在京会见王瑞杰。\n")
    assert not any(features(pu.units, pu.own_paper).cut_leads)


def test_continuity_taken_a_block_at_a_time_is_the_whole_page_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    chars = "春节文化活动丰富群众家门口演出庙会交通运输部春运铁路客流平稳有序增开夜间高铁列车经济发展质量"
    units = _units(*("".join(rng.choice(chars) for _ in range(rng.randint(5, 400))) + "。" for _ in range(600)))
    blocked = _continuity(units)
    monkeypatch.setattr(labeller, "BLOCK_CHARS", 10**9)
    whole = labeller._continuity(units)
    for x, y in zip(blocked, whole, strict=True):
        assert len(x) == len(units) and max(abs(a - b) for a, b in zip(x, y, strict=True)) < 1e-4


OTHER_PAPER_PAGE = """\
武汉晨报
2024年3月5日 星期二
第3版 要闻
武汉地铁19号线昨日开通
——沿线居民出行时间缩短一半
晨报讯（记者 张明华 通讯员 李建国）昨日上午，武汉地铁19号线正式开通运营，这是武汉首条全地下敷设的高速地铁线路，全长23.3公里，设站7座。
据介绍，19号线采用最高时速120公里的A型车，从武汉站到新月溪公园站仅需30分钟。开通首日，不少市民专程前来体验。
“以前到光谷上班要换乘两次，现在一趟就到了。”家住青山的市民王女士说。
（下转第5版）
汉口老街焕发新活力
文/本报记者 王晓燕 图/赵志刚
走进汉口黎黄陂路，红砖老楼与梧桐树相映成趣，咖啡馆、书店和文创小店里坐满了年轻人。
据了解，这条百年老街去年完成了微改造，保留了17栋历史建筑的原貌，并引入了40余家特色商户。
街道负责人表示，下一步将继续挖掘老街的历史文化资源，让更多市民在这里找到城市的记忆。
市民文化节开幕
央视网消息（记者 孙立平）：3月4日晚，第十届武汉市民文化节在琴台大剧院开幕，来自全市各区的文艺团队带来了精彩演出。
本届文化节将持续到11月，期间将举办各类群众文化活动2000余场，覆盖全市各个社区。
东湖绿道迎来赏花季
本报记者 周建军 报道 随着气温回升，东湖绿道沿线的樱花、梅花竞相开放，吸引了大批市民游客前来踏青赏花。
东湖风景区管委会介绍，为保障游园安全，景区将在周末实行分时段预约入园，游客可通过官方平台提前预约。
此外，景区还增设了临时停车场和接驳车，方便市民出行。（记者 周建军 通讯员 刘芳）
责任编辑：陈静 美术编辑：林峰
"""


@pytest.mark.parametrize("indent", ["", "\u3000\u3000"])
def test_another_papers_page_printed_without_blank_lines(indent: str) -> None:
    """A city paper's page as a text dump gives it: one line per paragraph, no blank line
    anywhere (and, in the second case, each paragraph indented). Its own forms: 晨报讯 for the
    paper's own lead-in, 央视网消息（记者 X）：, 文/本报记者 X 图/Y, 本报记者 X 报道 with no
    dateline, and reporters in brackets closing a story."""
    heads = {"武汉晨报", "2024年3月5日 星期二", "第3版 要闻", "武汉地铁19号线昨日开通", "——沿线居民出行时间缩短一半",
             "汉口老街焕发新活力", "市民文化节开幕", "东湖绿道迎来赏花季", "（下转第5版）", "责任编辑：陈静 美术编辑：林峰"}
    text = "".join(ln if ln.rstrip("\n") in heads else indent + ln for ln in OTHER_PAPER_PAGE.splitlines(keepends=True))
    assert "\n\n" not in text
    page = parse_text(text, "dense.txt").to_json()
    assert (page["paper"], page["date"], page["page"]) == ("武汉晨报", "2024-03-05", 3)
    arts = page["articles"]
    assert [(a["title"], a["subtitle"], a["dateline"], a["agency"], a["authors"], a["continued_to"]) for a in arts] == [
        ("武汉地铁19号线昨日开通", "——沿线居民出行时间缩短一半", "晨报讯", "本报", ["张明华", "李建国"], 5),
        ("汉口老街焕发新活力", None, None, "本报", ["王晓燕"], None),
        ("市民文化节开幕", None, "央视网消息", "央视网", ["孙立平"], None),
        ("东湖绿道迎来赏花季", None, None, "本报", ["周建军", "刘芳"], None),
    ]
    assert [len(a["body"].split("\n")) for a in arts] == [3, 4, 2, 3]
    assert arts[1]["body"].startswith("文/本报记者 王晓燕 图/赵志刚\n走进汉口黎黄陂路") and not arts[1]["credits"]


def test_a_teasers_pointer_read_as_body_makes_a_teaser() -> None:
    """A local paper's teaser over the page's lead story (…这么干 | 见2-3版 | 大同：…) read as the
    opening of one story: the pointer and the line above it are the teaser, and the heading
    line below it titles the story. The model's other readings of a pointer stand."""
    text = ("2023年，山西各地经济工作这么干\n见2-3版\n\n大同：着力建设山西对接融入京津冀的桥头堡\n\n"
            "今年，大同将全力建设京津冀绿色能源供应地、科技成果试验转化地、产业转移承接地。\n\n"
            "3月16日，华远陆港大同集团跨境电商首场直播在大同陆港保税仓内举行。\n")
    pu = page_units(text)
    read = [Role.START, Role.JOIN, Role.BODY, Role.BODY, Role.BODY]
    roles = repair(pu.units, read)
    assert roles == [Role.TEASER, Role.TEASER, Role.HEAD, Role.BODY, Role.BODY]
    teaser, story = build(pu.units, roles, pu.own_paper)
    assert (teaser.kind, teaser.title, teaser.refers_to) == ("teaser", "2023年，山西各地经济工作这么干", "2-3")
    assert story.title == "大同：着力建设山西对接融入京津冀的桥头堡" and story.body.startswith("今年，大同")
    related = [Role.START, Role.FURNITURE, Role.HEAD, Role.START, Role.BODY]  # a pointer read as furniture stays so
    assert repair(pu.units, related) == related


def test_an_untitled_continued_part_read_as_one_with_the_titled_story_after_it() -> None:
    """Titles after their bodies: a part continued from another page has no title, so the title
    read after it belongs to a story that starts inside it, at the paragraph that reads like the
    title. A title that reads like the part itself (a subhead inside it) leaves the part whole."""
    part = ["（上接第一版）“园区协商”目的是推动政协协商向园区和企业延伸，促进企业做大做强，推进建设和合园区。",
            "具体来说，就是聚焦园区基础设施建设、水电气路等要素保障，积极开展协商，推动问题解决。"]
    story = ["腊月二十七，在江西吉安市赣中快递电商物流园见到快递小哥段赟时，他正忙得团团转。",
             "从普通快递员干起的段赟，总觉得坐在办公室不自在，如今他的快递网点越做越大。"]
    read = [Role.START, Role.BODY, Role.BODY, Role.BODY, Role.HEAD_AFTER]
    pu = page_units("\n\n".join([*part, *story, "江西吉安的快递小哥段赟：顾客满意就是最好的新年礼物"]) + "\n")
    roles = _untitled_parts(pu.units, read, features(pu.units).continuity)
    assert roles == [Role.START, Role.BODY, Role.START, Role.BODY, Role.HEAD_AFTER]
    continued, titled = build(pu.units, roles, pu.own_paper)
    assert (continued.title, continued.continued_from) == (None, 1) and continued.body.startswith("“园区协商”")
    assert titled.title.startswith("江西吉安的快递小哥段赟") and titled.body.startswith("腊月二十七")
    pu = page_units("\n\n".join([*part, *story, "围绕中心服务大局 高效推动园区协商"]) + "\n")
    assert _untitled_parts(pu.units, read, features(pu.units).continuity) == read


def test_a_byline_under_a_title_after_its_story_ends_that_story() -> None:
    """Titles after their bodies: a byline printed under a title (丁石孙同志生平 | 记者 石娟俊)
    heads the story above, so the paragraph after it, read as more of that story, opens the
    next one (before, the next story ran on into the one above and its own title went to the
    story after it). The model's reading of such a byline as a start is set aside too. A
    paragraph read as a new story's start, or a byline under a body line, stays as it was."""
    text = ("丁石孙同志是我国著名的数学家和教育家，他长期从事数学教学与科研工作。\n\n"
            "丁石孙同志生平\n\n记者 石娟俊\n\n"
            "本报北京10月17日电（记者江琳）根据党中央关于巡视工作的决策部署，国资委党委开展巡视。\n\n"
            "据了解，巡视将重点围绕加强党对中央企业的全面领导开展。\n\n"
            "国资委对六家央企开展巡视\n")
    pu = page_units(text)
    assert [u.kind for u in pu.units][2] == BYLINE
    read = [Role.START, Role.HEAD_AFTER, Role.BODY, Role.BODY, Role.BODY, Role.HEAD_AFTER]
    roles = _bylines_under_titles(pu.units, read)
    assert roles == [Role.START, Role.HEAD_AFTER, Role.BODY, Role.START, Role.BODY, Role.HEAD_AFTER]
    life, tour = build(pu.units, roles, pu.own_paper)
    assert life.title == "丁石孙同志生平" and life.body.startswith("记者 石娟俊\n丁石孙同志")
    assert tour.title == "国资委对六家央企开展巡视" and tour.body.startswith("本报北京10月17日电")
    merged = build(pu.units, read, pu.own_paper)
    # read so, one story with a title after it and another at the page's end: the last is its (the first opens its body)
    assert [a.title for a in merged] == ["国资委对六家央企开展巡视"] and "丁石孙同志生平\n" in merged[0].body
    started = [Role.START, Role.HEAD_AFTER, Role.BODY, Role.START, Role.BODY, Role.HEAD_AFTER]
    assert _bylines_under_titles(pu.units, started) == started
    byline_opens = [Role.START, Role.HEAD_AFTER, Role.START, Role.BODY, Role.BODY, Role.HEAD_AFTER]
    assert _bylines_under_titles(pu.units, byline_opens) == roles
    life, tour = build(pu.units, byline_opens, pu.own_paper)  # the builder keeps a byline read as a start so
    assert life.body.startswith("丁石孙同志是") and tour.body.startswith("记者 石娟俊\n本报北京")
    in_body = [Role.START, Role.BODY, Role.BODY, Role.BODY, Role.BODY, Role.HEAD_AFTER]
    assert _bylines_under_titles(pu.units, in_body) == in_body


def test_a_paragraph_between_a_title_and_its_lead_in_is_a_heading_line() -> None:
    """习近平同…举行会谈 | 习近平：中方支持…。 | 本报北京…电: no story's text stands between a
    title and the lead-in that opens its story, so a paragraph read there is its subtitle, long
    and finished as it is; so is one between a part continued elsewhere and a lead-in. An
    editor's note there stays a paragraph."""
    title, lead = "习近平同卡塔尔埃米尔塔米姆举行会谈", "本报北京1月31日电（记者杜一菲）国家主席习近平31日在人民大会堂同卡塔尔埃米尔塔米姆举行会谈。"
    said = ("习近平：中方支持卡方自主探索符合本国国情的发展道路，赞赏卡方坚定奉行一个中国政策，"
            "感谢卡方在涉及中国核心利益问题上给予中方的坚定支持。双方要进一步对接发展战略，共同建设“一带一路”。")
    units = [Unit(HEAD, title, Para(title)), *_units(said), Unit(LEAD, lead, Para(lead))]
    read = [Role.HEAD, Role.BODY, Role.START]
    roles = repair(units, read)
    assert roles == [Role.HEAD, Role.HEAD, Role.START]
    (story,) = build(units, roles)
    assert (story.title, story.subtitle) == (title, said) and story.body.startswith("本报北京")
    note = "编者按：春节前夕，本报记者走进基层，记录百姓的新春生活。"
    units[1] = _units(note)[0]
    assert repair(units, read) == read
    jumped = "文章指出，生态文明建设是关系中华民族永续发展的根本大计。（下转第二版）"
    met = ("习近平会见国际奥委会主席巴赫 习近平强调，中方高度重视筹办北京冬奥会，目前各项工作正在扎实有序推进。"
           "我们一定会积极努力，为世界呈现一届绿色、共享、开放、廉洁的冬奥会")
    pu = page_units(f"{jumped}\n\n{met}\n\n{lead}\n")
    assert pu.units[0].to is not None and [u.kind for u in pu.units][1:] == [BODY, LEAD]
    assert repair(pu.units, [Role.START, Role.BODY, Role.START]) == [Role.START, Role.HEAD, Role.START]
    pu = page_units(f"{jumped.replace('（下转第二版）', '')}\n\n{met}\n\n{lead}\n")  # no jump: it may be a paragraph
    assert repair(pu.units, [Role.START, Role.BODY, Role.START]) == [Role.START, Role.BODY, Role.START]


def test_a_heading_line_closing_a_bracket_it_never_opened_is_a_cut_off_end() -> None:
    """…（作者为…研究中心研究员） cut apart, its end printed as a line of its own over the next
    story's title: read as the title's first line, it is a piece of that story printed out of
    place (a tail); where the paragraph above left the bracket open, it is that paragraph's
    rest. A title wrapped inside its own column tag keeps both lines."""
    units = _units("当下中国纪录片的国际传播能力建设，正努力向积极主动“传播中国”的观念转型。",
                   "中心副主任）", "创新是春晚的生命力（创意空间）", "爆竹声中一岁除，春风送暖入屠苏。")
    read = [Role.BODY, Role.HEAD, Role.HEAD, Role.START]
    assert repair(units, read) == [Role.BODY, Role.TAIL, Role.HEAD, Role.START]
    units[0] = _units("国庆前夕，本报记者走访了多地。（本报记者温红彦、盛若蔚、姜")[0]
    units[1] = _units("洁、江琳、赵兵、孟祥夫、吴储岐）")[0]
    assert repair(units, read) == [Role.BODY, Role.JOIN, Role.HEAD, Role.START]
    units = _units("（本报约翰内斯堡电）", "于 洋摄", "图片报道", "匈牙利2019“中国春”文化节日前在布达佩斯千禧公园举行。")
    assert repair(units, read) == [Role.BODY, Role.TAIL, Role.HEAD, Role.START]  # a photo credit, too
    units = _units("前文。", "大山里的“菇老师”（爱国情", "奋斗者）", "在始建于1600多年前的正定古城里，可以领略不同朝代的建筑。")
    assert repair(units, [Role.BODY, Role.HEAD, Role.HEAD, Role.START]) == [Role.BODY, Role.HEAD, Role.HEAD, Role.START]


def test_a_news_box_is_one_article_titled_by_its_name() -> None:
    """新闻速递 over short items, each with its title and a lead-in naming no place or date: one
    article titled 新闻速递 whose paragraphs are the items, as the paper lists it. A dated story
    after the box is a story of its own, and a heading that names no box is left alone."""
    text = ("新闻速递\n\n中国科技馆发展基金会颁奖\n\n本报电 中国科技馆发展基金会2019年度颁奖典礼日前在北京举行。\n\n"
            "（喻思南）\n\n高血压专利药在美获批上市\n\n本报电 日前，石药集团自主研发的高血压专利药通过了审批。\n\n"
            "（徐运平）\n\n国务院常务会议部署稳就业\n\n新华社北京1月5日电 国务院总理主持召开国务院常务会议。\n")
    pu = page_units(text)
    head, start, body = Role.HEAD, Role.START, Role.BODY
    read = [head, head, start, body, head, start, body, head, start]
    roles = repair(pu.units, read)
    assert roles == [head, start, body, body, body, body, body, head, start]
    box, story = build(pu.units, roles, pu.own_paper)
    assert box.title == "新闻速递" and box.body.startswith("中国科技馆发展基金会颁奖\n本报电")
    assert "高血压专利药在美获批上市" in box.body and story.title == "国务院常务会议部署稳就业"
    pu = page_units(text.replace("新闻速递", "科技创新成果丰硕", 1))
    assert repair(pu.units, read) == read
    pu = page_units(text.replace("新闻速递\n\n", "新闻速递\n\n本报记者 曾娥勇 顾阳\n\n", 1))  # text of its own first
    read = [head, start, head, start, body, head, start, body, head, start]
    assert repair(pu.units, read) == [head, start, body, body, body, body, body, body, head, start]


def test_the_last_key_point_above_a_lead_in_is_no_title() -> None:
    """A list of key points printed before a story's lead-in (■ … | ■ … | 新华社…电): the last
    point stands just above the lead-in but is a point like the others, not the story's title.
    A heading line there still titles the lead-in."""
    units = _units("2019“中柬文化旅游年”在金边开幕", "■ 中国歌剧舞剧院、中央歌剧院、中国残疾人艺术团献演", "■ 扩大人员往来规模",
                   "新华社金边1月30日电 2019“中柬文化旅游年”开幕式30日晚在柬埔寨首都金边举行。")
    units[1].kind = units[2].kind = HEAD
    read = [Role.HEAD, Role.START, Role.BODY, Role.BODY]
    assert repair(units, read) == read  # the points and the lead-in stay in the story the title opened
    units[1] = _units("中柬两国艺术家同台献演，观众反响热烈。")[0]
    assert repair(units, read) == [Role.HEAD, Role.START, Role.HEAD, Role.START]


def test_a_notice_heading_under_a_story_opens_a_notice() -> None:
    """更正 printed under a story's last paragraph is no subhead of it: it heads a notice."""
    story = ("平台经济扩大产业范围、促进业态创新和跨界发展，能够进一步增加优质商品和服务供给。\n\n"
             "出行用滴滴叫车、聚餐用美团订座、购物上淘宝，伴随信息技术发展，平台经济走进生活。\n\n")
    text = f"平台经济服务百姓生活（生活漫步）\n\n{story}更正\n\n本报10月7日第20版刊发的文章中，一处人名有误，特此更正，并向读者致歉。\n"
    page = parse_text(text)
    assert [(a.kind, a.title) for a in page.articles] == [("article", "平台经济服务百姓生活（生活漫步）"), ("notice", "更正")]


@pytest.mark.parametrize("head", ["征订启事", "更正", "图片报道"])
def test_a_notice_or_photo_heading_is_no_last_line_of_the_title_above(head: str) -> None:
    """On a page that prints titles after their stories, 征订启事 or 图片报道 read as the last line
    of the title above (…商标法修改 | 征订启事) heads what follows instead; a line of the title
    itself stays."""
    units = _units("商标法修改后，恶意注册商标的行为将受到更严厉的处罚。", "立法打击恶意注册商标", head,
                   "本报讯 欢迎订阅2020年人民日报，全国各地邮局均可办理。")
    read = [Role.START, Role.HEAD_AFTER, Role.HEAD_AFTER, Role.START]
    assert repair(units, read) == [Role.START, Role.HEAD_AFTER, Role.HEAD, Role.START]
    units[2] = _units("守护创新成果")[0]
    assert repair(units, read) == read


def test_a_title_under_a_jump_marker_opens_the_next_story() -> None:
    """A story ends where it jumps to another page: the short line under its 转 marker is the
    next story's title, not a subhead of the story that jumped."""
    first = ("极寒天气肆虐美国中西部\n\n本报华盛顿1月30日电 （记者 李志伟）受极地涡旋影响，美国中西部多地连日遭遇极寒天气，"
             "气温降至零下40摄氏度以下，多个州进入紧急状态。\n\n当前，如何看待气候变化在美国仍是一个具有争议性的话题，"
             "各方观点分歧明显，讨论持续升温。\n\n专家认为，极端天气事件频发，凸显各国加强合作的紧迫性。\n\n"
             "各国需要携手应对气候变化带来的挑战\n\n（转第二十一版）\n\n")
    second = ("溃坝现场的中国记者（记者手记）\n\n结束采访，离开巴西布鲁马迪纽市的溃坝事故现场，我们的心情久久不能平静。\n\n"
              "不幸发生得如此突然。1月25日，布鲁马迪纽市附近一处铁矿废料坝发生溃坝事故，大量泥浆倾泻而下。\n\n"
              "我们驱车赶到事故现场进行采访时，震耳欲聋的轰鸣声从头顶传来，救援直升机往返穿梭。\n")
    units = page_units(first + second).units
    texts = [u.text for u in units]
    marked = texts.index("各国需要携手应对气候变化带来的挑战")
    assert units[marked].to is not None and units[marked].to.page == 21
    roles = [Role.HEAD, Role.START] + [Role.BODY] * (len(units) - 2)  # a reading that runs the two stories together
    out = labeller._after_jumps(units, roles)
    assert out[marked + 1] == Role.HEAD and texts[marked + 1] == "溃坝现场的中国记者（记者手记）"
    assert out[:marked + 1] == roles[:marked + 1] and out[marked + 2:] == roles[marked + 2:]


def test_a_teaser_boxs_label_is_furniture() -> None:
    """要目 (as 导读) labels a box of teasers: it is no heading of the story above it, nor a
    kicker of the first teaser, whatever the model reads it as."""
    text = ("新春走基层\n\n本报北京2月6日电 春节期间，各地干部群众欢度佳节，城乡处处洋溢着喜庆祥和的气氛。\n\n"
            "要目\n\n全国中小企业将开展网上招聘高校毕业生活动（见第四版）\n")
    units = page_units(text).units
    texts = [u.text for u in units]
    at = texts.index("要目")
    for read in (Role.HEAD_AFTER, Role.HEAD, Role.BODY):
        roles = [Role.HEAD, Role.START] + [Role.BODY] * (len(units) - 2)
        roles[at] = read
        assert repair(units, roles)[at] == Role.FURNITURE
    page = parse_text(text)
    assert "要目" not in {a.title for a in page.articles} and "要目" not in {a.kicker for a in page.articles}


@pytest.mark.parametrize("note", ["注：以上为我国现有的17个国家级木版年画项目", "（本系列评论到此结束）",
                                  "图片均由湖南省博物馆提供", "数据来源：第七届世界军人运动会执委会", "图片来源：人民视觉"])
def test_a_note_closing_a_story_is_no_heading(note: str) -> None:
    """A note under a story (注：…), the line that ends a series or a source line (图片来源：…;
    the corpus prints 60, all in bodies) is the story's last paragraph, not the first heading
    line of the next story."""
    text = (f"年画里的中国年\n\n年画年画，无画不年。以精巧的刻刀，将历史故事、神话传说悉数雕刻。\n\n{note}\n\n"
            "与古为新，描摹美好生活（金台论道）\n\n发展到当下，传统年画普遍遭遇到了社会风俗变迁、市场急剧萎缩的困境。\n")
    units = page_units(text).units
    at = [u.text for u in units].index(note)
    roles = [Role.HEAD, Role.START, Role.BODY, Role.HEAD, Role.START][:len(units)]
    roles[at] = Role.HEAD
    assert repair(units, roles)[at] == Role.BODY


def test_a_news_box_name_read_as_a_subhead_of_the_story_above_heads_the_box() -> None:
    """医学资讯 under a story's last paragraph, read as its subhead: with an item straight under
    it (a title, then a lead-in naming no place or date) it heads the box; with text of the
    story under it, it stays what the model read."""
    story = ("推进医耗联动改革\n\n本报北京10月17日电 北京医耗联动综合改革实施半年来，取得了医患双赢的效果。\n\n")
    items = ("医学资讯\n\n公立医院满意度调查现场核查启动\n\n本报电 近日，国家卫健委委托第三方开展满意度调查现场核查。\n\n"
             "（钟艳宇）\n\n中医药国情分析调研报告发布\n\n本报电 《战略的中医药》日前由社会科学文献出版社出版。\n")
    pu = page_units(story + items)
    head, start, body = Role.HEAD, Role.START, Role.BODY
    read = [head, start, body, head, start, body, head, start]
    roles = repair(pu.units, read)
    assert roles == [head, start, head, start, body, body, body, body]
    first, box = build(pu.units, roles, pu.own_paper)
    assert first.title == "推进医耗联动改革" and box.title == "医学资讯"
    pu = page_units(story + "医学资讯\n\n专家建议，患者应在医生指导下合理用药，不可自行增减药量。\n")
    read = [head, start, body, body]
    assert repair(pu.units, read) == read


def test_the_last_line_of_a_title_printed_after_its_story_stays_with_it() -> None:
    """A title printed after its story and wrapped over lines, its last line read as the next
    story's title: that line closes the bracket the title opened, so it is the title's rest.
    Read as the model read it, the next story took that line as its title and passed its own
    on to the story after it; a next story's own title below a finished one stays its own."""
    units = [*_units("我希望能多写一点，一直写下去。王蒙说。"),
             *(Unit(HEAD, t, Para(t)) for t in ("“人民艺术家”王蒙——", "热情澎湃地书写时代书写生活（国家勋章和国家", "荣誉称号获得者）")),
             *_units("被誉为新中国羽毛球事业拓荒者的王文教回忆道。", "在得知获得这一称号后，王文教说：感谢祖国惦记着我。"),
             Unit(HEAD, "中国羽毛球走向辉煌的奠基人", Para("中国羽毛球走向辉煌的奠基人"))]
    read = [Role.START, *[Role.HEAD_AFTER] * 2, Role.HEAD, Role.START, Role.BODY, Role.HEAD_AFTER]
    roles = _wrapped_heads(units, read)
    assert roles == [Role.START, *[Role.HEAD_AFTER] * 3, Role.START, Role.BODY, Role.HEAD_AFTER]
    wang, badminton = build(units, roles)
    assert wang.title == "热情澎湃地书写时代书写生活（国家勋章和国家荣誉称号获得者）" and wang.kicker == "“人民艺术家”王蒙——"
    assert badminton.title == "中国羽毛球走向辉煌的奠基人"
    shifted = build(units, read)
    # what it mends: read so, that line headed the next story (the builder now keeps its own title below it, and
    # the line opens its body)
    assert shifted[1].title == "中国羽毛球走向辉煌的奠基人" and shifted[1].body.startswith("荣誉称号获得者）\n")
    units[2:4] = [Unit(HEAD, t, Para(t)) for t in ("热情澎湃地书写时代书写生活（国家勋章和国家荣誉称号获得者）", "羽坛宿将")]  # a title of its own under a finished one
    assert _wrapped_heads(units, read) == read


def test_a_title_between_two_stories_goes_to_the_story_whose_opening_holds_its_words() -> None:
    """A page that prints some titles before their bodies and some after: a title between two
    stories read on the wrong side goes to the side whose opening repeats its words, if it
    repeats them clearly more; nothing goes up to a story titled before its body."""
    peony = _units("第三十八届中国洛阳牡丹文化节上，洛阳隋唐城遗址植物园内牡丹花正好，游客通过直播云赏牡丹。",
                   "出洞时，可以披上外套，作为过渡，避免着凉。")
    village = _units("今年春节，河南洛阳市寇店镇舜帝庙村村民赵和长初二早晨就上班了：垃圾分类进了村。",
                     "在村里搞垃圾分类能持续吗？老赵说，村干部们下劲儿。")
    units = [*peony, Unit(HEAD, "云赏牡丹花正好", Para("云赏牡丹花正好")), *village]
    read = [Role.START, Role.BODY, Role.HEAD, Role.START, Role.BODY]
    assert _heading_sides(units, read) == [Role.START, Role.BODY, Role.HEAD_AFTER, Role.START, Role.BODY]
    first, second = build(units, _heading_sides(units, read))
    assert first.title == "云赏牡丹花正好" and first.body.startswith("第三十八届") and second.title is None
    units[2] = Unit(HEAD, "垃圾分类进了村", Para("垃圾分类进了村"))
    after = [Role.START, Role.BODY, Role.HEAD_AFTER, Role.START, Role.BODY]
    assert _heading_sides(units, after) == read
    assert _heading_sides(units, read) == read  # already on its side
    titled = [Unit(HEAD, "洛阳牡丹文化节开幕", Para("洛阳牡丹文化节开幕")), *peony, Unit(HEAD, "云赏牡丹花正好", Para("云赏牡丹花正好")), *village]
    before = [Role.HEAD, Role.START, Role.BODY, Role.HEAD, Role.START, Role.BODY]
    assert _heading_sides(titled, before) == before
    kicker = "洛阳隋唐城遗址植物园——"  # a kicker leads into its title: never cut from it, whatever its words
    units = [*peony, Unit(HEAD, kicker, Para(kicker)), Unit(HEAD, "垃圾分类进了村", Para("垃圾分类进了村")), *village]
    roles = _heading_sides(units, [Role.START, Role.BODY, Role.HEAD_AFTER, Role.HEAD_AFTER, Role.START, Role.BODY])
    assert roles[2] == roles[3]


def test_two_column_tags_in_one_run_of_heading_lines_are_two_titles() -> None:
    """No headline holds two column tags: where a run of heading lines read as the next
    story's holds two, the lines down to the first are the title of the story above, printed
    after it, unless that story has its title before it; a subtitle's dated or numbered
    brackets are no column tag."""
    above = _units("美国与伊朗之间的紧张局势持续升级，多国呼吁各方保持克制，避免局势进一步恶化。",
                   "（本报华盛顿、开罗1月5日电）")
    below = _units("■不让袭击事件影响伊朗核问题全面协议的执行", "美方的单方面军事行动违背国际关系基本准则。")
    heads = [Unit(HEAD, t, Para(t)) for t in ("美伊矛盾激化引发多方担忧（国际视点）", "单方面军事干预不得人心（钟声）")]
    units = [*above, *heads, *below]
    read = [Role.START, Role.BODY, Role.HEAD, Role.HEAD, Role.START, Role.BODY]
    mended = _tagged_titles(units, read)
    assert mended == [Role.START, Role.BODY, Role.HEAD_AFTER, Role.HEAD, Role.START, Role.BODY]
    first, second = build(units, mended)
    assert first.title == "美伊矛盾激化引发多方担忧（国际视点）" and second.title == "单方面军事干预不得人心（钟声）"
    titled = [Unit(HEAD, "中东局势", Para("中东局势")), *units]
    assert _tagged_titles(titled, [Role.HEAD, *read]) == [Role.HEAD, *read]  # the story above is titled
    numbered = [Unit(HEAD, t, Para(t)) for t in ("科技创新筑牢强国之基（人民论坛）", "——坚定我们的制度自信（15）")]
    units = [*above, *numbered, *below]
    assert _tagged_titles(units, read) == read  # a subtitle's number
    twice = [Unit(HEAD, t, Para(t)) for t in ("单方面军事干预不得人心（钟声）", "单方面军事干预不得人心（钟声）")]
    units = [*above, *twice, *below]
    assert _tagged_titles(units, read) == read  # one title printed twice
