"""A deterministic, labelled reprint corpus built from the real article text of eval/gold.

    from reuse_corpus import make_corpus
    corpus = make_corpus(150, seed=0)   # items, gold pairs, gold clusters, hard negatives

Only the `body` of the gold article items is used as Chinese text (about 30 distinct articles,
186 paragraphs, 31k characters). The corpus is made of *blocks*; each block uses every gold
paragraph at most once, so within a block two texts share a passage only where the generator put
one:

* originals: the articles of the two "same meeting" groups (the 长三角 座谈会 pieces; the two
  山西日报 杨文 meeting reports) kept whole, the others spliced from 2–3 paragraphs of different
  gold articles (a reserve of paragraphs is kept back for added sentences);
* reprints (0–4 per original, other paper, later date) with realistic edits: a few substituted
  characters, a dropped sentence, an added sentence (from the reserve), truncation to the first
  half, a different headline, extraction noise (spaces between CJK and digits, halfwidth
  punctuation, a doubled glyph);
* partial quotes: some originals quote a 60–200 character passage of another original;
* hard negatives: about a third of the originals open with the same dateline + official formula
  and carry 2 set phrases (official titles, slogans) at sentence boundaries at least 40 characters
  apart; those phrases are shared with many other texts but each shared run is < 50 characters.
  The same-meeting articles are hard negatives of each other.

Block 0 is the real text. Block k > 0 passes every Han character through a permutation of the
gold alphabet (a substitution cipher, seeded by k) so blocks do not share passages by accident
while keeping the character statistics, lengths, digits and punctuation of real text; the
inserted set phrases and openings stay in clear, so they are shared across the whole corpus like
real boilerplate. That is how the corpus scales to 10^5 articles from 31k characters of text.

Ground truth is known by construction: every piece of a body remembers which characters of which
original it copies (`spans`: (original uid, start, end) in that original's clean text). A gold
pair is two items whose spans overlap by at least 50 normalised characters in one piece; pairs
that only reach 50 characters when several shorter overlaps are added up (a dropped sentence
inside a short shared run) are `ambiguous` and left out of precision and recall. The gold cluster
of an item is its original's family (the original and its reprints); a family of one is None.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
PAPERS = ("江城日报", "晋北晚报", "滨海日报", "云州日报", "河西日报", "青山日报", "东湖晚报", "北川日报")
FIRST_DAY = dt.date(2023, 1, 1)
MIN_PASSAGE = 50

# boilerplate kept in clear in every block: shared by many different texts, each run < 50 chars
OPENINGS = (
    "新华社北京{m}月{d}日电 中共中央总书记、国家主席、中央军委主席习近平",
    "本报讯（记者 李雪峰）{m}月{d}日，省委常委、市委书记卢东亮",
    "本报讯（记者 韩云峰）{m}月{d}日，市委副书记、市长张强主持召开会议",
)
PHRASES = (
    "深入学习贯彻习近平新时代中国特色社会主义思想",
    "全面贯彻落实党的二十大精神",
    "以中国式现代化全面推进强国建设、民族复兴伟业",
    "完整、准确、全面贯彻新发展理念",
    "坚持稳中求进工作总基调",
    "中共中央政治局常委、国务院总理李强出席",
    "省委常委、市委书记卢东亮强调",
    "统筹发展和安全，推动高质量发展",
    "加快构建新发展格局",
    "铸牢中华民族共同体意识",
    "为全方位推动高质量发展贡献力量",
    "市领导张强、李明参加会议",
)
MEETINGS = {"长三角一体化发展座谈会": "长三角座谈会", "长三角区域": "长三角座谈会", "山西日报记者 杨文": "省河湖林会议"}

_HAN = re.compile(r"[\u3400-\u9fff]")
_SENT = re.compile(r"[^。！？]*[。！？]?”?")
_DROP = re.compile(r"[\s\W_]+")


def _norm_len(text: str) -> int:
    return len(_DROP.sub("", text))


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    paper: str
    date: str
    title: str
    body: str
    cluster: str | None  # gold cluster label; None for a singleton
    kind: str  # original | reprint
    spans: tuple[tuple[str, int, int], ...]  # (original uid, start, end) pieces copied
    phrases: frozenset[str] = frozenset()  # clear boilerplate carried (hard-negative evidence)
    meeting: str | None = None  # same-meeting tag (hard-negative evidence)
    edits: tuple[str, ...] = ()


@dataclass(slots=True)
class Corpus:
    items: list[Item]
    gold_pairs: set[tuple[str, str]]
    ambiguous: set[tuple[str, str]]
    originals: dict[str, str] = field(default_factory=dict)  # uid -> clean text

    def is_hard_negative(self, a: Item, b: Item) -> bool:
        """Different texts that share boilerplate or a meeting (and no gold passage)."""
        key = (min(a.id, b.id), max(a.id, b.id))
        if key in self.gold_pairs or key in self.ambiguous:
            return False
        return bool(a.phrases & b.phrases) or (a.meeting is not None and a.meeting == b.meeting)

    def hard_negative_pairs(self) -> set[tuple[str, str]]:
        """All hard-negative pairs (quadratic: for small corpora)."""
        out = set()
        for i, a in enumerate(self.items):
            for b in self.items[i + 1 :]:
                if self.is_hard_negative(a, b):
                    out.add((min(a.id, b.id), max(a.id, b.id)))
        return out


# ---------------------------------------------------------------- source text


@cache
def _gold_articles() -> tuple[tuple[str, str], ...]:
    """(title, body) of the distinct gold articles of at least 100 characters."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in sorted(GOLD.glob("*.json")):
        for a in json.loads(path.read_text(encoding="utf-8")).get("articles") or []:
            body = (a.get("body") or "").strip()
            if a.get("kind") != "article" or len(body) < 100:
                continue
            head = _DROP.sub("", body)[:40]
            if head in seen:  # the seed pages print the same wire stories twice
                continue
            seen.add(head)
            out.append(((a.get("title") or "").strip("《》 "), body))
    return tuple(out)


