"""Reprints, the local engine: fingerprints of what is new, candidate pairs, alignment, and
the clusters the pairs make.

1. `fingerprint.fingerprints(text)`: a sample of the normalised text's 8-gram hashes;
2. `candidate_pairs`: articles sharing at least `MIN_SHARED` sampled hashes, hashes printed
   in very many articles (boilerplate, set phrases) left out;
3. `alignment.compare`: the passages two candidates share, stored as a pair (`db.py`).

Clusters (`cluster`) join articles linked by pairs, average-linkage style: two groups merge
only when more than half of the possible links between them are real pairs, so A~B and B~C
never pull an unrelated A and C into one cluster through B. The Spark engine (`spark.py`)
runs steps 1–3 with the same rules and functions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..settings import REPRINTS
from . import db
from .alignment import MIN_CHARS, MIN_IDENTITY, compare
from .fingerprint import fingerprints, normalize

MIN_SHARED = REPRINTS.min_shared  # see settings.Reprints
MAX_DF = REPRINTS.max_df  # see settings.Reprints
LINK_SHARE = REPRINTS.link_share  # see settings.Reprints
CLUSTER_COVER = REPRINTS.cluster_cover  # see settings.Reprints


def candidate_pairs(prints: dict[int, set[int]], new: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """Pairs (a < b) of article ids that share enough sampled hashes. With `new`, only pairs
    that involve at least one of those ids (an incremental run)."""
    postings: dict[int, list[int]] = defaultdict(list)
    for aid, hashes in prints.items():
        for h in hashes:
            postings[h].append(aid)
    fresh = set(new) if new is not None else None
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
        if len(ids) < 2 or len(ids) > MAX_DF:
            continue
        ids.sort()
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                a, b = ids[x], ids[y]
                if fresh is not None and a not in fresh and b not in fresh:
                    continue
                shared[(a, b)] += 1
    return {pair for pair, n in shared.items() if n >= MIN_SHARED}


def cluster(pairs: Iterable[tuple[int, int]], link_share: float = LINK_SHARE) -> list[list[int]]:
    """Group linked articles; two groups merge only when more than `link_share` of the links
    between their members exist (so a middle member cannot chain unrelated texts)."""
    links = {(min(a, b), max(a, b)) for a, b in pairs}
    group: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    for a, b in sorted(links):
        for x in (a, b):
            if x not in group:
                group[x] = x
                members[x] = [x]
    for a, b in sorted(links):
        ga, gb = group[a], group[b]
        if ga == gb:
            continue
        ma, mb = members[ga], members[gb]
        real = sum(1 for x in ma for y in mb if (min(x, y), max(x, y)) in links)
        if real <= link_share * len(ma) * len(mb):
            continue
        if len(ma) < len(mb):
            ga, gb, ma, mb = gb, ga, mb, ma
        for x in mb:
            group[x] = ga
        ma.extend(mb)
        del members[gb]
    return sorted((sorted(m) for m in members.values() if len(m) > 1), key=lambda m: m[0])


@dataclass(frozen=True, slots=True)
class ReuseReport:
    new_articles: int
    candidates: int
    pairs_found: int
    pairs_total: int
    clusters: int


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """A reprint cluster: its members in date order and what the literature reports on one.

    A printing is a story: the parts of a story continued on another page are members each
    (each is compared on its own), but one printing, listed under it (`printings`)."""

    id: str
    members: tuple[Any, ...]  # StoredArticle, in date order
    fullest: int  # the id of the longest version
    papers: tuple[str, ...]
    first_date: str | None
    last_date: str | None
    span_days: int | None
    overlap: float  # aligned characters over the shorter text, averaged over the pairs
    same_paper: bool  # all members come from one paper (boilerplate, not a reprint)
    printings: tuple[tuple[Any, ...], ...] = ()  # the members by story, each story's parts in reading order

    @property
    def size(self) -> int:
        """How many times the text was printed: stories, not parts."""
        return len(self.printings) if self.printings else len(self.members)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "size": self.size,
            "printings": [[m.id for m in printing] for printing in self.printings],
            "members": [
                {"id": m.id, "paper": m.paper, "date": m.date, "page": m.page, "title": m.article.title,
                 "chars": len(m.article.body)}
                for m in self.members
            ],
            "fullest": self.fullest,
            "papers": list(self.papers),
            "first_date": self.first_date,
            "last_date": self.last_date,
            "span_days": self.span_days,
            "lexical_overlap": round(self.overlap, 4),
            "same_paper_only": self.same_paper,
        }


def run(archive: Any, min_chars: int = MIN_CHARS, min_identity: float = MIN_IDENTITY) -> ReuseReport:
    """Find reprint pairs over the archive; only what is new since the last run is compared
    (everything again when the thresholds changed, or the last run was Spark's)."""
    settings = db.ReuseSettings(min_chars, min_identity)
    if db.load_settings(archive) != settings:
        db.reuse_reset(archive)  # other thresholds: start again
        db.save_settings(archive, settings)
    new_rows = db.reuse_new_articles(archive, min_chars)
    db.reuse_save_prints(archive, ((i, fingerprints(body)) for i, body in new_rows))
    cands = candidate_pairs(db.reuse_load_prints(archive), new=[i for i, _ in new_rows])
    found = 0
    papers = db.article_papers(archive)
    a_id_seen, a_body = None, None
    for a_id, b_id in sorted(cands - db.reuse_known_pairs(archive)):
        if a_id != a_id_seen:  # pairs come grouped by their first article
            a_id_seen, a_body = a_id, db.article_body(archive, a_id)
        b_body = db.article_body(archive, b_id)
        if a_body is None or b_body is None:
            continue
        pair = compare(a_id, b_id, papers.get(a_id), papers.get(b_id), a_body, b_body, min_chars, min_identity)
        if pair is not None:
            db.reuse_save_pair(archive, *pair)
            found += 1
    archive.commit()
    total = len(db.reuse_pairs(archive))
    return ReuseReport(len(new_rows), len(cands), found, total, len(clusters(archive)))


def cluster_groups(archive: Any, across_papers_only: bool = False) -> tuple[list[list[int]], dict[tuple[int, int], int]]:
    """The archive's reprint clusters as lists of article ids, and every pair's aligned length."""
    chars = db.reuse_pair_chars(archive, across_papers_only)
    size = db.reuse_pair_sizes(archive)  # length of each paired article
    # a pair joins a cluster only when the shared text is most of the shorter one: a passage
    # quoted inside another article stays a pair without merging the two families of texts
    strong = [(a, b) for (a, b), c in chars.items() if c >= CLUSTER_COVER * min(size.get(a, 1), size.get(b, 1))]
    return cluster(strong), chars


def group_pairs(
    groups: list[list[int]], chars: dict[tuple[int, int], int]
) -> tuple[dict[int, int], list[list[tuple[int, int, int]]]]:
    """Each member's cluster (its index in `groups`), and each cluster's pairs with their aligned
    length (a, b, chars): the pairs whose both articles are in it."""
    where = {i: k for k, group in enumerate(groups) for i in group}
    in_group: list[list[tuple[int, int, int]]] = [[] for _ in groups]
    for (a, b), c in chars.items():
        k = where.get(a)
        if k is not None and where.get(b) == k:
            in_group[k].append((a, b, c))
    return where, in_group


def describe(archive: Any, group: list[int], pairs: Iterable[tuple[int, int, int]]) -> ClusterInfo:
    """What is known of one cluster (`pairs`: its members' pairs with their aligned length)."""
    members = [m for m in (archive.article(i) for i in group) if m is not None]
    members.sort(key=lambda m: (m.date or "9999", m.id))
    lengths = {m.id: len(normalize(m.article.body).text) for m in members}
    ratios = [c / max(1, min(lengths.get(a, 1), lengths.get(b, 1))) for a, b, c in pairs]
    dates = [m.date for m in members if m.date]
    span = None
    if dates:
        span = (dt.date.fromisoformat(max(dates)) - dt.date.fromisoformat(min(dates))).days
    paper_names = tuple(sorted({m.paper or "?" for m in members}))
    printings = _printings(archive, members)
    return ClusterInfo(
        id=f"c{group[0]}",
        members=tuple(members),
        fullest=max(members, key=lambda m: (len(m.article.body), -m.id)).id if members else group[0],
        papers=paper_names,
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        span_days=span,
        overlap=min(1.0, sum(ratios) / len(ratios)) if ratios else 0.0,
        same_paper=len(paper_names) == 1 and paper_names[0] != "?",
        printings=printings,
    )


def _printings(archive: Any, members: list[Any]) -> tuple[tuple[Any, ...], ...]:
    """Members grouped by the story they belong to (parts in reading order), in the members'
    order: a story continued on another page is one printing, however many of its parts
    the cluster holds."""
    story_of = getattr(archive, "story", None)
    groups: dict[int, list[Any]] = {}
    order: dict[int, int] = {}
    for m in members:
        key = m.id
        if story_of is not None and (getattr(m, "prev_id", None) or getattr(m, "next_id", None)):
            story = story_of(m.id)
            if story is not None and story.parts:
                key = story.parts[0].id
                order.update((p.id, k) for k, p in enumerate(story.parts))
        groups.setdefault(key, []).append(m)
    return tuple(tuple(sorted(g, key=lambda m: order.get(m.id, 0))) for g in groups.values())


def clusters(archive: Any, across_papers_only: bool = False) -> list[ClusterInfo]:
    """The reprint clusters of the archive, largest first."""
    groups, chars = cluster_groups(archive, across_papers_only)
    _, in_group = group_pairs(groups, chars)
    out = [describe(archive, group, pairs) for group, pairs in zip(groups, in_group, strict=True)]
    out.sort(key=lambda c: (-c.size, c.id))
    return out
