"""regexes.Prescanned: its ``finditer`` gives exactly ``finditer``'s matches."""

from __future__ import annotations

import random
import re

import pytest

from sumlint.regexes import Prescanned
from sumlint.regex_analysis import guarded

YEAR = r"(?P<year>(?:19|20)[0-9]{2}|[〇零一二三四五六七八九]{4})"
PATTERNS = [
    # the shapes of the years and mixed-forms patterns
    rf"(?:^|(?<=[。！？]))[ \t\u3000]*{YEAR}\s*年[，,][^。！？\n]{{0,6}}?(?:领导下|坚持)",
    r"(?:^|(?<=[。！？，,\s]))一年来[，,]",
    r"(?<![0-9])(?:19|20)[0-9]{2}年",
    r"(?<![〇零一二三四五六七八九○])[一二][〇零○一二三四五六七八九]{3}年",
    # an optional first item: guarded can only put a look-ahead in front (SL901's named units)
    r"(?:^|(?<=[，。\n]))(?:今年|同时)?[，,]?(?P<unit>问题|领导)(?=坚持|计划)",
    r"(?:一|二)?(?<![年])[0-9]{2}年?", r"(?:^|(?<=[。\s]))(?:\s|年)*?(计划)\1?",
    # look-arounds at both ends, back-references, $ and \s (a newline can start a match)
    r"(?:^|(?<=[。\s]))(问)题\1?(?=[，。]|$)", r"(?:\s|年)+计划", r"(?<!a)(?:ab|b)+",
    r"(?:a|)b", r"(?:[。，]|^)年$",
    # fixed width, ending with a literal: scanned for it (a look-ahead after it, a group, a
    # back-reference, which a look-behind refuses, a case-insensitive literal)
    r"(?:^|(?<=[。\s]))[一二][0-9]年(?![，。])", r"(?P<y>[0-9]{2})(?:问|题)年", r"([ab])\1年",
    r"(?i)[一二]A", r"[一二]?年",
    # ^ under re.M (pairs' list markers): tried at line starts only
    r"^[ \t\u3000]*[0-9一二]{1,3}[）)]", r"^(?:问|题)+$", r"^\n?年",
]
ALPHABET = "一二〇零○九1920年。！？，, \t\u3000\n\n问题领导下坚持来计划abA）)"


@pytest.mark.parametrize("pattern", PATTERNS)
def test_same_matches_as_finditer(pattern):
    for flags in (0, re.M):
        rx = re.compile(pattern, flags)
        fast = Prescanned(pattern, re.compile(guarded(pattern, flags), flags), flags)
        rng = random.Random(pattern)
        for _ in range(4000):
            text = "".join(rng.choices(ALPHABET, k=rng.randint(0, 24)))
            pos = rng.randint(0, len(text))
            endpos = rng.choice([len(text), rng.randint(pos, len(text))])
            want = [(m.span(), m.groups()) for m in rx.finditer(text, pos, endpos)]
            got = [(m.span(), m.groups()) for m in fast.finditer(text, pos, endpos)]
            assert got == want, (text, pos, endpos)


def test_prescan_used_only_where_it_helps():
    named = r"(?:^|(?<=[，。]))(?:今年|同时)?[，,]?(?P<unit>经开区|开发区)(?=更加|坚持)"
    assert Prescanned(named, re.compile(named)).starts is not None
    assert Prescanned("年度", re.compile("年度")).starts is None          # re scans a literal
    assert Prescanned("[一二]年", re.compile("[一二]年")).shift == 2         # scanned for 年
    assert Prescanned("年[一二]", re.compile("年[一二]")).starts is None
    assert Prescanned("^一", re.compile("^一")).starts is None
    assert Prescanned("(?:a|)b?", re.compile("(?:a|)b?")).starts is None  # may match ''
    assert Prescanned("^一", re.compile("^一", re.M), re.M).line_led
    assert Prescanned("(?m)^一", re.compile("(?m)^一")).starts is None   # global flag: as is
