"""Kind ``mixed-forms``: a document (each part of a compilation) writes one thing two ways.

``forms`` holds two or more regexes for the spellings of the same thing (二〇二四年 / 2024年).
When more than one occurs in a document part (with ``same-year``: for the same year), the
occurrences of the less used spellings are reported, naming the one used most (ties: the first written wins).
"""

from __future__ import annotations

from collections import Counter

from ..diagnostics import Finding
from ..numerals import FULLWIDTH_DIGITS, cn_digits_year
from ..regexes import Prescanned
from .base import Check, Option, RuleError, compile_regex


class MixedFormsCheck(Check):
    kind = "mixed-forms"
    OPTIONS = {
        "forms": Option(list, [], required=True, item=str, help="regexes, one per spelling"),
        "labels": Option(list, [], item=str, help="names of the spellings, for the message"),
        "scope": Option(str, "part", help="part | document"),
        "same-year": Option(bool, False,
                            help="compare only spellings of the same year (2024年 / 二〇二四年)"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        from ..regex_analysis import guarded   # here: cached checks skip it
        if len(options["forms"]) < 2:
            raise RuleError("forms 至少需要两种写法", key="forms")
        for p in options["forms"]:
            compile_regex(p, "forms")                 # a bad pattern is reported as written
        # scanned for their first characters, or the 年 they end with, at C speed (see
        # regexes.Prescanned)
        self.forms = [Prescanned(p, compile_regex(guarded(p), "forms"))
                      for p in options["forms"]]
        self.labels = options["labels"] or [p for p in options["forms"]]
        if len(self.labels) != len(self.forms):
            raise RuleError("labels 的个数应与 forms 相同", key="labels")
        if options["scope"] not in ("part", "document"):
            raise RuleError("scope 只能是 part 或 document", key="scope")

    def check(self, doc, ctx):
        spans = [(0, len(doc.text))] if self.options["scope"] == "document" else \
            [(p.start, p.end) for p in doc.parts]
        for a, b in spans:
            found = self._occurrences(doc.text, a, b)
            if not found:
                continue                # one spelling or none (most parts): nothing to compare
            if self.options["same-year"]:
                by_year: dict = {}
                for s, e, k in found:
                    by_year.setdefault(_year_value(doc.text[s:e]), []).append((s, e, k))
                found = [f for group in by_year.values()
                         if len({k for _, _, k in group}) > 1 for f in group]
            counts = Counter(k for _, _, k in found)
            if len(counts) < 2:
                continue
            best = max(counts.values())
            first = {}
            for s, _, k in sorted(found):
                first.setdefault(k, s)
            main = min((k for k in counts if counts[k] == best), key=lambda k: first[k])
            for s, e, k in sorted(found):
                if k != main:
                    yield Finding(s, e, self.format_message(
                        match=doc.text[s:e], form=self.labels[k], main=self.labels[main],
                        count=counts[main]))

    def _occurrences(self, text: str, a: int, b: int) -> list[tuple[int, int, int]]:
        """(start, end, form index) of every occurrence in text[a:b], form by form; empty
        when only one form occurs (nothing to report then). The forms are scanned last first (in a pack, the
        rare variant usually comes after the usual spelling), and the last one left is skipped
        when no other occurs: most documents write years only one way."""
        found, seen = [], 0
        for k in range(len(self.forms) - 1, -1, -1):
            if seen == 0 and k == 0:
                return []
            before = len(found)
            found += [(m.start(), m.end(), k) for m in self.forms[k].finditer(text, a, b)]
            seen += len(found) > before
        found.sort(key=_form_index)       # stable: form by form, in text order, as finditer gave
        return found


def _form_index(occurrence: tuple[int, int, int]) -> int:
    return occurrence[2]


def _year_value(text: str):
    digits = text.rstrip("年").translate(FULLWIDTH_DIGITS)
    if digits.isdigit():
        return int(digits)
    return cn_digits_year(digits.replace("○", "〇"))


CHECK = MixedFormsCheck
