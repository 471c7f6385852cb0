"""A printed page's geometry to its items: which lines are headings, which column pieces of
text belong to which heading, in what order, and where photos and their captions sit.

The input is a `Sheet`: the text lines a PDF page prints (with their size and box), its drawn
rules and frames, and its pictures. Everything here is pure geometry on those boxes; reading
the PDF is `pdf.py`'s job, and what the text of each item means (lead-in, byline, jump
markers) is decided by the same code as for extracted text (`units`, `articles`).

How a broadsheet is read:

- the body size is the size most of the page's characters are set in; a line set clearly
  larger is a heading line, and glyphs stacked one per line are a vertical heading;
- text lines directly under each other in one column form a *piece*;
- a piece belongs to the nearest heading above it that it can see (nothing printed and no
  rule in between, the same frame), or to the vertical heading at its right; pieces that see
  no heading take the article of the piece beside them whose top is level with theirs (a
  headline narrower than its columns), or of the piece above them in their column;
- a picture's caption is the text right under it.

Distances are in units of the body size, so that any page scale reads the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Box
from ..rx import rx
from ..settings import LAYOUT, Layout

CREDIT_END = r"(?:摄|摄影|供图|提供)\s*(?:[（(][^（）()]{1,12}[）)])?\s*$"  # a photo credit's last words


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line (or a vertical stack of glyphs read as one line)."""

    text: str
    box: Box
    size: float
    vertical: bool = False

    @property
    def x0(self) -> float:
        return self.box[0]

    @property
    def y0(self) -> float:
        return self.box[1]

    @property
    def x1(self) -> float:
        return self.box[2]

    @property
    def y1(self) -> float:
        return self.box[3]


@dataclass(frozen=True, slots=True)
class Sheet:
    """What one PDF page prints."""

    width: float
    height: float
    lines: tuple[Line, ...]
    rules: tuple[Box, ...] = ()  # thin drawn lines, horizontal or vertical
    frames: tuple[Box, ...] = ()  # stroked rectangles around articles
    pictures: tuple[Box, ...] = ()  # images and filled rectangles


@dataclass(slots=True, eq=False)
class _Lines:
    """Lines read together, inside one frame (-1: none)."""

    lines: list[Line]
    frame: int = -1

    @property
    def box(self) -> Box:
        return union(ln.box for ln in self.lines)


class Piece(_Lines):
    """Lines set directly under each other in one column."""

    __slots__ = ()

    @property
    def size(self) -> float:
        return self.lines[0].size


class Heading(_Lines):
    """Heading lines set together: kicker, title and subtitle of one article."""

    __slots__ = ()

    @property
    def vertical(self) -> bool:
        return any(ln.vertical for ln in self.lines)


@dataclass(slots=True, eq=False)
class Block:
    """One item as laid out: its heading (if any), its pieces in reading order, and for a
    photo the picture."""

    heading: Heading | None
    pieces: list[Piece] = field(default_factory=list)
    picture: Box | None = None

    @property
    def regions(self) -> tuple[Box, ...]:
        boxes = [self.heading.box] if self.heading else []
        if self.picture:
            boxes.append(self.picture)
        return tuple(boxes + [p.box for p in self.pieces])

    @property
    def top(self) -> tuple[float, float]:
        boxes = self.regions
        return (min(b[1] for b in boxes), min(b[0] for b in boxes)) if boxes else (0.0, 0.0)


# ---------------------------------------------------------------- geometry


def union(boxes: Sequence[Box] | object) -> Box:
    bs = list(boxes)  # type: ignore[call-overload]
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _inside(inner: Box, outer: Box, slack: float = 1.0) -> bool:
    return (inner[0] >= outer[0] - slack and inner[1] >= outer[1] - slack
            and inner[2] <= outer[2] + slack and inner[3] <= outer[3] + slack)


def _frame_of(box: Box, frames: Sequence[Box]) -> int:
    """The innermost frame holding the box, or -1."""
    best, area = -1, float("inf")
    for i, f in enumerate(frames):
        if _inside(box, f, 2.0):
            a = (f[2] - f[0]) * (f[3] - f[1])
            if a < area:
                best, area = i, a
    return best


