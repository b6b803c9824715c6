"""Kind ``sections``: the structure a kind of document must have.

One kind, three checks chosen by the rule's ``check`` key:

- ``required``: the rule's ``profiles`` (TOML data) say, per kind of document, which title words
  select it and which parts it must contain, each part a list of heading regexes (and optional
  prose ``phrases``). A part is present when a heading, a short paragraph that opens with it
  (``存在的问题：…``) or, for parts that allow it, a sentence of the body matches. Each missing part
  is reported once at the document's title. Every document of a compilation is checked on its
  own. The user's ``profile`` setting forces a profile (``none``: no profile).
- ``empty``: a title-like heading followed at once by the next heading of the same or a higher
  level, where its sibling headings do have content.
- ``documents``: a file that holds several documents (Document.segments), reported once, at the
  start of the second one, naming where the others start
  of each later one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..diagnostics import Finding
from ..outline import DOCUMENT_MARKER_RE
from ..regexes import Gate
from .base import Check, Option, RuleError, compile_regex


CHECKS = ("required", "empty", "documents")
NO_PROFILE = ("none", "off", "无")
AUTO_PROFILE = ("auto", "")
_END_PUNCT = "。；;！!？?"
_PROFILE_KEYS = {"name", "label", "titles", "not-titles", "parts"}
_PART_KEYS = {"name", "label", "headings", "phrases", "suggest", "any-heading"}
_COLON_RE = re.compile(r"[：:]")


YEAR_SLOT = "{next_year}"
_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")


@dataclass(frozen=True)
class Pattern:
    """A part's regex; one with a {next_year} slot is compiled per document year."""
    source: str
    compiled: re.Pattern | None

    def get(self, next_year: int | None) -> re.Pattern | None:
        if self.compiled is not None:
            return self.compiled
        return None if next_year is None else _compile_slot(self.source, next_year)


@lru_cache(maxsize=256)
def _compile_slot(source: str, next_year: int) -> re.Pattern:
    return re.compile(source.replace(YEAR_SLOT, str(next_year)))


class _AnyOf:
    """``any_of(text)``: truthy when one of the regexes ``sources`` matches in ``text``.

    Most texts (sentences, paragraph heads) match none of a part's patterns, and a pattern that
    opens with ^ or an alternation is tried at every position. So a text is first checked for
    the strings every match needs (``regexes.Gate``: 下一步 or 今后 for
    "(?:^|[。；])\\s*(?:下一步|今后)…"); only a text holding one is searched with each pattern.
    ``candidates`` makes that first check for all of a segment's texts in one scan."""

    def __init__(self, sources: tuple[str, ...]):
        self.regexes = [re.compile(src) for src in sources]
        self.gate = Gate(self.regexes)
        needs = self.gate.needs
        # a line break in a needed string would let a match span two texts (never in practice)
        self.needs = re.compile("|".join(map(re.escape, needs))) \
            if needs and not any("\n" in x for x in needs) else None

    def __call__(self, text: str) -> bool:
        return self.gate.open(text) and any(rx.search(text) for rx in self.regexes)

    def candidates(self, texts: _Texts) -> list[int]:
        """Indices of the ``texts`` that hold one of the needed strings (all, if none is
        needed): the only ones that can match. One scan of the texts joined by line breaks:
        ``finditer`` skips an occurrence only inside a match it found, which then lies in the
        same text (no needed string holds a line break)."""
        if self.needs is None:
            return list(range(len(texts.items)))
        joined, found = texts.joined, set()
        line = at = 0           # the line breaks before ``at``, counted once, not per match
        for m in self.needs.finditer(joined):
            line += joined.count("\n", at, m.start())
            at = m.start()
            found.add(line)
        return sorted(found)

    def any_in(self, texts: _Texts) -> bool:
        """Whether one of the regexes matches in one of ``texts``."""
        items, regexes = texts.items, self.regexes
        return any(rx.search(items[i]) for i in self.candidates(texts) for rx in regexes)


class _Texts:
    """Texts (sentences, paragraph heads; none holds a line break) and the same joined by line
    breaks: the line a match of the joined string is on is the index of its text."""

    def __init__(self, items: list[str]):
        self.items = items
        self.joined = "\n".join(items)


@lru_cache(maxsize=256)
def _search_any(sources: tuple[str, ...]) -> _AnyOf:
    return _AnyOf(sources)


def _any_match(patterns: tuple[Pattern, ...], next_year: int | None):
    """``_search_any`` of ``patterns`` as they read for the document's next year."""
    return _search_any(tuple(p.source.replace(YEAR_SLOT, str(next_year))
                             if p.compiled is None else p.source
                             for p in patterns if p.compiled is not None or next_year is not None))


