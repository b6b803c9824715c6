"""Kind ``years``: the document's year and period against what its body says.

The document's year comes from ``year =`` in the config, else from the first year in the title
that is not part of a range (2021—2025年). Its period (H1, H2, Q1..Q4, year) comes from
``period =`` or from the title's period words (上半年, 第三季度, 年度 …). Each rule picks one
``check``:

- ``reported-year``: the body reports another year as the one summarised (a second title, an
  opening "2023年，我局…", "现将2023年…汇报如下", "2023年主要工作"); reported once per document.
- ``plan-year``: the plan part of a full-year summary names the wrong year.
- ``period``: a part-year title over full-year results, or a full-year title over a body
  organised as 上半年 / 下半年打算.
- ``anniversary``: "今年是…N周年", "为…N周年献礼" must fall in the document's year.
- ``event``: party congresses and plenary sessions cited before they were held (error), or
  superseded ones still given as current guidance (warning).
- ``campaign``: a campaign or period presented as current (今年…, …开局之年) outside its years.

All dates are rule data (TOML tables), never code.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from ..diagnostics import Finding
from ..regexes import Anchored, Gate, Prescanned, items_before_group, sre_c
from .base import Check, Option, RuleError, compile_regex

CHECKS = ("reported-year", "plan-year", "period", "anniversary", "event", "campaign")

YEAR = r"(?P<year>(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})"
_CN_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_PERIOD_NAMES = {"上半年": "H1", "h1": "H1", "下半年": "H2", "h2": "H2", "全年": "year",
                 "年度": "year", "year": "year", "第一季度": "Q1", "第二季度": "Q2",
                 "第三季度": "Q3", "第四季度": "Q4", "一季度": "Q1", "二季度": "Q2",
                 "三季度": "Q3", "四季度": "Q4", "q1": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4"}
_PERIOD_END = {"Q1": (3, 31), "H1": (6, 30), "Q2": (6, 30), "Q3": (9, 30)}
_RANGE_AFTER = re.compile(r"\s*年?\s*(?:[—–\-－~～至到]{1,2})\s*(?:(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})")
_RANGE_BEFORE = re.compile(r"(?:(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})\s*年?\s*[—–\-－~～至到]{1,2}\s*$")
_BOOK = re.compile(r"《[^《》\n]{0,120}》")
_BREAKS = "。！？!?；;\n"
_SENTENCE_BREAK = re.compile(f"[{_BREAKS}]")
_YEAR_ONLY = r"(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4}"   # {year}, unnamed
# a year's first character, read, then looked back over to check that a year starts there; one
# character per match, so every start is found, overlapping ones too
_YEAR_START = re.compile(rf"[12〇零一二三四五六七八九](?<=(?={_YEAR_ONLY}).)")
_match_start = re.Match.start


def year_starts(doc) -> list[int]:
    """Every offset where a year as in ``{year}`` can start (overlapping ones too: 192019 holds
    1920 and 2019), once per document. ``_YEAR_START`` opens with a class, which ``re`` scans
    for at C speed, and stops only where a year begins."""
    return doc.memo("years.year_starts",
                    lambda: list(map(_match_start, _YEAR_START.finditer(doc.text))))


class LineAnchored(Anchored):
    """``rx`` searched only on the lines that hold a year, from each line's start: for a
    pattern whose part before its group ``group`` cannot match a line break, however long it
    may be (``(?:^|(?<=[。！？]))[ \t\u3000]*{year}…``), so that a match starts on its year's
    line. As in ``regexes.Anchored``, one ``re`` call per line (a lazy ``[^\n]*?`` before a
    look-ahead holding the pattern) finds the first position from which the pattern matches,
    and ``rx.match`` there gives ``finditer``'s match; a line where none starts is skipped."""

    def __init__(self, source: str, rx, group: str):     # pylint: disable=super-init-not-called
        self.rx, self.width, self.window = rx, None, None
        if _prefix_stays_on_line(source, rx.flags, group):
            try:
                self.window = re.compile(rf"[^\n]*?(?={source})", rx.flags)
            except re.error:
                self.window = None

    def finditer(self, text: str, pos: int, anchors: list[int]):
        """``rx.finditer(text, pos)``, given ``anchors``: every offset (sorted) where the
        group's own pattern matches (a superset does no harm)."""
        window, match = self.window.match, self.rx.match
        i = bisect.bisect_left(anchors, pos)
        while i < len(anchors):
            at = max(pos, text.rfind("\n", 0, anchors[i]) + 1)
            m = window(text, at)
            if m is None:                # no match starts on the rest of this line
                eol = text.find("\n", at)
                if eol < 0:
                    return
                pos = eol + 1
            else:
                m = match(text, m.end())
                yield m
                pos = max(m.end(), m.start() + 1)
            i = bisect.bisect_left(anchors, pos, i)


