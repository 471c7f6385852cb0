"""baokan: Chinese newspaper pages as extracted text in, clean structured articles out."""

from __future__ import annotations

import logging

from .archive import Archive
from .archive.export import export
from .archive.ingest import ingest
from .archive.search import search
from .errors import BaokanError, DecodeError, PageFormatError
from .model import Article, Edition, Page
from .parse import parse_page, parse_text
from .settings import Settings

__all__ = [
    "Archive",
    "Article",
    "BaokanError",
    "DecodeError",
    "Edition",
    "Page",
    "PageFormatError",
    "Settings",
    "export",
    "ingest",
    "parse_page",
    "parse_text",
    "search",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