def _pattern(source: str) -> Pattern:
    if YEAR_SLOT in source:
        compile_regex(source.replace(YEAR_SLOT, "2000"), "profiles")
        return Pattern(source, None)
    return Pattern(source, compile_regex(source, "profiles"))


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    headings: tuple[Pattern, ...]
    phrases: tuple[Pattern, ...]
    suggest: tuple[str, ...]
    any_heading: bool


@dataclass(frozen=True)
class Profile:
    name: str
    label: str
    titles: tuple[re.Pattern, ...]
    not_titles: tuple[re.Pattern, ...]
    parts: tuple[Part, ...]

    def matches(self, title: str) -> bool:
        return any(rx.search(title) for rx in self.titles) and \
            not any(rx.search(title) for rx in self.not_titles)


def _str_list(table: dict, key: str, where: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}的 {key} 应为非空字符串数组", key="profiles")
    return value


def _parse_profiles(raw: list) -> tuple[Profile, ...]:
    out, names = [], set()
    for i, table in enumerate(raw):
        where = f"第 {i + 1} 个文档类型"
        if not isinstance(table, dict):
            raise RuleError(f"{where}应为表（[[rules.profiles]]）", key="profiles")
        unknown = set(table) - _PROFILE_KEYS
        if unknown:
            raise RuleError(f"{where}有未知的键：{', '.join(sorted(unknown))}", key="profiles")
        name = table.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9-]*", name):
            raise RuleError(f"{where}需要 name（小写英文字母、数字和连字符）", key="profiles")
        if name in names or name in NO_PROFILE + AUTO_PROFILE:
            raise RuleError(f"文档类型名 {name!r} 重复或为保留字", key="profiles")
        names.add(name)
        where = f"文档类型 {name}"
        titles = _str_list(table, "titles", where)
        if not titles:
            raise RuleError(f"{where}需要 titles（选中它的标题正则）", key="profiles")
        parts = []
        raw_parts = table.get("parts", [])
        if not isinstance(raw_parts, list):
            raise RuleError(f"{where}的 parts 应为 [[rules.profiles.parts]] 表数组", key="profiles")
        for j, pt in enumerate(raw_parts):
            pwhere = f"{where}的第 {j + 1} 个部分"
            if not isinstance(pt, dict) or set(pt) - _PART_KEYS:
                bad = sorted(set(pt) - _PART_KEYS) if isinstance(pt, dict) else []
                raise RuleError(f"{pwhere}有未知的键：{', '.join(bad) or '应为表'}", key="profiles")
            label = pt.get("label")
            if not isinstance(label, str) or not label:
                raise RuleError(f"{pwhere}需要 label（报告中使用的名称）", key="profiles")
            headings = _str_list(pt, "headings", pwhere)
            if not headings:
                raise RuleError(f"{pwhere}需要 headings（可接受的标题正则）", key="profiles")
            any_heading = pt.get("any-heading", False)
            if not isinstance(any_heading, bool):
                raise RuleError(f"{pwhere}的 any-heading 应为 true 或 false", key="profiles")
            parts.append(Part(
                name=str(pt.get("name", label)), label=label,
                headings=tuple(_pattern(x) for x in headings),
                phrases=tuple(_pattern(x) for x in _str_list(pt, "phrases", pwhere)),
                suggest=tuple(_str_list(pt, "suggest", pwhere)), any_heading=any_heading))
        out.append(Profile(
            name=name, label=str(table.get("label", name)),
            titles=tuple(compile_regex(x, "profiles") for x in titles),
            not_titles=tuple(compile_regex(x, "profiles") for x in _str_list(table, "not-titles", where)),
            parts=tuple(parts)))
    return tuple(out)


def profile_names(rules) -> set[str]:
    """Every profile name the ``required`` rules among ``rules`` define (for config checks)."""
    names: set[str] = set()
    for rule in rules:
        check = getattr(rule, "check", None)
        if isinstance(check, SectionsCheck):
            names.update(p.name for p in check.profiles)
    return names


def _usable_title(text: str) -> str:
    """The title to choose a profile by; '' for a prose line taken as title for want of one."""
    text = text.strip()
    if len(text) > 80 or (text and text[-1] in "。；;，,：:！!？?"):
        return ""
    return text


def validate_profile(profile: str | None, rules) -> None:
    """Refuse a configured profile that no loaded rule defines (a typo would silence SL401)."""
    from ..config import ConfigError
    wanted = (profile or "").strip().lower()
    if wanted in AUTO_PROFILE or wanted in NO_PROFILE:
        return
    known = profile_names(rules)
    if wanted not in known:
        raise ConfigError(f"profile：未知的文档类型 “{profile}”；可用：{'、'.join(sorted(known))}、"
                          "auto（按标题判断）、none（不检查必备部分）")


