"""The `baokan` command, run in-process with typer's CliRunner."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baokan import parse_page
from baokan.cli import app

SEED = "000_9fc8dd82a9bcce83"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00" + bytes(64)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def seed_page(seed_dir: Path) -> Path:
    return seed_dir / f"{SEED}.txt"


def test_parse_prints_a_summary(runner: CliRunner, seed_page: Path) -> None:
    result = runner.invoke(app, ["parse", str(seed_page)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(seed_page.name)
    assert "paper=大同日报" in out and "date=2023-12-01" in out and "page=1" in out
    # the headline of the first article, on one line with its dateline
    first = next(line for line in out.splitlines() if line.strip().startswith("1 "))
    assert "推动长三角一体化发展取得新的重大突破" in first
    assert "〔新华社上海11月30日电〕" in first
    assert "→3" in first  # (下转第三版)
    assert result.stderr == ""


def test_parse_json(runner: CliRunner, seed_page: Path, gold_dir: Path) -> None:
    result = runner.invoke(app, ["parse", "--json", str(seed_page)])
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    assert page["schema"] == "baokan.page/1"
    assert page["source"] == seed_page.name
    for key in ("paper", "date", "page", "page_name", "edition", "articles"):
        assert key in page
    assert "text" not in page
    gold = json.loads((gold_dir / f"{SEED}.json").read_text(encoding="utf-8"))
    assert (page["paper"], page["date"], page["page"]) == (gold["paper"], gold["date"], gold["page"])
    assert page["articles"][0]["title"] == gold["articles"][0]["title"]
    assert page == parse_page(seed_page.read_bytes(), seed_page.name).to_json()


def test_parse_json_with_text(runner: CliRunner, seed_page: Path) -> None:
    result = runner.invoke(app, ["parse", "--json", "--text", str(seed_page)])
    assert result.exit_code == 0, result.output
    page = json.loads(result.stdout)
    assert page["text"].startswith("大同日报")


def test_parse_directory_to_output(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(seed_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    seeds = sorted(p.stem for p in seed_dir.glob("*.txt"))
    assert sorted(p.name for p in out.iterdir()) == [f"{s}.json" for s in seeds]
    for stem in seeds:
        page = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert page["schema"] == "baokan.page/1"
        assert page["source"] == f"{stem}.txt"
        assert page == parse_page((seed_dir / f"{stem}.txt").read_bytes(), f"{stem}.txt").to_json()
    assert f"wrote {len(seeds)} page(s)" in result.stdout


def test_parse_on_several_processes_gives_the_same_output(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    """--jobs 2: the same pages, files and error lines as one process, in the order of the files."""
    src = tmp_path / "in"
    shutil.copytree(seed_dir, src)
    (src / "b_empty.txt").write_bytes(b"")
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        as_json = runner.invoke(app, ["parse", str(src), "--json", "--jobs", jobs])
        to_dir = runner.invoke(app, ["parse", str(src), "-o", str(out), "--jobs", jobs])
        assert as_json.exit_code == to_dir.exit_code == 1, as_json.output
        files = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
        results[jobs] = (as_json.stdout, as_json.stderr, to_dir.stdout.replace(str(out), "OUT"), files)
    assert results["1"] == results["2"]
    stdout, stderr, _, files = results["2"]
    sources = [json.loads(line)["source"] for line in stdout.splitlines()]
    assert sources == sorted(sources) and len(sources) == len(files) == 5
    assert stderr.count("b_empty.txt") == 1


def test_parse_jobs_must_be_positive(runner: CliRunner, seed_page: Path) -> None:
    result = runner.invoke(app, ["parse", str(seed_page), "--jobs", "0"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "baokan: --jobs must be 1 or more, not 0"


def test_batch_with_bad_files(runner: CliRunner, seed_page: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    empty = src / "a_empty.txt"
    empty.write_bytes(b"")
    binary = src / "b_binary.txt"
    binary.write_bytes(PNG)
    good = src / "c_good.txt"
    shutil.copy(seed_page, good)
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(src), "-o", str(out)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"baokan: {empty}: ") and "empty" in errors[0]
    assert errors[1].startswith(f"baokan: {binary}: ") and "binary" in errors[1]
    # the good page is still written, whole, and nothing else is left in OUT
    assert [p.name for p in out.iterdir()] == ["c_good.json"]
    page = json.loads((out / "c_good.json").read_text(encoding="utf-8"))
    assert page["paper"] == "大同日报"
    assert "wrote 1 page(s)" in result.stdout


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["parse", str(missing)])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"baokan: {missing}: ")


def test_empty_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("baokan: no page files found")


def test_same_stem_twice_gets_two_outputs(runner: CliRunner, seed_page: Path, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    shutil.copy(seed_page, tmp_path / "x" / "p.txt")
    shutil.copy(seed_page, tmp_path / "y" / "p.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["parse", str(tmp_path / "x"), str(tmp_path / "y"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["p-2.json", "p.json"]


def test_eval(runner: CliRunner, seed_dir: Path, gold_dir: Path) -> None:
    result = runner.invoke(app, ["eval", "--pages", str(seed_dir), "--gold", str(gold_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("TOTAL article_f1=")
    for key in ("headline_acc=", "text_acc=", "jump_acc=", "meta_acc="):
        assert key in lines[-1]
    assert len(lines) == len(list(gold_dir.glob("*.json"))) + 1


def test_eval_json(runner: CliRunner, seed_dir: Path, gold_dir: Path) -> None:
    result = runner.invoke(app, ["eval", "--pages", str(seed_dir), "--gold", str(gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["total"]) == {"article_f1", "headline_acc", "text_acc", "jump_acc", "meta_acc"}
    assert all(0.0 <= v <= 1.0 for v in report["total"].values())


def test_score_gold_against_itself(runner: CliRunner, gold_dir: Path) -> None:
    gold = gold_dir / f"{SEED}.json"
    result = runner.invoke(app, ["score", str(gold), str(gold)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{SEED} article_f1=1.000 headline_acc=1.000 text_acc=1.000 jump_acc=1.000 meta_acc=1.000",
        "TOTAL article_f1=1.000 headline_acc=1.000 text_acc=1.000 jump_acc=1.000 meta_acc=1.000",
    ]


def test_score_parsed_output(runner: CliRunner, seed_dir: Path, gold_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["parse", str(seed_dir), "-o", str(out)]).exit_code == 0
    by_dir = runner.invoke(app, ["score", str(gold_dir), str(out), "--json"])
    by_eval = runner.invoke(app, ["eval", "--pages", str(seed_dir), "--gold", str(gold_dir), "--json"])
    assert by_dir.exit_code == by_eval.exit_code == 0
    assert json.loads(by_dir.stdout) == json.loads(by_eval.stdout)
    one = runner.invoke(app, ["score", str(gold_dir / f"{SEED}.json"), str(out / f"{SEED}.json")])
    assert one.exit_code == 0 and one.stdout.splitlines()[-1].startswith("TOTAL ")


def test_score_missing_prediction(runner: CliRunner, gold_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(gold_dir / f"{SEED}.json"), str(tmp_path / "none.json"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"]["article_f1"] == 0.0


def test_score_unreadable_gold(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["score", str(bad), str(bad)])
    assert result.exit_code == 1
    _one_error_line(result, bad)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("utf-16"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    ],
    ids=["gb18030", "utf-16", "utf-16-be", "utf-8-sig"],
)
def test_other_encodings_parse_the_same(runner: CliRunner, seed_dir: Path, tmp_path: Path, encode) -> None:
    for seed in sorted(seed_dir.glob("*.txt")):
        copy = tmp_path / seed.name
        copy.write_bytes(encode(seed.read_text(encoding="utf-8")))
    out_utf8, out_other = tmp_path / "o1", tmp_path / "o2"
    assert runner.invoke(app, ["parse", str(seed_dir), "-o", str(out_utf8)]).exit_code == 0
    result = runner.invoke(app, ["parse", str(tmp_path), "-o", str(out_other)])
    assert result.exit_code == 0, result.output
    for seed in sorted(seed_dir.glob("*.txt")):
        a = json.loads((out_utf8 / f"{seed.stem}.json").read_text(encoding="utf-8"))
        b = json.loads((out_other / f"{seed.stem}.json").read_text(encoding="utf-8"))
        assert a == b, seed.name


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "parse" in result.output and "eval" in result.output and "score" in result.output


def _one_error_line(result, path: Path) -> None:
    assert result.exit_code == 1
    # a handled error: no traceback, one `baokan: PATH: ...` line
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"baokan: {path}"), lines[0]


def test_eval_with_a_broken_gold_file(runner: CliRunner, seed_dir: Path, tmp_path: Path) -> None:
    """Regression: a gold file that is not JSON ended `eval` with a traceback."""
    gold = tmp_path / "gold"
    gold.mkdir()
    bad = gold / "000_9fc8dd82a9bcce83.json"
    bad.write_text("{broken", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--pages", str(seed_dir), "--gold", str(gold)])
    _one_error_line(result, bad)


def test_parse_output_is_a_file(runner: CliRunner, seed_page: Path, tmp_path: Path) -> None:
    """Regression: `-o` naming an existing file ended `parse` with a FileExistsError traceback."""
    out = tmp_path / "out"
    out.write_text("not a directory", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(seed_page), "-o", str(out)])
    _one_error_line(result, out)
    assert out.read_text(encoding="utf-8") == "not a directory"


def test_score_directory_with_a_broken_gold_file(runner: CliRunner, gold_dir: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(gold_dir / f"{SEED}.json", gold / f"{SEED}.json")
    bad = gold / "zzz.json"
    bad.write_text("{broken", encoding="utf-8")
    result = runner.invoke(app, ["score", str(gold), str(gold)])
    _one_error_line(result, bad)


def test_the_cli_reference_is_current() -> None:
    """docs/cli.md is written from the commands (`python -m baokan.clidoc > docs/cli.md`)."""
    from baokan.clidoc import reference

    path = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert path.read_text(encoding="utf-8") == reference(), "run: python -m baokan.clidoc > docs/cli.md"
    assert "## `baokan parse`" in reference() and "## `baokan reuse show`" in reference()
