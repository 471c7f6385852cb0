"""The archive — `baokan.archive` (store, search, ingest, export) and the CLI
commands ingest / search / show / stats / export — on real files, in tmp_path archives.

Material: the five real sample pages (eval/pages; only 000 prints a masthead, 大同日报
2023-12-01 page 1; the others are pages of other papers and issues), issues built here from
the gold article text (eval/gold) to exercise stitching, and synthetic pages from
`eval/synth.py` make_corpus for the kill -9 test.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import synth
from typer.testing import Result

from baokan import Archive
from baokan.archive.export import export
from baokan.archive.ingest import BATCH, Placement, ingest
from baokan.archive.search import QueryError, search, to_fts
from conftest import cli, ok

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "eval" / "pages"
GOLD = ROOT / "eval" / "gold"
S000, S001, S002, S003, S004 = (
    "000_9fc8dd82a9bcce83",
    "001_173f75ccabea554e",
    "002_98064722886ee370",
    "003_b1da887687014f3f",
    "004_c0f82cd998580cbb",
)
DIRS_PATTERN = "{paper}/{date:%Y-%m-%d}/{page}.txt"
FLAT_PATTERN = "{paper}_{date:%Y%m%d}_{page}"
HIT_FIELDS = ["id", "paper", "date", "page", "kind", "kicker", "title", "subtitle", "snippet", "score"]


# ============================================================================ helpers


def assert_one_line_error(result: Result, *fragments: str) -> str:
    """Exit status 1, one line on stderr that starts with 'baokan:', no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    line = result.stderr.strip()
    assert line.startswith("baokan: "), line
    assert "\n" not in line, line
    for f in fragments:
        assert f in line, line
    return line


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def copy_seeds(dest: Path, *stems: str) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for stem in stems or (S000, S001, S002, S003, S004):
        shutil.copyfile(SEEDS / f"{stem}.txt", dest / f"{stem}.txt")
    return dest


def headline(row: dict | Any) -> str:
    return " ".join(x for x in (row["kicker"], row["title"], row["subtitle"]) if x)


def all_articles(archive: Archive) -> dict[int, dict]:
    """Every stored article as its export row (to_json), by id."""
    return {a.id: a.to_json() for a in archive.iter_articles()}


def containing(archive: Archive, text: str) -> set[int]:
    """Ids of the articles whose headline or body contains `text` (white space ignored)."""
    out = set()
    for i, a in all_articles(archive).items():
        if any(text in "".join(part.split()) for part in (headline(a), a["body"])):
            out.add(i)
    return out


def ids(hits: list[Any]) -> list[int]:
    return [h.id for h in hits]


def fts_docs(db: sqlite3.Connection) -> set[int]:
    """Every document the full-text index holds a token for (stale rows included)."""
    db.execute("DROP TABLE IF EXISTS temp.fts_vocab_check")
    db.execute("CREATE VIRTUAL TABLE temp.fts_vocab_check USING fts5vocab(main, 'articles_fts', 'instance')")
    try:
        return {r[0] for r in db.execute("SELECT DISTINCT doc FROM temp.fts_vocab_check")}
    finally:
        db.execute("DROP TABLE temp.fts_vocab_check")


def fts_match(db: sqlite3.Connection, query: str) -> set[int]:
    """Row ids the index itself gives for a query (no join with the articles)."""
    return {r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (to_fts(query),))}


def assert_consistent(db: sqlite3.Connection) -> None:
    """The archive's invariants: SQLite integrity, pages ↔ articles ↔ index ↔ links."""
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    q = db.execute
    assert q("SELECT count(*) FROM articles a LEFT JOIN pages p ON p.id = a.page_id WHERE p.id IS NULL").fetchone()[0] == 0
    n_articles = q("SELECT count(*) FROM articles").fetchone()[0]
    article_ids = {r[0] for r in q("SELECT id FROM articles")}
    assert q("SELECT count(*) FROM articles_fts").fetchone()[0] == n_articles
    assert fts_docs(db) == {i for i in article_ids if _indexable(db, i)}
    for from_id, to_id in q("SELECT from_id, to_id FROM links").fetchall():
        assert from_id in article_ids and to_id in article_ids
        head = q("SELECT a.continued_to, p.paper, p.date, p.page FROM articles a JOIN pages p ON p.id = a.page_id "
                 "WHERE a.id = ?", (from_id,)).fetchone()
        tail = q("SELECT a.continued_from, p.paper, p.date, p.page FROM articles a JOIN pages p ON p.id = a.page_id "
                 "WHERE a.id = ?", (to_id,)).fetchone()
        assert head[0] == tail[3] and tail[0] == head[3], (head, tail)  # 下转 its page, 上接 the head's page
        assert head[1:3] == tail[1:3] and head[1] and head[2]  # one issue, a placed one
    # every page's articles are numbered 1..n
    for page_id, n, top in q("SELECT page_id, count(*), max(seq) FROM articles GROUP BY page_id"):
        assert n == top, page_id


def _indexable(db: sqlite3.Connection, article_id: int) -> bool:
    """An article with at least one token to index (any letter or digit in its text)."""
    row = db.execute("SELECT coalesce(kicker,'') || coalesce(title,'') || coalesce(subtitle,'') || body "
                     "FROM articles WHERE id = ?", (article_id,)).fetchone()
    return any(ch.isalnum() for ch in row[0])


def check_archive(path: Path) -> None:
    with Archive(path) as archive:
        assert_consistent(archive.db)


# ============================================================================ the seed pages


@pytest.fixture(scope="module")
def seed_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """eval/pages ingested as they are (only page 000 is placed)."""
    root = tmp_path_factory.mktemp("seeds")
    pages = copy_seeds(root / "pages")
    db = root / "seeds.sqlite"
    with Archive(db) as archive:
        report = ingest(archive, [pages])
    assert (report.added, report.replaced, report.unchanged, report.failed) == (5, 0, 0, 0), report
    return db


@pytest.fixture()
def seeds(seed_archive: Path) -> Any:
    with Archive(seed_archive, readonly=True) as archive:
        yield archive


def test_ingest_seed_pages(seeds: Archive) -> None:
    from baokan import parse_page

    parsed = {stem: parse_page((SEEDS / f"{stem}.txt").read_bytes(), f"{stem}.txt")
              for stem in (S000, S001, S002, S003, S004)}
    stats = seeds.stats()
    assert stats["pages"] == 5
    assert stats["articles"] == sum(len(p.articles) for p in parsed.values())
    assert stats["unplaced_pages"] == 4  # only 000 prints its paper and date
    assert (stats["papers"], stats["issues"]) == (1, 1)
    assert stats["first_date"] == stats["last_date"] == "2023-12-01"
    assert sum(stats["by_kind"].values()) == stats["articles"]
    assert stats["stories"] == 0
    # what is stored is what the parser gives, page by page, in reading order
    for stem, page in parsed.items():
        rows = [a for a in seeds.iter_articles() if Path(a.source_path).name == f"{stem}.txt"]
        assert [r.seq for r in rows] == list(range(1, len(page.articles) + 1))
        assert [r.article for r in rows] == list(page.articles)
        assert {(r.paper, r.date, r.page) for r in rows} <= {(page.paper, page.date, page.page)}
    assert_consistent(seeds.db)


