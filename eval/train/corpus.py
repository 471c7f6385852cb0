"""Pages rendered from the People's Daily development corpus, with exact gold, split by date.

`eval/corpus/rmrb-dev.jsonl.gz` holds 2,831 real articles from 634 pages on 50 dates (see the
README beside it). One date in five (sorted, starting with the third) is kept for testing and
never used to train or tune; the rest trains the labeller. `render` prints the articles of one
real page in one of the five extraction styles of `eval/synth.py`, with that page's gold.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import regex
import synth

from baokan.parse.masthead import PAGE_CREDIT_LINE

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "rmrb-dev.jsonl.gz"
TEST_EVERY = 5  # every fifth date is a test date
TEST_OFFSET = 2

PageKey = tuple[str, int]


def load(path: Path = CORPUS) -> dict[PageKey, list[dict]]:
    """The corpus's articles by printed page (date, page), in page order."""
    pages: dict[PageKey, list[dict]] = defaultdict(list)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            pages[(row["date"], int(row["page"]))].append(row)
    for rows in pages.values():
        rows.sort(key=lambda r: r["seq"])
    return dict(sorted(pages.items()))


def split(pages: dict[PageKey, list[dict]]) -> tuple[list[PageKey], list[PageKey]]:
    """(train, test) page keys; the test pages are those of every fifth date."""
    dates = sorted({d for d, _ in pages})
    test_dates = set(dates[TEST_OFFSET::TEST_EVERY])
    train = [k for k in pages if k[0] not in test_dates]
    test = [k for k in pages if k[0] in test_dates]
    return train, test


_CAPTION = regex.compile(r"^(?P<caption>.{8,200}?[。）])\s*(?P<credit>(?:(?:本报|新华社|人民日报)?(?:记者|通讯员)?\s*)?"
                         r"\p{Han}{2,4}(?:\s\p{Han}{1,3})?\s*摄)$")


def _photos(paras: list[str], rng: random.Random) -> tuple[list[str], list[dict]]:
    """Captions printed in the body with their credit (…摄): some become photo items of their
    own, as pages print them beside the article."""
    keep, photos = [], []
    for p in paras:
        m = _CAPTION.match(p)
        if m and len(paras) > 2 and rng.random() < 0.5:
            photos.append({"kind": "photo", "kicker": None, "title": None, "subtitle": None, "dateline": None,
                           "agency": None, "authors": [], "credits": [m["credit"].strip()], "body": m["caption"]})
        else:
            keep.append(p)
    return keep, photos


DEV_OFFSET = 0  # among the train dates, every fifth from the first is kept aside for tuning


def dev_split(keys: list[PageKey]) -> tuple[list[PageKey], list[PageKey]]:
    """(fit, dev) page keys of the train dates: settings are chosen by training on `fit` and
    scoring on `dev`, so that the test dates are never used to tune."""
    dates = sorted({d for d, _ in keys})
    dev_dates = set(dates[DEV_OFFSET::TEST_EVERY])
    return [k for k in keys if k[0] not in dev_dates], [k for k in keys if k[0] in dev_dates]


def items(rows: list[dict], rng: random.Random | None = None) -> list[dict]:
    """The page's articles as page/1 item dicts (restored text: fullwidth punctuation); with
    `rng`, some captions in the body become photo items after their article."""
    out = []
    for r in rows:
        paras = [synth._fullwidth(p.strip()) for p in r.get("paragraphs") or [] if p and p.strip()]
        paras = [p for p in paras if not PAGE_CREDIT_LINE.match(p)]  # 本版制图：X, 版式设计：X: the page's furniture, no article's text
        photos: list[dict] = []
        if rng is not None:
            paras, photos = _photos(paras, rng)
        if not paras:
            continue
        heads = {k: (synth._fullwidth(r[k].strip()) if r.get(k) and r[k].strip() else None)
                 for k in ("kicker", "title", "subtitle")}
        out.append({"kind": "article", **heads, "dateline": None, "agency": None, "authors": [], "credits": [],
                    "body": "\n".join(paras)})
        out.extend(photos)
    return out


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红娥建国志文斌鹏辉宇浩凯健俊帆帅旭宁龙林欣然博雪晨阳"
_CREDIT_FORMS = ("本报记者 {}摄", "新华社记者 {}摄", "{} 摄", "本报记者 {} 摄", "{}摄（人民视觉）", "新华社发 {}摄")


