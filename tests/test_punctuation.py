"""Punctuation and number usage (rules/punctuation.toml): each defect found, each trap silent."""

from __future__ import annotations

import copy
import random

import pytest

from sumlint.config import Config, select_rules
from sumlint.document import Document
from sumlint.engine import RunContext, run_rules


def codes(found):
    return [d.code for d in found]


def apply_fix(text, diagnostic):
    doc = Document(text)
    out = doc.text
    for e in sorted(diagnostic.fix.edits, key=lambda e: e.start, reverse=True):
        out = out[:e.start] + e.replacement + out[e.end:]
    return out


# ------------------------------------------------------------------ half-width marks (SL801)
@pytest.mark.parametrize("text,mark", [
    ("今年以来,我局认真履职。", ","),
    ("主要做法如下:", ":"),
    ("一是加强学习;二是完善制度。", ";"),
    ("效果如何?需要进一步评估。", "?"),
    ("增长5.2%,高于全省平均水平。", ","),
    ("会议时间:10:30。", ":"),
])
def test_halfwidth_mark_in_chinese_is_found_and_fixed(lint, text, mark):
    found = [d for d in lint(text, "SL801")]
    assert len(found) == 1
    assert found[0].matched == mark
    fixed = apply_fix(text, found[0])
    assert mark not in fixed.replace("10:30", "")


@pytest.mark.parametrize("text", [
    "全年完成投资1,000万元，同比增长12.5%。",
    "会议于10:30开始，三次产业结构为7.6:44.8:47.6。",
    "网址为 https://www.example.gov.cn/a,b;c?d=1 ，请访问。",
    "联系邮箱 office.team@example.com ，欢迎来信。",
    "系统支持 Word, Excel and PowerPoint 等格式。",
    "运行命令 `lint(a,b)` 即可，函数f(x)单调递增。",
    "```\nprint(\"你好\",x)\n```",
    "坚持每周开展“党旗领航?周五学习”活动。",
])
def test_halfwidth_traps_are_silent(lint, text):
    assert lint(text, "SL801") == []


def test_parentheses_go_by_pairs(lint):
    found = lint("国内生产总值(GDP)增长5%。", "SL801")
    assert [d.matched for d in found] == ["(", ")"]
    assert lint("函数f(x)在区间内单调。", "SL801") == []


def test_halfwidth_throughout_is_reported_once_per_paragraph(lint):
    paragraphs = [
        "今年以来,我局在县委,县政府的正确领导下,认真履职;全年召开会议12次。",
        "一是加强学习,二是完善制度,三是强化督查。",
        "存在问题:学习不够深入。",
    ]
    text = "\n".join(paragraphs)
    found = lint(text, "SL801")
    assert len(found) == 3                      # one per paragraph, not one per comma
    assert "4 处" in found[0].message and found[0].line == 1
    assert found[0].column == paragraphs[0].index(",") + 1
    assert found[0].end_column == paragraphs[0].index(";") + 2
    assert len(found[0].fix.edits) == 4
    fixed = text
    for d in sorted(found, key=lambda d: d.start, reverse=True):
        fixed = apply_fix(fixed, d)
    assert not any(ch in fixed for ch in ",;:")
    assert "认真履职；全年" in fixed


def test_a_single_slip_is_reported_per_mark(lint):
    text = "今年以来，我局认真履职,全年召开会议12次。\n下一步，我们将继续努力。"
    found = lint(text, "SL801")
    assert len(found) == 1 and found[0].message.startswith("中文里用了半角标点「,」")


def test_halfwidth_marks_next_to_chinese_scanned_as_the_loop_judges_them(all_rules):
    # _marks_in finds , ; : ! right next to a Chinese character with one scan and leaves the
    # others to its loop; the loop alone (as for marks that are Chinese or spaces) must agree.
    # Long lines are cut into paragraphs at (一) and 一、: a mark may open one after a 中
    check = next(r for r in all_rules if r.code == "SL801").check
    loop_only = copy.copy(check)
    loop_only.next_to_cjk, loop_only.loop_rx = None, check.mark_rx
    pieces = ["中", "吗", "a", "1", ",", ";", ":", "!", "?", "(", ")", " ", "\t", "\u3000",
              "\xa0", "\n", "“", "`", "http://x.cn/a,b", "a@b.cn", "```", "(一)", "一、", "乙" * 300]
    rng = random.Random(801)
    ctx = RunContext(Config())
    for _ in range(4000):
        doc = Document("".join(rng.choices(pieces, k=rng.randint(0, 16))))
        assert list(check.check(doc, ctx)) == list(loop_only.check(doc, ctx)), doc.text


