"""Every tunable threshold of the parser, in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    # decode
    max_bytes: int = 20 * 1024 * 1024  # larger input is refused as "not a page"
    max_control_ratio: float = 0.02  # share of control characters above which text is "binary"

    # restore
    repeat_min_chars: int = 80  # a later copy of at least this many characters is a repeated block
    repeat_gram: int = 16  # characters per fingerprint when looking for repeated blocks
    full_line_slack: int = 1  # a wrapped line this close to the column width is "full"
    min_wrapped_lines: int = 4  # lines needed to call a block hard-wrapped

    # units (heading-like lines) and masthead
    heading_max_chars: int = 64  # a line longer than this is never a heading line
    masthead_scan_lines: int = 40  # the masthead, if any, lies within the first lines

    # labeller
    labeller_model: str | None = None  # a CRF model file to use instead of the one the package ships


DEFAULT = Settings()
