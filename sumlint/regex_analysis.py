"""What a regex's matches must contain, so that Python's engine (or a ``str in`` test) can skip text.

Two analyses of the parsed pattern, both used only to go faster, never to change matches.

**First-character guard.**

CPython's ``re`` scans fast only when a pattern starts with a literal or a character class: it
then tests one character per position in C and enters the matcher only where a match can start.
A pattern that starts with a look-behind (``(?<=[\\u4e00-\\u9fff])…``), a repeat (``\\.{3,6}``)
or an alternation whose branches start that way enters the full matcher at every position, about
five times slower on Chinese prose. Rules are written for readability, not for that quirk, so
the set of characters a match can start with is computed from the parsed pattern and put in
front as a look-ahead, ``(?=[…])``. ``re`` still enters its matcher at every position (it does
not scan for a look-ahead), but fails there at the first test, 2–4 times faster than after a
look-behind or an alternation. The look-ahead is true for every match by construction, so
matches are exactly the same. Patterns ``re`` already scans for (``_scans_natively``: the
INFO block of the compiled code has a literal prefix or a first-character set) are left alone.

Better still, where the first consuming item is a literal or a class (or a repeat of one) with
only assertions before it, that character is moved to the front and the assertions checked in a
look-behind over it (``hoisted``): ``re`` then scans for the first character in C without
entering its matcher at all, 2.5 times (a class) to 20 times (a literal) faster than the
look-ahead guard. A hypothesis test compares the two forms' matches and groups.

No guard is made when the first character is not a small known set: ``.``, negated classes,
``\\d`` and other categories (``\\s`` is expanded), a leading back-reference, or a pattern
that can match the empty string. Under IGNORECASE the guard is case-insensitive too, since it is
part of the same pattern.

**Required strings.** A set of strings one of which every match contains; a rule whose set is
absent from a document skips its scan (most rules, most files).
"""

from __future__ import annotations

import re

from .regexes import sre_c, sre_parse

try:  # Python 3.11+
    from re import _compiler as _sre_compile
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compile

#: a guard wider than this many code points would not let the engine skip much text
MAX_CODEPOINTS = 4096


class _Unknown(Exception):
    """The first character of a match is not a small known set."""


#: what ``\\s`` matches in a str pattern (str.isspace; a test checks it against ``re``)
WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004" \
             "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

_LEADING_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def first_char_class(pattern: str, flags: int = 0) -> str | None:
    """A character class (``[…]``) every match of ``pattern`` starts with, or None. It is meant
    for the same flags as the pattern: under IGNORECASE it matches the other case too."""
    if flags & re.VERBOSE:
        return None
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & re.VERBOSE:
        return None
    ranges: list[tuple[int, int]] = []
    try:
        nullable = _first(list(parsed), ranges)
    except _Unknown:
        return None
    if nullable or not ranges:
        return None
    ranges = _merged(ranges)
    if sum(hi - lo + 1 for lo, hi in ranges) > MAX_CODEPOINTS:
        return None
    return "[" + "".join(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}"
                         for lo, hi in ranges) + "]"


def guarded(pattern: str, flags: int = 0) -> str:
    """``pattern`` rewritten to scan faster, with the same matches: as written where ``re``
    already scans for its first characters in C; else opened by its first character
    (``hoisted``) where that lets ``re`` scan for it; else led by a first-character look-ahead.

    No look-ahead where the pattern opens with ``^``: a guard in front would only slow it down
    (measured on the years patterns)."""
    if _scans_natively(pattern, flags):
        return pattern
    fast = hoisted(pattern, flags)
    if fast is not None and _scans_natively(fast, flags):
        return fast
    if _opens_with_scan_prefix(pattern, flags):
        return pattern
    cls = first_char_class(pattern, flags)
    if cls is None:
        return pattern
    lead = _LEADING_FLAGS.match(pattern)      # global flags must stay at the very start
    head, body = (lead.group(0), pattern[lead.end():]) if lead else ("", pattern)
    return f"{head}(?={cls})(?:{body})"