# ------------------------------------------------------------------ pairs (SL802, SL803)
def test_reversed_quotes_are_found_once(lint):
    found = lint("开展”党员志愿服务，我们在行动”主题活动。", "SL802")
    assert len(found) == 1 and found[0].column == 3
    assert "写反" in found[0].message


def test_unclosed_quote_is_found(lint):
    found = lint("理解有时还存在“误区，二是工作氛围还不够浓厚。", "SL802")
    assert [d.matched for d in found] == ["“"]


@pytest.mark.parametrize("text", [
    "学习《中国共产党章程）和党内法规。",
    "落实“两个维护’要求。",
    "召开（扩大）会议）。",
    "完善【工作台账。",
])
def test_mismatched_brackets_are_found(lint, text):
    assert lint(text, "SL802")


@pytest.mark.parametrize("text", [
    "开展“党员志愿服务，我们在行动”主题活动，学习《党委（党组）意识形态工作责任制实施办法》。",
    "他说：“要牢记‘两个务必’。”",
    "1）完善制度。\n2）加强督查。",
    "在Xi’an召开会议。",
    "“第一段引文，不用后引号。\n“第二段引文，也不用。\n“第三段引文，到此结束。”",
    "严格落实《党委(党组)意识形态工作责任制实施方案》。",
])
def test_paired_marks_are_silent(lint, text):
    assert lint(text, "SL802") == []


def test_quotation_run_that_never_closes_is_reported(lint):
    text = "“第一段引文，不用后引号。\n“第二段引文，忘了后引号。\n接着是正文。"
    found = lint(text, "SL802")
    assert [d.line for d in found] == [2]


def test_quote_opened_mid_paragraph_does_not_run_on(lint):
    text = "要做到“两手抓。\n“两手都要硬”是方针。"
    assert [d.line for d in lint(text, "SL802")] == [1]


def test_pairs_are_checked_per_derived_paragraph_of_a_one_line_document(lint):
    body = "加强学习，" * 130
    text = f"一、总体情况{body}存在“误区。二、下一步打算“两手抓”{body}完成。"
    found = lint(text, "SL802")
    assert len(found) == 1 and found[0].matched == "“"
    assert found[0].column == text.index("“误区") + 1


def test_ascii_quotes_in_chinese_are_found(lint):
    found = lint("建设''信念坚定、对党忠诚”的班子，做到“两手都要硬\"。", "SL803")
    assert [d.matched for d in found] == ["''", '"']
    assert lint('英文名称为 "Smart City"，简称智慧城市。', "SL803") == []


# ------------------------------------------------------------------ marks (SL804–SL809)
@pytest.mark.parametrize("text,code,fixed", [
    ("全年召开会议12次。。", "SL804", "全年召开会议12次。"),
    ("认真落实，，全面推进。", "SL804", "认真落实，全面推进。"),
    ("主要做法：：", "SL804", "主要做法："),
    ("开展学习、宣传、培训。。。各项工作", "SL806", "开展学习、宣传、培训……各项工作"),
    ("开展学习、宣传、培训...各项工作", "SL806", "开展学习、宣传、培训……各项工作"),
    ("开展学习、宣传、培训……等活动。", "SL807", "开展学习、宣传、培训……活动。"),
    ("1 .建立信息发布审核制度。", "SL808", "1.建立信息发布审核制度。"),
    ("全年召开会议12次 。", "SL808", "全年召开会议12次。"),
])
def test_mark_defects_are_found_and_fixed(lint, text, code, fixed):
    found = lint(text, code)
    assert len(found) == 1
    assert apply_fix(text, found[0]) == fixed


