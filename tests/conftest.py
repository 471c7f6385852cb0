"""Shared fixtures: where the real sample pages and their gold files live."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """eval/pages: the extracted text of real newspaper pages."""
    return Path(__file__).resolve().parents[1] / "eval" / "pages"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """eval/gold: one `baokan.page/1` gold file per sample page."""
    return Path(__file__).resolve().parents[1] / "eval" / "gold"
