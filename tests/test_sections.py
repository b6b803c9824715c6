"""Kind sections: missing parts per profile (SL401), empty sections (SL402), several documents
in one file (SL403) — the defects found, and the traps left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from sumlint.checks import RuleError
from sumlint.checks.sections import validate_profile
from sumlint.config import Config, ConfigError
from sumlint.document import Document
from sumlint.engine import RunContext, lint_text
from sumlint.loading import read_text
from sumlint.ruleset import load_pack, load_rules

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
BODY = "全年召开专题会议12次，开展督导检查8次，整改问题46个，各项工作取得新成效。"


def codes(found, code):
    return [d for d in found if d.code == code]


# ------------------------------------------------------------------ SL401
ANNUAL_NO_PROBLEMS = f"""县市场监管局2023年工作总结
2023年，县市场监管局在县委、县政府的坚强领导下，扎实推进各项工作。现将有关情况报告如下。
一、主要工作及成效
（一）食品安全监管持续加强。{BODY}
（二）营商环境不断优化。新登记市场主体3260户，同比增长8.2%。
二、2024年工作打算
一是深化“放管服”改革，二是守牢食品安全底线，三是加强知识产权保护。
"""


def test_annual_summary_missing_problems_reported_once_at_title(lint):
    found = codes(lint(ANNUAL_NO_PROBLEMS, "SL401"), "SL401")
    assert len(found) == 1
    d = found[0]
    assert (d.line, d.column, d.end_column) == (1, 1, len("县市场监管局2023年工作总结") + 1)
    assert "年度工作总结" in d.message and "存在的问题" in d.message and "问题和不足" in d.message


def test_each_missing_part_is_its_own_finding(lint):
    text = f"""区人社局2023年度工作总结
一、就业创业工作
{BODY}
二、社会保险工作
养老保险参保人数达到21.6万人。
"""
    messages = [d.message for d in codes(lint(text, "SL401"), "SL401")]
    assert len(messages) == 2
    assert any("存在的问题" in m for m in messages) and any("下一步工作打算" in m for m in messages)


@pytest.mark.parametrize("problems,plans", [
    ("二、存在的问题", "三、下一步工作打算"),
    ("二、问题和不足", "三、今后努力方向"),
    ("二、短板弱项", "三、2024年工作思路"),
    ("二、困难和问题", "三、明年工作安排"),
    ("（二）工作中存在的不足", "（三）整改措施"),
])
def test_many_phrasings_satisfy_the_parts(lint, problems, plans):
    text = f"""镇人民政府2023年工作总结
一、工作开展情况
{BODY}
{problems}
基层力量薄弱，群众参与度不高。
{plans}
继续抓好重点项目建设。
"""
    assert codes(lint(text, "SL401"), "SL401") == []


def test_parts_as_opening_phrases_and_prose(lint):
    text = f"""县档案馆2023年工作总结
今年以来，县档案馆认真履行档案管理职责。{BODY}馆藏档案数字化率达到85%，接待查档群众1200人次。
存在的问题：库房面积不足，专业人员短缺，档案信息化水平还不够高，部分档案保护条件亟待改善。
下一步，我们将加快新馆建设，加强业务培训，推进档案数字化，不断提升档案服务水平和利用效率。
"""
    assert codes(lint(text, "SL401"), "SL401") == []
    prose = f"""县档案馆2023年工作总结
今年以来，县档案馆认真履行档案管理职责。{BODY}馆藏档案数字化率达到85%，接待查档群众1200人次。
在取得成绩的同时，我们也清醒地看到还存在一些短板和不足，主要是库房面积不足、专业人员短缺。
今后，我们将加快新馆建设，加强业务培训，推进档案数字化，不断提升档案服务水平和档案利用效率。
"""
    assert codes(lint(prose, "SL401"), "SL401") == []
    missing = prose.split("在取得成绩")[0] + "全年共举办档案展览3次，征集各类档案资料2600余件，编研成果4部。" * 8
    assert len(codes(lint(missing, "SL401"), "SL401")) == 2


def test_achievements_in_prose_before_the_part_headings(lint):
    parts = "一、存在的问题\n基层力量薄弱。\n二、下一步打算\n继续抓好重点工作。\n"
    bare = "县气象局2023年工作总结\n" + parts
    found = codes(lint(bare, "SL401"), "SL401")
    assert len(found) == 1 and "主要工作及成效" in found[0].message
    told = "县气象局2023年工作总结\n" + f"2023年，县气象局扎实推进各项工作。{BODY * 5}\n" + parts
    assert codes(lint(told, "SL401"), "SL401") == []


def test_next_year_in_prose_is_the_plan_part(lint):
    opening = f"""县档案馆2023年工作总结
