"""What a first real use of the archive found (issue 12, the data part): moved files must not
duplicate the archive, a page's identity is its content and its place; parser processes end
with their parent and SIGINT / SIGTERM stop an ingest cleanly; readers are shown the path
under the folder that was ingested, not the server's; `reuse --engine spark` without Java
says so in one line."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import Result

from baokan import parse_page
from baokan.archive import SCHEMA_VERSION, Archive
from baokan.archive.ingest import ingest
from baokan.archive.search import search
from conftest import cli, ok

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "eval" / "pages"
S000 = "000_9fc8dd82a9bcce83"  # 大同日报 2023-12-01 第1版
S001 = "001_173f75ccabea554e"  # no masthead: a page without a place
# the items the parser finds on the five seed pages: what one ingest of them stores
SEED_ARTICLES = sum(len(parse_page((SEEDS / f.name).read_bytes(), f.name).articles) for f in sorted(SEEDS.glob("*.txt")))


def copy_seeds(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(f, dest / f.name)
    return dest


def check_paths(db: sqlite3.Connection) -> None:
    """page_paths ↔ pages: every page read from at least one path, its source_path among them."""
    q = db.execute
    assert q("SELECT count(*) FROM page_paths pp LEFT JOIN pages p ON p.id = pp.page_id WHERE p.id IS NULL"
             ).fetchone()[0] == 0
    assert q("SELECT count(*) FROM pages p WHERE NOT EXISTS (SELECT 1 FROM page_paths pp WHERE pp.page_id = p.id "
             "AND pp.path = p.source_path)").fetchone()[0] == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    n = q("SELECT count(*) FROM articles").fetchone()[0]
    assert q("SELECT count(*) FROM articles_fts").fetchone()[0] == n


# ============================================================================ 1. moved files


def test_the_same_pages_from_another_folder_are_unchanged(tmp_path: Path) -> None:
    first, second = copy_seeds(tmp_path / "first"), copy_seeds(tmp_path / "moved" / "here")
    db = tmp_path / "a.sqlite"
    assert "5 added, 0 replaced, 0 unchanged" in ok(cli("ingest", first, "--db", db)).stdout
    out = ok(cli("ingest", second, "--db", db)).stdout
    assert "0 added, 0 replaced, 5 unchanged, 0 failed" in out, out
    with Archive(db) as archive:
        stats = archive.stats()
        assert (stats["pages"], stats["articles"]) == (5, SEED_ARTICLES)
        # every path a page was read from is kept: a rerun from either folder reads nothing
        page = archive.page_id_of(str((first / f"{S000}.txt").resolve()))
        assert page is not None and archive.page_id_of(str((second / f"{S000}.txt").resolve())) == page
        assert archive.page_paths(page) == sorted(str((d / f"{S000}.txt").resolve()) for d in (first, second))
        assert archive.page_keys(str((second / f"{S001}.txt").resolve())) == [str((second / f"{S001}.txt").resolve())]
        check_paths(archive.db)
    for folder in (first, second):
        assert "0 added, 0 replaced, 5 unchanged" in ok(cli("ingest", folder, "--db", db)).stdout
    # the first folder gone: the pages stay, known by the second
    shutil.rmtree(first)
    with Archive(db) as archive:
        report = ingest(archive, [second])
        assert (report.added, report.replaced, report.unchanged) == (0, 0, 5)
        assert archive.stats()["articles"] == SEED_ARTICLES


def test_many_copies_of_one_page_in_one_folder_are_one_page(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(6):
        shutil.copyfile(SEEDS / f"{S000}.txt", folder / f"copy{i}.txt")
    db = tmp_path / "a.sqlite"
    assert "1 added, 0 replaced, 5 unchanged" in ok(cli("ingest", folder, "--db", db)).stdout
    with Archive(db, readonly=True) as archive:
        assert archive.stats()["pages"] == 1
        assert len(archive.issue_pages("大同日报", "2023-12-01")) == 1


def test_a_changed_text_for_the_same_place_replaces_the_page_and_says_so(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", pages, "--db", db))
    with Archive(db, readonly=True) as archive:
        assert search(archive, "筒子河")
    newer = tmp_path / "newer"
    newer.mkdir()
    text = (SEEDS / f"{S000}.txt").read_text(encoding="utf-8")
    assert text.count("筒子河") == 1
    (newer / "front.txt").write_text(text.replace("筒子河", "什刹海"), encoding="utf-8")
    result = ok(cli("ingest", newer, "--db", db))
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "0 added, 1 replaced (1 with the same paper, date and page as a page from another file), 0 unchanged"
    ), result.stdout
    assert lines[1].strip() == f"replaced 大同日报 2023-12-01 第1版 (was {S000}.txt, now front.txt)"
    with Archive(db) as archive:
        assert archive.stats()["pages"] == 5
        assert archive.stats()["articles"] == SEED_ARTICLES
        assert len(archive.issue_pages("大同日报", "2023-12-01")) == 1
        assert search(archive, "什刹海") and not search(archive, "筒子河")
        # the old file read again: its text is the one at that place now (and it says so)
        report = ingest(archive, [pages / f"{S000}.txt"])
        assert (report.added, report.replaced) == (0, 1) and len(report.replaced_places) == 1
        assert search(archive, "筒子河") and not search(archive, "什刹海")
        check_paths(archive.db)


def test_a_page_without_a_place_is_its_path_and_bytes(tmp_path: Path) -> None:
    a, b, c = (tmp_path / d for d in ("a", "b", "c"))
    for d in (a, b, c):
        d.mkdir()
    shutil.copyfile(SEEDS / f"{S001}.txt", a / "page.txt")
    shutil.copyfile(SEEDS / f"{S001}.txt", b / "elsewhere.txt")
    text = (SEEDS / f"{S001}.txt").read_text(encoding="utf-8")
    (c / "page.txt").write_text(text + "\n本报讯 又一条消息。\n", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        first = ingest(archive, [a])
        assert first.added == 1 and archive.stats()["unplaced_pages"] == 1
        same = ingest(archive, [b])  # the same bytes from anywhere: unchanged
        assert (same.added, same.replaced, same.unchanged) == (0, 0, 1)
        assert archive.stats()["pages"] == 1
        other = ingest(archive, [c])  # other bytes at a new path: a new page, nothing replaced
        assert (other.added, other.replaced, other.unchanged) == (1, 0, 0)
        assert not other.replaced_places
        assert archive.stats()["pages"] == 2
        # the file at the first path changed: its page is replaced (the copy at b keeps the old one)
        (a / "page.txt").write_text(text + "\n本报讯 第三条消息。\n", encoding="utf-8")
        changed = ingest(archive, [a])
        assert (changed.added, changed.replaced, changed.unchanged) == (1, 0, 0)  # the old page stays, for b
        assert archive.stats()["pages"] == 3
        (b / "elsewhere.txt").write_text(text + "\n本报讯 第四条消息。\n", encoding="utf-8")
        changed = ingest(archive, [b])  # now no file has the old bytes: the old page goes
        assert (changed.added, changed.replaced, changed.unchanged) == (0, 1, 0)
        assert archive.stats()["pages"] == 3
        check_paths(archive.db)


# ============================================================================ 3. the path shown


def test_readers_are_shown_the_path_under_the_ingested_folder(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "srv" / "secret" / "pages" / "2023")
    loose = tmp_path / "srv" / "loose.txt"
    shutil.copyfile(SEEDS / f"{S001}.txt", loose)
    loose.write_text(loose.read_text(encoding="utf-8") + "\n本报讯 单独一页。\n", encoding="utf-8")
    db = tmp_path / "a.sqlite"
    ok(cli("ingest", pages.parent, loose, "--db", db))
    with Archive(db, readonly=True) as archive:
        arts = list(archive.iter_articles())
        assert arts
        for a in arts:
            assert a.source_path.startswith(str(tmp_path.resolve()))  # identity: the absolute path
            assert str(tmp_path) not in a.shown_path and "secret" not in a.shown_path
            data = a.to_json()
            assert data["shown_path"] == a.shown_path
        shown = {a.shown_path for a in arts}
        assert f"2023/{S000}.txt" in shown and "loose.txt" in shown
        front = next(a for a in arts if a.paper == "大同日报")
        row = archive.page_row(front.page_id)
        assert row is not None and row.shown_path == f"2023/{S000}.txt"
        assert all(p.shown_path and "secret" not in p.shown_path for p in archive.unplaced_pages())


def test_an_archive_of_schema_5_is_read_and_upgraded(tmp_path: Path) -> None:
    pages = copy_seeds(tmp_path / "pages")
    db = tmp_path / "old.sqlite"
    with Archive(db) as archive:
        ingest(archive, [pages])
    con = sqlite3.connect(db)  # what schema 5 had: one path per page, none shown
    con.execute("DROP TABLE page_paths")
    con.execute("DROP INDEX pages_sha")
    con.execute("ALTER TABLE pages DROP COLUMN shown_path")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    with Archive(db, readonly=True) as archive:  # read as it is: the file name shown
        assert archive.stats()["articles"] == SEED_ARTICLES
        assert {a.shown_path for a in archive.iter_articles()} == {f.name for f in SEEDS.glob("*.txt")}
    with Archive(db) as archive:  # upgraded in place: every page keeps its path
        report = ingest(archive, [pages])
        assert (report.added, report.unchanged) == (0, 5)
        moved = ingest(archive, [copy_seeds(tmp_path / "moved")])
        assert (moved.added, moved.unchanged) == (0, 5)
        assert archive.stats()["articles"] == SEED_ARTICLES
        check_paths(archive.db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    con.close()


# ============================================================================ 2. signals and workers


def _many_pages(root: Path, n: int) -> Path:
    """`n` distinct pages (the unplaced seeds, each with a line of its own): each is a new page."""
    root.mkdir(parents=True, exist_ok=True)
    texts = [(SEEDS / f).read_text(encoding="utf-8") for f in sorted(os.listdir(SEEDS)) if not f.startswith("000")]
    for i in range(n):
        (root / f"p{i:04d}.txt").write_text(f"{texts[i % len(texts)]}\n本报讯 第{i}条补充消息。\n", encoding="utf-8")
    return root


def _alive(pid: int) -> bool:
    try:
        import psutil

        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except ImportError:  # pragma: no cover - psutil is a test dependency here
        try:
            return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] not in ("Z", "X")
        except OSError:
            return False
    except Exception:  # NoSuchProcess
        return False


def _descendants(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _start_ingest(tmp_path: Path, n: int = 800) -> tuple[subprocess.Popen[str], list[int], Path]:
    """`baokan ingest DIR --jobs 2` on pages enough to be busy for a while; wait for its two
    parser processes and a first stored batch."""
    pytest.importorskip("psutil")
    pages = _many_pages(tmp_path / "pages", n)
    db = tmp_path / "a.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-m", "baokan", "ingest", str(pages), "--jobs", "2", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        workers: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _descendants(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.02)
        assert proc.poll() is None and len(workers) >= 2, (workers, proc.poll())
        time.sleep(0.5)  # some pages parsed and stored
        workers = _descendants(proc.pid)
        assert proc.poll() is None, "the ingest ended before it could be stopped"
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    return proc, workers, db


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [p for p in pids if _alive(p)]
        if not left:
            return []
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def _end(proc: subprocess.Popen[str], workers: list[int]) -> None:
    """Leave nothing of a test's ingest behind, whatever the test found."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pid in workers:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    for pipe in (proc.stdout, proc.stderr):
        if pipe:
            pipe.close()


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_ingest_cleanly(tmp_path: Path, sig: signal.Signals, status: int) -> None:
    n = 800
    proc, workers, db = _start_ingest(tmp_path, n)
    try:
        os.kill(proc.pid, sig)
        proc.wait(timeout=60)  # generous: a loaded machine can be slow to finish the page in hand
        left = _wait_gone(workers, 3)
        err = proc.stderr.read() if proc.stderr and not left else ""
    finally:
        _end(proc, workers)
    assert not left, "parser processes left running"
    assert proc.returncode == status, (proc.returncode, err)
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    m = re.fullmatch(
        r"baokan: interrupted after (\d+) of (\d+) files: (\d+) added, 0 replaced, 0 unchanged, 0 failed; "
        r"run it again to finish",
        lines[0],
    )
    assert m, lines[0]
    done, total, added = (int(g) for g in m.groups())
    assert total == n and 0 < done < n and added == done
    with Archive(db) as archive:  # what was stored is committed, and consistent
        assert archive.stats()["pages"] == added
        check_paths(archive.db)


