"""assign_roles: heading lines to kicker (引题), title (主题) and subtitle (副题)."""

from __future__ import annotations

import pytest

from baokan.parse.headline import assign_roles


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # kicker ending in 强调, title, subtitle of attendance
        (
            ["习近平主持召开深入推进长三角一体化发展座谈会强调", "推动长三角一体化发展取得新的重大突破", "李强蔡奇出席"],
            ("习近平主持召开深入推进长三角一体化发展座谈会强调", "推动长三角一体化发展取得新的重大突破", "李强蔡奇出席"),
        ),
        (
            ["卢东亮在天镇县调研时强调", "用好资源优势 做大特色产业 抓好巩固衔接 为全市高质量转型发展贡献力量"],
            ("卢东亮在天镇县调研时强调", "用好资源优势 做大特色产业 抓好巩固衔接 为全市高质量转型发展贡献力量", None),
        ),
        # kicker and title printed on one line
        (
            ["习近平在中央政治局集体学习时强调 坚定不移推进高质量发展"],
            ("习近平在中央政治局集体学习时强调", "坚定不移推进高质量发展", None),
        ),
        # subtitle starting with a dash
        (["坚定不移推进高质量发展", "——访市委书记王五"], (None, "坚定不移推进高质量发展", "——访市委书记王五")),
        (["坚定不移推进高质量发展", "—访市委书记王五"], (None, "坚定不移推进高质量发展", "—访市委书记王五")),
        # subtitle reporting who chaired
        (["全市经济工作会议召开", "张强主持"], (None, "全市经济工作会议召开", "张强主持")),
        (["市委常委会召开会议", "张强主持并讲话"], (None, "市委常委会召开会议", "张强主持并讲话")),
        # title and subtitle on one line
        (
            ["我市与太原海关签署合作备忘录 张强江林出席并见证"],
            (None, "我市与太原海关签署合作备忘录", "张强江林出席并见证"),
        ),
        (["全市经济工作会议召开 张强主持"], (None, "全市经济工作会议召开", "张强主持")),
        # a short first line over a long one is a kicker
        (["奋进新征程", "坚定不移推进高质量发展建设现代化产业体系"], ("奋进新征程", "坚定不移推进高质量发展建设现代化产业体系", None)),
        # a short second line under a long one is a subtitle
        (["坚定不移推进高质量发展建设现代化产业体系", "短副题"], (None, "坚定不移推进高质量发展建设现代化产业体系", "短副题")),
        # three lines: kicker, title, subtitle by position
        (["引题文字", "主题文字", "副题文字"], ("引题文字", "主题文字", "副题文字")),
        # the title alone
        (["坚定不移推进高质量发展"], (None, "坚定不移推进高质量发展", None)),
        # a lone kicker-like line is the title
        (["习近平在中央政治局集体学习时强调"], (None, "习近平在中央政治局集体学习时强调", None)),
        # a spaced title that is neither kicker nor subtitle stays whole
        (["用好资源优势 做大特色产业"], (None, "用好资源优势 做大特色产业", None)),
    ],
)
def test_assign_roles(lines: list[str], expected: tuple[str | None, str | None, str | None]) -> None:
    assert assign_roles(lines) == expected


@pytest.mark.parametrize("lines", [[], [""], ["", "  "]])
def test_no_heading(lines: list[str]) -> None:
    assert assign_roles(lines) == (None, None, None)


def test_white_space_is_normalised() -> None:
    assert assign_roles(["  坚定不移推进   高质量发展  "]) == (None, "坚定不移推进 高质量发展", None)


def test_kicker_not_taken_before_a_dash_subtitle() -> None:
    kicker, title, subtitle = assign_roles(["全省深化改革工作会议强调", "——记全省深化改革工作会议"])
    assert subtitle == "——记全省深化改革工作会议"
    assert title == "全省深化改革工作会议强调"
    assert kicker is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["蓝佛安主持召开省黄河流域生态保护和", "高质量发展工作领导小组全体会议", "金湘军提出工作要求"],
         (None, "蓝佛安主持召开省黄河流域生态保护和高质量发展工作领导小组全体会议", "金湘军提出工作要求")),
        (["关于进一步加强基层治理体系的", "实施意见"], (None, "关于进一步加强基层治理体系的实施意见", None)),
        (["在“", "两个确立”指引下奋进"], (None, "在“两个确立”指引下奋进", None)),
    ],
)
def test_a_title_wrapped_over_lines_is_one_title(lines: list[str], expected: tuple) -> None:
    # a line that ends on a conjunction, a preposition or an open bracket runs on to the next
    assert assign_roles(lines) == expected
