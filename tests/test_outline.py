"""The outline: real nesting depth and sequence status of headings, and documents in a file."""

from __future__ import annotations

from sumlint.document import Document


def table(text):
    doc = Document(text)
    return [(it.heading.marker, it.depth, it.status, it.level_family) for it in doc.outline]


def test_depth_follows_the_order_families_appear_in():
    text = "一、甲\n（一）乙\n1.丙\n（1）丁\n①戊\n2.己\n（二）庚\n二、辛\n"
    assert [(m, d) for m, d, _, _ in table(text)] == [
        ("一、", 0), ("（一）", 1), ("1.", 2), ("（1）", 3), ("①", 4), ("2.", 2), ("（二）", 1),
        ("二、", 0)]


def test_wrong_style_is_placed_at_the_level_it_continues():
    rows = table("（一）甲。\n（二）乙。\n(3)丙。\n（四）丁。\n")
    assert rows[2] == ("(3)", 0, "ok", "cn-paren")   # same family, other bracket width
    rows = table("（一）甲。\n（二）乙。\n3、丙。\n（四）丁。\n")
    assert rows[2] == ("3、", 0, "ok", "cn-paren") and rows[3][2] == "ok"


def test_numbering_on_across_parents_and_restarts():
    rows = table("一、甲\n（一）a\n（二）b\n二、乙\n（三）c\n三、丙\n（二）d\n")
    assert [s for _, _, s, _ in rows] == ["first", "first", "ok", "ok", "ok", "ok", "start"]


def test_segments_from_markers_and_restarts():
    doc = Document("汇编\n篇一\n一、甲\n二、乙\n篇二\n一、丙\n")
    assert [s.reason for s in doc.segments] == ["first", "marker"]
    assert doc.text[slice(*doc.segments[1].mark)] == "篇二"
    doc = Document("甲局2023年工作总结\n一、甲\n二、乙\n乙局2023年工作总结\n今年以来，乙局扎实工作。\n一、丙\n")
    seg = doc.segments[1]
    assert seg.reason == "restart" and seg.title.text == "乙局2023年工作总结"
    assert [it.segment for it in doc.outline] == [0, 0, 1]
