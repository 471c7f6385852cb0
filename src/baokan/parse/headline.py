"""Heading lines to kicker (引题), title (主题) and subtitle (副题).

A kicker sets the scene and usually ends in a verb of saying (…时强调, …重要文章); a
subtitle starts with a dash or reports who attended (张强主持, 李强蔡奇出席). One printed
line may hold two of them separated by a space.
"""

from __future__ import annotations

import regex

from ..rx import rx

KICKER_END = regex.compile(
    r"(?:强调|指出|表示|要求|提出|寄语|发表|重要文章|重要讲话|署名文章|讲话|致辞|部署|安排部署|作出部署|时强调|上强调|"
    r"中强调|调研时强调|回信|致信|贺信|批示|会见|作出批示)$"
)
SUBTITLE_END = regex.compile(
    r"(?:出席|主持|参加|见证|陪同|致辞|会见|会谈|考察|调研|对接|出席并讲话|出席会议|参加会议|讲话|签约|"
    r"提出工作要求|提出要求|作批示|等参加|等出席|同志出席|并见证)$"
)
_SUBTITLE_CHAIR = regex.compile(r"^\p{Han}{2,4}(?:主持召开|主持)\p{Han}{0,8}$")
_DASH = regex.compile(r"^\s*(?:——|—|－－|--|―)")


def _is_subtitle(text: str) -> bool:
    t = text.strip()
    return bool(_DASH.match(t) or SUBTITLE_END.search(t) or _SUBTITLE_CHAIR.match(t))


def _is_kicker(text: str) -> bool:
    return bool(KICKER_END.search(text.strip()))


def split_summary(lines: list[str]) -> tuple[list[str], list[str]]:
    """Heading lines and, after the title, summary points printed like headings (a 核心阅读
    box or bullet list without marks): long lines that pause with ， or 、 and report no one."""
    if len(lines) < 3:
        return lines, []
    start = 2 if _is_kicker(lines[0]) else 1
    head, points = list(lines[:start]), []
    for ln in lines[start:]:
        t = ln.strip()
        if not points and (_is_subtitle(t) or len(t) < 15 or not rx(r"[，、,]").search(t)):
            head.append(ln)
        else:
            points.append(ln)
    if len(points) < 2:
        return lines, []
    return head, points


_NO_HEAD_END = frozenset("和与及并暨或而的之在对为把向同、，“‘（《")  # a heading line ending so runs on to the next


def join_wrapped(parts: list[str]) -> list[str]:
    """Heading lines rejoined where one was wrapped: a line that ends on a conjunction,
    preposition, pause or open bracket (蓝佛安主持召开省黄河流域生态保护和 | 高质量发展…会议)
    cannot end a kicker, title or subtitle."""
    out: list[str] = []
    for part in parts:
        if out and out[-1][-1] in _NO_HEAD_END:
            out[-1] += part
        else:
            out.append(part)
    return out


def assign_roles(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle) for the heading lines of one item, in print order."""
    parts = join_wrapped([rx(r"\s+").sub(" ", ln).strip() for ln in lines if ln and ln.strip()])
    if not parts:
        return None, None, None
    kicker = subtitle = None
    if len(parts) >= 2 and _is_kicker(parts[0]) and not _DASH.match(parts[1]):
        kicker = parts.pop(0)
    elif len(parts) >= 1:
        words = parts[0].split(" ")
        if len(words) >= 2 and _is_kicker(words[0]) and len(words[0]) >= 6:
            kicker = words[0]
            parts[0] = " ".join(words[1:])
    if len(parts) >= 2 and (_is_subtitle(parts[-1]) or len(parts) >= 3):
        subtitle = parts.pop()
    elif len(parts) == 1:
        words = parts[0].split(" ")
        if len(words) >= 2 and _is_subtitle(words[-1]) and not _is_subtitle(" ".join(words[:-1])):
            subtitle = words[-1]
            parts[0] = " ".join(words[:-1])
    if len(parts) == 2 and kicker is None and subtitle is None:
        a, b = parts
        if len(a) < 0.7 * len(b):
            kicker = parts.pop(0)
        else:
            subtitle = parts.pop()
    if len(parts) >= 2 and kicker is None:
        kicker = parts.pop(0)
    title = " ".join(parts) if parts else None
    if title is None and kicker is not None and subtitle is None:
        title, kicker = kicker, None
    return kicker, title, subtitle