def body_size(lines: Sequence[Line]) -> float:
    """The size most characters are set in."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        if not ln.vertical:
            sizes[round(ln.size * 2) / 2] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _size_key(size: float) -> float:
    return round(size * 2) / 2


def body_sizes(lines: Sequence[Line], t: Layout = LAYOUT) -> set[float]:
    """Every size that sets running text on this page, not only the commonest: an article set
    a size larger than the rest is still body text. A size is running text when it sets a
    good share of the page's characters in lines of many characters each."""
    chars: Counter[float] = Counter()
    count: Counter[float] = Counter()
    for ln in lines:
        if not ln.vertical:
            chars[_size_key(ln.size)] += len(ln.text)
            count[_size_key(ln.size)] += 1
    total = sum(chars.values()) or 1
    return {k for k, c in chars.items() if c >= t.body_share * total and c / count[k] >= 8 and count[k] >= 12}


# ---------------------------------------------------------------- vertical stacks


def stack_vertical(lines: Sequence[Line], t: Layout = LAYOUT) -> list[Line]:
    """Glyphs set one per line in a column (vertical titles, vertical 责任编辑 lines) read
    as one line each, top to bottom."""
    singles = [ln for ln in lines if len(ln.text.strip()) == 1]
    rest = [ln for ln in lines if len(ln.text.strip()) != 1]
    singles.sort(key=lambda ln: (round((ln.x0 + ln.x1) / 2), ln.y0))
    used: set[int] = set()
    out = list(rest)
    for i, a in enumerate(singles):
        if i in used:
            continue
        run = [a]
        used.add(i)
        cx = (a.x0 + a.x1) / 2
        for j in range(i + 1, len(singles)):
            b = singles[j]
            if j in used or abs((b.x0 + b.x1) / 2 - cx) > 0.3 * a.size or abs(b.size - a.size) > 0.1 * a.size:
                continue
            if 0 <= b.y0 - run[-1].y0 <= t.stack_step * a.size:
                run.append(b)
                used.add(j)
        if len(run) >= 3 or (len(run) == 2 and run[1].y0 - run[0].y0 <= 1.3 * a.size):
            text = "".join(ln.text.strip() for ln in run)
            out.append(Line(text, union(ln.box for ln in run), a.size, vertical=True))
        else:
            out.extend(run)
    stacks = [ln for ln in out if ln.vertical]
    # the last glyph or two of a vertical line, wrapped into a strip of its own beside it
    return [Line(ln.text, ln.box, ln.size, vertical=True)
            if not ln.vertical and len(ln.text.strip()) <= 2 and any(_beside(ln, s, t=t) for s in stacks) else ln
            for ln in out]


def _beside(glyph: Line, stack: Line, t: Layout = LAYOUT) -> bool:
    return (abs(glyph.size - stack.size) <= 0.1 * stack.size and abs(glyph.y0 - stack.y0) <= 0.5 * stack.size
            and (0 <= glyph.x0 - stack.x1 <= t.strip_gap * stack.size or 0 <= stack.x0 - glyph.x1 <= t.strip_gap * stack.size))


# ---------------------------------------------------------------- pieces and headings


def _crossed(rules: Sequence[Box], y_top: float, y_bottom: float, x0: float, x1: float) -> bool:
    """Does a horizontal rule run between two heights over the span x0..x1?"""
    for r in rules:
        if r[3] - r[1] <= 3 and y_top - 1 <= (r[1] + r[3]) / 2 <= y_bottom + 1 and _overlap(r[0], r[2], x0, x1) > 0.3 * (x1 - x0):
            return True
    return False


def _walled(rules: Sequence[Box], x_left: float, x_right: float, y0: float, y1: float) -> bool:
    """Does a vertical rule run between two x positions over the heights y0..y1?"""
    for r in rules:
        if r[2] - r[0] <= 3 and x_left - 1 <= (r[0] + r[2]) / 2 <= x_right + 1 and _overlap(r[1], r[3], y0, y1) > 0.3 * (y1 - y0):
            return True
    return False


