"""The Document model: text parsed once into lines, paragraphs, sentences, title, headings,
inline series (一是/二是) and year/period mentions. Checks only read it.

All positions are character offsets into ``Document.text`` (newlines normalised to ``\\n``);
``Document.position`` turns an offset into a 1-based line and column.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from .numerals import CN_NUMERAL_CHARS, cn_digits_year, cn_to_int, enclosed_to_int, CIRCLED, \
    PAREN_CN, PAREN_DIGITS, FULLWIDTH_DIGITS
from .regexes import LazyRegex


class Line(NamedTuple):
    """A line of the text (a NamedTuple, as Paragraph and Sentence: built by the ten thousand
    per run, three times cheaper than frozen dataclasses)."""
    index: int          # 0-based
    start: int
    end: int            # exclusive, newline not included
    text: str


class Paragraph(NamedTuple):
    """A non-blank line, or a piece of a very long line split at inline heading markers."""
    index: int
    start: int          # offset of the first non-space character
    end: int
    text: str
    line: int           # 0-based line index of ``start``
    derived: bool = False  # True when cut out of a longer line (one-line documents)


_match_end = re.Match.end
# NamedTuple.__new__ is a Python function; tuple.__new__(cls, values) builds the same record
# without that frame (sentences are built by the ten thousand).
_new_record = tuple.__new__


class Sentence(NamedTuple):
    """A sentence of a paragraph (a NamedTuple: documents make tens of thousands of them, and a
    frozen dataclass costs three times as much to build)."""
    start: int
    end: int
    text: str
    paragraph: int


class cached_property:
    """functools.cached_property without its lock (Python < 3.12 takes one on every first
    access, ~2 µs; a Document is never shared between threads while it is parsed)."""

    def __init__(self, func):
        self.func, self.name, self.__doc__ = func, func.__name__, func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class Heading(NamedTuple):
    """A numbered paragraph start such as 一、 （一） 1. （1） ①.

    The records below are NamedTuples like Line (read-only, built by the thousand; nothing
    relies on dataclass behaviour).

    ``style`` names the marker form (see ``HEADING_STYLES``); ``nominal_level`` is its place in the
    GB/T 9704 hierarchy (一、=1, （一）=2, 1.=3, （1）=4, enclosed=5); the real nesting is for
    checks to infer from the order styles appear in.
    """
    paragraph: int
    start: int          # marker start
    marker_end: int     # end of the marker (一、)
    end: int            # end of the heading text (first sentence or the paragraph)
    style: str
    ordinal: int
    marker: str
    text: str           # heading text after the marker
    nominal_level: int
    standalone: bool    # the paragraph is only the heading (a short line)


class SeriesItem(NamedTuple):
    """An inline enumeration marker: 一是 / 二要 / 三抓 …"""
    start: int
    end: int
    ordinal: int
    word: str           # 是, 要, …
    paragraph: int


class YearMention(NamedTuple):
    start: int
    end: int
    year: int
    text: str


class Part(NamedTuple):
    """One document of a file that holds several (篇1 … 篇8, or articles pasted one after another)."""
    index: int
    start: int
    end: int


class PeriodMention(NamedTuple):
    start: int
    end: int
    period: str         # H1, H2, Q1..Q4, year
    text: str


HEADING_STYLES = {
    "cn-dun": 1, "cn-dot": 1,
    "cn-paren-full": 2, "cn-paren-half": 2, "cn-paren-mixed": 2, "paren-cn": 2,
    "num-dot": 3, "num-fullstop": 3, "num-dun": 3,
    "num-paren-full": 4, "num-paren-half": 4, "num-paren-mixed": 4, "paren-num": 4,
    "circled": 5,
}

_CN = f"[{CN_NUMERAL_CHARS}]{{1,3}}"
_NUM = r"[0-9０-９]{1,2}"
_HEADING_RE = LazyRegex(globals(), "_HEADING_RE",
    rf"(?P<cndun>{_CN})[、]"
    rf"|(?P<cndot>{_CN})[.．](?![0-9])"
    rf"|(?P<cnp>[（(]){_CN}(?P<cnpc>[）)])"
    rf"|(?P<nump>[（(]){_NUM}(?P<numpc>[）)])"
    rf"|(?P<num>{_NUM})(?P<numsep>[.．、])(?![0-9０-９.．])"
    rf"|(?P<enc>[{CIRCLED}{PAREN_DIGITS}{PAREN_CN}])"
)
_LEAD_RE = LazyRegex(globals(), "_LEAD_RE", r"[ \t\u3000\u00a0>＞]*")
# Inline markers at which a one-line extraction is cut into paragraphs.
_INLINE_SPLIT_RE = LazyRegex(globals(), "_INLINE_SPLIT_RE",
    rf"(?<![{CN_NUMERAL_CHARS}第0-9])(?={_CN}、)"
    rf"|(?=[（(]{_CN}[）)])"
    rf"|(?<=[^0-9０-９.．])(?=篇[0-9０-９]{{1,2}}(?![0-9]))"
)
# The regexes below would open with a look-behind or an alternation, which ``re`` tries at every
# position. Each is written opened by a literal or a class instead, which ``re`` scans for in C
# (as regex_analysis.hoisted does for rule packs), with the same matches; tests in
# tests/test_document.py compare each with its readable form, given in the comment above it.
# _SERIES_RE reads: (?:^|(?<=[，。；…]))(?P<num>[一…十]{1,2})(?P<word>是|要|…), written as
# regex_analysis.hoisted rewrites it.
_SERIES_AFTER = "，。；：、！？,;:!?\\s）)”"
_SERIES_RE = LazyRegex(globals(), "_SERIES_RE",
    rf"(?P<num>[{CN_NUMERAL_CHARS}](?<=(?:(?<=^)|(?<=[{_SERIES_AFTER}]))[{CN_NUMERAL_CHARS}])"
    rf"[{CN_NUMERAL_CHARS}]?)"
    r"(?P<word>是|要|抓|靠|强化|坚持)"
)
# _SERIES_RE without its context, to find the paragraphs worth reading (see _series_paragraphs);
# [x][x]? rather than [x]{1,2}: re scans in C only for a pattern that opens with a plain class.
_SERIES_BARE_RE = LazyRegex(globals(), "_SERIES_BARE_RE",
    rf"[{CN_NUMERAL_CHARS}][{CN_NUMERAL_CHARS}]?(?:是|要|抓|靠|强化|坚持)")
# _SENTENCE_END_RE reads: (?=[。！？!?…])(?:[。！？!?]+[”’」』）)]*|(?:……|…)[”’」』]*(?=\s*$)): 。！？
# runs with closing quotes, or an ellipsis that ends the text searched; the branch after the
# opening class goes by the mark just taken.
_SENTENCE_END_RE = LazyRegex(globals(), "_SENTENCE_END_RE",
    r"[。！？!?…](?:(?<=[。！？!?])[。！？!?]*[”’」』）)]*|(?<=…)…?[”’」』]*(?=\s*$))")
# _YEAR_RE reads: (?<![0-9０-９])(?P<y>(?:19|20)[0-9]{2})(?=\s*年)|(?P<cy>[〇零…九]{4})(?=年);
# written opened by the class of first characters, each branch checking with a look-behind the
# character just taken (tests compare it with the readable form). Arabic years start with 1 or 2.
_CN_YEAR_DIGITS = "〇零一二三四五六七八九"
_YEAR_RE = LazyRegex(globals(), "_YEAR_RE",
    rf"[12{_CN_YEAR_DIGITS}](?:(?<![0-9０-９][12])(?:(?<=1)9|(?<=2)0)[0-9]{{2}}(?=\s*年)"
    rf"|(?<=[{_CN_YEAR_DIGITS}])[{_CN_YEAR_DIGITS}]{{3}}(?=年))")
# _PERIOD_RE reads: (?P<H1>上半年|1-6月|1—6月|1～6月|前半年)|(?P<H2>下半年)
# |(?P<Q>第?(?P<q>[一二三四1-4])季度)|(?P<year>全年|年度|年终|年底); opened by the class of first
# characters as _YEAR_RE. At most one branch can match at a position (their first characters
# differ), so the order of the branches does not matter; the period is read off the text.
_PERIOD_LONGEST = 4      # characters of the longest _PERIOD_RE match (第一季度, 1-6月)
_PERIOD_RE = LazyRegex(globals(), "_PERIOD_RE",
    r"[上前下第全年一二三四1-4]"
    r"(?:(?<=[上前下])半年|(?<=1)[-—～]6月|(?<=第)[一二三四1-4]季度|(?<=[一二三四1-4])季度"
    r"|(?<=全)年|(?<=年)[度终底])"
)
_TITLE_KEYWORDS = LazyRegex(globals(), "_TITLE_KEYWORDS",
    r"总结|报告|汇报|计划|要点|方案|述职|述廉|讲话|发言|意见|通知|规划|打算|自查|剖析")

LONG_LINE = 600
# Where a new document starts inside a compilation: a 篇N / 第N篇 marker at a paragraph start, or a
# "关于…的情况汇报" title glued after a sentence end in a one-line extraction. The latter reads
# (?<=[。！？!?])关于…; opened by its literal 关 instead, re scans for it in C (the same matches).
_PART_MARK_RE = LazyRegex(globals(), "_PART_MARK_RE",
                          rf"篇[0-9０-９]{{1,2}}(?![0-9０-９])|第[{CN_NUMERAL_CHARS}0-9]{{1,3}}篇")
_INLINE_TITLE_RE = LazyRegex(globals(), "_INLINE_TITLE_RE",
    r"关(?<=[。！？!?]关)于[^。，,；;：:！？!?“”《》\n]{2,40}?的?(?:情况汇报|工作汇报|工作总结|总结报告|情况报告)"
    r"(?=[^\s。，,；;：:）)])")
# How the opening paragraph of a work summary typically begins (taken along when numbering restarts).
_INTRO_RE = LazyRegex(globals(), "_INTRO_RE",
                      r"(?:今年|年初|去年|近年|[0-9０-９XxＸ_]{2,4}年)以来|为(?:响应|贯彻|进一步|深入|认真)"
                      r"|根据|按照|[0-9０-９XxＸ_]{2,4}年[,，]")


def _period_name(text: str) -> str:
    """H1, H2, Q1..Q4 or year for a _PERIOD_RE match."""
    if text.endswith("季度"):
        return "Q" + str("一二三四1234".index(text[-3]) % 4 + 1)
    if text in ("全年", "年度", "年终", "年底"):
        return "year"
    return "H2" if text == "下半年" else "H1"


_LEAD_CHARS = frozenset(" \t\u3000\u00a0>＞")
_PART_MARK_FIRST = _LEAD_CHARS | {"篇", "第"}   # a paragraph _PART_MARK_RE may match
# The characters a _HEADING_RE match can start with: a paragraph opening with another one is no
# heading, known without entering the regex (most paragraphs; a test checks the set is complete).
_HEADING_FIRST = frozenset(f"{CN_NUMERAL_CHARS}（(0123456789０１２３４５６７８９"
                           f"{CIRCLED}{PAREN_DIGITS}{PAREN_CN}")


def strip_lead(text: str, start: int) -> int:
    """Offset after the quote marks / spaces a paragraph opens with (most open with none)."""
    if text[start:start + 1] not in _LEAD_CHARS:
        return start
    return _LEAD_RE.match(text, start).end()


def _holding(spans: list, starts: list[int], offset: int):
    """The span of ``spans`` (sorted, not overlapping; ``starts`` their starts) that holds
    ``offset``, or None."""
    i = bisect.bisect_right(starts, offset) - 1
    return spans[i] if i >= 0 and offset < spans[i].end else None


class Document:
    """A document's text, parsed lazily once per property; cheap to build."""

    def __init__(self, text: str, path: str = "<text>", directives: tuple = ()):
        self.directives = tuple(directives)   # Markdown control comments (inputs.Directive)
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("\ufeff"):
            text = text[1:]
        self.text = text
        self.path = path

    # ----------------------------------------------------------- positions
    @cached_property
    def lines(self) -> list[Line]:
        out, pos = [], 0
        for i, raw in enumerate(self.text.split("\n")):
            out.append(_new_record(Line, (i, pos, pos + len(raw), raw)))
            pos += len(raw) + 1
        return out

    @cached_property
    def _line_starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def line_of(self, offset: int) -> int:
        """0-based line index holding ``offset``."""
        idx = bisect.bisect_right(self._line_starts, offset) - 1
        return idx if idx > 0 else 0

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; column counts code points."""
        starts = self._line_starts
        idx = bisect.bisect_right(starts, offset) - 1
        if idx < 0:
            idx = 0
        return idx + 1, offset - starts[idx] + 1

    # ---------------------------------------------------------- paragraphs
    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        for line in self.lines:
            stripped = line.text.strip(" \t\u3000\u00a0")
            if not stripped or stripped.isspace():   # only \v, \x1c… (fuzzing): a blank line
                continue
            start = line.start + (len(line.text) - len(line.text.lstrip(" \t\u3000\u00a0")))
            end = line.start + len(line.text.rstrip(" \t\u3000\u00a0"))
            if end - start > LONG_LINE:
                cuts = [m.start() for m in _INLINE_SPLIT_RE.finditer(self.text, start, end)]
                cuts = [c for c in cuts if c > start]
                bounds = [start] + cuts + [end]
                for a, b in zip(bounds, bounds[1:]):
                    if b > a:
                        out.append(Paragraph(len(out), a, b, self.text[a:b], line.index, True))
                continue
            out.append(_new_record(Paragraph, (len(out), start, end, self.text[start:end],
                                               line.index, False)))
        return out

    @cached_property
    def paragraph_starts(self) -> list[int]:
        """The paragraphs' start offsets, for bisecting: built once, not per lookup."""
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        return _holding(self.paragraphs, self.paragraph_starts, offset)

    @cached_property
    def sentences(self) -> list[Sentence]:
        out: list[Sentence] = []
        append, text, finditer = out.append, self.text, _SENTENCE_END_RE.finditer
        for index, start, stop, *_ in self.paragraphs:
            pos = start
            # each match is non-empty and starts at or after the previous end: end > pos
            for end in map(_match_end, finditer(text, start, stop)):
                append(_new_record(Sentence, (pos, end, text[pos:end], index)))
                pos = end
            if pos < stop and text[pos:stop].strip():
                append(Sentence(pos, stop, text[pos:stop], index))
        return out

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset``, or None (between paragraphs, in blank space)."""
        return _holding(self.sentences, self._sentence_starts, offset)

    # --------------------------------------------------------------- title
    @cached_property
    def title(self) -> Paragraph | None:
        """The document's title: the first short paragraph that names a document type."""
        paras = self.paragraphs
        if not paras:
            return None
        window = paras[: max(25, len(paras) // 3)]

        def short(p: Paragraph) -> bool:
            return 4 <= len(p.text) <= 60 and p.text[-1] not in "。；;，,：:！!？?"
        for p in window:
            if short(p) and _TITLE_KEYWORDS.search(p.text) and not self._heading_at(p):
                return p
        for p in window:
            if short(p) and not self._heading_at(p):
                return p
        return paras[0]

    @property
    def title_text(self) -> str:
        return self.title.text if self.title else ""

    # ------------------------------------------------------------ headings
    def _heading_at(self, para: Paragraph) -> Heading | None:
        start = strip_lead(self.text, para.start)
        if self.text[start:start + 1] not in _HEADING_FIRST:
            return None
        m = _HEADING_RE.match(self.text, start, para.end)
        if not m:
            return None
        g = m.groupdict()
        marker = m.group(0)
        if g["cndun"] or g["cndot"]:
            num = g["cndun"] or g["cndot"]
            style = "cn-dun" if g["cndun"] else "cn-dot"
            ordinal = cn_to_int(num)
        elif g["cnp"]:
            inner = marker[1:-1]
            ordinal = cn_to_int(inner)
            style = {("（", "）"): "cn-paren-full", ("(", ")"): "cn-paren-half"}.get(
                (g["cnp"], g["cnpc"]), "cn-paren-mixed")
        elif g["nump"]:
            ordinal = int(marker[1:-1].translate(FULLWIDTH_DIGITS))
            style = {("（", "）"): "num-paren-full", ("(", ")"): "num-paren-half"}.get(
                (g["nump"], g["numpc"]), "num-paren-mixed")
        elif g["num"]:
            ordinal = int(g["num"].translate(FULLWIDTH_DIGITS))
            style = {".": "num-dot", "．": "num-fullstop", "、": "num-dun"}[g["numsep"]]
        else:
            ch = g["enc"]
            ordinal = enclosed_to_int(ch)
            style = "circled" if ch in CIRCLED else "paren-num" if ch in PAREN_DIGITS else "paren-cn"
        if not ordinal:
            return None
        # The heading text runs to the first sentence end or the paragraph end.
        end = para.end
        stop = _SENTENCE_END_RE.search(self.text, m.end(), para.end)
        if stop:
            end = stop.end()
        rest = self.text[m.end():end]
        standalone = end == para.end and len(self.text[m.end():para.end]) <= 40
        return Heading(para.index, start, m.end(), end, style, ordinal, marker,
                       rest.strip(), HEADING_STYLES[style], standalone)

    @cached_property
    def headings(self) -> list[Heading]:
        out = []
        for para in self.paragraphs:
            # most paragraphs open with a character no heading (nor lead) opens with
            first = para.text[0]
            if first in _HEADING_FIRST or first in _LEAD_CHARS:
                h = self._heading_at(para)
                if h:
                    out.append(h)
        return out

    # ------------------------------------------------------------- outline
    @cached_property
    def _outline(self):
        from .outline import build_outline
        return build_outline(self)

    @property
    def outline(self):
        """Headings with their real nesting depth and sequence status (see outline.py)."""
        return self._outline[0]

    @property
    def segments(self):
        """The documents this file holds (one unless it is a compilation; see outline.py)."""
        return self._outline[1]

    # -------------------------------------------------------------- series
    @cached_property
    def series(self) -> list[SeriesItem]:
        out = []
        for para in self._series_paragraphs():
            start = strip_lead(self.text, para.start)
            segment = self.text[start:para.end]
            for m in _SERIES_RE.finditer(segment):
                ordinal = cn_to_int(m.group("num"))
                if ordinal:
                    out.append(SeriesItem(start + m.start(), start + m.end(), ordinal,
                                          m.group("word"), para.index))
        return out

    def _series_paragraphs(self) -> list[Paragraph]:
        """The paragraphs that may hold a series item: those overlapping a match of its bare form
        (numeral + word, no context) in the whole text. Any item of a paragraph overlaps such a
        match (the scan reaches the item unless a match covers it), so no paragraph is missed,
        and one scan replaces thousands of calls; ``series`` then reads only these."""
        paras, starts = self.paragraphs, self.paragraph_starts
        found: dict[int, Paragraph] = {}
        for m in _SERIES_BARE_RE.finditer(self.text):
            i = max(0, bisect.bisect_right(starts, m.start()) - 1)
            while i < len(paras) and paras[i].start < m.end():
                if paras[i].end > m.start():
                    found.setdefault(i, paras[i])
                i += 1
        return [found[i] for i in sorted(found)]

    # --------------------------------------------------------------- years
    @cached_property
    def years(self) -> list[YearMention]:
        out = []
        for m in _YEAR_RE.finditer(self.text):
            text = m.group()
            year = int(text) if text[0] in "12" else cn_digits_year(text)
            if year and 1900 <= year <= 2100:
                out.append(YearMention(m.start(), m.end(), year, text))
        return out

    @cached_property
    def periods(self) -> list[PeriodMention]:
        return self._periods_from(0, len(self.text))

    def periods_in(self, start: int, end: int) -> list[PeriodMention]:
        """The ``periods`` that start in [start, end). No period holds white space, so none
        straddles a ``start`` that follows white space (a paragraph's): the text is then scanned
        from there only (a title's period without scanning the whole document)."""
        if "periods" in self.__dict__ or not (start == 0 or self.text[start - 1].isspace()):
            return [p for p in self.periods if start <= p.start < end]
        return self._periods_from(start, end)

    def _periods_from(self, start: int, end: int) -> list[PeriodMention]:
        out = []
        # a period is at most 4 characters (第一季度) and _PERIOD_RE looks only behind, so
        # stopping the scan 3 characters after ``end`` loses no period that starts before it
        # (a title's periods were found by reading on to the next period in the body)
        for m in _PERIOD_RE.finditer(self.text, start, end + _PERIOD_LONGEST - 1):
            if m.start() >= end:
                break
            period = _period_name(m.group())
            out.append(PeriodMention(m.start(), m.end(), period, m.group()))
        return out

    # --------------------------------------------------------------- parts
    @cached_property
    def parts(self) -> list[Part]:
        """The documents a file holds, as offset spans covering the whole text.

        A new part starts at a 篇N marker, at a report title glued into running text, and where
        level-1 numbering restarts at 一、 (taking along the intro paragraph just before it).
        """
        paras = self.paragraphs
        cuts: set[int] = set()
        for p in paras[1:]:
            if p.text[0] not in _PART_MARK_FIRST:
                continue
            start = strip_lead(self.text, p.start)
            if self.text[start:start + 1] in ("篇", "第") and _PART_MARK_RE.match(self.text, start, p.end):
                cuts.add(p.start)
        for m in _INLINE_TITLE_RE.finditer(self.text):
            cuts.add(m.start())
        marks = sorted(cuts)
        highest, prev_start = 0, -1
        for h in self.headings:
            if h.style not in ("cn-dun", "cn-dot"):
                continue
            if any(prev_start < c <= h.start for c in marks):
                highest = 0          # a marker already started a new part
            if h.ordinal == 1 and highest >= 2:
                start, back = paras[h.paragraph].start, h.paragraph - 1
                while back >= 0 and h.paragraph - back <= 2 and not self._heading_at(paras[back]):
                    prev = paras[back].text
                    titled = len(prev) <= 60 and prev[-1] not in "。；;，,！!？?：:"
                    if titled or prev.endswith(("：", ":")) or "如下" in prev \
                            or _INTRO_RE.match(prev, 0, 12):
                        start, back = paras[back].start, back - 1
                    if not titled:
                        break
                cuts.add(start)
                highest = 0
            highest = max(highest, h.ordinal)
            prev_start = h.start
        bounds = [0] + sorted(c for c in cuts if 0 < c < len(self.text)) + [len(self.text)]
        parts = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a] or [(0, len(self.text))]
        return [Part(i, a, b) for i, (a, b) in enumerate(parts)]

    def memo(self, key: str, build):
        """A value derived from the text that several rules share (the years rules' year
        starts, the hits of the shared string automaton), built by ``build()`` on first use and
        kept with the document: the model stays read-only, this only spares the rules
        computing it again."""
        memos = self.__dict__.setdefault("_memos", {})
        value = memos.get(key)
        if value is None:
            value = memos[key] = build()
        return value

    def part_at(self, offset: int) -> Part:
        parts = self.parts
        i = bisect.bisect_right([p.start for p in parts], offset) - 1
        return parts[max(0, i)]

    def __repr__(self) -> str:
        return f"Document({self.path!r}, {len(self.text)} chars)"


__all__ = ["Document", "Line", "Paragraph", "Sentence", "Heading", "SeriesItem",
           "YearMention", "PeriodMention", "Part", "HEADING_STYLES"]
