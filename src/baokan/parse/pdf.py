"""E-paper PDF pages in: each PDF page read from its layout (PyMuPDF) into a `Page`.

`read_sheet` takes what a PDF page prints: text lines with their size and box, drawn rules
and frames, pictures. `layout.read_blocks` turns that geometry into items; the text of each
item then goes through the same steps as extracted text (units: lead-ins, bylines, jump
markers; articles: dateline, agency, authors), and each article keeps the rectangles it
occupies (`Article.regions`). The masthead, running head and 责任编辑 lines are read by the
same masthead reader as text pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import PdfError
from ..model import Article, Box, Page
from ..rx import rx
from ..settings import DEFAULT, LAYOUT, Layout, Settings
from .articles import Segment, build_article, photo_item
from .bylines import own_paper_from, split_credit
from .layout import (
    CREDIT_END,
    Block,
    Line,
    Sheet,
    body_size,
    caption_lines,
    heading_parts,
    paragraphs,
    read_blocks,
    stack_vertical,
)
from .masthead import Masthead, date_in, paper_in, read_masthead, running_head
from .para import Para
from .restore import normalize_chars
from .units import classify

if TYPE_CHECKING:
    import pymupdf

NO_TEXT = "no text layer: a scanned page; OCR is not supported yet"


@dataclass(frozen=True, slots=True)
class PdfPage:
    """One page of a PDF file: its parsed page, or why it could not be read."""

    number: int  # 1-based
    page: Page | None
    error: str | None = None


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF")


def open_pdf(data: bytes, source: str | None = None) -> pymupdf.Document:
    """The PDF document, or a `PdfError` for a broken or encrypted file."""
    import pymupdf  # loaded only when a PDF is read: it is large

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as e:  # PyMuPDF raises its own types for every kind of damage
        raise PdfError(f"broken PDF ({e})", source) from None
    if doc.needs_pass or (doc.is_encrypted and not doc.authenticate("")):
        doc.close()
        raise PdfError("encrypted PDF: it needs a password", source)
    if doc.page_count == 0:
        doc.close()
        raise PdfError("broken PDF (no pages)", source)
    return doc


def parse_pdf(data: bytes, source: str | None = None, settings: Settings = DEFAULT) -> list[PdfPage]:
    """Every page of a PDF file. Whole-file problems raise `PdfError`; a page that cannot be
    read (no text layer, damage) gets its error and the other pages are still read."""
    doc = open_pdf(data, source)
    try:
        multi = doc.page_count > 1
        out = []
        for i in range(doc.page_count):
            name = f"{source}#p{i + 1}" if source and multi else source
            try:
                sheet = read_sheet(doc[i], settings.layout)
            except Exception as e:  # a damaged page must not stop the others
                out.append(PdfPage(i + 1, None, f"broken page ({type(e).__name__}: {e})"))
                continue
            if not any(ln.text.strip() for ln in sheet.lines):
                out.append(PdfPage(i + 1, None, NO_TEXT))
                continue
            out.append(PdfPage(i + 1, parse_sheet(sheet, name, settings)))
        return out
    finally:
        doc.close()


def iter_pdf_pages(data: bytes, source: str | None = None) -> Iterator[Sheet]:
    doc = open_pdf(data, source)
    try:
        for page in doc:
            yield read_sheet(page)
    finally:
        doc.close()


# ---------------------------------------------------------------- reading the PDF


def _line_of(line: dict) -> Line | None:
    spans = [s for s in line["spans"] if s["text"]]
    text = normalize_chars("".join(s["text"] for s in spans)).replace("\n", "")
    if not text.strip():
        return None
    weight: dict[float, int] = {}
    for s in spans:
        weight[s["size"]] = weight.get(s["size"], 0) + len(s["text"].strip())
    size = max(weight, key=lambda k: weight[k])
    x0, y0, x1, y1 = line["bbox"]
    dx, dy = line.get("dir", (1.0, 0.0))
    # text set in vertical writing mode is one line running down (a vertical title)
    return Line(text, (x0, y0, x1, y1), float(size), vertical=abs(dy) > 0.9 and abs(dx) < 0.1 and len(text.strip()) > 1)


def read_sheet(page: pymupdf.Page, t: Layout = LAYOUT) -> Sheet:
    """The lines, rules, frames and pictures of one PDF page."""
    import pymupdf

    d = page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    lines = _touching([ln for b in d["blocks"] if b.get("type") == 0 for raw in b["lines"] if (ln := _line_of(raw))])
    rules: list[Box] = []
    frames: list[Box] = []
    pictures: list[Box] = []
    for path in page.get_drawings():
        for item in path["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                rules.append((min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y)))
            elif item[0] == "re":
                r = item[1]
                box = (r.x0, r.y0, r.x1, r.y1)
                w, h = r.width, r.height
                if w <= t.rule or h <= t.rule:
                    rules.append(box)
                elif path.get("fill") is not None and w >= t.min_picture and h >= t.min_picture and not _white(path["fill"]):
                    pictures.append(box)
                elif path.get("color") is not None:
                    frames.append(box)
    for info in page.get_image_info():
        x0, y0, x1, y1 = info["bbox"]
        if x1 - x0 >= t.min_picture and y1 - y0 >= t.min_picture:
            pictures.append((x0, y0, x1, y1))
    rect = page.rect
    # a tinted box with text in it frames an article; a picture prints no text
    frames += [p for p in pictures if any(_holds(p, ln.box) for ln in lines)]
    pictures = [p for p in pictures if not any(_holds(p, ln.box) for ln in lines)]
    return Sheet(rect.width, rect.height, tuple(stack_vertical(lines, t)), tuple(rules), tuple(frames), tuple(pictures))


def _holds(outer: Box, inner: Box) -> bool:
    cx, cy = (inner[0] + inner[2]) / 2, (inner[1] + inner[3]) / 2
    return outer[0] <= cx <= outer[2] and outer[1] <= cy <= outer[3]


def _touching(lines: list[Line]) -> list[Line]:
    """Runs of one printed line that the PDF keeps apart (a change of font or colour) joined:
    about the same baseline and size, no gap between them (a single glyph only when it
    touches, so that vertical glyph stacks side by side stay apart)."""
    ends: dict[tuple[int, int], int] = {}  # (x1, y centre) rounded → index in out
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (ln.x0, ln.y0)):
        yc = (ln.y0 + ln.y1) / 2
        slack = 0.3 * ln.size
        hit = None
        for dx in range(-int(slack) - 1, int(slack) + 2):
            for dy in (-1, 0, 1):
                j = ends.get((round(ln.x0) + dx, round(yc / 2) + dy))
                if j is None:
                    continue
                last = out[j]
                lim = 0.3 * ln.size if len(last.text.strip()) > 1 or len(ln.text.strip()) > 1 else 0.1 * ln.size
                if (abs((last.y0 + last.y1) / 2 - yc) <= 0.3 * ln.size and abs(last.size - ln.size) <= 0.1 * ln.size
                        and -lim <= ln.x0 - last.x1 <= lim):
                    hit = j
                    break
            if hit is not None:
                break
        if hit is None:
            out.append(ln)
            hit = len(out) - 1
        else:
            last = out[hit]
            ends.pop((round(last.x1), round((last.y0 + last.y1) / 4)), None)
            out[hit] = Line(last.text + ln.text, (last.x0, min(last.y0, ln.y0), ln.x1, max(last.y1, ln.y1)),
                            last.size)
        cur = out[hit]
        ends[(round(cur.x1), round((cur.y0 + cur.y1) / 4))] = hit
    return out


def _white(fill: tuple[float, ...]) -> bool:
    return all(c >= 0.97 for c in fill)


# ---------------------------------------------------------------- the page


def _furniture(sheet: Sheet, settings: Settings) -> tuple[Masthead, set[int]]:
    """The masthead facts and the lines that print them (masthead, running head, 责任编辑).

    The masthead or running head is what stands over the first rule across the top of the
    page (or, with no such rule, the small type in the top part of the page). Its facts are
    read by the text pages' masthead reader, then from the layout: the paper's name set far
    larger than anything else (a nameplate: page 1 unless a page number is printed), a page
    number printed alone (02) or in a running head (第2版), a date anywhere in it."""
    t = settings.layout
    order = sorted(range(len(sheet.lines)), key=lambda i: (sheet.lines[i].y0, sheet.lines[i].x0))
    size = body_size(sheet.lines)
    wide = [r[3] for r in sheet.rules if r[3] - r[1] <= t.rule and r[2] - r[0] >= 0.6 * sheet.width
            and r[3] <= sheet.height * t.top_zone]
    if wide:
        zone = [i for i in order if sheet.lines[i].y1 <= min(wide) + 1]
    else:
        zone = [i for i in order if sheet.lines[i].y1 <= sheet.height * t.top_zone
                and not t.heading_ratio * size <= sheet.lines[i].size < t.nameplate * size]
    texts = [sheet.lines[i].text.strip() for i in zone]
    paras = tuple(Para(t) for t in texts)
    head, rest = read_masthead(paras, settings)
    kept = {id(p) for p in rest}
    furniture = set(zone) if wide else {i for i, p in zip(zone, paras, strict=True) if id(p) not in kept}
    if furniture and not wide:  # what stands above the last masthead line is masthead too
        bottom = max(sheet.lines[i].y1 for i in furniture)
        furniture |= {i for i in zone if sheet.lines[i].y1 <= bottom}
    plate = _nameplate(sheet, zone, size, t)
    printed = next((n for t in texts if (n := _printed_page(t)) is not None), None)
    if plate is not None:
        furniture |= {i for i in zone if sheet.lines[i].y0 < sheet.lines[plate].y1}
    head = replace(
        head,
        paper=head.paper or (paper_in(sheet.lines[plate].text) if plate is not None else None)
        or next((p for t in texts if (p := paper_in(t))), None),
        date=head.date or date_in("\n".join(texts)),
        page=printed if printed is not None else 1 if plate is not None else head.page if not wide else None,
    )
    others = tuple(Para(sheet.lines[i].text.strip()) for i in order if i not in furniture)
    _, left = read_masthead(others, replace(settings, masthead_scan_lines=0))
    kept = {id(p) for p in left}
    furniture |= {i for i, p in zip((i for i in order if i not in furniture), others, strict=True) if id(p) not in kept}
    return head, furniture


def _printed_page(text: str) -> int | None:
    """The page number a masthead or running-head line prints: 第3版, 要闻 第4版, or 03 alone."""
    if rx(r"0?[1-9][0-9]?").fullmatch(text.replace(" ", "")):
        return int(text)
    found = running_head(text)
    return found[1] if found else None


def _nameplate(sheet: Sheet, zone: list[int], size: float, t: Layout) -> int | None:
    """The line of the zone that prints the paper's name in a nameplate's type, if any."""
    if not zone:
        return None
    biggest = max(zone, key=lambda i: sheet.lines[i].size)
    line = sheet.lines[biggest]
    if paper_in(line.text) is None or line.size < t.nameplate * max(size, 1.0):
        return None
    return biggest


def parse_sheet(sheet: Sheet, source: str | None = None, settings: Settings = DEFAULT) -> Page:
    """The page one PDF page prints."""
    head, furniture = _furniture(sheet, settings)
    blocks, size = read_blocks(sheet, furniture, settings.layout)
    texts = ["\n".join(p.text for p in paragraphs(b.pieces, size, settings.layout)) for b in blocks]
    own_paper = head.paper or own_paper_from(texts)
    articles = [a for b in blocks if (a := _item(b, size, own_paper, settings)) is not None]
    text = "\n".join(ln.text for ln in sorted(sheet.lines, key=lambda ln: (ln.y0, ln.x0)))
    return head.page_of(source, articles, text, size=(sheet.width, sheet.height))


def _item(block: Block, size: float, own_paper: str | None, settings: Settings) -> Article | None:
    paras = paragraphs(block.pieces, size, settings.layout)
    regions = block.regions
    if block.picture is not None:
        rows = caption_lines(block.pieces)
        credit = ""
        if rows and len(rows[-1]) <= 40 and rx(CREDIT_END).search(rows[-1]):
            credit = rows.pop()
        elif rows and (cut := split_credit(rows[-1], tagged=True)) is not None:
            rows[-1], credit = cut
        caption = "".join(r for r in rows if r)
        return replace(photo_item(caption, credit, own_paper), regions=regions)
    units = classify(tuple(Para(p.text, indented=p.indented, lines=p.lines, wrapped=True, last_full=p.last_full)
                           for p in paras), own_paper, settings)
    kicker, title, subtitle = heading_parts(block.heading) if block.heading else (None, None, None)
    if not units:
        if not title:
            return None
        return Article(kicker=kicker, title=title, subtitle=subtitle, body="", regions=regions)
    seg = Segment(
        units,
        to=next((u.to for u in reversed(units) if u.to), None),
        frm=next((u.frm for u in units if u.frm), None),
    )
    art = build_article(seg, own_paper, settings.headlines)
    return replace(art, kicker=kicker, title=title, subtitle=subtitle, regions=regions)
