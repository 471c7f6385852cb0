"""Reprints in the archive: fingerprints, pairs and the settings they were found with, read and
written (the tables reuse_prints and reuse_pairs, the meta key reuse_settings)."""

from __future__ import annotations

import array
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

from ..archive.store import Archive, meta_get, meta_set
from .alignment import MIN_CHARS, MIN_IDENTITY
from .fingerprint import GRAM, HASH, SAMPLE

SETTINGS_KEY = "reuse_settings"


@dataclass(frozen=True, slots=True)
class ReuseSettings:
    """What the stored pairs were found with: the thresholds, the fingerprint, the engine. A run
    with other settings compares everything again. Stored as JSON; archives of an older baokan
    hold "50/0.8/8/4/crc32" (a local run) or "spark", which still read."""

    min_chars: int = MIN_CHARS
    min_identity: float = MIN_IDENTITY
    gram: int = GRAM
    sample: int = SAMPLE
    hash: str = HASH
    engine: str = "local"  # or "spark"

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, value: str | None) -> ReuseSettings | None:
        """The settings a stored value says (None when there is none, or it cannot be read)."""
        if not value:
            return None
        try:
            data = json.loads(value)
        except ValueError:
            return cls._from_old(value)
        if not isinstance(data, dict):
            return None
        known = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in known})
        except TypeError:
            return None

    @classmethod
    def _from_old(cls, value: str) -> ReuseSettings | None:
        """An older baokan's value: "spark", or min_chars/min_identity/gram/sample/hash."""
        if value == "spark":  # the Spark engine's thresholds were not kept
            return cls(engine="spark")
        parts = value.split("/")
        try:
            return cls(int(parts[0]), float(parts[1]), int(parts[2]), int(parts[3]), parts[4])
        except (IndexError, ValueError):
            return None


def load_settings(archive: Archive) -> ReuseSettings | None:
    """The settings the archive's reprint pairs were found with (None if never run)."""
    return ReuseSettings.from_json(meta_get(archive, SETTINGS_KEY))


def save_settings(archive: Archive, settings: ReuseSettings) -> None:
    meta_set(archive, SETTINGS_KEY, settings.to_json())


def _pack(hashes: Iterable[int]) -> bytes:
    return array.array("q", sorted(hashes)).tobytes()


def _unpack(blob: bytes) -> set[int]:
    a = array.array("q")
    a.frombytes(blob)
    return set(a)


def article_papers(archive: Archive) -> dict[int, str | None]:
    """Every article's paper."""
    return dict(archive.db.execute("SELECT id, paper FROM articles").fetchall())


def reuse_new_articles(archive: Archive, min_chars: int) -> list[tuple[int, str]]:
    """Articles long enough to compare that have no fingerprints yet: (id, body)."""
    return archive.db.execute(
        "SELECT a.id, a.body FROM articles a LEFT JOIN reuse_prints r ON r.article_id = a.id "
        "WHERE r.article_id IS NULL AND length(a.body) >= ? ORDER BY a.id",
        (min_chars,),
    ).fetchall()


def reuse_save_prints(archive: Archive, rows: Iterable[tuple[int, set[int]]]) -> None:
    archive.db.executemany(
        "INSERT OR REPLACE INTO reuse_prints (article_id, hashes) VALUES (?, ?)", ((i, _pack(h)) for i, h in rows)
    )


def reuse_load_prints(archive: Archive) -> dict[int, set[int]]:
    return {i: _unpack(b) for i, b in archive.db.execute("SELECT article_id, hashes FROM reuse_prints")}


def article_body(archive: Archive, article_id: int) -> str | None:
    row = archive.db.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def reuse_pair_sizes(archive: Archive) -> dict[int, int]:
    """The body length of every article in a reprint pair."""
    return dict(
        archive.db.execute(
            "SELECT id, length(body) FROM articles WHERE id IN (SELECT a_id FROM reuse_pairs UNION SELECT b_id FROM reuse_pairs)"
        )
    )


def reuse_known_pairs(archive: Archive) -> set[tuple[int, int]]:
    return set(archive.db.execute("SELECT a_id, b_id FROM reuse_pairs").fetchall())


def reuse_save_pair(
    archive: Archive, a_id: int, b_id: int, same_paper: bool, chars: int, identity: float, passages: str
) -> None:
    archive.db.execute(
        "INSERT OR REPLACE INTO reuse_pairs (a_id, b_id, same_paper, chars, identity, passages) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (a_id, b_id, int(same_paper), chars, identity, passages),
    )


def reuse_pairs(archive: Archive, across_papers_only: bool = False) -> list[tuple[int, int, int, int, float, str]]:
    where = " WHERE same_paper = 0" if across_papers_only else ""
    return archive.db.execute(
        f"SELECT a_id, b_id, same_paper, chars, identity, passages FROM reuse_pairs{where} ORDER BY a_id, b_id"
    ).fetchall()


def reuse_pair_chars(archive: Archive, across_papers_only: bool = False) -> dict[tuple[int, int], int]:
    """Every reprint pair (a < b) and the length of the text it aligns."""
    where = " WHERE same_paper = 0" if across_papers_only else ""
    return {(a, b): c for a, b, c in archive.db.execute(f"SELECT a_id, b_id, chars FROM reuse_pairs{where}")}


def reuse_pairs_of(archive: Archive, article_id: int) -> list[tuple[int, int, int, int, float, str]]:
    """The reprint pairs one article is in."""
    return archive.db.execute(
        "SELECT a_id, b_id, same_paper, chars, identity, passages FROM reuse_pairs WHERE a_id = ? OR b_id = ? "
        "ORDER BY chars DESC",
        (article_id, article_id),
    ).fetchall()


def reuse_reset(archive: Archive) -> None:
    archive.db.execute("DELETE FROM reuse_pairs")
    archive.db.execute("DELETE FROM reuse_prints")
