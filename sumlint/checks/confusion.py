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
from itertools import accumulate
from pathlib import Path

from ..diagnostics import Edit, Finding, Fix
from .base import Check, Option, RuleError, compile_regex

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
NAME_FLAGS = ("nr", "ns", "nt", "nz")
AFTER_DIGIT = "０１２３４５６７８９.%"      # besides str.isdigit(): a character after these is a unit

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
        frequent word}. Most windows have no entry, so their confusion sets are never walked.
        Built from the frequent words only (a point query when the word index exists)."""
        if self._slots is None:
            min_freq, max_window = self.options["min-frequency"], self.options["max-window"]
            slots: dict[str, str] = {}
            for word in seg.frequent_words(min_freq):
                if 2 <= len(word) <= max_window:
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
        runs = [m.span() for m in HAN.finditer(text) if m.end() - m.start() >= 2]
        if not runs:
            return
        joined, tokens = _cut_runs(text, runs, seg)
        for run, start, end, right in self._candidates(text, runs, joined, tokens, seg):
            if self._known is not None and any(
                    m.start() < end and start < m.end() for m in self._known.finditer(text, *run)):
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

    def _candidates(self, text, runs, joined, tokens, seg):
        """(run, start, end, corrected) for the best correction of each stretch of single
        characters, with document offsets. ``tokens`` segment ``joined``, the Han runs joined
        by "\n" (see ``_cut_runs``); windows never reach across a "\n" token.

        The loop is the hot path of the check, so everything that depends on one token only is
        decided once per token (``_eligible``), windows are spans of ``joined`` (slices, no
        joining) and a window is tested for being a dictionary word only when one of its
        characters can actually be swapped for a frequent word."""
        table, slots = self.table, self.slots(seg)
        min_gain = self.options["min-gain"]
        strong_gain = self.options["strong-gain"]
        max_window = self.options["max-window"]
        n = len(tokens)
        bounds = list(accumulate(map(len, tokens), initial=0))   # token k is joined[bounds[k]:bounds[k + 1]]
        runs_at = _joined_starts(runs)
        eligible = self._eligible(text, runs, runs_at, tokens, bounds)
        last_end = -1
        k, nk = 0, len(eligible)
        while k < nk:
            # a stretch tokens[i:j] of single characters (no "\n") with at least one eligible
            i = j = eligible[k][0]
            while i > 0 and len(tokens[i - 1]) == 1 and tokens[i - 1] != "\n":
                i -= 1
            while j < n and len(tokens[j]) == 1 and tokens[j] != "\n":
                j += 1
            stretch = []
            while k < nk and eligible[k][0] < j:
                stretch.append(eligible[k])
                k += 1
            # windows cover at least one single character, possibly with one whole word on
            # either side (知晓|军 → 知晓率)
            lo = i - 1 if i > 0 and tokens[i - 1] != "\n" else i
            hi = j + 1 if j < n and tokens[j] != "\n" else j
            best = None
            for a in range(lo, hi):
                s = bounds[a]
                for b in range(a + 1, hi + 1):
                    e = bounds[b]
                    if e - s > max_window:
                        break
                    if e - s < 2 or a >= j or b <= i:
                        continue
                    checked = before = None
                    for t, char, others in stretch:
                        if not a <= t < b:
                            continue
                        p = bounds[t]
                        fills = slots.get(joined[s:p] + "\0" + joined[p + 1:e])
                        if not fills:
                            continue
                        for other in others:
                            if other not in fills:      # not a frequent word (min-frequency)
                                continue
                            span = joined[s:e]
                            if checked is None:         # a dictionary word is no slip
                                checked = seg.is_word(span) or span in self.words
                            if checked:
                                break
                            cand = span[:p - s] + other + span[p - s + 1:]
                            if before is None:
                                before = sum(seg.log_probability(w) for w in tokens[a:b])
                            gain = seg.log_probability(cand) - before
                            if gain < min_gain or best is not None and gain <= best[0]:
                                continue
                            if gain < strong_gain and not _joins(tokens, a, b, cand, seg):
                                continue
                            best = (gain, s, e, cand)
                        if checked:
                            break
            if best is not None and best[1] >= last_end:
                last_end = best[2]
                r = bisect.bisect_right(runs_at, best[1]) - 1
                shift = runs[r][0] - runs_at[r]
                yield runs[r], best[1] + shift, best[2] + shift, best[3]

    def _eligible(self, text, runs, runs_at, tokens, bounds) -> list[tuple[int, str, str]]:
        """(token index, char, its confusion set) for every single character that may be the
        wrong one: not an ignored character, not right after a number (18.2亿件: a unit or
        measure word), and with a confusion set. Only the first character of a run can follow
        a digit; inside a run every neighbour is Han."""
        table, ignore = self.table, self.options["ignore-chars"]
        # joined offset of each run's start → the document's character before it
        first = {at: text[a - 1] if a > 0 else "" for at, (a, _) in zip(runs_at, runs)}
        out = []
        for t, w in enumerate(tokens):
            if len(w) != 1 or w in ignore or w == "\n":
                continue
            others = table.get(w)
            if not others:
                continue
            before = first.get(bounds[t])
            if before and (before.isdigit() or before in AFTER_DIGIT):
                continue
            out.append((t, w, others))
        return out

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
            if seg.is_word(word):
                if flag.startswith(NAME_FLAGS):
                    return True
            elif flag.startswith("ns") or flag.startswith("nr") and (
                    len(word) >= 3 or word[0] in self.surnames):
                return True
        return False


def _cut_runs(text: str, runs: list[tuple[int, int]], seg) -> tuple[str, list[str]]:
    """The Han runs joined by "\n" and segmented in one call. jieba and rjieba always emit a
    newline as a token of its own and never let a word or their route finder cross it, so each
    run is segmented exactly as it would be alone (the tests check this); one call instead of
    one per run (about 180 per document). Should a backend ever merge a newline into a word,
    the runs are cut one by one instead."""
    joined = "\n".join([text[a:b] for a, b in runs])
    tokens = seg.cut(joined)
    if tokens.count("\n") != len(runs) - 1:       # pragma: no cover - defensive
        tokens = []
        for a, b in runs:
            tokens.extend(seg.cut(text[a:b]))
            tokens.append("\n")
        tokens.pop()
    return joined, tokens


def _joined_starts(runs: list[tuple[int, int]]) -> list[int]:
    """Where each run starts in the joined text (runs are separated by one newline)."""
    starts, at = [], 0
    for a, b in runs:
        starts.append(at)
        at += b - a + 1
    return starts


def _joins(tokens, a, b, cand, seg) -> bool:
    """Whether the word before or after the window joins the correction into a dictionary word
    (a "\n" token ends the run: no word there)."""
    left = tokens[a - 1] if a > 0 else "\n"
    right = tokens[b] if b < len(tokens) else "\n"
    return bool(left != "\n" and seg.is_word(left + cand) or
                right != "\n" and seg.is_word(cand + right))


def _overlaps(text: str, word: str, start: int, end: int) -> bool:
    i = text.find(word, max(0, start - len(word)))
    while i != -1 and i < end:
        if i < end and i + len(word) > start:
            return True
        i = text.find(word, i + 1)
    return False


CHECK = ConfusionCheck
