"""baokan: Chinese newspaper pages as extracted text in, clean structured articles out."""

from __future__ import annotations

import logging

from .errors import BaokanError, DecodeError, PageFormatError
from .model import Article, Edition, Page
from .parse import parse_page, parse_text
from .settings import Settings
from .store import Archive

__all__ = [
    "Archive",
    "Article",
    "BaokanError",
    "DecodeError",
    "Edition",
    "Page",
    "PageFormatError",
    "Settings",
    "parse_page",
    "parse_text",
]
__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
