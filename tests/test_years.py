"""Kind ``years`` (rules/years.toml, SL301-SL306): the document's year and period against its body.

Every test document is written here; each defect has its trap next to it.
"""

from __future__ import annotations

import pytest

from sumlint.checks.base import RuleError
from sumlint.checks.years import cn_number
from sumlint.ruleset import load_pack


def codes(found):
    return sorted(d.code for d in found)


def only(found, code):
    return [d for d in found if d.code == code]


ANNUAL_2024 = """县水利局2024年工作总结

2024年，县水利局在县委、县政府的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，\
全面贯彻党的二十大和二十届二中、三中全会精神，扎实推进各项工作。现将有关情况报告如下。

一、主要工作及成效

（一）水利投资持续增长。全年完成水利投资3.2亿元，较2023年增长12.5%，比上年同期多0.4亿元，\
同比增长14%。2019年以来累计建成农村供水工程46处。自2018年起连续七年获评全市水利工作先进单位。

（二）规划编制有序推进。按照《县水安全保障规划（2021—2025年）》，“十四五”水利项目完成率达到85%。\
党的十八大以来，全县水利事业取得历史性成就。

二、存在的问题

一是基层水利人才不足；二是部分工程管护不到位。

三、2025年工作打算

2025年，我们将持续推进重点水利工程建设，力争到2025年底完成“十四五”规划确定的全部任务。
"""


def test_clean_annual_summary_is_silent(lint):
    assert lint(ANNUAL_2024, "year") == []


# ------------------------------------------------------------------ SL301 reported year
def test_body_opening_with_last_year(lint):
    text = ANNUAL_2024.replace("2024年，县水利局", "2023年，县水利局")
    found = only(lint(text, "year"), "SL301")
    assert len(found) == 1
    assert "2024" in found[0].message and "2023" in found[0].message
    assert text[found[0].start:found[0].end].startswith("2023年")


def test_xianjiang_huibao_ruxia_with_other_year(lint):
    text = "市统计局2024年工作总结\n\n现将2023年统计工作情况汇报如下。\n一、主要工作\n全年完成调查12项。\n"
    assert codes(lint(text, "SL301")) == ["SL301"]


def test_heading_main_work_of_other_year(lint):
    text = "区人社局2024年工作总结\n\n一、2023年主要工作\n全年新增就业2.3万人。\n"
    assert codes(lint(text, "SL301")) == ["SL301"]


def test_reported_once_per_document_with_count(lint):
    text = ("镇2024年工作总结\n\n2023年，我镇在县委的坚强领导下扎实工作。\n"
            "一、2023年主要工作\n全年完成项目12个。\n")
    found = only(lint(text, "year"), "SL301")
    assert len(found) == 1 and "共2处" in found[0].message


def test_inner_title_of_compilation_with_other_year(lint):
    text = ("2024年上半年意识形态工作总结报告3篇\n"
            "2023年上半年意识形态工作总结报告篇1今年以来，我镇坚持正确导向，组织学习12次。"
            "2023年上半年意识形态工作总结报告篇2今年以来，我局加强阵地管理。\n")
    found = only(lint(text, "year"), "SL301")
    assert len(found) == 1
    assert text[found[0].start:found[0].end] == "2023年"


def test_second_title_pasted_in_the_middle(lint):
    text = ("县水利局2024年工作总结\n\n今年以来，我局扎实推进各项工作。\n"
            "县水利局2023年工作总结\n\n一、主要工作\n全年完成投资2.1亿元。\n")
    found = only(lint(text, "year"), "SL301")
    assert len(found) == 1 and found[0].start == text.index("2023年")


def test_government_work_report_reviews_previous_year(lint):
    text = ("2024年市政府工作报告\n\n一、2023年工作回顾\n"
            "2023年，在市委的坚强领导下，全市经济运行稳中向好，地区生产总值增长5.6%。\n"
            "二、2024年主要任务\n")
    assert lint(text, "year") == []


def test_plan_cites_previous_year_results(lint):
    text = ("县教育局2021年工作计划\n\n2020年，在县委的坚强领导下，全县教育事业稳步发展。"
            "2021年，我们将重点抓好以下工作。\n")
    assert lint(text, "year") == []


def test_no_year_in_title_is_not_checked(lint):
    text = "工作总结\n\n2023年，我局在县委的坚强领导下，扎实推进各项工作。\n"
    assert lint(text, "year") == []