def _scans_natively(pattern: str, flags: int) -> bool:
    """Whether ``re`` compiles ``pattern`` with a literal prefix or a first-character set to scan
    for (the INFO block of its compiled code), as for 年…, […]… or 禁止|严禁."""
    try:
        code = _sre_compile._code(sre_parse.parse(pattern, flags), flags)
    except Exception:   # noqa: BLE001 — an optimisation only
        return False
    return bool(code) and code[0] == sre_c.INFO \
        and bool(code[2] & (sre_c.SRE_INFO_PREFIX | sre_c.SRE_INFO_CHARSET))


def hoisted(pattern: str, flags: int = 0) -> str | None:
    """``pattern`` with its first consuming character moved in front of the assertions that
    precede it, or None where that cannot be done or changes nothing.

    ``(?<![0-9])[一二][〇零]{3}年`` becomes ``[一二](?<=(?<![0-9])[一二])[〇零]{3}年``: the assertions
    are checked inside a look-behind over that one character, at the same place, so the matches
    and groups are the same. But now the pattern opens with a class (or a literal), which
    ``re`` scans for in C, 2.5 times (a class) to 20 times (a literal) faster than it enters its
    matcher at each position to try a look-ahead guard. A first repeat ``C{m,n}`` with m ≥ 1
    becomes ``C(?<=…C)C{m-1,n-1}``; a leading group is rewritten inside (its start stays where
    it was), an alternation branch by branch. A first item that is optional or a wider
    construct leaves the pattern to the guard."""
    if flags & re.VERBOSE:
        return None
    lead = _LEADING_FLAGS.match(pattern)
    head, body = (lead.group(0), pattern[lead.end():]) if lead else ("", pattern)
    try:
        before = re.compile(pattern, flags)
        flags = sre_parse.parse(pattern, flags).state.flags
    except re.error:
        return None
    if flags & re.VERBOSE:
        return None
    try:
        fast = _hoist(body, flags, "")
    except Exception:   # noqa: BLE001 — an optimisation only: never fail a rule over it
        return None
    if fast is None or fast == body:
        return None
    try:
        after = re.compile(head + fast, flags)
    except re.error:     # pragma: no cover - a safety net
        return None
    if before.groupindex != after.groupindex or before.groups != after.groups:
        return None     # pragma: no cover - a safety net: the rewrite moves no group
    return head + fast


def _hoist(source: str, flags: int, assertions: str) -> str | None:
    """``source`` (a sequence or an alternation) opened by its first consuming character, the
    ``assertions`` (source text, checked where ``source`` starts) moved into a look-behind.

    Branches that open with classes (``[Xx]{1,4}|×{1,4}``) are joined behind the union of
    their first characters, each checking its own in a look-behind, tried in the same order:
    ``[Xx×](?:(?<=[Xx])[Xx]{0,3}|(?<=×)×{0,3})``. re scans for a class; for an alternation only
    when every branch opens with a literal."""
    branches = _top_level_branches(source)
    if branches is None:
        return None
    parts = []
    for branch in branches:
        part = _hoist_sequence(branch, flags, assertions)
        if part is None:
            return None
        parts.append(part)
    if len(parts) > 1 and all(first is not None for first, _, _ in parts):
        union = _union_class([first for first, _, _ in parts], flags)
        if union is not None:
            return union + "(?:" + "|".join(f"(?<={behind or first}){rest}"
                                            for first, behind, rest in parts) + ")"
    return "|".join(_joined(part) for part in parts)


def _joined(part: tuple) -> str:
    first, behind, rest = part
    return (first or "") + (f"(?<={behind})" if behind else "") + rest


def _union_class(firsts: list[str], flags: int) -> str | None:
    """One class of every character the single-character items ``firsts`` match, or None
    where re scans for the branches as they are (all literals) or a class cannot be made."""
    ranges: list[tuple[int, int]] = []
    literal = True
    for first in firsts:
        try:
            (op, av), = sre_parse.parse(first, flags)
            if op is sre_c.LITERAL:
                ranges.append((av, av))
            else:
                literal = False
                _charset(av, ranges)
        except (_Unknown, ValueError, re.error):
            return None
    if literal:
        return None
    return "[" + "".join(_escape(lo) if lo == hi else f"{_escape(lo)}-{_escape(hi)}"
                         for lo, hi in _merged(ranges)) + "]"


