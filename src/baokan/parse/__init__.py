"""parse_page: one page's bytes or text in, its `Page` out. The only module that knows the
order of the stages: decode → restore → masthead → units (segment: classify, column breaks,
jumps) → roles (labeller, the trained CRF) → items (structure: headlines, bylines)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Page
from ..settings import DEFAULT, Settings
from .bylines import own_paper_from
from .decode import decode_bytes
from .labeller import label
from .masthead import Masthead, read_masthead
from .para import Para
from .restore import restore
from .structure import build
from .units import Unit, classify


@dataclass(frozen=True, slots=True)
class PageUnits:
    """A page read up to its units: what the labeller sees."""

    paras: tuple[Para, ...]
    head: Masthead
    own_paper: str | None
    units: list[Unit]


def page_units(text: str, settings: Settings = DEFAULT) -> PageUnits:
    """Restore the page's text, read its masthead and cut the rest into units."""
    paras = restore(text, settings)
    head, body_paras = read_masthead(paras, settings)
    own_paper = head.paper or own_paper_from([p.text for p in body_paras])
    units = classify(body_paras, own_paper, settings)
    return PageUnits(paras, head, own_paper, units)


def parse_text(text: str, source: str | None = None, settings: Settings = DEFAULT) -> Page:
    """Parse the extracted text of one newspaper page."""
    pu = page_units(text, settings)
    paras, head = pu.paras, pu.head
    articles = build(pu.units, label(pu.units, pu.own_paper, settings), pu.own_paper, settings.headlines)
    return head.page_of(source, articles, "\n".join([p.text for p in paras]))


def parse_page(data: bytes | str, source: str | None = None, settings: Settings = DEFAULT) -> Page:
    """Parse one page given as bytes (any supported encoding) or as text."""
    text = data if isinstance(data, str) else decode_bytes(data, source, settings)
    return parse_text(text, source, settings)
