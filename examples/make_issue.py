#!/usr/bin/env python3
"""Build the sample issue in examples/pages/ from the seed gold text (eval/gold).

A made-up paper, 北方晨报, prints on 2023-12-02 three texts that the seed pages also print:
the 求是 article starts on page 1 and is continued on page 3 (下转第三版 / 上接第一版), the
巴勒斯坦 and 基辛格 messages follow on page 3. Lines are hard-wrapped at 18 characters, as a
narrow column is. With the seed pages this gives the sample archive a stitched story and
reprint clusters across three papers' printings:

    python examples/make_issue.py      # rewrites examples/pages/*.txt
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "eval"), str(ROOT / "src")]

import synth  # noqa: E402

wrap = synth.wrap  # wraps by display width, as a column does

WIDTH = 20


def column(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for p in paragraphs:
        out.extend(wrap("　　" + p, WIDTH))
    return out


def masthead(page: int, name: str) -> list[str]:
    head = ["北方晨报", "2023年12月2日 星期六", f"第{page}版 {name}", ""]
    return head if page == 1 else [f"北方晨报 2023年12月2日 星期六 第{page}版 {name}", ""]


def article(gold: dict, paragraphs: list[str]) -> list[str]:
    lines = [h for h in (gold.get("kicker"), gold.get("title")) if h]
    return [*lines, "", *column(paragraphs), ""]


def main() -> None:
    gold = json.loads((ROOT / "eval/gold/000_9fc8dd82a9bcce83.json").read_text(encoding="utf-8"))["articles"]
    by_title = {a["title"]: a for a in gold if a.get("title")}
    qiushi = next(a for t, a in by_title.items() if "耕地" in t)
    palestine = next(a for t, a in by_title.items() if "巴勒斯坦" in t)
    kissinger = next(a for t, a in by_title.items() if "基辛格" in t)
    paras = qiushi["body"].split("\n")
    cut = paras[2]
    at = cut.index("。", len(cut) // 2) + 1  # the break falls after a sentence, mid-paragraph
    page1 = [*masthead(1, "要闻"), *article(qiushi, [*paras[:2], cut[:at]])]
    page1[-2] += "（下转第三版）"
    page3 = [*masthead(3, "要闻"), *column(["（上接第一版）" + cut[at:], *paras[3:]]), ""]
    page3 += article(palestine, palestine["body"].split("\n"))
    page3 += article(kissinger, kissinger["body"].split("\n"))
    out = ROOT / "examples/pages"
    out.mkdir(parents=True, exist_ok=True)
    (out / "beifang_20231202_1.txt").write_text("\n".join(page1) + "\n", encoding="utf-8")
    (out / "beifang_20231202_3.txt").write_text("\n".join(page3) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