def test_config_year_overrides_title(lint):
    text = "工作总结\n\n2023年，我局在县委的坚强领导下，扎实推进各项工作。\n"
    assert codes(lint(text, "SL301", year=2024)) == ["SL301"]
    assert lint(text, "SL301", year=2023) == []


def test_document_names_and_comparisons_stay_silent(lint):
    text = ("县发改局2024年工作总结\n\n"
            "认真落实《关于2023年国民经济和社会发展计划执行情况的报告》，主要指标较2023年均有提升，"
            "截至2023年底的存量项目全部完成。2021—2025年累计投资120亿元。\n")
    assert lint(text, "year") == []


# ---------------------------------------------------------------------- SL302 plan year
PLAN_2023 = """县农业农村局2023年工作总结

一、主要工作
全年完成高标准农田建设3万亩，较2022年增加0.5万亩。
二、存在的问题
农业产业链条短，品牌影响力不强。
三、{year}年工作打算
{year}年，我们将继续抓好粮食生产和乡村振兴各项工作。
"""


def test_plan_part_with_same_year(lint):
    found = only(lint(PLAN_2023.format(year=2023), "year"), "SL302")
    assert len(found) == 1 and "2024" in found[0].message


def test_plan_part_with_next_year_is_silent(lint):
    assert lint(PLAN_2023.format(year=2024), "year") == []


def test_this_year_priorities_in_the_results_part_are_not_the_plan(lint):
    text = ("县农业农村局2023年工作总结\n\n一、2023年工作重点\n全年完成高标准农田建设3万亩。\n"
            "二、存在的问题\n产业链条短。\n三、2024年工作打算\n2024年，我们将继续抓好粮食生产。\n")
    assert lint(text, "year") == []


def test_half_year_summary_plan_is_not_a_year_plan(lint):
    text = ("2023年上半年工作总结\n\n一、主要工作\n完成项目6个。\n二、下半年工作打算\n"
            "下半年，我们将继续推进重点项目。\n")
    assert lint(text, "year") == []


# -------------------------------------------------------------------------- SL303 period
def test_half_year_title_over_full_year_results(lint):
    text = ("2023年上半年宣传工作总结\n\n今年以来，我部紧紧围绕中心工作，"
            "全年共开展理论宣讲56场。\n")
    found = only(lint(text, "year"), "SL303")
    assert len(found) == 1 and found[0].severity == "warning"


def test_half_year_share_of_annual_target_is_silent(lint):
    text = ("2023年上半年宣传工作总结\n\n今年以来，开展理论宣讲26场，完成全年目标任务的55%，"
            "确保完成全年任务。\n")
    assert lint(text, "year") == []


def test_full_year_title_over_half_year_body(lint):
    text = ("2020年宣传思想文化工作总结\n\n㈠、上半年工作总结\n组织理论学习12次。\n"
            "㈡、下半年工作打算\n继续抓好理论学习。\n")
    found = only(lint(text, "year"), "SL303")
    assert len(found) == 1
    assert text[found[0].start:found[0].end] == "2020年宣传思想文化工作总结"


def test_config_period_overrides_title(lint):
    text = ("2020年宣传思想文化工作总结\n\n一、上半年工作总结\n组织理论学习12次。\n"
            "二、下半年工作打算\n继续抓好理论学习。\n")
    assert lint(text, "SL303", period="上半年") == []


def test_full_year_summary_mentioning_first_half_in_prose_is_silent(lint):
    text = ("2022年工作总结\n\n上半年，受疫情影响部分项目延期；下半年，各项工作全面提速。"
            "全年共完成项目18个。\n")
    assert lint(text, "year") == []


# --------------------------------------------------------------------- SL304 anniversary
@pytest.mark.parametrize("sentence", [
    "今年是中国共产党成立100周年，全镇开展系列学习活动。",
    "今年恰逢改革开放四十周年，我们组织了主题宣讲。",
    "全体党员以优异的工作成绩为建党100周年献礼。",
    "值此新中国成立七十周年之际，社区举办文艺演出。",
])
def test_anniversary_in_wrong_year(lint, sentence):
    found = only(lint("2024年社区工作总结\n\n" + sentence + "\n", "year"), "SL304")
    assert len(found) == 1 and found[0].severity == "error"