def test_cli_ingest_matches_api(tmp_path: Path, seeds: Archive) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "cli.sqlite"
    result = ok(cli("ingest", pages, "--db", db))
    assert "5 added, 0 replaced, 0 unchanged, 0 failed" in result.stdout
    with Archive(db, readonly=True) as archive:
        assert archive.stats() == seeds.stats()

        def key(a: Any) -> tuple:
            return (Path(a.source_path).name, a.seq)

        mine = {key(a): (a.id, a.article, a.paper, a.date, a.page) for a in archive.iter_articles()}
        theirs = {key(a): (a.id, a.article, a.paper, a.date, a.page) for a in seeds.iter_articles()}
        assert mine == theirs
    stats = ok(cli("stats", "--db", db)).stdout
    lines = dict(line.split(None, 1) for line in stats.splitlines() if line.strip())
    assert lines["pages"].strip() == "5"
    assert lines["unplaced_pages"].strip() == "4"
    assert lines["articles"].strip() == str(seeds.stats()["articles"])


def test_search_gengdi_puts_the_headline_matches_first(seeds: Archive) -> None:
    hits = search(seeds, "耕地", limit=50)
    qiushi = {i for i, a in all_articles(seeds).items() if "耕地" in headline(a)}
    assert len(qiushi) == 2  # 《求是》 article on page 000 and on page 001
    assert {i for i, a in all_articles(seeds).items() if "《求是》" in (a["kicker"] or "")} == qiushi
    assert set(ids(hits)[:2]) == qiushi
    assert set(ids(hits)) == containing(seeds, "耕地")
    assert len(hits) > 2  # and the bodies that mention 耕地 come after
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all("«耕地»" in h.snippet for h in hits)


@pytest.mark.parametrize("query", ['"盐碱地综合改造"', '"盐碱地 综合改造"', "盐碱地综合改造"])
def test_search_phrase(seeds: Archive, query: str) -> None:
    hits = search(seeds, query)
    assert set(ids(hits)) == containing(seeds, "盐碱地综合改造")
    assert len(hits) == 2
    assert all("求是" in (h.kicker or "") for h in hits)


def test_phrase_needs_the_words_next_to_each_other(seeds: Archive) -> None:
    loose = set(ids(search(seeds, "长三角 座谈会", limit=100)))
    phrase = set(ids(search(seeds, '"长三角座谈会"', limit=100)))
    assert phrase == containing(seeds, "长三角座谈会") == set()
    assert loose and loose >= phrase


def test_search_and(seeds: Archive) -> None:
    hits = search(seeds, "卢东亮 AND 天镇")
    assert len(hits) == 1
    (hit,) = hits
    assert "天镇" in (hit.title or "") + (hit.kicker or "")
    assert (hit.paper, hit.date, hit.page) == ("大同日报", "2023-12-01", 1)
    assert ids(search(seeds, "卢东亮 天镇")) == [hit.id]  # AND is implied
    assert ids(search(seeds, "天镇 AND 卢东亮")) == [hit.id]
    assert len(search(seeds, "卢东亮", limit=100)) > 1  # 卢东亮 alone: several articles of several pages


def test_search_or(seeds: Archive) -> None:
    datong = set(ids(search(seeds, "大同", limit=200)))
    taiyuan = set(ids(search(seeds, "太原", limit=200)))
    either = set(ids(search(seeds, "大同 OR 太原", limit=200)))
    assert taiyuan - datong and datong - taiyuan
    assert either == datong | taiyuan
    assert containing(seeds, "太原") == taiyuan


def test_search_not(seeds: Archive) -> None:
    hits = search(seeds, "耕地 NOT 盐碱地", limit=100)
    assert hits
    assert set(ids(hits)) == containing(seeds, "耕地") - containing(seeds, "盐碱地")
    arts = all_articles(seeds)
    for h in hits:
        assert "盐碱地" not in headline(arts[h.id]) + arts[h.id]["body"]
        assert "«耕地»" in h.snippet and "盐碱地" not in h.snippet


def test_search_one_character(seeds: Archive) -> None:
    hits = search(seeds, "党", limit=1000)
    assert set(ids(hits)) == containing(seeds, "党")
    assert len(hits) >= 10
    assert all("«党»" in h.snippet or "党" in headline(h.to_json()) for h in hits)


def test_search_limit_and_offset(seeds: Archive) -> None:
    every = ids(search(seeds, "党", limit=1000))
    assert ids(search(seeds, "党", limit=5)) == every[:5]
    assert ids(search(seeds, "党", limit=5, offset=5)) == every[5:10]


def test_search_filters(seeds: Archive) -> None:
    arts = all_articles(seeds)
    every = search(seeds, "大同", limit=200)
    on_000 = [h for h in every if h.paper == "大同日报"]
    assert on_000 and len(on_000) < len(every)
    assert ids(search(seeds, "大同", paper="大同日报", limit=200)) == ids(on_000)
    assert search(seeds, "大同", paper="人民日报") == []
    assert ids(search(seeds, "大同", date_from="2023-12-01", date_to="2023-12-01", limit=200)) == ids(on_000)
    assert ids(search(seeds, "大同", date_from="2023-11-01", limit=200)) == ids(on_000)
    assert search(seeds, "大同", date_from="2023-12-02") == []
    assert search(seeds, "大同", date_to="2023-11-30") == []
    assert ids(search(seeds, "大同", page=1, limit=200)) == ids(on_000)
    assert search(seeds, "大同", page=2) == []
    photos = search(seeds, "游客", kind="photo")
    assert photos and all(arts[h.id]["kind"] == "photo" for h in photos)
    assert len(photos) == 2  # the captions of page 000 and page 003
    assert search(seeds, "游客", kind="teaser") == []
    assert ids(search(seeds, "游客", kind="photo", paper="大同日报")) == [
        h.id for h in photos if h.paper == "大同日报"
    ]
    with pytest.raises(QueryError, match="2023-12-01"):
        search(seeds, "大同", date_from="1.12.2023")


def test_cli_search_json(seed_archive: Path, seeds: Archive) -> None:
    result = ok(cli("search", "卢东亮 AND 天镇", "--db", seed_archive, "--json"))
    assert result.stderr == ""
    (hit,) = json_lines(result.stdout)
    assert set(hit) == set(HIT_FIELDS)
    assert (hit["paper"], hit["date"], hit["page"], hit["kind"]) == ("大同日报", "2023-12-01", 1, "article")
    assert "天镇" in headline(hit)
    assert "«卢东亮»" in hit["snippet"] or "«天镇»" in hit["snippet"]
    assert isinstance(hit["score"], float) and isinstance(hit["id"], int)
    assert seeds.article(hit["id"]) is not None

    result = ok(cli("search", "党", "--db", seed_archive, "--json", "--limit", "7"))
    hits = json_lines(result.stdout)
    assert len(hits) == 7 == len(result.stdout.strip().splitlines())
    assert [h["id"] for h in hits] == ids(search(seeds, "党", limit=7))
    assert all(set(h) == set(HIT_FIELDS) for h in hits)


