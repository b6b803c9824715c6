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
import operator
import re
from functools import lru_cache
from itertools import accumulate, chain, compress, count, repeat, starmap
from pathlib import Path

from ..diagnostics import Edit, Finding, Fix
from .base import Check, Option, RuleError, compile_regex

RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")    # Han runs worth segmenting
SEP = "\r\n"         # around runs: jieba and rjieba keep it as one token of its own
# in the bytes of token lengths: a lone one-character token, two or more of them in a row
# (both open with the byte itself, which lets ``re`` skip ahead to it at C speed)
_LONE = re.compile(rb"\x01(?!\x01)(?<!\x01\x01)")
_STRETCH = re.compile(rb"\x01\x01+")
NAME_FLAGS = ("nr", "ns", "nt", "nz")
# a character right after a number (str.isdigit() or one of these) is a unit or measure word
# (18.2亿件), not a slip
AFTER_DIGIT = "０１２３４５６７８９.%"

_SETS: dict[tuple, dict[str, str]] = {}
#: documents after which a process works out the near words of every character (see _cover)
_COVER_ALL_AFTER = 50
#: bump when the layout of the cached table and slots changes
DERIVED_FORMAT = 1


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
        self._swaps = None
        self._slots = None
        self._by_fill = None
        self._near: set[str] = set()         # see _cover
        self._near_chars: set[str] = set()
        self._near_docs = 0
        self.words = frozenset(options["words"])
        self.surnames = frozenset(options["surnames"])
        self._known = (re.compile("|".join(sorted(map(re.escape, self.words), key=len, reverse=True)))
                       if self.words else None)
        self.name_after = (compile_regex(options["name-after"], "name-after")
                           if options["name-after"] else None)

    @property
    def table(self) -> dict[str, str]:
        """char → the characters it may stand for, each string sorted."""
        if self._table is None:
            self._table = load_confusions(self.paths, self.options["different-tone"])
        return self._table

    @property
    def swaps(self) -> dict[str, frozenset]:
        """The confusion table as sets, without the ``ignore-chars`` (never taken as the wrong
        one). The table's strings are sorted, so sorting a subset gives the table's order."""
        if self._swaps is None:
            ignore = self.options["ignore-chars"]
            self._swaps = {c: frozenset(o) for c, o in self.table.items() if c not in ignore}
        return self._swaps

    def slots(self, seg) -> dict[str, str]:
        """{word with one character blanked: the characters that fill the blank to make a
        frequent word}. Most windows have no entry, so their confusion sets are never walked.
        Built from the frequent words only (one query when the word index exists)."""
        if self._slots is None:
            self._load_derived(seg)
        if self._slots is None:
            min_freq, max_window = self.options["min-frequency"], self.options["max-window"]
            slots: dict[str, str] = {}
            for word in seg.frequent_words(min_freq):
                if 2 <= len(word) <= max_window:
                    for i in range(len(word)):
                        key = word[:i] + "\0" + word[i + 1:]
                        slots[key] = slots.get(key, "") + word[i]
            self._slots = slots
            self._save_derived(seg)
        return self._slots

    # ------------------------------------------------------------------ derived data, kept
    # Reading the confusion files and building the slots cost about 40 ms, a third of a
    # one-file run's budget, and depend only on files and options that rarely change. So both
    # are kept in the per-user cache folder (marshal: plain dicts of strings load in ~3 ms),
    # under a digest of everything they are derived from. Without the folder they are built
    # in every process, as before.
    def _derived_path(self, seg):
        from ..user_cache import user_cache_dir
        folder = user_cache_dir()
        dict_id = seg.dictionary_id()
        if folder is None or dict_id is None:
            return None
        parts = [str(DERIVED_FORMAT), dict_id, str(self.options["different-tone"]),
                 str(self.options["min-frequency"]), str(self.options["max-window"])]
        try:
            for path in self.paths:
                st = path.stat()
                parts += [str(path), str(st.st_size), str(st.st_mtime_ns)]
        except OSError:
            return None
        import hashlib
        digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=8).hexdigest()
        return folder / f"confusion-{digest}.marshal"

    def _load_derived(self, seg) -> None:
        """Take the table and the slots from the cache folder when they are there."""
        path = self._derived_path(seg)
        if path is None or not path.is_file():
            return
        import marshal
        try:
            table, slots = marshal.loads(path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return                  # unreadable: built again and rewritten
        if isinstance(table, dict) and isinstance(slots, dict):
            if self._table is None:
                self._table = table
            self._slots = slots

    def _save_derived(self, seg) -> None:
        path = self._derived_path(seg)
        if path is not None:
            import marshal
            from ..user_cache import write_atomic
            write_atomic(path, marshal.dumps((self.table, self._slots)))

    # ------------------------------------------------------------------ search
    def check(self, doc, ctx):
        seg = _segmentation()
        text = doc.text
        runs = _Runs(text, seg)
        for start, end, right in self._candidates(text, runs, seg):
            if self._known is not None and any(
                    m.start() < end and start < m.end()
                    for m in self._known.finditer(text, *runs.span_around(start))):
                continue
            wrong = text[start:end]
            # a unit's name from the title, used again in the body
            title = doc.title_text
            if title and wrong in title and not doc.title.start <= start < doc.title.end:
                continue
            if any(a and a in text[max(0, start - len(a)):end + len(a)] and
                   _overlaps(text, a, start, end) for a in (ctx.allow if ctx else ())):
                continue
            if self.name_after is not None and self.name_after.match(text, end):
                continue
            if self._in_name(doc, text, start, end, seg):
                continue
            yield Finding(start, end, self.format_message(match=wrong, wrong=wrong, right=right),
                          Fix(f"改为「{right}」", (Edit(start, end, right),)) if self.rule.fix else None)

    def _candidates(self, text, runs, seg):
        """(start, end, corrected) in document offsets for the best correction of each stretch
        of single characters. Windows are spans of ``runs.joined``: at least one single
        character of the stretch, possibly with one whole word on either side (知晓|军 → 知晓率),
        never across the separator between two runs.

        This loop is the hot path of the check, so: stretches are found, and those none of
        whose windows is a near word (one swap from a frequent word, ``_cover``) dropped, by
        set lookups of the windows' text (``_stretches``): about two in a hundred are left. Only
        those are walked: a lone character's window keys are made from its neighbouring
        tokens; a longer stretch's windows come from its memoized shape
        (``_stretch_windows``), and the near ones among them are keyed as slices of the text
        with the character blanked; the confusion set meets the slot's fills as sets; and the
        rest (is the window a dictionary word? its log-probability?) is worked out only for the
        few windows where a swap gives a frequent word (``_best_swap``). Token offsets are
        added up only for the stretches walked. The best correction is the one with the
        largest gain, the first in (window start, window end, character, replacement) order
        among equals, as when every window was tried in that order."""
        slots = self.slots(seg)         # first: it may bring the table from the cache folder
        table = self.swaps
        max_window = self.options["max-window"]
        joined, tokens = runs.joined, runs.tokens
        lengths, sizes = _lengths(tokens)
        last_end = -1
        near = self._near
        pos_k = pos = 0     # a token index and its offset in joined, advanced stretch by stretch
        for i, j in self._stretches(tokens, lengths, max_window):
            lo = i - 1 if tokens[i - 1] != SEP else i       # (SEP on either side of each run)
            hi = j + 1 if tokens[j] != SEP else j
            pos += sum(sizes[pos_k:lo])
            pos_k = lo
            # token k of the stretch (with its neighbours) is joined[bounds[k]:bounds[k + 1]]
            bounds = dict(zip(range(lo, hi + 1), accumulate(sizes[lo:hi], initial=pos)))
            best, windows = None, {}
            if j - i == 1:
                # the commonest case by far: one character between two words (or a run's end).
                # Its windows, in order: word + char, word + char + word, char + word; keyed
                # straight from the neighbouring tokens
                others = table.get(tokens[i])
                if not others:
                    continue
                left = tokens[lo] if lo < i else ""
                right = tokens[j] if hi > j else ""
                if left and len(left) < max_window:
                    fills = slots.get(left + "\0")
                    if fills and not others.isdisjoint(fills):
                        best = self._best_swap(best, lo, j, i, others.intersection(fills),
                                               tokens, bounds, joined, windows, seg)
                if left and right and len(left) + len(right) < max_window:
                    fills = slots.get(left + "\0" + right)
                    if fills and not others.isdisjoint(fills):
                        best = self._best_swap(best, lo, hi, i, others.intersection(fills),
                                               tokens, bounds, joined, windows, seg)
                if right and len(right) < max_window:
                    fills = slots.get("\0" + right)
                    if fills and not others.isdisjoint(fills):
                        best = self._best_swap(best, i, hi, i, others.intersection(fills),
                                               tokens, bounds, joined, windows, seg)
                # a character right after a number is a unit (18.2亿件); asked only now, as
                # few stretches get this far and the answer needs the runs' places
                if best is not None and lo == i and runs.follows_number(bounds[i]):
                    continue
            else:
                # longer stretches: the windows depend only on the stretch's shape (characters
                # of the word before, number of singles, characters of the word after)
                base = bounds[lo]
                shape, _ = _stretch_windows(bounds[i] - base, j - i, bounds[hi] - bounds[j],
                                            max_window)
                # the best swap of the other characters, and of the first one when the stretch
                # starts a run: that one does not count after a number (18.2亿件, a unit), which
                # is asked only if it wins (the best of all is the better of the two)
                bests = [None, None]
                for t, (x0, y1, around) in enumerate(shape, i):
                    others = table.get(tokens[t])
                    p = bounds[t]
                    if not others or not around:
                        continue
                    k = 1 if t == lo else 0
                    near_text = joined[base + x0:base + y1]
                    # the text around t with t blanked; window keys are slices of it
                    blanked = near_text[:p - base - x0] + "\0" + near_text[p - base - x0 + 1:]
                    for x, y, a, b in around:
                        if near_text[x:y] not in near:
                            continue    # no swap in this window
                        fills = slots.get(blanked[x:y])
                        if fills and not others.isdisjoint(fills):
                            bests[k] = self._best_swap(bests[k], lo + a, lo + b, t,
                                                       others.intersection(fills), tokens,
                                                       bounds, joined, windows, seg)
                best, first = bests
                if first is not None and (best is None or _beats(first, best)) and \
                        not runs.follows_number(bounds[lo]):
                    best = first
            if best is not None and best[2] >= last_end:
                last_end = best[3]
                start = runs.to_text(best[2])
                yield start, start + best[3] - best[2], best[4]

    def _stretches(self, tokens, lengths, max_window) -> list[tuple[int, int]]:
        """(i, j) for the stretches tokens[i:j] of single characters worth a look, in order.

        Found by regexes over the token lengths. A window that is not a near word (``_cover``)
        has no correction, and most stretches have no window that is one: only stretches with
        a hit are kept. One character between two words (most stretches) has three windows,
        word + char, char + word and word + char + word, built and looked up for all such
        characters at once with C-level maps (the tokens start and end with SEP, so each has
        a token on either side); a longer stretch's windows come from its shape
        (``_stretch_hits``). (A window with SEP, or longer than max-window, is no near word.)"""
        lone = list(map(re.Match.start, _LONE.finditer(lengths)))
        found = list(map(re.Match.span, _STRETCH.finditer(lengths)))
        chars = list(map(tokens.__getitem__, lone))
        near = self._near
        if self._near_docs < _COVER_ALL_AFTER:
            self._cover(chain(chars, chain.from_iterable(
                map(tokens.__getitem__, starmap(slice, found)))))
        lefts = list(map(operator.add,
                         map(tokens.__getitem__, map(operator.sub, lone, repeat(1))), chars))
        rights = list(map(tokens.__getitem__, map(operator.add, lone, repeat(1))))
        keep = set(compress(lone, map(near.__contains__, lefts)))
        keep.update(compress(lone, map(near.__contains__, map(operator.add, chars, rights))))
        if max_window >= 5:     # word + char + word: at least 2 + 1 + 2 characters
            keep.update(compress(lone, map(near.__contains__, map(operator.add, lefts, rights))))
        kept = [(i, i + 1) for i in keep]
        if found:
            kept += compress(found, _stretch_hits(tokens, lengths, found, near, max_window))
        kept.sort()
        return kept

    def _cover(self, chars) -> None:
        """The near words of every character in ``chars`` (and of all seen before): the strings
        of two to ``max-window`` characters that one swap of such a character (for one in its
        confusion set, ``swaps``) turns into a frequent word, i.e. the slot keys whose fills
        meet the character's confusion set, with the character in the blank.

        A window that is not a near word has no correction, so most windows are ruled out by
        one set lookup of their own text, no key built. Computed per character, when a document
        first has it as a single character (about 50 strings each, a few µs): a one-file run
        pays only for the characters it meets, a batch for each character once: from its
        ``_COVER_ALL_AFTER``-th document on, a process covers every character of the table at
        once, and documents need not list theirs any more. The result depends only on the
        characters and the tables, never on the text.

        The strings are made in bulk: per character, the keys of all its confusion set's fills
        (each fill's keys one newline-joined string, ``_keys_by_fill``) are joined, the blank
        replaced by the character and the result split: three C calls instead of a
        ``str.replace`` per key (about 35 ms instead of 70 for the whole table)."""
        near, done = self._near, self._near_chars
        self._near_docs += 1
        new = set(chars if self._near_docs < _COVER_ALL_AFTER else self.swaps)
        new.difference_update(done)
        if new:
            swaps, by_fill = self.swaps, self._keys_by_fill()
            for c in new:
                blob = "\n".join([by_fill[f] for f in swaps.get(c, ()) if f in by_fill])
                if blob:
                    near.update(blob.replace("\0", c).split("\n"))
            done.update(new)

    def _keys_by_fill(self) -> dict[str, str]:
        """fill character → the slot keys it fills (the slots, inverted), newline-joined (a key
        is a dictionary word, which holds no white space, with one character blanked)."""
        if self._by_fill is None:
            by_fill: dict[str, list[str]] = {}
            for key, fills in self._slots.items():
                for f in fills:
                    by_fill.setdefault(f, []).append(key)
            self._by_fill = {f: "\n".join(keys) for f, keys in by_fill.items()}
        return self._by_fill

    def _best_swap(self, best, a, b, t, swaps, tokens, bounds, joined, windows, seg):
        """The better of ``best`` and the swaps of single character tokens[t] in the window
        tokens[a:b] for the characters in ``swaps`` (each makes a frequent word).

        A candidate is (gain, order, start, end, corrected), offsets in ``joined``; the gain is
        the log-probability gained over the window's words as segmented. It counts only when
        large, or smaller but with a neighbouring word that joins the correction into a longer
        dictionary word (党员|于部 → 党员干部). Among equal gains the first in (window start,
        window end, character, replacement) order wins. ``windows`` keeps, per window of the
        stretch, its log-probability, or None when the window is a dictionary word already
        (no slip)."""
        s, e, p = bounds[a], bounds[b], bounds[t]
        order = (a, b, t)
        span = joined[s:e]
        if (a, b) not in windows:
            windows[a, b] = (None if seg.is_word(span) or span in self.words
                             else sum(map(seg.log_probability, tokens[a:b])))
        before = windows[a, b]
        if before is None:
            return best
        for other in sorted(swaps):       # the table's order
            cand = span[:p - s] + other + span[p - s + 1:]
            gain = seg.log_probability(cand) - before
            if gain < self.options["min-gain"]:
                continue
            # not better: a smaller gain, or an equal one but later in order
            if best is not None and not _beats((gain, order + (other,)), best):
                continue
            if gain < self.options["strong-gain"] and not _joins(tokens, a, b, cand, seg):
                continue
            best = (gain, order + (other,), s, e, cand)
        return best

    def _in_name(self, doc, text, start, end, seg) -> bool:
        """Whether the span lies in a person's, place's or organisation's name (HMM tagging of
        the sentence around it)."""
        sentence = doc.sentence_at(start)
        if sentence is not None and end <= sentence.end:
            a, b = sentence.start, sentence.end
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


def _segmentation():
    """The segmentation module, imported on first use (a function-level ``from .. import``
    costs about 5 µs per call: it goes through importlib)."""
    global _seg
    if _seg is None:
        from .. import segmentation
        _seg = segmentation
    return _seg


_seg = None


class _Runs:
    """The document's Han runs of two or more characters, each with ``SEP`` on either side,
    in ``joined`` (SEP run SEP run … SEP), segmented in one call (``tokens``, which therefore
    start and end with SEP: every single character has a token on either side).

    jieba and rjieba split text into blocks of Han characters (and letters and digits, which
    runs do not hold) and the rest; "\r\n" is always one token of its own and no word or route
    crosses it, so each run is segmented exactly as it would be alone (the tests check this):
    one call instead of one per run (about 180 per document). A two-character separator keeps
    separators out of the stretches of one-character tokens. Should a backend ever merge the
    separator into a word, the runs are cut one by one instead. Where the runs are in the
    document (``starts``, ``at``) is worked out only for the documents that ask (a candidate,
    a single character at the start of a run).
    """

    __slots__ = ("text", "pieces", "joined", "tokens", "_starts", "_at")

    def __init__(self, text: str, seg):
        self.text = text
        self.pieces = pieces = RUNS.findall(text)
        self.joined = f"{SEP}{SEP.join(pieces)}{SEP}" if pieces else ""
        tokens = seg.cut(self.joined) if pieces else []
        if pieces and tokens.count(SEP) != len(pieces) + 1:     # pragma: no cover - defensive
            tokens = [SEP]
            for piece in pieces:
                tokens.extend(seg.cut(piece))
                tokens.append(SEP)
        self.tokens = tokens
        self._starts = self._at = None

    @property
    def starts(self) -> list[int]:
        """Where each run starts in the document."""
        if self._starts is None:
            self._starts = list(map(re.Match.start, RUNS.finditer(self.text)))
        return self._starts

    @property
    def at(self) -> list[int]:
        """Where run r starts in ``joined`` (SEP before and after each run); at[-1] = len(joined)."""
        if self._at is None:
            self._at = list(map(operator.add, accumulate(map(len, self.pieces), initial=0),
                                count(len(SEP), len(SEP))))
        return self._at

    def _run(self, pos: int) -> int:
        return bisect.bisect_right(self.at, pos) - 1

    def to_text(self, pos: int) -> int:
        """The document offset of offset ``pos`` in ``joined``."""
        r = self._run(pos)
        return self.starts[r] + pos - self.at[r]

    def span_around(self, start: int) -> tuple[int, int]:
        """The document span of the run holding document offset ``start``."""
        r = bisect.bisect_right(self.starts, start) - 1
        return self.starts[r], self.starts[r] + self.at[r + 1] - self.at[r] - len(SEP)

    def follows_number(self, pos: int) -> bool:
        """Whether the run starting at ``pos`` in ``joined`` follows a number in the document:
        a character right after a number is a unit or measure word (18.2亿件), not a slip.
        Asked only for single characters that start a run and have a correction."""
        start = self.starts[bisect.bisect_left(self.at, pos)]
        before = self.text[start - 1] if start else ""
        return before.isdigit() or before in AFTER_DIGIT if before else False


@lru_cache(maxsize=512)
def _stretch_windows(left: int, m: int, right: int, max_window: int) -> tuple:
    """The windows of a stretch of ``m`` single characters between a word of ``left``
    characters and one of ``right`` (0: no word there), per single character t:
    (x0, y1, ((x, y, a, b), ...)) where a window spans characters x0 + x .. x0 + y of the text
    from the start of the word before, and tokens a .. b counted from that word. Windows cover t,
    hold two to ``max_window`` characters and at most that one word on either side.

    A pure function of four small numbers, and real text has few distinct shapes, so it is
    memoized (this is not a per-text cache)."""
    first = 1 if left else 0               # token index of the first single character
    starts = ([(0, 0)] if left else []) + [(left + k, first + k) for k in range(m)]
    ends = [(left + k + 1, first + k + 1) for k in range(m)]
    if right:
        ends.append((left + m + right, first + m + 1))
    xs, ys = [x for x, _ in starts], [y for y, _ in ends]
    out = []
    for k in range(m):
        q = left + k
        near_starts = starts[bisect.bisect_left(xs, q + 1 - max_window):bisect.bisect_right(xs, q)]
        near_ends = ends[bisect.bisect_left(ys, q + 1):bisect.bisect_right(ys, q + max_window)]
        wins = [(x, y, a, b) for x, a in near_starts for y, b in near_ends
                if 2 <= y - x <= max_window]
        x0 = min((w[0] for w in wins), default=q)
        y1 = max((w[1] for w in wins), default=q + 1)
        out.append((x0, y1, tuple((x - x0, y - x0, a, b) for x, y, a, b in wins)))
    # every window once, as a slice of the stretch's text (from the word before to the one after)
    spans = sorted({(x0 + x, x0 + y) for x0, _, wins in out for x, y, _, _ in wins})
    return tuple(out), tuple(slice(x, y) for x, y in spans)


#: an empty slice: two of them lead every window getter, so that it always returns a tuple
#: (``itemgetter`` of one item returns the item itself); "" is never a near word
_NOTHING = slice(0, 0)


class _WindowGetters(dict):
    """Shape → a C-level function from a stretch's text (the token before, the singles, the
    token after) to the text of its windows, for one ``max-window``. The shape is the bytes
    of those tokens' lengths, a slice of the token lengths: no tuple to build per stretch.
    The token on either side may be SEP, taken as a two-character word: the windows with it
    hold "\\r\\n", which no near word does, and the others are the stretch's own. (A token of
    255 characters or more has 255 as its length byte: longer than any window either way.)"""

    def __init__(self, max_window: int):
        super().__init__()
        self.max_window = max_window

    def __missing__(self, shape: bytes):
        if len(self) >= _MAX_SHAPES:    # real text has a few dozen shapes; stay bounded anyway
            self.clear()
        spans = _stretch_windows(shape[0], len(shape) - 2, shape[-1], self.max_window)[1]
        getter = self[shape] = operator.itemgetter(_NOTHING, _NOTHING, *spans)
        return getter


_GETTERS: dict[int, _WindowGetters] = {}
_MAX_SHAPES = 2048


def _stretch_hits(tokens, lengths, found, near, max_window) -> list[bool]:
    """For each stretch tokens[i:j] of two or more single characters: whether one of its
    windows is a near word. The windows are slices of the stretch's text with the tokens on
    either side, as its shape says (``_WindowGetters``)."""
    getters = _GETTERS.get(max_window) or _GETTERS.setdefault(max_window,
                                                             _WindowGetters(max_window))
    out = []
    for i, j in found:
        windows = getters[lengths[i - 1:j + 1]]("".join(tokens[i - 1:j + 1]))
        out.append(not near.isdisjoint(windows))
    return out


def _lengths(tokens: list[str]) -> tuple[bytes, bytes | list[int]]:
    """One byte per token, its length (for the regexes and the shapes of stretches; 255 for a
    token of 255 characters or more), and the tokens' sizes to add up into offsets in the
    joined text (the same bytes; a list when a token has 256+ characters)."""
    try:
        lengths = bytes(map(len, tokens))
        return lengths, lengths
    except ValueError:      # pragma: no cover - a token of 256+ characters
        sizes = list(map(len, tokens))
        return bytes(min(w, 255) for w in sizes), sizes


def _beats(cand, best) -> bool:
    """Whether candidate ``cand`` (gain, order, …) is better than ``best``: a larger gain, or an
    equal one and first in (window start, window end, character, replacement) order."""
    return (cand[0], best[1]) > (best[0], cand[1])


def _joins(tokens, a, b, cand, seg) -> bool:
    """Whether the word before or after the window joins the correction into a dictionary word
    (a SEP token ends the run: no word there)."""
    left = tokens[a - 1] if a > 0 else SEP
    right = tokens[b] if b < len(tokens) else SEP
    return bool(left != SEP and seg.is_word(left + cand) or
                right != SEP and seg.is_word(cand + right))


def _overlaps(text: str, word: str, start: int, end: int) -> bool:
    i = text.find(word, max(0, start - len(word)))
    while i != -1 and i < end:
        if i < end and i + len(word) > start:
            return True
        i = text.find(word, i + 1)
    return False


CHECK = ConfusionCheck
