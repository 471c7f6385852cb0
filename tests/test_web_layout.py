"""Code layout of the web reader (issue 13): a package of short functions, every route registered
from the one table in baokan.web.app, the templates inside the package."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from fastapi.routing import APIRoute

from baokan.web import ROUTES, create_app

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "baokan" / "web"


def test_the_web_reader_is_a_package() -> None:
    assert not (ROOT / "src" / "baokan" / "web.py").exists()
    assert {"__init__.py", "app.py", "reader.py", "images.py", "views.py", "api.py"} <= {p.name for p in WEB.glob("*.py")}
    assert (WEB / "templates" / "base.html").is_file()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["baokan"]
    assert "web/templates/*.html" in package_data


def test_no_route_is_a_closure() -> None:
    """Routes are module-level functions, not defined inside create_app."""
    for path in sorted(WEB.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = [n for n in ast.walk(node) if n is not node and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
                assert not inner, f"{path.name}: {node.name} defines {[n.name for n in inner]}"


def test_every_route_comes_from_the_one_table(sample_archive: Path) -> None:
    app = create_app(sample_archive)
    registered = [(r.path, r.endpoint, sorted(r.methods)) for r in app.routes if isinstance(r, APIRoute)]
    assert registered == [(r.path, r.endpoint, ["GET"]) for r in ROUTES]
    assert len({r.path for r in ROUTES}) == len(ROUTES)
    others = {getattr(r, "path", None) for r in app.routes if not isinstance(r, APIRoute)}
    assert others == {"/openapi.json"}  # FastAPI's own schema route, nothing else outside the table