@cache
def _alphabet() -> tuple[str, ...]:
    return tuple(sorted({c for _, b in _gold_articles() for c in b if _HAN.match(c)}))


def _cipher(block: int, seed: int):
    if block == 0:
        return lambda s: s
    alpha = _alphabet()
    perm = list(alpha)
    random.Random(f"cipher/{seed}/{block}").shuffle(perm)
    table = str.maketrans(dict(zip(alpha, perm, strict=True)))
    return lambda s: s.translate(table)


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENT.findall(paragraph) if s]


# ---------------------------------------------------------------- originals


@dataclass(slots=True)
class _Unit:
    text: str
    key: tuple[str, int, int] | None  # what original characters this unit copies


@dataclass(slots=True)
class _Original:
    uid: str
    title: str
    units: list[_Unit]
    phrases: frozenset[str] = frozenset()
    meeting: str | None = None

    @property
    def text(self) -> str:
        return "".join(u.text for u in self.units)


def _keyed(uid: str, pieces: list[str]) -> list[_Unit]:
    units, pos = [], 0
    for p in pieces:
        units.append(_Unit(p, (uid, pos, pos + len(p))))
        pos += len(p)
    return units


def _block_originals(block: int, seed: int, rng: random.Random) -> tuple[list[_Original], list[str]]:
    enc = _cipher(block, seed)
    arts = [(enc(t), enc(b)) for t, b in _gold_articles()]
    raw = _gold_articles()
    whole, rest = [], []
    for (title, body), (_, plain) in zip(arts, raw, strict=True):
        meeting = next((m for k, m in MEETINGS.items() if k in plain), None)
        (whole if meeting else rest).append((title, body, meeting))
    originals: list[_Original] = []
    for n, (title, body, meeting) in enumerate(whole):
        uid = f"b{block}o{n}"
        pieces = [s for p in body.split("\n") for s in _sentences(p + "\n")]
        originals.append(_Original(uid, title, _keyed(uid, pieces), meeting=meeting))
    # paragraphs of the other articles, dealt into spliced originals of 2-3 paragraphs
    paras = [(a, p.strip()) for a, (_, body, _) in enumerate(rest) for p in body.split("\n") if len(p.strip()) >= 20]
    rng.shuffle(paras)
    reserve_n = len(paras) // 10
    reserve = [s for _, p in paras[:reserve_n] for s in _sentences(p) if _norm_len(s) >= 8]
    pool = paras[reserve_n:]
    while pool:
        k = rng.choice((2, 2, 3))
        chosen, left = [], []
        for a, p in pool:
            if len(chosen) < k and all(a != c for c, _ in chosen):
                chosen.append((a, p))
            else:
                left.append((a, p))
        pool = left
        uid = f"b{block}o{len(originals)}"
        pieces = [s for _, p in chosen for s in _sentences(p + "\n")]
        title = rest[chosen[0][0]][0] or _DROP.sub("", chosen[0][1])[:14]
        if _norm_len("".join(pieces)) >= 80:
            originals.append(_Original(uid, title, _keyed(uid, pieces)))
    return originals, reserve


