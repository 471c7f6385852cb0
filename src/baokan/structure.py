"""Units to items: each unit of a page gets a role, and the roles say where items begin and end.

This is the one place that decides where an article ends. A unit is a restored paragraph with
its jump markers taken off (`segment.units_of`); its role is one of `ROLES`, decided by the
trained sequence labeller (`labeller.py`). `build` reads the roles back:

- ``H`` heading line printed before its body; a run of them is one heading group;
- ``HA`` heading line printed after its body (pages that print titles after their articles);
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

from .model import Article
from .segment import CREDIT, POINTER, HGroup, Segment, Unit, _photo, _teaser, build_article

H, HA, B, I, J, T, CAP, CRED, TZ, X = "H", "HA", "B", "I", "J", "T", "CAP", "CRED", "TZ", "X"
ROLES: tuple[str, ...] = (H, HA, B, I, J, T, CAP, CRED, TZ, X)


@dataclass(slots=True)
class _Open:
    """An item being built."""

    heading: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    after: bool = False
    tail: list[Unit] = field(default_factory=list)  # pieces printed before it, out of order


def _article(item: _Open, own_paper: str | None) -> Article | None:
    if item.tail:
        item.units = item.units + item.tail
    if not item.units:
        if not item.heading:
            return None
        text = "\n".join(item.heading)
        return build_article(Segment([Unit("head", text, _PLACEHOLDER)], heading=HGroup(item.heading)), own_paper)
    seg = Segment(
        list(item.units),
        heading=HGroup(list(item.heading)) if item.heading else None,
        heading_after=item.after,
        to=item.units[-1].to or next((u.to for u in reversed(item.units) if u.to), None),
        frm=item.units[0].frm or next((u.frm for u in item.units if u.frm), None),
    )
    return build_article(seg, own_paper)


def _joined(a: Unit, b: Unit) -> Unit:
    """`b` as the rest of `a`'s paragraph."""
    return Unit(a.kind, a.text + b.text, b.para, to=b.to or a.to, frm=a.frm or b.frm, closes=b.closes)


def build(units: Sequence[Unit], roles: Sequence[str], own_paper: str | None = None) -> tuple[Article, ...]:
    """The page's items in reading order, from its units and their roles."""
    items: list[Article] = []
    cur: _Open | None = None  # the article whose body is being read
    pending: list[str] = []  # heading lines waiting for their body
    caption: list[str] = []
    teaser: list[Unit] = []
    tails: list[Unit] = []  # out-of-order pieces waiting for their article
    prev_role = None

    def close() -> None:
        nonlocal cur
        if cur is not None:
            art = _article(cur, own_paper)
            if art is not None:
                items.append(art)
        cur = None

    def flush_teaser() -> None:
        if teaser:
            lines = [u.text for u in teaser if u.kind != POINTER and u.text]
            target = next((u.target for u in teaser if u.kind == POINTER), None)
            if lines:
                items.append(_teaser(HGroup(lines), target))
            teaser.clear()

    for u, role in zip(units, roles, strict=True):
        if role != TZ:
            flush_teaser()
        if role not in (CAP, CRED) and caption:
            items.append(_photo("\n".join(caption), "", own_paper))
            caption.clear()
        if role == H:
            if prev_role != H and pending:  # a heading group with no body: stands alone
                items.append(_article(_Open(heading=pending), own_paper))  # type: ignore[arg-type]
                pending = []
            pending.append(u.text)
        elif role == I and tails and prev_role == T:
            tails.append(u)  # more of the piece printed out of order
            role = T
        elif role in (B, I):
            if role == B or cur is None or pending:
                close()
                cur = _Open(heading=pending, tail=tails)
                pending, tails = [], []
            cur.units.append(u)
        elif role == T:
            tails.append(u)
        elif role == J:
            target = tails if prev_role == T else (cur.units if cur else None)
            if target:
                target[-1] = _joined(target[-1], u)
            else:
                cur = _Open(heading=pending, tail=tails)
                pending, tails = [], []
                cur.units.append(u)
            role = prev_role if prev_role in (T, I, B) else I
        elif role == HA:
            if cur is not None and (not cur.heading or prev_role == HA):
                cur.heading.append(u.text)
                cur.after = True
            else:
                close()
                pending.append(u.text)
        elif role == CAP:
            caption.append(u.text)
        elif role == CRED:
            credit = u.text if u.kind == CREDIT else u.text
            items.append(_photo("\n".join(caption), credit, own_paper))
            caption.clear()
        elif role == TZ:
            teaser.append(u)
        prev_role = role
    flush_teaser()
    if caption:
        items.append(_photo("\n".join(caption), "", own_paper))
    if tails:
        if cur is None:
            cur = _Open()
        cur.units.extend(tails)
    close()
    if pending:
        items.append(_article(_Open(heading=pending), own_paper))  # type: ignore[arg-type]
    return tuple(a for a in items if a is not None and (a.body.strip() or a.title))


from .restore import Para  # noqa: E402

_PLACEHOLDER = Para("")
