"""An independent renderer of newspaper test pages, with exact `baokan.page/1` gold.

It prints the articles of one real People's Daily page (eval/corpus, via `corpus.load()`) the way
PDF-to-text and PDF-to-markdown converters print real e-paper pages (eval/pages/*.txt), and gives
the page's gold as eval/FORMAT.md defines it. It was written from those real pages and FORMAT.md
only, without reading the project's own renderer or parser, so that scoring the parser on its
pages measures how well the parser generalises to a printer it was not developed against.

Content (the same for every style; decided by `_plan`):
  * masthead on page 1 (about 2 in 3): paper name (人民日报 mostly, sometimes 光明日报, 经济日报,
    南方日报, 北京日报), date (2019年2月1日 / 二〇一九年二月一日 / "2019年2月" + "1" on separate lines),
    星期, 农历, issue number, CN number, 今日N版, website, publisher; one line or many lines.
  * running heads on other pages ("第3版：要闻", "要闻 3", "2019年2月1日 星期五 人民日报 3 要闻" ...),
    责任编辑 / 本版责编 / 版式设计 lines at the top, bottom or between articles.
  * articles: kicker / title / subtitle as the corpus row gives them; the lead-in may be re-written
    in another paper's convention (本报讯（记者 X 通讯员 Y）, 本报太原3月28日讯, 据新华社…电); bylines
    (□ 本报记者 X, 本报记者 X Y, （本报记者 X）) may be added at the start or the end.
  * jumps: a long article may be cut (at a paragraph end or inside one) and print a 下转 marker in
    one of many forms (（下转第四版） (下转第四版) 下转第六版 （下转 13 版） （转第二版）), or only its
    tail may be printed behind an 上接 marker (（上接第一版） (上接3版) （紧接第一版）), on its own line or
    run into the text. Rarely an article just stops without a marker.
  * photos: corpus photo rows (caption + "新华社记者 X摄"), captions borrowed from other pages of the
    same key list, sometimes grouped under 图片报道; teasers (导读) for articles on other pages of the
    same date with pointers (刊3版▶, 见第三版, 详见5版, 见2-3版 ...); now and then a notice (启事/更正).

Styles (how the page is printed; every one varies widely, see the `_opts_*` functions):
  clean        paragraph per line, with or without blank lines, optional 　　 indents; headline
               lines sometimes joined into one line ("kicker title subtitle") or wrapped over 2-3
               lines; paragraphs now and then cut by a column break (blank line inside a paragraph).
  wrapped      hard-wrapped narrow columns (8-40 characters, ASCII counting half), blank lines at
               column breaks (every 12-60 lines, even inside a paragraph), with or without blank
               lines between paragraphs, spaces around digits ("11月 30日电 12 月 1"), letter-spaced
               justified lines ("李 干 杰 、 何 立 峰"), spaces around （）.
  markdown     PDF-to-markdown: "#"/"##"/"###" headings, **bold** kickers, subtitles and subheads,
               hard breaks "  ", halfwidth punctuation (", ( ) :"), image placeholders
               (<!-- image -->, ![](...)), "» 导读" teaser boxes, masthead as lines or a table;
               now and then a heading that the converter lost (then gold has no headline).
  title_after  blocks in converter order: an article's headline printed after its body (and after
               its 下转 marker), wrapped or one line per paragraph; photo credits before or after the
               caption; a teaser pointer run into the following line ("见2-3版大同：…").
  noisy        clean or wrapped, plus fake-bold doubled glyphs in headlines, captions, credits and
               the paper name (run-wise "现场现场。。 杨政杨政 摄摄" or glyph-wise "习习近近平平"),
               tails of articles printed two or three times, an article's tail printed before its
               headline, a photo printed between two paragraphs, stray spaces, partly halfwidth
               punctuation.
The gold never holds the noise: bodies are the printed paragraphs joined by "\\n" (lead-ins and
bylines kept, jump markers, doubled glyphs, repeats, markdown marks and furniture left out).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator

STYLES = ("clean", "wrapped", "markdown", "title_after", "noisy")

# ----------------------------------------------------------------------------- constants

PAPERS = {
    "人民日报": dict(en="RENMIN RIBAO", org="中国共产党中央委员会机关报", cn="CN11-0065", code="代号1-1",
                 web="www.people.com.cn", pub="人民日报社", base=25000),
    "光明日报": dict(en="GUANGMING DAILY", org="", cn="CN11-0026", code="代号1-16",
                 web="www.gmw.cn", pub="光明日报社", base=24800),
    "经济日报": dict(en="ECONOMIC DAILY", org="", cn="CN11-0014", code="代号1-37",
                 web="www.ce.cn", pub="经济日报社", base=12900),
    "南方日报": dict(en="NANFANG DAILY", org="中共广东省委机关报", cn="CN44-0001", code="代号45-1",
                 web="www.southcn.com", pub="南方日报社", base=31500),
    "北京日报": dict(en="BEIJING DAILY", org="中共北京市委机关报", cn="CN11-0091", code="代号1-2",
                 web="www.bjd.com.cn", pub="北京日报社", base=22700),
}
PAGE_NAMES = {1: "要闻", 2: "要闻", 3: "要闻", 4: "要闻", 5: "评论", 6: "经济", 7: "政治", 8: "社会",
              9: "理论", 10: "经济", 11: "文化", 12: "科技", 13: "综合", 14: "生态", 15: "体育",
              16: "国际", 17: "国际", 18: "视点", 19: "教育", 20: "副刊"}
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
CN_DIGITS = "〇一二三四五六七八九"
# first day of each lunar month (Beijing time) around the corpus dates: (date, year, month)
LUNAR_MONTHS = [("2019-01-06", "戊戌", "腊月"), ("2019-02-05", "己亥", "正月"), ("2019-03-07", "己亥", "二月"),
                ("2019-04-05", "己亥", "三月"), ("2019-05-05", "己亥", "四月"), ("2019-06-03", "己亥", "五月"),
                ("2019-07-03", "己亥", "六月"), ("2019-08-01", "己亥", "七月"), ("2019-08-30", "己亥", "八月"),
                ("2019-09-29", "己亥", "九月"), ("2019-10-28", "己亥", "十月"), ("2019-11-26", "己亥", "冬月"),
                ("2019-12-26", "己亥", "腊月"), ("2020-01-25", "庚子", "正月"), ("2020-02-23", "庚子", "二月"),
                ("2020-03-24", "庚子", "三月"), ("2020-04-23", "庚子", "四月"), ("2020-05-23", "庚子", "闰四月"),
                ("2020-06-21", "庚子", "五月")]
FALLBACK_NAMES = ["李雪峰", "韩云峰", "张彩峰", "王明", "刘刚", "赵丽", "孙立极", "陈晓星", "吴华", "潘红"]

ORGS = "新华社|本报|中新社|人民日报|人民网|央视网|光明日报|经济日报|南方日报|北京日报|山西日报"
LEAD = re.compile(rf"^(?P<dl>据?(?:{ORGS})[\u4e00-\u9fff、·]{{0,12}}?(?:\d{{1,2}}月\d{{1,2}}日)?[电讯])"
                  rf"(?=[\s（(]|$)(?:\s*[（(](?P<who>[^）)]{{1,60}})[）)])?\s*")
END_DATELINE = re.compile(rf"^[（(](?P<dl>据?(?:{ORGS})[^）)]{{0,20}}?[电讯])(?:\s*(?P<who>记者[^）)]+))?[）)]$")
END_AUTHORS = re.compile(r"^[（(](?:本报|新华社)?记者\s*(?P<who>[^）)]{2,60}?)(?:整理|采写)?[）)]$")
CREDIT = re.compile(r"^(?:(?:本报|新华社|人民网|中新社|人民日报)?(?:特约)?(?:记者|通讯员)?\s*)?"
                    r"[\u4e00-\u9fff]{1,4}(?:\s[\u4e00-\u9fff]{1,3})?\s*(?:文/)?摄$")
FURNITURE = re.compile(r"^(本版责编|责任编辑|本版编辑|版式设计|本版制图|美术编辑)[：:]")
SUBHEAD = re.compile(r"^[^。！？”]{2,28}$")
ROLES = re.compile(r"(本报|新华社|山西日报|人民日报)?(特约|见习|实习)?(记者|通讯员|实习生)")
HAN = re.compile(r"[\u4e00-\u9fff]")
ASCII_RUN = re.compile(r"[A-Za-z0-9.%+\-/]+")
HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
CLOSERS = set("，。、；：！？）》」』”’…—")
OPENERS = set("（《「『“‘")


def cn_num(n: int) -> str:
    """4 -> 四, 13 -> 十三, 20 -> 二十 (as 版 numbers are printed)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def lunar(date: dt.date) -> str | None:
    prev = None
    for day, year, month in LUNAR_MONTHS:
        if dt.date.fromisoformat(day) > date:
            break
        prev = (dt.date.fromisoformat(day), year, month)
    if prev is None or (date - prev[0]).days > 30:
        return None
    d = (date - prev[0]).days + 1
    day = "初" + cn_num(d) if d <= 10 else ("廿" + CN_DIGITS[d - 20] if 20 < d < 30 else cn_num(d))
    return f"农历{prev[1]}年{prev[2]}{day}"


