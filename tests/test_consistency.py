"""A document that names itself as two kinds of unit (rules/consistency.toml, kind self-reference),
and the document boundaries it relies on (Document.parts)."""

from __future__ import annotations

import pytest

from sumlint.document import Document

ZHEN = ("今年以来，我镇在县委、县政府的正确领导下扎实工作。我镇辖区内舆论导向正确。"
        "面对困境，经开区更加注重机关干部的思想动态管理，经开区所负责的重点项目顺利推进，"
        "经开区始终把安全放在首位。")


def test_town_text_that_speaks_as_a_development_zone_is_found(lint):
    found = lint(ZHEN, "SL901")
    assert {d.matched for d in found} == {"我镇"}
    assert "经开区" in found[0].message and "3 处" in found[0].message


def test_zone_acting_in_a_town_text_is_found_when_the_town_speaks_most(lint):
    text = "我镇坚持党建引领，我镇各项工作稳步推进。今年，经开区更加注重机关干部的思想动态管理。"
    found = lint(text, "SL901")
    assert [d.matched for d in found] == ["经开区"] and "我镇" in found[0].message


def test_majority_wins_and_minority_is_reported(lint):
    text = "今年以来，我局认真贯彻落实上级部署。我局召开专题会议3次。我局完成任务。下一步，我委将继续加强学习。"
    found = lint(text, "SL901")
    assert [d.matched for d in found] == ["我委"]
    assert "我局" in found[0].message


def test_title_unit_is_the_speaker(lint):
    text = "XX街道2023年工作总结\n今年以来，我院坚持以人民为中心，我院各项工作稳步推进。"
    found = lint(text, "SL901")
    assert [d.matched for d in found] == ["我院", "我院"]
    assert "标题" in found[0].message


def test_title_alias_names_the_unit(lint):
    text = "县委办公室2023年工作总结\n今年以来，我办认真履职，我办各项工作稳步推进。"
    assert lint(text, "SL901") == []
    assert lint("县委办公室2023年工作总结\n今年以来，我局认真履职。", "SL901")


@pytest.mark.parametrize("text", [
    # a county bureau lives in the county: 我县 is a scope
    "县交通运输局2023年工作总结\n今年以来，我局紧紧围绕全县中心工作，为我县经济社会发展作出贡献。",
    # a town lives in the county and the city
    "我镇紧紧围绕县委部署，为我县乡村振兴、我市高质量发展贡献力量。我镇各项工作稳步推进。",
    # scope words and third-party mentions
    "我局配合经开区做好征地拆迁工作，全县、全市统一部署，我局按期完成。",
    # units that go with any other
    "我局党支部开展主题党日活动，我局各项工作稳步推进，我单位获评先进。",
    # a development zone acting inside the county, or next to a bureau, is a third party
    "我县坚持高质量发展，我县经济稳步增长。面对新形势，开发区积极开展招商引资，我县按期完成任务。",
    "我局认真履职，我局按期完成。今年，经开区积极开展招商引资。",
    # 院 and 校 name the same college
    "我院坚持立德树人，我校毕业生就业率达95%，我院将继续努力。",
])
def test_compatible_self_references_are_silent(lint, text):
    assert lint(text, "SL901") == []


@pytest.mark.parametrize("text,minority", [
    ("我县坚持高质量发展，我县经济稳步增长，我县人民安居乐业。我镇将继续努力。", "我镇"),
    ("我县坚持高质量发展，我县经济稳步增长。我区将继续努力。", "我区"),
    ("我镇认真履职，我镇各项工作稳步推进，我镇获评先进。我街道将继续努力。", "我街道"),
    ("XX镇2023年工作总结\n我镇认真履职，我镇各项工作稳步推进。我局将继续努力。", "我局"),
])
def test_conflicting_units_are_found(lint, text, minority):
    assert [d.matched for d in lint(text, "SL901")] == [minority]


@pytest.mark.parametrize("text", [
    "结合我所在单位的实际，我局认真履职，我局各项工作稳步推进。",
    "我局克服自我局限，委托第三方开展评估，我局按期完成。",
    "凡是由我办理的事项，我局坚持限时办结。",
    "我局坚持我部署、我落实，我局按期完成。",
    "我市场监管局认真履职。",
])
def test_words_that_only_look_like_self_references_are_silent(lint, text):
    assert lint(text, "SL901") == []


def test_compilation_is_compared_per_document(lint):
    split = ("篇1\n今年以来，我委坚持党建引领，我委各项工作稳步推进。\n"
             "篇2\n今年以来，我局认真履职，我局各项工作取得新成效，我局获评先进。")
    assert lint(split, "SL901") == []
    joined = split.replace("篇1\n", "").replace("篇2\n", "")
    assert [d.matched for d in lint(joined, "SL901")] == ["我委", "我委"]


def test_numbering_restart_separates_articles(lint):
    text = ("今年以来，我局认真履职，现将工作总结如下：\n一、主要做法\n我局召开会议3次。\n"
            "二、存在问题\n我局学习不够深入。\n"
            "今年以来，我镇坚持党建引领，现将有关情况汇报如下：\n一、主要做法\n我镇召开会议3次。\n"
            "二、存在问题\n我镇学习不够深入。")
    assert lint(text, "SL901") == []


# ------------------------------------------------------------------ Document.parts
def test_parts_split_at_piece_markers_and_glued_titles():
    text = ("汇编8篇\n篇1今年以来，我镇扎实工作。一、加强领导。"
            "完成任务。关于2023年上半年意识形态工作的情况汇报识形态工作关乎国家安全。"
            "\n篇5局党组牢固树立意识。")
    doc = Document(text)
    starts = [text[p.start:p.start + 3] for p in doc.parts]
    assert starts == ["汇编8", "篇1今", "关于2", "篇5局"]
    assert doc.parts[0].start == 0 and doc.parts[-1].end == len(text)
    assert doc.part_at(text.index("识形态工作关乎")).index == 2


def test_parts_split_where_numbering_restarts_with_its_intro():
    text = ("第一篇总结\n一、做法\n内容。\n二、问题\n内容。\n"
            "今年以来，我镇认真履职，现将情况汇报如下：\n一、做法\n内容。\n二、问题\n内容。")
    doc = Document(text)
    assert len(doc.parts) == 2
    assert text[doc.parts[1].start:].startswith("今年以来，我镇")


def test_a_single_document_is_one_part():
    text = "2023年工作总结\n一、做法\n（一）学习\n1.内容。\n二、问题\n三、打算\n（一）学习"
    assert len(Document(text).parts) == 1
    assert len(Document("").parts) <= 1
