"""The reprint pairs as JSON lines, in the spirit of passim's output (`baokan export --reuse`)."""

from __future__ import annotations

import json
from pathlib import Path

from ..archive.export import atomic_path
from ..archive.store import Archive
from .db import reuse_pairs
from .local import clusters


def export_reuse(archive: Archive, out: Path) -> int:
    """The reprint pairs as JSON lines, in the spirit of passim's output: ids, papers, dates,
    pages, offsets and text of each aligned passage in both articles, identity, variants."""
    cluster_of = {m.id: c.id for c in clusters(archive) for m in c.members}
    n = 0
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8") as f:
        for a_id, b_id, same, _chars, _identity, passages in reuse_pairs(archive):
            a, b = archive.article(a_id), archive.article(b_id)
            if a is None or b is None:
                continue
            for k, p in enumerate(json.loads(passages)):
                f.write(
                    json.dumps(
                        {
                            "id1": a_id, "id2": b_id, "passage": k, "cluster": cluster_of.get(a_id),
                            "paper1": a.paper, "paper2": b.paper, "date1": a.date, "date2": b.date,
                            "page1": a.page, "page2": b.page, "title1": a.article.title, "title2": b.article.title,
                            "begin1": p["a_start"], "end1": p["a_end"], "begin2": p["b_start"], "end2": p["b_end"],
                            "text1": a.article.body[p["a_start"] : p["a_end"]],
                            "text2": b.article.body[p["b_start"] : p["b_end"]],
                            "identity": p["identity"], "chars": p["chars"], "same_paper": bool(same),
                            "variants": p["variants"],
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
                n += 1
    return n