def split_names(who: str) -> list[str]:
    """Reporters' names in a lead-in parenthesis or byline: roles dropped, 刘 刚 padding undone."""
    names = []
    for part in re.split(r"[、，,;；|]", ROLES.sub("|", who)):
        toks, i = part.split(), 0
        while i < len(toks):
            if len(toks[i]) == 1 and i + 1 < len(toks) and len(toks[i + 1]) == 1:
                names.append(toks[i] + toks[i + 1])
                i += 2
            else:
                names.append(toks[i])
                i += 1
    return [n for n in names if 2 <= len(n) <= 5 and all(HAN.match(c) for c in n)]


def pad(name: str, rng: random.Random) -> str:
    """People's Daily pads two-character names in bylines: 刘刚 -> 刘 刚."""
    return f"{name[0]} {name[1]}" if len(name) == 2 and rng.random() < 0.5 else name


# ----------------------------------------------------------------------------- items


class Item:
    """One gold item and how it is to be printed."""

    def __init__(self, kind: str, paras: list[str], kicker=None, title=None, subtitle=None, credits=None):
        self.kind, self.paras = kind, list(paras)
        self.kicker, self.title, self.subtitle = kicker, title, subtitle
        self.credits = list(credits or [])
        self.authors: list[str] = []
        self.dateline = self.agency = None
        self.cont_to = self.cont_from = None
        self.to_marker = self.from_marker = None
        self.head_printed = True
        self.pointer = None  # teaser pointer text (刊3版▶)

    def derive(self) -> None:
        """dateline / agency / authors from the printed text (FORMAT.md rules)."""
        if self.kind == "photo":
            m = re.match(r"(新华社|本报|人民网|中新社|人民日报|山西日报)", self.credits[0] if self.credits else "")
            self.agency = m.group(1) if m else None
            return
        if self.kind != "article" or not self.paras:
            return
        for p in self.paras[:5]:
            m = LEAD.match(p)
            if m:
                self.dateline = m.group("dl")
                self.authors += split_names(m.group("who") or "")
                break
            bm = re.match(r"^[□■◎●]?\s*(本报|新华社)(?:特约)?记者\s*(.*)$", p)
            if bm and len(p) < 40:
                self.agency = self.agency or bm.group(1)
                self.authors += split_names(bm.group(2))
        last = self.paras[-1]
        m = END_DATELINE.match(last)
        if m:
            self.dateline = self.dateline or m.group("dl")
            self.authors += split_names(m.group("who") or "")
        m = END_AUTHORS.match(last)
        if m and "作者" not in last:
            self.authors += split_names(m.group("who"))
            self.agency = self.agency or ("新华社" if "新华社" in last else "本报")
        if self.dateline:
            m = re.match(rf"据?({ORGS})", self.dateline)
            self.agency = "本报" if m.group(1) in ("本报",) else m.group(1)
        self.authors = list(dict.fromkeys(self.authors))

    def gold(self) -> dict:
        return {"kind": self.kind, "kicker": self.kicker if self.head_printed else None,
                "title": self.title if self.head_printed else None,
                "subtitle": self.subtitle if self.head_printed else None,
                "dateline": self.dateline, "agency": self.agency, "authors": self.authors,
                "credits": self.credits, "body": "\n".join(self.paras),
                "continued_to": self.cont_to, "continued_from": self.cont_from}


