"""Words of the trade that several stages match: how a paper's or an outlet's name ends, and
how a number is printed. One place each, as regular-expression fragments."""

from __future__ import annotations

# how a newspaper's name ends (大同日报, 东湖晚报, 中国青年报, 参考消息 is named in full where needed)
PAPER_ENDINGS = (
    "日报", "晚报", "早报", "晨报", "都市报", "时报", "商报", "周报", "青年报", "法治报", "法制报",
    "经济报", "农民报", "工人报", "科技报", "侨报", "快报", "导报", "报",
)
PAPER_END = "(?:" + "|".join(PAPER_ENDINGS) + ")"
# a paper's short name for itself in its own lead-ins (晨报讯, 晚报讯): an ending of two characters or more
PAPER_SHORT = "(?:" + "|".join(e for e in PAPER_ENDINGS if len(e) >= 2) + ")"

# how a photo credit ends (新华社记者 邢广利摄, 本报记者 X 摄影, 视觉中国供图)
CREDIT_END = "(?:摄影?|供图|摄制)"
# how a page's own credit line opens (责任编辑：X, 版式设计：Y, 本版制图：Z): page furniture, a line of its own
PAGE_CREDIT = "(?:本版|本期)?(?:责任编辑|责编|编辑|版式设计|版式|美术编辑|美编|图片编辑|制图|校对|组版|设计|统筹)\\s*[:：]"
PAGE_CREDIT_FIRST = frozenset("本责编版美图制校组设统")  # how a page credit line begins

# how another outlet's name ends: a news agency, a broadcaster, a website, a media centre
OUTLET_ENDINGS = ("报社", "通讯社", "广播电视台", "电视台", "融媒体中心", "社", "网", "台")
OUTLET_END = "(?:" + "|".join(OUTLET_ENDINGS + PAPER_ENDINGS) + ")"

# the Chinese digits a printed number may use (三, 十二, 二〇二三, 两)
HAN_DIGITS = "〇零一二三四五六七八九十百两"


def number(digits: str = "+", han: str = "+") -> str:
    """A printed number, in Arabic or Chinese digits, as a regular-expression fragment;
    `digits` and `han` are the repetitions allowed of each (e.g. "{1,3}")."""
    return rf"[0-9]{digits}|[{HAN_DIGITS}]{han}"