_REPEAT_OPS = tuple(op for op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT,
                                  getattr(sre_c, "POSSESSIVE_REPEAT", None)) if op is not None)
_GROUP_OPENING = re.compile(r"\((?:\?P<\w+>|\?:)?")


def _hoist_sequence(source: str, flags: int, assertions: str) -> tuple | None:
    """(first character, look-behind, rest) of a sequence; (None, None, text) when it opens
    with a group, rewritten inside."""
    try:
        items = list(sre_parse.parse(source, flags))
    except re.error:
        return None
    k = 0
    while k < len(items) and _zero_width(*items[k]):
        k += 1
    if k == len(items):
        return None
    assertions_end = _prefix_end(source, items[:k], 0, flags)
    item_end = _prefix_end(source, items[:k + 1], assertions_end or 0, flags)
    if assertions_end is None or item_end is None:
        return None
    assertions += source[:assertions_end]
    if assertions and sre_parse.parse(assertions, flags).state.groups > 1:
        return None                         # groups in the assertions would change their order
    first, rest = source[assertions_end:item_end], source[item_end:]
    op, av = items[k]
    if op is sre_c.SUBPATTERN or (op is sre_c.BRANCH and first.startswith("(?:")):
        # a group, or an alternation in (?:…), which the parser does not keep as a group
        add_flags = del_flags = 0
        if op is sre_c.SUBPATTERN:
            _group, add_flags, del_flags, _sub = av
        opening = _GROUP_OPENING.match(first)
        if add_flags or del_flags or opening is None or not first.endswith(")"):
            return None
        inner = _hoist(first[opening.end():-1], flags, assertions)
        return None if inner is None else (None, None, opening.group(0) + inner + ")" + rest)
    if op in (sre_c.LITERAL, sre_c.IN):
        if not assertions:
            return first, None, rest        # already opens with a literal or a class
    elif op in _REPEAT_OPS and av[0] >= 1 and len(av[2]) == 1 \
            and av[2][0][0] in (sre_c.LITERAL, sre_c.IN):
        one = _prefix_end(first, [av[2][0]], 0, flags)
        if one is None:
            return None
        first, rest = first[:one], _repeat_rest(first[:one], op, av[0], av[1]) + rest
    else:
        return None
    return first, (assertions + first if assertions else None), rest


def _repeat_rest(item: str, op, low: int, high: int) -> str:
    """What is left of ``item{low,high}`` once one ``item`` is taken."""
    low, high = low - 1, (None if high == sre_c.MAXREPEAT else high - 1)
    if (low, high) == (1, 1):
        return item
    if high == 0:
        return ""
    more = {(0, None): "*", (1, None): "+", (0, 1): "?"}.get((low, high)) or \
        (f"{{{low}}}" if low == high else f"{{{low},{'' if high is None else high}}}")
    if op is sre_c.MIN_REPEAT:
        more += "?"
    elif op is not sre_c.MAX_REPEAT:
        more += "+"                         # possessive
    return item + more


def _zero_width(op, av) -> bool:
    """An item that consumes nothing: an assertion, or a non-capturing group or alternation
    made only of them (``(?:^|(?<=[。；]))``)."""
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return True
    if op is sre_c.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        return group is None and not add_flags and not del_flags \
            and all(_zero_width(*i) for i in sub)
    if op is sre_c.BRANCH:
        return all(alternative and all(_zero_width(*i) for i in alternative)
                   for alternative in av[1])
    return False


def _prefix_end(source: str, items: list, start: int, flags: int) -> int | None:
    """The end of the shortest prefix of ``source`` (from ``start`` on) that parses to
    ``items``, compared by their printed form."""
    want = repr(items)
    if not items:
        return start
    for end in range(start + 1, len(source) + 1):
        try:
            got = list(sre_parse.parse(source[:end], flags))
        except re.error:
            continue
        if repr(got) == want:
            return end
    return None


