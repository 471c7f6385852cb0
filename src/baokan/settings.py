"""Every tunable threshold of the parser, in one frozen object."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Layout:
    """How a printed (PDF) page is read from its geometry (`parse/layout.py`, `parse/pdf.py`).
    Distances are in units of the body size unless they say points. Calibrated on the train
    dates of the rendered broadsheets (`eval/pdf`), never on their test dates."""

    heading_ratio: float = 1.12  # a line set this much larger than the body size is a heading line
    body_share: float = 0.15  # a size that sets this share of a page's characters (in long lines) is running text
    word_gap: float = 1.2  # runs of one line this far apart (× size) inside a column are words of one line
    same_size: float = 0.015  # lines of one column piece are set in one size (this much difference allowed)
    line_gap: float = 0.9  # body lines further apart than this (× size) start a new piece
    head_gap: float = 1.3  # heading lines further apart than this (× their size) start a new heading
    indent: float = 1.5  # a line starting this far right of its column (× size) starts a paragraph
    short: float = 1.5  # a line ending this far short of its column (× size) ends a paragraph
    level: float = 1.6  # pieces whose tops differ by less than this (× size) are level
    column_gap: float = 3.5  # pieces further apart than this (× size) across a gutter are not neighbours
    caption_gap: float = 2.5  # text starting within this (× size) under a picture is its caption
    strip_gap: float = 2.0  # vertical heading lines this close (× size) side by side are one heading
    side_gap: float = 0.8  # a short line this close (× title size) over or under a title belongs to its heading
    stack_step: float = 1.8  # glyphs of a vertical stack are at most this (× size) apart
    min_picture: float = 24.0  # points: smaller filled shapes are ornaments, not pictures
    top_zone: float = 0.3  # share of the page's height searched for the masthead and running head
    nameplate: float = 2.2  # the paper's name in the masthead is set at least this many times the body size
    rule: float = 3.0  # points: a drawn shape thinner than this is a rule


LAYOUT = Layout()


@dataclass(frozen=True, slots=True)
class Stitching:
    """How a part marked 下转第N版 is paired with a part on page N marked 上接 (`archive/stitch.py`).
    The weights are set by hand, not fitted: a cut sentence outweighs shared words alone."""

    # a head cut mid-sentence whose tail opens plainly: the sentence runs on across the jump
    cut_sentence: float = 0.5
    # the same for a tail opening with a quote, parenthesis or title mark (“（《): it may open a new sentence
    cut_sentence_quoted: float = 0.3
    # characters of the head's body read as its lead (after kicker and title) when looking for the tail's words
    lead_chars: int = 300
    # characters compared at each end: the tail's first, against the head's lead and its last (the cut sentence)
    edge_chars: int = 400


STITCHING = Stitching()


@dataclass(frozen=True, slots=True)
class Reprints:
    """How reprints are found (`reuse/`): fingerprints, candidate pairs, alignment, clusters. The
    calibration notes cite the labelled corpus (`eval/reuse_corpus.py`, `benchmarks/bench_reuse.py`)."""

    # the shortest shared passage kept, in normalised characters (--min-chars): about two sentences;
    # shorter shared runs are set phrases and datelines more often than reprints
    min_chars: int = 50
    # the lowest identity (1 - edit distance / length) of a kept passage (--min-identity): reprints
    # with edits, truncation and extraction noise stay above it (the labelled corpus: pair recall
    # 0.997 at precision 1.000 with 10,000 articles)
    min_identity: float = 0.8
    # characters between seeds still chained into one passage: a variant or short insertion inside a
    # passage does not split it (re-chained with `gram` when the region fails min_identity, commit aff94ed)
    max_gap: int = 40
    # places in b one 8-gram of a seeds at most (a gram repeated in b: the first few)
    seed_places: int = 4
    # open chains a seed may extend (the most recent): enough for a few parallel diagonals
    chain_lookback: int = 8
    # characters per fingerprint, and per alignment seed: long enough that a shared 8-gram of Chinese
    # text is rarely chance, short enough that a passage of min_chars with a variant every few
    # characters still shares several (set with the local engine, commit cc3823c)
    gram: int = 8
    # keep the hashes ≡ 0 mod sample: a quarter of the 8-grams, so that any shared passage of
    # min_chars (50) characters still shares several of them (about 10) while prints stay small
    sample: int = 4
    # sampled hashes two articles must share to be aligned: 5 cut the candidates to a third at the
    # same recall on the labelled corpus (commit aff94ed); a passage of min_chars shares about 10
    min_shared: int = 5
    # a hash in more articles than this is boilerplate (mastheads, set phrases), not evidence: it
    # would make every pair of those articles a candidate
    max_df: int = 200
    # two groups of a cluster merge only when more than this share of the links between their
    # members are real pairs (average linkage), so that one text quoting two others does not chain them
    link_share: float = 0.5
    # share of the shorter text a pair must align to link two texts in a cluster: a passage quoted
    # inside another article stays a pair without merging the two families of texts (commit aff94ed)
    cluster_cover: float = 0.5


REPRINTS = Reprints()


@dataclass(frozen=True, slots=True)
class Headlines:
    """How an item's heading lines become kicker (引题), title (主题) and subtitle (副题) where no
    mark (a verb of saying, a dash, ——, a column tag) tells them apart (`parse/headline.py`).
    Chosen on the corpus's dev dates (`eval/train/test_split.py --dev`), never on its test dates."""

    # two lines at most this long (column tag aside), alike in length, are one title's halves (四海迎新春 | 共庆中国年)
    pair_chars: int = 8
    pair_slack: int = 2  # characters the two halves may differ by
    full_title: int = 10  # a first line this long reads as a whole title…
    long_subtitle: float = 2.0  # …and a second line this many times as long under it as its subtitle
    longest_title: int = 70  # a second line longer than this is a subtitle, even one that names a speaker (习近平：…)
    # a last line this short under one three times as long is the title's wrapped end (…出席第七届世界 | 政府峰会)
    wrap_end: int = 4


