"""Page files in: a text page (.txt/.md, any supported encoding) gives one page, a PDF gives
one page per PDF page. One function for the command line and the archive, so that both refuse
the same files with the same words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import BaokanError, DecodeError
from ..model import Page
from ..settings import DEFAULT, Settings
from . import parse_text
from .decode import decode_bytes
from .pdf import is_pdf, parse_pdf

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
PDF_SUFFIXES = (".pdf",)
PAGE_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES


@dataclass(frozen=True, slots=True)
class FilePage:
    """One page read from a file: the page, or why it could not be read."""

    path: str  # the file
    key: str  # the file, or FILE#pN for page N of a PDF with several pages
    sha256: str  # of the whole file
    page: Page | None
    error: str | None = None
    number: int | None = None  # page of a PDF (1-based); None for a text page
    pdf: bytes | None = None  # the PDF's bytes, for an archive that keeps them


def read_bytes(path: Path, settings: Settings = DEFAULT) -> bytes:
    """A page file's bytes, refusing files too large to be a page."""
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            raise DecodeError(f"too large ({size:,} bytes; a page is at most {settings.max_bytes:,})", str(path))
        return path.read_bytes()
    except OSError as e:
        raise BaokanError(e.strerror or "cannot read", str(path)) from e


def read_page_file(path: Path, settings: Settings = DEFAULT, keep_pdf: bool = False) -> list[FilePage]:
    """Every page a file holds. Problems with the whole file raise `BaokanError` naming it;
    a PDF page that cannot be read is returned with its error, the other pages still read."""
    data = read_bytes(path, settings)
    sha = hashlib.sha256(data).hexdigest()
    name = str(path)
    if path.suffix.lower() in PDF_SUFFIXES or is_pdf(data):
        pages = parse_pdf(data, path.name, settings)
        multi = len(pages) > 1
        return [
            FilePage(name, f"{name}#p{p.number}" if multi else name, sha, p.page, p.error, p.number,
                     data if keep_pdf else None)
            for p in pages
        ]
    text = decode_bytes(data, name, settings)
    return [FilePage(name, name, sha, parse_text(text, path.name, settings))]