@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_a_parse_on_several_processes_cleanly(tmp_path: Path, sig: signal.Signals, status: int) -> None:
    """`baokan parse DIR -o OUT --jobs 2` stopped part way: the pages written are whole (no
    temporary file left), the parser processes end, and one line says how far it got."""
    psutil = pytest.importorskip("psutil")
    n = 800
    pages, out = _many_pages(tmp_path / "pages", n), tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "baokan", "parse", str(pages), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _descendants(proc.pid)
            if len(workers) >= 2 and out.is_dir() and len(os.listdir(out)) >= 5:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the parse ended before it could be stopped"
        workers = [w.pid for w in psutil.Process(proc.pid).children(recursive=True)]
        os.kill(proc.pid, sig)
        proc.wait(timeout=60)
        left = _wait_gone(workers, 3)
        err = proc.stderr.read() if proc.stderr else ""
    finally:
        _end(proc, workers)
    assert not left, "parser processes left running"
    assert proc.returncode == status, (proc.returncode, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    m = re.fullmatch(r"baokan: interrupted after (\d+) of (\d+) files; what was written is whole", lines[0])
    assert m, lines[0]
    done, total = int(m.group(1)), int(m.group(2))
    assert total == n and 0 < done < n
    written = sorted(os.listdir(out))
    assert written == [f"p{i:04d}.json" for i in range(done)]  # in order, each page whole
    for name in written:
        assert json.loads((out / name).read_text(encoding="utf-8"))["schema"] == "baokan.page/1"


def test_parser_processes_end_when_the_ingest_is_killed(tmp_path: Path) -> None:
    proc, workers, _db = _start_ingest(tmp_path)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        left = _wait_gone(workers, 3)
    finally:
        _end(proc, workers)
    assert proc.returncode == -signal.SIGKILL
    assert not left, "parser processes outlived their parent"


# ============================================================================ 4. Spark without Java


@pytest.fixture()
def empty_archive(tmp_path: Path) -> Path:
    db = tmp_path / "a.sqlite"
    Archive(db).close()
    return db


def _one_line_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    line = result.stderr.strip()
    assert line.startswith("baokan: ") and "\n" not in line, line
    return line


def test_spark_without_java_says_what_is_missing(
    tmp_path: Path, empty_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    line = _one_line_error(cli("reuse", "--engine", "spark", "--db", empty_archive))
    assert line.startswith("baokan: reuse --engine spark needs Java ") and "(a JRE)" in line, line
    assert "no java on PATH" in line and "apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME" in line
    monkeypatch.setenv("JAVA_HOME", str(empty))
    line = _one_line_error(cli("reuse", "--engine", "spark", "--db", empty_archive))
    assert f"JAVA_HOME is {empty}, which has no bin/java" in line and "openjdk-17-jre-headless" in line, line


def _fake_java(root: Path, script: str) -> Path:
    (root / "bin").mkdir(parents=True)
    java = root / "bin" / "java"
    java.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    java.chmod(0o755)
    return root


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as java")
def test_spark_with_a_java_that_does_not_run_or_without_pyspark(
    tmp_path: Path, empty_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata

    broken = _fake_java(tmp_path / "broken", "echo 'Error: could not find libjava.so' >&2; exit 1")
    monkeypatch.setenv("JAVA_HOME", str(broken))
    line = _one_line_error(cli("reuse", "--engine", "spark", "--db", empty_archive))
    assert "does not run (Error: could not find libjava.so)" in line and "openjdk-17-jre-headless" in line, line

    # a Java that runs, no PySpark
    java17 = _fake_java(tmp_path / "j17", "echo 'openjdk version \"17.0.9\" 2023-10-17' >&2")
    monkeypatch.setenv("JAVA_HOME", str(java17))
    real = importlib.metadata.version

    def version(name: str) -> str:
        if name == "pyspark":
            raise importlib.metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    line = _one_line_error(cli("reuse", "--engine", "spark", "--db", empty_archive))
    assert line == "baokan: reuse --engine spark needs PySpark: pip install 'baokan[spark]'", line