class Pool:
    """Material shared by the pages of one key list: reporters' names, photos, titles by date."""

    def __init__(self, pages: dict, keys: list):
        names, photos = [], {}
        for key in keys:
            for row in pages[key]:
                m = LEAD.match(row["paragraphs"][0]) if row["paragraphs"] else None
                if m and m.group("who"):
                    names += split_names(m.group("who"))
                if _is_photo(row):
                    photos.setdefault(key[0], []).append(row)
        self.names = sorted(set(names)) or FALLBACK_NAMES
        self.photos = photos
        self.used: set[str] = set()  # photos already borrowed by a page
        self.by_date: dict[str, list[tuple[int, dict]]] = {}
        for (date, page), rows in pages.items():
            for row in rows:
                self.by_date.setdefault(date, []).append((page, row))


def _is_photo(row: dict) -> bool:
    ps = row["paragraphs"]
    return len(ps) <= 3 and any(CREDIT.match(p) for p in ps) and not CREDIT.match(ps[0])


def _item(row: dict) -> tuple[Item, list[str]]:
    """A corpus row as an item; trailing page furniture (本版制图：…) comes back separately."""
    paras, furniture = list(row["paragraphs"]), []
    while paras and FURNITURE.match(paras[-1]):
        furniture.insert(0, paras.pop())
    if _is_photo(row):
        credits = [p for p in paras if CREDIT.match(p)]
        it = Item("photo", [p for p in paras if not CREDIT.match(p)], title=row["title"], credits=credits)
    else:
        it = Item("article", paras, row["kicker"], row["title"], row["subtitle"])
    return it, furniture


# ----------------------------------------------------------------------------- planning


class Page:
    def __init__(self, key):
        self.date, self.page = key
        self.paper = self.gdate = self.gpage = self.page_name = None
        self.edition: dict = {}
        self.mast: list[str] = []       # masthead lines ("" = blank line)
        self.runhead: str | None = None
        self.editors: list[str] = []
        self.editor_pos = "bottom"
        self.items: list[Item] = []
        self.teaser_label = None
        self.photo_label_at: int | None = None


def _cut(text: str, rng: random.Random, lo=0.3, hi=0.8) -> int:
    """A place to cut a paragraph: after a comma if there is one in range, else anywhere."""
    a, b = int(len(text) * lo), int(len(text) * hi)
    commas = [i + 1 for i, c in enumerate(text) if c in "，、；" and a <= i < b]
    pos = rng.choice(commas) if commas and rng.random() < 0.7 else rng.randint(max(a, 1), max(b, 2))
    while 0 < pos < len(text) and (text[pos] in CLOSERS or (text[pos - 1].isascii() and text[pos].isascii()
                                                             and text[pos].isalnum())):
        pos += 1
    return min(pos, len(text) - 1)


def _to_marker(n: int, rng: random.Random) -> str:
    return rng.choice([f"（下转第{cn_num(n)}版）", f"（下转第{cn_num(n)}版）", f"(下转第{cn_num(n)}版)",
                       f"下转第{cn_num(n)}版", f"（下转 {n} 版）", f"（转第{cn_num(n)}版）", f"（下转第{n}版）",
                       f"（下转{n}版）", f"(转{n}版)"])


def _from_marker(n: int, rng: random.Random) -> str:
    return rng.choice([f"（上接第{cn_num(n)}版）", f"（上接第{cn_num(n)}版）", f"(上接{n}版)",
                       f"（紧接第{cn_num(n)}版）", f"上接第{cn_num(n)}版", f"（上接 {n} 版）", f"(上接第{n}版)"])


def _masthead(pg: Page, paper: str, rng: random.Random, n_pages: int) -> None:
    info, date = PAPERS[paper], dt.date.fromisoformat(pg.date)
    pg.paper, pg.gdate, pg.gpage = paper, pg.date, 1
    wd = WEEKDAYS[date.weekday()]
    issue = info["base"] + (date - dt.date(2019, 1, 1)).days
    count = max(n_pages, rng.choice([8, 12, 16, 20, 24]))
    lun = lunar(date)
    one_line = rng.random() < 0.25
    if rng.random() < 0.3:
        ymd = "二〇" + "".join(CN_DIGITS[int(c)] for c in str(date.year)[2:]) + f"年{cn_num(date.month)}月"
        ymd += ("十" if date.day == 10 else cn_num(date.day)) + "日"
        dparts = [ymd]
    elif rng.random() < 0.35 and not one_line:
        dparts = [f"{date.year}年{date.month}月", "", str(date.day)]
    else:
        dparts = [f"{date.year}年{date.month}月{date.day}日"]
    fields = [("paper", [paper]), ("en", [info["en"]])]
    if info["org"]:
        fields.append(("org", [info["org"]]))
    fields.append(("date", dparts))
    opt = [("weekday", [wd]), ("lunar", [lun] if lun else []), ("issue_no", [rng.choice([f"第{issue}期", f"(第{issue}号)", f"第{issue}号"])]),
           ("cn", [rng.choice([f"国内统一连续出版物号 {info['cn']}", f"国内统一刊号：{info['cn']}", info["cn"]])]),
           ("page_count", [rng.choice([f"今日{count}版", f"今日{cn_num(count)}版", f"本期{count}版"])]),
           ("code", [info["code"]]), ("website", [rng.choice([f"网址：{info['web']}", info["web"], f"人民网网址：{info['web']}"]
                                                              if paper == "人民日报" else [info["web"]])]),
           ("publisher", [f"{info['pub']}出版"])]
    for name, lines in opt:
        if lines and rng.random() < 0.7:
            fields.append((name, lines))
    if rng.random() < 0.4 and not one_line:
        head, tail = fields[:2], fields[2:]
        rng.shuffle(tail)
        fields = head + tail
    for name, lines in fields:
        value = lines[0]
        if name == "weekday":
            pg.edition["weekday"] = wd
        elif name == "lunar":
            pg.edition["lunar"] = lun
        elif name == "issue_no":
            pg.edition["issue_no"] = issue
        elif name == "cn":
            pg.edition["cn"] = info["cn"]
        elif name == "page_count":
            pg.edition["page_count"] = count
        elif name == "website":
            pg.edition["website"] = info["web"]
        elif name == "publisher":
            pg.edition["publisher"] = info["pub"]
        elif name == "en" and rng.random() < 0.5:
            continue
        pg.mast.append(value if len(lines) == 1 else "\n".join(lines))
    if one_line:  # all on one line (as some converters print a header band)
        pg.mast = [" ".join(pg.mast)]


