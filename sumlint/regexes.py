"""What every match of a regex must contain, read off the parsed pattern: a cheap, exact gate.

Python's ``re`` skips ahead at C speed only when a pattern opens with a literal or a character
class; a pattern that opens with ``^``, a look-behind or an alternation is tried at every
position of the text. Most texts a check looks at (a sentence, a paragraph, a whole document)
hold no match at all, and every match consumes at least one character of a set that can be read
off the pattern (``[）)]`` for "^[ \\t]*[0-9]{1,3}[）)]", ``@`` for an e-mail pattern). One scan
for those characters, at C speed, then rules the text out. It never rules out a text that holds
a match, so results are the same as without the gate.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

try:
    from re import _constants as _sre, _parser as _sre_parse   # Python 3.11+
except ImportError:                                         # pragma: no cover - Python 3.9, 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sre, name))


def _needed(items) -> set[str] | None:
    """Characters of which every match of the parsed sequence ``items`` holds at least one (the
    smallest such set among its mandatory parts); None when no part tells."""
    best = None
    for op, av in items:
        found = _needed_item(op, av)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _needed_item(op, av) -> set[str] | None:
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.IN:
        out: set[str] = set()
        for o, a in av:
            if o is _sre.LITERAL:
                out.add(chr(a))
            elif o is _sre.RANGE and a[1] - a[0] < 256:
                out.update(map(chr, range(a[0], a[1] + 1)))
            else:                     # negated sets, categories (\s, \w), large ranges
                return None
        return out
    if op is _sre.SUBPATTERN:
        _, add_flags, _, sub = av
        return None if add_flags & _sre.SRE_FLAG_IGNORECASE else _needed(sub.data)
    if op is _sre.BRANCH:
        out = set()
        for alternative in av[1]:
            found = _needed(alternative.data)
            if found is None:
                return None
            out |= found
        return out
    if op in _REPEATS and av[0] >= 1:
        return _needed(av[2].data)
    return None                       # anchors, look-arounds, ., back-references …


@lru_cache(maxsize=1024)
def needed_chars(pattern: str, flags: int = 0) -> frozenset | None:
    """Characters of which every match of ``pattern`` holds one; None when unknown (then the
    pattern cannot be gated)."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & _sre.SRE_FLAG_IGNORECASE:
        return None
    found = _needed(parsed.data)
    return frozenset(found) if found else None


class Gate:
    """``gate.open(text, pos, endpos)``: whether ``text[pos:endpos]`` may hold a match of any of
    the regexes (False only when it surely holds none)."""

    def __init__(self, regexes):
        chars: set[str] = set()
        for rx in regexes:
            pattern, flags = getattr(rx, "pattern", None), getattr(rx, "flags", None)
            found = needed_chars(pattern, flags) if isinstance(pattern, str) and flags is not None \
                else None
            if found is None:
                chars = set()
                break
            chars |= found
        self._search = re.compile("[" + "".join(map(re.escape, sorted(chars))) + "]").search \
            if chars else None

    def open(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        return self._search is None or self._search(text, pos, endpos) is not None


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