HEADLINES = Headlines()


@dataclass(frozen=True, slots=True)
class Settings:
    # decode
    max_bytes: int = 20 * 1024 * 1024  # larger input is refused as "not a page"
    max_control_ratio: float = 0.02  # share of control characters above which text is "binary"

    # restore
    repeat_min_chars: int = 80  # a later copy of at least this many characters is a repeated block
    repeat_gram: int = 16  # characters per fingerprint when looking for repeated blocks
    # a later copy is a repeat only this close after the earlier one (or with only copies between): further on, the page quotes itself
    repeat_gap: int = 40
    full_line_slack: int = 1  # a wrapped line this close to the column width is "full"
    min_wrapped_lines: int = 4  # lines needed to call a block hard-wrapped
    wrapped_share: float = 0.5  # and more than this share of its lines (the last aside) about as wide as its typical line
    stub_chars: int = 2  # a block's last line this short, after an unfinished line, is the rest of that line

    # units (heading-like lines) and masthead
    heading_max_chars: int = 64  # a line longer than this is never a heading line
    masthead_scan_lines: int = 40  # the masthead, if any, lies within the first lines

    # labeller
    labeller_model: str | None = None  # a CRF model file to use instead of the one the package ships
    # a page of fewer units keeps the likelier of its two readings: the orientation model's heading counts say nothing there
    orientation_units: int = 5
    # a heading line standing alone, longer than this and pausing on a comma outside brackets, is a paragraph
    lone_heading: int = 50
    # (the labeller's feature constants, TOPIC_CHARS, ECHO_CHARS and the like, stay in `parse/labeller.py`:
    # the trained model is fixed by them, and changing one means retraining it)

    # headlines
    headlines: Headlines = HEADLINES  # kicker, title and subtitle from unmarked heading lines (see `Headlines`)

    # PDF pages
    layout: Layout = LAYOUT  # how a printed page's geometry is read (see `Layout`)


DEFAULT = Settings()
