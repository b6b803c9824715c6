"""The document model: positions, paragraphs, title, headings, series and years."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sumlint.document import Document
from sumlint.loading import read_text

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def test_positions_count_code_points_with_crlf_and_cr():
    for newline in ("\n", "\r\n", "\r"):
        doc = Document(newline.join(["标题", "第二行有X", "三"]))
        offset = doc.text.index("X")
        assert doc.position(offset) == (2, 5)


def test_bom_is_not_part_of_the_text():
    assert Document("\ufeff标题").text == "标题"


def test_title_skips_watermark_lines():
    doc = Document("仅供学习 禁止外传\n会员群：  免费QQ群：\n\nX党委2020年意识形态工作总结\n正文。")
    assert doc.title.text == "X党委2020年意识形态工作总结"


def test_headings_styles_levels_and_ordinals():
    text = "\n".join(["一、总体情况", "（一）主要做法", "(二)半角括号", "1.第一", "2、第二", "3．第三",
                      "（1）小项", "⑵带括号数字", "①圈码", "十一、第十一", "> 二、带引用符号"])
    doc = Document(text)
    got = [(h.style, h.ordinal, h.nominal_level) for h in doc.headings]
    assert got == [("cn-dun", 1, 1), ("cn-paren-full", 1, 2), ("cn-paren-half", 2, 2),
                   ("num-dot", 1, 3), ("num-dun", 2, 3), ("num-fullstop", 3, 3),
                   ("num-paren-full", 1, 4), ("paren-num", 2, 4), ("circled", 1, 5),
                   ("cn-dun", 11, 1), ("cn-dun", 2, 1)]


def test_decimal_numbers_are_not_headings():
    doc = Document("3.5亿元投资已到位。\n2023年完成任务。")
    assert doc.headings == []


def test_series_markers_at_clause_starts_only():
    doc = Document("一是加强领导；二是完善制度。统一是前提，唯一是标准，之一是关键。")
    assert [(s.ordinal, s.word) for s in doc.series] == [(1, "是"), (2, "是")]


def test_years_arabic_and_chinese_digits():
    doc = Document("2023年工作总结，二〇二四年计划，20XX年不算，较2022 年增长。")
    assert [y.year for y in doc.years] == [2023, 2024, 2022]


def test_one_line_extraction_is_split_into_paragraphs():
    doc = Document(read_text(SEEDS / "003_ea5966ae8a42bf6e.txt").text)
    assert len(doc.lines) == 2
    assert len(doc.paragraphs) > 40
    assert all(p.derived for p in doc.paragraphs[1:])
    starts = [p.text[:2] for p in doc.paragraphs]
    assert "篇1" in starts and "一、" in starts and "(一" in starts


def test_sentences_cover_paragraph_text():
    doc = Document("第一句。第二句！“第三句？”没有句号的尾巴")
    assert [s.text for s in doc.sentences] == ["第一句。", "第二句！", "“第三句？”", "没有句号的尾巴"]


# document.py compiles these with a first-character guard (for speed): they must find what the
# plain patterns find in any text.
_PLAIN = {
    "_YEAR_RE": r"(?<![0-9０-９])(?P<y>(?:19|20)[0-9]{2})(?=\s*年)|(?P<cy>[〇零一二三四五六七八九]{4})(?=年)",
    "_PERIOD_RE": r"(?P<H1>上半年|1-6月|1—6月|1～6月|前半年)|(?P<H2>下半年)"
                  r"|(?P<Q>第?(?P<q>[一二三四1-4])季度)|(?P<year>全年|年度|年终|年底)",
    "_SERIES_RE": r"(?:(?<=^)|(?<=[，。；：、！？,;:!?\s）)”]))(?P<num>[一二三四五六七八九十]{1,2})"
                  r"(?P<word>是|要|抓|靠|强化|坚持)",
    "_SENTENCE_END_RE": r"[。！？!?]+[”’」』）)]*|(?:……|…)[”’」』]*(?=\s*$)",
}
_ALPHABET = ("12０９3456789 \n\t\u3000年月度终底全上下前半第季一二三四五六七八九十〇零两"
             "是要抓靠强坚持化，。；：、！？,;:!?）)”’」』…-—～")


@pytest.mark.parametrize("name", sorted(_PLAIN))
def test_fast_regexes_find_what_their_plain_forms_find(name):
    import random
    import re

    import sumlint.document as document
    fast, plain = getattr(document, name), re.compile(_PLAIN[name])
    rng = random.Random(name)
    texts = [rng.choices(_ALPHABET, k=rng.randint(0, 14)) for _ in range(30000)]
    texts = ["".join(t) for t in texts] + ["2024年上半年，一是抓党建。二〇二四 年1—6月第三季度！……", "1920 年", "32024年"]
    for text in texts:
        a, b = rng.randint(0, len(text)), len(text)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        assert [m.span() for m in fast.finditer(text, a, b)] == \
            [m.span() for m in plain.finditer(text, a, b)], (text, a)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="。！？!?…”’」』）) \na文", max_size=40),
       cut=st.integers(min_value=0, max_value=3))
def test_sentence_end_regex_is_the_readable_one(text, cut):
    """The class-led sentence-end regex (fast to scan) ends sentences where the readable form
    does, also with an end position inside the text (a paragraph's end)."""
    import re
    from sumlint import document
    readable = re.compile(r"(?=[。！？!?…])(?:[。！？!?]+[”’」』）)]*|(?:……|…)[”’」』]*(?=\s*$))")
    fast = re.compile(document._SENTENCE_END_RE.pattern)
    end = max(0, len(text) - cut)
    assert [m.span() for m in fast.finditer(text, 0, end)] == \
        [m.span() for m in readable.finditer(text, 0, end)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="一二三十是要抓强化，。 \n）a", max_size=30))
