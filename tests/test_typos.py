"""Typos: the wrong → right list (SL701/SL702, kind substitution) and the unknown-word detector
(SL703, kind confusion). Both sides: the slip is found, the correct word stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from sumlint.checks.base import RuleError
from sumlint.document import Document
from sumlint.engine import RunContext, run_rules
from sumlint.loading import read_text
from sumlint.ruleset import load_rules

CLEAN = Path(__file__).parent / "fixtures" / "clean"


def apply_fixes(text, fixes):
    for edit in sorted((e for f in fixes for e in f.edits), key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def codes(found):
    return [d.code for d in found]


def spans(found, text):
    return [text[d.start:d.end] for d in found]


# ------------------------------------------------------------------ the list (SL701/SL702)
@pytest.mark.parametrize("text,wrong,right", [
    ("截止目前，全县已完成投资12亿元。", "截止目前", "截至目前"),
    ("截止今年6月，全县已完成投资12亿元。", "截止", "截至"),
    ("截止到6月底，累计接待来访群众320人次。", "截止到", "截至"),
    ("截止2023年12月31日，共办结案件56件。", "截止", "截至"),
    ("对失职失责的，严肃追求责任。", "追求责任", "追究责任"),
    ("常态化开展自愿服务，惠及群众。", "自愿服务", "志愿服务"),
    ("成立青年自愿服务队。", "自愿服务队", "志愿服务队"),
    ("坚持走中共特色社会主义道路。", "中共特色", "中国特色"),
    ("讲究方法，将就宣传艺术。", "将就", "讲究"),
    ("电脑全部安装防火堵和杀毒软件。", "防火堵", "防火墙"),
    ("及时清理巳有的违规内容。", "巳有", "已有"),
    ("建立健全工作台帐。", "台帐", "台账"),
    ("防止不良信息在网上漫延。", "漫延", "蔓延"),
    ("全体干部再接再励，按步就班，一如继往。", "再接再励", "再接再厉"),
])
def test_known_typo_found_with_exact_fix(lint, text, wrong, right):
    found = [d for d in lint(text, "typo") if d.code == "SL701"]
    assert found, text
    first = found[0]
    assert text[first.start:first.end] == wrong
    assert first.fix.edits[0].replacement == right
    assert (first.fix.edits[0].start, first.fix.edits[0].end) == (first.start, first.end)


@pytest.mark.parametrize("text", [
    "报名截止日期为2024年6月30日。",
    "本次征集活动报名截止后，不再受理。",
    "申报工作于6月30日截止，逾期不予受理。",
    "截至目前，已有1200人次参加培训。",
    "截止时间以系统记录为准。",
    "他在工作中从不将就，始终精益求精。",
    "积极追求进步，勇于担当责任。",
    "坚持自愿原则，群众可自愿服务于社区。",
    "洪水漫延到低洼地带。",
    "坚持预防犯罪与打击犯罪相结合。",
    "深入学习贯彻党的二十大精神，牢牢掌握意识形态工作领导权。",
    "一一落实整改措施，的确取得了成效。",
    "继续推进新时代中国共产党人的庄严历史责任。",
    "加快创建全国文明城市，组建全市专家库。",
])
def test_correct_prose_is_silent(lint, text):
    assert lint(text, "typo") == []


def test_fix_replaces_exactly_the_span(lint):
    text = "截止目前，共有自愿服务者320名。\n对造成不良后果的，要严肃追求责任。\n"
    found = lint(text, "typo")
    fixed = apply_fixes(text, [d.fix for d in found if d.fix])
    assert fixed == "截至目前，共有志愿服务者320名。\n对造成不良后果的，要严肃追究责任。\n"


def test_list_matches_overlapping_words_at_code_point_offsets(lint):
    # an astral character before the slip (one code point, two UTF-16 units) must not shift it;
    # 截止目前 is listed and also holds other entries: the longest match wins
    text = "😀截止目前，大家再接再励、按步就班。"
    found = lint(text, "SL701")
    assert [(d.matched, d.column) for d in found] == [("截止目前", 2), ("再接再励", 9), ("按步就班", 14)]


def test_list_works_on_text_with_lone_surrogates(lint):
    found = lint("\ud800截止目前，大家再接再励。\udfff", "SL701")
    assert [(d.matched, d.column) for d in found] == [("截止目前", 2), ("再接再励", 9)]


def test_variant_forms_are_warnings(lint):
    found = lint("设立专用帐户，定期对帐。", "SL702")
    assert codes(found) == ["SL702", "SL702"]
    assert {d.severity for d in found} == {"warning"}


def test_allow_list_silences_the_list(lint):
    text = "参观了漫延文化展览馆。"
    assert codes(lint(text, "typo")) == ["SL701"]
    assert lint(text, "typo", allow=["漫延文化"]) == []


def test_rules_sharing_the_automaton_report_only_their_own_strings(tmp_path):
    # one automaton (regexes.STRINGS) holds every substitution rule's strings and the pattern
    # rules' required strings (pattern.NEEDLES): a list must see its own strings only, also
    # where they overlap or equal another's, and a pattern rule runs when its string is there
    # (XX801's is also a wrong string, XX802's nobody else's)
    rule = """[[rules]]
