"""Typed errors. Each names the source it is about; the CLI prints one line per error."""

from __future__ import annotations

from typing import Any


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


class ArchiveError(BaokanError):
    """The archive file cannot be opened or is not a baokan archive."""


class PathPatternError(BaokanError, ValueError):
    """A --path-pattern that cannot be used."""


class ExportError(BaokanError):
    """An export that cannot be written."""


class SparkUnavailable(BaokanError):
    """PySpark (or Java) is not installed."""


QUERY_MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("empty query", "检索词为空"),
    "too_long": (
        "query too long: at most {limit} characters",
        "检索词过长：最多 {limit} 个字符",
    ),
    "unreadable": ("cannot read the query near {near!r}", "无法识别检索式中“{near}”附近的内容"),
    "nothing": ("nothing to search for in {words!r}", "“{words}”中没有可检索的字词"),
    "quote": ("a quote is not closed", "引号没有配对"),
    "paren": ("a parenthesis is not balanced or encloses nothing", "括号不配对，或括号内为空"),
    "paren_open": ("a parenthesis is not closed", "括号没有闭合"),
    "operator_first": ("{op} needs a term before it", "{op} 前面需要一个检索词"),
    "operator_last": ("the query ends with an operator", "检索式不能以运算符结尾"),
    "date": (
        "--{name} must be a date like 2023-12-01, not {value!r}",
        "{label}应是形如 2023-12-01 的日期，不是“{value}”",
    ),
    "page": ("the page must be a number, not {value!r}", "版次应是数字，不是“{value}”"),
    "fts": ("cannot search for {query!r} ({detail})", "无法检索“{query}”"),
}


class QueryError(BaokanError, ValueError):
    """A search query that cannot be understood. `code` names the problem (a key of
    QUERY_MESSAGES) and `params` its details; `str(e)` is the English message, `e.text("zh")`
    the Chinese one, so each interface speaks one language."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        en, zh = QUERY_MESSAGES[self.code]
        return (zh if lang == "zh" else en).format(**self.params)
