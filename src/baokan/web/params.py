"""Request parameters: their bounds, their names in the reader's error messages, and the
checks FastAPI's own validation does not make."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path as PathParam
from starlette.exceptions import HTTPException

MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id is simply not there
# the reader's names for request parameters, in its error messages
PARAM_NAMES = {
    "q": "检索词", "p": "结果页码", "page_no": "版次", "w": "图像宽度 w", "with": "对照稿件编号",
    "article_id": "文章编号", "page_id": "版面编号", "paper": "报纸", "from": "起始日期", "to": "截止日期",
    "kind": "类别", "limit": "limit", "offset": "offset",
}

ArticleId = Annotated[int, PathParam(ge=1, le=MAX_ID)]  # an article's or a page's id in a path


def bounded(value: str | None, name: str, low: int, high: int, default: int) -> int:
    """A whole-number query parameter within [low, high] (`default` when not given); else a 400
    that states the bounds."""
    if value is None or value.strip() == "":
        return default
    text = value.strip()
    if text.isascii() and text.isdigit() and low <= int(text) <= high:
        return int(text)
    raise HTTPException(400, f"{name} 须在 {low} 到 {high} 之间（整数）")


def validation_message(e: dict[str, Any]) -> str:
    """A request validation error (FastAPI's, in English) in the reader's words."""
    loc = [str(x) for x in e.get("loc", ())[1:]]
    name = PARAM_NAMES.get(loc[-1], loc[-1]) if loc else "请求"
    ctx = e.get("ctx") or {}
    kind = str(e.get("type", ""))
    if kind == "string_too_long":
        return f"{name}过长：最多 {ctx.get('max_length')} 个字符"
    if kind == "missing":
        return f"缺少{name}"
    if kind in ("int_parsing", "int_from_float"):
        return f"{name}应是整数"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name}应不小于 {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{name}应不大于 {ctx.get('le', ctx.get('lt'))}"
    return f"{name}有误"


def valid_date(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None
