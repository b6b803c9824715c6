"""Kind ``confusion``: unknown words one character away from a frequent dictionary word.

OCR and input-method slips (宽彻 for 贯彻, 于部 for 干部, 意识形杰 for 意识形态) are not in any list,
but they leave a trace: segmentation (HMM off) breaks them into single characters that do not
form a word, while swapping one of those characters for a same-sound or same-shape one gives a
frequent word. The check compares, under jieba's own unigram model, the log-probability of the
characters as segmented with that of the corrected word; only a large gain is reported.

Never reported: spans inside people's and place names (part-of-speech nr/ns/nt/nz on a token of
two or more characters), strings found in the document's title (units' names), the config's
``allow`` list, and anything that is already a dictionary word. Confusion sets are read from the
TSV files named by ``confusion-files`` (paths relative to the rule pack).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path

from ..diagnostics import Edit, Finding, Fix
from .base import Check, Option, RuleError, compile_regex

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
NAME_FLAGS = ("nr", "ns", "nt", "nz")

_SETS: dict[tuple, dict[str, str]] = {}


def load_confusions(paths: tuple[Path, ...], different_tone: bool) -> dict[str, str]:
    """char → the characters it may have been mistaken for (same sound or same shape)."""
    key = (paths, different_tone)
    if key in _SETS:
        return _SETS[key]
    table: dict[str, set[str]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            char = cols[0].strip()
            if len(char) != 1:
                continue
            others = cols[1] if len(cols) > 1 else ""
            if different_tone and len(cols) > 2:
                others += cols[2]
            table.setdefault(char, set()).update(c for c in others.strip() if c != char)
    _SETS[key] = {c: "".join(sorted(s)) for c, s in table.items()}
    return _SETS[key]


class ConfusionCheck(Check):
    kind = "confusion"
    needs_segmentation = True
    OPTIONS = {
        "confusion-files": Option(list, required=True, item=str,
                                  help="TSV files: char<TAB>confusable chars[<TAB>same sound, other tone]"),
        "different-tone": Option(bool, False, help="also use the third column (same sound, other tone)"),
        "min-frequency": Option(int, 500, help="the corrected word's least count in the dictionary"),
        "min-gain": Option(float, 8.0,
                           help="least log-probability gain when a neighbouring word joins the "
                                "correction into a longer dictionary word (党员|于部 → 党员干部)"),
        "strong-gain": Option(float, 10.5, help="least log-probability gain without that support"),
        "name-after": Option(str, "", help="regex: a span followed by this (医院, 公司 …) is a name"),
        "surnames": Option(str, "", help="an unknown two-character string tagged as a person's "
                                         "name is one only when it starts with one of these"),
        "words": Option(list, [], item=str,
                        help="correct words missing from jieba's dictionary (newer official vocabulary)"),
        "max-window": Option(int, 4, help="longest string (characters) tried as one word"),
        "ignore-chars": Option(str, "", help="characters never taken as the wrong one"),
    }
    FIXES = ("replace",)

    def __init__(self, rule, options):
        super().__init__(rule, options)
        base = Path(rule.source).parent if rule.source else Path.cwd()
        paths = []
        for name in options["confusion-files"]:
            path = (base / name).resolve()
            if not path.is_file():
                raise RuleError(f"找不到混淆字表 {name}（{path}）", key="confusion-files")
            paths.append(path)
        self.paths = tuple(paths)
        if not 2 <= options["max-window"] <= 6:
            raise RuleError("max-window 应在 2 到 6 之间", key="max-window")
        self._table = None
        self._slots = None
        self.words = frozenset(options["words"])
        self.surnames = frozenset(options["surnames"])
        self._known = (re.compile("|".join(sorted(map(re.escape, self.words), key=len, reverse=True)))
                       if self.words else None)
        self.name_after = (compile_regex(options["name-after"], "name-after")
                           if options["name-after"] else None)

    @property
    def table(self) -> dict[str, str]:
        if self._table is None:
            self._table = load_confusions(self.paths, self.options["different-tone"])
        return self._table

    def slots(self, seg) -> dict[str, str]:
        """{word with one character blanked: the characters that fill the blank to make a
        frequent word}. Most windows have no entry, so their confusion sets are never walked."""
        if self._slots is None:
            seg.frequency("")          # load the dictionary
            min_freq, max_window = self.options["min-frequency"], self.options["max-window"]
            slots: dict[str, str] = {}
            for word, count in seg.frequencies().items():
                if count >= min_freq and 2 <= len(word) <= max_window:
                    for i in range(len(word)):
                        key = word[:i] + "\0" + word[i + 1:]
                        slots[key] = slots.get(key, "") + word[i]
            self._slots = slots
        return self._slots

    # ------------------------------------------------------------------ search
    def check(self, doc, ctx):
        from .. import segmentation as seg
        text = doc.text
        title = doc.title_text
        allow = [a for a in (ctx.allow if ctx else []) if a]
        for run in HAN.finditer(text):
            if run.end() - run.start() < 2:
                continue
            words = seg.cut(run.group())
            if self._known is not None:
                masked = [(m.start() + run.start(), m.end() + run.start())
                          for m in self._known.finditer(run.group())]
            else:
                masked = ()
            offsets, pos = [], run.start()
            for w in words:
                offsets.append(pos)
                pos += len(w)
            for start, end, right in self._candidates(text, words, offsets, seg):
                if any(a < end and start < b for a, b in masked):
                    continue
                wrong = text[start:end]
                # a unit's name from the title, used again in the body
                if title and wrong in title and not doc.title.start <= start < doc.title.end:
                    continue
                if any(a in text[max(0, start - len(a)):end + len(a)] and
                       _overlaps(text, a, start, end) for a in allow):
                    continue
                if self.name_after is not None and self.name_after.match(text, end):
                    continue
                if self._in_name(doc, text, start, end, seg):
                    continue
                yield Finding(start, end, self.format_message(match=wrong, wrong=wrong, right=right),
                              Fix(f"改为「{right}」", (Edit(start, end, right),)) if self.rule.fix else None)

    def _candidates(self, text, words, offsets, seg):
        """(start, end, corrected) for the best correction of each run of single characters."""
        table, ignore = self.table, self.options["ignore-chars"]
        slots = self.slots(seg)
        min_gain = self.options["min-gain"]
        strong_gain = self.options["strong-gain"]
        max_window = self.options["max-window"]
        n = len(words)
        i, last_end = 0, -1
        while i < n:
            if len(words[i]) != 1:
                i += 1
                continue
            j = i
            while j < n and len(words[j]) == 1:
                j += 1
            # words[i:j] are single characters; try windows that cover at least one of them,
            # possibly with one whole word on either side (知晓|军 → 知晓率)
            best = None
            lo, hi = max(0, i - 1), min(n, j + 1)
            for a in range(lo, hi):
                for b in range(a + 1, hi + 1):
                    span = "".join(words[a:b])
                    if len(span) > max_window:
                        break
                    if len(span) < 2 or not any(len(words[k]) == 1 for k in range(max(a, i), min(b, j))):
                        continue
                    if seg.frequency(span) or span in self.words:
                        continue
                    before = None
                    k0 = offsets[a]
                    for k in range(max(a, i), min(b, j)):
                        char = words[k]
                        at = offsets[k] - k0
                        fills = slots.get(span[:at] + "\0" + span[at + 1:])
                        if not fills or char in ignore or _after_digit(text, offsets[k]):
                            continue
                        for other in table.get(char, ""):
                            if other not in fills:      # not a frequent word (min-frequency)
                                continue
                            cand = span[:at] + other + span[at + 1:]
                            if before is None:
                                before = sum(seg.log_probability(w) for w in words[a:b])
                            gain = seg.log_probability(cand) - before
                            if gain < min_gain or best is not None and gain <= best[0]:
                                continue
                            if gain < strong_gain and not _joins(words, a, b, cand, seg):
                                continue
                            best = (gain, offsets[a], offsets[a] + len(span), cand)
            if best is not None and best[1] >= last_end:
                last_end = best[2]
                yield best[1], best[2], best[3]
            i = j

    def _in_name(self, doc, text, start, end, seg) -> bool:
        """Whether the span lies in a person's, place's or organisation's name (HMM tagging of
        the sentence around it)."""
        sentences = doc.sentences
        starts = [s.start for s in sentences]
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and end <= sentences[i].end:
            a, b = sentences[i].start, sentences[i].end
        else:
            a, b = max(0, start - 20), min(len(text), end + 20)
        pos = a
        for word, flag in seg.tag(text[a:b]):
            w_start, w_end = pos, pos + len(word)
            pos = w_end
            if w_end <= start or w_start >= end:
                continue
            if len(word) < 2:
                continue
            # a dictionary word tagged as a name, or an unknown string the HMM takes for a
            # person's or place's name; an unknown string tagged nz/nt is as likely a slip (潞线)
            if seg.frequency(word):
                if flag.startswith(NAME_FLAGS):
                    return True
            elif flag.startswith("ns") or flag.startswith("nr") and (
                    len(word) >= 3 or word[0] in self.surnames):
                return True
        return False


def _after_digit(text: str, offset: int) -> bool:
    """A character right after a number is a unit or measure word (18.2亿件), not a slip."""
    return offset > 0 and (text[offset - 1].isdigit() or text[offset - 1] in "０１２３４５６７８９.%")


def _joins(words, a, b, cand, seg) -> bool:
    """Whether the word before or after the window joins the correction into a dictionary word."""
    left = words[a - 1] if a > 0 else ""
    right = words[b] if b < len(words) else ""
    return bool(left and seg.frequency(left + cand) or right and seg.frequency(cand + right))


def _overlaps(text: str, word: str, start: int, end: int) -> bool:
    i = text.find(word, max(0, start - len(word)))
    while i != -1 and i < end:
        if i < end and i + len(word) > start:
            return True
        i = text.find(word, i + 1)
    return False


CHECK = ConfusionCheck