def test_series_regex_is_the_readable_one(text):
    import re
    from sumlint import document
    from sumlint.numerals import CN_NUMERAL_CHARS
    readable = re.compile(rf"(?:(?<=^)|(?<=[，。；：、！？,;:!?\s）)”]))(?P<num>[{CN_NUMERAL_CHARS}]{{1,2}})"
                          r"(?P<word>是|要|抓|靠|强化|坚持)")
    fast = re.compile(document._SERIES_RE.pattern)
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
        [(m.span(), m.groups()) for m in readable.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="12０9 \n年月度终底全上下前半第季一二三四〇零九-—～6", max_size=30))
def test_year_and_period_values_are_those_of_the_readable_forms(text):
    """years and periods read the year / period off the match text; the readable forms' named
    groups give the same values."""
    import re
    from sumlint.numerals import cn_digits_year
    years = [(m.start(), m.end(), int(m["y"]) if m["y"] else cn_digits_year(m["cy"]))
             for m in re.finditer(_PLAIN["_YEAR_RE"], text)]
    assert [(y.start, y.end, y.year) for y in Document(text).years] == \
        [y for y in years if y[2] and 1900 <= y[2] <= 2100]
    periods = []
    for m in re.finditer(_PLAIN["_PERIOD_RE"], text):
        q = m["q"]
        name = "H1" if m["H1"] else "H2" if m["H2"] else \
            "Q" + str("一二三四".index(q) + 1 if q in "一二三四" else q) if m["Q"] else "year"
        periods.append((m.start(), m.end(), name))
    assert [(p.start, p.end, p.period) for p in Document(text).periods] == periods


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="12０9 \n年月度终底全上下前半第季一二三四-—～6。", max_size=30),
       span=st.tuples(st.integers(0, 30), st.integers(0, 30)))
def test_periods_in_a_span_are_those_of_the_whole_text(text, span):
    """periods_in scans only a little past the span's end (_PERIOD_LONGEST): it finds the
    periods of the whole text that start in the span, and that bound is _PERIOD_RE's width."""
    import re
    from sumlint import document
    start, end = sorted(span)
    if start and not text[start - 1:start].isspace():
        start = 0                       # periods_in scans from a start after white space
    whole = [p for p in Document(text).periods if start <= p.start < end]
    assert Document(text).periods_in(start, end) == whole
    widest = re.compile(_PLAIN["_PERIOD_RE"])
    assert document._PERIOD_LONGEST == re._parser.parse(widest.pattern).getwidth()[1]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="一二三十是要抓强化坚持，。 \n）>a、（篇1", max_size=40),
       long=st.booleans())
def test_series_reads_every_paragraph_that_holds_an_item(text, long):
    """series reads only the paragraphs a whole-text scan points at; reading them all (long
    lines too, which are cut into derived paragraphs) finds the same items."""
    from sumlint import document
    if long:
        text = text.replace("\n", "。") * (document.LONG_LINE // max(1, len(text)) + 2)
    doc = Document(text)
    everything = []
    for para in doc.paragraphs:
        start = document.strip_lead(doc.text, para.start)
        for m in document._SERIES_RE.finditer(doc.text[start:para.end]):
            if document.cn_to_int(m.group("num")):
                everything.append((start + m.start(), start + m.end(), m.group("word")))
    assert [(s.start, s.end, s.word) for s in doc.series] == everything


def test_heading_first_characters_are_complete():
    """_heading_at skips paragraphs whose first character is not in _HEADING_FIRST without the
    regex: no other character can open a heading marker."""
    from sumlint import document
    tails = ["、", "一、", "1.", "1）", "）", "．", "十）", "二.", "2、"]
    for code in range(0x10000):
        c = chr(code)
        if c in document._HEADING_FIRST:
            continue
        for tail in tails:
            assert not document._HEADING_RE.match(c + tail), (c, tail)


def test_outline_first_characters_are_complete():
    """build_outline skips the marker / loose-item regexes (and strip_lead its lead regex) for
    paragraphs opening with another character: no other character can open a match."""
    from sumlint import document, outline
    tails = ["1", "一", "篇1", "文2", " 3 篇", "1、", "1、2", "2.3", "３．４"]
    for code in range(0x10000):
        c = chr(code)
        for regex, first in ((outline.DOCUMENT_MARKER_RE, outline._MARKER_FIRST),
                             (outline._LOOSE_ITEM_RE, outline._LOOSE_FIRST),
                             (document._LEAD_RE, document._LEAD_CHARS)):
            if c not in first:
                for tail in tails:
                    m = regex.match(c + tail)
                    assert not m or m.end() == 0, (c, tail)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="甲乙。！？\n 　…”", max_size=40))
def test_sentence_and_paragraph_at_are_the_linear_lookups(text):
    doc = Document(text)
    for offset in range(len(doc.text) + 1):
        assert doc.sentence_at(offset) == next(
            (s for s in doc.sentences if s.start <= offset < s.end), None)
        assert doc.paragraph_at(offset) == next(
            (p for p in doc.paragraphs if p.start <= offset < p.end), None)
