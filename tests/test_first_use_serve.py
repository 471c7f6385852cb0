"""Issue 12, what a first real use found (the serving and set-up part): /api/search's limit and
offset, facet counts remembered per archive version, `baokan serve --workers N`, the benchmark
that reports it, and a set-up that installs what the main job needs and nothing more."""

from __future__ import annotations

import ast
import builtins
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from baokan import web
from baokan.archive import Archive
from baokan.cli import app as cli_app
from baokan.model import Article, Page
from baokan.web import API_LIMIT, API_MAX_OFFSET, create_app
from baokan.web import reader as web_reader

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client(sample_archive: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_archive)) as c:
        yield c


# ---------------------------------------------------------------- 1. /api/search limit and offset


def test_api_search_honours_limit_and_offset(client: TestClient) -> None:
    whole = client.get("/api/search", params={"q": "的", "limit": 30}).json()
    assert whole["limit"] == 30 and whole["offset"] == 0
    ids = [h["id"] for h in whole["hits"]]
    assert len(ids) == min(30, whole["total"]) and whole["total"] > 12
    some = client.get("/api/search", params={"q": "的", "limit": 5, "offset": 3}).json()
    assert [h["id"] for h in some["hits"]] == ids[3:8]
    assert (some["limit"], some["offset"], some["total"]) == (5, 3, whole["total"])
    default = client.get("/api/search", params={"q": "的"}).json()
    assert default["limit"] == 20 and default["offset"] == 0 and len(default["hits"]) == min(20, default["total"])
    past = client.get("/api/search", params={"q": "的", "offset": API_MAX_OFFSET}).json()
    assert past["hits"] == [] and past["total"] == whole["total"]
    paged = client.get("/api/search", params={"q": "的", "limit": 4, "p": 2}).json()
    assert [h["id"] for h in paged["hits"]] == ids[4:8] and paged["offset"] == 4


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"limit": "0"}, "limit 须在 1 到 100 之间"),
        ({"limit": "101"}, "limit 须在 1 到 100 之间"),
        ({"limit": "ten"}, "limit 须在 1 到 100 之间"),
        ({"limit": "-5"}, "limit 须在 1 到 100 之间"),
        ({"offset": "-1"}, f"offset 须在 0 到 {API_MAX_OFFSET} 之间"),
        ({"offset": str(API_MAX_OFFSET + 1)}, f"offset 须在 0 到 {API_MAX_OFFSET} 之间"),
        ({"offset": "1e3"}, f"offset 须在 0 到 {API_MAX_OFFSET} 之间"),
        ({"limit": "100", "p": "1000"}, f"0 到 {API_MAX_OFFSET} 之间"),
    ],
)
def test_api_search_refuses_beyond_the_caps(client: TestClient, params: dict[str, str], says: str) -> None:
    assert API_LIMIT == (1, 100)
    r = client.get("/api/search", params={"q": "耕地", **params})
    assert r.status_code == 400, r.text
    assert r.json()["status"] == 400 and says in r.json()["error"]


def test_html_search_keeps_its_twenty_a_page(client: TestClient) -> None:
    plain = client.get("/search", params={"q": "的"})
    limited = client.get("/search", params={"q": "的", "limit": "3", "offset": "5"})  # API parameters only
    assert plain.status_code == limited.status_code == 200
    assert limited.text.count("/article/") == plain.text.count("/article/") >= 20


# ---------------------------------------------------------------- 2. facets per archive version


def test_facets_are_counted_once_per_archive_version(sample_archive: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = web_reader.facets

    def counting(archive: Archive, query: str, **filters: Any) -> Any:
        calls.append(query)
        return real(archive, query, **filters)

    monkeypatch.setattr(web_reader, "facets", counting)  # the reader counts with archive.search's facets
    copy = tmp_path / "live.sqlite"
    copy.write_bytes(sample_archive.read_bytes())
    with TestClient(create_app(copy)) as c:
        for p in (1, 2, 1):
            assert c.get("/search", params={"q": "耕地", "p": p}).status_code == 200
        assert c.get("/api/search", params={"q": "耕地", "limit": 3, "offset": 2}).status_code == 200
        assert calls == ["耕地"]
        with Archive(copy) as writer:
            writer.add_page(Page(paper="新报", date="2024-01-02", page=1,
                                 articles=(Article(title="耕地新闻", body="耕地保护。"),)), "new.txt", "x")
        assert c.get("/api/search", params={"q": "耕地"}).json()["total"] == 7
        assert calls == ["耕地", "耕地"]


def test_a_replaced_page_is_counted_again(sample_archive: Path, tmp_path: Path) -> None:
    """Replacing the newest page reuses its row ids (SQLite gives max(id) + 1 again): the archive
    version the counts are kept under must still change."""
    copy = tmp_path / "live.sqlite"
    copy.write_bytes(sample_archive.read_bytes())
    with Archive(copy) as writer:
        writer.add_page(Page(paper="新报", date="2024-01-02", page=1,
                             articles=(Article(title="耕地新闻", body="耕地保护。"),)), "new.txt", "x")
    with TestClient(create_app(copy)) as c:
        assert c.get("/api/search", params={"q": "耕地"}).json()["total"] == 7
        with Archive(copy) as writer:
            writer.add_page(Page(paper="新报", date="2024-01-02", page=1,
                                 articles=(Article(title="草原新闻", body="草原保护。"),)), "new.txt", "y")
        data = c.get("/api/search", params={"q": "耕地"}).json()
        assert data["total"] == 6
        assert {"year": "2024", "count": 1} not in data["facets"]["by_year"]
        assert c.get("/api/search", params={"q": "草原新闻"}).json()["total"] == 1


# ---------------------------------------------------------------- 2. serve --workers N


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_starts_and_serves(sample_archive: Path, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "baokan", "serve", "--db", str(sample_archive), "--port", str(port),
             "--workers", "2"],
            stdout=sink, stderr=subprocess.STDOUT, cwd=tmp_path,  # the archive path must not depend on cwd
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/api/papers", timeout=2) as r:
                    assert r.status == 200 and b"papers" in r.read()
                break
            except OSError:
                assert proc.poll() is None, f"baokan serve exited: {log.read_text()}"
                assert time.monotonic() < deadline, f"no answer within 60 s: {log.read_text()}"
                time.sleep(0.2)
        for _ in range(10):  # requests spread over both workers all answer
            with urllib.request.urlopen(url + "/api/search?q=%E8%80%95%E5%9C%B0&limit=2", timeout=10) as r:
                assert r.status == 200
        assert "2 worker processes" in log.read_text()
    finally:
        proc.terminate()
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0, log.read_text()


def test_serve_refuses_zero_workers(sample_archive: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(sample_archive), "--workers", "0"])
    assert result.exit_code != 0


