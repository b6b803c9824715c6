"""Regex helpers for speed that never change what a regex finds.

- ``Gate``: most texts a check looks at (a sentence, a paragraph, a whole document) hold no match
  of a pattern, and every match holds one of the pattern's required strings
  (``regex_analysis.required_strings``: 下一步 or 今后 for "(?:^|[。；])\\s*(?:下一步|今后)…", ``@``
  for an e-mail address). A few ``str.find`` calls at C speed then rule the text out, where a
  pattern that opens with ^, a look-behind or an alternation would be tried at every position.
- ``Anchored``: a pattern whose match holds a group (a year) at most a few characters from its
  start, tried only just before the places that group can match, where ``re`` would try it at
  every position of the text (a pattern opening with ``(?<=[。！？\\s])[^…]{0,16}?`` has no first
  character to scan for).
- ``Prescanned``: ``finditer`` of a pattern that ``regex_analysis.guarded`` can only lead with a
  look-ahead (an optional first item), or of fixed width ending with a literal: its possible
  starts found by a class- or literal-led scan at C speed, ``rx.match`` there (details in the
  class's docstring); ``paragraphs_with``: the paragraphs that hold a match of a one-character
  regex.
- ``LazyRegex``: a module-level regex compiled on first use, for cheap imports.
- ``SharedStrings``: the strings of several rules found in one automaton pass per text (on its
  UTF-8 bytes: only the matches' offsets are converted to code points); ``STRINGS`` is the one
  instance the checks share (the pattern rules' required strings, the substitution lists).
"""

from __future__ import annotations

import bisect
import re
import sys
from operator import itemgetter

try:  # Python 3.11+
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c
    import sre_parse


#: a Gate with up to this many needed strings looks for them one by one
FEW_NEEDS = 4


