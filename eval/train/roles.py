"""Gold roles for a page's units: which unit is whose heading, body start, body, caption,
credit, teaser or furniture, found by matching each unit's text against the gold page."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from baokan.parse.structure import Role
from baokan.parse.units import POINTER, Unit


def canon(text: str | None) -> str:
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _grams(s: str, n: int = 4) -> set[str]:
    return {s[i:i + n] for i in range(max(len(s) - n + 1, 1))}


class _Gold:
    def __init__(self, art: dict) -> None:
        self.kind = art.get("kind") or "article"
        self.head = canon("".join(art.get(k) or "" for k in ("kicker", "title", "subtitle")))
        self.body = canon(art.get("body"))
        self.lines = "\n".join(canon(p) for p in (art.get("body") or "").split("\n"))
        self.body_lines = frozenset(self.lines.split("\n"))  # a line of the body found in the title too is body text there
        self.credits = canon("".join(art.get("credits") or []))
        self.body_grams = _grams(self.body) if self.body else set()


SHORT_PIECE = 8  # characters: a shorter unit found inside a title is taken as a piece of it only at its edge


def _at_edge(c: str, head: str) -> bool:
    return head.startswith(c) or head.endswith(c)


def _where(c: str, golds: list[_Gold], prev: tuple[int, str] | None = None) -> tuple[int, str] | None:
    """(item index, part) for a unit's canonical text: part is head, body, credit. A piece of
    a heading wrapped over lines, however short, goes with the heading line before it; a short
    piece elsewhere is a heading's only where it begins or ends one (a few characters found
    inside a title are as likely the end of a subhead wrapped onto its own line)."""
    if prev is not None and prev[1] == "head" and c in golds[prev[0]].head:
        return prev
    for k, g in enumerate(golds):
        if g.head and (c == g.head or (len(c) >= 2 and c in g.head and (len(c) >= SHORT_PIECE or _at_edge(c, g.head)))):
            return k, "head"
    for k, g in enumerate(golds):
        if g.body and c in g.body:
            return k, "body"
    for k, g in enumerate(golds):
        if g.credits and (c in g.credits or g.credits in c):
            return k, "credit"
    grams = _grams(c)
    best, best_k = 0.0, -1
    for k, g in enumerate(golds):
        if g.body_grams:
            share = len(grams & g.body_grams) / len(grams)
            if share > best:
                best, best_k = share, k
    if best >= 0.6:
        return best_k, "body"
    for k, g in enumerate(golds):
        if g.head and len(c) >= 4 and (g.head in c):
            return k, "head"
    return None


OPEN_SLACK = 40  # characters by which a unit and its article's body may be out of step at the start


def _opens(c: str, body: str) -> bool:
    """Does the unit (canonical text `c`) open the body? Its start is the body's start, give
    or take a short line glued on one side: the previous title run into the unit's first line
    (no blank line between them), or a title the body begins with printed as a heading."""
    return 0 <= c.find(body[:12]) <= OPEN_SLACK or 0 <= body.find(c[:12]) <= OPEN_SLACK


def _settle_shared(units: Sequence[Unit], golds: list[_Gold], places: list[tuple[int, str] | None]) -> None:
    """A unit whose text several gold bodies hold (a dateline cut off by a column break, ……,
    ■小贴士) goes with the body in which it reads on into the next unit, or on from the one before."""
    texts = [canon(u.text) for u in units]
    for i, place in enumerate(places):
        if place is None or place[1] != "body":
            continue
        c = texts[i]
        owners = [k for k, g in enumerate(golds) if g.body and c in g.body]
        if len(owners) < 2:
            continue
        nxt = texts[i + 1][:8] if i + 1 < len(texts) else ""
        prev = texts[i - 1][-8:] if i else ""
        on = [k for k in owners if nxt and c + nxt in golds[k].body]
        back = [k for k in owners if prev and prev + c in golds[k].body]
        pick = on if len(on) == 1 else back if len(back) == 1 else []
        if pick:
            places[i] = (pick[0], "body")


def _body_line(c: str, g: _Gold, places: list[tuple[int, str] | None], i: int) -> bool:
    """Is unit `i` (canonical text `c`), found in its article's heading, one of the article's
    body lines instead: a document's title printed after 全文如下, a letter's signature? Only
    where it is a whole body line, not the whole heading, and no other heading line of the
    article stands beside it."""
    if c not in g.body_lines or c == g.head:
        return False
    beside = [places[j] for j in (i - 1, i + 1) if 0 <= j < len(places)]
    return not any(p is not None and p[1] == "head" and p[0] == places[i][0] for p in beside)


def gold_roles(units: Sequence[Unit], gold: dict) -> list[str]:
    """The role each unit plays in the gold page."""
    golds = [_Gold(a) for a in gold.get("articles") or []]
    places: list[tuple[int, str] | None] = []
    for u in units:
        if u.kind == POINTER:
            places.append(None)
            continue
        c = canon(u.text)
        places.append(_where(c, golds, places[-1] if places else None) if c else None)
    _settle_shared(units, golds, places)
    roles: list[str] = []
    started: set[int] = set()
    current = -1
    for i, (u, place) in enumerate(zip(units, places, strict=True)):
        if u.kind == POINTER:
            prev = places[i - 1] if i else None
            nxt = places[i + 1] if i + 1 < len(places) else None
            near = [p for p in (prev, nxt) if p is not None and golds[p[0]].kind == "teaser"]
            roles.append(Role.TEASER if near else Role.FURNITURE)
            continue
        if place is None:
            roles.append(Role.FURNITURE)
            continue
        k, part = place
        g = golds[k]
        if g.kind == "teaser":
            roles.append(Role.TEASER)
        elif g.kind == "photo":
            roles.append(Role.CREDIT if part == "credit" or (part == "head" and not g.body) else Role.CAPTION)
        elif part == "head" and not (k in started and _body_line(canon(u.text), g, places, i)):
            roles.append(Role.HEAD_AFTER if k in started else Role.HEAD)
        else:
            c = canon(u.text)
            prev = places[i - 1] if i else None
            if prev is not None and prev[0] == k and prev[1] == "body" and roles[-1] in (Role.START, Role.BODY, Role.JOIN, Role.TAIL):
                prev_c = canon(units[i - 1].text)
                if prev_c and prev_c[-8:] + c[:8] in g.lines:
                    roles.append(Role.JOIN)
                    continue
            if k not in started and _opens(c, g.body):
                roles.append(Role.START)
                started.add(k)
                current = k
            elif k == current:
                roles.append(Role.BODY)
            elif k not in started:
                roles.append(Role.TAIL)
            else:
                roles.append(Role.BODY)
                current = k
    return roles
