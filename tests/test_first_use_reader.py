"""What a first real use of the reader found (issue 12): continuations without a title, a
two-part story counted as two printings, unplaced pages shown as bare file names, search words
lost on the way to the article, lowercase and/or/not searched as words, error messages in two
languages, and a /docs page that needs the network."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import regex
from typer.testing import CliRunner

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from baokan import parse_page
from baokan.archive import Archive
from baokan.archive.search import MAX_QUERY_CHARS, QueryError, query_terms, read_as, to_fts
from baokan.cli import app as cli_app
from baokan.errors import QUERY_MESSAGES
from baokan.model import Article, Page
from baokan.reuse import clusters
from baokan.web import create_app, highlight
from conftest import build_sample_archive

STORY = "切实加强耕地保护 抓好盐碱地综合改造利用"  # the title of the sample issue's page-1 story
CONTINUED = STORY + "（续）"
TAIL_OPENING = "将各类对耕地的占用"  # the continuation's first words, on page 3


@pytest.fixture(scope="module")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_archive(tmp_path_factory.mktemp("first-use") / "sample.sqlite")


@pytest.fixture(scope="module")
def client(archive_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(archive_path), raise_server_exceptions=True) as c:
        yield c


@pytest.fixture(scope="module")
def story(archive_path: Path) -> tuple[int, int]:
    """(head, tail): the sample issue's story on page 1 and its continuation on page 3."""
    with Archive(archive_path, readonly=True) as archive:
        (head, tail) = archive.db.execute("SELECT from_id, to_id FROM links").fetchall()[0]
        assert archive.article(tail).article.title is None  # the part on page 3 prints no title
    return head, tail


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def api(client: TestClient, url: str, **params: Any) -> dict[str, Any]:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------- continuations have a title


def test_a_continuation_is_listed_under_its_story_title(client: TestClient, story: tuple[int, int]) -> None:
    head, tail = story
    issue = client.get("/issue/北方晨报/2023-12-02").text
    assert f'<a href="/article/{tail}">{CONTINUED}</a>' in issue
    page_id = api(client, f"/api/article/{tail}")["article"]["page_id"]
    assert f'<a href="/article/{tail}">{CONTINUED}</a>' in client.get(f"/page/{page_id}").text
    article = client.get(f"/article/{tail}").text
    assert re.search(rf"<h1>\s*{re.escape(CONTINUED)}\s*</h1>", article)
    assert f"<title>{CONTINUED} · baokan</title>" in article
    # the story's first part keeps its own title, unmarked
    assert f"{STORY}（续）" not in text_of(client.get(f"/article/{head}").text).split("转载与重复刊登")[0]


def test_a_continuation_hit_has_its_story_title(client: TestClient, story: tuple[int, int]) -> None:
    _, tail = story
    r = client.get("/search", params={"q": "占补平衡", "paper": "北方晨报"})
    titles = re.findall(r'<div class="title"><a href="/article/(\d+)[^"]*">([^<]*)</a>', r.text)
    assert (str(tail), CONTINUED) in titles
    assert "（无标题）" not in r.text
    hits = api(client, "/api/search", q="占补平衡", paper="北方晨报")["hits"]
    assert {h["id"]: h["headline"] for h in hits}[tail] == CONTINUED


def test_the_api_gives_a_continuation_its_story_title(client: TestClient, story: tuple[int, int]) -> None:
    head, tail = story
    data = api(client, f"/api/article/{tail}")
    assert data["article"]["headline"] == CONTINUED
    assert data["article"]["title"] is None  # what the page prints stays as printed
    members = {m["id"]: m["headline"] for m in data["cluster"]["members"]}
    assert members[tail] == CONTINUED and CONTINUED not in members[head]
    issue = api(client, "/api/issue/北方晨报/2023-12-02")
    assert issue["pages"][1]["articles"][0]["headline"] == CONTINUED


def test_a_cluster_lists_a_continuation_under_its_story_title(client: TestClient, story: tuple[int, int]) -> None:
    head, _ = story
    cluster = client.get(f"/article/{head}").text.split('<table class="cluster">')[1].split("</table>")[0]
    assert CONTINUED in text_of(cluster)
    assert TAIL_OPENING not in text_of(cluster)


# ---------------------------------------------------------------- a story is one printing


def test_a_two_part_story_is_one_printing(archive_path: Path, story: tuple[int, int]) -> None:
    head, tail = story
    with Archive(archive_path, readonly=True) as archive:
        (group,) = [c for c in clusters(archive) if head in {m.id for m in c.members}]
        assert {m.id for m in group.members} >= {head, tail}  # both parts are reprints, each compared
        assert group.size == 3  # 大同日报, 北方晨报 (two parts) and the unplaced page 001
        assert [[m.id for m in p] for p in group.printings if len(p) > 1] == [[head, tail]]
        assert group.to_json()["size"] == 3


