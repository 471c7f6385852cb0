"""The web reader (baokan.web) through its HTTP interface: pages, JSON, errors, safety."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import warnings
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

with warnings.catch_warnings():  # starlette's TestClient warns about httpx versions on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from baokan.cli import app as cli_app
from baokan.web import comparison, create_app, hit_segments, marked, page_numbers
from conftest import HOSTILE_BODY, HOSTILE_TITLE


@pytest.fixture(scope="module")
def client(sample_archive: Path) -> Iterator[TestClient]:
    with TestClient(create_app(sample_archive), raise_server_exceptions=True) as c:
        yield c


def text_of(html: str) -> str:
    """The visible text of an HTML page, roughly: tags dropped, entities decoded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def find(client: TestClient, q: str, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()["hits"]


@pytest.fixture(scope="module")
def story_head(client: TestClient) -> dict[str, Any]:
    """Page 1 of the sample issue: the 求是 article, continued on page 3."""
    (hit,) = [h for h in find(client, "耕地", paper="北方晨报") if h["page"] == 1]
    return client.get(f"/api/article/{hit['id']}").json()


# ---------------------------------------------------------------- pages


def test_home_lists_papers_with_dates_and_counts(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    page = text_of(r.text)
    assert "大同日报" in page and "北方晨报" in page and "测试报" in page
    assert "2023-12-03" in page and "2023-12-05" in page  # 测试报's first and last issue
    row = re.search(r"<tr>\s*<td><a href=\"/paper/[^\"]+\">测试报</a></td>(.*?)</tr>", r.text, re.S)
    assert row is not None
    assert [c.strip() for c in re.findall(r"<td>(\d+)</td>", row.group(1))] == ["2", "2", "2"]  # issues, pages, articles
    assert 'action="/search"' in r.text  # the search box
    assert "未定位的版面" in page  # the seed pages that print no masthead


def test_issue_view_pages_in_order_with_jumps(client: TestClient) -> None:
    r = client.get("/issue/北方晨报/2023-12-02")
    assert r.status_code == 200
    page = text_of(r.text)
    assert page.index("第1版") < page.index("第3版")
    assert "下转第3版" in page and "上接第1版" in page
    assert "习近平就亨利·基辛格逝世向美国总统拜登致唁电" in page
    assert re.search(r"\d+ 字", page)


def test_issue_view_previous_and_next(client: TestClient) -> None:
    first = client.get("/issue/测试报/2023-12-03").text
    assert 'href="/issue/%E6%B5%8B%E8%AF%95%E6%8A%A5/2023-12-05" rel="next"' in first
    assert 'rel="prev"' not in first
    last = client.get("/issue/测试报/2023-12-05").text
    assert 'href="/issue/%E6%B5%8B%E8%AF%95%E6%8A%A5/2023-12-03" rel="prev"' in last


def test_paper_view_lists_issues(client: TestClient) -> None:
    r = client.get("/paper/测试报")
    assert r.status_code == 200
    assert text_of(r.text).index("2023-12-05") < text_of(r.text).index("2023-12-03")  # newest first


def test_article_view(client: TestClient, story_head: dict[str, Any]) -> None:
    art = story_head["article"]
    r = client.get(f"/article/{art['id']}")
    assert r.status_code == 200
    page = text_of(r.text)
    assert "切实加强耕地保护 抓好盐碱地综合改造利用" in page
    assert "新华社北京11月30日电" in page  # the dateline
    assert "北方晨报 2023-12-02" in page and "第1版" in page
    assert r.text.count("<p>") >= 3  # the body in paragraphs
    # the story: a link to its continuation on page 3
    assert story_head["story"][0] == art["id"] and len(story_head["story"]) == 2
    assert f'href="/article/{story_head["story"][1]}" class="continued"' in r.text
    # the reprint cluster: where else the text was printed, the fullest version marked
    assert "转载簇" in page and "大同日报" in page and "最全" in page
    assert "对照" in page


def test_continuation_links_back(client: TestClient, story_head: dict[str, Any]) -> None:
    tail_id = story_head["story"][1]
    page = text_of(client.get(f"/article/{tail_id}").text)
    assert "第3版" in page and "上接第1版" in page
    assert "本文分 2 部分刊出" in page
    assert f'href="/article/{story_head["article"]["id"]}"' in client.get(f"/article/{tail_id}").text


def test_reprint_comparison_highlights_variants(client: TestClient) -> None:
    """The seed pages 000 and 001 print the 求是 article with 尚不牢固 / 尚不托底."""
    hits = [h for h in find(client, '"盐碱地综合改造"') if h["paper"] != "北方晨报"]
    ids = {h["paper"]: h["id"] for h in hits}
    a, b = ids["大同日报"], ids[None]
    r = client.get(f"/article/{a}", params={"with": b})
    assert r.status_code == 200
    left = r.text.split('class="textcmp left"')[1].split("</div>")[0]
    right = r.text.split('class="textcmp right"')[1].split("</div>")[0]
    variants_left = re.findall(r'<span class="var">([^<]*)</span>', left)
    variants_right = re.findall(r'<span class="var">([^<]*)</span>', right)
    assert "牢固" in "".join(variants_left) and "托底" in "".join(variants_right)
    assert re.search(r'<span class="same">[^<]{50,}</span>', left)  # the shared text marked as such
    assert "处异文" in text_of(r.text)


def test_comparison_of_a_story_uses_all_its_parts(client: TestClient, story_head: dict[str, Any]) -> None:
    other = next(m["id"] for m in story_head["cluster"]["members"] if m["paper"] == "大同日报")
    r = client.get(f"/article/{story_head['article']['id']}", params={"with": other})
    left = text_of(r.text.split('class="textcmp left"')[1].split("</div>")[0])
    assert "将各类对耕地的占用" in left  # text printed on page 3, after the jump
    assert "全文 2 部分" in text_of(r.text)


def test_page_view_shows_restored_text_next_to_items(client: TestClient, story_head: dict[str, Any]) -> None:
    page_id = story_head["article"]["page_id"]
    r = client.get(f"/page/{page_id}")
    assert r.status_code == 200
    restored = text_of(r.text.split('class="pagetext"')[1].split("</div>")[0])
    assert restored.startswith(">北方晨报")
    assert "（下转第三版）" in restored
    assert "切分出的稿件（1）" in text_of(r.text)


# ---------------------------------------------------------------- search


def test_search_page_hits_facets_highlight(client: TestClient) -> None:
    r = client.get("/search", params={"q": "耕地"})
    assert r.status_code == 200
    page = text_of(r.text)
    assert "共 6 篇" in page
    assert "<mark>耕地</mark>" in r.text
    assert "按报纸" in page and "按年份" in page
    facets = r.text.split('class="facets"')[1].split("</aside>")[0]
    assert re.search(r">北方晨报</a> <span class=\"muted\">2</span>", facets)
    assert re.search(r">2023</a> <span class=\"muted\">3</span>", facets)
    assert 'value="耕地"' in r.text  # the query stays in the box


def test_search_filters_and_shareable_urls(client: TestClient) -> None:
    r = client.get("/search", params={"q": "耕地", "paper": "大同日报", "from": "2023-12-01", "to": "2023-12-01"})
    assert "共 1 篇" in text_of(r.text)
    r = client.get("/search", params={"q": "耕地", "page_no": "3"})
    assert "共 1 篇" in text_of(r.text)
    r = client.get("/search", params={"q": "耕地", "kind": "photo"})
    assert "共 0 篇" in text_of(r.text) and "没有找到" in text_of(r.text)
    # a facet link keeps the query and adds the filter
    r = client.get("/search", params={"q": "耕地"})
    link = re.search(r'href="(/search\?[^"]*paper=[^"]*)"', r.text)
    assert link is not None
    followed = client.get(unescape(link.group(1)))
    assert followed.status_code == 200 and 'value="耕地"' in followed.text


def test_search_pagination(client: TestClient) -> None:
    total = client.get("/api/search", params={"q": "的"}).json()["total"]
    assert total > 20
    pages = -(-total // 20)
    first = client.get("/search", params={"q": "的"})
    assert f"第 1 / {pages} 页" in text_of(first.text)
    nxt = re.search(r'href="([^"]*p=2[^"]*)" rel="next"', first.text)
    assert nxt is not None
    second = client.get(unescape(nxt.group(1)))
    ids_1 = set(re.findall(r'<div class="title"><a href="/article/(\d+)[?"]', first.text))
    ids_2 = set(re.findall(r'<div class="title"><a href="/article/(\d+)[?"]', second.text))
    assert len(ids_1) == 20 and len(ids_2) == min(20, total - 20) and not ids_1 & ids_2
    last = client.get("/search", params={"q": "的", "p": pages + 5})  # past the end: the last page
    assert f"第 {pages} / {pages} 页" in text_of(last.text) and 'rel="next"' not in last.text


def test_empty_search_shows_help(client: TestClient) -> None:
    r = client.get("/search")
    assert r.status_code == 200 and "AND / OR / NOT" in text_of(r.text)


# ---------------------------------------------------------------- JSON


def test_api_search(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "耕地", "paper": "北方晨报"}).json()
    assert data["total"] == 2 and data["filters"] == {"paper": "北方晨报"}
    assert {h["page"] for h in data["hits"]} == {1, 3}
    assert all("«耕地»" in h["snippet"] for h in data["hits"])
    assert data["facets"]["by_paper"] == [{"paper": "北方晨报", "count": 2}]


def test_api_article_and_issue(client: TestClient, story_head: dict[str, Any]) -> None:
    art = story_head["article"]
    assert art["kicker"] is None or "求是" in art["kicker"]
    assert art["continued_to"] == 3 and art["next_part"] == story_head["story"][1]
    assert story_head["cluster"]["size"] >= 3
    assert {"大同日报", "北方晨报"} <= set(story_head["cluster"]["papers"])
    issue = client.get("/api/issue/北方晨报/2023-12-02").json()
    assert [p["page"] for p in issue["pages"]] == [1, 3]
    assert issue["pages"][1]["articles"][0]["continued_from"] == 1
    page = client.get(f"/api/page/{art['page_id']}").json()
    assert page["text"].startswith("北方晨报") and len(page["articles"]) == 1


def test_openapi_documents_the_json_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/article/{article_id}", "/api/issue/{paper}/{date}"} <= set(paths)
    assert client.get("/docs").status_code == 404  # Swagger UI loads from a CDN: left out (issue 12)


# ---------------------------------------------------------------- safety


def test_markup_in_articles_is_escaped(client: TestClient) -> None:
    (hit,) = find(client, "恶意标题", **{"from": "2023-12-05"})
    for url in (f"/article/{hit['id']}", "/issue/测试报/2023-12-05", "/search?q=恶意标题", "/search?q=正文"):
        html = client.get(url).text
        assert "<script>" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
    page = text_of(client.get(f"/article/{hit['id']}").text)
    assert HOSTILE_TITLE in page and HOSTILE_BODY.split("<img")[0] in page
    assert client.get(f"/api/article/{hit['id']}").json()["article"]["title"] == HOSTILE_TITLE


def test_security_headers(client: TestClient) -> None:
    r = client.get("/")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "script-src" not in r.headers["content-security-policy"]  # no script may run
    assert r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/article/999999", 404),
        ("/article/abc", 400),
        ("/article/-1", 400),
        ("/article/99999999999999999999999", 400),
        ("/article/1?with=abc", 400),
        ("/page/999999", 404),
        ("/page/x", 400),
        ("/issue/大同日报/2099-01-01", 404),
        ("/issue/大同日报/not-a-date", 404),
        ("/paper/没有这份报", 404),
        ("/search?q=(耕地", 400),
        ("/search?q=耕地 AND", 400),
        ('/search?q="耕地', 400),
        ("/search?q=耕地&from=2023-13-45", 400),
        ("/search?q=耕地&page_no=三", 400),
        ("/search?q=耕地&p=0", 400),
        ("/search?q=耕地&p=x", 400),
        ("/search?q=" + "耕" * 600, 400),
        ("/api/search?q=(", 400),
        ("/api/article/999999", 404),
        ("/api/issue/x/2023-01-01", 404),
        ("/nowhere", 404),
    ],
)
def test_bad_requests_get_400_or_404_pages(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    if url.startswith("/api/"):
        assert r.json()["status"] == status and r.json()["error"]
    else:
        assert r.headers["content-type"].startswith("text/html") or url == "/nowhere"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(alphabet=st.sampled_from([*'耕地大同"()ANDORNOT *-:^\'%;\\', "的", " ", "«", "\x00"]), max_size=20),
    paper=st.one_of(st.none(), st.text(max_size=8)),
    page_no=st.one_of(st.none(), st.text(max_size=4)),
    p=st.one_of(st.none(), st.text(max_size=3)),
)
def test_search_never_fails_with_500(client: TestClient, q: str, paper: str | None, page_no: str | None, p: str | None) -> None:
    params = {k: v for k, v in {"q": q, "paper": paper, "page_no": page_no, "p": p}.items() if v is not None}
    for path in ("/search", "/api/search"):
        assert client.get(path, params=params).status_code in (200, 400)


