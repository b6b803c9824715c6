"""What every check kind shares: declared options, validation helpers and the check interface.

A check kind is a class that reads one rule's TOML data once (``__init__``) and then reports
findings on any number of documents (``check``). It never prints and never reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from ..document import Document
    from ..diagnostics import Finding
    from ..ruleset import Rule
    from ..engine import RunContext


class RuleError(Exception):
    """A rule pack that cannot be used; str() is the one-line Chinese message for the user."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None,
                 code: str = "", key: str = ""):
        self.path, self.line, self.code, self.key, self.reason = path, line, code, key, message
        super().__init__(message)

    def located(self, path: str, line: int | None, code: str) -> "RuleError":
        return RuleError(self.reason, path=self.path or path,
                         line=self.line if self.line is not None else line,
                         code=self.code or code, key=self.key)

    def __str__(self) -> str:
        where = self.path or "<规则>"
        if self.line:
            where += f":{self.line}"
        parts = [where]
        if self.code:
            parts.append(f"规则 {self.code}")
        if self.key:
            parts.append(f"键 “{self.key}”")
        return "：".join(parts) + "：" + self.reason


@dataclass(frozen=True)
class Option:
    """One kind-specific TOML key: its type and default."""
    type: Any                      # str, int, float, bool, list, dict
    default: Any = None
    required: bool = False
    item: Any = None               # element type for lists
    help: str = ""


TYPE_NAMES = {str: "字符串", int: "整数", float: "数值", bool: "布尔值", list: "数组", dict: "表"}


def check_type(value: Any, opt: Option, key: str) -> Any:
    expected = opt.type
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if expected is int and isinstance(value, bool) or not isinstance(value, expected):
        raise RuleError(f"应为{TYPE_NAMES.get(expected, expected)}，实为 {type(value).__name__}",
                        key=key)
    if expected is list and opt.item is not None:
        for i, element in enumerate(value):
            if not isinstance(element, opt.item):
                raise RuleError(f"第 {i + 1} 项应为{TYPE_NAMES.get(opt.item, opt.item)}",
                                key=key)
    return value


_EMPTY_PROBES = ("", "甲乙丙 abc 123。", "\n")


def compile_regex(pattern: str, key: str, flags: int = 0, allow_empty: bool = False) -> re.Pattern:
    """Compile a rule's regex, refusing ones that do not compile or can match nothing at all."""
    try:
        rx = re.compile(pattern, flags)
    except re.error as exc:
        raise RuleError(f"正则表达式 {pattern!r} 无法编译：{exc}", key=key) from None
    if not allow_empty:
        for probe in _EMPTY_PROBES:
            for m in rx.finditer(probe):
                if m.end() == m.start():
                    raise RuleError(f"正则表达式 {pattern!r} 可以匹配空字符串", key=key)
    return rx


#: what a LazyPattern takes over from the compiled pattern at first use
_PATTERN_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
                  "scanner", "flags", "groups", "groupindex")


class LazyPattern:
    """A regex that is compiled the first time it is used, then is as fast as the real one.

    Rule packs read from the pack cache (``packcache``) hold these in place of ``re.Pattern``:
    a pack has hundreds of regexes (SL701's guards, say) of which a run uses a few, and
    compiling them all would cost more than the rest of a one-file run. The first attribute
    lookup compiles the pattern and binds its methods onto the instance, so later calls go
    straight to ``re``'s C code without passing through here again.

    ``code`` (see ``compiled_form``) is what ``re``'s compiler made of the pattern in the
    process that wrote the cache: with it, the first use skips re's pure-Python compiler
    (~0.25 ms a pattern, 20 ms for the regexes one document needs).
    """

    def __init__(self, pattern: str, flags: int = 0, code: tuple | None = None):
        self.pattern = pattern
        self._flags = flags
        self._code = code

    def __getattr__(self, name: str):
        # only reached for attributes not yet on the instance; dunders (pickle, copy probing
        # special methods) must not trigger a compile
        if name.startswith("__") or name not in _PATTERN_ATTRS:
            raise AttributeError(name)
        rx = _from_compiled_form(self.pattern, self._code) if self._code else None
        if rx is None:
            rx = re.compile(self.pattern, self._flags)
        for attr in _PATTERN_ATTRS:
            setattr(self, attr, getattr(rx, attr))
        return getattr(rx, name)

    def __reduce__(self):
        return LazyPattern, (self.pattern, self._flags, self._code)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyPattern, re.Pattern)):
            return (self.pattern, self._flags | re.UNICODE) == (other.pattern,
                                                               _flags_of(other) | re.UNICODE)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self._flags | re.UNICODE))

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags})"


