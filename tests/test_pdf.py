"""PDF input: reading a page's layout (parse/layout.py, parse/pdf.py), errors one line per file,
and PDFs through `baokan parse` / `baokan ingest` beside text pages."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from baokan.cli import app
from baokan.parse.layout import Line, Piece, Sheet, heading_parts, paragraphs, read_blocks, stack_vertical
from baokan.parse.pdf import NO_TEXT, parse_pdf

FONT = "china-s"
LEAD = "本报北京1月31日电（记者杜一菲）国家主席习近平31日在人民大会堂同卡塔尔埃米尔塔米姆举行会谈。两国元首同意推动中卡战略伙伴关系迈上新台阶。"
SECOND = "习近平指出，2014年，我同埃米尔殿下在北京共同宣布建立中卡战略伙伴关系，并就发展两国关系达成重要共识。"
OTHER = "新华社北京1月31日电 2月1日出版的第3期《求是》杂志将发表中共中央总书记、国家主席、中央军委主席习近平的重要文章。文章指出，生态文明建设是关系中华民族永续发展的根本大计。"


def _column(page: pymupdf.Page, x: float, y: float, paras: list[str], cols: int, size: float = 10.0,
            chars: int = 15, gutter: float = 12.0) -> float:
    """Set paragraphs in `cols` columns of `chars` glyphs from (x, y), first lines indented by
    two fullwidth spaces; return the bottom."""
    lines = []
    for p in paras:
        t = "\u3000\u3000" + p
        while t:
            lines.append(t[:chars])
            t = t[chars:]
    per = -(-len(lines) // cols)
    for k, text in enumerate(lines):
        c, r = divmod(k, per)
        page.insert_text((x + c * (chars * size + gutter), y + r * size * 1.5), text, fontname=FONT, fontsize=size)
    return y + per * size * 1.5


def front_page(jump: str = "（下转第三版）") -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=900, height=1280)
    page.insert_text((60, 80), "人民日报", fontname=FONT, fontsize=48)
    page.insert_text((60, 120), "2019年2月1日 星期五", fontname=FONT, fontsize=10)
    page.draw_line((40, 135), (860, 135))
    page.insert_text((60, 180), "习近平同卡塔尔埃米尔塔米姆举行会谈", fontname=FONT, fontsize=24)
    _column(page, 40, 215, [LEAD, SECOND + jump], 3)
    page.insert_text((526, 160), "《求是》杂志发表习近平总书记重要文章", fontname=FONT, fontsize=13)
    page.insert_text((526, 188), "推动生态文明建设迈上新台阶", fontname=FONT, fontsize=20)
    _column(page, 526, 215, [OTHER, OTHER], 2)
    # a boxed article lower down, its title wider than the box's first column
    page.draw_rect(pymupdf.Rect(36, 420, 520, 600), color=(0, 0, 0))
    page.insert_text((60, 455), "春节文化活动丰富多彩", fontname=FONT, fontsize=20)
    _column(page, 44, 485, [OTHER], 3)
    return doc.tobytes()


def test_front_page_items_headings_jumps_and_masthead() -> None:
    (pp,) = parse_pdf(front_page(), "p1.pdf")
    page = pp.page
    assert pp.error is None and page is not None
    assert (page.paper, page.date, page.page) == ("人民日报", "2019-02-01", 1)
    assert page.size == (900.0, 1280.0)
    first, second, boxed = page.articles
    assert first.title == "习近平同卡塔尔埃米尔塔米姆举行会谈" and first.kicker is None
    assert first.body == LEAD + "\n" + SECOND  # the jump marker is taken off the body
    assert first.continued_to == 3 and first.dateline == "本报北京1月31日电" and first.authors == ("杜一菲",)
    assert (second.kicker, second.title) == ("《求是》杂志发表习近平总书记重要文章", "推动生态文明建设迈上新台阶")
    assert second.body == OTHER + "\n" + OTHER and second.agency == "新华社"
    assert boxed.title == "春节文化活动丰富多彩" and boxed.body == OTHER
    # each article's regions: its heading and one rectangle per column piece, on the page
    assert len(first.regions) == 4 and len(second.regions) == 3
    for a in page.articles:
        for x0, y0, x1, y1 in a.regions:
            assert 0 <= x0 < x1 <= 900 and 0 <= y0 < y1 <= 1280
    assert all(b[0] >= 36 and b[3] <= 600 for b in boxed.regions)


def test_vertical_glyph_stack_reads_as_one_line() -> None:
    glyphs = [Line(ch, (500, 100 + 30 * k, 524, 124 + 30 * k), 24.0) for k, ch in enumerate("新春走基层")]
    body = Line("正文一行文字", (100, 100, 160, 110), 10.0)
    (stack,) = [ln for ln in stack_vertical([*glyphs, body]) if ln.vertical]
    assert stack.text == "新春走基层" and stack.box == (500, 100, 524, 244)


def test_vertical_title_owns_the_columns_to_its_left() -> None:
    lines = [Line(ch, (300, 100 + 26 * k, 324, 124 + 26 * k), 24.0) for k, ch in enumerate("新春走基层")]
    for c in range(2):
        for r in range(8):
            lines.append(Line("字" * 12, (60 + 120 * c, 100 + 15 * r, 180 + 120 * c, 110 + 15 * r), 10.0))
    # another article above, with its own heading
    lines.append(Line("另一篇文章的标题", (60, 40, 260, 64), 24.0))
    lines += [Line("文" * 12, (60, 70 + 15 * r, 180, 80 + 15 * r), 10.0) for r in range(1)]
    sheet = Sheet(600, 800, tuple(stack_vertical(lines)), rules=((40, 90, 560, 90.5),))
    blocks, size = read_blocks(sheet)
    assert size == 10.0
    titled = {heading_parts(b.heading)[1]: b for b in blocks if b.heading}
    assert len(titled["新春走基层"].pieces) == 2
    assert len(titled["另一篇文章的标题"].pieces) == 1


def test_paragraphs_from_indents_and_short_lines() -> None:
    col = [
        Line("\u3000\u3000第一段第一行文字写满", (0, 0, 100, 10), 10.0),
        Line("第一段结束。", (0, 15, 60, 25), 10.0),
        Line("第二段从这里开始写满了", (20, 30, 100, 40), 10.0),  # indented by an x offset
    ]
    nxt = [Line("第二段在下一栏继续。", (120, 0, 220, 10), 10.0)]
    paras = paragraphs([Piece(col), Piece(nxt)], 10.0)
    assert [p.text for p in paras] == ["第一段第一行文字写满第一段结束。", "第二段从这里开始写满了第二段在下一栏继续。"]


def test_heading_parts_by_size() -> None:
    from baokan.parse.layout import Heading

    h = Heading([
        Line("引题在上方", (0, 0, 100, 14), 14.0),
        Line("主标题第一行", (0, 20, 200, 50), 30.0),
        Line("主标题第二行", (0, 55, 200, 85), 30.0),
        Line("——副题在下方", (0, 90, 150, 104), 14.0),
    ])
    assert heading_parts(h) == ("引题在上方", "主标题第一行主标题第二行", "——副题在下方")


def _scanned() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(20, 20, 280, 380), pixmap=pix)
    return doc.tobytes()


def _two_pages() -> bytes:
    doc = pymupdf.open()
    doc.insert_pdf(pymupdf.open(stream=front_page(), filetype="pdf"))
    doc.insert_pdf(pymupdf.open(stream=_scanned(), filetype="pdf"))
    return doc.tobytes()


def test_page_without_text_layer_is_an_error_of_its_own() -> None:
    first, second = parse_pdf(_two_pages(), "issue.pdf")
    assert first.page is not None and first.page.source == "issue.pdf#p1"
    assert second.page is None and second.error == NO_TEXT


def test_broken_and_encrypted_pdfs(tmp_path: Path) -> None:
    from baokan.errors import PdfError

    with pytest.raises(PdfError, match="broken PDF"):
        parse_pdf(b"%PDF-1.7\n" + b"\x00garbage" * 50, "bad.pdf")
    doc = pymupdf.open(stream=front_page(), filetype="pdf")
    locked = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(PdfError, match="encrypted"):
        parse_pdf(locked, "locked.pdf")


def test_cli_parses_pdfs_beside_text_pages_and_names_each_bad_file(tmp_path: Path, seed_dir: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "front.pdf").write_bytes(front_page())
    (src / "issue.pdf").write_bytes(_two_pages())
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (src / "seed.txt").write_bytes((seed_dir / "000_9fc8dd82a9bcce83.txt").read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["parse", str(src), "-o", str(out)])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("baokan:")]
    assert len(errors) == 2
    assert any("broken.pdf: broken PDF" in ln for ln in errors)
    assert any("issue.pdf#p2: " + NO_TEXT in ln for ln in errors)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["front.json", "issue-p1.json", "seed.json"]
    front = json.loads((out / "front.json").read_text(encoding="utf-8"))
    assert front["articles"][0]["title"] == "习近平同卡塔尔埃米尔塔米姆举行会谈"
    assert front["articles"][0]["regions"] and front["size"] == [900.0, 1280.0]


def test_ingest_keeps_each_pdf_page_and_drops_pages_a_shorter_pdf_no_longer_has(tmp_path: Path) -> None:
    from baokan.archive import Archive

    doc = pymupdf.open()
    for _ in range(2):
        doc.insert_pdf(pymupdf.open(stream=front_page(), filetype="pdf"))
    pdf = tmp_path / "issue.pdf"
    pdf.write_bytes(doc.tobytes())
    db = tmp_path / "a.sqlite"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(pdf), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "2 added" in first.stdout
    again = runner.invoke(app, ["ingest", str(pdf), "--db", str(db)])
    assert "1 unchanged" in again.stdout
    pdf.write_bytes(front_page("（下转第二版）"))
    shorter = runner.invoke(app, ["ingest", str(pdf), "--db", str(db)])
    assert shorter.exit_code == 0, shorter.output
    with Archive(db) as archive:
        assert archive.page_keys(str(pdf.resolve())) == [str(pdf.resolve())]
        assert archive.db.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
        assert archive.db.execute("SELECT count(*) FROM files").fetchone()[0] == 1


def test_an_article_set_larger_than_the_rest_is_still_body_text() -> None:
    lines = []
    # most of the page: 9.5 pt body in two columns under one title
    lines.append(Line("主标题在这里", (40, 20, 220, 44), 24.0))
    for c in range(2):
        for r in range(30):
            lines.append(Line("字" * 14, (40 + 150 * c, 60 + 14 * r, 173 + 150 * c, 69.5 + 14 * r), 9.5))
    # another article set at 11 pt: its 14 lines are running text, not heading lines
    lines.append(Line("另一篇的标题", (360, 20, 520, 44), 24.0))
    for r in range(14):
        lines.append(Line("文" * 12, (360, 60 + 16 * r, 492, 71 + 16 * r), 11.0))
    blocks, size = read_blocks(Sheet(600, 800, tuple(lines)))
    assert size == 9.5
    titles = {heading_parts(b.heading)[1]: b for b in blocks if b.heading}
    assert set(titles) == {"主标题在这里", "另一篇的标题"}
    assert sum(len(p.lines) for p in titles["另一篇的标题"].pieces) == 14


def test_vertical_writing_mode_line_is_a_vertical_heading() -> None:
    from baokan.parse.pdf import read_sheet

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=600)
    page.insert_text((300, 60), "竖排的标题", fontname=FONT, fontsize=20, rotate=270)
    page.insert_text((40, 60), "正文第一行文字", fontname=FONT, fontsize=10)
    sheet = read_sheet(pymupdf.open(stream=doc.tobytes(), filetype="pdf")[0])
    (vertical,) = [ln for ln in sheet.lines if ln.vertical]
    assert vertical.text == "竖排的标题" and vertical.box[3] - vertical.box[1] > vertical.box[2] - vertical.box[0]


def test_layout_thresholds_come_from_settings() -> None:
    from baokan.settings import Layout, Settings

    default = parse_pdf(front_page(), "p1.pdf")[0].page
    assert default is not None and default.articles[0].title == "习近平同卡塔尔埃米尔塔米姆举行会谈"
    # a heading must now be set five times the body size: no line on this page is one
    flat = parse_pdf(front_page(), "p1.pdf", Settings(layout=Layout(heading_ratio=5.0, nameplate=6.0)))[0].page
    assert flat is not None and not any(a.title for a in flat.articles)