def _decorate(orig: _Original, rng: random.Random, date: dt.date) -> None:
    """Opening formula + 2 set phrases, each at a sentence boundary >= 40 chars from the others."""
    opening = rng.choice(OPENINGS).format(m=date.month, d=date.day) + "。"
    chosen = rng.sample(PHRASES, 2)
    units = list(orig.units)
    spots, last = [], 0
    pos = 0
    for i, u in enumerate(units):
        pos += _norm_len(u.text)
        if pos - last >= 40 and i + 1 < len(units) and _norm_len("".join(x.text for x in units[i + 1 :])) >= 40:
            spots.append(i + 1)
            last = pos
    if len(spots) < 2:
        return
    first, second = sorted(rng.sample(spots, 2))
    own = (orig.uid, 0, 0)  # part of this original's text (offsets set by _rekey)
    units.insert(second, _Unit(f"要{chosen[1]}。", own))
    units.insert(first, _Unit(f"会议强调，{chosen[0]}。", own))
    units.insert(0, _Unit(opening, own))
    orig.units = units
    orig.phrases = frozenset(chosen) | {opening[:8]}


def _rekey(orig: _Original) -> None:
    """Offsets of an original's own pieces in its current text (after insertions)."""
    pos = 0
    for u in orig.units:
        if u.key is not None and u.key[0] == orig.uid:
            u.key = (orig.uid, pos, pos + len(u.text))
        pos += len(u.text)


def _quote(quoter: _Original, source: _Original, rng: random.Random) -> None:
    """Insert a 60-200 character passage of `source` into `quoter` at a sentence boundary."""
    text = source.text
    starts = [u.key[1] for u in source.units if u.key and u.key[0] == source.uid]
    starts = [s for s in starts if _norm_len(text[s:]) >= 70]
    if not starts:
        return
    s = rng.choice(starts)
    length = rng.randint(60, 200)
    e = min(len(text), s + length)
    passage = text[s:e].replace("\n", "")
    if _norm_len(passage) < 60:
        return
    at = rng.randint(1, max(1, len(quoter.units) - 1))
    quoter.units[at:at] = [
        _Unit("正如有关报道所说：“", (quoter.uid, 0, 0)),
        _Unit(passage, (source.uid, s, e)),
        _Unit("”\n", (quoter.uid, 0, 0)),
    ]


# ---------------------------------------------------------------- reprints


def _noise(text: str, rng: random.Random) -> str:
    text = re.sub(r"([\u3400-\u9fff])(\d)", r"\1 \2", text)
    text = re.sub(r"(\d)([\u3400-\u9fff])", r"\1 \2", text)
    text = text.translate(str.maketrans({"，": ", ", "。": ". ", "：": ": ", "（": "(", "）": ")", "“": '"', "”": '"'}))
    hans = [i for i, c in enumerate(text) if _HAN.match(c)]
    if hans:
        i = rng.choice(hans)
        text = text[: i + 1] + text[i] + text[i + 1 :]  # a doubled glyph
    return text


def _substitute(text: str, rng: random.Random, alphabet: tuple[str, ...]) -> str:
    chars = list(text)
    hans = [i for i, c in enumerate(chars) if _HAN.match(c)]
    for i in rng.sample(hans, min(len(hans), rng.randint(1, 3))):
        chars[i] = rng.choice(alphabet)
    return "".join(chars)


def _reprint(orig: _Original, rng: random.Random, reserve: list[str]) -> tuple[list[_Unit], list[str]]:
    units = list(orig.units)
    edits = []
    if rng.random() < 0.2 and len(units) >= 4:
        total, keep = sum(len(u.text) for u in units), []
        for u in units:
            keep.append(u)
            if sum(len(x.text) for x in keep) >= total / 2:
                break
        units = keep
        edits.append("truncated")
    if rng.random() < 0.4 and len(units) >= 4:
        del units[rng.randrange(1, len(units))]
        edits.append("dropped")
    if rng.random() < 0.4 and reserve:
        units.insert(rng.randrange(1, len(units) + 1), _Unit(reserve.pop(), None))
        edits.append("added")
    return units, edits


def _spans(units: list[_Unit]) -> tuple[tuple[str, int, int], ...]:
    out: list[list] = []
    for u in units:
        if u.key is None:
            continue
        if out and out[-1][0] == u.key[0] and out[-1][2] == u.key[1]:
            out[-1][2] = u.key[2]
        else:
            out.append(list(u.key))
    return tuple((a, b, c) for a, b, c in out)


# ---------------------------------------------------------------- the corpus