def test_the_reader_counts_printings_and_lists_parts_under_them(client: TestClient, story: tuple[int, int]) -> None:
    head, tail = story
    for article_id in story:
        r = client.get(f"/article/{article_id}")
        page = text_of(r.text)
        assert "3 处刊登" in page and "4 处刊登" not in page
        table = r.text.split('<table class="cluster">')[1].split("</table>")[0]
        rows = re.findall(r'<tr class="printing">(.*?)</tr>', table, re.S)
        assert len(rows) == 3
        (ours,) = [row for row in rows if "<td>北方晨报</td>" in row]
        assert "<td>1、3</td>" in ours and ours.count("<li>") == 2  # its parts, listed under it
        assert 'class="compare"' not in ours  # a story is not compared with itself
    data = api(client, f"/api/article/{head}")
    assert data["cluster"]["size"] == 3 and [head, tail] in data["cluster"]["printings"]


def test_the_default_comparison_is_with_another_printing(client: TestClient, story: tuple[int, int]) -> None:
    for article_id in story:
        r = client.get(f"/article/{article_id}")
        other = re.search(r'<h2 id="compare">对照：本篇与 <a href="/article/(\d+)"', r.text)
        assert other is not None and int(other.group(1)) not in story


# ---------------------------------------------------------------- unplaced pages say what they hold


def test_unplaced_pages_show_their_first_headline_and_items(client: TestClient, archive_path: Path) -> None:
    r = client.get("/")
    items = re.findall(r'<li class="unplaced"><a href="/page/(\d+)">([^<]*)</a> <span class="muted">([^<]*)</span>', r.text)
    assert len(items) == 4, r.text
    by_name = {unescape(info).rsplit(" · ", 1)[-1]: (unescape(title), unescape(info)) for _, title, info in items}
    title, info = by_name["001_173f75ccabea554e.txt"]
    assert "切实加强耕地保护" in title  # what the page says, not its file name
    seed = Path(__file__).resolve().parents[1] / "eval" / "pages" / "001_173f75ccabea554e.txt"
    n = len(parse_page(seed.read_bytes()).articles)
    assert info.startswith(f"{n} 篇（文章 {n}）")  # every item is an article on that page
    title, info = by_name["002_98064722886ee370.txt"]
    assert "提振信心" in title and "图片 1" in info and "导读 1" in info
    root = str(Path(__file__).resolve().parents[1])
    assert root not in r.text


