"""sumlint/regexes.py: the gate never rules out a text that holds a match; lazy regexes; shared
strings found at their code-point offsets; the paragraphs that hold a mark."""

from __future__ import annotations

import random
import re

import pytest

from sumlint.document import Document
from sumlint.regexes import Gate, SharedStrings, paragraphs_with

PATTERNS = [
    r"(?:^|[。；])\s*(?:下一步|今后)[，,]?\s*(?:我|将)", r"(?:也|还|仍然?)(?:存在|有)着?[^。；]{0,15}问题",
    r"履行.{0,6}职责|成绩", r"(?i:a)b?", r"x*y+", r"[^甲]乙?", r"(问)题\1", r"[0-9]{2}年(?=计划)",
    r"^[ \t\u3000]*[0-9０-９a-zA-Z一二三四五六七八九十]{1,3}[）)]", r"(?<=[A-Za-z])’(?=[A-Za-z])",
    r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+", r"(?i)ab", r"a{0,2}b{1,}?", r"(?:a|)b",
]
ALPHABET = "下一步今后我将。；，, 也还仍然存在有着问题甲乙履行职责成绩aAbxy0123年计划）)’@.\n\u3000"


@pytest.mark.parametrize("pattern", PATTERNS)
def test_gate_never_rules_out_a_match(pattern):
    for flags in (0, re.MULTILINE):
        rx = re.compile(pattern, flags)
        gate = Gate([rx])
        rng = random.Random(pattern)
        for _ in range(15000):
            text = "".join(rng.choices(ALPHABET, k=rng.randint(0, 12)))
            pos = rng.randint(0, len(text))
            if rx.search(text, pos):
                assert gate.open(text, pos), (text, pos)


def test_gate_closes_only_without_a_required_string():
    assert not Gate([re.compile(r"(?:^|[。；])\s*(?:下一步|今后)")]).open("今天下午开会")
    assert Gate([re.compile(r"(?:^|[。；])\s*(?:下一步|今后)")]).open("今后要")
    assert not Gate([re.compile(r"[\w.+-]+@[\w-]+")]).open("没有地址")
    assert Gate([re.compile(r"\w+")]).open("")            # nothing required: never closed
    assert not Gate([re.compile("@")]).open("a@b", 2)       # only the given range counts


def test_lazy_regex_compiles_on_first_use_and_takes_its_place():
    from sumlint.regexes import LazyRegex
    namespace: dict = {}
    namespace["R"] = held = LazyRegex(namespace, "R", r"[一二]、", re.M)
    assert isinstance(namespace["R"], LazyRegex)
    assert held.match("二、总结").group(0) == "二、"          # compiled now …
    assert isinstance(namespace["R"], re.Pattern) and namespace["R"].flags & re.M   # … in place
    assert held.search("一、") and namespace["R"].search("一、")   # the old reference still works


def test_shared_strings_finds_every_occurrence_at_code_point_offsets():
    # matched on UTF-8 bytes: astral characters (4 bytes, one code point), lone surrogates
    # (passed through), overlapping and nested strings, and a string holding a surrogate itself
    strings = ["甲乙", "乙", "乙丙甲", "a😀", "😀", "\ud800b", "é", "e\u0301"]
    shared = SharedStrings()
    shared.add(strings[:3])
    shared.add(strings[2:])                   # added twice: found once
    rng = random.Random(5)
    alphabet = "甲乙丙ab😀\ud800\udfffée\u0301 "
    for _ in range(5000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 14)))
        expected = sorted((s, i, i + len(s)) for s in strings for i in range(len(text))
                          if text.startswith(s, i))
        assert sorted(shared.find_all(text)) == expected, text


@pytest.mark.parametrize("marks", ["[,，]", "[(（]", "[ ,]", "[\u3000,]"])
def test_paragraphs_with_is_every_paragraph_that_holds_a_mark(marks):
    # marks in runs, at paragraph edges, between paragraphs (white space as a mark), and long
    # lines cut into several paragraphs at inline markers (一、 （二）)
    rx = re.compile(marks)
    rng = random.Random(marks)
    pieces = ["甲", "乙。", ",", "，", "(", "（", " ", "\u3000", "\n", "\n\n", "一、",
              "（二）", "。" * 300, "乙" * 300]
    for _ in range(3000):
        doc = Document("".join(rng.choices(pieces, k=rng.randint(0, 12))))
        expected = [k for k, p in enumerate(doc.paragraphs) if rx.search(doc.text, p.start, p.end)]
        assert paragraphs_with(doc, rx) == expected, doc.text