@pytest.mark.parametrize("title,sentence", [
    ("2021年社区工作总结", "今年是中国共产党成立100周年，全镇开展系列学习活动。"),
    ("2018年社区工作总结", "今年恰逢改革开放四十周年，我们组织了主题宣讲。"),
    ("2020年社区工作总结", "全体党员以优异的工作成绩迎接建党100周年。"),
    ("2024年社区工作总结", "值此新中国成立七十五周年之际，社区举办文艺演出。"),
    ("2024年社区工作总结", "认真学习习近平总书记在庆祝改革开放40周年大会上的重要讲话。"),
    ("2024年社区工作总结", "2021年，我们以优异成绩为建党100周年献礼，获评先进集体。"),
    ("2024年社区工作总结", "建党100周年时，我社区曾举办主题展览。"),
    ("2022年政府工作报告", "过去一年，我们隆重庆祝中国共产党成立100周年，今年是本届政府任期最后一年。"),
])
def test_anniversary_traps(lint, title, sentence):
    assert only(lint(title + "\n\n" + sentence + "\n", "year"), "SL304") == []


def test_user_pack_extends_anniversaries(tmp_path, all_rules):
    from sumlint.engine import RunContext, lint_text
    pack = tmp_path / "county.toml"
    pack.write_text('''
[[rules]]
code = "XZ301"
name = "county-anniversary"
category = "year"
kind = "years"
check = "anniversary"
severity = "error"
message = "「{match}」是{event_year}年，与文档年份{doc_year}年不符"
current-cues = "今年是|今年恰逢"
[rules.anniversaries]
"自治县成立" = 1994
[[rules.examples]]
bad = "2023年工作总结\\n\\n今年是自治县成立30周年。"
[[rules.examples]]
good = "2024年工作总结\\n\\n今年是自治县成立30周年。"
''', encoding="utf-8")
    rules = load_pack(pack)
    bad = lint_text("2023年工作总结\n\n今年是自治县成立30周年，全县举办庆祝活动。\n", rules, RunContext())
    good = lint_text("2024年工作总结\n\n今年是自治县成立30周年，全县举办庆祝活动。\n", rules, RunContext())
    assert codes(bad) == ["XZ301"] and good == []


