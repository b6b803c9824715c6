"""Kind ``self-reference``: a document speaks for one unit; report where it names itself as another.

The unit a document speaks for shows in how it names itself (我局, 我镇, 我街道 …), in units named as
the acting subject of a clause (，经开区更加注重…) and in its title (县交通运输局2023年工作总结 → 局).
Unit words come from the rule's TOML data in two families:

- ``territories``: levels from small to large (村 < 镇/乡/街道 < 县/区 < 市 < 省). 我县 said by a unit
  inside the county is a scope, not a claim to be the county: a territory only conflicts with the
  speaker when it does not contain it (a 镇 speaking of 我县 is fine; a 县 speaking of 我镇 is not;
  我县 vs 我区 — the same level — conflicts).
- ``organizations``: 局 委 办 院 校 所 中心 … Two different organizations conflict (我局 vs 我委) unless
  listed in ``compatible`` (院/校; 支部 and 单位 go with anything). An organization lives in any
  territory, so 我局 with 我县 is fine.

The speaker is the title's unit when the title names one, else the unit named most often — but
when that is a territory said as 我X and units inside it also speak (我局 with 我县), the most
frequent of those inside units. A development zone acting as subject conflicts with a smaller
territory speaking (我镇) but not with a larger one that holds it, nor with an organization. Each
reference that conflicts with the speaker is reported, naming the majority. A file that holds
several documents is compared per document (``Document.parts``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Finding
from ..regexes import Prescanned
from ..regexes import Gate
from .base import Check, Option, RuleError, compile_regex


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    unit: str         # the unit word (局, 镇, 经开区)
    text: str         # as written (我局)
    strong: bool      # a claim to be this unit (not possibly a scope)


class SelfReferenceCheck(Check):
    kind = "self-reference"
    OPTIONS = {
        "prefixes": Option(list, ["我"], item=str, help="words that make a unit word a self-reference"),
        "territories": Option(list, [], required=True, item=list,
                              help="levels of territorial units, smallest first; each a list of words"),
        "organizations": Option(list, [], required=True, item=str, help="organizational unit words"),
        "compatible": Option(list, [], item=list,
                             help="pairs of unit words that may both be used; '*' matches any"),
        "named-units": Option(list, [], item=str,
                              help="unit names that claim the speaker when they open a clause "
                                   "and act (，经开区更加注重…)"),
        "named-level": Option(int, 3, help="territory level (1-based) of named-units"),
        "agent-after": Option(str, "", help="regex: what follows a named unit acting as subject"),
        "not-after": Option(dict, {}, help="unit word → regex; a mention followed by it is not one"),
        "not-before": Option(str, "", help="regex of text ending right before the prefix that "
                                             "makes it no self-reference (自我局限)"),
        "title-units": Option(bool, True, help="take the unit named in the title as the speaker"),
        "title-aliases": Option(dict, {}, help="full unit words in titles → unit word (办公室 = 办)"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        from ..regex_analysis import guarded   # here: cached checks skip it
        self.level: dict[str, int] = {}
        for i, words in enumerate(options["territories"]):
            for w in words:
                if not isinstance(w, str) or not w:
                    raise RuleError("territories 的每一级应为非空字符串数组", key="territories")
                self.level[w] = i + 1
        self.orgs = set(options["organizations"])
        if not self.level or not self.orgs:
            raise RuleError("territories 与 organizations 都不能为空", key="territories")
        both = self.orgs & set(self.level)
        if both:
            raise RuleError(f"单位词不能同时属于两类：{'、'.join(sorted(both))}", key="organizations")
        self.compatible = set()
        for pair in options["compatible"]:
            if len(pair) != 2 or not all(isinstance(x, str) for x in pair):
                raise RuleError("compatible 的每一项应为两个单位词", key="compatible")
            self.compatible.add((pair[0], pair[1]))
            self.compatible.add((pair[1], pair[0]))
        self.named = set(options["named-units"])
        for w in self.named:
            self.level.setdefault(w, options["named-level"])
        units = sorted(set(self.level) | self.orgs, key=len, reverse=True)
        prefixes = "|".join(re.escape(p) for p in options["prefixes"])
        self.rx = re.compile(guarded(f"(?:{prefixes})(?P<unit>{'|'.join(map(re.escape, units))})"))
        self.not_after = {k: compile_regex(v, "not-after") for k, v in options["not-after"].items()}
        self.not_before = (compile_regex(options["not-before"] + "$", "not-before")
                           if options["not-before"] else None)
        self.named_rx = None
        if self.named:
            names = "|".join(map(re.escape, sorted(self.named, key=len, reverse=True)))
            agent = options["agent-after"]
            if not agent:
                raise RuleError("named-units 需要 agent-after", key="agent-after")
            compile_regex(agent, "agent-after")
            named = (rf"(?:^|(?<=[，。；：！？,;:!?\n]))(?:今年|上半年|下半年|近年来|同时)?[，,]?"
                     rf"(?P<unit>{names})(?={agent})")
            # scanned at C speed for its first characters, stopping only where it matches
            # (it may open with ， which is everywhere)
            compiled = re.compile(guarded(named, re.M), re.M)
            self.named_rx = Prescanned(named, compiled, re.M)
            self.named_gate = Gate([compiled])     # most documents name no 开发区 at all
        self.aliases = dict(options["title-aliases"])
        unknown = [v for v in self.aliases.values() if v not in self.level and v not in self.orgs]
        if unknown:
            raise RuleError(f"title-aliases 指向未定义的单位词：{'、'.join(unknown)}", key="title-aliases")
        title_units = sorted(set(units) | set(self.aliases), key=len, reverse=True)
        self.title_rx = re.compile(
            rf"(?P<unit>{'|'.join(map(re.escape, title_units))})(?:党委|党组|党工委|党支部|机关)?$")

    # ------------------------------------------------------------------ collect
    def _mentions(self, doc, start, end) -> list[Mention]:
        text = doc.text
        out = []
        for m in self.rx.finditer(text, start, end):
            unit = m.group("unit")
            guard = self.not_after.get(unit)
            if guard and guard.match(text, m.end()):
                continue
            if self.not_before and self.not_before.search(text, max(0, m.start() - 6), m.start()):
                continue
            out.append(Mention(m.start(), m.end(), unit, m.group(0), unit in self.orgs))
        if self.named_rx and self.named_gate.open(text, start, end):
            for m in self.named_rx.finditer(text, start, end):
                out.append(Mention(m.start("unit"), m.end("unit"), m.group("unit"),
                                   m.group("unit"), True))
        out.sort(key=lambda x: x.start)
        return out

    def _title_unit(self, doc, part) -> str | None:
        title = doc.title
        if not self.options["title-units"] or title is None or not part.start <= title.start < part.end:
            return None
        text = re.sub(r"^(?:关于|中共)", "", title.text)
        for segment in re.split(r"(?:19|20)[0-9_Xx]{2}年?|二[〇零○][一二三四五六七八九〇零○]{2}年|关于|"
                                r"上半年|下半年|年度|工作|意识形态|述职|报告|总结", text):
            m = self.title_rx.search(segment)
            if m and len(segment) >= 2 and not segment.startswith(("全", "各")):
                return self.aliases.get(m.group("unit"), m.group("unit"))
        return None

    # ------------------------------------------------------------------ decide
    def _contains(self, territory: str, unit: str) -> bool:
        """Whether a territory said as 我X can be the scope around ``unit``."""
        if unit in self.orgs:
            return True                          # an organization lives in any territory
        return self.level[territory] > self.level[unit]

    def _speaker(self, mentions: list[Mention]) -> str:
        counts = Counter(m.unit for m in mentions)
        best = max(counts.values())
        # ties: the unit named first sets the voice
        top = next(m.unit for m in mentions if counts[m.unit] == best)
        if top in self.orgs or top in self.named:
            return top
        # the most frequent is a territory: it may only be the scope of a unit inside it
        inside = Counter(m.unit for m in mentions if m.strong and self._contains(top, m.unit))
        if inside:
            most = max(inside.values())
            return next(m.unit for m in mentions if inside.get(m.unit) == most)
        return top

    def _conflicts(self, speaker: str, mention: Mention) -> bool:
        other = mention.unit
        if other == speaker or (speaker, other) in self.compatible \
                or (speaker, "*") in self.compatible or (other, "*") in self.compatible:
            return False
        if other in self.orgs:
            return True                          # 我局 vs 我委; a 镇 titled text saying 我局
        if speaker in self.orgs:
            return False                         # the org's territory, or a zone it works with
        if other in self.named:
            # a development zone acting inside a larger territory is part of it
            return speaker in self.named or self.level[speaker] < self.level[other]
        # a territory written as 我X conflicts unless it holds the speaker
        return not self._contains(other, speaker)

    def check(self, doc, ctx):
        for part in doc.parts:
            mentions = self._mentions(doc, part.start, part.end)
            if not mentions:
                continue
            speaker = self._title_unit(doc, part)
            if speaker is None:
                speaker = self._speaker(mentions)
                source = f"{sum(1 for m in mentions if m.unit == speaker)} 处"
            else:
                source = "标题"
            voice = next((m.text for m in mentions if m.unit == speaker), speaker)
            for m in mentions:
                if self._conflicts(speaker, m):
                    yield Finding(m.start, m.end, self.format_message(
                        match=m.text, majority=voice, source=source))


CHECK = SelfReferenceCheck
