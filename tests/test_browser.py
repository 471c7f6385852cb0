"""The web reader in a real browser: `baokan serve` in its own process, Debian's chromium
driven by Playwright. Home → search 耕地 → first hit → its continuation → reprint comparison.

Needs /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it). A screenshot of
each step is written to $BAOKAN_SCREENSHOTS (default: the test's tmp_path) and its path printed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect, sync_playwright

CHROMIUM = Path(os.environ.get("BAOKAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on `port` (Linux /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        addr, p = local.split(":")
        if int(p, 16) == port and state == "0A":  # LISTEN
            found.add(".".join(str(int(addr[i : i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


@pytest.fixture(scope="module")
def server(sample_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from serve(sample_archive, tmp_path_factory)


@pytest.fixture(scope="module")
def pdf_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An archive of e-paper PDF pages drawn by test_pdf_reader.make_pdf, and a text page."""
    from baokan.archive import Archive
    from baokan.archive.ingest import ingest
    from test_pdf_reader import write_inputs

    root = write_inputs(tmp_path_factory.mktemp("pdf-in"))
    db = tmp_path_factory.mktemp("pdf-db") / "pdf.sqlite"
    with Archive(db) as archive:
        assert ingest(archive, [root]).failed == 0
    yield from serve(db, tmp_path_factory)


def serve(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(
            [sys.executable, "-m", "baokan", "serve", "--db", str(db), "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(f"baokan serve exited: {log.read_text()}") from None
                time.sleep(0.1)
        else:
            raise AssertionError("baokan serve did not answer within 15 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium (or set BAOKAN_CHROMIUM)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        yield pg
        browser.close()


def shoot(page: Page, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    print(f"screenshot: {path}")


def test_server_listens_on_loopback_only(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}


def test_search_read_follow_compare(server: str, page: Page, tmp_path: Path) -> None:
    out = Path(os.environ.get("BAOKAN_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)

    page.goto(server + "/")
    expect(page.locator("table.papers")).to_contain_text("北方晨报")
    expect(page.locator("table.papers")).to_contain_text("大同日报")
    shoot(page, out, "1-home")

    page.get_by_role("searchbox", name="检索").fill("耕地")
    page.get_by_role("button", name="检索").first.click()
    expect(page).to_have_url(f"{server}/search?q=%E8%80%95%E5%9C%B0")
    expect(page.locator(".result-count")).to_contain_text("共 6 篇")
    expect(page.locator(".hits mark").first).to_have_text("耕地")
    shoot(page, out, "2-search")

    first = page.locator(".hits .title a").first
    expect(first).to_contain_text("切实加强耕地保护")
    first.click()
    expect(page.locator("h1")).to_contain_text("切实加强耕地保护 抓好盐碱地综合改造利用")
    expect(page.locator("p.meta").first).to_contain_text("北方晨报 2023-12-02")
    expect(page.locator("p.meta").first).to_contain_text("第1版")
    expect(page.locator("nav.story")).to_contain_text("本文分 2 部分刊出")
    head_url = page.url
    shoot(page, out, "3-article")

    page.locator("a.continued").click()
    expect(page.locator("p.meta").first).to_contain_text("第3版")
    expect(page.locator(".body")).to_contain_text("将各类对耕地的占用，统一纳入占补平衡管理")
    expect(page.locator("nav.story a.prev")).to_have_attribute("href", head_url.replace(server, ""))
    shoot(page, out, "4-continuation")

    page.go_back()
    page.locator("table.cluster tr", has_text="大同日报").locator("a.compare").click()
    compare = page.locator("section#compare, h2#compare")
    expect(compare.first).to_contain_text("对照")
    left, right = page.locator(".textcmp.left"), page.locator(".textcmp.right")
    expect(left).to_contain_text("将各类对耕地的占用")  # the whole story, both parts, is compared
    expect(right.locator("span.same").first).to_be_visible()
    assert left.locator("span.same").count() >= 1
    expect(page.locator("p.meta", has_text="处异文")).to_be_visible()
    assert page.locator("script").count() == 0
    shoot(page, out, "5-compare")


def test_reprint_variants_are_highlighted(server: str, page: Page) -> None:
    """The seed pages print the 求是 article twice, with 尚不牢固 / 尚不托底."""
    page.goto(server + "/search?q=%22%E5%B0%9A%E4%B8%8D%E7%89%A2%E5%9B%BA%22")  # "尚不牢固"
    page.locator(".hits .title a").first.click()
    page.locator("table.cluster tr", has_text="未定位").locator("a.compare").click()  # page 001
    variants = page.locator(".textcmp.left span.var, .textcmp.right span.var").all_inner_texts()
    assert any("牢固" in v for v in variants) and any("托底" in v for v in variants)
    color = page.locator(".textcmp span.var").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert color not in ("rgba(0, 0, 0, 0)", "transparent")


def loaded_width(img: Locator, seconds: float = 10) -> int:
    """The natural width of an image once it has loaded (the reader's CSP allows no eval,
    so no wait_for_function)."""
    for _ in range(int(seconds * 20)):
        width = img.evaluate("e => e.complete ? e.naturalWidth : -1")
        if width >= 0:
            return int(width)
        time.sleep(0.05)
    raise AssertionError("the image did not load")


def test_click_an_article_on_the_page_image(pdf_server: str, page: Page, tmp_path: Path) -> None:
    """An e-paper issue: each page as printed, its articles outlined; clicking one opens it,
    and the article shows its page with its place highlighted."""
    out = Path(os.environ.get("BAOKAN_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)

    page.goto(pdf_server + "/issue/%E4%BA%BA%E6%B0%91%E6%97%A5%E6%8A%A5/2019-02-01")  # 人民日报
    image = page.locator(".pageimg img").first
    expect(image).to_be_visible()
    assert loaded_width(image) == 480
    outline = page.get_by_role("link", name="推进乡村全面振兴", exact=True).and_(page.locator("a.outline"))
    expect(outline).to_have_count(1)
    box = outline.locator(".box").first
    before = box.evaluate("e => getComputedStyle(e).backgroundColor")
    box.hover()
    expect(outline.locator(".label")).to_be_visible()
    assert box.evaluate("e => getComputedStyle(e).backgroundColor") != before  # hovering highlights
    shoot(page, out, "6-epaper-issue")

    href = outline.get_attribute("href")
    assert href is not None and href.startswith("/article/")
    box.click()
    expect(page).to_have_url(pdf_server + href)
    expect(page.locator("h1")).to_have_text("推进乡村全面振兴")
    thumb = page.locator("figure.thumb")
    expect(thumb.locator(".outline.current .box").first).to_be_visible()
    assert loaded_width(thumb.locator("img")) == 320
    shoot(page, out, "7-epaper-article")

    thumb.locator("figcaption a").click()
    expect(page.locator("h1")).to_contain_text("第1版")
    expect(page.locator("a.outline")).to_have_count(2)
    assert page.locator("script").count() == 0
    shoot(page, out, "8-epaper-page")
