"""Code layout of the archive and the reprint finder (issue 13): no import cycle anywhere in the
package, short functions, and the reprint settings stored as JSON."""

from __future__ import annotations

import ast
from pathlib import Path

from baokan.reuse.db import ReuseSettings

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "baokan"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    """The absolute name of `from <level dots><name> import ...` written in `module`."""
    if level == 0:
        return name or ""
    base = module.split(".")
    if not is_package:
        base.pop()  # a module's own package
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def import_graph() -> dict[str, set[str]]:
    """Each module of baokan and the modules of baokan it imports, wherever the import is (at the
    top, inside a function, under TYPE_CHECKING): `from X import y` counts as importing X.y when
    that is a module, else X."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:  # `import baokan.x.y` of a name in x.y
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph (its modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_relative_imports_resolve() -> None:
    assert _resolve("baokan.archive.store", False, 1, "records") == "baokan.archive.records"
    assert _resolve("baokan.archive.stitch", False, 2, None) == "baokan"
    assert _resolve("baokan.archive", True, 1, "store") == "baokan.archive.store"
    assert _resolve("baokan.reuse.db", False, 2, "archive.store") == "baokan.archive.store"


def test_no_import_cycle_in_the_package() -> None:
    graph = import_graph()
    assert "baokan.archive.store" in graph["baokan.archive.search"]
    assert "baokan.textsim" in graph["baokan.archive.stitch"]  # `from .. import textsim`: the module
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle or ())


def test_the_archive_does_not_import_the_reprint_finder() -> None:
    graph = import_graph()
    archive = {m for m in graph if m == "baokan.archive" or m.startswith("baokan.archive.")}
    for module in archive:
        assert not {m for m in graph[module] if m.startswith("baokan.reuse")}, module


def test_reprint_settings_round_trip_as_json() -> None:
    import json

    for settings in (ReuseSettings(), ReuseSettings(60, 0.85), ReuseSettings(engine="spark")):
        stored = settings.to_json()
        assert isinstance(json.loads(stored), dict)
        assert ReuseSettings.from_json(stored) == settings
    assert json.loads(ReuseSettings(60, 0.85).to_json())["min_identity"] == 0.85


def test_reprint_settings_of_an_older_archive_still_read() -> None:
    assert ReuseSettings.from_json("50/0.8/8/4/crc32") == ReuseSettings(50, 0.8, 8, 4, "crc32")
    assert ReuseSettings.from_json("60/0.9/8/4/crc32") == ReuseSettings(min_chars=60, min_identity=0.9)
    assert ReuseSettings.from_json("spark") == ReuseSettings(engine="spark")
    assert ReuseSettings.from_json(None) is None
    assert ReuseSettings.from_json("") is None
    assert ReuseSettings.from_json("garbage") is None
    assert ReuseSettings.from_json("[1, 2]") is None


def test_a_reuse_run_keeps_pairs_found_with_an_older_archive_settings(tmp_path: Path) -> None:
    """An archive whose pairs were found with the same thresholds by an older baokan (settings
    stored as "50/0.8/8/4/crc32") is not compared again from scratch."""
    from baokan.archive import Archive
    from baokan.model import Article, Page
    from baokan.reuse import db, run

    body = "".join(chr(0x4E00 + (i * 7919) % 5000) for i in range(300)) + "。"  # 300 characters, no 8-gram twice
    with Archive(tmp_path / "a.sqlite") as archive:
        for k, paper in enumerate(("甲报", "乙报")):
            page = Page(paper=paper, date="2023-12-01", page=1, articles=(Article(title="题", body=body),))
            archive.add_page(page, f"/p{k}.txt", f"sha{k}")
        assert run(archive).pairs_found == 1
        db.meta_set(archive, db.SETTINGS_KEY, "50/0.8/8/4/crc32")
        again = run(archive)
        assert again.pairs_found == 0 and again.pairs_total == 1  # kept, not found again
        assert db.load_settings(archive) == ReuseSettings()
        run(archive, min_chars=60)  # other thresholds: everything again, stored as JSON
        assert db.load_settings(archive) == ReuseSettings(min_chars=60)
