"""Kind numbering: sequence, style, variants, GB/T 9704 nesting and 一是/二是 series — the
defects found, and the traps left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from sumlint.checks.numbering import render
from sumlint.loading import read_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
BODY = "召开专题会议4次，开展督导检查6次。"


def found(lint, text, code):
    return [(d.line, d.matched, d.message) for d in lint(text, code) if d.code == code]


def test_render_keeps_the_marker_form():
    assert render("（二）", 3) == "（三）"
    assert render("(5)", 6) == "(6)"
    assert render("十、", 11) == "十一、"
    assert render("２．", 3) == "３．"
    assert render("⑵", 3) == "⑶"


# ------------------------------------------------------------------ SL501
@pytest.mark.parametrize("markers,bad_line,expected", [
    (["一、", "二、", "四、"], 3, "三、"),
    (["1.", "2.", "4."], 3, "3."),
    (["1、", "2、", "4、"], 3, "3、"),
    (["（一）", "（二）", "（二）"], 3, "（三）"),
    (["一、", "二、", "三、", "二、"], 4, "四、"),
    (["十、", "十一、", "十三、"], 3, "十二、"),
    (["1．", "2．", "4．"], 3, "3．"),
    (["⑴", "⑵", "⑷"], 3, "⑶"),
    (["（1）", "（2）", "（4）"], 3, "（3）"),
    (["> 一、", "> 二、", "> 四、"], 3, "三、"),
])
def test_sequence_breaks(lint, markers, bad_line, expected):
    text = "\n".join(f"{m}加强组织领导。{BODY}" for m in markers)
    got = found(lint, text, "SL501")
    assert [(line, msg.split("应为")[-1]) for line, _, msg in got] == [(bad_line, f"「{expected}」")]


def test_sequences_that_are_right(lint):
    text = f"""九、抓好安全生产
{BODY}
十、做好信访维稳
（一）排查矛盾纠纷
1.建立台账。
2.定期调度。
（二）化解信访积案
1.领导包案。
2.跟踪回访。
3.建立长效机制，落实“一岗双责”。
十一、加强作风建设
{BODY}
十二、强化督查考核
今年重点抓好以下工作：
1.建立台账。
2.定期调度。
此外，还要做好以下工作：
1.总结经验。
2.宣传典型。
"""
    assert found(lint, text, "numbering") == []


def test_ranges_that_look_like_items(lint):
    text = """（五）强化具体工作
1、十九大宣传板报、组织收听收看开幕式。
2、3月份组织召开学习研讨会。
3、组织开展自查自纠研讨会。
4、4月份组织召开师德师风研讨会。
5、组织全体党员开展主题党日活动。
一、二季度，全县经济运行平稳，主要指标好于预期。
"""
    assert found(lint, text, "numbering") == []


def test_compilation_restarts_are_not_numbering_errors(lint):
    text = read_text(next(SEEDS.glob("002_*.txt"))).text
    got = [(d.line, d.code) for d in lint(text, "numbering")]
    assert (108, "SL501") in got and (110, "SL502") in got and (113, "SL502") in got
    assert len(got) <= 5


# ------------------------------------------------------------------ SL502 / SL503
def test_style_out_of_place(lint):
    text = f"""（一）落实领导责任。{BODY}
（二）加强阵地管理。{BODY}
(3)维护网络安全。{BODY}
（四）做好考核评价。{BODY}
3、完善制度建设。{BODY}
"""
    got = found(lint, text, "SL502")
    assert [(line, m) for line, m, _ in got] == [(3, "(3)")]
    assert "应为「（三）」" in got[0][2]
    text2 = f"（一）落实领导责任。{BODY}\n（二）加强阵地管理。{BODY}\n3、维护网络安全。{BODY}\n"
    assert [m for _, m, _ in found(lint, text2, "SL502")] == ["3、"]


def test_variants_mixed_in_one_level(lint):
    text = f"""一、主要工作
（一）加强组织领导。{BODY}
(二)强化理论学习。{BODY}
（三)抓好舆论引导。{BODY}
1.成立工作专班。
2、召开专题会议。
"""
    got = found(lint, text, "SL503")
    assert [m for _, m, _ in got] == ["(二)", "（三)", "2、"]
    half = "\n".join(f"({n})加强组织领导。{BODY}" for n in "一二三")
    assert found(lint, half, "SL503") == []
    odd_first = "(一)甲。\n" + "\n".join(f"（{n}）加强组织领导。{BODY}" for n in "二三四")
    got = found(lint, odd_first, "SL503")
    assert [(line, m) for line, m, _ in got] == [(1, "(一)")] and "全角括号" in got[0][2]


# ------------------------------------------------------------------ SL504
def test_inverted_nesting_is_advised_once(lint):
    text = f"""㈠、上半年工作总结
一、增强政治意识
{BODY}
二、强化理论武装
{BODY}
㈡、存在问题
一、学习不够深入
"""
    got = [d for d in lint(text, "SL504") if d.code == "SL504"]
    assert [(d.line, d.matched, d.severity) for d in got] == [(2, "一、", "info")]
    right = f"一、上半年工作\n（一）增强政治意识\n1.抓学习。\n（1）集中学习。\n①读原著。\n二、存在问题\n{BODY}\n"
    assert found(lint, right, "SL504") == []


# ------------------------------------------------------------------ SL505 / SL506
def test_series_skip_and_repeat(lint):
    skip = "一是加强组织领导，二是强化理论学习，四是抓好阵地建设。"
    assert [(m, msg) for _, m, msg in found(lint, skip, "SL505")] == [("四是", "「四是」跳号，应为「三是」")]
    repeat = "一是完善制度。建立台账。\n二是强化督导。开展督查。\n二是严格考核。纳入考核。\n"
    assert [(line, m) for line, m, _ in found(lint, repeat, "SL505")] == [(3, "二是")]


def test_series_traps(lint):
    text = f"""一、主要做法
一是完善制度。{BODY}
二是强化督导。{BODY}
三是严格考核：一要建立台账，二要定期调度，三要通报排名。
二、存在的问题
一是学习不深，二是机制不全。
三、下一步打算
一是加强学习。
二是补齐短板。
三是健全机制，做到一是一、二是二。
"""
    assert found(lint, text, "numbering") == []


def test_mixed_series_words(lint):
    text = """五、2021年工作打算
一要学习提高，促进观念转变。
二是集中精力，加强工作领导。
三是加强宣传，做实思想工作。
"""
    got = found(lint, text, "SL506")
    assert [(line, m) for line, m, _ in got] == [(2, "一要")]
    assert "应为「一是」" in got[0][2]
    assert found(lint, text, "SL505") == []