def make_pieces(lines: Sequence[Line], sheet: Sheet, t: Layout = LAYOUT) -> list[Piece]:
    """Text lines chained down their column into pieces."""
    widths: Counter[int] = Counter(round(ln.x1 - ln.x0) for ln in lines)
    column = float(widths.most_common(1)[0][0]) if widths else 0.0  # most lines fill their column
    pieces: list[Piece] = []
    open_: list[Piece] = []
    for ln in sorted(lines, key=lambda ln: (ln.y0, ln.x0)):
        frame = _frame_of(ln.box, sheet.frames)
        home = None
        merged = False
        for p in open_:
            last = p.lines[-1]
            gap = ln.y0 - last.y1
            left, right = min(x.x0 for x in p.lines), max(x.x1 for x in p.lines)
            if (abs(ln.y0 - last.y0) <= 0.3 * ln.size and abs(ln.size - last.size) <= 0.1 * ln.size
                    and -0.3 * ln.size <= ln.x0 - last.x1 <= t.word_gap * ln.size
                    and (ln.x1 <= right + 0.5 * ln.size if len(p.lines) > 1 else ln.x1 - left <= 1.05 * column)):
                # a run of the same printed line, set apart by a space, inside the column's span
                space = " " if ln.x0 - last.x1 >= 0.5 * ln.size else ""
                p.lines[-1] = Line(last.text + space + ln.text, union([last.box, ln.box]), last.size)
                home, merged = p, True
                break
            width = min(ln.x1 - ln.x0, right - left)
            if (
                p.frame == frame
                and -0.3 * ln.size <= gap <= t.line_gap * ln.size
                and abs(ln.size - last.size) <= t.same_size * ln.size
                and (_overlap(ln.x0, ln.x1, left, right) >= 0.5 * max(width, ln.size)
                     or (0 <= left - ln.x0 <= 2.5 * ln.size and ln.x1 >= left - 0.5 * ln.size))
                and not _crossed(sheet.rules, last.y1, ln.y0, ln.x0, ln.x1)
            ):
                home = p
                break
        if home is None:
            home = Piece([], frame)
            pieces.append(home)
            open_.append(home)
            home.lines.append(ln)
        elif not merged:
            home.lines.append(ln)
        open_ = [p for p in open_ if p.lines[-1].y1 >= ln.y0 - 3 * ln.size]
    return pieces


def make_headings(lines: Sequence[Line], sheet: Sheet, t: Layout = LAYOUT) -> list[Heading]:
    """Heading lines set together (one under the other, overlapping) into headings."""
    groups: list[Heading] = []
    for ln in sorted(lines, key=lambda ln: (ln.y0, ln.x0)):
        frame = _frame_of(ln.box, sheet.frames)
        homes: list[Heading] = []
        if ln.vertical:
            for g in groups:
                box = g.box
                if g.vertical and g.frame == frame and abs(ln.y0 - box[1]) <= 2 * ln.size and (
                        -0.5 * ln.size <= box[0] - ln.x1 <= t.strip_gap * ln.size
                        or -0.5 * ln.size <= ln.x0 - box[2] <= t.strip_gap * ln.size):
                    homes.append(g)
        else:
            for g in groups:
                if g.vertical or g.frame != frame:
                    continue
                box = g.box
                gap = ln.y0 - box[3]
                size = max(ln.size, max(x.size for x in g.lines))
                last = g.lines[-1]  # a heading line set in two runs on one row, a space (1 em) between
                if (abs(ln.y0 - last.y0) <= 0.3 * ln.size and abs(ln.size - last.size) <= 0.05 * ln.size
                        and 0.85 * ln.size <= ln.x0 - last.x1 <= 1.15 * ln.size):
                    homes.insert(0, g)
                elif (not homes and -0.5 * size <= gap <= t.head_gap * size
                        and _overlap(ln.x0, ln.x1, box[0], box[2]) > 0
                        and not _crossed(sheet.rules, box[3], ln.y0, ln.x0, ln.x1)):
                    homes.append(g)
            homes = homes[:2] if len(homes) > 1 and any(
                abs(ln.y0 - g.lines[-1].y0) <= 0.3 * ln.size for g in homes[:1]) else homes[:1]
        if not homes:
            home = Heading([], frame)
            groups.append(home)
        else:  # a line that joins two headings makes them one
            home = homes[0]
            for other in homes[1:]:
                home.lines.extend(other.lines)
            groups = [g for g in groups if g not in homes[1:]]
        home.lines.append(ln)
    return groups


def _column_width(pieces: Sequence[Piece]) -> float:
    widths: Counter[int] = Counter()
    for p in pieces:
        b = p.box
        widths[round(b[2] - b[0])] += len(p.lines)
    return float(widths.most_common(1)[0][0]) if widths else 0.0


def _heading_like(p: Piece, h: Box, size: float, column: float) -> bool:
    """Is a short piece next to a heading set as part of it (a kicker or subtitle): larger
    than the body, wider than a column, opening with a dash, or centred under the title?"""
    b = p.box
    text = "".join(ln.text for ln in p.lines).strip()
    if not text or len(p.lines) > 8:
        return False
    if p.size >= 1.03 * size or (b[2] - b[0]) > 1.15 * column:
        return True  # set larger than the body or across columns: a long subtitle may be a sentence or two
    if len(p.lines) > 3 or text[-1] in "。！？":
        return False
    centred = abs((b[0] + b[2]) / 2 - (h[0] + h[2]) / 2) <= p.size and (h[2] - h[0]) - (b[2] - b[0]) > 2 * p.size
    return text.startswith(("—", "－", "-")) or centred