def _flags_of(rx) -> int:
    return rx._flags if isinstance(rx, LazyPattern) else rx.flags


def compiled_form(rx: re.Pattern) -> tuple | None:
    """(flags, code, groups, groupindex, indexgroup): what CPython's ``re`` compiler hands to
    ``_sre.compile`` for ``rx`` (the same steps as ``re._compiler.compile``), code packed as
    bytes. None when this Python's ``re`` works otherwise. Only valid for the interpreter that
    made it: the pack cache's key holds the exact Python version."""
    try:
        import _sre
        from array import array
        from re import _compiler, _parser
        parsed = _parser.parse(rx.pattern, rx.flags)
        code = _compiler._code(parsed, rx.flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        packed = array("I", code)
        if packed.itemsize != _sre.CODESIZE:
            return None
        form = (rx.flags | parsed.state.flags, packed.tobytes(), parsed.state.groups - 1,
                groupindex, tuple(indexgroup))
        again = _from_compiled_form(rx.pattern, form)
    except Exception:  # noqa: BLE001 - another Python's internals: compile from source then
        return None
    if again is None or (again.flags, again.groups, again.groupindex) != (rx.flags, rx.groups,
                                                                          rx.groupindex):
        return None
    return form


def _from_compiled_form(pattern: str, form: tuple) -> re.Pattern | None:
    """The compiled pattern from ``compiled_form``'s output, or None if _sre refuses it (it
    validates the code)."""
    try:
        import _sre
        from array import array
        flags, packed, groups, groupindex, indexgroup = form
        return _sre.compile(pattern, flags, array("I", packed).tolist(), groups, groupindex,
                            indexgroup)
    except Exception:  # noqa: BLE001 - re.compile from the source instead
        return None


class Check:
    """Base class of check kinds. Subclasses set ``kind`` and ``OPTIONS`` and implement ``check``."""

    kind = ""
    OPTIONS: dict[str, Option] = {}
    FIXES: tuple[str, ...] = ()
    #: a cross-file kind implements check_corpus instead of check
    cross_file = False
    #: set when the kind needs word segmentation (jieba), so callers know the cost
    needs_segmentation = False

    def __init__(self, rule: "Rule", options: dict[str, Any]):
        self.rule = rule
        self.options = options

    def check(self, doc: "Document", ctx: "RunContext") -> Iterable["Finding"]:
        raise NotImplementedError

    def collect(self, doc: "Document", ctx: "RunContext") -> Any:
        """Cross-file kinds: a small picklable summary of one document, made where the document
        is linted (possibly a worker process); the engine hands these to ``check_corpus``."""
        raise NotImplementedError

    def check_corpus(self, entries: list[tuple[str, Any]], ctx: "RunContext"
                     ) -> Iterable[tuple[int, "Finding"]]:
        """Cross-file kinds: ``entries`` are (path, collect() result) in report order; yield
        (entry index, Finding on that entry's document)."""
        raise NotImplementedError

    # helpers for subclasses -------------------------------------------------------------
    def format_message(self, template: str | None = None, **values: Any) -> str:
        """Fill the rule's message: {match} and named values; unknown fields stay as written."""
        text = template if template is not None else self.rule.message
        try:
            return text.format_map(_KeepMissing(values))
        except (ValueError, IndexError):
            return text


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