@pytest.mark.parametrize("text", ["任务全面完成，。", "继续努力；。", "情况如下：。", "学习。，宣传"])
def test_conflicting_marks_are_found(lint, text):
    assert codes(lint(text, "SL805")) == ["SL805"]


@pytest.mark.parametrize("text", [
    "这样做行吗？！必须改进。",
    "开展学习、宣传、培训……各项工作稳步推进。",
    "Loading... 请稍候。",
    "国务院总理 李克强\n第一条　为了规范管理，制定本条例。",
])
def test_mark_traps_are_silent(lint, text):
    assert lint(text, ["SL804", "SL805", "SL806", "SL807", "SL808"]) == []


def test_dunhao_between_titles_is_opt_in(lint, all_rules):
    text = "认真学习《中国共产党章程》、《中国共产党纪律处分条例》。"
    default = select_rules(all_rules, Config())
    assert "SL809" not in {r.code for r in default}      # GB/T 15834: 通常不用 — a habit, not an error
    found = lint(text, "SL809")
    assert len(found) == 1 and apply_fix(text, found[0]).count("、") == 0
    assert lint("学习“两学一做”、“三会一课”制度。", "SL809")
    assert lint("学习《党章》、党史和新中国史。", "SL809") == []


# ------------------------------------------------------------------ numbers (SL811–SL815)
@pytest.mark.parametrize("text", ["二0二0年上半年工作总结", "二零二三年十二月", "二O二O年"])
def test_zero_in_chinese_year_is_found(lint, text):
    assert lint(text, "SL811")


@pytest.mark.parametrize("text", ["二〇二〇年上半年工作总结", "到二○三五年基本实现", "二十年来，三十年间"])
def test_proper_chinese_years_are_silent(lint, text):
    assert lint(text, "SL811") == []


def test_same_year_written_two_ways_is_found(lint):
    text = "2024年，我局认真履职。2024年上半年完成投资。二〇二四年下半年，继续努力。"
    found = lint(text, "SL812")
    assert [d.matched for d in found] == ["二〇二四年"]
    assert "阿拉伯数字年份" in found[0].message


def test_different_years_in_different_spellings_are_silent(lint):
    assert lint("2017年10月18日。到二〇三五年基本实现现代化，到二〇二〇年全面建成小康社会。",
                "SL812") == []


@pytest.mark.parametrize("text", ["24年上半年，我局完成投资2亿元。", "23年度工作总结",
                                  "24年1月召开会议。", "回顾'24，成绩喜人。"])
def test_two_digit_years_are_found(lint, text):
    assert lint(text, "SL813")


@pytest.mark.parametrize("text", ["参加工作24年来始终坚守岗位。", "工作24年上半年调任。",
                                  "近10年上半年平均增长5%。", "2024年上半年完成投资。",
                                  "他从教24年，共带出学生3000余人。"])
def test_durations_and_full_years_are_silent(lint, text):
    assert lint(text, "SL813") == []


def test_leading_zeros_in_dates_are_found_and_fixed(lint):
    text = "2024年01月05日召开会议。"
    found = lint(text, "SL814")
    assert len(found) == 2
    out = text
    for d in sorted(found, key=lambda d: d.start, reverse=True):
        out = apply_fix(out, d)
    assert out == "2024年1月5日召开会议。"
    assert lint("2024年1月5日，系统日期2024-01-05，10月10日。", "SL814") == []


@pytest.mark.parametrize("text,fixed", [
    ("根据国发[2024]5号文件。", "根据国发〔2024〕5号文件。"),
    ("按照县政办发(2023)12号要求。", "按照县政办发〔2023〕12号要求。"),
    ("依据市委发【2022】3号精神。", "依据市委发〔2022〕3号精神。"),
])
def test_document_number_brackets_are_found_and_fixed(lint, text, fixed):
    found = lint(text, "SL815")
    assert len(found) == 1 and apply_fix(text, found[0]) == fixed


@pytest.mark.parametrize("text", ["根据国发〔2024〕5号文件。", "完成（2023）年度任务12项。",
                                  "编制规划（2021—2025年），建成5号楼。"])
def test_document_number_traps_are_silent(lint, text):
    assert lint(text, "SL815") == []


