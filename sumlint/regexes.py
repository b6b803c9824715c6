"""Regex helpers for speed that never change what a regex finds.

- ``Gate``: most texts a check looks at (a sentence, a paragraph, a whole document) hold no match
  of a pattern, and every match holds one of the pattern's required strings
  (``regex_analysis.required_strings``: 下一步 or 今后 for "(?:^|[。；])\\s*(?:下一步|今后)…", ``@``
  for an e-mail address). A few ``str.find`` calls at C speed then rule the text out, where a
  pattern that opens with ^, a look-behind or an alternation would be tried at every position.
- ``LazyRegex``: a module-level regex compiled on first use, for cheap imports.
- ``find_all``: every (index, start, end) of an ahocorasick-rs automaton's strings in a text,
  also in text that holds lone surrogates (from undecodable input), which cannot cross into Rust.
"""

from __future__ import annotations

import re
import sys



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