def _runhead(pg: Page, paper: str, rng: random.Random) -> None:
    date = dt.date.fromisoformat(pg.date)
    n, name = pg.page, PAGE_NAMES.get(pg.page, "综合")
    d = f"{date.year}年{date.month}月{date.day}日"
    wd = WEEKDAYS[date.weekday()]
    forms = [(f"第{n}版：{name}", "pn"), (f"{name} {n}", "pn"), (f"{n} {name}", "pn"), (f"第{n}版", "p"),
             (f"{d} {wd}  {paper}  {n}  {name}", "dwPpn"), (f"{paper} {d} 第{n}版 {name}", "Pdpn"),
             (f"{name}\n{d} {wd}\n{n}", "pndw"), (f"{paper}\n{n}\n{name}", "Ppn")]
    text, has = rng.choice(forms)
    pg.runhead, pg.gpage = text, n
    if "n" in has:
        pg.page_name = name
    if "d" in has:
        pg.gdate = pg.date
    if "P" in has:
        pg.paper = paper
    if "w" in has:
        pg.edition["weekday"] = wd


def _byline(it: Item, pool: Pool, rng: random.Random) -> None:
    names = rng.sample(pool.names, min(len(pool.names), rng.choice([1, 1, 2, 3])))
    helper = rng.choice(pool.names)
    printed = "  ".join(pad(n, rng) for n in names) if rng.random() < 0.5 else " ".join(names)
    forms = [f"□ 本报记者 {printed}", f"本报记者 {printed}", f"■本报记者 {printed} 通讯员 {helper}",
             f"□ 本报记者 {printed} 本报通讯员 {helper}", f"新华社记者 {printed}", f"◎ 本报记者 {printed}"]
    text = rng.choice(forms)
    if it.cont_to is None and (rng.random() < 0.3 or it.cont_from is not None):
        it.paras.append(f"（本报记者 {printed}）" if rng.random() < 0.6 else f"（记者 {printed}）")
    elif it.cont_from is None:
        it.paras.insert(0, text)
        names += [helper] if "通讯员" in text else []
    else:
        return
    it.authors = list(dict.fromkeys(names))


def _relead(it: Item, pool: Pool, rng: random.Random) -> None:
    """Re-write a lead-in in another paper's convention (本报讯（记者 X 通讯员 Y）, 据新华社…电)."""
    m = LEAD.match(it.paras[0])
    if not m:
        return
    dl, who = m.group("dl"), m.group("who")
    rest = it.paras[0][m.end():]
    names = split_names(who or "")
    if dl.startswith("本报"):
        place = re.match(r"本报([\u4e00-\u9fff、·]*?)(\d+月\d+日)?电", dl)
        if not place:
            return
        helper = rng.choice(pool.names)
        names_txt = " ".join(names) if names else rng.choice(pool.names)
        whos = [f"记者 {names_txt}", f"记者 {names_txt} 通讯员 {helper}", f"记者{names_txt}"]
        new_dl = rng.choice(["本报讯", "本报讯", f"本报{place.group(1)}{place.group(2) or ''}讯"])
        lead = new_dl + rng.choice(["", " "]) + "（" + rng.choice(whos) + "）"
        if rng.random() < 0.3:
            lead = lead.replace("（", "(").replace("）", ")")
        it.paras[0] = lead + rest
    elif dl.startswith("新华社"):
        it.paras[0] = "据" + it.paras[0]