# ------------------------------------------------------------------ whole documents
CLEAN_REPORT = """2024年政府工作报告
——2024年3月5日在第十四届全国人民代表大会第二次会议上
国务院总理 李强
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议。
一、2023年工作回顾
过去一年，我国经济回升向好，国内生产总值超过126万亿元，增长5.2%，三次产业结构为7.1:38.3:54.6。
我们认真学习《中华人民共和国宪法》、《中国共产党章程》，落实国发〔2023〕5号文件，推进“放管服”改革。
到二〇三五年基本实现社会主义现代化；全年新增就业1,244万人（其中农民工300万人）。
他说：“要牢记‘两个务必’。”各级政府要严格执行《优化营商环境条例》。
"""


def test_official_report_is_silent_with_default_rules(default_rules):
    mine = [r for r in default_rules if r.category in ("punctuation", "consistency")]
    found = run_rules(Document(CLEAN_REPORT), mine, RunContext())
    assert [f"{d.line}:{d.column} {d.code} {d.message}" for d in found] == []


def test_fixing_a_halfwidth_seed_leaves_nothing_to_report(lint):
    from pathlib import Path
    from sumlint.loading import read_text
    path = Path(__file__).parent / "fixtures" / "seeds" / "001_8262dc3bff0f649b.txt"
    text = Document(read_text(path).text).text
    found = lint(text, "SL801")
    assert 20 <= len(found) <= 40                 # one per paragraph, not one per mark
    edits = sorted((e for d in found for e in d.fix.edits), key=lambda e: e.start, reverse=True)
    assert len(edits) > 100
    for e in edits:
        text = text[:e.start] + e.replacement + text[e.end:]
    assert lint(text, "SL801") == []
    assert "现将2020年宣传思想文化工作完成情况和今后工作计划汇报如下：" in text



MIXED_PACK = '''
[[rules]]
code = "XY812"
name = "mixed-test"
category = "punctuation"
kind = "mixed-forms"
message = "{form} / {main}: {match}"
explain = "测试"
forms = ['甲乙', '甲', '丙']
labels = ["一", "二", "三"]
scope = "document"
[[rules.examples]]
bad = "甲乙。甲。甲。"
[[rules.examples]]
good = "甲乙。"
'''


def test_mixed_forms_ties_go_to_the_form_listed_first(tmp_path):
    """Two forms as frequent, first seen at the same place: the one listed first is the usual
    spelling, whatever order the forms are scanned in; a third form that never occurs does not
    matter, and one form alone is never reported."""
    from sumlint.engine import lint_text
    from sumlint.ruleset import load_pack
    pack = tmp_path / "mixed.toml"
    pack.write_text(MIXED_PACK, encoding="utf-8")
    rules = load_pack(pack)
    ctx = RunContext(Config())
    found = lint_text("甲乙。甲乙。", rules, ctx)
    assert [(d.start, d.matched, d.message) for d in found] == [
        (0, "甲", "二 / 一: 甲"), (3, "甲", "二 / 一: 甲")]
    assert [d.matched for d in lint_text("甲乙。甲。甲。丙", rules, ctx)] == ["甲乙", "丙"]
    assert lint_text("丙丙。丙。", rules, ctx) == []


def test_pairs_shortcut_for_nested_marks_changes_nothing(default_rules):
    """SL802 skips its stack for a paragraph whose marks nest properly; on random paragraphs
    the findings are those of the stack alone."""
    import copy
    import random
    check = next(r.check for r in default_rules if r.code == "SL802")
    plain = copy.copy(check)
    plain.as_read = None                       # no shortcut
    rng = random.Random(3)
    pieces = ["“", "”", "‘", "’", "《", "》", "（", "）", "(", ")", "【", "】", "甲", "a", "1", " "]
    nested = 0
    for _ in range(4000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 10)))
        doc = Document(text + "\n" + rng.choice(["“乙", "乙"]))
        ctx = RunContext(Config())
        got = [(f.start, f.message) for f in check.check(doc, ctx)]
        assert got == [(f.start, f.message) for f in plain.check(doc, ctx)], text
        nested += bool(doc.paragraphs) and check._nested(doc.text, doc.paragraphs[0])
    assert nested > 100