def _kicker_like(p: Piece, h: Box) -> bool:
    """A line or two right over a title, no wider than it, that does not end a sentence: a kicker."""
    b = p.box
    text = "".join(ln.text for ln in p.lines).strip()
    return 0 < len(p.lines) <= 2 and bool(text) and text[-1] not in "。！？" and b[2] - b[0] <= 2 * (h[2] - h[0])


def absorb(headings: Sequence[Heading], pieces: list[Piece], sheet: Sheet, size: float, t: Layout = LAYOUT) -> list[Piece]:
    """Kickers and subtitles set in body-like type: short pieces right over or under a
    title join its heading. Returns the pieces left."""
    column = _column_width(pieces)
    taken: set[int] = set()
    for h in headings:
        if h.vertical:
            continue
        top = max(ln.size for ln in h.lines)
        for i, p in enumerate(pieces):
            if i in taken or p.frame != h.frame:
                continue
            hb, b = h.box, p.box
            if _overlap(b[0], b[2], hb[0], hb[2]) <= 0:
                continue
            over = 0 <= hb[1] - b[3] <= t.side_gap * top and not _crossed(sheet.rules, b[3], hb[1], b[0], b[2])
            under = 0 <= b[1] - hb[3] <= t.side_gap * top and not _crossed(sheet.rules, hb[3], b[1], b[0], b[2])
            if (over and _kicker_like(p, hb)) or ((over or under) and _heading_like(p, hb, size, column)):
                h.lines.extend(p.lines)
                taken.add(i)
    return [p for i, p in enumerate(pieces) if i not in taken]


# ---------------------------------------------------------------- ownership


def _sees_down(h: Box, p: Box, others: Sequence[Box], rules: Sequence[Box]) -> bool:
    """Nothing printed and no rule between a heading above and a piece below, over their
    shared span."""
    x0, x1 = max(h[0], p[0]), min(h[2], p[2])
    if x1 <= x0:
        return False
    for o in others:
        if o is h or o is p:
            continue
        if o[1] >= h[3] - 1 and o[3] <= p[1] + 1 and _overlap(o[0], o[2], x0, x1) > 0:
            return False
    return not _crossed(rules, h[3], p[1], x0, x1)


def _sees_left(h: Box, p: Box, others: Sequence[Box]) -> bool:
    """Nothing printed between a vertical heading and a piece to its left (a rule may stand
    between a vertical title and its own body)."""
    y0, y1 = max(h[1], p[1]), min(h[3], p[3])
    if y1 <= y0:
        return False
    for o in others:
        if o is h or o is p:
            continue
        if o[0] >= p[2] - 1 and o[2] <= h[0] + 1 and _overlap(o[1], o[3], y0, y1) > 0:
            return False
    return True


def assign(pieces: Sequence[Piece], headings: Sequence[Heading], sheet: Sheet, size: float, t: Layout = LAYOUT) -> list[int | None]:
    """For each piece, the index of the heading whose article it belongs to (None: none)."""
    pboxes = [p.box for p in pieces]
    hboxes = [h.box for h in headings]
    others = pboxes + hboxes + list(sheet.pictures)
    owner: list[int | None] = [None] * len(pieces)
    for i, (p, pb) in enumerate(zip(pieces, pboxes, strict=True)):
        best: tuple[float, int] | None = None
        for j, (h, hb) in enumerate(zip(headings, hboxes, strict=True)):
            if h.frame != p.frame:
                continue
            if h.vertical:
                if hb[0] >= pb[2] - 1 and _sees_left(hb, pb, others):
                    cost = hb[0] - pb[2]
                else:
                    continue
            elif hb[3] <= pb[1] + 0.5 * size and _sees_down(hb, pb, others, sheet.rules):
                cost = pb[1] - hb[3]
            else:
                continue
            if best is None or cost < best[0]:
                best = (cost, j)
        if best is not None:
            owner[i] = best[1]
    _spread(pieces, pboxes, owner, sheet, size, t=t)
    return owner


