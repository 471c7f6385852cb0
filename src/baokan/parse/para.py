"""A restored paragraph with what `restore` learnt about its layout: the unit the later steps
(masthead, units, the labeller) read a page in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Para:
    """One restored paragraph and the layout facts about it."""

    text: str
    gap_before: int = 0  # blank lines before it (image gaps show as 2+)
    md_heading: bool = False  # printed as a markdown "#" heading
    bullet: bool = False  # printed with a bullet mark (dropped from text)
    indented: bool = False  # its first line was indented
    first_in_block: bool = True  # the first paragraph after a blank line (or page start)
    last_full: bool = False  # its last line filled the column: a column break may follow
    wrapped: bool = False  # it came from a hard-wrapped block of lines
    lines: int = 1  # how many printed lines it had
    spaced: bool = False  # words set apart by spaces, as headlines are
    md_level: int = 0  # the markdown heading's level (the number of #), 0 for none
    bold: bool = False  # printed in bold as a whole (**…** in markdown)
