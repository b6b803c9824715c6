"""Kind ``substitution``: a list of wrong → right word pairs, matched in one pass.

All ``wrong`` strings go into one Aho–Corasick automaton (ahocorasick-rs), so the cost of a scan
does not grow with the size of the list; all checks share it (``regexes.STRINGS``): one scan
per document for SL701, SL702 and the pattern rules' required strings together. (pyahocorasick,
used before, looks a character up among a node's children one by one: with ~500 distinct first
characters at the root, a scan of a 2,000-character document took five times longer.) Each
pair may carry guards, all optional:

- ``after`` / ``before``: a regex that must match right after / right before the wrong string
  (e.g. 截止 is only wrong before 目前, a date or 年底);
- ``not-after`` / ``not-before``: a regex that must *not* match there (截止日期, 报名截止);
- ``context``: a regex that must be found in the same sentence (将就 … 艺术 → 讲究);
- ``severity``: overrides the rule's severity for this pair (context-dependent pairs are warnings);
- ``note``: a short Chinese explanation appended to the message.

Where several wrong strings match at one place, the longest one whose guards pass wins; found
spans never overlap. The fix replaces exactly the wrong span with ``right``.
"""

from __future__ import annotations

import re

from ..diagnostics import Edit, Finding, Fix
from ..regexes import STRINGS
from .base import Check, Option, RuleError, compile_regex

PAIR_KEYS = {"wrong", "right", "after", "before", "not-after", "not-before", "context",
             "severity", "note"}
SEVERITIES = ("error", "warning", "info")
#: how far the before/not-before guards look back, in characters
LOOKBEHIND = 12


class Pair:
    __slots__ = ("wrong", "right", "after", "before", "not_after", "not_before", "context",
                 "severity", "note")

    def __init__(self, data: dict, index: int):
        key = f"pairs[{index}]"
        unknown = set(data) - PAIR_KEYS
        if unknown:
            raise RuleError(f"未知的键 {', '.join(sorted(unknown))}；可用：{'、'.join(sorted(PAIR_KEYS))}",
                            key=key)
        wrong, right = data.get("wrong"), data.get("right")
        if not isinstance(wrong, str) or not wrong or not isinstance(right, str):
            raise RuleError("每一项都需要非空字符串 wrong 和字符串 right", key=key)
        if wrong == right:
            raise RuleError(f"wrong 与 right 相同：{wrong!r}", key=key)
        self.wrong, self.right = wrong, right
        for name in ("after", "before", "not-after", "not-before", "context", "severity", "note"):
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise RuleError(f"{name} 应为字符串", key=f"{key}.{name}")
        self.after = self._rx(data, "after", key, r"\A(?:%s)")
        self.not_after = self._rx(data, "not-after", key, r"\A(?:%s)")
        self.before = self._rx(data, "before", key, r"(?:%s)\Z")
        self.not_before = self._rx(data, "not-before", key, r"(?:%s)\Z")
        self.context = self._rx(data, "context", key, "%s")
        self.severity = data.get("severity")
        if self.severity is not None and self.severity not in SEVERITIES:
            raise RuleError(f"未知的级别 {self.severity!r}", key=f"{key}.severity")
        self.note = data.get("note") or ""

    @staticmethod
    def _rx(data, name, key, frame):
        if data.get(name) is None:
            return None
        compile_regex(data[name], f"{key}.{name}")      # refuse empty-matching guards
        return re.compile(frame % data[name])

    def accepts(self, text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
        # guards never look past the end of the line
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, start) + 1
        tail = text[end:min(line_end, end + LOOKBEHIND * 2)]
        head = text[max(line_start, start - LOOKBEHIND):start]
        if self.after is not None and not self.after.match(tail):
            return False
        if self.not_after is not None and self.not_after.match(tail):
            return False
        if self.before is not None and not self.before.search(head):
            return False
        if self.not_before is not None and self.not_before.search(head):
            return False
        if self.context is not None and not self.context.search(text, *sentence):
            return False
        return True


class SubstitutionCheck(Check):
    kind = "substitution"
    OPTIONS = {
        "pairs": Option(list, required=True, item=dict,
                        help="tables {wrong, right, after, before, not-after, not-before, context, "
                             "severity, note}"),
    }
    FIXES = ("replace",)

    def __init__(self, rule, options):
        super().__init__(rule, options)
        self.pairs = [Pair(d, i) for i, d in enumerate(options["pairs"])]
        if not self.pairs:
            raise RuleError("pairs 不能为空", key="pairs")
        by_wrong: dict[str, list[Pair]] = {}
        for p in self.pairs:
            by_wrong.setdefault(p.wrong, []).append(p)
        self.by_wrong = by_wrong
        STRINGS.add(by_wrong)

    def __setstate__(self, state: dict) -> None:
        """Read back from the pack cache: STRINGS is per process, so add the strings again."""
        self.__dict__.update(state)
        STRINGS.add(self.by_wrong)

    def _sentence_of(self, doc, offset):
        sentence = doc.sentence_at(offset)
        if sentence is not None:
            return sentence.start, sentence.end
        return max(0, offset - 60), min(len(doc.text), offset + 60)

    def check(self, doc, ctx):
        text = doc.text
        by_wrong = self.by_wrong
        # (start, end, pairs) of every occurrence of this rule's wrong strings, overlaps included
        candidates = [(start, end, by_wrong[wrong])
                      for wrong, start, end in STRINGS.in_document(doc) if wrong in by_wrong]
        if not candidates:
            return
        candidates.sort(key=lambda c: (c[0], -c[1]))
        last_end = -1
        for start, end, pairs in candidates:
            if start < last_end:
                continue
            sentence = None
            for pair in pairs:
                if pair.context is not None and sentence is None:
                    sentence = self._sentence_of(doc, start)
                if pair.accepts(text, start, end, sentence or (start, end)):
                    last_end = end
                    yield self._finding(start, end, pair)
                    break

    def _finding(self, start, end, pair):
        message = self.format_message(match=pair.wrong, wrong=pair.wrong, right=pair.right)
        if pair.note:
            message += f"（{pair.note}）"
        fix = None
        if self.rule.fix:
            fix = Fix(f"改为「{pair.right}」", (Edit(start, end, pair.right),))
        return Finding(start, end, message, fix, pair.severity)


CHECK = SubstitutionCheck