def _top_level_branches(source: str) -> list[str] | None:
    """``source`` split at its top-level ``|`` (outside groups, classes and escapes)."""
    out, depth, start, i, n = [], 0, 0, 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if i < n and source[i] == "^":
                i += 1
            if i < n and source[i] == "]":
                i += 1
            while i < n and source[i] != "]":
                i += 2 if source[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
        i += 1
    if depth != 0:
        return None
    out.append(source[start:])
    return out


def _opens_with_scan_prefix(pattern: str, flags: int) -> bool:
    try:
        items = list(sre_parse.parse(pattern, flags))
    except re.error:
        return True                           # left alone; compiling reports it
    while items and items[0][0] is sre_c.SUBPATTERN and not items[0][1][1]:
        items = list(items[0][1][3])          # (?P<name>…) / (…): look inside
    return bool(items) and items[0][0] in (sre_c.LITERAL, sre_c.IN, sre_c.AT)


def _first(items: list, out: list[tuple[int, int]]) -> bool:
    """Add the possible first characters of the sequence ``items`` to ``out``; True when the
    sequence can match without consuming a character."""
    for op, av in items:
        if op is sre_c.LITERAL:
            out.append((av, av))
            return False
        if op is sre_c.IN:
            _charset(av, out)
            return False
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue                              # zero width: the next item starts the match
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) or op is getattr(sre_c, "POSSESSIVE_REPEAT", None):
            low, _high, sub = av
            if not _first(list(sub), out) and low > 0:
                return False                      # at least one non-empty repetition
            continue
        if op is sre_c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if add_flags & (re.IGNORECASE | re.VERBOSE):
                raise _Unknown
            if not _first(list(sub), out):
                return False
            continue
        if op is getattr(sre_c, "ATOMIC_GROUP", None):
            if not _first(list(av), out):
                return False
            continue
        if op is sre_c.BRANCH:
            nullable = False
            for alternative in av[1]:
                nullable |= _first(list(alternative), out)
            if not nullable:
                return False
            continue
        raise _Unknown                            # ANY, NOT_LITERAL, CATEGORY, GROUPREF …
    return True


def _charset(items, out: list[tuple[int, int]]) -> None:
    for op, av in items:
        if op is sre_c.LITERAL:
            out.append((av, av))
        elif op is sre_c.RANGE:
            out.append(av)
        elif op is sre_c.CATEGORY and av is sre_c.CATEGORY_SPACE:
            out.extend((ord(c), ord(c)) for c in WHITESPACE)
        else:                                     # NEGATE, CATEGORY (\s, \w inside a class)
            raise _Unknown


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    ranges.sort()
    merged = [ranges[0]]
    for lo, hi in ranges[1:]:
        if lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


# ------------------------------------------------------------------ required strings
_MAX_REQUIRED = 32


def required_strings(rx: re.Pattern) -> frozenset[str] | None:
    """Strings one of which every match of ``rx`` contains, or None when we cannot tell.

    A cheap prefilter: a ``str in`` test per string is far cheaper than a scan, and most rules
    cannot match most documents. Literal runs are kept whole (``[京津]ICP备`` gives 京ICP备 and
    津ICP备, not the character I), because single characters such as 不 or 。 are in every
    document and would never let a scan be skipped."""
    try:
        found = _seq_required(list(sre_parse.parse(rx.pattern, rx.flags & ~re.UNICODE)))
    except Exception:   # noqa: BLE001 — an optimisation only: never fail a rule over it
        return None
    if found and rx.flags & re.IGNORECASE:
        found = _case_variants_within_cap(found)
    return found


def _case_variants_within_cap(strings: frozenset[str]) -> frozenset[str] | None:
    """The spellings of the strings, or of their longest prefixes (at least two characters)
    whose spellings stay under the cap: a prefix of a required string is required too
    (copyright: 512 spellings, copy: 16)."""
    longest = max(map(len, strings))
    for length in range(longest, 1, -1):
        found = _case_variants(frozenset(s[:length] for s in strings))
        if found is not None or any(_uncased_letter(s[:length]) for s in strings):
            return found
    return None


def _uncased_letter(string: str) -> bool:
    """Holds a cased letter outside ASCII (no prefix makes its spellings known)."""
    return any(not (char.isascii() and char.isalpha())
               and not (char.lower() == char == char.upper()
                        and char not in "".join(_CASE_EXTRA.values()))
               for char in string)


