"""Shared fixtures: where the real sample pages and their gold files live."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

# evaluation tooling lives outside the package: page synthesis, the reprint corpus, the
# corpus renderers (eval/synth.py, eval/reuse_corpus.py, eval/train, eval/pdf)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """eval/pages: the extracted text of real newspaper pages."""
    return Path(__file__).resolve().parents[1] / "eval" / "pages"


def cli(*args: Any) -> Result:
    """Run the `baokan` command line in this process (arguments may be paths or numbers)."""
    from typer.testing import CliRunner

    from baokan.cli import app

    return CliRunner().invoke(app, [str(a) for a in args])


def ok(result: Result) -> Result:
    """The result of a command that must succeed (its output shown when it does not)."""
    assert result.exit_code == 0, result.output
    return result


def floors(name: str) -> dict[str, float]:
    """The score floors pinned for one measurement in eval/floors.json."""
    path = Path(__file__).resolve().parents[1] / "eval" / "floors.json"
    return {k: float(v) for k, v in json.loads(path.read_text(encoding="utf-8"))[name].items() if k != "why"}


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """eval/gold: one `baokan.page/1` gold file per sample page."""
    return Path(__file__).resolve().parents[1] / "eval" / "gold"


HOSTILE_TITLE = "<script>alert('标题')</script>恶意标题"
HOSTILE_BODY = "本报讯 正文里有<script>alert(1)</script>和<img src=x onerror=alert(2)>标记，还有&amp;符号与\"引号\"。"


def build_sample_archive(path: Path) -> Path:
    """The sample archive the web reader is tested on: the five seed pages, the sample issue
    in examples/pages (a story continued from page 1 to page 3, reprints of seed stories),
    reprints found, and a paper 测试报 with two issues whose article carries markup."""
    from baokan.archive import Archive
    from baokan.archive.ingest import ingest
    from baokan.model import Article, Page
    from baokan.reuse import run

    root = Path(__file__).resolve().parents[1]
    with Archive(path) as archive:
        report = ingest(archive, [root / "eval" / "pages", root / "examples" / "pages"])
        assert report.failed == 0
        for date in ("2023-12-03", "2023-12-05"):
            page = Page(
                source=f"hostile-{date}",
                paper="测试报",
                date=date,
                page=1,
                page_name="要闻",
                articles=(Article(title=HOSTILE_TITLE, agency="本报", body=HOSTILE_BODY * 3),),
                text=HOSTILE_TITLE + "\n" + HOSTILE_BODY,
            )
            archive.add_page(page, f"hostile-{date}.txt", date)
        run(archive)
    return path


@pytest.fixture(scope="session")
def sample_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_archive(tmp_path_factory.mktemp("web") / "sample.sqlite")
