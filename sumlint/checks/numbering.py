"""Kind ``numbering``: heading and list numbering (一、 （一） 1. （1） ① and 一是/二是 series).

The nesting and the sequence status of every heading come from ``Document.outline`` (see
``sumlint/outline.py``); this kind turns them into findings. One kind, several checks chosen by
the rule's ``check`` key:

- ``sequence``: a level skips (一、二、四、), repeats ((一) twice), steps back, or a sub-level starts
  past 1. A restart at 1 under a new parent, or after a paragraph (a new list), is normal; a
  restart of 一、 that begins another document is left to the section rules.
- ``style``: a heading written in another family than its siblings ((3) or 3、 among （一）（二）).
- ``variant``: one family written two ways in one document (（一） and (二), 1. and 1、), or a
  bracket pair that mixes full and half width (（一)).
- ``nesting``: the GB/T 9704 order 一、 → （一） → 1. → （1） inverted (info).
- ``series``: 一是/二是/三是 that skip or repeat; ``series-words``: one series mixing its words
  (一要 … 二是 … 三是).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..diagnostics import Finding
from ..numerals import CIRCLED, PAREN_CN, PAREN_DIGITS, int_to_cn
from ..outline import FAMILY_LEVEL, FAMILY_SAMPLE
from .base import Check, Option, RuleError

CHECKS = ("sequence", "style", "variant", "nesting", "series", "series-words")
PROBLEMS = {"skip": "跳号", "repeat": "重复", "back": "倒退", "start": "没有从头开始"}
_NUMERAL_RE = re.compile(r"[一二三四五六七八九十]+|[0-9]+|[０-９]+")
_ENCLOSED = (CIRCLED, PAREN_DIGITS, PAREN_CN)
_MIXED = {"cn-paren-mixed", "num-paren-mixed"}
_VARIANT_NAMES = {
    "cn-dun": "“一、”", "cn-dot": "“一.”",
    "cn-paren-full": "全角括号“（一）”", "cn-paren-half": "半角括号“(一)”", "paren-cn": "“㈠”",
    "num-dot": "“1.”", "num-fullstop": "“1．”", "num-dun": "“1、”",
    "num-paren-full": "全角括号“（1）”", "num-paren-half": "半角括号“(1)”", "paren-num": "“⑴”",
}


def render(template: str, n: int) -> str:
    """``template`` (a marker such as （二）, 3、, ⑵) with its number replaced by ``n``."""
    for table in _ENCLOSED:
        for ch in template:
            if ch in table:
                return template.replace(ch, table[n - 1]) if n <= len(table) else template
    m = _NUMERAL_RE.search(template)
    if not m:
        return template
    num = m.group(0)
    if num[0] in "一二三四五六七八九十":
        new = int_to_cn(n)
    elif num[0] in "０１２３４５６７８９":
        new = str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    else:
        new = str(n)
    return template[:m.start()] + new + template[m.end():]


@dataclass
class _Series:
    word: str
    last: int
    items: list = field(default_factory=list)

    @property
    def words(self) -> set[str]:
        return {it.word for it in self.items}


class NumberingCheck(Check):
    kind = "numbering"
    OPTIONS = {
        "check": Option(str, required=True, help="|".join(CHECKS)),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        self.mode = options["check"]
        if self.mode not in CHECKS:
            raise RuleError(f"未知的检查 {self.mode!r}；可用：{'、'.join(CHECKS)}", key="check")

    def check(self, doc, ctx):
        if self.mode in ("series", "series-words"):
            yield from self._series(doc)
            return
        outline = doc.outline
        if not outline:
            return
        yield from getattr(self, "_" + self.mode)(doc, outline)

    # ----------------------------------------------------------------- headings
    @staticmethod
    def _previous_sibling(outline, i):
        it = outline[i]
        for j in range(i - 1, -1, -1):
            other = outline[j]
            if other.segment != it.segment or other.depth < it.depth:
                return None
            if other.depth == it.depth:
                return other
        return None

    def _sequence(self, doc, outline):
        for i, it in enumerate(outline):
            if it.status not in PROBLEMS:
                continue
            h = it.heading
            sibling = self._previous_sibling(outline, i)
            template = sibling.heading.marker if sibling and it.status != "start" else h.marker
            yield Finding(h.start, h.marker_end, self.format_message(
                marker=h.marker, problem=PROBLEMS[it.status],
                expected=render(template, it.expected or 1),
                previous=sibling.heading.marker if sibling else ""))

    def _style(self, doc, outline):
        for i, it in enumerate(outline):
            if it.family == it.level_family:
                continue
            h = it.heading
            sibling = self._previous_sibling(outline, i)
            template = sibling.heading.marker if sibling else FAMILY_SAMPLE[it.level_family]
            yield Finding(h.start, h.marker_end, self.format_message(
                marker=h.marker, previous=template, expected=render(template, h.ordinal)))

    def _variant(self, doc, outline):
        """Per document and family the most used form is the norm (the first one on a tie)."""
        groups: dict[tuple[int, str], list] = {}
        for it in outline:
            if it.family == it.level_family:
                groups.setdefault((it.segment, it.family), []).append(it.heading)
        out = []
        for headings in groups.values():
            plain = [h for h in headings if h.style not in _MIXED]
            counts = Counter(h.style for h in plain)
            norm = max(plain, key=lambda h: counts[h.style]) if plain else None
            for h in headings:
                if h.style in _MIXED:
                    detail = "括号一半全角、一半半角"
                elif h.style != norm.style:
                    detail = (f"同级多用{_VARIANT_NAMES.get(norm.style, norm.marker)}，"
                              f"此处用{_VARIANT_NAMES.get(h.style, h.marker)}")
                else:
                    continue
                out.append(Finding(h.start, h.marker_end, self.format_message(
                    marker=h.marker, previous=norm.marker if norm else "", detail=detail)))
        out.sort(key=lambda f: f.start)
        yield from out

    def _nesting(self, doc, outline):
        seen = set()
        for it in outline:
            if it.parent is None:
                continue
            parent = outline[it.parent]
            if FAMILY_LEVEL[parent.level_family] <= FAMILY_LEVEL[it.level_family]:
                continue
            key = (it.segment, parent.level_family, it.level_family)
            if key in seen:
                continue
            seen.add(key)
            h = it.heading
            yield Finding(h.start, h.marker_end, self.format_message(
                marker=h.marker, parent=parent.heading.marker))

    # ------------------------------------------------------------------ series
    def _series(self, doc):
        items = doc.series
        if not items:
            return
        cuts = sorted([h.start for h in doc.headings] + [s.start for s in doc.segments[1:]])
        finished: list[_Series] = []
        stack: list[_Series] = []
        findings: list[Finding] = []
        cut_i, previous_end = 0, -1
        for item in items:
            while cut_i < len(cuts) and cuts[cut_i] <= item.start:
                if cuts[cut_i] > previous_end:
                    finished.extend(stack)
                    stack = []
                cut_i += 1
            previous_end = item.end
            o, word = item.ordinal, item.word
            same = next((k for k in range(len(stack) - 1, -1, -1) if word in stack[k].words), None)
            if o == 1:
                if same is not None:
                    finished.extend(stack[same:])
                    del stack[same:]
                stack.append(_Series(word, 1, [item]))
                continue
            if same is not None:
                finished.extend(stack[same + 1:])
                del stack[same + 1:]
                series = stack[same]
                problem = None
                if o == series.last:
                    problem = "repeat"
                elif o > series.last + 1:
                    problem = "skip"
                elif o < series.last:
                    problem = "back"
                if problem and self.mode == "series":
                    text = doc.text[item.start:item.end]
                    expected = int_to_cn(series.last + 1) + word
                    findings.append(Finding(item.start, item.end, self.format_message(
                        marker=text, problem=PROBLEMS[problem], expected=expected)))
                series.last = o
                series.items.append(item)
                continue
            fits = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].last + 1 == o), None)
            if fits is not None:
                finished.extend(stack[fits + 1:])
                del stack[fits + 1:]
                stack[fits].last = o
                stack[fits].items.append(item)
        finished.extend(stack)
        if self.mode == "series":
            yield from findings
            return
        for series in finished:
            words = Counter(it.word for it in series.items)
            if len(words) < 2:
                continue
            top = max(words.values())
            leaders = {w for w, c in words.items() if c == top}
            norm = series.items[-1].word if series.items[-1].word in leaders else \
                next(it.word for it in series.items if it.word in leaders)
            others = "".join(f"「{doc.text[it.start:it.end]}」" for it in series.items
                              if it.word == norm)
            for it in series.items:
                if it.word != norm:
                    yield Finding(it.start, it.end, self.format_message(
                        marker=doc.text[it.start:it.end], others=others,
                        expected=int_to_cn(it.ordinal) + norm))


CHECK = NumberingCheck
