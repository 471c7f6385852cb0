"""E-paper PDF pages in the archive and the reader: layout (page size, article regions) kept
and exported, the archive's own copy of each PDF (once per file), the page image route and
its cache, the outlined page view and the article's page thumbnail.

The PDFs are drawn here with PyMuPDF: a masthead (人民日报, the date, 第N版 要闻, a rule), and
a title above a column of 10 pt body lines per article."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import struct
import warnings
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path

import pymupdf
import pytest

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from baokan.archive import SCHEMA_VERSION, Archive
from baokan.archive.ingest import ingest
from baokan.archive.search import search
from baokan.cli import app as cli_app
from baokan.model import Article, Page
from baokan.parse.pdf import parse_pdf
from baokan.web import IMAGE_MAX_WIDTH, IMAGE_MIN_WIDTH, IMAGE_WIDTH, create_app, outlines
from conftest import HOSTILE_TITLE

BODY = "这是用于测试的正文内容，检验版面切分与区域识别是否正常。"
ONE = [["加强耕地保护工作", "推进乡村全面振兴"]]  # one page, two articles
TWO = [["城市更新稳步推进", "春运客流平稳有序", "科技创新成果丰硕"], ["冰雪运动热度攀升", "文化惠民活动丰富"]]
ROOT = Path(__file__).resolve().parents[1]


def make_pdf(pages: list[list[str]], date: str = "2019年2月1日 星期五", body: str = BODY) -> bytes:
    """A PDF of 900×1280 pt pages, each with a masthead and one column per title."""
    doc = pymupdf.open()
    for n, titles in enumerate(pages, 1):
        page = doc.new_page(width=900, height=1280)
        page.insert_text((60, 90), "人民日报", fontname="china-s", fontsize=48)
        page.insert_text((60, 130), date, fontname="china-s", fontsize=12)
        page.insert_text((700, 130), f"第{n}版 要闻", fontname="china-s", fontsize=12)
        page.draw_line((40, 145), (860, 145))
        width = 820 / len(titles)
        for c, title in enumerate(titles):
            x = 40 + c * width
            page.insert_text((x, 200), title, fontname="china-s", fontsize=24)
            text = "　　" + body * 3
            for k, y in zip(range(0, len(text), 15), range(240, 10_000, 16), strict=False):
                page.insert_text((x, y), text[k : k + 15], fontname="china-s", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def write_inputs(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "one.pdf").write_bytes(make_pdf(ONE))
    (root / "two.pdf").write_bytes(make_pdf(TWO, date="2019年2月2日 星期六"))
    shutil.copy(ROOT / "examples" / "pages" / sorted(p.name for p in (ROOT / "examples" / "pages").iterdir()
                                                     if p.suffix == ".txt")[0], root / "text.txt")
    return root


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inputs(tmp_path_factory.mktemp("pdf-in"))


@pytest.fixture(scope="module")
def pdf_archive(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pdf-db") / "a.sqlite"
    with Archive(db) as archive:
        report = ingest(archive, [inputs])
        assert (report.added, report.failed) == (4, 0), report.errors
    return db


@pytest.fixture(scope="module")
def client(pdf_archive: Path) -> Iterator[TestClient]:
    with TestClient(create_app(pdf_archive), raise_server_exceptions=True) as c:
        yield c


def page_id(archive: Archive, key: str) -> int:
    row = archive.db.execute("SELECT id FROM pages WHERE source_path LIKE ?", (f"%{key}",)).fetchone()
    assert row is not None, key
    return int(row[0])


# ---------------------------------------------------------------- the parser gives layout


def test_the_generated_pdf_parses_with_regions() -> None:
    (one,) = parse_pdf(make_pdf(ONE), "one.pdf")
    assert one.page is not None and one.page.size == (900.0, 1280.0)
    assert (one.page.paper, one.page.date, one.page.page) == ("人民日报", "2019-02-01", 1)
    assert [a.title for a in one.page.articles] == ONE[0]
    assert all(a.regions for a in one.page.articles)


# ---------------------------------------------------------------- the archive keeps the layout


def test_regions_and_size_round_trip(inputs: Path, pdf_archive: Path) -> None:
    parsed = {p.number: p.page for p in parse_pdf((inputs / "two.pdf").read_bytes(), "two.pdf")}
    with Archive(pdf_archive, readonly=True) as archive:
        for number, page in parsed.items():
            assert page is not None
            pid = page_id(archive, f"two.pdf#p{number}")
            row = archive.page_row(pid)
            assert row is not None and row.size == (900.0, 1280.0) and row.has_image
            assert row.pdf_page == number
            stored = archive.page_articles(pid)
            assert [a.article.title for a in stored] == [a.title for a in page.articles]
            for s, a in zip(stored, page.articles, strict=True):
                assert s.article.regions == a.regions
                assert s.page_size == (900.0, 1280.0)
                again = archive.article(s.id)
                assert again is not None and again.article.regions == s.article.regions
        text_id = page_id(archive, "text.txt")
        row = archive.page_row(text_id)
        assert row is not None and row.size is None and not row.has_image and row.pdf_sha is None
        assert all(not a.article.regions and a.page_size is None for a in archive.page_articles(text_id))


def test_jsonl_export_has_regions_and_page_size(pdf_archive: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    out = tmp_path / "all.jsonl"
    result = CliRunner().invoke(cli_app, ["export", "-o", str(out), "--format", "jsonl", "--db", str(pdf_archive)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    pdf_rows = [r for r in rows if ".pdf" in r["source_path"]]
    text_rows = [r for r in rows if r["source_path"].endswith(".txt")]
    assert len(pdf_rows) == 7 and text_rows
    with Archive(pdf_archive, readonly=True) as archive:
        for r in pdf_rows:
            a = archive.article(r["id"])
            assert a is not None
            assert r["regions"] == [[round(v, 1) for v in b] for b in a.article.regions]
            assert r["page_size"] == [900.0, 1280.0]
    assert all("regions" not in r and "page_size" not in r for r in text_rows)
    # the other formats keep their columns
    csv_out = tmp_path / "all.csv"
    result = CliRunner().invoke(cli_app, ["export", "-o", str(csv_out), "--format", "csv", "--db", str(pdf_archive)])
    assert result.exit_code == 0 and "regions" not in csv_out.read_text(encoding="utf-8").splitlines()[0]


def test_each_pdf_is_stored_once(inputs: Path, pdf_archive: Path) -> None:
    import hashlib

    with Archive(pdf_archive, readonly=True) as archive:
        files = dict(archive.db.execute("SELECT sha256, length(data) FROM files").fetchall())
        want = {hashlib.sha256((inputs / n).read_bytes()).hexdigest(): (inputs / n).stat().st_size
                for n in ("one.pdf", "two.pdf")}
        assert files == want
        rows = archive.db.execute(
            "SELECT source_path, sha256, pdf_sha, pdf_page FROM pages WHERE pdf_sha IS NOT NULL ORDER BY source_path"
        ).fetchall()
        assert [(Path(r[0]).name, r[3]) for r in rows] == [("one.pdf", 1), ("two.pdf#p1", 1), ("two.pdf#p2", 2)]
        assert all(r[1] == r[2] for r in rows)  # the page's file is the file it was read from
        assert archive.file_data(rows[0][2]) == (inputs / "one.pdf").read_bytes()
        assert archive.stats()["pdf_files"] == 2


def test_reingest_is_unchanged(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        first = ingest(archive, [inputs])
        assert (first.added, first.failed) == (4, 0)
        before = archive.db.execute("SELECT id, sha256, pdf_sha, pdf_page FROM pages ORDER BY id").fetchall()
        again = ingest(archive, [inputs])
        assert (again.added, again.replaced, again.unchanged, again.failed) == (0, 0, 3, 0)  # 3 files
        assert archive.db.execute("SELECT id, sha256, pdf_sha, pdf_page FROM pages ORDER BY id").fetchall() == before
        assert archive.db.execute("SELECT count(*) FROM files").fetchone()[0] == 2


def test_replaced_and_deleted_pages_leave_no_unused_files(inputs: Path, tmp_path: Path) -> None:
    root = write_inputs(tmp_path / "in")
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        ingest(archive, [root])
        old = {sha for (sha,) in archive.db.execute("SELECT sha256 FROM files")}
        (root / "one.pdf").write_bytes(make_pdf([["一篇改过的新稿件", "推进乡村全面振兴"]]))
        report = ingest(archive, [root])
        assert (report.replaced, report.unchanged) == (1, 2)
        files = {sha for (sha,) in archive.db.execute("SELECT sha256 FROM files")}
        assert len(files) == 2 and len(files - old) == 1  # the old one.pdf is gone, the new one in
        used = {sha for (sha,) in archive.db.execute("SELECT pdf_sha FROM pages WHERE pdf_sha IS NOT NULL")}
        assert files == used
        # a file stays while any of its pages is stored
        two = str((root / "two.pdf").resolve())
        assert archive.delete_page(two + "#p1")
        assert archive.db.execute("SELECT count(*) FROM files").fetchone()[0] == 2
        assert archive.delete_page(two + "#p2")
        assert archive.db.execute("SELECT count(*) FROM files").fetchone()[0] == 1
        assert not archive.delete_page(two + "#p2")
        # a page replaced by its text version (no PDF) lets its file go
        one = str((root / "one.pdf").resolve())
        page = archive.page_articles(page_id(archive, "one.pdf"))
        assert page
        archive.add_page(Page(paper="人民日报", date="2019-02-01", page=1), one, "text-version")
        assert archive.db.execute("SELECT count(*) FROM files").fetchone()[0] == 0


def test_an_archive_of_schema_4_is_read_and_upgraded(inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    with Archive(db) as archive:
        ingest(archive, [inputs / "text.txt"])
        articles = archive.stats()["articles"]
    con = sqlite3.connect(db)  # what schema 4 had: no layout columns, no files
    con.execute("DROP INDEX pages_pdf")
    for table, column in (("pages", "width"), ("pages", "height"), ("pages", "pdf_sha"), ("pages", "pdf_page"),
                          ("articles", "regions")):
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("DROP TABLE files")
    con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with Archive(db, readonly=True) as archive:  # read as it is, nothing written
        assert archive.stats()["articles"] == articles
        assert all(not a.article.regions for a in archive.iter_articles())
        assert search(archive, "的")
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
    con.close()
    with Archive(db) as archive:  # opened for writing: upgraded in place, every row kept
        assert archive.stats()["articles"] == articles
        report = ingest(archive, [inputs / "one.pdf"])
        assert report.added == 1
        assert all(a.article.regions for a in archive.page_articles(page_id(archive, "one.pdf")))
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    con.close()


# ---------------------------------------------------------------- the page image


def test_page_image_is_a_png_of_the_asked_width(client: TestClient, pdf_archive: Path) -> None:
    with Archive(pdf_archive, readonly=True) as archive:
        pid, first_id = page_id(archive, "two.pdf#p2"), page_id(archive, "two.pdf#p1")
    r = client.get(f"/page/{pid}/image.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    width, height = png_size(r.content)
    assert width == IMAGE_WIDTH and abs(height - IMAGE_WIDTH * 1280 / 900) <= 1
    r = client.get(f"/page/{pid}/image.png", params={"w": 300})
    width, height = png_size(r.content)
    assert r.status_code == 200 and width == 300 and abs(height - 300 * 1280 / 900) <= 1
    for w in (IMAGE_MIN_WIDTH, IMAGE_MAX_WIDTH):
        assert png_size(client.get(f"/page/{pid}/image.png", params={"w": w}).content)[0] == w
    # the page as printed: its second page, not its first
    pix = pymupdf.Pixmap(r.content)
    assert pix.width == 300
    first = client.get(f"/page/{first_id}/image.png?w=300")
    assert first.content != r.content


@pytest.mark.parametrize("w", ["99", "2001", "0", "-5", "abc", "3.5", "1" * 5000, "３００"])
def test_page_image_width_out_of_bounds_is_400(client: TestClient, pdf_archive: Path, w: str) -> None:
    with Archive(pdf_archive, readonly=True) as archive:
        pid = page_id(archive, "one.pdf")
    r = client.get(f"/page/{pid}/image.png", params={"w": w})
    assert r.status_code == 400
    assert str(IMAGE_MIN_WIDTH) in r.text and str(IMAGE_MAX_WIDTH) in r.text


def test_page_image_404_without_a_pdf(client: TestClient, pdf_archive: Path) -> None:
    with Archive(pdf_archive, readonly=True) as archive:
        text_id = page_id(archive, "text.txt")
        missing = archive.db.execute("SELECT max(id) + 100 FROM pages").fetchone()[0]
    for pid in (text_id, missing):
        r = client.get(f"/page/{pid}/image.png")
        assert r.status_code == 404 and "image/png" not in r.headers["content-type"]
    assert client.get("/page/0/image.png").status_code == 400


def test_page_image_is_cached_by_file_page_and_width(
    client: TestClient, pdf_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from baokan.web import images

    cache = client.app.state.images  # type: ignore[attr-defined]
    with Archive(pdf_archive, readonly=True) as archive:
        pid = page_id(archive, "one.pdf")
    calls: list[tuple[int, int]] = []
    real = images.render_png

    def counting(data: bytes, number: int, width: int) -> bytes:
        calls.append((number, width))
        return real(data, number, width)

    monkeypatch.setattr(images, "render_png", counting)
    a = client.get(f"/page/{pid}/image.png?w=211")
    b = client.get(f"/page/{pid}/image.png?w=211")
    assert a.content == b.content and calls == [(1, 211)]
    assert client.get(f"/page/{pid}/image.png?w=212").status_code == 200 and len(calls) == 2
    etag = a.headers["etag"]
    r = client.get(f"/page/{pid}/image.png?w=211", headers={"If-None-Match": etag})
    assert r.status_code == 304 and not r.content
    assert any(k[2] == 211 for k in cache._items)


def test_a_replaced_page_gets_its_new_image(inputs: Path, tmp_path: Path) -> None:
    root = write_inputs(tmp_path / "in")
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        ingest(archive, [root])
    with TestClient(create_app(db)) as c:
        with Archive(db, readonly=True) as archive:
            pid = page_id(archive, "one.pdf")
        before = c.get(f"/page/{pid}/image.png?w=200")
        (root / "one.pdf").write_bytes(make_pdf([["一篇改过的新稿件"]], date="2019年2月1日 星期五"))
        with Archive(db) as archive:  # a writer replaces the page while the reader runs
            assert ingest(archive, [root]).replaced == 1
            pid = page_id(archive, "one.pdf")
        after = c.get(f"/page/{pid}/image.png?w=200")
        assert after.status_code == 200 and after.content != before.content
        assert after.headers["etag"] != before.headers["etag"]


# ---------------------------------------------------------------- the page and article views


def outline_links(html: str) -> list[tuple[int, str]]:
    return [(int(i), unescape(label)) for i, label in
            re.findall(r'<a class="outline" href="/article/(\d+)" aria-label="([^"]*)"', html)]


def test_page_view_outlines_each_article(client: TestClient, pdf_archive: Path) -> None:
    with Archive(pdf_archive, readonly=True) as archive:
        pid = page_id(archive, "two.pdf#p1")
        arts = archive.page_articles(pid)
    r = client.get(f"/page/{pid}")
    assert r.status_code == 200
    assert f'src="/page/{pid}/image.png?w={IMAGE_WIDTH}"' in r.text
    assert outline_links(r.text) == [(a.id, a.article.title) for a in arts]
    assert len(arts) == 3
    for style in re.findall(r'class="outline"[^>]*style="([^"]*)"', r.text):
        values = [float(v) for v in re.findall(r"([\d.]+)%", style)]
        assert len(values) == 4 and all(0 <= v <= 100 for v in values)
    assert "还原后的版面文字" in r.text  # the page text is still there, folded
    for a in arts:  # the outline links lead to the articles
        page = client.get(f"/article/{a.id}")
        assert page.status_code == 200 and a.article.title in unescape(page.text)


def test_text_page_view_has_no_image(client: TestClient, pdf_archive: Path) -> None:
    with Archive(pdf_archive, readonly=True) as archive:
        pid = page_id(archive, "text.txt")
    r = client.get(f"/page/{pid}")
    assert r.status_code == 200
    assert "<img" not in r.text and 'class="outline' not in r.text and "pageimg" not in r.text.split("</style>")[1]
    assert "还原后的版面文字" in r.text
    api = client.get(f"/api/page/{pid}").json()
    assert api["image"] is None and api["width"] is None


def test_article_view_shows_its_page_with_its_regions(client: TestClient, pdf_archive: Path) -> None:
    with Archive(pdf_archive, readonly=True) as archive:
        pid = page_id(archive, "one.pdf")
        art = archive.page_articles(pid)[1]
    r = client.get(f"/article/{art.id}")
    assert r.status_code == 200
    assert f'src="/page/{pid}/image.png?w=320"' in r.text
    assert f'<a href="/page/{pid}"' in r.text and "查看整版" in r.text
    current = re.findall(r'<span class="outline current" style="[^"]*">((?:<span class="box" [^>]*></span>)+)', r.text)
    assert len(current) == 1 and current[0].count('class="box"') == len(art.article.regions)
    assert not outline_links(r.text)
    api = client.get(f"/api/article/{art.id}").json()["article"]
    assert api["regions"] and api["page_size"] == [900.0, 1280.0]


def test_issue_view_shows_page_images(client: TestClient, pdf_archive: Path) -> None:
    r = client.get("/issue/人民日报/2019-02-02")
    assert r.status_code == 200
    assert r.text.count('<div class="pageimg"') == 2 and len(outline_links(r.text)) == 5
    api = client.get("/api/issue/人民日报/2019-02-02").json()
    assert [p["image"] for p in api["pages"]] == [f"/page/{p['id']}/image.png" for p in api["pages"]]


def test_outline_labels_are_escaped(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    data = make_pdf(ONE)
    (parsed,) = parse_pdf(data, "x.pdf")
    assert parsed.page is not None
    page = replace(parsed.page, articles=(replace(parsed.page.articles[0], title=HOSTILE_TITLE),))
    with Archive(db) as archive:
        archive.add_page(page, "hostile.pdf", "x", pdf=data, pdf_page=1)
    with TestClient(create_app(db)) as c:
        r = c.get("/page/1")
        assert r.status_code == 200 and "<script>" not in r.text
        assert outline_links(r.text) == [(1, HOSTILE_TITLE)]


def test_outlines_are_percentages_of_the_page() -> None:
    from baokan.archive import StoredArticle

    art = StoredArticle(7, Article(title="T", regions=((90, 128, 450, 256), (450, 256, 900, 1280))), 1, 1,
                        None, None, None, None, "x")
    (o,) = outlines([art], (900, 1280))
    assert o.id == 7 and o.label == "T"
    nums = [float(v) for v in re.findall(r"([\d.]+)%", o.style)]
    assert nums == pytest.approx([(90 - 3) / 9, (128 - 3) / 12.8, (900 - 87) / 9, (1280 - 125) / 12.8], abs=0.01)
    assert len(o.boxes) == 2
    assert outlines([art], None) == [] and outlines([replace(art, article=Article(title="x"))], (900, 1280)) == []