def _plan(pages: dict, key, rng: random.Random, pool: Pool) -> Page:
    pg = Page(key)
    date, page = key
    paper = "人民日报" if rng.random() < 0.7 else rng.choice(["光明日报", "经济日报", "南方日报", "北京日报"])
    local = paper in ("南方日报", "北京日报")
    n_pages = max(p for d, p in pages if d == date)
    if page == 1 and rng.random() < 0.67:
        _masthead(pg, paper, rng, n_pages)
    elif page != 1 and rng.random() < 0.6:
        _runhead(pg, paper, rng)
    furniture = []
    for row in pages[key]:
        it, furn = _item(row)
        furniture += furn
        if not it.paras:
            continue
        if it.kind == "article" and (local or rng.random() < 0.1) and rng.random() < 0.6:
            _relead(it, pool, rng)
        pg.items.append(it)
    # jumps: cut a long article (下转) or print only its tail (上接)
    longs = [it for it in pg.items if it.kind == "article" and len(it.paras) >= 5]
    rng.shuffle(longs)
    modes = ["to"] if page == 1 else ["from", "to"]
    chosen = [m for m in modes if rng.random() < (0.6 if m == "to" and page == 1 else 0.35)]
    for it, mode in zip(longs, chosen, strict=False):
        k = rng.randint(2, max(2, len(it.paras) - 2))
        mid = rng.random() < 0.45
        if mode == "to":
            it.cont_to = page + rng.choice([1, 2, 2, 3, 4, 5, 8, 12])
            it.to_marker = _to_marker(it.cont_to, rng)
            keep = it.paras[:k]
            if mid:
                p = it.paras[k]
                keep.append(p[:_cut(p, rng)])
            it.paras = keep
        else:
            it.cont_from = rng.randint(1, page - 1)
            it.from_marker = _from_marker(it.cont_from, rng)
            tail = it.paras[k:]
            if mid:
                p = it.paras[k - 1]
                tail.insert(0, p[_cut(p, rng):])
            it.paras = tail
            it.head_printed = rng.random() < 0.25
    for it in pg.items:
        if it.kind == "article" and not LEAD.match(it.paras[0]) and rng.random() < 0.3 and len(it.paras) > 2:
            _byline(it, pool, rng)
    if rng.random() < 0.04:  # an article that just stops (its jump marker was lost)
        cands = [it for it in pg.items if it.kind == "article" and it.cont_to is None and len(it.paras[-1]) > 40]
        if cands:
            it = rng.choice(cands)
            it.paras[-1] = it.paras[-1][:_cut(it.paras[-1], rng)]
    # extra photos borrowed from the key list
    own = {r["title"] + r["paragraphs"][0] for r in pages[key]}
    cands = [r for d in sorted(pool.photos) for r in pool.photos[d]
             if r["paragraphs"][0] not in pool.used and r["title"] + r["paragraphs"][0] not in own]
    same_day = [r for r in cands if r["date"] == date]
    if cands and rng.random() < 0.35:
        for row in rng.sample(same_day or cands, min(len(same_day or cands), rng.choice([1, 1, 2, 3]))):
            pool.used.add(row["paragraphs"][0])
            paras = [p for p in row["paragraphs"] if not CREDIT.match(p)]
            credits = [p for p in row["paragraphs"] if CREDIT.match(p)]
            it = Item("photo", ["".join(paras)] if rng.random() < 0.5 else paras, credits=credits)
            pg.items.insert(rng.randint(0, len(pg.items)), it)
    photos = [i for i, it in enumerate(pg.items) if it.kind == "photo"]
    if len(photos) >= 2 and rng.random() < 0.4:  # 图片报道: group the photos together
        group = [pg.items[i] for i in photos]
        rest = [it for it in pg.items if it.kind != "photo"]
        at = rng.randint(0, len(rest))
        pg.items = rest[:at] + group + rest[at:]
        pg.photo_label_at = at
    # teasers (导读) on page 1, sometimes elsewhere
    others = [(p, r) for p, r in pool.by_date.get(date, []) if p != page and not _is_photo(r) and len(r["title"]) <= 40]
    if others and rng.random() < (0.6 if page == 1 else 0.08):
        teasers = []
        for p, r in rng.sample(others, min(len(others), rng.choice([1, 2, 3]))):
            it = Item("teaser", [], title=r["title"])
            if r["subtitle"] and rng.random() < 0.3:
                it.subtitle = r["subtitle"]
            it.paras = [x for x in (it.title, it.subtitle) if x]
            span = f"{p}-{p + 1}" if rng.random() < 0.15 else str(p)
            it.pointer = rng.choice([f"刊{span}版▶", f"（见第{cn_num(p)}版）", f"详见{span}版", f"见{span}版",
                                     f"→{span}版", f"（第{span}版）", f"▶{span}版"])
            teasers.append(it)
        pg.teaser_label = rng.choice([None, "导读", "今日导读", "本期导读", "要目"])
        at = 0 if rng.random() < 0.5 else len(pg.items)
        pg.items[at:at] = teasers
    if rng.random() < 0.06:
        pg.items.insert(rng.randint(0, len(pg.items)), _notice(pg, paper, rng))
    # page furniture: editors' lines
    editors = []
    if rng.random() < 0.55:
        names = " ".join(pad(n, rng) for n in rng.sample(pool.names, min(len(pool.names), rng.choice([1, 2, 3]))))
        editors.append(rng.choice(["本版责编：", "责任编辑：", "本版编辑：", "责编："]) + names)
        if rng.random() < 0.4:
            editors.append(rng.choice(["版式设计：", "美术编辑：", "本版制图："]) + pad(rng.choice(pool.names), rng))
    pg.editors = editors + furniture
    pg.editor_pos = rng.choice(["top", "bottom", "bottom", "middle"])
    for it in pg.items:
        it.derive()
    return pg


def _notice(pg: Page, paper: str, rng: random.Random) -> Item:
    date = dt.date.fromisoformat(pg.date)
    forms = [("征订启事", [f"{date.year + 1}年度《{paper}》征订工作已经开始，欢迎广大读者到当地邮局订阅，"
                       f"邮发{PAPERS[paper]['code']}，订阅热线：11185。", f"{PAPERS[paper]['pub']}发行部"]),
             ("更正", [f"本报{date.month}月{max(date.day - 2, 1)}日第{pg.page + 1}版刊发的文章中，"
                     "一处人名有误，特此更正，并向读者致歉。"]),
             ("启事", ["本报即日起开设读者来信专栏，欢迎广大读者来信来稿，反映身边新变化、新气象，"
                     "来稿请注明真实姓名和联系方式。", f"{PAPERS[paper]['pub']}总编室"])]
    title, paras = rng.choice(forms)
    return Item("notice", paras, title=title)


# ----------------------------------------------------------------------------- printing helpers


def _w(ch: str) -> float:
    return 0.5 if ch.isascii() else 1.0