def _prefix_stays_on_line(source: str, flags: int, group: str) -> bool:
    """Whether the items before group ``group`` (an item of the pattern's top-level sequence)
    surely cannot match a line break; False when unsure, and for a pattern that opens with a
    literal or a class (现将…{year}: re scans for its first character, faster)."""
    found = items_before_group(source, flags, group, scanned=(sre_c.LITERAL, sre_c.IN))
    if found is None:
        return False
    parsed, before = found
    return _no_line_break(before, bool(parsed.state.flags & re.S))


def _no_line_break(items, dotall: bool) -> bool:
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue                                  # zero width: reads, never consumes
        if op is sre_c.LITERAL:
            if av == 10:
                return False
        elif op is sre_c.NOT_LITERAL:
            if av != 10:
                return False
        elif op is sre_c.ANY:
            if dotall:
                return False
        elif op is sre_c.IN:
            if not _set_without_line_break(av, sre_c):
                return False
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) \
                or op is getattr(sre_c, "POSSESSIVE_REPEAT", None):
            if not _no_line_break(list(av[2]), dotall):
                return False
        elif op is sre_c.SUBPATTERN:
            _group, add, _del, sub = av
            if not _no_line_break(list(sub), dotall or bool(add & re.S)):
                return False
        elif op is sre_c.BRANCH:
            if not all(_no_line_break(list(b), dotall) for b in av[1]):
                return False
        else:
            return False                              # back-references and the rest: unsure
    return True


def _set_without_line_break(items, sre_c) -> bool:
    """Whether a character class surely does not hold \\n: a list of characters, ranges, \\d,
    \\w or \\S without it, or a negated class that lists it (\\n, a range, \\s); when unsure,
    it counts as holding it."""
    items = list(items)
    if items and items[0][0] is sre_c.NEGATE:
        return any(op is sre_c.LITERAL and av == 10 or op is sre_c.RANGE and av[0] <= 10 <= av[1]
                   or op is sre_c.CATEGORY and av == sre_c.CATEGORY_SPACE for op, av in items[1:])
    for op, av in items:
        if op is sre_c.LITERAL:
            if av == 10:
                return False
        elif op is sre_c.RANGE:
            if av[0] <= 10 <= av[1]:
                return False
        elif op is sre_c.CATEGORY:
            if av not in (sre_c.CATEGORY_DIGIT, sre_c.CATEGORY_NOT_SPACE, sre_c.CATEGORY_WORD):
                return False
        else:                                         # NEGATE and the rest: unsure
            return False
    return True


def scan(rx, doc, pos: int):
    """``rx.finditer(doc.text, pos)`` for a compiled pattern, an ``Anchored`` (or
    ``LineAnchored``) or a ``Prescanned`` one."""
    if isinstance(rx, Anchored):
        return rx.finditer(doc.text, pos, year_starts(doc))
    return rx.finditer(doc.text, pos)


def cn_number(text: str) -> int | None:
    """Arabic or Chinese numeral up to 九百九十九 (100, 一百, 一百零三, 七十五) as an int."""
    text = text.strip()
    if text.isdigit():
        return int(text.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    value, current = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            current = _CN_DIGIT[ch]
        elif ch == "十":
            value += (current or 1) * 10
            current = 0
        elif ch == "百":
            value += (current or 1) * 100
            current = 0
        else:
            return None
    value += current
    return value or None


def year_value(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _CN_DIGIT for ch in text):
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))
    return None