def _photo_item(pages: dict[PageKey, list[dict]], rng: random.Random) -> dict | None:
    """A photo with a caption (a sentence of some other page's article) and a credit line."""
    rows = pages[rng.choice(list(pages))]
    paras = [p for r in rows for p in r.get("paragraphs") or []]
    if not paras:
        return None
    first = synth._fullwidth(rng.choice(paras).split("。")[0].strip())
    if not 10 <= len(first) <= 90:
        return None
    who = name(rng)  # (drawn before the credit's form, as ever, so that the same seed prints the same pages)
    credit = rng.choice(_CREDIT_FORMS).format(who)
    caption = first + "。" if rng.random() < 0.8 else "图片报道 " + first + "。"
    return {"kind": "photo", "kicker": None, "title": None, "subtitle": None, "dateline": None, "agency": None,
            "authors": [], "credits": [credit], "body": caption}


LOCAL_RATE = 0.35  # pages printed in a local paper's house style (`local_style`)
UNTITLED_RATE = 0.5  # of a local page's short articles with a lead-in, printed as untitled briefs
_RMRB_LEAD = regex.compile(r"^本报\p{Han}{1,10}?(?:\d{1,2}月\d{1,2}日)?电(?=（|\s|\p{Han}|\d)")
_REPORTERS = regex.compile(r"^\s*（([^（）]{2,40})）")  # People's Daily prints a space after 电
_BYLINE_FORMS = ("□ 本报记者 {a}", "本报记者 {a}", "本报记者 {a} {b}", "■ 本报记者 {a} 通讯员 {b}", "记者 {a}",
                 "□ 本报通讯员 {a}", "本报记者 {a} 本报通讯员 {b}", "◇ 记者 {a} {b}")
_REPORTER_FORMS = ("（记者 {a}）", "（记者 {a} {b}）", "（记者 {a} 通讯员 {b}）", "（通讯员 {a}）", "（记者{a}）")


def name(rng: random.Random) -> str:
    """A made-up Chinese personal name (for bylines, credits and 责任编辑 lines)."""
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def local_style(arts: list[dict], rng: random.Random) -> None:
    """Reprint a page's articles as a local paper does: the paper's own lead-ins read
    本报讯（记者 X）or 本报北京3月5日讯 instead of 本报北京3月5日电（记者 X）; some articles
    without a lead-in open with a byline line of their own (□ 本报记者 X); some short ones are
    untitled briefs that only their lead-in opens. People's Daily prints none of these; most
    other papers do."""
    for a in arts:
        if a["kind"] != "article":
            continue
        paras = a["body"].split("\n")
        m = _RMRB_LEAD.match(paras[0])
        if m and rng.random() < 0.85:
            rest = paras[0][m.end():]
            if not _REPORTERS.match(rest) and rng.random() < 0.6:
                rest = rng.choice(_REPORTER_FORMS).format(a=name(rng), b=name(rng)) + rest
            head = paras[0][:m.end()]
            paras[0] = (head[:-1] + "讯" if rng.random() < 0.3 else "本报讯") + rest  # 本报太原3月29日讯, or 本报讯
            if len(paras) <= 4 and rng.random() < UNTITLED_RATE:  # a brief: its lead-in is all that opens it
                a.update(kicker=None, title=None, subtitle=None)
        elif not m and not paras[0].startswith(("新华社", "据")) and len(paras) >= 2 and rng.random() < 0.35:
            paras.insert(0, rng.choice(_BYLINE_FORMS).format(a=name(rng), b=name(rng)))
        a["body"] = "\n".join(paras)


