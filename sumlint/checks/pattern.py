"""Kind ``pattern``: literal phrases and regexes, with exceptions and a scope.

Each rule's regexes run once over the whole text (``re.MULTILINE``); a match that crosses the
boundary of its scope unit (a line, paragraph or sentence) is dropped. Literal phrases are joined
into one alternation, so a long phrase list costs one pass. Python's ``\\b`` never matches between
Chinese characters: write explicit look-arounds instead.
"""

from __future__ import annotations

import bisect
import re

from ..diagnostics import Edit, Finding, Fix
from ..regexes import STRINGS
from .base import Check, Option, RuleError, compile_regex

SCOPES = ("line", "paragraph", "sentence", "title", "document")


class _Needles:
    """The required strings of every pattern rule, as bits of one mask per document.

    Testing each rule's strings with ``in`` costs a scan of the text per string (~1.5 µs for
    5 KB); with ~300 strings over 60 regexes that was as slow as running the regexes. Each
    string gets a bit, and is found with the other checks' strings in the one Aho–Corasick
    pass per document of ``regexes.STRINGS``; a rule runs only when one of its bits is there.
    The mask is kept with the document: every rule asks about the same one."""

    def __init__(self):
        self.bits: dict[str, int] = {}

    def mask(self, strings) -> int:
        out = 0
        for string in strings:
            if string not in self.bits:
                self.bits[string] = 1 << len(self.bits)
            out |= self.bits[string]
        STRINGS.add(strings)
        return out

    def present(self, doc) -> int:
        # keyed by the strings known: a mask made before a rule added its bits is stale
        return doc.memo(f"pattern.needles.{len(self.bits)}.{STRINGS.generation}",
                        lambda: self._mask_of(doc))

    def _mask_of(self, doc) -> int:
        found, bits = 0, self.bits
        for string, _start, _end in STRINGS.in_document(doc):
            found |= bits.get(string, 0)        # the substitution lists' strings have no bit
        return found


NEEDLES = _Needles()


