"""Reprints: the seed pages 000 and 001 print the same three stories in different noise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from baokan import Archive, ingest
from baokan.cli import app
from baokan.reuse import align, cluster, clusters, normalize, run


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path) -> Archive:
    db = tmp_path_factory.mktemp("reuse") / "a.sqlite"
    a = Archive(db)
    ingest(a, [seed_dir])
    run(a)
    return a


def _titles(a: Archive, group) -> set[str]:
    return {(m.article.title or "") for m in group.members}


def test_the_three_shared_stories_are_paired(archive: Archive) -> None:
    groups = clusters(archive)
    found = [" ".join(sorted(_titles(archive, g))) for g in groups]
    assert len(groups) == 3, found
    assert any("切实加强耕地保护" in t for t in found)
    assert any("巴勒斯坦" in t for t in found)
    assert any("基辛格" in t for t in found)


def test_variants_include_the_changed_words(archive: Archive) -> None:
    group = next(g for g in clusters(archive) if any("耕地" in (m.article.title or "") for m in g.members))
    a, b = group.members[0], group.members[1]
    variants = [(v.a_text, v.b_text) for p in align(a.article.body, b.article.body) for v in p.variants]
    pairs = {frozenset(v) for v in variants}
    assert frozenset({"牢固", "托底"}) in pairs
    # 质量并重 / 量质并重: one inserted and one deleted 量
    assert ("", "量") in variants or ("量", "") in variants


def test_set_phrases_alone_make_no_pair(archive: Archive) -> None:
    # the 长三角 pieces on pages 000 and 001 quote the same slogans but are different texts
    for g in clusters(archive):
        for m in g.members:
            assert "长三角" not in (m.article.title or "") or "基辛格" in m.article.body


def test_offsets_point_at_the_passage_in_both_texts(archive: Archive) -> None:
    group = clusters(archive)[0]
    a, b = group.members[0].article.body, group.members[1].article.body
    for p in align(a, b):
        assert normalize(a[p.a_start : p.a_end]).text[:8] == normalize(b[p.b_start : p.b_end]).text[:8]
        for v in p.variants:
            assert a[v.a_start : v.a_end] == v.a_text and b[v.b_start : v.b_end] == v.b_text


def test_noise_does_not_hide_a_reprint() -> None:
    text = (
        "新华社北京11月30日电 11月29日，联合国举行“声援巴勒斯坦人民国际日”纪念大会，国家主席习近平向大会致贺电。"
        "习近平指出，巴勒斯坦问题是中东问题的核心，关乎国际公平正义。巴以冲突症结在于巴勒斯坦人民迟迟无法实现独立建国的合法民族权利。"
    )
    noisy = text.replace("，", ", ").replace("11月29日", "11 月 29 日").replace("国际公平", "国际公公平")
    passages = align(text, noisy)
    assert passages and passages[0].identity >= 0.95


def test_a_middle_member_does_not_chain_unrelated_texts() -> None:
    # 1~2 and 2~3 but not 1~3: 1 and 3 stay apart
    assert cluster([(1, 2), (2, 3)]) in ([[1, 2]], [[2, 3]])
    assert cluster([(1, 2), (2, 3), (1, 3)]) == [[1, 2, 3]]


def test_rerun_is_incremental(archive: Archive) -> None:
    report = run(archive)
    assert report.new_articles == 0 and report.candidates == 0 and report.pairs_found == 0
    assert report.pairs_total >= 3


def test_cli_reuse_show_and_export(tmp_path: Path, seed_dir: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "a.sqlite"
    assert runner.invoke(app, ["ingest", str(seed_dir), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["reuse", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 cluster(s)" in result.output
    cid = next(w for w in result.output.split() if w.startswith("c") and w[1:].isdigit())
    shown = runner.invoke(app, ["reuse", "show", cid, "--db", str(db)])
    assert shown.exit_code == 0 and "identity" in shown.output
    out = tmp_path / "pairs.jsonl"
    exported = runner.invoke(app, ["export", "--reuse", "-o", str(out), "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows and {"id1", "id2", "begin1", "end1", "begin2", "end2", "text1", "text2", "identity"} <= set(rows[0])
    bad = runner.invoke(app, ["reuse", "show", "c999999", "--db", str(db)])
    assert bad.exit_code == 1


def test_spark_engine_finds_the_same_clusters(tmp_path: Path, seed_dir: Path, archive: Archive) -> None:
    pytest.importorskip("pyspark")  # installed with the test extra; CI has it
    from baokan.reuse.spark import run_spark

    spark_archive = Archive(tmp_path / "s.sqlite")
    ingest(spark_archive, [seed_dir])
    report = run_spark(spark_archive, master="local[1]", workdir=tmp_path / "spark")
    assert report.pairs_total == 3

    def shape(a: Archive) -> list[tuple[tuple[str, str], ...]]:
        return sorted(
            tuple(sorted((m.source_path, str(m.seq)) for m in c.members)) for c in clusters(a)
        )

    assert shape(spark_archive) == shape(archive)
    assert (tmp_path / "spark" / "pairs.parquet").exists()
