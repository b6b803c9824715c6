"""Regex helpers for speed that never change what a regex finds.

- ``Gate``: most texts a check looks at (a sentence, a paragraph, a whole document) hold no match
  of a pattern, and every match holds one of the pattern's required strings
  (``regex_analysis.required_strings``: 下一步 or 今后 for "(?:^|[。；])\\s*(?:下一步|今后)…", ``@``
  for an e-mail address). A few ``str.find`` calls at C speed then rule the text out, where a
  pattern that opens with ^, a look-behind or an alternation would be tried at every position.
- ``LazyRegex``: a module-level regex compiled on first use, for cheap imports.
"""

from __future__ import annotations

import re
import sys

from .regex_analysis import guarded, required_strings


class Gate:
    """``gate.open(text, pos, endpos)``: whether ``text[pos:endpos]`` may hold a match of any of
    the regexes (False only when it surely holds none)."""

    def __init__(self, regexes):
        needs: set[str] = set()
        for rx in regexes:
            found = required_strings(rx) if isinstance(rx, re.Pattern) else None
            if not found:
                needs = set()
                break
            needs |= found
        self._needs = tuple(sorted(needs)) or None

    def open(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        if self._needs is None:
            return True
        for s in self._needs:
            if text.find(s, pos, endpos) >= 0:
                return True
        return False


class LazyRegex:
    """A module-level regex compiled on first use, so that importing the module compiles none
    (document.py and outline.py hold a dozen each). The first attribute access compiles it and
    puts the compiled pattern in the module's globals in its place: later uses inside the module
    cost nothing extra; a reference taken elsewhere keeps working through this object. With
    ``guard``, it is compiled with a first-character guard (``regex_analysis.guarded``)."""

    __slots__ = ("_namespace", "_name", "_args", "_guard")

    def __init__(self, namespace: dict, name: str, pattern: str, flags: int = 0,
                 guard: bool = False):
        self._namespace, self._name, self._args, self._guard = namespace, name, (pattern, flags), guard

    def __getattr__(self, attr):
        pattern, flags = self._args
        rx = re.compile(guarded(pattern, flags) if self._guard else pattern, flags)
        if self._namespace.get(self._name) is self:
            self._namespace[self._name] = rx
        return getattr(rx, attr)