def _spread(pieces: Sequence[Piece], boxes: Sequence[Box], owner: list[int | None], sheet: Sheet, size: float, t: Layout = LAYOUT) -> None:
    """Pieces that see no heading take the owner of a level piece beside them (a headline
    narrower than its columns) or, failing that, of the piece above them in their column."""
    changed = True
    while changed:
        changed = False
        for i, b in enumerate(boxes):
            if owner[i] is not None:
                continue
            best: tuple[float, ...] | None = None
            for j, c in enumerate(boxes):
                if owner[j] is None or pieces[j].frame != pieces[i].frame:
                    continue
                right = c[2] > b[0] + 1  # the neighbour stands to the right
                across = c[0] - b[2] if right else b[0] - c[2]
                if -1 <= across <= t.column_gap * size and abs(b[1] - c[1]) <= t.level * size:
                    lo, hi = (b[2], c[0]) if right else (c[2], b[0])
                    if not _walled(sheet.rules, lo, hi, max(b[1], c[1]), min(b[3], c[3])):
                        # the most level neighbour; on a tie the left one (headlines start at the left)
                        cand = (round(abs(b[1] - c[1]) / (0.5 * size)), int(right), across, j)
                        if best is None or cand < best:
                            best = cand
            if best is None:
                for j, c in enumerate(boxes):
                    if owner[j] is None or pieces[j].frame != pieces[i].frame:
                        continue
                    gap = b[1] - c[3]
                    if (0 <= gap <= 4 * size and _overlap(b[0], b[2], c[0], c[2]) > 0.5 * (b[2] - b[0])
                            and not _crossed(sheet.rules, c[3], b[1], b[0], b[2]) and (best is None or gap < best[0])):
                        best = (gap, j)
            if best is not None:
                owner[i] = owner[int(best[-1])]
                changed = True


# ---------------------------------------------------------------- photos


def captions(pieces: Sequence[Piece], pictures: Sequence[Box], size: float, t: Layout = LAYOUT) -> dict[int, list[int]]:
    """For each picture, the pieces printed right under it (its caption and credit): each
    starts within `t.caption_gap` of the picture or of the caption so far, across the same span."""
    out: dict[int, list[int]] = {}
    order = sorted(range(len(pieces)), key=lambda i: (pieces[i].box[1], pieces[i].box[0]))
    taken: set[int] = set()
    for k, pic in enumerate(pictures):
        if pic[2] - pic[0] < t.min_picture or pic[3] - pic[1] < t.min_picture:
            continue
        below: list[int] = []
        bottom, left, right = pic[3], pic[0], pic[2]
        closed = float("inf")  # the top of the credit line, which closes the caption
        for i in order:
            b = pieces[i].box
            reach = (t.caption_gap if not below else t.line_gap) * size
            if i in taken or b[1] < pic[3] - 1 or b[1] - bottom > reach or b[1] >= closed:
                continue
            if _overlap(b[0], b[2], left, right) >= 0.5 * (b[2] - b[0]):
                below.append(i)
                bottom, left, right = max(bottom, b[3]), min(left, b[0]), max(right, b[2])
                if rx(CREDIT_END).search(pieces[i].lines[-1].text):
                    closed = min(closed, pieces[i].lines[-1].y0)
        if below:
            out[k] = below
            taken.update(below)
    return out


def caption_lines(pieces: Sequence[Piece]) -> list[str]:
    """A caption's printed lines, top to bottom; pieces of one line (a label set apart, a
    credit pushed right) read left to right."""
    lines = sorted((ln for p in pieces for ln in p.lines), key=lambda ln: (ln.y0, ln.x0))
    rows: list[list[Line]] = []
    for ln in lines:
        if rows and abs(ln.y0 - rows[-1][0].y0) <= 0.3 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    return [" ".join(x.text.strip() for x in r) for r in rows]


# ---------------------------------------------------------------- the page


