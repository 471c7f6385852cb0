"""Stitching: which part printed elsewhere in the issue continues an article.

A part that says 下转第N版 (`continued_to`) is paired with a part on page N that says 上接 its
page (`continued_from`); where several could match, the best continuity wins and each part is
used once. Continuity is scored by `pair_score`, from the weights below. They were set by hand
with the archive's first cut (commit 9adaaa4), not fitted: the stitching tests of
tests/test_archive.py (gold articles cut mid-sentence and continued on another page, two stories
continued onto one page, pages arriving in any order) hold them, as does the sample issue in
examples/pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from .. import textsim
from ..parse.restore import TERMINAL
from ..settings import STITCHING, Stitching

QUOTE_OPENERS = "“（《"  # the characters that make a tail's opening "quoted"


@dataclass(frozen=True, slots=True)
class Part:
    """A continued part as stitching sees it."""

    id: int
    page: int | None
    continued_to: int | None
    continued_from: int | None
    to_prefix: str | None
    from_prefix: str | None
    title: str | None
    kicker: str | None
    body: str


def pair_score(head: Part, tail: Part, s: Stitching = STITCHING) -> float:
    """How well `tail` continues `head`: the sentence cut at the jump, and shared words."""
    score = 0.0
    if head.body and head.body[-1] not in TERMINAL:
        score += s.cut_sentence if tail.body[:1] not in QUOTE_OPENERS else s.cut_sentence_quoted
    lead = "".join(x for x in (head.kicker, head.title) if x) + head.body[:s.lead_chars]
    score += textsim.containment(tail.body[:s.edge_chars], lead + head.body[-s.edge_chars:])
    if tail.title and head.title:
        score += textsim.containment(tail.title, head.title)
    return score


def _may_pair(h: Part, t: Part) -> bool:
    """Whether the jump markers of two parts point at each other (pages, and letter prefixes
    when both print one)."""
    if t.id == h.id or t.page is None or h.page is None:
        return False
    if h.continued_to != t.page or t.continued_from != h.page:
        return False
    return not (h.to_prefix and t.from_prefix and h.to_prefix != t.from_prefix)


def choose_links(heads: list[Part], tails: list[Part]) -> list[tuple[int, int]]:
    """Pair parts that say 下转第N版 with parts on page N that say 上接 their page; where
    several could match, the best continuity wins, each part used once."""
    candidates = sorted(
        ((pair_score(h, t), h.id, t.id) for h in heads for t in tails if _may_pair(h, t)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_h: set[int] = set()
    used_t: set[int] = set()
    links = []
    for _, h, t in candidates:
        if h in used_h or t in used_t:
            continue
        used_h.add(h)
        used_t.add(t)
        links.append((h, t))
    return sorted(links)


def stitch_issue(db: sqlite3.Connection, paper: str, date: str) -> int:
    """Link continued parts within one issue (paper + date), replacing its links; return how many."""
    rows = db.execute(
        "SELECT a.id, p.page, a.continued_to, a.continued_from, a.continued_to_prefix, "
        "a.continued_from_prefix, a.title, a.kicker, a.body FROM articles a JOIN pages p ON p.id = a.page_id "
        "WHERE p.paper = ? AND p.date = ? AND (a.continued_to IS NOT NULL OR a.continued_from IS NOT NULL)",
        (paper, date),
    ).fetchall()
    db.executemany("DELETE FROM links WHERE from_id = ? OR to_id = ?", ((r[0], r[0]) for r in rows))
    heads = [Part(*r) for r in rows if r[2] is not None]
    tails = [Part(*r) for r in rows if r[3] is not None]
    pairs = choose_links(heads, tails)
    db.executemany("INSERT INTO links (from_id, to_id) VALUES (?, ?)", pairs)
    return len(pairs)


def join_parts(bodies: Iterable[str]) -> str:
    """A story's text from its parts' bodies: a part cut mid-sentence runs straight into the
    next, a part that ends a sentence is followed by a line break."""
    out = ""
    for body in bodies:
        if out and out[-1] not in TERMINAL:
            out += body
        else:
            out = f"{out}\n{body}" if out else body
    return out