2023年，县档案馆将档案数字化纳入年度重点工作。{BODY * 6}
在取得成绩的同时，工作中还存在一些不足，主要是库房面积不足、专业人员短缺。
"""
    found = codes(lint(opening, "SL401"), "SL401")
    assert [("下一步" in d.message) for d in found] == [True]     # 2023年…将 is not a plan
    planned = opening + "2024年，我馆将加快新馆建设，推进档案数字化。\n"
    assert codes(lint(planned, "SL401"), "SL401") == []
    assert len(codes(lint(planned.replace("2023年工作总结", "工作总结"), "SL401"), "SL401")) == 1
    assert codes(lint(planned.replace("2023年工作总结", "工作总结"), "SL401", year=2023),
                 "SL401") == []


def test_documents_of_other_kinds_are_left_alone(lint):
    gov = f"""2024年县人民政府工作报告
——2024年1月10日在县第十八届人民代表大会第三次会议上
一、2023年工作回顾
{BODY}
二、2024年主要任务
坚持稳中求进工作总基调，全面深化改革开放。
"""
    notice = f"""关于做好2023年度工作总结的通知
各乡镇、县直各单位：
一、总结内容
{BODY}
二、报送时间
请于12月20日前报送。
"""
    speech = f"""在全县2023年工作总结大会上的讲话
同志们：
一、充分肯定成绩
{BODY}
二、明确目标任务
"""
    for text in (gov, notice, speech):
        assert codes(lint(text, "SL401"), "SL401") == [], text.splitlines()[0]


def test_plan_needs_no_achievements_part(lint):
    text = """县教育局2024年工作要点
一、指导思想
以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针。
二、重点任务
（一）推进学前教育普及普惠。新建幼儿园3所。
（二）促进义务教育优质均衡。
三、保障措施
加强组织领导，强化经费保障。
"""
    assert codes(lint(text, "SL401"), "SL401") == []


def test_debrief_and_half_year_profiles(lint):
    debrief = f"""2023年度个人述职述廉报告
一、履职情况
{BODY}
二、廉洁自律情况
严格遵守中央八项规定精神。
"""
    found = codes(lint(debrief, "SL401"), "SL401")
    assert [d.message.split("缺少")[0] for d in found] == ["述职报告", "述职报告"]
    half = f"""关于2023年上半年安全生产工作情况的汇报
一、工作开展情况
{BODY}
二、存在的不足
部分企业主体责任落实不到位。
三、第三季度工作安排
开展安全生产大检查。
"""
    assert codes(lint(half, "SL401"), "SL401") == []
    no_plan = half.split("三、")[0]
    found = codes(lint(no_plan, "SL401"), "SL401")
    assert len(found) == 1 and "半年" in found[0].message and "下半年工作打算" in found[0].message


def test_configured_profile_overrides_the_title(lint):
    text = f"""关于2023年意识形态工作的报告