class Gate:
    """``gate.open(text, pos, endpos)``: whether ``text[pos:endpos]`` may hold a match of any of
    the regexes (False only when it surely holds none). ``needs``: the strings one of which
    every match holds, sorted (None: no such set is known)."""

    def __init__(self, regexes):
        from .regex_analysis import required_strings    # only when a check is built, not read
        needs: set[str] = set()                           # from the pack cache
        for rx in regexes:
            found = required_strings(rx) if isinstance(getattr(rx, "pattern", None), str) else None
            if not found:
                needs = set()
                break
            needs |= found
        self.needs = tuple(sorted(needs)) or None
        # many strings: one scan for all of them (an alternation of literals, which ``re``
        # skips through by their first characters) instead of a find per string; up to
        # FEW_NEEDS, a find per string is faster (``re`` tests each character against the
        # class of first characters: 开发区|管委会|经开区|高新区 took 2.5 times as long as four finds)
        # (a pattern, not its bound method: checks are pickled into the pack cache)
        self._any = re.compile("|".join(map(re.escape, self.needs))) \
            if self.needs and len(self.needs) > FEW_NEEDS else None

    def open(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        if self.needs is None:
            return True
        if self._any is not None:
            return self._any.search(text, pos, endpos) is not None
        for need in self.needs:         # a loop: ``any`` over a generator costs more per call
            if text.find(need, pos, endpos) >= 0:
                return True
        return False


class LazyRegex:
    """A module-level regex compiled on first use, so that importing the module compiles none
    (document.py and outline.py hold a dozen each). The first attribute access compiles it and
    puts the compiled pattern in the module's globals in its place: later uses inside the module
    cost nothing extra; a reference taken elsewhere keeps working through this object."""

    __slots__ = ("_namespace", "_name", "_args")

    def __init__(self, namespace: dict, name: str, pattern: str, flags: int = 0):
        self._namespace, self._name, self._args = namespace, name, (pattern, flags)

    def __getattr__(self, attr):
        rx = re.compile(*self._args)
        if self._namespace.get(self._name) is self:
            self._namespace[self._name] = rx
        return getattr(rx, attr)


class SharedStrings:
    """The strings of several rules, found with one Aho–Corasick pass per text.

    A scan costs little less for SL702's 34 strings than for SL701's 750 (its time goes to
    reading the text), so checks that each scanned the text with an automaton of their own share
    one here (``STRINGS``). A rule ``add``s its strings when its check is built (and when it is
    read back from the pack cache: the automaton is per process); ``find_all(text)`` gives
    (string, start, end) of every occurrence of every string added, overlaps included, in code
    points; ``in_document(doc)`` the same for a document's text, once per document: every rule
    asks about the same text."""

    def __init__(self):
        self._added: dict[str, None] = {}       # a set that keeps the order
        self._strings: list[str] = []           # the automaton's, by index
        self._automaton = None
        #: bumped when strings are added: a document's hits found before then are stale
        self.generation = 0

    def add(self, strings) -> None:
        before = len(self._added)
        self._added.update(dict.fromkeys(strings))
        if len(self._added) > before:
            self._automaton = None
            self.generation += 1

    def in_document(self, doc) -> list[tuple[str, int, int]]:
        """``find_all(doc.text)``, kept with the document (documents are checked in batches,
        rule by rule, so the rules asking about one text are not asked one after another)."""
        return doc.memo(f"regexes.SharedStrings.{id(self)}.{self.generation}",
                        lambda: self.find_all(doc.text))

    def find_all(self, text: str) -> list[tuple[str, int, int]]:
        if self._automaton is None:
            import ahocorasick_rs
            self._strings = list(self._added)
            # a contiguous NFA, not a DFA: alone in a loop the DFA scans faster, but its table
            # (~1,150 strings of 2-3 bytes a character) leaves the CPU caches while the other
            # checks run, and in a real run over bench1k it took 0.20-0.25 s against the
            # compact NFA's 0.13-0.19 s (and 6.4 ms to build against 1.3)
            self._automaton = ahocorasick_rs.BytesAhoCorasick(
                [s.encode("utf-8", "surrogatepass") for s in self._strings],
                matchkind=ahocorasick_rs.MatchKind.Standard,
                implementation=ahocorasick_rs.Implementation.ContiguousNFA)
        # UTF-8 bytes: the str interface maps every byte offset to a code point for each call
        # (a table as long as the text); here only the few matches' offsets are converted
        data = text.encode("utf-8", "surrogatepass")
        found = self._automaton.find_matches_as_indexes(data, overlapping=True)
        if found:
            found = self._in_code_points(found, data)
        return found

    def _in_code_points(self, found, data: bytes) -> list[tuple[str, int, int]]:
        """(string, start, end) in code points from the automaton's (index, start, end) in bytes.
        UTF-8 (with surrogates passed, on both sides) is self-synchronizing, so a match starts
        and ends on character boundaries and spans its string's code points."""
        strings, out = self._strings, []
        at = chars = 0
        for i, start, _end in sorted(found, key=itemgetter(1)):
            chars += len(data[at:start].decode("utf-8", "surrogatepass"))
            at = start
            out.append((strings[i], chars, chars + len(strings[i])))
        return out


#: the strings every check of this process looks for, found in one pass per text: the pattern
#: rules' required strings (pattern.NEEDLES) and the substitution rules' wrong strings
STRINGS = SharedStrings()


def items_before_group(pattern: str, flags: int, group: str,
                       scanned=(sre_c.LITERAL, sre_c.IN, sre_c.AT)) -> tuple | None:
    """(parsed pattern, its top-level items before group ``group``), or None: when the group is
    not an item of the pattern's top-level sequence (inside an alternation or a repeat), the
    pattern does not parse, or it opens with an item of ``scanned`` (``re`` scans for a
    literal or a class by itself, faster than any anchoring)."""
    try:
        parsed = sre_parse.parse(pattern, flags & ~re.UNICODE)
    except re.error:
        return None
    index = parsed.state.groupdict.get(group)
    items = list(parsed)
    if not items or items[0][0] in scanned:
        return None
    for k, (op, av) in enumerate(items):
        if op is sre_c.SUBPATTERN and av[0] == index:
            return parsed, items[:k]
    return None


def prefix_width(pattern: str, flags: int, group: str) -> int | None:
    """The most characters a match of ``pattern`` can span before its group ``group`` starts,
    or None (see ``items_before_group``; also when what comes before is unbounded: ``*``, ``+``)."""
    found = items_before_group(pattern, flags, group)
    if found is None:
        return None
    parsed, before = found
    widest = sre_parse.SubPattern(parsed.state, before).getwidth()[1]
    return widest if widest < sre_c.MAXREPEAT - 1 else None


class Anchored:
    """``rx`` searched only near the starts of its group ``group`` (the ``anchors`` given).

    A match whose group starts at q starts in [q - width, q]. ``window`` tries ``rx`` at each
    position of such a stretch in turn in one ``re`` call (a lazy ``{0,width}`` before a
    look-ahead holding the pattern, so group numbers and back-references are unchanged), and the
    match found is ``rx.match`` at that position: what ``finditer`` gives, since it tries the
    positions in the same order and no match can start outside the stretches. Patterns for which
    no width is known, or whose window does not compile (global flags), are searched as usual."""

    def __init__(self, source: str, rx: re.Pattern, group: str, widest: int = 40):
        self.rx = rx
        self.width = prefix_width(source, rx.flags, group)
        self.window = None
        if self.width is not None and self.width <= widest:
            try:
                self.window = re.compile(rf"[\s\S]{{0,{self.width}}}?(?={source})", rx.flags)
            except re.error:
                self.width = None

    @property
    def groupindex(self):
        return self.rx.groupindex

    def finditer(self, text: str, pos: int, anchors: list[int]):
        """``rx.finditer(text, pos)``, given ``anchors``: every offset (sorted) where the
        group's own pattern matches (a superset does no harm)."""
        if self.window is None:
            yield from self.rx.finditer(text, pos)
            return
        width, window, match = self.width, self.window.match, self.rx.match
        i = bisect.bisect_left(anchors, pos)
        while i < len(anchors):
            at = max(pos, anchors[i] - width)
            m = window(text, at)
            if m is None:
                pos = at + width + 1         # no match starts in [at, at + width]
            else:
                m = match(text, m.end())
                yield m
                pos = max(m.end(), m.start() + 1)
            i = bisect.bisect_left(anchors, pos, i)


class Prescanned:
    """``finditer(text, pos, endpos)`` of the compiled ``rx`` (``source`` as written, with
    ``flags``), the same matches in the same order. Falls back to ``rx.finditer`` for patterns
    that ``re`` scans fast by itself, whose first characters are unknown or that can match the
    empty string.

    ``re`` scans ahead quickly only when a pattern opens with a literal or a character class: it
    then skips, in its C loop, every position whose character cannot start a match. A pattern that
    opens with a look-behind or an alternation gets no such skip. ``regex_analysis.guarded``
    rewrites most of them to open with their first character (``hoisted``); where it cannot (an
    optional first item: ``(?:^|(?<=[，。]))(?:今年|同时)?[，,]?(?P<unit>…)``) it puts a first-character
    look-ahead in front, which fails fast but still costs a match attempt at every position: ``re``
    does not scan by a look-ahead. Those are the patterns ``Prescanned`` is for.

    Here the first-character class is put in front as a real class, and the pattern itself in a
    look-ahead behind it (``[cls](?<=(?=PATTERN)[\\s\\S])``: the class character read, look back over
    it and check that the pattern matches from there). ``re`` scans by the class at C speed and
    stops only where the whole pattern matches; ``rx.match`` there gives the match. Skipping the
    starts inside the previous match reproduces ``finditer`` exactly: for a pattern that cannot
    match the empty string, ``finditer`` is a chain of ``search`` calls each from the previous
    match's end, and ``search`` returns ``match`` at the first position where it succeeds.

    A pattern that opens with ^ under re.M gets the same treatment with ``\\n`` in front: its
    matches start at the search's start (when that is a line's start) or just after a line break.

    A pattern of fixed width that opens with a class but ends with a literal (the mixed-forms
    years ``[一二](?<=…)[〇零…]{3}年``) is scanned for that literal, the pattern in a look-behind
    over it (``年(?<=PATTERN)``): ``re`` looks for one literal ten times faster than it tests each
    character against a class, and 年 is rarer than 一 or 二. The match starts ``width``
    characters before the end of the literal found."""

    def __init__(self, source: str, rx: re.Pattern, flags: int = 0):
        from .regex_analysis import first_char_class, guarded   # only when a check is built
        self.rx = rx
        self.starts = None
        self.line_led = False
        self.shift = 1           # a match starts this many characters before a start's end
        try:
            if _min_width(source, flags) == 0:
                return
            if _opens_with_line_start(source, flags):
                # ^ under re.M: a match starts at a line's start, found by its \n (a literal,
                # scanned for at C speed), where ``re`` would try ^ at every position
                self.starts, self.line_led = re.compile(f"\\n(?={source})", flags), True
                self.shift = 0
                return
            last = _last_literal(source, flags)
            if last is not None:
                self.starts = re.compile(f"{re.escape(last[0])}(?<={source})", flags)
                self.shift = last[1]
                return
            # only where ``guarded`` can do no better than a look-ahead guard: a pattern that
            # opens with a literal or a class, or that ``hoisted`` rewrites to open with one, is
            # scanned fast by ``re`` itself (as is one whose first characters are unknown)
            if not guarded(source, flags).startswith("(?="):
                return
            cls = first_char_class(source, flags)
            if cls is not None:
                self.starts = re.compile(f"{cls}(?<=(?={source})[\\s\\S])", flags)
        except re.error:         # global flags inside the pattern, say: searched as usual
            self.starts = None

    @property
    def groupindex(self):
        return self.rx.groupindex

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize):
        if self.starts is None:
            yield from self.rx.finditer(text, pos, endpos)
            return
        match = self.rx.match
        if self.line_led:           # the line start at pos, if it is one; then those after \n
            m = match(text, pos, endpos)
            if m is not None:
                yield m
                pos = m.end()
        for start in self.starts.finditer(text, pos, endpos):
            at = start.end() - self.shift
            if at < pos:
                continue            # inside the previous match: finditer goes on from its end
            m = match(text, at, endpos)
            if m is None:           # cannot happen (the look-ahead is the pattern); to be safe:
                yield from self.rx.finditer(text, at, endpos)   # none starts before ``at``
                return
            yield m
            pos = m.end()