@pytest.mark.parametrize(
    ("options", "expect"),
    [
        (["--paper", "大同日报"], lambda h: h["paper"] == "大同日报"),
        (["--from", "2023-12-01", "--to", "2023-12-31"], lambda h: h["date"] == "2023-12-01"),
        (["--page", "1"], lambda h: h["page"] == 1),
        (["--kind", "photo"], lambda h: h["kind"] == "photo"),
    ],
)
def test_cli_search_filters(seed_archive: Path, options: list[str], expect: Any) -> None:
    everything = json_lines(ok(cli("search", "大同 OR 游客", "--db", seed_archive, "--json", "--limit", 200)).stdout)
    filtered = json_lines(ok(cli("search", "大同 OR 游客", "--db", seed_archive, "--json", "--limit", 200,
                                 *options)).stdout)
    assert filtered
    assert [h["id"] for h in filtered] == [h["id"] for h in everything if expect(h)]


def test_cli_search_prints_readable_hits(seed_archive: Path) -> None:
    out = ok(cli("search", "天镇县", "--db", seed_archive)).stdout
    assert "卢东亮在天镇县调研时强调" in out
    assert "大同日报 2023-12-01 第1版" in out
    assert out.strip().endswith("1 hit(s)")
    assert "«" not in out  # the marks become highlighting
    assert ok(cli("search", "没有这个词", "--db", seed_archive)).stdout.strip() == "0 hit(s)"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"耕地', "quote"),
        ('耕地 "盐碱地', "quote"),
        ("AND", "AND"),
        ("OR 太原", "OR"),
        ("NOT 耕地", "NOT"),
        ("耕地 AND", "operator"),
        ("耕地 NOT", "operator"),
        ("(耕地", "parenthesis"),
        ("耕地)", "parenthesis"),
        ("(大同 OR 太原", "parenthesis"),
        ("()", "parenthesis"),
        ("", "empty"),
        ("   ", "empty"),
        ('""', "nothing"),
        ("，。", "nothing"),
    ],
)
def test_malformed_query(seed_archive: Path, seeds: Archive, query: str, says: str) -> None:
    assert_one_line_error(cli("search", query, "--db", seed_archive), says)
    assert_one_line_error(cli("search", query, "--db", seed_archive, "--json"), says)
    with pytest.raises(QueryError):
        search(seeds, query)


def test_parenthesised_query(seeds: Archive) -> None:
    grouped = set(ids(search(seeds, "(大同 OR 太原) 海关", limit=100)))
    assert grouped
    assert grouped == (containing(seeds, "大同") | containing(seeds, "太原")) & containing(seeds, "海关")


def test_cli_search_errors_of_options_and_files(seed_archive: Path, tmp_path: Path) -> None:
    assert_one_line_error(cli("search", "大同", "--db", seed_archive, "--from", "2023/12/01"), "2023/12/01")
    assert_one_line_error(cli("search", "大同", "--db", tmp_path / "none.sqlite"), "no such archive")
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database\n" * 100)
    assert_one_line_error(cli("search", "大同", "--db", junk), "not a baokan archive")
    assert_one_line_error(cli("stats", "--db", tmp_path / "none.sqlite"))


def test_cli_show(seed_archive: Path, seeds: Archive) -> None:
    (hit,) = search(seeds, "卢东亮 AND 天镇")
    a = seeds.article(hit.id)
    assert a is not None and a.next_id is None and a.prev_id is None
    out = ok(cli("show", hit.id, "--db", seed_archive)).stdout
    assert a.article.title in out
    assert "大同日报  2023-12-01  第1版" in out
    assert a.article.body.split("\n")[-1] in out
    data = json.loads(ok(cli("show", hit.id, "--db", seed_archive, "--json")).stdout)
    assert [p["id"] for p in data["parts"]] == [hit.id]
    assert data["text"] == a.article.body
    assert data["parts"][0]["title"] == a.article.title
    assert_one_line_error(cli("show", 999999, "--db", seed_archive), "999999")


def test_stats_counts(seeds: Archive) -> None:
    stats = seeds.stats()
    q = seeds.db.execute
    assert stats["by_kind"] == dict(q("SELECT kind, count(*) FROM articles GROUP BY kind").fetchall())
    assert stats["by_kind"]["photo"] == 5
    assert stats["by_kind"]["teaser"] >= 3


# ============================================================================ the seeds are different papers


def _links(archive: Archive) -> list[tuple[int, int]]:
    return archive.db.execute("SELECT from_id, to_id FROM links ORDER BY from_id").fetchall()


def _check_no_cross_paper_links(archive: Archive) -> None:
    assert _links(archive) == []
    heads = [a for a in archive.iter_articles() if a.article.continued_to is not None]
    tails = [a for a in archive.iter_articles() if a.article.continued_from is not None]
    head = next(a for a in heads if Path(a.source_path).name == f"{S000}.txt")
    assert head.article.continued_to == 3
    assert head.next_id is None
    story = archive.story(head.id)
    assert story is not None and [p.id for p in story.parts] == [head.id]
    assert story.text == head.article.body
    on_001 = [a for a in tails if Path(a.source_path).name == f"{S001}.txt"]
    assert len(on_001) == 3 and all(a.article.continued_from == 1 for a in on_001)
    for a in on_001:
        assert a.prev_id is None
        assert [p.id for p in archive.story(a.id).parts] == [a.id]  # type: ignore[union-attr]
    assert all(a.prev_id is None for a in tails) and all(a.next_id is None for a in heads)


def test_page_001_continuations_not_linked_to_page_000_unplaced(seeds: Archive) -> None:
    _check_no_cross_paper_links(seeds)


@pytest.mark.parametrize(
    "placement",
    [
        ["--paper", "人民日报", "--date", "2023-12-01"],  # another paper, the same day
        ["--paper", "人民日报", "--date", "2023-12-01", "--page", "3"],  # ... even said to be page 3
        ["--paper", "大同日报", "--date", "2023-11-30", "--page", "3"],  # the same paper, another day
        ["--paper", "人民日报", "--date", "2023-11-30"],
    ],
)
def test_page_001_continuations_not_linked_to_page_000_placed(tmp_path: Path, placement: list[str]) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", pages / f"{S000}.txt", "--db", db))
    ok(cli("ingest", pages / f"{S001}.txt", "--db", db, *placement))
    ok(cli("ingest", pages, "--db", db))  # the rest, unplaced; 000 and 001 unchanged
    with Archive(db, readonly=True) as archive:
        row = archive.db.execute("SELECT paper, date, placed FROM pages WHERE source_path LIKE ?",
                                 (f"%{S001}.txt",)).fetchone()
        assert row == (placement[1], placement[3], 1)
        assert archive.stats()["pages"] == 5
        _check_no_cross_paper_links(archive)
        assert_consistent(archive.db)


# ============================================================================ idempotency