一、主要做法
{BODY}
二、取得的成效
发布信息86条。
"""
    assert codes(lint(text, "SL401"), "SL401") == []
    assert len(codes(lint(text, "SL401", profile="annual"), "SL401")) == 2
    assert codes(lint(ANNUAL_NO_PROBLEMS, "SL401", profile="none"), "SL401") == []


def pack_head(code: str, name: str) -> str:
    return f'''
[[rules]]
code = "{code}"
name = "{name}"
category = "section"
kind = "sections"
check = "required"
message = "{{profile}}缺少“{{part}}”部分，可用标题如{{suggest}}"
'''


def test_user_pack_adds_a_profile(tmp_path):
    pack = tmp_path / "unit.toml"
    pack.write_text(pack_head("XY401", "rectification-parts") + '''
[[rules.profiles]]
name = "rectification"
label = "整改报告"
titles = ['整改.{0,8}报告']
[[rules.profiles.parts]]
label = "整改落实情况"
headings = ['整改(?:落实)?情况|整改措施']
suggest = ["整改落实情况"]
[[rules.profiles.parts]]
label = "长效机制"
headings = ['长效|机制']
suggest = ["建立长效机制"]
[[rules.examples]]
bad = "巡察整改情况报告\\n一、整改落实情况\\n已完成整改。"
[[rules.examples]]
good = "巡察整改情况报告\\n一、整改落实情况\\n已完成整改。\\n二、建立长效机制\\n修订制度5项。"
''', encoding="utf-8")
    rules = load_pack(pack)
    text = f"巡察反馈意见整改报告\n一、整改落实情况\n{BODY}\n"
    found = lint_text(text, rules, RunContext(Config(profile="rectification")))
    assert [d.message for d in found] == ["整改报告缺少“长效机制”部分，可用标题如“建立长效机制”"]
    validate_profile("rectification", load_rules([pack]))
    with pytest.raises(ConfigError, match="rectification"):
        validate_profile("rectification", load_rules())
    with pytest.raises(ConfigError, match="anual"):
        validate_profile("anual", load_rules())


def test_bad_profile_data_is_a_rule_error(tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text(pack_head("XY402", "bad-profile") + '''
[[rules.profiles]]
name = "x"
titles = ['总结']
[[rules.profiles.parts]]
label = "问题"
heading = ['问题']
''', encoding="utf-8")
    with pytest.raises(RuleError, match="heading"):
        load_pack(pack)


# ------------------------------------------------------------------ SL402
def test_empty_section_found_and_lists_left_alone(lint):
    text = f"""一、主要工作
（一）加强组织领导
{BODY}
（二）强化宣传引导
（三）狠抓工作落实
开展督导检查6次。
二、存在的问题
"""
    found = codes(lint(text, "SL402"), "SL402")
    # a part heading with nothing after it at the end of the document is empty too
    assert [(d.line, d.matched) for d in found] == [(4, "（二）强化宣传引导"), (7, "二、存在的问题")]
    short_list = "今年重点抓好以下工作：\n1.建立台账\n2.定期调度\n3.严格考核\n"
    with_children = "一、主要工作\n（一）加强领导\n成立专班。\n二、存在问题\n（一）学习不深\n学习流于形式。\n"
    repeat = "三、下一步工作打算\n(一)推进思想政治工作\n(一)落实领导责任。我们一直专注于此。\n(二)加强阵地管理。\n"
    for text in (short_list, with_children, repeat):
        assert codes(lint(text, "SL402"), "SL402") == []


# ------------------------------------------------------------------ SL403
TWO_SUMMARIES = f"""县水利局2023年工作总结
一、主要工作
{BODY}
二、存在的问题
水利设施老化。
三、2024年工作打算
加快灌区改造。
县林业局2023年工作总结
2023年，县林业局扎实推进国土绿化。
一、主要工作
完成造林1.2万亩。
二、下一步打算
抓好森林防火。
"""


def test_second_document_reported_at_its_title_and_checked_on_its_own(lint):
    found = lint(TWO_SUMMARIES, "section")
    several = codes(found, "SL403")
    assert [(d.line, d.end_line) for d in several] == [(8, 10)]
    assert "县林业局2023年工作总结" in several[0].message and "共含 2 篇" in several[0].message
    missing = codes(found, "SL401")
    assert [(d.line, "存在的问题" in d.message) for d in missing] == [(8, True)]


def test_piece_markers_split_documents(lint):
    text = f"""2023年意识形态工作总结范文2篇
篇1
一、加强组织领导
{BODY}
二、存在的问题
三、下一步打算
篇2
一、压实工作责任
{BODY}
二、抓好阵地管理
"""
    several = codes(lint(text, "SL403"), "SL403")
    assert [(d.line, d.matched) for d in several] == [(7, "篇2")]


def test_restarts_that_are_one_document(lint):
    parts = f"""第一部分　2023年工作回顾
一、经济运行稳中向好
{BODY}
二、民生保障持续加强
新增就业1200人。
第二部分　2024年工作安排
一、稳住经济大盘
抓好重大项目建设。
二、办好民生实事
"""
    nested = f"""一、上半年工作总结
（一）理论学习
{BODY}
（二）阵地建设
更新宣传栏。
二、下半年打算
（一）加强学习
继续开展学习。
（二）健全机制
"""
    two_parts = f"""县商务局2023年工作总结和2024年工作思路
2023年工作总结
一、外贸稳中提质
{BODY}
二、消费持续回暖
社会消费品零售总额增长7%。
三、存在的问题
外贸主体偏少。
2024年工作思路
一、培育外贸主体
新增外贸企业20家。
二、促进消费升级
"""
    lead_in = f"""县商务局2023年工作总结