def test_bad_anniversary_table_is_a_rule_error(tmp_path):
    pack = tmp_path / "bad.toml"
    pack.write_text('''
[[rules]]
code = "XZ302"
name = "bad-anniversary"
category = "year"
kind = "years"
check = "anniversary"
message = "x"
[rules.anniversaries]
"自治县成立" = "1994"
''', encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_pack(pack)
    assert "自治县成立" in str(err.value)


def test_chinese_numerals():
    assert cn_number("100") == 100
    assert cn_number("一百") == 100
    assert cn_number("一百零三") == 103
    assert cn_number("七十五") == 75
    assert cn_number("十") == 10
    assert cn_number("周") is None


# -------------------------------------------------------------------------- SL305 events
def test_congress_before_it_was_held(lint):
    found = only(lint("2020年宣传工作总结\n\n全年组织党员干部深入学习贯彻党的二十大精神。\n",
                      "year"), "SL305")
    assert len(found) == 1 and found[0].severity == "error" and "2022年10月" in found[0].message


def test_plenum_in_shorthand_list_before_it_was_held(lint):
    text = "2021年宣传工作总结\n\n及时传达学习十九届六中、七中全会精神。\n"
    found = only(lint(text, "year"), "SL305")
    assert len(found) == 1 and "十九届七中全会" in found[0].message


def test_half_year_summary_before_autumn_congress(lint):
    text = "2022年上半年宣传工作总结\n\n深入学习贯彻党的二十大精神。\n"
    assert codes(lint(text, "SL305")) == ["SL305"]


def test_stale_congress_as_current_guidance(lint):
    found = only(lint("2023年宣传工作总结\n\n全年组织党员干部深入学习贯彻党的十九大精神。\n",
                      "year"), "SL305")
    assert len(found) == 1 and found[0].severity == "warning"


@pytest.mark.parametrize("title,sentence", [
    ("2022年上半年宣传工作总结", "以优异成绩迎接党的二十大胜利召开。"),
    ("2021年宣传工作总结", "深入学习贯彻党的十九大和十九届二中、三中、四中、五中、六中全会精神。"),
    ("2023年宣传工作总结", "党的十八大以来，我县各项事业取得历史性成就。"),
    ("2023年宣传工作总结", "深入学习贯彻党的二十大精神，全面落实二十届二中全会部署。"),
    ("2022年宣传工作总结", "深入学习贯彻党的十九大和十九届历次全会精神，喜迎二十大。"),
    ("2023年政府工作报告", "过去一年，我们全面贯彻党的十九大和十九届历次全会精神，胜利召开党的二十大。"),
    ("2023年宣传工作总结", "2021年，我们深入学习贯彻党的十九大精神，取得明显成效。"),
    ("2018年乡村振兴工作要点", "分别明确至2020年全面建成小康社会和2022年召开党的二十大时的目标任务。"),
])
def test_event_traps(lint, title, sentence):
    assert only(lint(title + "\n\n" + sentence + "\n", "year"), "SL305") == []


# ----------------------------------------------------------------------- SL306 campaigns
@pytest.mark.parametrize("title,sentence", [
    ("2023年党建工作总结", "今年以来，我支部扎实开展党史学习教育，组织专题学习12次。"),
    ("2021年工作总结", "今年是“十三五”收官之年，我局圆满完成各项目标。"),
    ("2023年工作总结", "今年是“十四五”开局之年，我局圆满完成各项目标。"),
    ("2022年党建工作总结", "当前正在深入开展党纪学习教育。"),
])
def test_campaign_out_of_its_years(lint, title, sentence):
    found = only(lint(title + "\n\n" + sentence + "\n", "year"), "SL306")
    assert len(found) == 1 and found[0].severity == "warning"


@pytest.mark.parametrize("title,sentence", [
    ("2021年党建工作总结", "今年以来，我支部扎实开展党史学习教育，组织专题学习12次。"),
    ("2023年党建工作总结", "今年以来，我支部巩固拓展党史学习教育成果。"),
    ("2022年扶贫工作总结", "今年以来，全县巩固拓展脱贫攻坚成果同乡村振兴有效衔接。"),
    ("2020年工作总结", "今年要编制好“十四五”规划，谋划一批重大项目。"),
    ("2023年工作总结", "“十三五”期间，全县地区生产总值年均增长7%。"),
    ("2024年党建工作总结", "今年以来，扎实开展党纪学习教育。"),
])
def test_campaign_traps(lint, title, sentence):
    assert only(lint(title + "\n\n" + sentence + "\n", "year"), "SL306") == []


# --------------------------------------------------------------------- whole documents
def test_default_rules_silent_on_clean_annual_summary(lint):
    assert [d for d in lint(ANNUAL_2024) if d.code.startswith("SL3")] == []


COPIED_2024 = """街道党工委2024年意识形态工作总结

2023年，街道党工委在区委的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，\
深入学习贯彻党的二十大和二十届四中全会精神，认真落实意识形态工作责任制。

一、主要工作

（一）强化理论武装。今年是中国共产党成立100周年，街道组织专题学习18次。\
今年以来，扎实开展党史学习教育，举办专题党课6场。

二、存在的问题

阵地管理还有薄弱环节。

三、2024年工作打算

继续压紧压实意识形态工作责任。
"""


def test_copied_summary_reports_each_kind_once(lint):
    found = lint(COPIED_2024, "year")
    assert codes(found) == ["SL301", "SL302", "SL304", "SL305", "SL306"]
    event = only(found, "SL305")[0]
    assert "二十届四中全会" in event.message and "2025年10月" in event.message


def test_half_year_summary_before_july_plenum(lint):
    text = "2024年上半年理论学习情况汇报\n\n认真学习贯彻二十届三中全会精神。\n"
    assert codes(lint(text, "SL305")) == ["SL305"]
    assert lint(text.replace("上半年", ""), "SL305") == []


def test_anchored_search_equals_the_plain_scan():
    """``regexes.Anchored`` (patterns tried only just before a year) finds what ``finditer``
    finds, on random texts, for SL301's inner-title pattern and a few shapes (^ and $ under
    re.M, look-behind, back-reference, lazy and greedy prefixes); and declines what it cannot
    bound."""
    import random
    import re
    from sumlint.checks.years import YEAR, year_starts
    from sumlint.document import Document
    from sumlint.regexes import Anchored, prefix_width

    sources = [
        r"(?:^|(?<=[。！？\s]))[^\s。！？，,：:、《》“”0-9]{0,16}?{year}\s*年(?:度)?"
        r"[^。！？\n，,：:、《》]{0,24}?(?:总结|汇报)(?:报告)?(?=\s*$|篇[0-9])",
        r"(?<=[。\n])(.)\1?.{0,3}{year}年",
        r"(?:关于|^).{0,5}{year}(?:年|$)",
        r"[^。]{2,6}{year}",
    ]
    rng = random.Random(11)
    alphabet = ["2023", "2024", "一九九八", "1", "0", "年", "是", "为", "关于", "。", "\n", " ",
                "总结", "汇报", "报告", "篇3", "，", "工作", "县", "县"]
    for source in sources:
        source = source.replace("{year}", YEAR)
        rx = re.compile(source, re.M)
        anchored = Anchored(source, rx, "year")
        assert anchored.window is not None
        for _ in range(1500):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            pos = rng.randint(0, len(text))
            plain = [(m.span(), m.group("year")) for m in rx.finditer(text, pos)]
            fast = [(m.span(), m.group("year"))
                    for m in anchored.finditer(text, pos, year_starts(Document(text)))]
            assert fast == plain, (source, text, pos)
    for source in (r"(?:^|。)\s*{year}", r"(?:{year}|\d)年", r"现将.{0,3}{year}", "(?i)a{year}",
                   r"(?:是|为){year}"):               # opens with a class: re scans for it
        source = source.replace("{year}", YEAR)
        assert Anchored(source, re.compile(source, re.M), "year").window is None
    assert prefix_width(r"(?<=x)a{1,3}b?(?P<year>1)", 0, "year") == 4


def test_year_starts_finds_every_year_start_overlaps_included():
    import random
    import re as _re
    from sumlint.checks.years import year_starts
    from sumlint.document import Document
    one = _re.compile(r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}")
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choices("12090〇零一二九年。 \n", k=rng.randint(0, 20)))
        want = [q for q in range(len(text)) if one.match(text, q)]
        assert year_starts(Document(text)) == want, text
    assert year_starts(Document("192019年，二〇二〇年")) == [0, 2, 8]


