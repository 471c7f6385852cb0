"""Reprints: find the same text printed in several places, aligned, with its variants.

    fingerprint.py   texts normalised, and their sampled 8-gram hashes
    alignment.py     the passages two texts share, with variants; a pair as the archive stores it
    local.py         the local engine: candidate pairs, alignment, clusters; its thresholds
    spark.py         the same steps on PySpark (an optional dependency)
    db.py            pairs, fingerprints and the settings they were found with, in the archive
    export.py        the pairs as JSON lines

It reads and writes the archive (`baokan.archive`); the archive knows nothing of it but its tables.
"""

from __future__ import annotations

from .alignment import MAX_GAP, MIN_CHARS, MIN_IDENTITY, Passage, Variant, align, compare
from .db import ReuseSettings, load_settings
from .fingerprint import GRAM, SAMPLE, Normalized, fingerprints, normalize
from .local import (
    CLUSTER_COVER,
    LINK_SHARE,
    MAX_DF,
    MIN_SHARED,
    ClusterInfo,
    ReuseReport,
    candidate_pairs,
    cluster,
    cluster_groups,
    clusters,
    describe,
    group_pairs,
    run,
)

__all__ = [
    "CLUSTER_COVER",
    "GRAM",
    "LINK_SHARE",
    "MAX_DF",
    "MAX_GAP",
    "MIN_CHARS",
    "MIN_IDENTITY",
    "MIN_SHARED",
    "SAMPLE",
    "ClusterInfo",
    "Normalized",
    "Passage",
    "ReuseReport",
    "ReuseSettings",
    "Variant",
    "align",
    "candidate_pairs",
    "cluster",
    "cluster_groups",
    "clusters",
    "compare",
    "describe",
    "fingerprints",
    "group_pairs",
    "load_settings",
    "normalize",
    "run",
]
