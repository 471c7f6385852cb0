"""Units to items: each unit of a page gets a role, and the roles say where items begin and end.

This is the one place that decides where an article ends. A unit is a restored paragraph with
its jump markers taken off (`units.classify`); its role is one of `ROLES`, decided by the
trained sequence labeller (`labeller.py`). `build` reads the roles back:

- ``H`` heading line printed before its body; a run of them is one heading group;
- ``HA`` heading line printed after its body (pages that print titles after their articles);
  a byline printed right after such a heading goes to the head of that body;
- ``B`` the first paragraph of an article's body; ``I`` any later body paragraph (subheads,
  bylines, pull quotes and closing lines included);
- ``CAP`` / ``CRED`` a photo's caption and credit; ``TZ`` a teaser line or its pointer;
- ``J`` the rest of the paragraph before it, cut by a column break or an image gap: joined
  to it without a paragraph break;
- ``T`` a piece of the next article printed before it (out of reading order): it joins the
  end of the next article that begins;
- ``X`` page furniture that belongs to no item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..model import Article
from ..settings import HEADLINES, Headlines
from .articles import HGroup, Segment, build_article, photo_item, teaser_item
from .bylines import split_credit
from .para import Para
from .restore import TERMINAL
from .units import BYLINE, CREDIT, HEAD, LEAD, POINTER, Unit, cut_lead_in


class Role(StrEnum):
    """The role of a unit; the values are the labels the model file stores."""

    HEAD = "H"
    HEAD_AFTER = "HA"
    START = "B"
    BODY = "I"
    JOIN = "J"
    TAIL = "T"
    CAPTION = "CAP"
    CREDIT = "CRED"
    TEASER = "TZ"
    FURNITURE = "X"


ROLES: tuple[str, ...] = tuple(Role)


@dataclass(slots=True)
class _Open:
    """An item being built."""

    heading: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    tail: list[Unit] = field(default_factory=list)  # pieces printed before it, out of order


def _article(item: _Open, own_paper: str | None, headlines: Headlines) -> Article | None:
    if item.tail:
        tail = list(item.tail)
        last = item.units[-1] if item.units else None
        if last is not None and last.text and last.text[-1] not in TERMINAL and last.kind not in (BYLINE, CREDIT):
            item.units[-1] = _joined(item.units[-1], tail.pop(0))  # the tail finishes its last sentence
        item.units = item.units + tail
    if not item.units:
        if not item.heading:
            return None
        text = "\n".join(item.heading)
        return build_article(Segment([Unit(HEAD, text, Para(""))], heading=HGroup(item.heading)), own_paper, headlines)
    seg = Segment(
        list(item.units),
        heading=HGroup(list(item.heading)) if item.heading else None,
        to=item.units[-1].to or next((u.to for u in reversed(item.units) if u.to), None),
        frm=item.units[0].frm or next((u.frm for u in item.units if u.frm), None),
    )
    return build_article(seg, own_paper, headlines)


def _joined(a: Unit, b: Unit) -> Unit:
    """`b` as the rest of `a`'s paragraph; a dateline cut in two ("新华社北京10月17" + "日电…")
    makes the joined paragraph a lead-in."""
    kind = LEAD if a.kind != LEAD and cut_lead_in(a.text, b.text) else a.kind
    return Unit(kind, a.text + b.text, b.para, to=b.to or a.to, frm=a.frm or b.frm, closes=b.closes)


class _Builder:
    """Reads roles in order; each item takes its place in the page where it begins."""

    def __init__(self, own_paper: str | None, headlines: Headlines, kept: frozenset[int] = frozenset()) -> None:
        self.own_paper = own_paper
        self.kept = kept  # runs of HA that stay with the story above, which had a heading too
        self.at = -1  # the index of the unit being read
        self.ended = False  # `cur` has its title after it: the next body is another story's
        self.headlines = headlines
        self.items: list[Article | None] = []
        self.cur: _Open | None = None  # the article whose body is being read
        self.slot = -1  # where `cur` goes in `items`
        self.pending: list[str] = []  # heading lines waiting for their body
        self.caption: list[str] = []
        self.teaser: list[Unit] = []
        self.tails: list[Unit] = []  # pieces printed before their article, out of order
        self.prev: str | None = None

    def close(self) -> None:
        if self.cur is not None:
            self.items[self.slot] = _article(self.cur, self.own_paper, self.headlines)
        self.cur = None

    def open(self) -> _Open:
        self.close()
        self.ended = False
        self.cur = _Open(heading=self.pending, tail=self.tails)
        self.pending, self.tails = [], []
        self.slot = len(self.items)
        self.items.append(None)
        return self.cur

    def flush(self, role: str) -> None:
        """Close the photo or teaser being read when a unit of another role comes."""
        if role != Role.TEASER and self.teaser:
            lines = [u.text for u in self.teaser if u.kind != POINTER and u.text]
            target = next((u.target for u in self.teaser if u.kind == POINTER), None)
            if lines:
                self.items.append(teaser_item(HGroup(lines), target, self.headlines))
            self.teaser.clear()
        if role not in (Role.CAPTION, Role.CREDIT) and self.caption:
            self.items.append(photo_item("\n".join(self.caption), "", self.own_paper))
            self.caption.clear()

    def standalone(self, lines: list[str]) -> None:
        """A heading group with no body of its own (a notice head, a teaser without pointer)."""
        self.items.append(_article(_Open(heading=lines), self.own_paper, self.headlines))

    def add(self, u: Unit, role: str) -> None:
        self.at += 1
        self.flush(role)
        if role == Role.HEAD:
            if self.prev != Role.HEAD and self.pending:
                self.standalone(self.pending)
                self.pending = []
            self.pending.append(u.text)
        elif role == Role.BODY and self.prev == Role.HEAD_AFTER and u.kind == BYLINE and self.cur:
            self.cur.units.insert(0, u)  # a byline printed after its article's title: it heads the body
        elif role == Role.BODY and self.tails and self.prev == Role.TAIL:
            self.tails.append(u)  # more of the piece printed out of order
            role = Role.TAIL
        elif role in (Role.START, Role.BODY):
            cur = self.open() if role == Role.START or self.cur is None or self.pending or self.ended else self.cur
            cur.units.append(u)
        elif role == Role.TAIL:
            self.tails.append(u)
        elif role == Role.JOIN:
            target = self.tails if self.prev == Role.TAIL else (self.cur.units if self.cur else None)
            if target:
                target[-1] = _joined(target[-1], u)
            else:
                self.open().units.append(u)
            role = self.prev if self.prev in (Role.TAIL, Role.BODY, Role.START) else Role.BODY
        elif role == Role.HEAD_AFTER:
            if self.cur is not None and (not self.cur.heading or self.prev == Role.HEAD_AFTER):
                self.cur.heading.append(u.text)
            elif self.cur is not None and self.at in self.kept:
                # the heading read before it titles none of it: its lines open the body
                self.cur.units[0:0] = [Unit(HEAD, line, Para("")) for line in self.cur.heading]
                self.cur.heading = [u.text]
                self.ended = True
            else:
                self.close()
                self.pending.append(u.text)
        elif role == Role.CAPTION:
            self.caption.append(u.text)
        elif role == Role.CREDIT and u.kind != CREDIT and not self.caption:
            caption, credit = split_credit(u.text, tagged=True) or (u.text, "")  # a caption with its credit: the text is kept
            self.items.append(photo_item(caption, credit, self.own_paper))
        elif role == Role.CREDIT:
            self.items.append(photo_item("\n".join(self.caption), u.text, self.own_paper))
            self.caption.clear()
        elif role == Role.TEASER:
            if self.teaser and self.teaser[-1].kind == POINTER:
                self.flush(Role.FURNITURE)  # a pointer ends its teaser
            self.teaser.append(u)
        self.prev = role

    def finish(self) -> tuple[Article, ...]:
        self.flush(Role.FURNITURE)
        if self.tails:
            (self.cur or self.open()).units.extend(self.tails)
            self.tails = []
        self.close()
        if self.pending:
            self.standalone(self.pending)
        return tuple(a for a in self.items if a is not None and _has_text(a))


def _has_text(a: Article) -> bool:
    """An item says something: a letter or digit in its body or headline (not a stray 。)."""
    return any(ch.isalnum() for ch in a.body + (a.headline or ""))


def _kept_after(roles: Sequence[str]) -> frozenset[int]:
    """Where a story read with a heading before it also has a run of HA after it, the run is
    given to the next story (a page that prints some titles before their bodies): unless the
    stories below are each followed by a run of HA of their own, down to one that no body
    follows. Shifted, each of those titles would move one story down and the last would have
    no story; so the run stays above. The index of each such run's first unit."""
    n, kept, i = len(roles), set(), 0
    while i < n:
        j = i
        while j < n and roles[j] == Role.HEAD_AFTER:
            j += 1
        if j > i and _orphans(roles, i):
            kept.add(i)
        i = j + 1
    return frozenset(kept)


def _orphans(roles: Sequence[str], i: int) -> bool:
    """Does moving every run of HA from `i` on one story down leave the last run with none?"""
    n = len(roles)
    while True:
        while i < n and roles[i] == Role.HEAD_AFTER:
            i += 1
        body = False
        while i < n and roles[i] not in (Role.HEAD, Role.HEAD_AFTER):
            if roles[i] == Role.START and body:
                return False  # a story with no title after it takes the run
            body = body or roles[i] in (Role.START, Role.BODY)
            i += 1
        if not body:
            return True
        if i == n or roles[i] == Role.HEAD:
            return False


def build(units: Sequence[Unit], roles: Sequence[str], own_paper: str | None = None,
          headlines: Headlines = HEADLINES) -> tuple[Article, ...]:
    """The page's items in reading order, from its units and their roles (`headlines`: how
    unmarked heading lines are told apart)."""
    builder = _Builder(own_paper, headlines, _kept_after(roles))
    for u, role in zip(units, roles, strict=True):
        builder.add(u, role)
    return builder.finish()

