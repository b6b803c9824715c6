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
- ``LazyRegex``: a module-level regex compiled on first use, for cheap imports.
- ``find_all``: every (index, start, end) of an ahocorasick-rs automaton's strings in a text,
  also in text that holds lone surrogates (from undecodable input), which cannot cross into Rust.
"""

from __future__ import annotations

import bisect
import re
import sys

try:  # Python 3.11+
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c
    import sre_parse



class Gate:
    """``gate.open(text, pos, endpos)``: whether ``text[pos:endpos]`` may hold a match of any of
    the regexes (False only when it surely holds none)."""

    def __init__(self, regexes):
        from .regex_analysis import required_strings    # only when a check is built, not read
        needs: set[str] = set()                           # from the pack cache
        for rx in regexes:
            found = required_strings(rx) if isinstance(getattr(rx, "pattern", None), str) else None
            if not found:
                needs = set()
                break
            needs |= found
        self._needs = tuple(sorted(needs)) or None
        # several strings: one scan for all of them (an alternation of literals, which ``re``
        # skips through at C speed by their first characters) instead of a find per string
        # (a pattern, not its bound method: checks are pickled into the pack cache)
        self._any = re.compile("|".join(map(re.escape, self._needs))) \
            if self._needs and len(self._needs) > 1 else None

    def open(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        if self._needs is None:
            return True
        if self._any is not None:
            return self._any.search(text, pos, endpos) is not None
        return text.find(self._needs[0], pos, endpos) >= 0


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


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def find_all(automaton, strings, text: str) -> list[tuple[int, int, int]]:
    """(index in ``strings``, start, end) of every occurrence, overlaps included, in code points.

    No string holds a lone surrogate, so each becomes a character none of the strings holds:
    offsets stay put and no match is gained or lost."""
    try:
        return automaton.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:
        filler = next(c for c in "\ufffd\uffff\x00\U0010fffd" if not any(c in s for s in strings))
        return automaton.find_matches_as_indexes(_SURROGATE_RE.sub(filler, text), overlapping=True)


def prefix_width(pattern: str, flags: int, group: str) -> int | None:
    """The most characters a match of ``pattern`` can span before its group ``group`` starts,
    or None: when the group is not an item of the pattern's top-level sequence (inside an
    alternation or a repeat), what comes before it is unbounded (``*``, ``+``), or the pattern
    opens with a literal, a class or ``^`` (``re`` scans for those by itself, faster)."""
    try:
        parsed = sre_parse.parse(pattern, flags & ~re.UNICODE)
    except re.error:
        return None
    index = parsed.state.groupdict.get(group)
    items = list(parsed)
    if not items or items[0][0] in (sre_c.LITERAL, sre_c.IN, sre_c.AT):
        return None
    for k, (op, av) in enumerate(items):
        if op is sre_c.SUBPATTERN and av[0] == index:
            widest = sre_parse.SubPattern(parsed.state, items[:k]).getwidth()[1]
            return widest if widest < sre_c.MAXREPEAT - 1 else None
    return None


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