def test_an_unplaced_page_without_headlines_shows_its_first_words(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with Archive(db) as archive:
        page = Page(
            articles=(
                Article(kind="photo", body="大同古城墙上的游客。"),
                Article(body="本报讯 今年以来，全市新增耕地一千亩。"),
                Article(body="本报讯 第二篇没有标题的稿件。"),
            )
        )
        archive.add_page(page, str(tmp_path / "deep" / "folder" / "scan-017.txt"), "x")
    with TestClient(create_app(db)) as c:
        r = c.get("/")
        item = text_of(r.text.split('<li class="unplaced">')[1].split("</li>")[0])
        assert item.startswith("大同古城墙上的游客。")
        assert "3 篇（文章 2、图片 1）" in item and item.rstrip().endswith("scan-017.txt")
        assert str(tmp_path) not in r.text
        page_id = re.search(r'<li class="unplaced"><a href="/page/(\d+)"', r.text).group(1)  # type: ignore[union-attr]
        page_html = c.get(f"/page/{page_id}").text
        assert "scan-017.txt" in page_html and str(tmp_path) not in page_html
        assert str(tmp_path) not in c.get(f"/api/page/{page_id}").text


# ---------------------------------------------------------------- search words follow the hit


def test_a_hit_carries_the_query_to_the_article(client: TestClient, story: tuple[int, int]) -> None:
    head, tail = story
    r = client.get("/search", params={"q": "盐碱地 综合"})
    links = re.findall(r'<div class="title"><a href="([^"]+)"', r.text)
    assert links and all(link.endswith("?q=%E7%9B%90%E7%A2%B1%E5%9C%B0+%E7%BB%BC%E5%90%88") for link in links)
    article = client.get(unescape(next(link for link in links if link.startswith(f"/article/{head}?"))))
    assert article.status_code == 200
    h1 = article.text.split("<h1>")[1].split("</h1>")[0]
    assert "<mark>盐碱地</mark>" in h1 and "<mark>综合</mark>" in h1  # the title
    body = article.text.split('<div class="body">')[1].split("</div>")[0]
    assert "<mark>盐碱地</mark>" in body and body.count("<mark>") >= 2  # the text
    assert 'value="盐碱地 综合"' in article.text  # and the search box
    # the way on to the story's next part keeps the words
    assert f'href="/article/{tail}?q=%E7%9B%90%E7%A2%B1%E5%9C%B0+%E7%BB%BC%E5%90%88" class="continued"' in article.text


def test_terms_not_searched_for_are_not_marked(client: TestClient, story: tuple[int, int]) -> None:
    head, _ = story
    r = client.get(f"/article/{head}", params={"q": "耕地 NOT 盐碱地"})
    assert "<mark>耕地</mark>" in r.text and "<mark>盐碱地</mark>" not in r.text
    assert "<mark>" not in client.get(f"/article/{head}").text


def test_highlighting_escapes_everything(client: TestClient) -> None:
    hits = api(client, "/api/search", q="恶意标题")["hits"]
    target = hits[0]["id"]
    for q in ("script", "恶意 alert", "<script>alert(1)</script> 恶意", '"><img src=x onerror=alert(3)> 标题', "img src"):
        r = client.get(f"/article/{target}", params={"q": q})
        assert r.status_code == 200
        assert "<script" not in r.text.lower() and "<img src=x" not in r.text.lower()
        assert re.fullmatch(r"(?s)(?:[^<]|<(?!/?(?:script|img|iframe)\b))*", r.text)
    r = client.get(f"/article/{target}", params={"q": "script"})
    assert "&lt;<mark>script</mark>&gt;" in r.text  # the markup in the title shown, its word marked
    r = client.get("/search", params={"q": "恶意标题"})
    assert "<script" not in r.text.lower()


def test_highlight_segments() -> None:
    segs = highlight("保护耕地，耕 地红线。ABC abc", ["耕地", "abc"])
    assert [(s.text, s.cls) for s in segs] == [
        ("保护", ""), ("耕地", "hit"), ("，", ""), ("耕 地", "hit"), ("红线。", ""), ("ABC", "hit"), (" ", ""),
        ("abc", "hit"),
    ]
    assert [(s.text, s.cls) for s in highlight("没有", ["耕地"])] == [("没有", "")]
    assert highlight("", ["耕地"]) == []


# ---------------------------------------------------------------- lowercase and / or / not


def test_lowercase_operators_are_operators(client: TestClient) -> None:
    upper = api(client, "/api/search", q="耕地 AND 占补平衡")
    assert upper["total"] > 0
    for q in ("耕地 and 占补平衡", "耕地 And 占补平衡"):
        data = api(client, "/api/search", q=q)
        assert data["total"] == upper["total"] and data["read_as"] == "耕地 AND 占补平衡"
    either = api(client, "/api/search", q="占补平衡 or 基辛格")["total"]
    assert either == api(client, "/api/search", q="占补平衡 OR 基辛格")["total"] > upper["total"]
    without = api(client, "/api/search", q="耕地 not 占补平衡")["total"]
    assert without == api(client, "/api/search", q="耕地 NOT 占补平衡")["total"]
    assert without == api(client, "/api/search", q="耕地")["total"] - upper["total"]


def test_the_search_page_shows_how_the_query_was_read(client: TestClient) -> None:
    r = client.get("/search", params={"q": "耕地 and 盐碱地"})
    assert "检索式：耕地 AND 盐碱地" in text_of(r.text)
    r = client.get("/search", params={"q": '(大同 or 太原) "盐碱地 综合"'})
    assert '检索式：(大同 OR 太原) AND "盐碱地 综合"' in text_of(r.text)


def test_read_as_and_quoted_operator_words() -> None:
    assert read_as("耕地 and 盐碱地") == "耕地 AND 盐碱地"
    assert read_as("耕地 盐碱地") == "耕地 AND 盐碱地"
    assert read_as("耕地 not (大同 or 太原)") == "耕地 NOT (大同 OR 太原)"
    assert to_fts("耕地 or 盐碱地") == to_fts("耕地 OR 盐碱地")
    assert to_fts('"and" 耕地') == '"and" AND "耕 地"'  # in quotes: the word
    assert query_terms("耕地 not 盐碱地") == ["耕地"]
    with pytest.raises(QueryError, match="operator"):
        to_fts("耕地 and")
    with pytest.raises(QueryError, match="OR needs a term"):
        to_fts("or 耕地")


def test_the_cli_says_how_the_query_was_read(archive_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["search", "耕地 and 占补平衡", "--db", str(archive_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "query read as: 耕地 AND 占补平衡"
    assert f"{STORY} (continued)" in result.stdout  # the continuation, titled by its story


# ---------------------------------------------------------------- one language per interface

_ALLOWED_LATIN = regex.compile(r"“[^”]*”|\b(?:AND|OR|NOT|limit|offset|w|p)\b|\d")


def chinese_only(message: str) -> bool:
    """A message in Chinese: Han characters, and no Latin words besides operators, parameter
    names and what the reader echoes back in quotes."""
    rest = _ALLOWED_LATIN.sub("", message)
    return bool(regex.search(r"\p{Han}", message)) and not regex.search(r"[A-Za-z]{2,}", rest)


BAD_URLS = [
    "/search?q=(耕地",
    "/search?q=耕地 and",
    "/search?q=and 耕地",
    '/search?q="耕地',
    "/search?q=()",
    "/search?q=，。",
    "/search?q=耕地&from=2023-13-45",
    "/search?q=耕地&to=yesterday",
    "/search?q=耕地&page_no=三",
    "/search?q=耕地&page_no=abcdefg",
    "/search?q=耕地&p=0",
    "/search?q=耕地&p=x",
    "/search?q=" + "耕" * (MAX_QUERY_CHARS + 1),
    "/api/search?q=(",
    "/api/search?q=" + "耕" * (MAX_QUERY_CHARS + 1),
    "/api/search",
    "/api/search?q=耕地&p=-3",
    "/api/article/999999",
    "/api/article/abc",
    "/api/page/x",
    "/api/issue/x/2023-01-01",
    "/api/nowhere",
    "/article/abc",
    "/article/0",
    "/article/1?with=1",
    "/article/1?with=x",
    "/page/999999",
    "/page/1/image.png?w=5",
    "/page/1/image.png",
    "/issue/大同日报/not-a-date",
    "/paper/没有这份报",
    "/nowhere",
    "/docs",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_the_reader_speaks_chinese_in_its_errors(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404), r.text
    if url.startswith("/api/"):
        message = r.json()["error"]
    else:
        message = unescape(r.text.split('<p class="error">')[1].split("</p>")[0])
    assert chinese_only(message), message


def test_the_query_length_limit_is_stated(client: TestClient) -> None:
    long = "耕" * (MAX_QUERY_CHARS + 1)
    assert client.get("/api/search", params={"q": long}).json()["error"] == "检索词过长：最多 200 个字符"
    page = client.get("/search", params={"q": long}).text
    assert '<p class="error">检索词过长：最多 200 个字符</p>' in page
    assert client.get("/api/search", params={"q": "耕" * MAX_QUERY_CHARS}).status_code == 200


@pytest.mark.parametrize(
    "args",
    [
        ["耕地 and"],
        ["(耕地"],
        ['"耕地'],
        ["耕" * (MAX_QUERY_CHARS + 1)],
        ["耕地", "--from", "2023/12/01"],
        ["耕地", "--to", "明天"],
        ["()"],
    ],
)
def test_the_cli_speaks_english_in_its_errors(archive_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli_app, ["search", *args, "--db", str(archive_path)])
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("baokan: ") and "\n" not in line
    said = regex.sub(r"'[^']*'", "", line)  # what the user typed, echoed back
    assert not regex.search(r"\p{Han}", said), line
    if len(args[0]) > MAX_QUERY_CHARS:
        assert line == "baokan: query too long: at most 200 characters"


def test_every_query_error_has_both_texts() -> None:
    params = {"limit": 200, "near": "x", "words": "x", "op": "AND", "name": "from", "label": "起始日期",
              "value": "x", "query": "x", "detail": "x"}
    for code in QUERY_MESSAGES:
        e = QueryError(code, **params)
        assert str(e) == e.text("en") and not regex.search(r"\p{Han}", e.text("en").replace("起始日期", "")), code
        assert chinese_only(e.text("zh").replace("x", "")), code


# ---------------------------------------------------------------- no page needs the network


def test_no_api_pages_that_load_from_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/search" in paths


def test_no_page_references_an_external_url(client: TestClient, story: tuple[int, int]) -> None:
    head, tail = story
    page_id = api(client, f"/api/article/{head}")["article"]["page_id"]
    urls = [
        "/",
        "/paper/北方晨报",
        "/paper/测试报",
        "/issue/北方晨报/2023-12-02",
        "/issue/测试报/2023-12-03",
        f"/page/{page_id}",
        "/page/2",
        f"/article/{head}",
        f"/article/{tail}?q=耕地",
        "/search",
        "/search?q=耕地",
        "/search?q=恶意",
        "/search?q=(",
        "/nowhere",
        "/docs",
        "/redoc",
    ]
    for url in urls:
        r = client.get(url)
        if not r.headers["content-type"].startswith("text/html"):
            continue
        refs = re.findall(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]*)""", r.text, re.I)
        refs += re.findall(r"""url\(\s*["']?\s*((?:https?:)?//[^"')]*)""", r.text, re.I)
        refs += re.findall(r"""@import\s+["']?((?:https?:)?//[^"';]*)""", r.text, re.I)
        assert refs == [], (url, refs)
        assert not re.search(r"https?://", r.text), url  # not even as text: no article here links out