def normalise_period(value: str | None) -> str | None:
    if not value:
        return None
    return _PERIOD_NAMES.get(value.strip().lower(), _PERIOD_NAMES.get(value.strip()))


@dataclass
class DocTime:
    """What a document says about its own time, found once per document."""
    year: int | None
    period: str | None
    title_paras: list          # the title block (one or more short title lines)
    year_source: tuple[int, int] | None   # span of the title year the document's year came from
    main_title: object | None  # the title line closest to the body that holds the year
    review: bool               # the title reviews the previous year (政府工作报告, 工作计划 …)
    summary: bool              # a summary/report that should report its own year

    def cutoff(self) -> date | None:
        if self.year is None:
            return None
        month, day = _PERIOD_END.get(self.period or "", (12, 31))
        return date(self.year, month, day)


def _in_spans(spans, start, end) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _title_block(doc):
    title = doc.title
    if title is None:
        return []
    block = [title]
    for para in doc.paragraphs[title.index + 1: title.index + 5]:
        text = para.text.strip()
        if len(text) > 60 or text[-1] in "。；;，,：:！!？?" or doc._heading_at(para):
            break
        if not re.search(r"(?:19|20)[0-9]{2}\s*年|总结|报告|汇报|述职|计划", text):
            break
        block.append(para)
    return block


def _is_dateline(text: str) -> bool:
    """A date or byline under a title: （2018年1月2日）, ——2020年5月22日在……上."""
    return bool(re.match(r"[ \t\u3000]*[（(—\-]", text))


def year_mentions(doc, start, end, books):
    """Years in [start, end) that are not part of a range and not inside a 《document name》."""
    text = doc.text
    out = []
    for m in doc.years:
        if m.start < start or m.end > end or _in_spans(books, m.start, m.end):
            continue
        if _RANGE_AFTER.match(text, m.end) or _RANGE_BEFORE.search(text[max(0, m.start - 12):m.start]):
            continue
        out.append(m)
    return out


def doc_time(doc, ctx, opts) -> DocTime:
    cache = doc.memo("years.doc_time", dict)
    key = (ctx.config.year if ctx and ctx.config else None,
           ctx.config.period if ctx and ctx.config else None, opts["review-titles"],
           opts["summary-titles"])
    if key in cache:
        return cache[key]
    block = _title_block(doc)
    year, source, main = None, None, None
    for para in block:
        found = year_mentions(doc, para.start, para.end, [])
        if found and _is_dateline(para.text) and len({m.year for m in found}) > 1:
            continue        # "（2007年4月5日公布　2019年4月3日修订）": no single year
        if found:
            if year is None:
                year, source = found[0].year, (found[0].start, found[0].end)
            if found[0].year == year:
                main = para
    title_text = " ".join(p.text for p in block)
    period = None
    if main is not None:
        for pm in doc.periods_in(main.start, main.end):
            if pm.text not in ("年底",):
                period = pm.period
                break
    config = ctx.config if ctx else None
    if config is not None and config.year:
        year = config.year
    if config is not None and config.period:
        period = normalise_period(config.period) or period
    if year is not None and period is None:
        period = "year"
    review = bool(re.search(opts["review-titles"], title_text)) if opts["review-titles"] else False
    summary = bool(re.search(opts["summary-titles"], title_text)) and not review
    result = DocTime(year, period, block, source, main or (block[0] if block else None),
                     review, summary)
    cache[key] = result
    return result


