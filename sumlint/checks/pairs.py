"""Kind ``pairs``: quotes and brackets that do not pair up within a paragraph (GB/T 15834-2011).

Each paragraph is read once with a stack. Reported: a closing mark with nothing open (”党员…, also
what a reversed pair ”…“ leaves), a closing mark that does not match the innermost open one (“…》)
and an opening mark still open at the paragraph's end (“误区…). A closing mark with nothing open is
then taken as the opening mark it should have been, so ”A”B is one finding, not two.

A long quotation may run over several paragraphs: each of its paragraphs opens with “ and only
the last one closes (GB/T 15834-2011 4.1.3.3). A paragraph whose only open mark is a “ at its
start, followed by a paragraph starting with “, is therefore not reported.
"""

from __future__ import annotations

import re

from ..diagnostics import Finding
from ..regexes import Prescanned, paragraphs_with
from ..regexes import Gate
from .base import Check, Option, RuleError, compile_regex


class PairsCheck(Check):
    kind = "pairs"
    OPTIONS = {
        "pairs": Option(list, [["“", "”"], ["‘", "’"], ["《", "》"], ["（", "）"], ["【", "】"],
                               ["〔", "〕"]], item=list, help="[opening, closing] marks"),
        "equivalents": Option(dict, {"(": "（", ")": "）"},
                              help="other spellings of a mark (half-width brackets) → the mark"),
        "continued": Option(list, ["“"], item=str,
                            help="opening marks that may stay open over a run of paragraphs"),
        "ignore-closing": Option(list, [r"^[ \t\u3000]*[0-9０-９a-zA-Z一二三四五六七八九十]{1,3}[）)]",
                                        r"(?<=[A-Za-z])’(?=[A-Za-z])"], item=str,
                                 help="regexes of closing marks that pair with nothing by design "
                                      "(1）-style list markers, apostrophes)"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        self.closing_of, self.opening_of = {}, {}
        for pair in options["pairs"]:
            if len(pair) != 2 or not all(isinstance(x, str) and len(x) == 1 for x in pair):
                raise RuleError("pairs 的每一项应为 [开, 合] 两个单字符", key="pairs")
            self.closing_of[pair[0]] = pair[1]
            self.opening_of[pair[1]] = pair[0]
        self.equiv = dict(options["equivalents"])
        chars = set(self.closing_of) | set(self.opening_of) | set(self.equiv)
        self.rx = re.compile("[" + re.escape("".join(sorted(chars))) + "]")
        from ..regex_analysis import guarded   # here: cached checks skip it
        patterns = options["ignore-closing"]
        ignore = [compile_regex(p, "ignore-closing", re.MULTILINE) for p in patterns]
        self.ignore_gate = Gate(ignore)   # most paragraphs hold no ） or ’ to ignore
        # ^… tried at line starts only (regexes.Prescanned), (?<=…)’… scanned for ’ (guarded)
        self.ignore = [Prescanned(p, re.compile(guarded(p, re.MULTILINE), re.MULTILINE), re.MULTILINE)
                       for p in patterns]
        self.continued = set(options["continued"])
        # marks as _scan reads them (equivalents mapped), and the adjacent pairs that cancel out
        self.as_read = str.maketrans(self.equiv) \
            if all(len(k) == 1 and len(v) == 1 for k, v in self.equiv.items()) else None
        self.adjacent_pair = re.compile("|".join(re.escape(o + c) for o, c in self.closing_of.items()))

    def _scan(self, doc, para):
        """(problems, stack left open); problems are (offset, message)."""
        text = doc.text
        ignored = {m.end() - 1 for rx in self.ignore for m in rx.finditer(text, para.start, para.end)} \
            if self.ignore_gate.open(text, para.start, para.end) else ()
        if not ignored and self._nested(text, para):
            return [], []
        stack, problems = [], []
        for m in self.rx.finditer(text, para.start, para.end):
            i, raw = m.start(), m.group(0)
            ch = self.equiv.get(raw, raw)
            if ch in self.closing_of and not (ch == "’" and i in ignored):
                stack.append((ch, i))
                continue
            if ch not in self.opening_of or i in ignored:
                continue
            want = self.opening_of[ch]
            if stack and stack[-1][0] == want:
                stack.pop()
            elif any(o == want for o, _ in stack):
                while stack[-1][0] != want:
                    o, j = stack.pop()
                    problems.append((j, f"「{o}」没有对应的「{self.closing_of[o]}」"))
                stack.pop()
            elif stack and _same_family(stack[-1][0], want):
                o, j = stack.pop()
                problems.append((i, f"「{o}」与「{raw}」不配对"))
            else:
                problems.append((i, f"「{raw}」前面没有对应的「{want}」"
                                    + (f"，疑为「{want}」写反了" if want in "“‘" else "")))
                if want in "“‘" and raw == ch:
                    stack.append((want, i))     # read it as the opening mark it should be
        return problems, stack

    def _nested(self, text, para) -> bool:
        """Whether the paragraph's marks pair up, properly nested (“…（…）…”, most paragraphs):
        removing adjacent pairs again and again leaves nothing. The stack in ``_scan`` then
        pops each closing mark's own opening one and reports nothing (without ignored marks)."""
        if self.as_read is None:
            return False
        marks = "".join(self.rx.findall(text, para.start, para.end)).translate(self.as_read)
        while marks:
            shorter = self.adjacent_pair.sub("", marks)
            if len(shorter) == len(marks):
                return False
            marks = shorter
        return True

    def check(self, doc, ctx):
        paras = doc.paragraphs
        text = doc.text
        for k in paragraphs_with(doc, self.rx):     # most paragraphs hold no mark
            para = paras[k]
            problems, stack = self._scan(doc, para)
            reported = {i for i, _ in problems}
            for i, detail in problems:
                yield Finding(i, i + 1, self.format_message(match=text[i], detail=detail))
            if not stack:
                continue
            if len(stack) == 1 and stack[0][0] in self.continued and stack[0][1] == para.start \
                    and k + 1 < len(paras) and text[paras[k + 1].start] == stack[0][0]:
                continue     # a quotation running on into the next paragraph
            for o, j in stack:
                if j not in reported:
                    detail = f"「{o}」没有对应的「{self.closing_of[o]}」"
                    yield Finding(j, j + 1, self.format_message(match=o, detail=detail))


def _same_family(opening: str, other_opening: str) -> bool:
    quotes = "“‘"
    return (opening in quotes) == (other_opening in quotes)


CHECK = PairsCheck
