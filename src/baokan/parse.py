"""parse_page: one page's bytes or text in, its `Page` out. The only module that knows the
order of the stages: decode → restore → masthead → segment (jumps and bylines inside)."""

from __future__ import annotations

from .bylines import own_paper_from
from .decode import decode_bytes
from .masthead import read_masthead
from .model import Page
from .restore import restore
from .segment import segment
from .settings import DEFAULT, Settings


def parse_text(text: str, source: str | None = None, settings: Settings = DEFAULT) -> Page:
    """Parse the extracted text of one newspaper page."""
    paras = restore(text, settings)
    head, body_paras = read_masthead(paras, settings)
    own_paper = head.paper or own_paper_from([p.text for p in body_paras])
    articles = segment(body_paras, own_paper, settings)
    return Page(
        source=source,
        paper=head.paper,
        date=head.date,
        page=head.page,
        page_name=head.page_name,
        edition=head.edition,
        articles=articles,
        text="\n".join(p.text for p in paras),
    )


def parse_page(data: bytes | str, source: str | None = None, settings: Settings = DEFAULT) -> Page:
    """Parse one page given as bytes (any supported encoding) or as text."""
    text = data if isinstance(data, str) else decode_bytes(data, source, settings)
    return parse_text(text, source, settings)