TEASER_RATE = 0.2  # pages that carry teasers (导读) for articles of the other pages


def _teasers(pages: dict[PageKey, list[dict]], key: PageKey, rng: random.Random) -> list[dict]:
    """One to three teaser items: titles (with a subtitle, sometimes) of articles printed on
    other pages of the same date, as a front page's 导读 box lists them."""
    others = [r for k, rows in pages.items() if k[0] == key[0] and k != key for r in rows if r.get("title")]
    out = []
    for r in rng.sample(others, min(len(others), rng.choice((1, 1, 2, 3)))):
        title = synth._fullwidth(r["title"].strip())
        sub = r.get("subtitle") if rng.random() < 0.3 else None
        sub = synth._fullwidth(sub.strip()) if sub and sub.strip() else None
        out.append({"kind": "teaser", "kicker": None, "title": title, "subtitle": sub, "dateline": None,
                    "agency": None, "authors": [], "credits": [], "body": "\n".join(x for x in (title, sub) if x)})
    return out


def render(pages: dict[PageKey, list[dict]], keys: list[PageKey], seed: int,
           styles: tuple[str, ...] = synth.STYLES) -> Iterator[tuple[str, str, dict]]:
    """(name, text, gold) for each page key, styles cycling; deterministic for a seed."""
    for i, key in enumerate(keys):
        style = styles[i % len(styles)]
        rng = random.Random(f"baokan-rmrb:{seed}:{key[0]}:{key[1]}:{style}")
        name = f"rmrb_{key[0]}_{key[1]:02d}_{style}"
        arts = items(pages[key], rng)
        if not arts:
            continue
        local = random.Random(f"baokan-local:{seed}:{key[0]}:{key[1]}:{style}")  # its own draws: the rest stays as it was
        if local.random() < LOCAL_RATE:
            local_style(arts, local)
        # (not over titles printed after their bodies: a 导读 box of titles misleads that page's orientation)
        if style != "title_after" and local.random() < TEASER_RATE:
            at = local.choice((0, len(arts)))
            arts[at:at] = _teasers(pages, key, local)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            photo = _photo_item(pages, rng)
            if photo is not None:
                arts.insert(rng.randrange(len(arts) + 1), photo)
        text, gold = synth.render_page(arts, style, rng, name=name)
        if gold.get("paper") and rng.random() < 0.7:  # the corpus's own paper in its masthead
            text = text.replace(gold["paper"], key_paper(pages[key]))
            gold["paper"] = key_paper(pages[key])
        yield name, text, gold


def render_tiny(pages: dict[PageKey, list[dict]], keys: list[PageKey], seed: int) -> Iterator[tuple[str, str, dict]]:
    """Small pages (one or two articles of a few paragraphs, the first sometimes without its
    headings, as a continued part prints), so that the labeller also knows short contexts."""
    for i, key in enumerate(keys):
        rng = random.Random(f"baokan-rmrb-tiny:{seed}:{key[0]}:{key[1]}")
        if rng.random() >= 0.6:
            continue
        style = synth.STYLES[i % len(synth.STYLES)]
        arts = [a for a in items(pages[key], rng) if a["kind"] == "article"][: rng.choice((1, 1, 2))]
        if not arts:
            continue
        local = random.Random(f"baokan-local-tiny:{seed}:{key[0]}:{key[1]}")
        if local.random() < LOCAL_RATE:
            local_style(arts, local)
        for a in arts:
            a["body"] = "\n".join(a["body"].split("\n")[: rng.randint(1, 3)])
        if rng.random() < 0.3:
            arts[0].update(kicker=None, title=None, subtitle=None)
        text, gold = synth.render_page(arts, style, rng, name=f"rmrb_tiny_{key[0]}_{key[1]:02d}_{style}")
        yield gold["source"][:-4], text, gold


def key_paper(rows: list[dict]) -> str:
    return rows[0].get("paper") or "人民日报"