def wrap(text: str, width: int) -> list[str]:
    """Hard wrap as a narrow column: no line starts with closing punctuation, ASCII runs kept whole."""
    tokens = []
    i = 0
    while i < len(text):
        m = ASCII_RUN.match(text, i)
        j = m.end() if m and m.end() > i else i + 1
        tokens.append(text[i:j])
        i = j
    lines, cur, w = [], "", 0.0
    for tok in tokens:
        tw = sum(_w(c) for c in tok)
        if cur and w + tw > width and tok[0] not in CLOSERS:
            carry = ""
            while cur and cur[-1] in OPENERS:  # no line ends with an opening bracket or quote
                carry, cur = cur[-1] + carry, cur[:-1]
            if cur:
                lines.append(cur)
            cur, w = carry, float(len(carry))
        cur += tok
        w += tw
    if cur:
        lines.append(cur)
    return lines


def double_runs(text: str) -> str:
    """Fake bold as extracted run by run: 现场。 杨政 摄 -> 现场现场。。 杨政杨政 摄摄."""
    return "".join(r + r if r.strip() else r for r in re.findall(r"\s+|[\u4e00-\u9fff\w“”《》·]+|[^\s\u4e00-\u9fff\w]+", text))


def double_glyphs(text: str) -> str:
    return "".join(c if c.isspace() else c + c for c in text)