code = "{code}"
name = "rule-{code_lower}"
category = "typo"
kind = "{kind}"
{options}
"""
    lists = {"XX701": '{ wrong = "甲乙", right = "甲" }, { wrong = "丁戊", right = "丁" }',
             "XX702": '{ wrong = "乙丙", right = "丙" }, { wrong = "丁戊", right = "戊" }'}
    pack = tmp_path / "mine.toml"
    pack.write_text("".join(
        [rule.format(code=code, code_lower=code.lower(), kind="substitution",
                     options=f'message = "{{wrong}}→{{right}}"\npairs = [ {pairs} ]')
         for code, pairs in lists.items()]
        + [rule.format(code=code, code_lower=code.lower(), kind="pattern",
                       options=f'message = "{{match}}"\npatterns = ["{rx}"]')
           for code, rx in (("XX801", "丁戊(?=。)"), ("XX802", "己庚+"))]), encoding="utf-8")
    rules = load_rules([pack], builtin=False)
    for text, want in (("甲乙丙，丁戊。", [[(0, 2, "甲乙→甲"), (4, 6, "丁戊→丁")],
                                         [(1, 3, "乙丙→丙"), (4, 6, "丁戊→戊")], [(4, 6, "丁戊")], []]),
                       ("己庚庚，丁戊", [[(4, 6, "丁戊→丁")], [(4, 6, "丁戊→戊")], [], [(0, 3, "己庚庚")]]),
                       ("丙丁", [[], [], [], []])):
        doc = Document(text)
        found = [[(f.start, f.end, f.message) for f in r.check.check(doc, RunContext())]
                 for r in rules]
        assert found == want, text


def test_bad_guard_is_a_rule_error(tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('''[[rules]]
code = "XX701"
name = "mine"
category = "typo"
kind = "substitution"
message = "{wrong}→{right}"
pairs = [ { wrong = "甲乙", right = "甲乙" } ]
[[rules.examples]]
bad = "甲乙"
[[rules.examples]]
good = "丙"
''', encoding="utf-8")
    with pytest.raises(RuleError, match="wrong 与 right 相同"):
        load_rules([pack], builtin=False)


# ------------------------------------------------------------------ the detector (SL703)
@pytest.mark.parametrize("text,wrong,right", [
    ("我们要认真学习宽彻会议精神。", "宽彻", "贯彻"),
    ("在全区营造崇尚英雉的浓厚氛围。", "英雉", "英雄"),
    ("进一步加强党史宣传敬育。", "敬育", "教育"),
    ("面对错综受杂的形势，我们迎难而上。", "受杂", "复杂"),
    ("坚持党的群众潞线不动摇。", "潞线", "路线"),
    ("按时报送半年思结报告。", "思结", "总结"),
])
def test_detector_finds_slips_no_list_holds(lint, text, wrong, right):
    found = lint(text, "SL703")
    assert spans(found, text) == [wrong], [d.message for d in found]
    assert found[0].fix.edits[0].replacement == right
    assert found[0].severity == "warning"


@pytest.mark.parametrize("text", [
    "县委书记张建国到潞城镇调研脱贫攻坚工作。",        # names of people and places
    "组织党员干部到博视眼科医院开展义诊。",            # an organisation's name
    "抗疫物资生产运输人员坚守岗位，勇于担责。",         # newer vocabulary
    "全年快递业务量18.2亿件，增长13.9%。",            # a measure word after a number
    "一一对照检查，的确存在不足。",
])
def test_detector_stays_silent(lint, text):
    assert lint(text, "SL703") == []


def test_detector_respects_allow_and_title(lint):
    text = "学习宽彻精神"
    assert codes(lint("我们深入学习宽彻精神。", "SL703")) == ["SL703"]
    assert lint("我们深入" + text + "。", "SL703", allow=["宽彻"]) == []
    # a unit's name in the title is never a typo in the body
    titled = "英雉村2023年工作总结\n英雉村全体党员积极参加学习。\n"
    found = lint(titled, "SL703")
    assert all(d.line == 1 for d in found)


def test_segmentation_backends_agree():
    from sumlint import segmentation as seg
    import jieba
    text = read_text(CLEAN / "gov_report_2024_state_council.txt").text[:3000]
    assert "".join(seg.cut(text)) == text
    assert seg.cut(text) == jieba.lcut(text, HMM=False)


def test_precision_on_public_official_prose(all_rules):
    """The typo rules on >= 100,000 characters of public government reports: < 0.5 per 10k."""
    typo = [r for r in all_rules if r.category == "typo"]
    paths = sorted(CLEAN.glob("*.txt"))
    chars, found = 0, []
    for path in paths:
        text = read_text(path).text
        chars += len(text)
        found += [f"{path.name}:{d.line} {d.message}"
                  for d in run_rules(Document(text, path.name), typo, RunContext())]
    assert chars >= 100_000
    assert len(found) / chars * 10_000 < 0.5, found


def test_list_and_detector_give_one_finding_per_slip(lint):
    text = "深入了解近年意识形杰领域工作情况。"
    assert codes(lint(text, "SL703")) == ["SL703"]          # the detector alone finds 形杰
    found = lint(text, "typo")
    assert codes(found) == ["SL701"]                        # with the list: one finding, one fix
    assert spans(found, text) == ["意识形杰"]