class PatternCheck(Check):
    kind = "pattern"
    OPTIONS = {
        "patterns": Option(list, [], item=str, help="regular expressions"),
        "phrases": Option(list, [], item=str, help="literal phrases"),
        "exceptions": Option(list, [], item=str,
                             help="regexes; a match that overlaps one of their matches is not reported"),
        "scope": Option(str, "line", help="line | paragraph | sentence | title | document"),
        "ignore-case": Option(bool, False),
        "replacement": Option(str, None, help="with fix = 'replace': the replacement (\\1 groups allowed)"),
        "expand": Option(str, None, help="widen each match to its 'sentence' or 'line' (runs merge)"),
        "block": Option(bool, False,
                        help="widen a match to its line and the short lines around it (watermark blocks)"),
        "block-max-chars": Option(int, 40, help="with block: longest neighbouring line taken in"),
        "line-max-chars": Option(int, 80, help="with block: a matched line up to this length is taken whole"),
    }
    FIXES = ("delete", "delete-line", "replace")

    def __init__(self, rule, options):
        # imported here: a check read from the pack cache never needs the analysis
        from ..regex_analysis import guarded, required_strings
        super().__init__(rule, options)
        flags = re.MULTILINE | (re.IGNORECASE if options["ignore-case"] else 0)
        self.scope = options["scope"]
        if self.scope not in SCOPES:
            raise RuleError(f"未知的范围 {self.scope!r}；可用：{'、'.join(SCOPES)}", key="scope")
        # led by a look-ahead on their first character: same matches, scanned several times
        # faster (regex_analysis explains why); a pattern that does not parse is left as written,
        # so its error names the user's pattern
        self.regexes = [compile_regex(guarded(p, flags), "patterns", flags)
                        for p in options["patterns"]]
        phrases = [p for p in options["phrases"] if p]
        if len(phrases) != len(options["phrases"]):
            raise RuleError("短语不能为空字符串", key="phrases")
        if phrases:
            alternation = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
            self.regexes.append(re.compile(alternation, flags))
        if not self.regexes:
            raise RuleError("pattern 规则至少需要 patterns 或 phrases 之一", key="patterns")
        self.required = [required_strings(rx) for rx in self.regexes]
        self._register_needles()
        self.exceptions = [compile_regex(guarded(p, flags), "exceptions", flags)
                           for p in options["exceptions"]]
        if options["expand"] not in (None, "sentence", "line"):
            raise RuleError(f"未知的扩展方式 {options['expand']!r}；可用：sentence、line", key="expand")
        if options["expand"] and options["block"]:
            raise RuleError("expand 与 block 不能同时使用", key="expand")
        if rule.fix == "replace" and options["replacement"] is None:
            raise RuleError("fix = \"replace\" 需要 replacement", key="replacement")

    def _register_needles(self) -> None:
        # sets of words (not single characters) are looked up for all rules in one pass
        self.shared = [NEEDLES.mask(needs) if needs and min(map(len, needs)) >= 2 else 0
                       for needs in self.required]
        # every regex's bits, when each has some: none of them present, no regex can match
        self.gate_mask = _or(self.shared) if all(self.shared) else 0
        self.uses_needles = any(self.shared)

    def __setstate__(self, state: dict) -> None:
        """Read back from the pack cache: NEEDLES is per process, so register again."""
        self.__dict__.update(state)
        self._register_needles()

    # ------------------------------------------------------------------ search
    def _units(self, doc):
        """(starts, ends) of the scope's units, for dropping matches that cross them."""
        if self.scope == "paragraph":
            units = doc.paragraphs
        elif self.scope == "sentence":
            units = doc.sentences
        else:
            return None
        return [u.start for u in units], [u.end for u in units]

    def _matches(self, doc):
        text = doc.text
        present = NEEDLES.present(doc) if self.uses_needles else 0
        if self.gate_mask and not present & self.gate_mask:
            return []
        if self.scope == "title":
            title = doc.title
            if title is None:
                return []
            bounds = (title.start, title.end)
        else:
            bounds = (0, len(text))
        found = []
        for rx, needs, shared in zip(self.regexes, self.required, self.shared):
            if shared:
                if not present & shared:
                    continue        # no string every match contains is in the text: skip the scan
            elif needs:
                for string in needs:        # a loop, not any(): no generator per rule and file
                    if string in text:
                        break
                else:
                    continue
            for m in rx.finditer(text, *bounds):
                if m.end() > m.start():
                    found.append(m)
        if not found:
            return []
        if self.scope == "line":
            found = [m for m in found if "\n" not in m.group(0)]
        units = self._units(doc)
        if units:
            starts, ends = units
            kept = []
            for m in found:
                i = bisect.bisect_right(starts, m.start()) - 1
                if i >= 0 and m.end() <= ends[i]:
                    kept.append(m)
            found = kept
        if self.exceptions and found:
            # overlap test in O(log n) per match (a run of 100,000 marks made this quadratic):
            # spans sorted by start, with the running maximum of their ends
            spans = sorted((e.start(), e.end()) for rx in self.exceptions
                           for e in rx.finditer(text))
            starts, reach, far = [a for a, _ in spans], [], -1
            for _, b in spans:
                far = max(far, b)
                reach.append(far)
            found = [m for m in found if not _overlaps(starts, reach, m.start(), m.end())]
        # one finding per place: the earliest, longest match wins over overlapping ones
        found.sort(key=lambda m: (m.start(), -m.end()))
        out, last_end = [], -1
        for m in found:
            if m.start() >= last_end:
                out.append(m)
                last_end = m.end()
        return out

    def check(self, doc, ctx):
        matches = self._matches(doc)
        if not matches:
            return      # nothing to widen: the sentences or lines are not even built
        if self.options["block"]:
            yield from self._blocks(doc, matches)
            return
        if self.options["expand"]:
            yield from self._expanded(doc, matches)
            return
        for m in matches:
            values = {k: v for k, v in m.groupdict().items() if v is not None}
            values["match"] = m.group(0).strip() or m.group(0)
            yield Finding(m.start(), m.end(), self.format_message(**values),
                          self._fix(doc, m.start(), m.end(), m))

    def _emit_merged(self, doc, spans):
        """Merge overlapping or touching (start, end, match) spans; one finding per run."""
        spans.sort(key=lambda s: (s[0], -s[1]))
        merged = []
        for start, end, m in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end, m])
        for start, end, m in merged:
            values = {k: v for k, v in m.groupdict().items() if v is not None}
            values["match"] = m.group(0).strip() or m.group(0)
            yield Finding(start, end, self.format_message(**values),
                          self._fix(doc, start, end, m))

    def _expanded(self, doc, matches):
        """Widen each match to the sentence or line holding it (cheap regexes, whole units)."""
        if self.options["expand"] == "line":
            units = [(ln.start, ln.end) for ln in doc.lines]
        else:
            units = [(s.start, s.end) for s in doc.sentences]
        starts = [u[0] for u in units]
        spans = []
        for m in matches:
            i = bisect.bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= units[i][1]:
                a, b = units[i]
                text = doc.text[a:b]
                a += len(text) - len(text.lstrip())
                b -= len(text) - len(text.rstrip())
                spans.append((min(a, m.start()), max(b, m.end()), m))
            else:
                spans.append((m.start(), m.end(), m))
        yield from self._emit_merged(doc, spans)

    # ------------------------------------------------------------------ blocks
    def _blockable(self, doc, index: int, limit: int, fixed: set[int],
                   neighbour: bool = True) -> bool:
        """A line that may belong to a watermark block: short, not blank, not title or heading
        (``fixed``: their line numbers); a neighbour that is a finished sentence (ends with 。)
        is prose, not part of the block (--fix deletes the block)."""
        text = doc.lines[index].text.strip(" \t\u3000\u00a0")
        if not text or len(text) > limit or (neighbour and text.endswith("。")):
            return False
        return index not in fixed

    def _blocks(self, doc, matches):
        """Widen each match to the run of short lines around it; merge what overlaps."""
        title = doc.title
        fixed = {doc.line_of(h.start) for h in doc.headings if h.standalone}
        if title is not None:
            fixed.add(title.line)
        spans = []
        for m in matches:
            first = last = doc.line_of(m.start())
            if not self._blockable(doc, first, self.options["line-max-chars"], fixed,
                                   neighbour=False):
                spans.append((m.start(), m.end(), m))
                continue
            limit = self.options["block-max-chars"]
            while first > 0 and self._blockable(doc, first - 1, limit, fixed):
                first -= 1
            while last + 1 < len(doc.lines) and self._blockable(doc, last + 1, limit, fixed):
                last += 1
            start = doc.lines[first].start + (len(doc.lines[first].text)
                                              - len(doc.lines[first].text.lstrip()))
            end = doc.lines[last].start + len(doc.lines[last].text.rstrip())
            spans.append((min(start, m.start()), max(end, m.end()), m))
        yield from self._emit_merged(doc, spans)

    # --------------------------------------------------------------------- fix
    def _fix(self, doc, start, end, m):
        fix = self.rule.fix
        if not fix:
            return None
        if fix == "replace":
            replacement = m.expand(self.options["replacement"])
            return Fix(f"改为「{replacement}」", (Edit(start, end, replacement),))
        first = doc.lines[doc.line_of(start)]
        last = doc.lines[doc.line_of(max(start, end - 1))]
        whole = (doc.text[first.start:start].strip() == "" and doc.text[end:last.end].strip() == "")
        if fix == "delete" or not whole:
            # delete only the matched text: never the rest of a line it shares with prose
            return Fix("删除", (Edit(start, end, ""),))
        # delete-line: the whole lines the match covers, with their newline
        end = last.end + 1 if last.end < len(doc.text) else last.end
        start = first.start
        if end == last.end and start > 0:   # last line without newline: take the one before
            start -= 1
        return Fix("删除整行", (Edit(start, end, ""),))


CHECK = PatternCheck


def _or(masks) -> int:
    out = 0
    for mask in masks:
        out |= mask
    return out


def _overlaps(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Does [start, end) overlap a span? ``starts`` sorted, ``reach[i]`` = max end of spans ≤ i."""
    i = bisect.bisect_left(starts, end)
    return i > 0 and reach[i - 1] > start