def read_blocks(sheet: Sheet, furniture: set[int] | None = None, t: Layout = LAYOUT) -> tuple[list[Block], float]:
    """The page's items as blocks, in reading order (top to bottom, then left to right), and
    the body size. `furniture` holds indexes of `sheet.lines` that are no item's text."""
    lines = [ln for i, ln in enumerate(sheet.lines) if not furniture or i not in furniture]
    size = body_size(lines)
    bodies = body_sizes(lines, t=t)
    heads = [ln for ln in lines if (ln.size >= t.heading_ratio * size and _size_key(ln.size) not in bodies)
             or (ln.vertical and ln.size >= size * 1.05)]
    texts = [ln for ln in lines if ln not in heads and not ln.vertical]
    pieces = make_pieces(texts, sheet, t=t)
    headings = make_headings(heads, sheet, t=t)
    caps = captions(pieces, sheet.pictures, size, t=t)
    taken = {i for idx in caps.values() for i in idx}
    rest = absorb(headings, [p for i, p in enumerate(pieces) if i not in taken], sheet, size, t=t)
    owner = assign(rest, headings, sheet, size, t=t)
    blocks: list[Block] = [Block(h) for h in headings]
    orphans: list[Block] = []
    for p, o in zip(rest, owner, strict=True):
        if o is None:
            orphans.append(Block(None, [p]))
        else:
            blocks[o].pieces.append(p)
    for k, idx in caps.items():
        blocks.append(Block(None, [pieces[i] for i in idx], picture=sheet.pictures[k]))
    blocks.extend(_merge_orphans(orphans, size, t=t))
    for b in blocks:
        b.pieces.sort(key=lambda p: (round(p.box[0] / size), p.box[1]))
    blocks = [b for b in blocks if b.pieces or b.heading]
    blocks.sort(key=lambda b: (round(b.top[0] / (4 * size)), b.top[1]))
    return blocks, size


def _merge_orphans(orphans: list[Block], size: float, t: Layout = LAYOUT) -> list[Block]:
    """Pieces with no heading that stand level beside each other are one headless item."""
    out: list[Block] = []
    for b in sorted(orphans, key=lambda b: (b.pieces[0].box[0], b.pieces[0].box[1])):
        pb = b.pieces[0].box
        for o in out:
            last = o.pieces[-1].box
            if 0 <= pb[0] - last[2] <= t.column_gap * size and abs(pb[1] - o.pieces[0].box[1]) <= t.level * size:
                o.pieces.append(b.pieces[0])
                break
        else:
            out.append(b)
    return out


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    indented: bool
    lines: int
    last_full: bool


def paragraphs(pieces: Sequence[Piece], size: float, t: Layout = LAYOUT) -> list[Paragraph]:
    """The text of pieces read in order, cut into paragraphs: a line indented from its
    column's left edge starts one, a line ending short of its column's right edge ends one."""
    out: list[Paragraph] = []
    cur: list[str] = []
    indented = False
    n = 0
    short = True
    for p in pieces:
        left = min(ln.x0 for ln in p.lines)
        right = max(ln.x1 for ln in p.lines)
        for ln in p.lines:
            text = ln.text.rstrip()
            lead = len(text) - len(text.lstrip(" \u3000"))
            starts = ln.x0 - left >= t.indent * ln.size or lead >= 2
            if (starts or short) and cur:
                out.append(Paragraph("".join(cur), indented, n, not short))
                cur, n = [], 0
            if not cur:
                indented = ln.x0 - left >= t.indent * ln.size or lead >= 2
            cur.append(text.strip(" \u3000"))
            n += 1
            short = ln.x1 < right - t.short * ln.size
    if cur:
        out.append(Paragraph("".join(cur), indented, n, not short))
    return [p for p in out if p.text]


def heading_parts(h: Heading) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle) by size: the largest lines are the title, smaller lines
    above it the kicker, below it the subtitle."""
    if h.vertical:  # read right to left: kicker, title, subtitle
        stacks = sorted(h.lines, key=lambda ln: -ln.x1)
        top = max(ln.size for ln in stacks)
        idx = [i for i, ln in enumerate(stacks) if ln.size >= 0.95 * top]

        def join(ls: list[Line]) -> str | None:
            return "".join(ln.text.strip() for ln in ls) or None

        return join(stacks[:idx[0]]), join(stacks[idx[0]:idx[-1] + 1]), join(stacks[idx[-1] + 1:])
    rows: list[list[Line]] = []
    for ln in sorted(h.lines, key=lambda ln: (ln.y0, ln.x0)):
        if rows and not ln.vertical and abs(ln.y0 - rows[-1][0].y0) <= 0.3 * ln.size:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    sizes = [max(x.size for x in r) for r in rows]
    top = max(sizes)
    idx = [i for i, s in enumerate(sizes) if s >= 0.95 * top]
    first, last = idx[0], idx[-1]

    def text(rs: list[list[Line]]) -> str | None:
        t = "".join("".join(x.text.strip() for x in sorted(r, key=lambda x: x.x0)) for r in rs)
        return t or None

    return text(rows[:first]), text(rows[first:last + 1]), text(rows[last + 1:])