#: characters that IGNORECASE matches with an ASCII letter besides its two cases (a test checks
#: this against ``re`` over all of Unicode)
_CASE_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _case_variants(strings: frozenset[str]) -> frozenset[str] | None:
    """Every spelling IGNORECASE matches (QQ: QQ Qq qQ qq); None when a string holds a cased
    letter outside ASCII or the spellings pass the cap (copyright: 512)."""
    out: set[str] = set()
    for string in strings:
        spellings = frozenset([""])
        for char in string:
            low = char.lower()
            if char.isascii() and char.isalpha():
                forms = frozenset(low + low.upper() + _CASE_EXTRA.get(low, ""))
            elif low == char == char.upper() and char not in "".join(_CASE_EXTRA.values()):
                forms = frozenset(char)
            else:
                return None
            spellings = _product(spellings, forms)
            if spellings is None:
                return None
        out |= spellings
        if len(out) > _MAX_REQUIRED:
            return None
    return frozenset(out)


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two sets: longer shortest string (rarer in text), then fewer."""
    if not a:
        return b or None
    if not b:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _seq_required(items) -> frozenset[str] | None:
    """Required strings of a sequence: its most selective run of exactly-known text, or of an
    item that itself requires strings."""
    best, run = None, None          # run: the exact strings of the current literal stretch
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue                # consumes nothing: the text on both sides is adjacent
        exact = _exact(op, av)
        if exact is not None:
            run = exact if run is None else _product(run, exact)
            if run is None:         # grew past the cap: keep what we had, start again
                run = exact
            best = _better(best, run)
            continue
        if op in _REPEATS and av[0] >= 1:
            # ，，+ : the run so far joined to the repeat's least text (，，), not just ，
            least = _power(_exact_seq(list(av[2])), min(av[0], 8))
            if least is not None:
                best = _better(best, (_product(run, least) if run is not None else None) or least)
        run = None
        best = _better(best, _item_required(op, av))
    return best


_REPEATS = tuple(op for op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT,
                                getattr(sre_c, "POSSESSIVE_REPEAT", None)) if op is not None)


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _MAX_REQUIRED:
        return None
    return frozenset(x + y for x in a for y in b)


def _exact(op, av) -> frozenset[str] | None:
    """The finite set of strings one item matches exactly (a literal, a class of literals, an
    alternation of literal sequences), or None."""
    c = sre_c
    if op is c.LITERAL:
        return frozenset(chr(av))
    if op is c.IN:
        if all(o is c.LITERAL for o, _ in av) and len(av) <= _MAX_REQUIRED:
            return frozenset(chr(v) for _, v in av)
        return None
    if op is c.SUBPATTERN:
        _group, add_flags, _del, sub = av
        return None if add_flags & re.IGNORECASE else _exact_seq(list(sub))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == av[1] and 1 <= av[0] <= 8:
        return _power(_exact_seq(list(av[2])), av[0])
    if op is c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _exact_seq(list(branch))
            if found is None:
                return None
            out |= found
        return frozenset(out) if len(out) <= _MAX_REQUIRED else None
    return None


def _power(strings: frozenset[str] | None, times: int) -> frozenset[str] | None:
    """Every concatenation of ``times`` strings from the set (None past the cap)."""
    out = strings
    for _ in range(times - 1):
        if out is None:
            return None
        out = _product(out, strings)
    return out


def _exact_seq(items) -> frozenset[str] | None:
    out = frozenset([""])
    for op, av in items:
        exact = _exact(op, av)
        if exact is None:
            return None
        out = _product(out, exact)
        if out is None:
            return None
    return out if all(out) else None         # an empty alternative makes the item optional


def _item_required(op, av) -> frozenset[str] | None:
    c = sre_c
    if op is c.SUBPATTERN:
        _group, add_flags, _del, sub = av
        return None if add_flags & re.IGNORECASE else _seq_required(list(sub))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        if low < 1:
            return None
        # ○{2,}: at least ○○
        return _power(_exact_seq(list(sub)), min(low, 8)) or _seq_required(list(sub))
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _seq_required(list(av))
    if op is c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _seq_required(list(branch))
            if not found:
                return None
            out |= found
        return frozenset(out) if len(out) <= _MAX_REQUIRED else None
    return None