def _block(block: int, seed: int) -> tuple[list[Item], dict[str, str]]:
    rng = random.Random(f"block/{seed}/{block}")
    originals, reserve = _block_originals(block, seed, rng)
    day0 = FIRST_DAY + dt.timedelta(days=3 * block)
    dates = {o.uid: day0 + dt.timedelta(days=rng.randint(0, 10)) for o in originals}
    for o in originals:
        if o.meeting is None and rng.random() < 0.35:
            _decorate(o, rng, dates[o.uid])
    for o in originals:
        _rekey(o)
    plain = [o for o in originals if o.meeting is None]
    quoters = rng.sample(plain, max(1, len(plain) // 7))  # partial quotes
    sources = [x for x in originals if all(x is not q for q in quoters)]
    for o in quoters:
        _quote(o, rng.choice(sources), rng)
        _rekey(o)
    clean = {o.uid: o.text for o in originals}
    alphabet = _alphabet()
    items: list[Item] = []
    for o in originals:
        n_reprints = rng.choice((0, 1, 1, 2, 2, 3, 4))
        label = o.uid if n_reprints else None
        papers = rng.sample(PAPERS, n_reprints + 1)
        items.append(
            Item(
                f"{o.uid}r0",
                papers[0],
                dates[o.uid].isoformat(),
                o.title,
                o.text,
                label,
                "original",
                _spans(o.units),
                o.phrases,
                o.meeting,
            )
        )
        for r in range(1, n_reprints + 1):
            units, edits = _reprint(o, rng, reserve)
            body = "".join(u.text for u in units)
            if rng.random() < 0.6:
                body = _substitute(body, rng, alphabet)
                edits.append("substituted")
            if rng.random() < 0.5:
                body = _noise(body, rng)
                edits.append("noise")
            title = o.title
            if rng.random() < 0.5:
                title = rng.choice(("", "（转载）", "综合报道：")) + _DROP.sub("", body)[10:24]
                edits.append("headline")
            date = dates[o.uid] + dt.timedelta(days=rng.randint(0, 20))
            items.append(
                Item(
                    f"{o.uid}r{r}",
                    papers[r],
                    date.isoformat(),
                    title,
                    body,
                    label,
                    "reprint",
                    _spans(units),
                    o.phrases,
                    o.meeting,
                    tuple(edits),
                )
            )
    rng.shuffle(items)
    return items, clean


def gold_relations(items: list[Item], originals: dict[str, str]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Gold pairs (one shared piece >= 50 normalised chars) and ambiguous pairs (only the sum is)."""
    by_uid: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for it in items:
        for uid, s, e in it.spans:
            by_uid[uid].append((it.id, s, e))
    best: dict[tuple[str, str], int] = defaultdict(int)
    total: dict[tuple[str, str], int] = defaultdict(int)
    for uid, spans in by_uid.items():
        text = originals[uid]
        for x in range(len(spans)):
            for y in range(x + 1, len(spans)):
                (ia, sa, ea), (ib, sb, eb) = spans[x], spans[y]
                if ia == ib:
                    continue
                lo, hi = max(sa, sb), min(ea, eb)
                if hi <= lo:
                    continue
                n = _norm_len(text[lo:hi])
                key = (min(ia, ib), max(ia, ib))
                best[key] = max(best[key], n)
                total[key] += n
    gold = {k for k, n in best.items() if n >= MIN_PASSAGE}
    ambiguous = {k for k, n in total.items() if n >= MIN_PASSAGE and k not in gold}
    return gold, ambiguous


def make_corpus(n_items: int, seed: int = 0, first_block: int = 0) -> Corpus:
    """Exactly `n_items` items: whole blocks from `first_block` on, the last one cut."""
    items: list[Item] = []
    originals: dict[str, str] = {}
    block = first_block
    while len(items) < n_items:
        got, clean = _block(block, seed)
        items.extend(got[: n_items - len(items)])
        originals.update(clean)
        block += 1
    gold, ambiguous = gold_relations(items, originals)
    return Corpus(items, gold, ambiguous, originals)


def gold_clusters(items: list[Item]) -> dict[str, str]:
    """item id -> gold cluster label (singletons labelled by their own id)."""
    return {it.id: it.cluster or it.id for it in items}


if __name__ == "__main__":
    c = make_corpus(300)
    print(
        len(c.items),
        "items,",
        len(c.gold_pairs),
        "gold pairs,",
        len(c.ambiguous),
        "ambiguous,",
        len(c.hard_negative_pairs()),
        "hard negatives",
    )
    for it in c.items[:3]:
        print(it.id, it.paper, it.date, it.title, it.edits, it.body[:80].replace("\n", "|"))