def paragraphs_with(doc, rx) -> list[int]:
    """Indices of the paragraphs of ``doc`` that hold a match of ``rx`` (one character long,
    as a mark), found by searching the whole text where most paragraphs hold none. After a hit
    the search goes on from the next paragraph's start: a paragraph full of marks (thousands of
    half-width commas in some documents) costs one search, not a Python step per mark."""
    paras, starts = doc.paragraphs, doc.paragraph_starts
    search, text = rx.search, doc.text
    out = []
    m = search(text)
    while m is not None:
        k = bisect.bisect_right(starts, m.start()) - 1
        if k >= 0 and m.start() < paras[k].end:
            out.append(k)
        if k + 1 == len(paras):
            break
        m = search(text, starts[k + 1])      # after m.start(): bisect_right
    return out


def _min_width(source: str, flags: int) -> int:
    return sre_parse.parse(source, flags & ~re.UNICODE).getwidth()[0]


def _last_literal(source: str, flags: int) -> tuple[str, int] | None:
    """(the literal character, the width) of a pattern of fixed width whose last character is a
    literal (look-arounds may follow it) and whose first is not: ``re`` scans for a first
    literal fast by itself. None for any other pattern."""
    parsed = sre_parse.parse(source, flags & ~re.UNICODE)
    low, high = parsed.getwidth()
    chars = [item for item in parsed if item[0] not in (sre_c.ASSERT, sre_c.ASSERT_NOT, sre_c.AT)]
    if low != high or not chars or chars[0][0] is sre_c.LITERAL or chars[-1][0] is not sre_c.LITERAL:
        return None
    return chr(chars[-1][1]), low


def _opens_with_line_start(source: str, flags: int) -> bool:
    """Whether every match starts at a line's start: the pattern opens with ^ under re.M."""
    parsed = sre_parse.parse(source, flags & ~re.UNICODE)
    items = list(parsed)
    return bool(items) and items[0] == (sre_c.AT, sre_c.AT_BEGINNING) \
        and bool((flags | parsed.state.flags) & re.M)
