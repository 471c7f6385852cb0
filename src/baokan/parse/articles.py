"""Items from their parts: a heading group and a run of body units become an `Article`
(headline roles, dateline, agency, authors, jumps, kind); captions and credits become photos,
teaser lines with their pointer become teasers."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..model import Article
from ..settings import HEADLINES, Headlines
from .bylines import (
    agency_of,
    closed_up,
    credit_outlet,
    is_column_name,
    names_in,
    read_byline,
    read_lead_in,
    read_trailing_byline,
    read_trailing_lead_in,
)
from .headline import assign_roles
from .jumps import Jump
from .units import BULLET, BYLINE, LEAD, Unit

_NOTICE_TITLE = regex.compile(
    r"公告|通告|通知|启事|声明|公示|告知书|倡议书|征集|招聘|招标|采购|广告|民意调查|问卷调查|遗失|讣告|拍卖|须知|温馨提示|^更正$|致歉"
)
_NOTICE_BODY = regex.compile(r"特此(?:公告|通知|声明|公示)|扫描.{0,8}二维码|咨询电话|联系电话|报名电话")


@dataclass(slots=True, eq=False)  # compared by identity
class HGroup:
    lines: list[str]
    md: bool = False
    byline: str | None = None
    teaser: bool = False  # announced by a 导读 label
    points: list[str] = field(default_factory=list)  # summary points printed as heading lines
    units: list[Unit] = field(default_factory=list)  # the units it was read from


@dataclass(slots=True, eq=False)  # compared by identity
class Segment:
    units: list[Unit]
    start: str | None = None  # "lead" | "from" | None
    heading: HGroup | None = None
    heading_after: bool = False
    closed: bool = False  # a trailing dateline ended it
    to: Jump | None = None
    frm: Jump | None = None
    prefix_units: list[Unit] = field(default_factory=list)  # text placed before the lead

    @property
    def text(self) -> str:
        return "\n".join(u.text for u in self.prefix_units + self.units)

    @property
    def lead(self) -> str:
        return "".join(u.text for u in self.units if u.kind != BYLINE)[:240]


@dataclass(slots=True, eq=False)  # compared by identity
class Done:
    """An item already complete (photo, teaser)."""

    article: Article


Element = HGroup | Segment | Done


def photo_item(caption: str, credit: str, own_paper: str | None) -> Article:
    return Article(
        kind="photo",
        body=caption,
        credits=(credit,) if credit else (),
        agency=agency_of(credit_outlet(credit), own_paper) if credit else None,
    )


def teaser_item(group: HGroup, target: str | None, headlines: Headlines = HEADLINES) -> Article:
    kicker, title, subtitle = assign_roles(group.lines, headlines)
    body = "\n".join(group.lines)
    return Article(kind="teaser", kicker=kicker, title=title, subtitle=subtitle, body=body, refers_to=target)



def build_article(seg: Segment, own_paper: str | None, headlines: Headlines = HEADLINES) -> Article:
    """Headline, lead-in facts and body of one segment."""
    kicker = title = subtitle = None
    lines: list[str] = []
    if seg.heading is not None:
        heads = seg.heading.lines
        if len(heads) >= 2 and heads[-1] in heads[:-1]:
            heads = heads[:-1]  # the body begins by repeating a title line (a document printed in full)
            lines.append(seg.heading.lines[-1])
        kicker, title, subtitle = assign_roles(heads, headlines)
        if seg.heading.byline:
            lines.append(seg.heading.byline)
    units = seg.prefix_units + seg.units
    summary: list[str] = []
    if seg.heading is not None and seg.heading.points:
        lines.extend(seg.heading.points)
        summary.extend(seg.heading.points)
    for u in units:
        lines.append(u.text)
        if u.kind == BULLET:
            summary.append(u.text)
    dateline = agency = None
    authors: list[str] = []
    lead_unit = next((u for u in units if u.kind == LEAD), None)
    if lead_unit is not None:
        lead = read_lead_in(lead_unit.text, own_paper)
        if lead is not None:
            dateline, agency = lead.dateline, lead.agency
            authors.extend(names_in(closed_up(lead.reporters_text)) if lead.reporters_text else lead.authors)
            rest = lead_unit.text[lead.end:].lstrip()
            head = lead_unit.text[: lead.end].rstrip()
            spaced = head if head.endswith("）") or not rest else head + " "
            fixed = spaced + rest
            lines[lines.index(lead_unit.text)] = fixed
    else:
        trailing = read_trailing_lead_in(units[-1].text, own_paper) if units else None
        if trailing:
            dateline, agency = trailing
    # the authors are read with their spaced-out names closed up (本报记者 江 琳 → 江琳)
    closing = read_trailing_byline(closed_up(units[-1].text)) if units else None  # …出行。（记者 X 通讯员 Y）
    for by in [read_byline(closed_up(text)) if len(text) <= 40 else None for text in lines] + [closing]:
        if by is not None:
            outlet, names = by
            authors.extend(n for n in names if n not in authors and not is_column_name(n))
            if agency is None and outlet:
                agency = agency_of(outlet, own_paper)
    body = "\n".join(lines)
    kind = "article"
    head_text = "".join(x for x in (kicker, title, subtitle) if x)
    if (head_text and _NOTICE_TITLE.search(head_text)) or (_NOTICE_BODY.search(body) and not dateline):
        kind = "notice"
    return Article(
        kind=kind,
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        dateline=dateline,
        agency=agency,
        authors=tuple(dict.fromkeys(authors)),
        body=body,
        continued_to=seg.to.page if seg.to else None,
        continued_from=seg.frm.page if seg.frm else None,
        continued_to_prefix=seg.to.prefix if seg.to else None,
        continued_from_prefix=seg.frm.prefix if seg.frm else None,
        summary=tuple(summary),
    )