def test_periods_in_a_range_are_those_of_the_whole_text():
    """Document.periods_in (a title's period, used by doc_time) scans only from the range's
    start when white space precedes it; the periods are those of the whole text either way."""
    import random
    from sumlint.document import Document
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choices(["上半年", "前半", "年度", "第一", "季度", "1-6月", "全年", "年",
                                    "底", " ", "\n", "。", "二", "4"], k=rng.randint(0, 12)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        want = [p for p in Document(text).periods if a <= p.start < b]
        assert Document(text).periods_in(a, b) == want, (text, a, b)


@pytest.mark.parametrize("pattern", [
    r"(?:^|(?<=[。！？]))[ \t\u3000]*{year}\s*年[，,](?=[^。！？\n]{0,4}(?:将|要))",
    r"(?:^|(?<=[。！？]))[ \t\u3000]*{year}\s*年(?:度|上半年)?[，,][^。！？\n]{0,6}?(?:领导下|坚持)",
    r"[^。！？\n0-9]*{year}年$",
])
def test_line_anchored_patterns_find_what_finditer_finds(pattern):
    import random
    import re as _re
    from sumlint.checks.years import YEAR, LineAnchored, year_starts
    from sumlint.document import Document
    source = pattern.replace("{year}", YEAR)
    rx = _re.compile(source, _re.M)
    line = LineAnchored(source, rx, "year")
    assert line.window is not None
    rng = random.Random(pattern)
    pieces = ["2023", "2024", "二〇二四", "1", "年", "，", "。", "！", " ", "\u3000", "\n", "将", "要",
              "度", "领导下", "坚持", "甲"]
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randint(0, 14)))
        pos = rng.randint(0, len(text))
        want = [m.span() for m in rx.finditer(text, pos)]
        got = [m.span() for m in line.finditer(text, pos, year_starts(Document(text)))]
        assert got == want, (text, pos)


@pytest.mark.parametrize("pattern", [r"\s*{year}年", r"[^甲]*{year}年", r"(?s:.)*{year}年",
                                     r"(?:甲|\n)+{year}年", r"(年)\1*{year}"])
def test_line_anchored_only_where_no_line_break_comes_before_the_year(pattern):
    import re as _re
    from sumlint.checks.years import YEAR, LineAnchored
    source = pattern.replace("{year}", YEAR)
    assert LineAnchored(source, _re.compile(source, _re.M), "year").window is None
