"""Typed errors. Each names the source it is about; the CLI prints one line per error."""

from __future__ import annotations


class BaokanError(Exception):
    """Base of every error baokan raises on purpose."""

    def __init__(self, message: str, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class DecodeError(BaokanError, ValueError):
    """The input is empty, binary, undecodable or too large to be a page."""


class PageFormatError(BaokanError, ValueError):
    """A page JSON file does not follow `baokan.page/1`."""


class PdfError(BaokanError, ValueError):
    """A PDF file is broken or encrypted."""