def digit_spaces(text: str, rng: random.Random, p: float) -> str:
    """Spaces where CJK meets digits, as PDF extractors print them ("11月 30日电 12 月 1")."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[0-9])|(?<=[0-9])(?=[\u4e00-\u9fff])",
                  lambda m: " " if rng.random() < p else "", text)


def stray_spaces(text: str, rng: random.Random, p: float) -> str:
    return "".join(c + (" " if rng.random() < p and HAN.match(c) else "") for c in text).rstrip()


def letter_space(line: str) -> str:
    return " ".join(line)


def split_title(title: str, rng: random.Random) -> list[str]:
    """A title printed over 1-3 lines: at its spaces when it has some, else at a random place."""
    if " " in title and rng.random() < 0.7:
        parts = title.split(" ")
        if rng.random() < 0.5 and len(parts) > 2:
            return [" ".join(parts[:len(parts) // 2]), " ".join(parts[len(parts) // 2:])]
        return parts
    if len(title) < 12 or rng.random() < 0.5:
        return [title]
    n = rng.choice([2, 2, 3]) if len(title) > 24 else 2
    out, rest = [], title
    for _ in range(n - 1):
        pos = _cut(rest, rng, 0.35, 0.65) if len(rest) > 8 else len(rest)
        out.append(rest[:pos])
        rest = rest[pos:]
    return [x for x in [*out, rest] if x]


# ----------------------------------------------------------------------------- styles


class Printer:
    """Prints a planned page; `o` holds the style's choices (see the _opts_* functions)."""

    def __init__(self, pg: Page, o: dict, rng: random.Random):
        self.pg, self.o, self.rng = pg, o, rng

    # --- text units -------------------------------------------------------------
    def punct(self, text: str) -> str:
        if self.o["half"] and self.rng.random() < self.o["half"]:
            text = text.translate(HALF)
            if self.o.get("half_space"):
                text = re.sub(r"([,:;])(?=\S)", r"\1 ", text)
                text = re.sub(r"\s*\((.*?)\)\s*", r" (\1) ", text)
        return text

    def bold(self, text: str, p: float) -> str:
        if self.o.get("double") and self.rng.random() < p:
            return double_glyphs(text) if self.o["double"] == "glyph" else double_runs(text)
        return text

    def headline(self, it: Item) -> list[str]:
        o, rng = self.o, self.rng
        if not it.head_printed or not (it.title or it.kicker):
            return []
        if it.kind == "teaser":
            lines = [it.title] + ([it.subtitle] if it.subtitle else [])
            return [self.bold(x, 0.3) for x in lines]
        title_lines = split_title(it.title, rng) if it.title else []
        kick, sub = it.kicker, it.subtitle
        p_bold = 0.6 if rng.random() < 0.5 else 0.0
        if o["md"]:
            lvl = rng.choice(["#", "##", "##", "###"])
            title_lines = [f"{lvl} " + " ".join(title_lines)] if rng.random() < 0.7 else [f"{lvl} {x}" for x in title_lines]
            if kick:
                kick = rng.choice([kick, f"**{kick}**", f"### {kick}"])
            if sub:
                sub = rng.choice([sub, f"**{sub}**", f"### {sub}", "  \n".join(split_title(sub, rng))])
        else:
            title_lines = [self.bold(x, 1.0 if p_bold else 0.0) for x in title_lines]
            kick = self.bold(kick, p_bold) if kick else kick
            sub = self.bold(sub, p_bold / 2) if sub else sub
        order = rng.choices([("k", "t", "s"), ("t", "s", "k"), ("k", "s", "t"), ("s", "k", "t")], [88, 5, 4, 3])[0]
        parts = {"k": [kick] if kick else [], "t": title_lines, "s": [sub] if sub else []}
        lines = [x for key in order for x in parts[key]]
        if not o["md"] and rng.random() < o["join_head"]:
            lines = [" ".join(lines)]
        return lines

    def para_lines(self, text: str, inner: bool) -> list[str]:
        """One paragraph's lines; `inner`: neither first nor last (only those can be subheads)."""
        o, rng = self.o, self.rng
        text = self.punct(text)
        sub = inner and SUBHEAD.match(text) and not re.search(r"^[（(]|[）)]$|摄", text)
        if o["md"] and sub and rng.random() < 0.6:
            return [rng.choice([f"**{text}**", f"### {text}"])]
        if not o["md"] and sub:
            text = self.bold(text, 0.3)
        if o["digits"]:
            text = digit_spaces(text, rng, o["digits"])
        if o["stray"]:
            text = stray_spaces(text, rng, o["stray"])
        ind = o["indent"] if rng.random() < 0.9 else ""
        if not o["width"]:
            if rng.random() < o["colcut"] and len(text) > 30:
                pos = _cut(text, rng, 0.2, 0.9)
                return [ind + text[:pos], "", text[pos:]]
            return [ind + text]
        lines = wrap(text, self.width)
        if ind and lines:
            lines[0] = ind + lines[0]
        if o["spaced"]:
            lines = [letter_space(x) if rng.random() < o["spaced"] and len(x) > 6 else x for x in lines]
        if o["md"] and len(lines) > 1:
            lines = [x + "  " for x in lines[:-1]] + lines[-1:]
        return lines

    def body(self, it: Item) -> list[list[str]]:
        """The item's body as paragraphs of printed lines, jump markers placed."""
        o, rng = self.o, self.rng
        self.width = o["width"] and (o["width"] if rng.random() < 0.8 else rng.randint(8, 40))
        last = len(it.paras) - 1
        paras = [self.para_lines(p, 0 < i < last) for i, p in enumerate(it.paras)]
        if it.from_marker:
            if rng.random() < 0.6 or not paras:
                paras.insert(0, [it.from_marker])
            else:
                paras[0][0] = it.from_marker + rng.choice(["", " "]) + paras[0][0].lstrip()
        if it.to_marker:
            if rng.random() < 0.5 and paras:
                paras[-1][-1] += rng.choice(["", "", " ", "  "]) + it.to_marker
            else:
                paras.append([it.to_marker])
        return paras

    def photo(self, it: Item) -> list[str]:
        rng = self.rng
        cap = [self.bold(self.punct(p), 0.5) for p in it.paras]
        if self.o["width"] and rng.random() < 0.5:
            cap = [x for p in cap for x in wrap(p, max(self.o["width"], 14))]
        credit = [self.bold(c, 0.6) for c in it.credits]
        if credit and rng.random() < 0.3:
            cap[-1] += rng.choice([" ", "  ", "　"]) + " ".join(credit)
            credit = []
        elif credit and rng.random() < 0.1:
            cap[-1] += "（" + " ".join(credit) + "）"
            credit = []
        lines = (credit + cap) if rng.random() < self.o["credit_first"] else (cap + credit)
        if self.o["md"] and rng.random() < 0.6:
            lines.insert(0, rng.choice(["<!-- image -->", f"![](_page_0_Picture_{rng.randint(1, 30)}.jpeg)",
                                        f"![image](images/p{self.pg.page}_{rng.randint(1, 9)}.png)"]))
        head = self.headline(it) if it.title else []
        return head + lines

    # --- the page ---------------------------------------------------------------
    def blocks(self) -> list[tuple[str, Item | None, list[list[str]]]]:
        """(tag, item, chunks) in printed order; a chunk is a list of lines printed together."""
        o, rng, pg = self.o, self.rng, self.pg
        out = []
        if pg.mast:
            mast = [self.bold(x, 0.5) if i == 0 else x for i, x in enumerate(pg.mast)]
            if o["md"] and rng.random() < 0.5:
                mast[0] = "# " + mast[0]
            if o["md"] and len(mast) > 3 and rng.random() < 0.3:
                cells = [x.replace("\n", " ") for x in mast]
                mast = ["| " + " | ".join(cells[:3]) + " |", "|" + "---|" * 3, "| " + " | ".join(cells[3:6]) + " |"]
            out.append(("mast", None, [[x] for x in mast] if rng.random() < 0.7 else [mast]))
        if pg.runhead:
            out.append(("run", None, [[pg.runhead]]))
        eds = [[x] for x in pg.editors]
        if eds and pg.editor_pos == "top":
            out.append(("ed", None, eds))
        mid_at = len(pg.items) // 2 if pg.editor_pos == "middle" else None
        teaser_done = False
        for i, it in enumerate(pg.items):
            if i == mid_at and eds:
                out.append(("ed", None, eds))
            if pg.photo_label_at is not None and it.kind == "photo" and not any(t == "plabel" for t, _, _ in out):
                out.append(("plabel", None, [[rng.choice(["图片报道", "**图片报道**" if o["md"] else "图片报道", "图片新闻"])]]))
            if it.kind == "teaser":
                if pg.teaser_label and not teaser_done:
                    out.append(("tlabel", None, [[("» " if o["md"] else "") + pg.teaser_label]]))
                teaser_done = True
                lines = self.headline(it)
                if rng.random() < 0.6:
                    lines[-1] += rng.choice(["", " ", "  "]) + it.pointer
                else:
                    lines.append(it.pointer)
                out.append(("teaser", it, [lines]))
            elif it.kind == "photo":
                out.append(("photo", it, [self.photo(it)]))
            else:
                head = self.headline(it)
                body = self.body(it)
                after = it.kind == "article" and rng.random() < o["title_after"]
                if head and not after:
                    out.append(("head", it, [head]))
                out.append(("body", it, body))
                if head and after:
                    out.append(("head", it, [head]))
        if eds and pg.editor_pos == "bottom":
            out.append(("ed", None, eds))
        return out

    def render(self) -> str:
        o, rng = self.o, self.rng
        blocks = self.noise(self.blocks()) if o["noise"] else self.blocks()
        text, col, carry = [], 0, None
        for tag, _it, chunks in blocks:
            if text and rng.random() >= o["block_tight"]:
                text.append("")
            for j, chunk in enumerate(chunks):
                gap = o["para_gap"] if tag == "body" else 0.5
                if j and rng.random() < gap:
                    text.append("")
                for line in chunk:
                    if carry is not None and line:
                        line, carry = carry + line, None
                    if tag == "teaser" and _it.pointer == line and rng.random() < o["merge_pointer"]:
                        carry = line  # the pointer runs into the next printed line ("见2-3版大同：…")
                        continue
                    text.append(line)
                    if tag != "body":
                        continue
                    col += 1
                    if o["width"] and col >= o["col_h"] and line:
                        text.append("")  # column break, even inside a paragraph
                        col = 0
        if carry:
            text.append(carry)
        return "\n".join(text).strip("\n") + "\n"

    # --- noise --------------------------------------------------------------------
    def noise(self, blocks):
        o, rng = self.o, self.rng
        out = []
        for tag, it, chunks in blocks:
            out.append((tag, it, chunks))
            if tag == "body" and it.paras and rng.random() < o["repeat"]:
                lines = [x for c in chunks for x in c if x]
                n = rng.randint(2, min(12, max(2, len(lines)))) if o["width"] else rng.randint(1, 2)
                tail = lines[-n:]
                if tail and len(tail[0]) > 4 and rng.random() < 0.6:
                    tail[0] = tail[0][rng.randint(1, len(tail[0]) - 2):]
                for _ in range(rng.choice([1, 1, 2])):
                    out.append(("rep", None, [list(tail)]))
            if tag in ("head", "photo") and rng.random() < o["repeat"] / 3:
                out.append(("rep", None, [list(chunks[0])]))
        # an article's tail printed before its headline
        for k, (tag, it, chunks) in enumerate(out):
            if tag == "body" and it and len(chunks) >= 3 and rng.random() < o["ooo"]:
                at = next((j for j in range(k, -1, -1) if out[j][1] is it and out[j][0] == "head"), k)
                if at < k:
                    cut = rng.randint(max(1, len(chunks) - 2), len(chunks) - 1)
                    out[k] = (tag, it, chunks[:cut])
                    out.insert(at, ("body", it, chunks[cut:]))
                    break
        # a photo printed between two paragraphs of the article before it
        for k in range(1, len(out)):
            if out[k][0] == "photo" and out[k - 1][0] == "body" and len(out[k - 1][2]) >= 2 and rng.random() < o["photo_in"]:
                tag, it, chunks = out[k - 1]
                cut = rng.randint(1, len(chunks) - 1)
                photo = out.pop(k)
                out[k - 1:k] = [(tag, it, chunks[:cut]), photo, (tag, it, chunks[cut:])]
                break
        return out