class _Scope:
    """One document of the file (a segment) as ``_has_part`` reads it for each part: its
    numbered headings, its other paragraphs (neither heading nor title) with their first
    ``window`` characters, and the texts of its sentences."""

    def __init__(self, doc, seg, window: int):
        self.seg = seg
        self.outline = [it for it in doc.outline if it.segment == seg.index]
        headed = {it.heading.paragraph for it in self.outline}
        if seg.title is not None:
            headed.add(seg.title.index)
        self.paragraphs = [p for p in doc.paragraphs if seg.start <= p.start < seg.end
                           and p.index not in headed]
        self.heads = _Texts([p.text[:window] for p in self.paragraphs])
        self.sentences = _Texts([s.text for s in doc.sentences if seg.start <= s.start < seg.end])


class SectionsCheck(Check):
    kind = "sections"
    OPTIONS = {
        "check": Option(str, required=True, help="required | empty | documents"),
        "profiles": Option(list, [], item=dict, help="with check = required: document profiles"),
        "not-titles": Option(list, [], item=str,
                             help="title regexes that select no profile (speeches, notices)"),
        "min-chars": Option(int, 300, help="with required: a document without numbered headings "
                            "is judged only from this many characters on"),
        "heading-window": Option(int, 30, help="how far into a heading its part phrasing may start"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        self.mode = options["check"]
        if self.mode not in CHECKS:
            raise RuleError(f"未知的检查 {self.mode!r}；可用：{'、'.join(CHECKS)}", key="check")
        self.profiles = _parse_profiles(options["profiles"])
        if self.mode == "required" and not self.profiles:
            raise RuleError("check = \"required\" 需要至少一个 [[rules.profiles]]", key="profiles")
        self.not_titles = tuple(compile_regex(x, "not-titles") for x in options["not-titles"])

    def check(self, doc, ctx):
        if not doc.paragraphs:
            return
        if self.mode == "required":
            yield from self._required(doc, ctx)
        elif self.mode == "empty":
            yield from self._empty(doc)
        else:
            yield from self._documents(doc)

    # --------------------------------------------------------------- profiles
    def profile_for(self, title: str) -> Profile | None:
        if any(rx.search(title) for rx in self.not_titles):
            return None
        return next((p for p in self.profiles if p.matches(title)), None)

    def _forced(self, ctx) -> Profile | None | bool:
        """The configured profile; False when the title decides."""
        wanted = (ctx.config.profile or "").strip().lower()
        if wanted in AUTO_PROFILE:
            return False
        if wanted in NO_PROFILE:
            return None
        return next((p for p in self.profiles if p.name == wanted), None)

    def _required(self, doc, ctx):
        forced = self._forced(ctx)
        if forced is None:
            return
        segments = doc.segments
        file_title = _usable_title(doc.title_text)
        file_profile = forced if forced is not False else self.profile_for(file_title)
        for seg in segments:
            title_span = seg.title_span
            title = _usable_title(doc.text[title_span[0]:title_span[1]] if title_span else "")
            if forced is not False:
                profile = forced
            else:       # a file of one document: its title is the file's, looked up above
                profile = (file_profile if title == file_title
                           else self.profile_for(title) if title else None) or file_profile
            if profile is None or not self._substantial(doc, seg):
                continue
            year = _YEAR_RE.search(title) or _YEAR_RE.search(file_title)
            next_year = int(year.group(1)) + 1 if year else (
                ctx.config.year + 1 if ctx.config.year else None)
            scope = _Scope(doc, seg, self.options["heading-window"])
            missing = [part for part in profile.parts
                       if not self._has_part(doc, scope, part, profile, next_year)]
            if not missing:
                continue
            if title_span is None:
                title_span = self._untitled_anchor(doc, seg)
            for part in missing:
                suggest = "".join(f"“{s}”" for s in part.suggest) or part.label
                yield Finding(title_span[0], title_span[1], self.format_message(
                    profile=profile.label, part=part.label, suggest=suggest))

    def _substantial(self, doc, seg) -> bool:
        """Enough of a document to judge its parts: numbered headings, or min-chars of body."""
        if any(it.segment == seg.index for it in doc.outline):
            return True
        body = sum(len(p.text) for p in doc.paragraphs if seg.start <= p.start < seg.end)
        return body >= self.options["min-chars"]

    @staticmethod
    def _untitled_anchor(doc, seg) -> tuple[int, int]:
        """Where to report on a document without a title: its first heading (its introduction's
        first sentence is where SL403 points), else its first sentence."""
        for it in doc.outline:
            if it.segment == seg.index and seg.index > 0:
                return it.heading.start, it.heading.end
        for s in doc.sentences:
            if s.start >= seg.start and s.end <= seg.end:
                return s.start, s.end
        return seg.start, min(seg.end, seg.start + 1)

    def _has_part(self, doc, scope: _Scope, part: Part, profile: Profile,
                  next_year: int | None) -> bool:
        window = self.options["heading-window"]
        seg, outline = scope.seg, scope.outline
        any_heading = _any_match(part.headings, next_year)
        for it in outline:
            if any_heading(it.heading.text[:window]):
                return True
        headings = [rx for rx in (p.get(next_year) for p in part.headings) if rx]
        paragraphs, heads = scope.paragraphs, scope.heads.items
        for i in any_heading.candidates(scope.heads):
            p, head = paragraphs[i], heads[i]
            if not any(rx.search(head) for rx in any_heading.regexes):
                continue                  # one search rules out most paragraphs
            for rx in headings:
                m = rx.search(head)
                if m and m.start() <= 8 and (len(p.text) <= 30 and p.text[-1] not in _END_PUNCT
                                             or _COLON_RE.search(p.text, m.end(), m.end() + 12)):
                    return True
        if any(p.get(next_year) for p in part.phrases):
            if _any_match(part.phrases, next_year).any_in(scope.sentences):
                return True
        if part.any_heading:
            top = [it for it in outline if it.depth == 0]
            if not top:
                return True     # prose without numbered headings: the body is this part
            any_other = _any_match(tuple(p for q in profile.parts if q is not part
                                         for p in q.headings), next_year)
            for it in top:
                if not any_other(it.heading.text[:window]):
                    return True
            # achievements told in prose before the first part heading (一、存在的问题)
            first = top[0].heading.start
            after = max(seg.start, seg.title_span[1] if seg.title_span else seg.start)
            prose = sum(len(p.text) for p in doc.paragraphs if after <= p.start < first)
            if prose >= self.options["min-chars"] // 2:
                return True
        return False

    # ------------------------------------------------------------ empty sections
    def _empty(self, doc):
        outline = doc.outline
        paras = doc.paragraphs
        by_para = {it.heading.paragraph: i for i, it in enumerate(outline)}
        segments = doc.segments

        def is_empty(i: int) -> bool | None:
            """True: nothing before the next same-or-higher heading; None: not a title line."""
            it = outline[i]
            h = it.heading
            if not h.standalone or not h.text or h.text[-1] in _END_PUNCT:
                return None
            nxt = h.paragraph + 1
            seg_end = segments[it.segment].end
            if nxt >= len(paras) or paras[nxt].start >= seg_end:
                return True
            j = by_para.get(nxt)
            if j is None:
                return False
            after = outline[j]
            return after.depth <= it.depth and after.segment == it.segment

        siblings: dict[tuple, list[int]] = {}
        for i, it in enumerate(outline):
            siblings.setdefault((it.segment, it.parent, it.depth), []).append(i)
        for group in siblings.values():
            states = {i: is_empty(i) for i in group}
            if not any(v is False for v in states.values()):
                continue        # a list of short items, not sections
            for i, state in states.items():
                if not state:
                    continue
                it = outline[i]
                j = by_para.get(it.heading.paragraph + 1)
                if j is not None and outline[j].status == "repeat" \
                        and outline[j].heading.ordinal == it.heading.ordinal:
                    continue    # (一) then (一): a numbering slip, reported as such
                h = it.heading
                yield Finding(h.start, h.end, self.format_message(heading=h.marker + h.text))

    # ----------------------------------------------------------- several documents
    def _documents(self, doc):
        segments = doc.segments
        if len(segments) < 2:
            return
        # one finding per file, at the second document: a compilation of twenty articles is one
        # problem to mend (keep your own article), not twenty
        seg = segments[1]
        start, end = seg.mark
        if seg.reason == "marker":
            m = DOCUMENT_MARKER_RE.search(doc.text, start, end)
            how = f"标记「{m.group(0) if m else doc.text[start:end].strip()}」"
        else:
            how = "序号从“一、”重新开始"
        title = doc.text[seg.title_span[0]:seg.title_span[1]] if seg.title_span else ""
        places = []
        for other in segments[2:]:
            line, column = doc.position(other.mark[0])
            places.append(f"{line}:{column}" if line == doc.position(start)[0] else str(line))
        others = f"；其余各篇从第 {'、'.join(places)} 处开始" if places else ""
        yield Finding(start, end, self.format_message(
            number=seg.index + 1, total=len(segments), how=how, others=others,
            title=f"《{title}》" if title else ""))

CHECK = SectionsCheck