def test_sql_goes_in_as_parameters(client: TestClient, sample_archive: Path) -> None:
    for evil in ("' OR 1=1 --", '"; DROP TABLE articles; --', "大同日报' --"):
        r = client.get("/api/search", params={"q": "耕地", "paper": evil})
        assert r.status_code == 200 and r.json()["total"] == 0
        assert client.get(f"/issue/{evil}/2023-12-01").status_code == 404
    assert client.get("/api/search", params={"q": "耕地"}).json()["total"] == 6


def test_the_archive_is_opened_read_only(sample_archive: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(sample_archive.read_bytes())
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    app = create_app(copy)
    with TestClient(app) as c:
        for url in ("/", "/search?q=耕地", "/article/1", "/issue/大同日报/2023-12-01", "/page/1"):
            assert c.get(url).status_code == 200
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only|query_only"):
            app.state.reader.archive().db.execute("DELETE FROM articles")
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == before


def test_serve_reports_a_missing_archive_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and "none.sqlite" in result.output


def test_serve_binds_loopback_by_default() -> None:
    import inspect

    from baokan.cli import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


# ---------------------------------------------------------------- view models


def test_marked_segments() -> None:
    segs = marked("甲乙丙丁戊己", [(1, 5)], [(2, 3)])
    assert [(s.text, s.cls) for s in segs] == [("甲", ""), ("乙", "same"), ("丙", "var"), ("丁戊", "same"), ("己", "")]
    assert marked("", [(0, 3)], []) == []


def test_comparison_variants_on_both_sides() -> None:
    from baokan.reuse import align

    a = "守住耕地红线的基础尚不牢固，农田水利方面欠账还很多。新时代新征程上，耕地保护任务没有减轻，而是更加艰巨。" * 2
    b = a.replace("尚不牢固", "尚不托底")
    left, right = comparison(a, b, align(a, b))
    assert {s.text for s in left if s.cls == "var"} == {"牢固"}
    assert {s.text for s in right if s.cls == "var"} == {"托底"}
    assert "".join(s.text for s in left) == a and "".join(s.text for s in right) == b


def test_hit_segments_and_page_numbers() -> None:
    segs = hit_segments("…前\x02耕地\x03后\x02耕\x03")
    assert [(s.text, s.cls) for s in segs] == [("…前", ""), ("耕地", "hit"), ("后", ""), ("耕", "hit")]
    assert page_numbers(1, 1) == [1]
    assert page_numbers(5, 20) == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


def test_counts_follow_new_pages(sample_archive: Path, tmp_path: Path) -> None:
    """The reader remembers facet counts, but a page ingested while it runs is counted."""
    from baokan.archive import Archive
    from baokan.model import Article, Page

    copy = tmp_path / "live.sqlite"
    copy.write_bytes(sample_archive.read_bytes())
    with TestClient(create_app(copy)) as c:
        assert c.get("/api/search", params={"q": "耕地"}).json()["total"] == 6
        with Archive(copy) as writer:
            page = Page(paper="新报", date="2024-01-02", page=1, articles=(Article(title="耕地新闻", body="耕地保护。"),))
            writer.add_page(page, "new.txt", "x")
        data = c.get("/api/search", params={"q": "耕地"}).json()
        assert data["total"] == 7
        assert {"year": "2024", "count": 1} in data["facets"]["by_year"]


def test_serve_reports_a_port_in_use_in_one_line(sample_archive: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--db", str(sample_archive), "--port", str(port)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and f"127.0.0.1:{port}" in result.output


def test_a_page_number_with_a_control_separator_is_read_or_refused_not_a_500(client) -> None:
    """str.strip() drops \\x1c–\\x1f but int() does not accept them (found by the property test)."""
    assert client.get("/search", params={"q": "耕地", "page_no": "0\x1f"}).status_code in (200, 400)
    assert client.get("/api/search", params={"q": "耕地", "page_no": "3\x1c"}).status_code in (200, 400)