def _snapshot(archive: Archive) -> dict[str, Any]:
    q = archive.db.execute
    return {
        "pages": q("SELECT id, source_path, sha256, paper, date, page FROM pages ORDER BY id").fetchall(),
        "articles": all_articles(archive),
        "links": _links(archive),
        "stats": archive.stats(),
    }


def test_reingest_adds_nothing(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        ingest(archive, [pages])
        before = _snapshot(archive)
        report = ingest(archive, [pages])
        assert (report.added, report.replaced, report.unchanged, report.articles) == (0, 0, 5, 0)
        assert _snapshot(archive) == before
    out = ok(cli("ingest", pages, "--db", db)).stdout
    assert "0 added, 0 replaced, 5 unchanged, 0 failed" in out
    with Archive(db) as archive:
        assert _snapshot(archive) == before
        assert_consistent(archive.db)


def test_changed_file_replaces_its_page(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "a.sqlite"
    target = pages / f"{S000}.txt"
    with Archive(db) as archive:
        ingest(archive, [pages])
        before = _snapshot(archive)
        old_page = archive.db.execute("SELECT id FROM pages WHERE source_path = ?", (str(target.resolve()),)).fetchone()[0]
        old_ids = {i for i, a in before["articles"].items() if a["page_id"] == old_page}
        (old_photo,) = search(archive, "筒子河")
        assert old_photo.id in old_ids

    text = target.read_text(encoding="utf-8")
    assert text.count("筒子河") == 1 and "什刹海" not in text
    target.write_text(text.replace("筒子河", "什刹海"), encoding="utf-8")

    result = ok(cli("ingest", pages, "--db", db))
    assert "0 added, 1 replaced, 4 unchanged, 0 failed" in result.stdout
    with Archive(db) as archive:
        after = _snapshot(archive)
        assert after["stats"] == before["stats"]
        new_page = archive.db.execute("SELECT id, sha256 FROM pages WHERE source_path = ?", (str(target.resolve()),)).fetchone()
        assert new_page[1] != next(p[2] for p in before["pages"] if p[0] == old_page)
        for i in old_ids:  # the old version's articles are gone ...
            assert archive.article(i) is None
        new_ids = {i for i, a in after["articles"].items() if a["page_id"] == new_page[0]}
        assert len(new_ids) == len(old_ids) and not new_ids & old_ids
        # ... the other pages' articles are untouched
        assert {i: a for i, a in after["articles"].items() if i not in new_ids} == {
            i: a for i, a in before["articles"].items() if i not in old_ids
        }
        (hit,) = search(archive, "什刹海")
        assert hit.id in new_ids and hit.kind == "photo" and "«什刹海»" in hit.snippet
        assert search(archive, "筒子河") == []
        assert fts_match(archive.db, "筒子河") == set()  # no stale row left in the index itself
        assert fts_match(archive.db, "天镇") == containing(archive, "天镇")
        assert_consistent(archive.db)


def test_same_files_by_another_path_spelling_add_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_seeds(tmp_path / "pages")
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", "pages", "--db", db))
    result = ok(cli("ingest", tmp_path / "pages", "--db", db))
    assert "0 added, 0 replaced, 5 unchanged" in result.stdout
    result = ok(cli("ingest", "./pages/../pages", "--db", db))
    assert "0 added, 0 replaced, 5 unchanged" in result.stdout
    with Archive(db, readonly=True) as archive:
        assert archive.stats()["pages"] == 5, result.stdout


# ============================================================================ page identity


def _by_stem(archive: Archive) -> dict[str, tuple]:
    """(paper, date, page, placed) of each page, by the sample page it is a copy of."""
    out = {}
    for path, paper, date, page, placed in archive.db.execute(
        "SELECT source_path, paper, date, page, placed FROM pages"
    ):
        data = Path(path).read_bytes()
        stem = next(s for s in (S000, S001, S002, S003, S004) if (SEEDS / f"{s}.txt").read_bytes() == data)
        out[stem] = (paper, date, page, placed)
    return out


def test_path_pattern_directories(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    layout = {
        S002: "大同日报/2022-02-24/1.txt",
        S003: "大同日报/2024-03-27/1.txt",
        S004: "山西日报/2023-03-30/4.txt",
        S001: "人民日报/2023-12-01/3.txt",
        S000: "某某晚报/2020-01-01/5.txt",  # prints its masthead: the page text wins over the path
    }
    for stem, rel in layout.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SEEDS / f"{stem}.txt", root / rel)
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", root, "--db", db, "--path-pattern", DIRS_PATTERN))
    with Archive(db, readonly=True) as archive:
        assert _by_stem(archive) == {
            S002: ("大同日报", "2022-02-24", 1, 1),
            S003: ("大同日报", "2024-03-27", 1, 1),
            S004: ("山西日报", "2023-03-30", 4, 1),
            S001: ("人民日报", "2023-12-01", 3, 1),
            S000: ("大同日报", "2023-12-01", 1, 1),
        }
        stats = archive.stats()
        assert stats["unplaced_pages"] == 0 and stats["issues"] == 5 and stats["papers"] == 3
        assert (stats["first_date"], stats["last_date"]) == ("2022-02-24", "2024-03-27")
        # 人民日报 page 3 of 2023-12-01 is not 大同日报's page 3: nothing to stitch
        assert stats["stories"] == 0
        hits = search(archive, "卢东亮", paper="大同日报", date_from="2022-01-01", date_to="2022-12-31", limit=100)
        assert hits and {h.date for h in hits} == {"2022-02-24"}
        assert_consistent(archive.db)


def test_path_pattern_flat_names(tmp_path: Path) -> None:
    root = tmp_path / "flat"
    root.mkdir()
    layout = {
        S002: "大同日报_20220224_1.txt",
        S004: "山西日报_20230330_4.txt",
        S003: "大同日报_20240327_A2.txt",  # a section letter before the page number
        S001: "scan-0001.txt",  # does not follow the pattern: unplaced
    }
    for stem, name in layout.items():
        shutil.copyfile(SEEDS / f"{stem}.txt", root / name)
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        report = ingest(archive, [root], path_pattern=FLAT_PATTERN)
        assert report.added == 4
        assert _by_stem(archive) == {
            S002: ("大同日报", "2022-02-24", 1, 1),
            S004: ("山西日报", "2023-03-30", 4, 1),
            S003: ("大同日报", "2024-03-27", 2, 1),
            S001: (None, None, None, 0),
        }
        assert archive.stats()["unplaced_pages"] == 1


def test_given_placement_for_pages_that_print_nothing(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages", S000, S004)
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", pages, "--db", db, "--paper", "山西日报", "--date", "2023-03-30", "--page", "4"))
    with Archive(db, readonly=True) as archive:
        assert _by_stem(archive) == {
            S004: ("山西日报", "2023-03-30", 4, 1),
            S000: ("大同日报", "2023-12-01", 1, 1),  # what a page prints is not overridden
        }
        assert archive.stats()["unplaced_pages"] == 0
        assert {h.paper for h in search(archive, "蓝佛安", limit=50)} == {"山西日报"}
    with Archive(tmp_path / "b.sqlite") as archive:
        ingest(archive, [pages / f"{S004}.txt"], given=Placement(paper="山西日报", date="2023-03-30", page=4))
        assert _by_stem(archive) == {S004: ("山西日报", "2023-03-30", 4, 1)}


def test_unplaced_pages_are_stored_and_counted(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages", S002, S003)
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", pages / f"{S002}.txt", "--db", db))  # nothing known
    ok(cli("ingest", pages / f"{S003}.txt", "--db", db, "--paper", "大同日报"))  # a paper but no date
    with Archive(db, readonly=True) as archive:
        assert _by_stem(archive) == {S002: (None, None, None, 0), S003: ("大同日报", None, None, 0)}
        stats = archive.stats()
        assert (stats["pages"], stats["unplaced_pages"], stats["issues"]) == (2, 2, 0)
        assert search(archive, "卢东亮", limit=50)  # stored and searchable all the same
        assert search(archive, "卢东亮", date_from="2000-01-01") == []
    out = ok(cli("stats", "--db", db)).stdout
    assert any(line.split() == ["unplaced_pages", "2"] for line in out.splitlines())


def test_ingest_option_errors(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages", S004)
    db = tmp_path / "a.sqlite"
    assert_one_line_error(cli("ingest", pages, "--db", db, "--date", "30.3.2023"), "--date")
    assert_one_line_error(cli("ingest", pages, "--db", db, "--path-pattern", "{paper}/{date:%B}/{page}"), "%B")
    assert_one_line_error(cli("ingest", pages, "--db", db, "--path-pattern", "pages/*.txt"))
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00junk" * 1000)
    assert_one_line_error(cli("ingest", pages, "--db", junk), "not a baokan archive")


def test_a_bad_file_fails_alone(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages", S000, S004)
    (pages / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    db = tmp_path / "a.sqlite"
    result = cli("ingest", pages, "--db", db)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "broken.txt" in result.stderr
    assert "2 added, 0 replaced, 0 unchanged, 1 failed" in result.stdout
    with Archive(db, readonly=True) as archive:
        assert archive.stats()["pages"] == 2


def test_parallel_ingest_gives_the_same_archive(tmp_path: Path, seeds: Archive) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "jobs.sqlite"
    ok(cli("ingest", pages, "--db", db, "--jobs", "2"))
    with Archive(db, readonly=True) as archive:
        assert archive.stats() == seeds.stats()
        assert [(a.id, a.seq, a.article) for a in archive.iter_articles()] == [
            (a.id, a.seq, a.article) for a in seeds.iter_articles()
        ]


# ============================================================================ stitching


def _gold(stem: str, i: int) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))["articles"][i]


def _heading(a: dict) -> list[str]:
    return [x for x in (a.get("kicker"), a.get("title"), a.get("subtitle")) if x]


def _cut_mid_sentence(a: dict, k: int) -> tuple[list[str], list[str]]:
    """The body split inside paragraph k, after a comma in its middle: two lists of paragraphs."""
    paras = a["body"].split("\n")
    p = paras[k]
    commas = [i for i, ch in enumerate(p) if ch == "，"]
    c = commas[len(commas) // 2] + 1
    return [*paras[:k], p[:c]], [p[c:], *paras[k + 1:]]


def _page(*blocks: list[str]) -> str:
    return "\n\n".join(line for b in blocks for line in b) + "\n"


class Issue:
    """A four-page issue made of real article text.

    Page 1: A (→ 第三版, cut mid-sentence), E (whole), B (→ 第3版, cut mid-sentence),
    C (→ A2版, cut between paragraphs), D (→ 第四版, its continuation never printed).
    Page 2: C's continuation (上接A1版), F (whole). Page 3: the continuations of A and B
    (上接第一版 both; printed in either order). Page 4: a part 上接第二版 whose head is missing.
    A and B are two reports of the same writer on the same day (蓝佛安, 河湖长制 / 黄河流域):
    they share much vocabulary, so only the text carries the pairing.
    """

    PAPER, DATE = "晋北晚报", "2023-03-29"

    def __init__(self, swap: bool = False, c_from: str = "（上接A1版）") -> None:
        self.a, self.b = _gold(S004, 4), _gold(S004, 5)
        self.c, self.d = _gold(S000, 0), _gold(S003, 7)
        self.e, self.f = _gold(S000, 5), _gold(S003, 5)
        a1, a2 = _cut_mid_sentence(self.a, 2)
        b1, b2 = _cut_mid_sentence(self.b, 2)
        c_paras = self.c["body"].split("\n")
        c1, c2 = c_paras[:3], c_paras[3:]
        d1 = self.d["body"].split("\n")[:2]
        self.a_cut = (a1[-1], a2[0])
        self.pages = {
            1: _page(
                _heading(self.a), a1[:-1], [a1[-1] + "（下转第三版）"],
                _heading(self.e), self.e["body"].split("\n"),
                _heading(self.b), b1[:-1], [b1[-1] + "（下转第3版）"],
                _heading(self.c), c1[:-1], [c1[-1] + "（下转A2版）"],
                _heading(self.d), d1[:-1], [d1[-1] + "（下转第四版）"],
            ),
            2: _page([c_from], c2, _heading(self.f), self.f["body"].split("\n")),
            3: _page(["（上接第一版）"], b2, ["（上接第一版）"], a2) if swap
            else _page(["（上接第一版）"], a2, ["（上接第一版）"], b2),
            4: _page(["（上接第二版）"], _gold(S004, 3)["body"].split("\n")[3:5]),
        }

    def write(self, root: Path, pages: tuple[int, ...] = (1, 2, 3, 4)) -> Path:
        for n in pages:
            path = root / self.PAPER / self.DATE / f"{n}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.pages[n], encoding="utf-8")
        return root


def _part(archive: Archive, page: int, startswith: str | None = None, title: str | None = None) -> Any:
    found = [
        a for a in archive.iter_articles()
        if a.page == page
        and (startswith is None or a.article.body.startswith(startswith))
        and (title is None or a.article.title == title)
    ]
    assert len(found) == 1, [(a.page, a.article.title, a.article.body[:20]) for a in found]
    return found[0]


def _check_issue(archive: Archive, issue: Issue) -> dict[str, int]:
    a1 = _part(archive, 1, title=issue.a["title"])
    b1 = _part(archive, 1, title=issue.b["title"])
    c1 = _part(archive, 1, title=issue.c["title"])
    d1 = _part(archive, 1, title=issue.d["title"])
    e1 = _part(archive, 1, title=issue.e["title"])
    a2 = _part(archive, 3, startswith=issue.a_cut[1])
    b2 = _part(archive, 3, startswith=_cut_mid_sentence(issue.b, 2)[1][0])
    c2 = _part(archive, 2, startswith=issue.c["body"].split("\n")[3])
    orphan = _part(archive, 4)
    # what the parser read: the jumps as printed
    assert (a1.article.continued_to, b1.article.continued_to, c1.article.continued_to) == (3, 3, 2)
    assert c1.article.continued_to_prefix == "A"
    assert (a2.article.continued_from, b2.article.continued_from, orphan.article.continued_from) == (1, 1, 2)
    # two stories continue on page 3: each second part goes with its own first part
    assert (a1.next_id, a2.prev_id) == (a2.id, a1.id)
    assert (b1.next_id, b2.prev_id) == (b2.id, b1.id)
    assert (c1.next_id, c2.prev_id) == (c2.id, c1.id)
    # a part whose other half is not in the archive stays alone
    assert d1.next_id is None and orphan.prev_id is None
    assert e1.next_id is None and e1.prev_id is None
    assert sorted(_links(archive)) == sorted([(a1.id, a2.id), (b1.id, b2.id), (c1.id, c2.id)])
    assert archive.stats()["stories"] == 3
    # stories: parts in reading order, text joined (a mid-sentence cut without a line break)
    for first, second, gold in ((a1, a2, issue.a), (b1, b2, issue.b), (c1, c2, issue.c)):
        for start in (first.id, second.id):
            story = archive.story(start)
            assert story is not None
            assert [p.id for p in story.parts] == [first.id, second.id]
            assert [p.page for p in story.parts] == [1, second.page]
            assert story.text == gold["body"]
    story = archive.story(a1.id)
    assert story is not None and "".join(issue.a_cut) in story.text
    assert [p.id for p in archive.story(d1.id).parts] == [d1.id]  # type: ignore[union-attr]
    assert_consistent(archive.db)
    return {"a1": a1.id, "a2": a2.id, "b1": b1.id, "b2": b2.id, "c1": c1.id, "c2": c2.id, "d1": d1.id,
            "orphan": orphan.id}


@pytest.mark.parametrize("swap", [False, True], ids=["in-order", "swapped"])
def test_two_stories_continued_onto_one_page(tmp_path: Path, swap: bool) -> None:
    issue = Issue(swap=swap)
    root = issue.write(tmp_path / "in")
    with Archive(tmp_path / "a.sqlite") as archive:
        ingest(archive, [root], path_pattern=DIRS_PATTERN)
        _check_issue(archive, issue)


def test_stitching_does_not_depend_on_the_order_pages_arrive(tmp_path: Path) -> None:
    issue = Issue(swap=True)
    root = tmp_path / "in"
    with Archive(tmp_path / "a.sqlite") as archive:
        for pages in ((3,), (4, 2), (1,)):
            issue.write(root, pages)
            ingest(archive, [root], path_pattern=DIRS_PATTERN)
        _check_issue(archive, issue)


def test_restitched_when_a_page_is_replaced(tmp_path: Path) -> None:
    root = tmp_path / "in"
    db = tmp_path / "a.sqlite"
    Issue(swap=False).write(root)
    ok(cli("ingest", root, "--db", db, "--path-pattern", DIRS_PATTERN))
    with Archive(db) as archive:
        before = _check_issue(archive, Issue(swap=False))
    Issue(swap=True).write(root, (3,))  # page 3 reprinted, the two parts the other way round
    assert "1 replaced, 3 unchanged" in ok(cli("ingest", root, "--db", db, "--path-pattern", DIRS_PATTERN)).stdout
    with Archive(db) as archive:
        after = _check_issue(archive, Issue(swap=True))
        assert after["a1"] == before["a1"] and after["b1"] == before["b1"]
        assert after["a2"] not in (before["a2"], before["b2"])
        assert archive.article(before["a2"]) is None


def test_prefixes_must_agree_when_both_sides_print_one(tmp_path: Path) -> None:
    issue = Issue(c_from="（上接B1版）")
    root = issue.write(tmp_path / "in")
    with Archive(tmp_path / "a.sqlite") as archive:
        ingest(archive, [root], path_pattern=DIRS_PATTERN)
        c1 = _part(archive, 1, title=issue.c["title"])
        c2 = _part(archive, 2, startswith=issue.c["body"].split("\n")[3])
        assert (c1.article.continued_to_prefix, c2.article.continued_from_prefix) == ("A", "B")
        assert c1.next_id is None and c2.prev_id is None
        assert archive.stats()["stories"] == 2
    issue = Issue(c_from="（上接第一版）")  # no letter on one side: the page numbers decide
    root = issue.write(tmp_path / "in2")
    with Archive(tmp_path / "b.sqlite") as archive:
        ingest(archive, [root], path_pattern=DIRS_PATTERN)
        c1 = _part(archive, 1, title=issue.c["title"])
        assert c1.next_id == _part(archive, 2, startswith=issue.c["body"].split("\n")[3]).id


def test_cli_show_prints_the_whole_story(tmp_path: Path) -> None:
    issue = Issue(swap=True)
    root = issue.write(tmp_path / "in")
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", root, "--db", db, "--path-pattern", DIRS_PATTERN))
    with Archive(db, readonly=True) as archive:
        a2 = _part(archive, 3, startswith=issue.a_cut[1])
        a1_id = a2.prev_id
    out = ok(cli("show", a2.id, "--db", db)).stdout
    assert issue.a["title"] in out
    assert f"{Issue.PAPER}  {Issue.DATE}  第1版  第3版" in out
    assert f"parts: {a1_id}, {a2.id}" in out
    assert "".join(issue.a_cut) in out
    data = json.loads(ok(cli("show", a2.id, "--db", db, "--json")).stdout)
    assert [p["id"] for p in data["parts"]] == [a1_id, a2.id]
    assert data["parts"][0]["next_part"] == a2.id and data["parts"][1]["prev_part"] == a1_id
    assert data["text"] == issue.a["body"]


# ============================================================================ kill -9 during ingest


SYNTH_PAPERS = ("江城日报", "晋北晚报", "滨海日报")


def _write_corpus(root: Path, n: int, seed: int = 11) -> list[Path]:
    """`n` synthetic pages as {paper}/{date}/{page}.txt: issues of 6 pages, 3 papers. A synthetic
    page prints any paper, date and page number; one that would land at the place of a page
    already written (and so replace it in the archive) is left out, so that each file is a page."""
    material = synth.load_articles(GOLD)
    paths: list[Path] = []
    places: set[tuple[str, str, int]] = set()
    for _name, text, gold in synth.make_corpus(material, 2 * n, seed=seed):
        issue, page = divmod(len(paths), 6)
        day = dt.date(2024, 1, 1) + dt.timedelta(days=issue // len(SYNTH_PAPERS))
        paper = SYNTH_PAPERS[issue % len(SYNTH_PAPERS)]
        where = (gold.get("paper") or paper, gold.get("date") or day.isoformat(),
                 gold["page"] if gold.get("page") is not None else page + 1)
        if where in places:
            continue
        places.add(where)
        path = root / paper / day.isoformat() / f"{page + 1}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        if len(paths) == n:
            break
    return paths


def _content(db_path: Path) -> dict[str, Any]:
    """An archive's content keyed by what does not depend on insertion: paths and seqs."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        pages = {r[0]: r[1:] for r in db.execute(
            "SELECT source_path, id, sha256, paper, date, page, page_name, edition, placed, text FROM pages")}
        cols = [r[1] for r in db.execute("PRAGMA table_info(articles)")]
        articles = {}
        for row in db.execute(f"SELECT p.source_path, {', '.join('a.' + c for c in cols)} "
                              "FROM articles a JOIN pages p ON p.id = a.page_id"):
            rec = dict(zip(cols, row[1:], strict=True))
            articles[(row[0], rec["seq"])] = rec
        links = set(db.execute(
            "SELECT pf.source_path, af.seq, pt.source_path, at.seq, l.from_id, l.to_id FROM links l "
            "JOIN articles af ON af.id = l.from_id JOIN pages pf ON pf.id = af.page_id "
            "JOIN articles at ON at.id = l.to_id JOIN pages pt ON pt.id = at.page_id"
        ).fetchall())
        return {"pages": pages, "articles": articles, "links": links}
    finally:
        db.close()


def _count_pages(db_path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.2)
        try:
            return db.execute("SELECT count(*) FROM pages").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_kill_9_during_ingest_then_resume(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    n = 420
    files = _write_corpus(corpus, n)
    shas = {str(p.resolve()): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    killed = tmp_path / "killed.sqlite"
    cmd = [sys.executable, "-m", "baokan", "ingest", str(corpus), "--db", str(killed),
           "--path-pattern", DIRS_PATTERN]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            stored = _count_pages(killed) if killed.exists() else 0
            if stored >= BATCH:  # a batch or more is in, and the ingest goes on
                break
            time.sleep(0.02)
        assert proc.poll() is None, f"ingest ended before it could be killed: {proc.stderr.read()!r}"  # type: ignore[union-attr]
        time.sleep(0.15)  # into the next batches
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    # the killed archive opens and is consistent, with some but not all pages in
    with Archive(killed) as archive:
        assert_consistent(archive.db)
        at_kill = archive.stats()["pages"]
        assert BATCH <= at_kill < n, at_kill
        assert at_kill % BATCH == 0  # whole batches only
        assert search(archive, "发展", limit=5)
        for path, sha in archive.db.execute("SELECT source_path, sha256 FROM pages"):
            assert shas[path] == sha
    with Archive(killed, readonly=True) as archive:
        assert archive.stats()["pages"] == at_kill

    # the rerun skips what is in and finishes the job
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{n - at_kill} added, 0 replaced, {at_kill} unchanged, 0 failed" in rerun.stdout

    # same archive as one uninterrupted ingest
    clean = tmp_path / "clean.sqlite"
    with Archive(clean) as archive:
        report = ingest(archive, [corpus], path_pattern=DIRS_PATTERN)
        assert report.added == n and report.failed == 0
    resumed, reference = _content(killed), _content(clean)
    assert len(reference["pages"]) == n
    assert {p: v[1] for p, v in reference["pages"].items()} == shas
    assert resumed["pages"] == reference["pages"]  # by source path: id, sha256, placement, text
    assert resumed["articles"] == reference["articles"]  # by (path, seq): id and every field
    assert resumed["links"] == reference["links"]  # by (path, seq) pairs, and ids
    assert reference["links"], "the synthetic corpus should have some stitched stories"
    check_archive(killed)
    check_archive(clean)


# ============================================================================ export


@pytest.fixture()
def issue_archive(tmp_path: Path) -> Path:
    """The four-page issue plus the five seed pages (000 placed by its masthead)."""
    root = Issue().write(tmp_path / "in")
    copy_seeds(root / "seeds")
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", root, "--db", db, "--path-pattern", DIRS_PATTERN))
    return db


def _read_export(path: Path, fmt: str) -> list[dict]:
    if fmt == "jsonl":
        return json_lines(path.read_text(encoding="utf-8"))
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _norm(rows: list[dict], fmt: str) -> list[dict]:
    """CSV cells back to JSON values, so that every format compares equal."""
    if fmt != "csv":
        return rows
    ints = {"id", "page", "page_id", "seq", "continued_to", "continued_from", "prev_part", "next_part"}
    out = []
    for r in rows:
        r = dict(r)
        for k, v in r.items():
            if k in ("authors", "credits", "summary"):
                r[k] = json.loads(v)
            elif v == "":
                r[k] = None
            elif k in ints:
                r[k] = int(v)
        out.append(r)
    return out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_everything(tmp_path: Path, issue_archive: Path, fmt: str) -> None:
    out = tmp_path / "out" / f"all.{fmt}"
    result = ok(cli("export", "-o", out, "--format", fmt, "--db", issue_archive))
    rows = _norm(_read_export(out, fmt), fmt)
    with Archive(issue_archive, readonly=True) as archive:
        stored = [a.to_json() for a in archive.iter_articles()]
        assert f"{len(stored)} article(s)" in result.stdout
        assert [r["id"] for r in rows] == [a["id"] for a in stored]
        for row, a in zip(rows, stored, strict=True):
            for key in ("id", "paper", "date", "page", "page_name", "page_id", "seq", "source_path", "kind",
                        "kicker", "title", "subtitle", "dateline", "agency", "authors", "credits", "body",
                        "continued_to", "continued_from", "prev_part", "next_part"):
                assert row[key] == a.get(key), key
        links = set(_links(archive))
    assert {(r["id"], r["next_part"]) for r in rows if r["next_part"]} == links
    assert {(r["prev_part"], r["id"]) for r in rows if r["prev_part"]} == links
    by_id = {r["id"]: r for r in rows}
    for head, tail in links:
        assert (by_id[head]["paper"], by_id[head]["date"], by_id[head]["page"]) == (Issue.PAPER, Issue.DATE, 1)
        assert by_id[tail]["page"] in (2, 3)
    assert {r["paper"] for r in rows} == {Issue.PAPER, "大同日报", None}
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize(
    ("options", "expect"),
    [
        (["--paper", Issue.PAPER], lambda r: r["paper"] == Issue.PAPER),
        (["--kind", "photo"], lambda r: r["kind"] == "photo"),
        (["--page", "3"], lambda r: r["page"] == 3),
        (["--from", "2023-04-01"], lambda r: r["date"] is not None and r["date"] >= "2023-04-01"),
        (["--from", "2023-03-29", "--to", "2023-03-29", "--page", "1"],
         lambda r: (r["date"], r["page"]) == ("2023-03-29", 1)),
    ],
)
def test_export_filters(tmp_path: Path, issue_archive: Path, fmt: str, options: list[str], expect: Any) -> None:
    out = tmp_path / f"part.{fmt}"
    ok(cli("export", "-o", out, "--format", fmt, "--db", issue_archive, *options))
    rows = _norm(_read_export(out, fmt), fmt)
    with Archive(issue_archive, readonly=True) as archive:
        every = [a.to_json() for a in archive.iter_articles()]
    wanted = [a["id"] for a in every if expect(a)]
    assert wanted
    assert [r["id"] for r in rows] == wanted


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_of_nothing_is_an_empty_valid_file(tmp_path: Path, issue_archive: Path, fmt: str) -> None:
    out = tmp_path / f"none.{fmt}"
    result = ok(cli("export", "-o", out, "--format", fmt, "--db", issue_archive, "--paper", "没有这份报"))
    assert "0 article(s)" in result.stdout
    assert out.exists()
    assert _read_export(out, fmt) == []
    if fmt == "jsonl":
        assert out.read_bytes() == b""
    elif fmt == "csv":
        header = out.read_text(encoding="utf-8").splitlines()
        assert len(header) == 1 and header[0].startswith("id,paper,date,page")
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == 0
        assert {"id", "paper", "date", "page", "title", "body", "prev_part", "next_part"} <= set(table.column_names)


def test_export_errors_leave_no_file(tmp_path: Path, issue_archive: Path) -> None:
    out = tmp_path / "x" / "out.xml"
    assert_one_line_error(cli("export", "-o", out, "--format", "xml", "--db", issue_archive), "xml")
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
    assert_one_line_error(cli("export", "-o", tmp_path / "a.jsonl", "--db", issue_archive, "--from", "yesterday"))
    assert not (tmp_path / "a.jsonl").exists()
    assert_one_line_error(cli("export", "-o", tmp_path / "b.jsonl", "--db", tmp_path / "none.sqlite"))
    assert not (tmp_path / "b.jsonl").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_is_atomic(tmp_path: Path, issue_archive: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export that fails half-way leaves the previous file as it was, and no temporary file."""
    from baokan.archive import export as export_module

    out = tmp_path / "out" / f"data.{fmt}"
    out.parent.mkdir()
    out.write_bytes(b"previous export\n")
    real_row = export_module.row
    calls = 0

    def failing_row(a: Any) -> dict:
        nonlocal calls
        calls += 1
        if calls > 5:
            raise OSError(28, "No space left on device")
        return real_row(a)

    monkeypatch.setattr(export_module, "row", failing_row)
    with Archive(issue_archive, readonly=True) as archive, pytest.raises(OSError, match="No space"):
        export(archive, fmt, out)
    assert out.read_bytes() == b"previous export\n"
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    monkeypatch.setattr(export_module, "row", real_row)
    with Archive(issue_archive, readonly=True) as archive:
        n = export(archive, fmt, out, kind="photo")
        assert n == len(_read_export(out, fmt)) == archive.stats()["by_kind"]["photo"]


def test_export_file_mode_follows_the_umask(tmp_path: Path, issue_archive: Path) -> None:
    out = tmp_path / "all.jsonl"
    ok(cli("export", "-o", out, "--db", issue_archive))
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


# ============================================================================ readers and a writer


def test_readers_search_while_a_writer_holds_a_transaction(tmp_path: Path, seed_archive: Path) -> None:
    from baokan import parse_page

    db = tmp_path / "a.sqlite"
    shutil.copyfile(seed_archive, db)
    extra = tmp_path / "extra.txt"
    extra.write_text(
        "什刹海冰场今日开放\n\n本报讯 今天上午，什刹海冰场正式开放，市民在冰面上滑冰游玩。\n", encoding="utf-8"
    )
    page = parse_page(extra.read_bytes(), extra.name)
    writer = Archive(db)
    try:
        writer.add_page(page, str(extra), "0" * 64, commit=False)  # inserted, not committed
        assert search(writer, "什刹海")  # the writer sees its own rows
        with Archive(db, readonly=True) as reader:
            start = time.perf_counter()
            assert search(reader, "什刹海") == []
            assert search(reader, "天镇")
            assert reader.stats()["pages"] == 5
            assert time.perf_counter() - start < 2  # no waiting on the writer's lock
            # the command line, too
            assert json_lines(ok(cli("search", "天镇", "--db", db, "--json")).stdout)
            assert ok(cli("search", "什刹海", "--db", db)).stdout.strip() == "0 hit(s)"
            writer.commit()
            (hit,) = search(reader, "什刹海")
            assert hit.title == "什刹海冰场今日开放"
            assert reader.stats()["pages"] == 6
    finally:
        writer.close()
    check_archive(db)


# ============================================================================ what search finds


def test_a_term_does_not_match_across_punctuation(tmp_path: Path) -> None:
    """大同 must not find '扩大。同时' (fixed in 4160b32: punctuation is a barrier in the index)."""
    page = tmp_path / "p.txt"
    page.write_text(
        "我市加快对外开放步伐\n\n本报讯 今年以来，我市对外开放的领域进一步扩大。同时，全市各级各部门积极推进"
        "项目建设，不断优化营商环境，推动经济持续向好发展。\n",
        encoding="utf-8",
    )
    with Archive(tmp_path / "a.sqlite") as archive:
        ingest(archive, [page])
        assert containing(archive, "大同") == set()
        assert search(archive, "大同") == []
        assert search(archive, '"扩大 同时"') == []
        assert len(search(archive, "扩大 同时")) == 1  # two terms, AND: both are there


def test_snippet_marks_a_latin_hit_whatever_its_case(seeds: Archive) -> None:
    (hit,) = search(seeds, "tiktok")
    assert "«tiktok»" in hit.snippet
    (hit,) = search(seeds, "TIKTOK")
    assert "«tiktok»" in hit.snippet.lower()


def _han_terms(archive: Archive, per_article: int = 4) -> list[str]:
    """Pure-Han substrings (1 to 8 characters) of every article's body, at fixed places."""
    import regex

    terms = []
    for a in all_articles(archive).values():
        runs = [r for r in regex.findall(r"\p{Han}+", a["body"]) if len(r) >= 2]
        for k in range(min(per_article, len(runs))):
            run = runs[(k * 7919) % len(runs)]
            n = 1 + (k * 3 + len(run)) % min(8, len(run))
            start = (k * 31) % (len(run) - n + 1)
            terms.append(run[start : start + n])
    return sorted(set(terms))


def test_every_han_term_finds_exactly_the_articles_that_print_it(seeds: Archive) -> None:
    terms = _han_terms(seeds)
    assert len(terms) > 100
    for term in terms:
        expected = containing(seeds, term)
        assert expected, term
        got = set(ids(search(seeds, f'"{term}"', limit=1000)))
        assert got == expected, (term, got ^ expected)


@pytest.mark.parametrize("term", ["11月30日", "2023年", "tiktok平台", '"3月29日"'])
def test_terms_with_digits_or_latin_before_han(seeds: Archive, term: str) -> None:
    literal = term.strip('"')
    expected = containing(seeds, literal)
    assert expected
    assert set(ids(search(seeds, term, limit=100))) == expected


@pytest.mark.parametrize("term", ["15.46", '"15.46亿亩"', '"《求是》杂志"'])
def test_literal_text_with_punctuation_inside(seeds: Archive, term: str) -> None:
    literal = term.strip('"')
    expected = containing(seeds, literal)
    assert expected  # the 《求是》 article on page 000 and on page 001, and more
    assert set(ids(search(seeds, term, limit=100))) == expected


# ============================================================================ two writers


def test_opening_for_writing_while_another_writer_holds_a_transaction(tmp_path: Path, seed_archive: Path) -> None:
    db = tmp_path / "a.sqlite"
    shutil.copyfile(seed_archive, db)
    with Archive(db) as first:
        first.db.execute("BEGIN IMMEDIATE")  # a writer inside a batch
        try:
            with Archive(db) as second:  # e.g. a second `baokan ingest` starting
                assert second.stats()["pages"] == 5
        finally:
            first.db.rollback()
