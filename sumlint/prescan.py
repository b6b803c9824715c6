"""``Prescanned``: a regex's ``finditer`` with the possible match starts found at C speed.

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
"""

from __future__ import annotations

import bisect
import re
import sys


class Prescanned:
    """``finditer(text, pos, endpos)`` of the compiled ``rx`` (``source`` as written, with
    ``flags``), the same matches in the same order. Falls back to ``rx.finditer`` for patterns
    that ``re`` scans fast by itself, whose first characters are unknown or that can match the
    empty string."""

    def __init__(self, source: str, rx: re.Pattern, flags: int = 0):
        from .regex_analysis import first_char_class, guarded   # only when a check is built
        self.rx = rx
        self.starts = None
        self.line_led = False
        try:
            if _min_width(source, flags) == 0:
                return
            if _opens_with_line_start(source, flags):
                # ^ under re.M: a match starts at a line's start, found by its \n (a literal,
                # scanned for at C speed), where ``re`` would try ^ at every position
                self.starts, self.line_led = re.compile(f"\\n(?={source})", flags), True
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
            at = start.end() if self.line_led else start.start()
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
    as a mark), found with one scan of the whole text where most paragraphs hold none."""
    paras = doc.paragraphs
    starts = [p.start for p in paras]
    out, last = [], -1
    for m in rx.finditer(doc.text):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k > last and m.start() < paras[k].end:
            out.append(k)
            last = k
    return out


try:  # Python 3.11+
    from re import _constants as sre_c
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre_c
    import sre_parse


def _min_width(source: str, flags: int) -> int:
    return sre_parse.parse(source, flags & ~re.UNICODE).getwidth()[0]


def _opens_with_line_start(source: str, flags: int) -> bool:
    """Whether every match starts at a line's start: the pattern opens with ^ under re.M."""
    parsed = sre_parse.parse(source, flags & ~re.UNICODE)
    items = list(parsed)
    return bool(items) and items[0] == (sre_c.AT, sre_c.AT_BEGINNING) \
        and bool((flags | parsed.state.flags) & re.M)