class YearsCheck(Check):
    kind = "years"
    OPTIONS = {
        "check": Option(str, required=True, help=" | ".join(CHECKS)),
        "patterns": Option(list, [], item=str,
                           help="regexes; {year} stands for a year and captures it"),
        "exceptions": Option(list, [], item=str, help="regexes; overlapping matches are dropped"),
        "plan-start": Option(str, r"下一步|工作打算|工作计划|工作思路|工作安排|工作设想|努力方向|今后|明年",
                             help="regex of a heading that starts the plan part"),
        "review-titles": Option(str, r"政府工作报告|工作计划|工作要点|工作打算|工作思路|工作安排|实施方案|规划|统计公报",
                                help="titles whose body reviews the previous year"),
        "summary-titles": Option(str, r"总结|汇报|述职|情况报告|工作报告",
                                 help="titles of documents that report on their own year"),
        "full-year-patterns": Option(list, [], item=str,
                                     help="with check = 'period': full-year wording in a part-year document"),
        "part-year-patterns": Option(list, [], item=str,
                                     help="with check = 'period': 上半年/下半年 organisation in a full-year document"),
        "anniversaries": Option(dict, {}, help="name = founding year; N周年 means founding year + N"),
        "current-cues": Option(str, "", help="regex: context that presents something as current"),
        "forward-cues": Option(str, "", help="regex: context that looks ahead (迎接, 献礼 …)"),
        "past-cues": Option(str, "", help="regex: context that marks a citation as history"),
        "congresses": Option(dict, {}, help="name = first day (TOML date)"),
        "plenums": Option(dict, {}, help="name = first day (TOML date)"),
        "guidance": Option(str, "", help="regex: study/implement verbs before …精神"),
        "campaigns": Option(dict, {}, help="name = [first year, last year]"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        which = options["check"]
        if which not in CHECKS:
            raise RuleError(f"未知的检查 {which!r}；可用：{'、'.join(CHECKS)}", key="check")
        self.which = which
        for key in ("plan-start", "review-titles", "summary-titles", "current-cues",
                    "forward-cues", "past-cues", "guidance"):
            if options[key]:
                compile_regex(options[key], key)
        self.patterns = [self._compile(p, "patterns") for p in options["patterns"]]
        self.exceptions = [compile_regex(p, "exceptions", re.M) for p in options["exceptions"]]
        self.full_year = [self._compile(p, "full-year-patterns") for p in options["full-year-patterns"]]
        self.part_year = [self._compile(p, "part-year-patterns") for p in options["part-year-patterns"]]
        self.cues = {k: re.compile(options[k]) if options[k] else None
                     for k in ("current-cues", "forward-cues", "past-cues", "guidance")}
        self.plan_start = re.compile(options["plan-start"]) if options["plan-start"] else None
        self._check_tables(options)
        if which in ("reported-year", "plan-year") and not self.patterns:
            raise RuleError("此检查需要 patterns", key="patterns")
        if which == "anniversary" and not options["anniversaries"]:
            raise RuleError("anniversary 检查需要 anniversaries 表", key="anniversaries")
        if which == "event" and not (options["congresses"] or options["plenums"]):
            raise RuleError("event 检查需要 congresses 或 plenums 表", key="congresses")
        if which == "campaign" and not options["campaigns"]:
            raise RuleError("campaign 检查需要 campaigns 表", key="campaigns")
        if which == "anniversary":
            names = sorted(options["anniversaries"], key=len, reverse=True)
            self.anniv_re = re.compile(
                "(?P<name>" + "|".join(re.escape(n) for n in names) + r")"
                r"(?P<n>[0-9０-９]{1,3}|[一二三四五六七八九十百零〇两]{1,6})\s*周年")
            self.anniv_gate = Gate([self.anniv_re])     # no 周年 in most documents
        if which == "event":
            self._build_events(options)
        if which == "campaign":
            names = sorted(options["campaigns"], key=len, reverse=True)
            self.campaign_re = re.compile("|".join(re.escape(n) for n in names))

    @staticmethod
    def _compile(pattern, key):
        from ..regex_analysis import guarded   # here: cached checks skip it
        source = pattern.replace("{year}", YEAR)
        compile_regex(source, key, re.M)                  # a bad pattern is reported as written
        rx = compile_regex(guarded(source, re.M), key, re.M)     # same matches, faster scan
        # tried only just before years, where a match can start at most a few characters
        # before its year: faster than any first-character guard (一, 二 are everywhere)
        anchored = Anchored(source, rx, "year")
        if anchored.window is not None:
            return anchored
        # what precedes the year is unbounded ([ \t\u3000]*) but stays on the year's line
        line = LineAnchored(source, rx, "year")
        if line.window is not None:
            return line
        # else: scanned for the first character at C speed (a look-behind opens most of them)
        return Prescanned(source, rx, re.M)

    @staticmethod
    def _check_tables(options):
        for name, year in options["anniversaries"].items():
            if not isinstance(year, int) or isinstance(year, bool):
                raise RuleError(f"「{name}」的年份应为整数", key="anniversaries")
        for key in ("congresses", "plenums"):
            for name, day in options[key].items():
                if not isinstance(day, date):
                    raise RuleError(f"「{name}」应为日期，如 2022-10-16", key=key)
        for name, span in options["campaigns"].items():
            if (not isinstance(span, list) or len(span) != 2
                    or not all(isinstance(y, int) and not isinstance(y, bool) for y in span)
                    or span[0] > span[1]):
                raise RuleError(f"「{name}」应为 [起始年, 结束年]", key="campaigns")

    # ------------------------------------------------------------------ helpers
    def _sentence(self, doc, start, end):
        """(start, end) of the sentence-like clause around a span (bounded by 。！？；)."""
        text = doc.text
        lo = max(0, start - 120)
        a = max(text.rfind(ch, lo, start) for ch in _BREAKS) + 1 or lo   # after the last break
        hi = min(len(text), end + 120)
        stop = _SENTENCE_BREAK.search(text, end, hi)
        return a, stop.start() if stop else hi

    def _excepted(self, doc, start, end):
        if not self.exceptions:
            return False
        a, b = self._sentence(doc, start, end)
        for rx in self.exceptions:
            for m in rx.finditer(doc.text, a, b):
                if m.start() < end and start < m.end():
                    return True
        return False

    def check(self, doc, ctx):
        t = doc_time(doc, ctx, self.options)
        if t.year is None:
            return
        yield from getattr(self, "_" + self.which.replace("-", "_"))(doc, t)

    def _plan_offset(self, doc):
        """Offset where the plan part (下一步/工作打算 heading) starts, or None."""
        if self.plan_start is None:
            return None
        for h in doc.headings:
            if self.plan_start.search(h.text[:30]):
                return h.start
        for para in doc.paragraphs:
            if len(para.text) <= 30 and self.plan_start.search(para.text):
                return para.start
        return None

    def _books(self, doc):
        """Spans of 《document names》, found once per document (four checks ask)."""
        return doc.memo("years.books", lambda: [m.span() for m in _BOOK.finditer(doc.text)])

    # ----------------------------------------------------------- reported year
    def _reported_year(self, doc, t):
        allowed = {t.year} | ({t.year - 1} if t.review else set())
        books = self._books(doc)
        wrong = []
        # the title block: a second title line or inner title with another year
        for para in t.title_paras:
            if _is_dateline(para.text) or not re.search(self.options["summary-titles"], para.text):
                continue
            for m in year_mentions(doc, para.start, para.end, books):
                if (m.start, m.end) != t.year_source and m.year not in allowed | {t.year + 1}:
                    wrong.append((m.start, m.end, m.year))
        body_start = t.title_paras[-1].end if t.title_paras else 0
        plan = self._plan_offset(doc)
        for rx in self.patterns:
            for m in scan(rx, doc, body_start):
                y = year_value(m.group("year"))
                if y is None or y in allowed or _in_spans(books, m.start(), m.end()):
                    continue
                if y == t.year + 1 and plan is not None and m.start() >= plan:
                    continue
                if self._excepted(doc, m.start(), m.end()):
                    continue
                wrong.append((m.start("year"), m.end("year") + 1, y))
        if not wrong:
            return
        wrong.sort()
        start, end, y = wrong[0]
        yield Finding(start, end, self.format_message(
            match=doc.text[start:end], doc_year=t.year, found_year=y, count=len(wrong)))

    # --------------------------------------------------------------- plan year
    def _plan_year(self, doc, t):
        if not t.summary or t.period != "year":
            return
        plan = self._plan_offset(doc)
        body_start = t.title_paras[-1].end if t.title_paras else 0
        for rx in self.patterns:
            for m in scan(rx, doc, body_start):
                y = year_value(m.group("year"))
                if y is None or y == t.year + 1 or y > t.year + 1 or y < t.year - 1:
                    continue
                if m.start() < (plan if plan is not None else len(doc.text) // 2):
                    continue
                if self._excepted(doc, m.start(), m.end()):
                    continue
                yield Finding(m.start("year"), m.end("year") + 1, self.format_message(
                    match=m.group(0).strip(), doc_year=t.year, found_year=y,
                    next_year=t.year + 1))
                return

    # ------------------------------------------------------------------ period
    def _period(self, doc, t):
        body_start = t.title_paras[-1].end if t.title_paras else 0
        if t.period in ("H1", "H2", "Q1", "Q2", "Q3", "Q4"):
            patterns, expected, found = self.full_year, t.period, "year"
        elif t.period == "year" and t.summary:
            patterns, expected, found = self.part_year, "year", "part"
        else:
            return
        names = {"H1": "上半年", "H2": "下半年", "Q1": "第一季度", "Q2": "第二季度",
                 "Q3": "第三季度", "Q4": "第四季度", "year": "全年"}
        for rx in patterns:
            for m in scan(rx, doc, body_start):
                if "year" in rx.groupindex and m.group("year") and year_value(m.group("year")) != t.year:
                    continue
                if self._excepted(doc, m.start(), m.end()):
                    continue
                if found == "part":
                    title = t.main_title
                    start, end = (title.start, title.end) if title else (m.start(), m.end())
                else:
                    start, end = m.start(), m.end()
                yield Finding(start, end, self.format_message(
                    match=m.group(0).strip(), doc_year=t.year, title_period=names[expected],
                    body=m.group(0).strip()))
                return

    # ------------------------------------------------------------- anniversary
    def _cue_before(self, doc, cue, start, a, window=40):
        rx = self.cues[cue]
        if rx is None:
            return None
        found = None
        for m in rx.finditer(doc.text, max(a, start - window), start):
            found = m
        return found

    def _cue_after(self, doc, cue, end, b, window=12):
        rx = self.cues[cue]
        return rx.search(doc.text, end, min(b, end + window)) if rx else None

    def _past(self, doc, start, end, a, b, event_year):
        """The clause marks the mention as history: a past cue, or the event's own year named."""
        if self._cue_before(doc, "past-cues", start, a) or self._cue_after(doc, "past-cues", end, b):
            return True
        for m in doc.years:
            if a <= m.start < b and m.year == event_year:
                return True
        return False

    def _anniversary(self, doc, t):
        if not self.anniv_gate.open(doc.text):
            return
        books = self._books(doc)
        table = self.options["anniversaries"]
        for m in self.anniv_re.finditer(doc.text):
            n = cn_number(m.group("n"))
            if not n or _in_spans(books, m.start(), m.end()):
                continue
            event_year = table[m.group("name")] + n
            a, b = self._sentence(doc, m.start(), m.end())
            current = self._cue_before(doc, "current-cues", m.start(), a)
            forward = self._cue_before(doc, "forward-cues", m.start(), a) \
                or self._cue_after(doc, "forward-cues", m.end(), b)
            if not current and not forward:
                continue
            if self._past(doc, m.start(), m.end(), a, b, event_year):
                continue
            if self._excepted(doc, m.start(), m.end()):
                continue
            if t.review and event_year == t.year - 1:
                continue
            if current:
                ok = event_year == t.year
                start = current.start()
            else:
                ok = event_year in (t.year, t.year + 1)
                start = m.start()
            if not ok:
                yield Finding(start, m.end(), self.format_message(
                    match=doc.text[start:m.end()], doc_year=t.year, event_year=event_year,
                    name=m.group("name"), n=n))

    # ------------------------------------------------------------------ events
    def _build_events(self, options):
        from ..regex_analysis import guarded
        self.events: dict[str, tuple[date, str]] = {}   # name -> (date, congress term)
        congress_names = list(options["congresses"])
        for name, day in options["congresses"].items():
            self.events[name] = (day, name[:-1])
        for name, day in options["plenums"].items():
            term = name.split("届")[0]
            self.events[name] = (day, term)
        self.congress_dates = {name[:-1]: day for name, day in options["congresses"].items()}
        terms = sorted({name.split("届")[0] for name in options["plenums"]}
                       | {n[:-1] for n in congress_names}, key=len, reverse=True)
        term_re = "|".join(re.escape(x) for x in terms)
        event = (rf"(?<![一二三四五六七八九十第])(?:(?P<congress>{term_re})大(?![学赛楼厅街道桥队师院类项件块步])"
                 rf"|(?P<term>{term_re})届(?P<list>[一二三四五六七八九]中(?:全会)?"
                 rf"(?:[、和及与，,]{{1,2}}[一二三四五六七八九]中(?:全会)?)*)(?:全会)?)")
        # 十 and 二 open it and are everywhere: stop only where it matches (regexes.Prescanned)
        self.event_re = Prescanned(event, re.compile(guarded(event)))

    def _next_congress(self, term: str) -> date | None:
        """First day of the congress after ``term`` (十九 → 二十大), if it is in the table."""
        n = cn_number(term)
        for name, day in self.congress_dates.items():
            if cn_number(name) == (n or 0) + 1:
                return day
        return None

    def _event(self, doc, t):
        cutoff = t.cutoff()
        earliest_current = t.year - 1 if t.review else t.year
        books = self._books(doc)
        for m in self.event_re.finditer(doc.text):
            if _in_spans(books, m.start(), m.end()):
                continue
            if m.group("congress"):
                names = [m.group("congress") + "大"]
            else:
                names = [f"{m.group('term')}届{x}中全会"
                         for x in re.findall(r"([一二三四五六七八九])中", m.group("list"))]
            known = [(n, self.events[n]) for n in names if n in self.events]
            if not known:
                continue
            a, b = self._sentence(doc, m.start(), m.end())
            if self._excepted(doc, m.start(), m.end()):
                continue
            later = [(n, d) for n, (d, _) in known if d > cutoff]
            if later:
                name, day = later[0]
                forward = self._cue_before(doc, "forward-cues", m.start(), a) \
                    or self._cue_after(doc, "forward-cues", m.end(), b)
                if forward:
                    continue
                yield Finding(m.start(), m.end(), self.format_message(
                    match=m.group(0), name=name, doc_year=t.year,
                    event_date=f"{day.year}年{day.month}月"), severity="error")
                continue
            # stale: a superseded congress (or its plenums) as current guidance
            term = known[0][1][1]
            nxt = self._next_congress(term)
            if nxt is None or nxt.year >= earliest_current:
                continue
            guidance = self.cues["guidance"]
            tail = doc.text[m.end():min(b, m.end() + 40)]
            if guidance is None or "精神" not in tail:
                continue
            if not guidance.search(doc.text, max(a, m.start() - 14), m.start()):
                continue
            if self._past(doc, m.start(), m.end(), a, b, known[0][1][0].year):
                continue
            if any(y.year < t.year for y in doc.years if a <= y.start < b):
                continue
            yield Finding(m.start(), m.end(), self.format_message(
                match=m.group(0), name=known[0][0], doc_year=t.year,
                event_date=f"{nxt.year}年{nxt.month}月"), severity="warning")

    # --------------------------------------------------------------- campaigns
    def _campaign(self, doc, t):
        books = self._books(doc)
        table = self.options["campaigns"]
        for m in self.campaign_re.finditer(doc.text):
            if _in_spans(books, m.start(), m.end()):
                continue
            first, last = table[m.group(0)]
            a, b = self._sentence(doc, m.start(), m.end())
            tail = doc.text[m.end():min(b, m.end() + 12)]
            if re.match(r"[”\"’」』]?(?:规划)?的?开局之年", tail):
                ok, span, milestone = t.year == first, (first, first), True
            elif re.match(r"[”\"’」』]?(?:规划)?的?收官之年", tail):
                ok, span, milestone = t.year == last, (last, last), True
            else:
                milestone = False
                current = self._cue_before(doc, "current-cues", m.start(), a, window=20)
                if not current:
                    continue
                ok, span = first <= t.year <= last, (first, last)
            if ok or (not milestone and self._excepted(doc, m.start(), m.end())):
                continue
            if any(y.year != t.year for y in doc.years if a <= y.start < b):
                continue
            when = f"{span[0]}年" if span[0] == span[1] else f"{span[0]}—{span[1]}年"
            yield Finding(m.start(), m.end(), self.format_message(
                match=m.group(0), name=m.group(0), doc_year=t.year, when=when))


CHECK = YearsCheck