def test_app_factory_reads_the_archive_from_the_environment(sample_archive: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(web.DB_ENV, str(sample_archive))
    with TestClient(web.app_from_env()) as c:
        assert c.get("/api/papers").status_code == 200
    monkeypatch.delenv(web.DB_ENV)
    with pytest.raises(web.ArchiveError, match=web.DB_ENV):
        web.app_from_env()


def test_bench_web_runs_serve_with_workers() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import bench_web
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    args = bench_web.parse_args(["--workers", "2", "--clients", "20", "--seconds", "5"])
    assert (args.workers, args.clients) == (2, 20)
    assert bench_web.parse_args([]).workers == 1
    with pytest.raises(SystemExit):
        bench_web.parse_args(["--workers", "0"])
    import inspect

    assert '"--workers"' in inspect.getsource(bench_web.server)


# ---------------------------------------------------------------- 3. set-up


def main_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}


def extra(name: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0].lower() for d in project["optional-dependencies"][name]}


IMPORT_NAMES = {"pycrfsuite": "python-crfsuite", "pymupdf": "pymupdf", "fitz": "pymupdf"}
OPTIONAL = {"pyarrow": "parquet", "pyspark": "spark"}  # imported inside the function that needs it


def test_the_main_job_installs_what_it_needs_and_nothing_more() -> None:
    main = main_dependencies()
    assert not main & {"pyarrow", "pyspark", "playwright", "pytest", "hypothesis", "ruff", "httpx"}
    assert {"pyarrow"} <= extra("parquet") and {"pyarrow", "pyspark", "httpx", "playwright"} <= extra("test")
    stdlib = set(sys.stdlib_module_names)
    for path in (ROOT / "src" / "baokan").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(n) for n in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in stdlib or top == "baokan":
                    continue
                dist = IMPORT_NAMES.get(top, top).lower()
                if dist in main or dist in {"starlette"}:  # starlette comes with fastapi
                    continue
                assert top in OPTIONAL, f"{path.name} imports {name}, which is not a main dependency"
                assert id(node) not in top_level, f"{path.name} imports the optional {name} on import"
                assert dist in extra(OPTIONAL[top])


def test_parquet_export_without_pyarrow_says_how_to_get_it(sample_archive: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    out = tmp_path / "a.parquet"
    result = CliRunner().invoke(cli_app, ["export", "--format", "parquet", "-o", str(out), "--db", str(sample_archive)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "pip install 'baokan[parquet]'" in lines[0], result.output
    assert not out.exists() and not list(tmp_path.glob(".a.parquet.*"))
    monkeypatch.setattr(builtins, "__import__", real_import)
    jsonl = tmp_path / "a.jsonl"
    result = CliRunner().invoke(cli_app, ["export", "-o", str(jsonl), "--db", str(sample_archive)])
    assert result.exit_code == 0 and jsonl.stat().st_size > 0


def readme_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_readme_first_command_installs_no_extras() -> None:
    first = readme_blocks()[0].strip()
    assert first == "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/baokan parse eval/pages"


def test_readme_test_command_installs_the_test_extra_and_says_what_else_it_needs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    test_cmd = next(b.strip() for b in readme_blocks() if "pytest" in b)
    assert test_cmd.startswith(".venv/bin/pip install -q -e '.[test]' && .venv/bin/ruff check ")
    assert test_cmd.endswith(".venv/bin/python -m pytest")
    before = text[: text.index(test_cmd)]
    apt = "sudo apt-get update && sudo apt-get install -y chromium fonts-wqy-zenhei openjdk-17-jre-headless"
    assert apt in before[-1500:]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "openjdk-17-jre-headless" in ci and "java" in ci


def test_readme_documents_workers_caps_and_extras() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "--workers" in text and "baokan[parquet]" in text
    assert "limit" in text and "offset" in text and "10,000" in text


@pytest.mark.parametrize(
    "filters",
    [{}, {"paper": "大同日报"}, {"date_from": "2023-12-01", "date_to": "2023-12-02"}, {"paper": "无此报"}],
)
@pytest.mark.parametrize("query", ["的", "耕地", "耕地 OR 天镇", "耕地 NOT 盐碱地"])
def test_facets_from_the_issue_map_equal_the_sql_count(sample_archive: Path, query: str,
                                                       filters: dict[str, str]) -> None:
    from baokan.archive.search import article_issues, facets

    with Archive(sample_archive, readonly=True) as archive:
        assert facets(archive, query, issues=article_issues(archive), **filters) == facets(archive, query, **filters)