def _base_opts(rng: random.Random) -> dict:
    w = rng.choices([rng.randint(8, 11), rng.randint(12, 20), rng.randint(21, 30), rng.randint(31, 40)], [10, 55, 25, 10])[0]
    return dict(md=False, width=None, wide=w, col_h=rng.randint(12, 60), para_gap=0.0, indent="", half=0.0,
                digits=0.0, stray=0.0, spaced=0.0, colcut=0.0, join_head=0.0, title_after=0.0, credit_first=0.05,
                block_tight=0.0, merge_pointer=0.0, double=None, noise=False, repeat=0.0, ooo=0.0, photo_in=0.0)


def _opts_clean(rng):
    o = _base_opts(rng)
    o.update(para_gap=rng.choice([0.0, 1.0, 1.0, 0.7]), indent=rng.choice(["", "", "　　", "  "]),
             colcut=rng.choice([0.0, 0.05, 0.12]), join_head=rng.choice([0.0, 0.3, 0.7]),
             block_tight=rng.choice([0.0, 0.0, 0.3]), half=rng.choice([0.0, 0.0, 0.3]))
    return o


def _opts_wrapped(rng):
    o = _base_opts(rng)
    o.update(width=o["wide"], para_gap=rng.choice([0.0, 0.0, 1.0, 0.8]), indent=rng.choice(["", "", " ", "　　"]),
             digits=rng.choice([0.0, 0.5, 0.9]), spaced=rng.choice([0.0, 0.0, 0.02]),
             block_tight=rng.choice([0.0, 0.3]), join_head=rng.choice([0.0, 0.2]))
    return o


def _opts_markdown(rng):
    o = _base_opts(rng)
    o.update(md=True, width=o["wide"] if rng.random() < 0.2 else None, para_gap=1.0,
             half=rng.choice([0.0, 0.6, 1.0]), half_space=rng.random() < 0.5, credit_first=0.1)
    return o


def _opts_title_after(rng):
    o = _base_opts(rng)
    wrapped = rng.random() < 0.6
    o.update(width=o["wide"] if wrapped else None, title_after=rng.choice([0.7, 0.9, 1.0]),
             para_gap=rng.choice([0.0, 1.0, 0.8]), digits=rng.choice([0.0, 0.7]) if wrapped else 0.0,
             credit_first=0.3, block_tight=rng.choice([0.0, 0.4]), indent=rng.choice(["", " "]), merge_pointer=0.4)
    return o


def _opts_noisy(rng):
    o = _opts_wrapped(rng) if rng.random() < 0.5 else _opts_clean(rng)
    o.update(noise=True, double=rng.choice(["run", "run", "glyph"]), repeat=rng.choice([0.15, 0.3]),
             ooo=rng.choice([0.1, 0.25]), photo_in=0.3, stray=rng.choice([0.0, 0.01, 0.03]),
             half=rng.choice([0.0, 0.3]), title_after=rng.choice([0.0, 0.3]))
    return o


OPTS = {"clean": _opts_clean, "wrapped": _opts_wrapped, "markdown": _opts_markdown,
        "title_after": _opts_title_after, "noisy": _opts_noisy}


def _lose_heads(pg: Page, rng: random.Random, p: float) -> None:
    """Converters now and then drop a heading; gold then has no headline for that article."""
    for it in pg.items:
        if it.kind == "article" and it.title and rng.random() < p:
            it.head_printed = False


# ----------------------------------------------------------------------------- entry point


def render(pages: dict, keys: list, seed: int, styles: tuple[str, ...] = STYLES) -> Iterator[tuple[str, str, dict]]:
    """(name, text, gold) for each page key, the styles taken in turn."""
    pool = Pool(pages, keys)
    for i, key in enumerate(keys):
        style = styles[i % len(styles)]
        rng = random.Random(f"alt/{seed}/{key[0]}/{key[1]}/{style}")
        pg = _plan(pages, key, rng, pool)
        if style in ("markdown", "noisy"):
            _lose_heads(pg, rng, 0.04)
        text = Printer(pg, OPTS[style](rng), rng).render()
        name = f"{key[0]}_p{key[1]:02d}_{style}"
        gold = {"schema": "baokan.page/1", "source": name + ".txt", "paper": pg.paper, "date": pg.gdate,
                "page": pg.gpage, "page_name": pg.page_name, "edition": pg.edition,
                "articles": [it.gold() for it in pg.items]}
        yield name, text, gold
