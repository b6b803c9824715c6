"""Doubled characters and words typed twice: 的的, 了了, 街道街道.

Chinese doubles many words on purpose (常常, 渐渐, 看看, 人人, 的的确确, 家家户户) and juxtaposes
words whose ends repeat (工作作风, 目的的, 人民民主). A candidate ``XX`` is reported only when
jieba's dictionary, used as jieba uses it (the most probable segmentation of the surrounding
characters), leaves both copies of ``X`` as words of their own and ``XX`` is not a common word:

- a longer word covering the pair (的的确确, 是是非非, 家家户户) or absorbing one copy (目的|的,
  工作|作风, 的|确) means the pair is not a slip;
- ``XX`` itself with at least ``min-word-frequency`` in the dictionary (常常, 看看, 人人) is a word;
- a single character counts only when it is in ``characters`` (function characters such as 的 了 是
  在 和, whose doubling is always a slip); other single characters (年年, 丽丽 in names, 行行) do not;
- words listed in ``allow`` (规定规定 as noun then verb, 研究研究) and numerals never count.

Only word counts are needed, and only when a candidate pair turns up: ``segmentation.frequency``
answers from the per-user word index in a one-file run, or from jieba's dictionary file loaded
once per process in a large run; the segmenter itself is not initialised.
"""

from __future__ import annotations

import bisect
import re

from .. import segmentation
from ..diagnostics import Edit, Finding, Fix
from .base import Check, Option

_UNIT_MAX = 4         # longest doubled unit
_PAIR_RE = re.compile(r"([\u4e00-\u9fff]{1,4}?)\1")
_NUMERALS = set("零〇一二三四五六七八九十百千万亿两几")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_CONTEXT = 6          # characters of context segmented on each side
_MAX_WORD = 8


def best_segmentation(text: str) -> list[int]:
    """Token boundaries (offsets 0..len) of jieba's maximum-probability route, HMM off."""
    n = len(text)
    route = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        best = None
        for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
            word = text[i:j]
            if j > i + 1 and not segmentation.frequency(word):
                continue
            score = segmentation.log_probability(word) + route[j][0]
            if best is None or score > best[0]:
                best = (score, j)
        route[i] = best
    bounds, i = [0], 0
    while i < n:
        i = route[i][1]
        bounds.append(i)
    return bounds


def pair_starts(text: str, longest: int = _UNIT_MAX) -> list[int]:
    """The offsets, sorted, where a unit of 1 to ``longest`` characters is immediately repeated
    (``text[s:s+k] == text[s+k:s+2k]``), and a few more: every place ``_PAIR_RE`` can match.

    Most text holds no such place, so ``_PAIR_RE`` need only be tried at these few instead of
    at every character. They are found at C speed: with the text as one big integer of code
    units (16 bits when every character is one UTF-16 unit, as nearly always; else 32),
    ``a ^ (a >> bits * k)`` has a zero lane exactly where a character equals the one k further
    on, and a run of k zero lanes is a run of ``k`` lanes' worth of zero bytes. A zero run found
    at a byte offset inside a lane gives the next lane, which is a superset: ``_PAIR_RE``
    checks."""
    n = len(text)
    data = text.encode("utf-16-le", "surrogatepass")
    if len(data) != 2 * n:
        data = text.encode("utf-32-le", "surrogatepass")
    width = len(data) // n if n else 4          # bytes per character
    whole = int.from_bytes(data, "little")
    found = set()
    for k in range(1, longest + 1):
        lanes = (whole ^ (whole >> (8 * width * k))).to_bytes(width * n, "little")
        zeros = bytes(width * k)
        at = lanes.find(zeros)
        while at >= 0:
            start = (at + width - 1) // width
            found.add(start)
            at = lanes.find(zeros, width * start + 1)
    return sorted(found)


def _pairs_in(text: str, lo: int, hi: int, starts: list[int]):
    """``_PAIR_RE.finditer`` over ``text[lo:hi]`` (offsets into ``text``), trying only
    ``starts``: a match can begin nowhere else, so the earliest match at or after a position
    is the first of the later starts where the pattern matches."""
    pos = lo
    for i in range(bisect.bisect_left(starts, lo), len(starts)):
        at = starts[i]
        if at >= hi:
            break
        if at < pos:
            continue
        m = _PAIR_RE.match(text, at, hi)
        if m:
            yield m
            pos = m.end()


class Doubled(Check):
    kind = "doubled"
    FIXES = ("delete-copy",)
    OPTIONS = {
        "characters": Option(str, "", help="single characters whose doubling is always a slip"),
        "allow": Option(list, [], item=str, help="doubled words that are fine (X, not XX)"),
        "min-word-frequency": Option(int, 20, help="XX at least this frequent in jieba is a word"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        self._chars = set(options["characters"])
        self._allow = set(options["allow"])

    def check(self, doc, ctx):
        text = doc.text
        starts = pair_starts(text)
        for p in doc.paragraphs:
            for m in _pairs_in(text, p.start, p.end, starts):
                unit = m.group(1)
                if not self._candidate(unit):
                    continue
                s = m.start()
                if self._is_slip(doc.text, p.start, p.end, s, len(unit)):
                    end = s + 2 * len(unit)
                    fix = None
                    if self.rule.fix == "delete-copy":
                        fix = Fix(f"删去重复的「{unit}」", (Edit(s + len(unit), end, ""),))
                    yield Finding(s, end, self.format_message(match=doc.text[s:end], word=unit),
                                  fix=fix)

    def _candidate(self, unit: str) -> bool:
        if unit in self._allow or unit[0] in _NUMERALS or all(c in _NUMERALS for c in unit):
            return False
        return len(unit) > 1 or unit in self._chars

    def _is_slip(self, text: str, lo: int, hi: int, s: int, n: int) -> bool:
        a = s
        while a > lo and s - a < _CONTEXT and _CJK_RE.match(text[a - 1]):
            a -= 1
        b = s + 2 * n
        while b < hi and b - s - 2 * n < _CONTEXT and _CJK_RE.match(text[b]):
            b += 1
        cuts = [x + a for x in best_segmentation(text[a:b])]
        bounds = set(cuts)
        pair = text[s:s + 2 * n]
        if s + n not in bounds:               # one token crosses the middle
            if s in bounds and s + 2 * n in bounds:   # it is the pair: is that a real word?
                return segmentation.frequency(pair) < self.options["min-word-frequency"]
            return False                      # a longer word: 的的确确, 是是非非, 家家户户
        if n == 1:
            # each copy must stand alone: 工作|作风 and 目的|的 are no slips
            return s in bounds and s + 2 in bounds
        # a word typed twice: the first copy may end a longer token (各街道|街道), the second may
        # begin one (街道|街道办事处), but neither may be cut inside
        if s not in bounds:
            before = max(c for c in cuts if c < s)
            if any(before < c < s + n for c in cuts):
                return False
        return True


CHECK = Doubled