一、外贸稳中提质
{BODY}
二、存在的问题
外贸主体偏少。
下一步，我们将重点抓好以下工作：
一、培育外贸主体
新增外贸企业20家。
二、促进消费升级
"""
    attachment = f"""县统计局2023年工作总结
一、主要工作
{BODY}
二、存在的问题
基层统计力量薄弱。
三、2024年工作打算
抓好经济普查。
附件
县统计局2023年统计执法检查情况报告
一、检查情况
检查企业56家。
二、处理情况
立案查处3起。
"""
    for text in (parts, nested, two_parts, lead_in, attachment):
        assert codes(lint(text, "SL403"), "SL403") == []
        assert codes(lint(text, "numbering"), "SL501") == []


def test_compilation_seeds_one_finding_naming_the_other_documents(lint):
    doc002 = read_text(next(SEEDS.glob("002_*.txt"))).text
    (found,) = codes(lint(doc002, "section"), "SL403")
    assert found.line == 33 and "共含 14 篇" in found.message
    assert "第 50、69、81" in found.message and "253 处" in found.message
    assert codes(lint(doc002, "section"), "SL401") == []     # its first line is prose, no title
    doc003 = read_text(next(SEEDS.glob("003_*.txt"))).text
    (found,) = codes(lint(doc003, "SL403"), "SL403")
    assert found.matched[-2:] == "篇5" and "2:6459" in found.message


def test_one_line_extraction_parts_come_from_inline_headings(lint):
    body = ("今年以来，我镇高度重视意识形态工作，认真落实各项部署要求，取得了明显成效。" * 7)
    line = ("2023年上半年意识形态工作总结.docx\n"
            f"{body}一、加强组织领导，落实工作责任{body}二、存在的问题{body}三、下半年工作打算{body}")
    assert len(line) > 600 and len(line.split("三、下半年")[0]) > 600
    doc = Document(line)
    assert any(p.derived for p in doc.paragraphs)
    assert codes(lint(line, "SL401"), "SL401") == []
    cut = line.split("三、下半年")[0]
    assert len(codes(lint(cut, "SL401"), "SL401")) == 1


@pytest.mark.parametrize("pattern", [
    r"(?:^|[。；])\s*(?:下一步|今后)[，,]?\s*(?:我|将)", r"(?:也|还|仍然?)(?:存在|有)着?[^。；]{0,15}问题",
    r"履行.{0,6}职责|成绩", r"(?i:a)b?", r"x*y+", r"[^甲]乙?", r"(问)题\1", r"[0-9]{2}年(?=计划)",
])
def test_needed_characters_never_rule_out_a_match(pattern):
    import random
    import re

    from sumlint.checks.sections import _search_any
    rx, search = re.compile(pattern), _search_any((pattern,))
    rng = random.Random(pattern)
    alphabet = "下一步今后我将。；，, 也还仍然存在有着问题甲乙履行职责成绩aAbxy0123年计划"
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(20000)]
    for text in texts:
        assert bool(search(text)) == bool(rx.search(text)), text


def test_part_pattern_candidates_are_the_texts_the_gate_lets_through():
    """_AnyOf.candidates (one scan of a segment's sentences or paragraph heads joined) picks
    exactly the texts that hold a needed string, overlapping ones included."""
    import random
    from sumlint.checks.sections import _AnyOf, _Texts
    sources = (r"(?:^|[。；])\s*(?:下一步|今后)[，,]?\s*(?:我|将)", r"问题|题目|目标|下一",
               r"(?:也|还)(?:存在|有)着?[^。；]{0,5}(?:问题|不足)")
    any_of = _AnyOf(sources)
    assert any_of.needs is not None
    rng = random.Random(5)
    pieces = ["下一步", "下一", "今后", "问题", "题目", "目标", "不足", "存在", "也", "。", "，", "我", "将"]
    for _ in range(3000):
        texts = ["".join(rng.choices(pieces, k=rng.randint(0, 5))) for _ in range(rng.randint(0, 6))]
        want = [i for i, text in enumerate(texts) if any_of.gate.open(text)]
        assert any_of.candidates(_Texts(texts)) == want, texts
        assert any_of.any_in(_Texts(texts)) == any(any_of(text) for text in texts)
