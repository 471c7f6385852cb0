"""The code's own rules of layout. Every threshold has a line of help: each field of `Settings` and each module-level numeric
constant of the package (an UPPER_CASE name bound to a number, or to a tuple of numbers)
carries a comment on its line or on the line just above it. A new threshold without one
fails here. Every error class lives in errors.py."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "baokan"
SETTINGS_CLASSES = ("Settings", "Layout", "Stitching", "Reprints", "Headlines")  # the classes of settings.py


def _numeric(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int | float) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _numeric(node.operand)
    if isinstance(node, ast.BinOp):
        return _numeric(node.left) and _numeric(node.right)
    if isinstance(node, ast.Tuple):
        return bool(node.elts) and all(_numeric(e) for e in node.elts)
    return False


def _documented(lines: list[str], node: ast.stmt) -> bool:
    own = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
    above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
    return any("#" in line for line in own) or above.startswith("#")


def undocumented() -> list[str]:
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for node in tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if (names and all(n.isupper() for n in names) and node.value is not None
                        and _numeric(node.value) and not _documented(lines, node)):
                    missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {names[0]}")
            if isinstance(node, ast.ClassDef) and node.name in SETTINGS_CLASSES:
                for field in node.body:
                    if isinstance(field, ast.AnnAssign) and not _documented(lines, field):
                        missing.append(f"{path.relative_to(PACKAGE)}:{field.lineno} {node.name}.{field.target.id}")
    return missing


def test_every_threshold_has_a_line_of_help() -> None:
    assert undocumented() == []


def test_the_check_sees_an_undocumented_constant(tmp_path: Path) -> None:
    tree = ast.parse("LIMIT = 40\nGAP = 0.5  # a gap\n# the slack\nSLACK = (1, 2)\n")
    lines = ["LIMIT = 40", "GAP = 0.5  # a gap", "# the slack", "SLACK = (1, 2)"]
    flagged = [n.targets[0].id for n in tree.body if isinstance(n, ast.Assign) and not _documented(lines, n)]
    assert flagged == ["LIMIT"]


def test_every_error_class_lives_in_errors_py() -> None:
    """Typed errors have one home; a module may still keep a private control-flow signal."""
    elsewhere = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
                if bases & {"Exception", "BaokanError", "ValueError", "RuntimeError", "OSError"}:
                    elsewhere.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert elsewhere == []


def test_every_setting_is_read_somewhere() -> None:
    """A field of `Settings` that no code reads is a knob that does nothing."""
    tree = ast.parse((PACKAGE / "settings.py").read_text(encoding="utf-8"))
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in SETTINGS_CLASSES]
    fields = [f.target.id for cls in classes for f in cls.body if isinstance(f, ast.AnnAssign)]
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py") if p.name != "settings.py")
    unread = [f for f in fields if f".{f}" not in code and f"{f}=" not in code]
    assert unread == []


def test_no_function_in_the_package_is_over_100_lines() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > 100:
                    long.append(f"{path.relative_to(PACKAGE)}: {node.name} ({n} lines)")
    assert long == []
