"""Kind ``halfwidth``: half-width , ; : ? ! ( ) in Chinese prose, per GB/T 15834-2011.

A mark is reported when the nearest character on one side (spaces skipped) is Chinese; marks
with Latin letters or digits on both sides (1,000  10:30  Hello, world  f(x)) are left alone, and
so are URLs, e-mail addresses and code (`…` spans, ``` blocks). A half-width ? between two Chinese
characters is reported only after a question word (elsewhere it is usually a lost character,
which the artifact rules report). Parentheses go by pairs: both or neither.

When a document uses half-width marks throughout (``group-threshold`` or more), one finding per
paragraph spans its first to last mark, with the count and a fix holding every edit.
"""

from __future__ import annotations

import re

from ..diagnostics import Edit, Finding, Fix
from ..regexes import paragraphs_with
from ..regexes import Gate
from .base import Check, Option, RuleError, compile_regex

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
                  r"\u201c\u201d\u2018\u2019\u2026\u2014\u00b7]")
_SPACE = " \t\u00a0"
_URL = r"(?i)(?:https?|ftp)://\S+|www\.\S+"


class HalfwidthCheck(Check):
    kind = "halfwidth"
    OPTIONS = {
        "marks": Option(dict, {",": "，", ";": "；", ":": "：", "?": "？", "!": "！",
                               "(": "（", ")": "）"}, help="half-width mark → full-width"),
        "skip": Option(list, [_URL,
                              r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+", r"`[^`\n]+`"], item=str,
                       help="regexes of text never looked at (URLs, e-mail, code)"),
        "question-words": Option(str, "吗|呢|么|吧|何|谁|哪|怎|什么|是否|能否|可否|有没有|是不是|多少|几",
                                 help="regex: a ? between Chinese characters needs one of these before it"),
        "group-threshold": Option(int, 5, help="from this many marks in a document on, one finding per paragraph"),
        "group-message": Option(str, "本段有 {count} 处半角标点（{marks}），中文应使用全角标点",
                                help="message of a per-paragraph finding: {count}, {marks}"),
    }
    FIXES = ("replace",)

    def __init__(self, rule, options):
        super().__init__(rule, options)
        from ..regex_analysis import guarded   # here: cached checks skip it
        marks = options["marks"]
        if not marks or not all(isinstance(k, str) and len(k) == 1 and isinstance(v, str)
                                for k, v in marks.items()):
            raise RuleError("marks 应为“半角字符 = 全角字符”的表", key="marks")
        self.marks = marks
        self.mark_rx = _char_class(marks)
        self.next_to_cjk, self.loop_rx = None, self.mark_rx
        plain = [c for c in marks if c not in "?()"]
        # most marks are , ; : ! right next to a Chinese character (found: one scan for them
        # all); the loop in _marks_in then judges only the others. Not when a mark is Chinese
        # or a space itself (it would be taken for a neighbour): the loop judges all then.
        if plain and not any(c in _SPACE or _CJK.match(c) for c in plain):
            mark, cjk, space = self.mark_rx.pattern, _CJK.pattern, f"[{_SPACE}]"
            plain = _char_class(plain).pattern
            self.next_to_cjk = re.compile(f"{plain}(?:(?<={cjk}{plain})|(?={cjk}))")
            # ? ( ), and , ; : ! with a space next to them (the nearest character is further)
            self.loop_rx = re.compile(f"{mark}(?:(?<!{plain})|(?<={space}{plain})|(?={space}))")
        for p in options["skip"]:
            compile_regex(p, "skip")                  # a bad pattern is reported as written
        self.skip = [compile_regex(guarded(p), "skip") for p in options["skip"]]   # faster scan
        self.skip_gates = [Gate([rx]) for rx in self.skip]    # no @ in the text: no e-mail address; no :// or www.: no URL
        self.question = compile_regex(options["question-words"], "question-words")

    def _skipped(self, doc) -> list[tuple[int, int]]:
        spans = [(m.start(), m.end()) for rx, gate in zip(self.skip, self.skip_gates)
                 if gate.open(doc.text) for m in rx.finditer(doc.text)]
        if "```" not in doc.text:
            return spans
        fence = None
        for line in doc.lines:        # fenced code blocks
            if line.text.lstrip().startswith("```"):
                if fence is None:
                    fence = line.start
                else:
                    spans.append((fence, line.end))
                    fence = None
        return spans

    @staticmethod
    def _neighbour(text, i, step, lo, hi):
        j = i + step
        while lo <= j < hi and text[j] in _SPACE:
            j += step
        return text[j] if lo <= j < hi else ""

    def _marks_in(self, doc, para, skipped):
        text = doc.text
        found, opens, direct = [], [], ()
        if self.next_to_cjk is not None:   # in the paragraph's text: it sees no neighbour outside
            direct = {para.start + m.start() for m in self.next_to_cjk.finditer(para.text)}
            found = [i for i in direct if not any(a <= i < b for a, b in skipped)] if skipped \
                else list(direct)
        for m in self.loop_rx.finditer(text, para.start, para.end):
            i = m.start()
            if i in direct or any(a <= i < b for a, b in skipped):
                continue
            ch = text[i]
            before = self._neighbour(text, i, -1, para.start, para.end)
            after = self._neighbour(text, i, 1, para.start, para.end)
            if ch == "(":
                opens.append((i, before))
                continue
            if ch == ")":
                if opens:
                    j, outer = opens.pop()
                    inner = text[j + 1:i]
                    if _CJK.search(inner) or (outer and _CJK.match(outer)):
                        found += [j, i]
                elif before and _CJK.match(before):
                    found.append(i)
                continue
            cjk_before = bool(before) and bool(_CJK.match(before))
            cjk_after = bool(after) and bool(_CJK.match(after))
            if not (cjk_before or cjk_after):
                continue
            if ch == "?" and cjk_before and cjk_after and \
                    not self.question.search(text, max(para.start, i - 15), i):
                continue
            found.append(i)
        for j, outer in opens:       # unclosed (: judged by its own neighbours
            after = self._neighbour(doc.text, j, 1, para.start, para.end)
            if (outer and _CJK.match(outer)) or (after and _CJK.match(after)):
                found.append(j)
        return sorted(found)

    def check(self, doc, ctx):
        # the paragraphs holding a mark (a minority): _marks_in finds nothing in the others
        paras = [doc.paragraphs[k] for k in paragraphs_with(doc, self.mark_rx)]
        if not paras:
            return
        skipped = self._skipped(doc)
        per_para = [(p, self._marks_in(doc, p, skipped)) for p in paras]
        total = sum(len(found) for _, found in per_para)
        grouped = total >= self.options["group-threshold"]
        text = doc.text
        for para, found in per_para:
            if not found:
                continue
            if grouped and len(found) > 1:
                kinds = "".join(sorted({text[i] for i in found}, key="".join(self.marks).index))
                edits = tuple(Edit(i, i + 1, self.marks[text[i]]) for i in found)
                message = self.format_message(self.options["group-message"], count=len(found),
                                              marks=" ".join(kinds))
                yield Finding(found[0], found[-1] + 1, message,
                              Fix(f"改为全角标点（{len(found)} 处）", edits))
                continue
            for i in found:
                full = self.marks[text[i]]
                yield Finding(i, i + 1, self.format_message(match=text[i], full=full),
                              Fix(f"改为「{full}」", (Edit(i, i + 1, full),)))


def _char_class(chars) -> re.Pattern:
    return re.compile("[" + re.escape("".join(chars)) + "]")


CHECK = HalfwidthCheck
