"""Validated rule packs kept between runs, so a one-file run does not re-read them.

Reading the built-in packs costs more than linting a document: TOML parsing, validation of
every rule and a few hundred regex compiles (~0.1 s). The result of ``ruleset.load_pack`` for
one pack file is kept as a pickle in the per-user cache folder (``user_cache``), under a key of
everything that could change it: the pack's path (as given and absolute), size and mtime, the
sumlint version and the size and mtime of sumlint's own modules (check kinds build the rules),
and the Python version. A hit skips parsing and validation; its regexes are ``LazyPattern``s,
compiled when a rule first uses them. A miss is exactly the uncached path (so a malformed pack
gives the same one-line error) and a pack that fails validation is never stored.

Everything here is optional: an unreadable, corrupt or foreign cache file is a miss, an
unwritable folder only means no cache, and ``SUMLINT_USER_CACHE_DIR=off`` turns it off.
The file is read with an unpickler that builds only sumlint's own classes and plain data, so a
file planted in a shared cache folder cannot run arbitrary code.
"""

from __future__ import annotations

import functools
import io
import os
import pickle
import re
import sys
import zlib
from pathlib import Path
from typing import Callable

from . import __version__
from .checks.base import Check, LazyPattern, compiled_form
from .ruleset import Rule
from .user_cache import user_cache_dir, write_atomic

FORMAT = 3
SUBDIR = "packs"

_code_stamp: tuple | None = None


def _sumlint_stamp() -> tuple:
    """(name, size, mtime_ns) of sumlint's modules: an edited check kind (a checkout, an
    editable install) builds different rules from the same pack. Computed once per process."""
    global _code_stamp
    if _code_stamp is None:
        stamp = []
        folders = [os.path.dirname(os.path.abspath(__file__))]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.name.endswith(".py"):
                            st = entry.stat()
                            stamp.append((entry.path, st.st_size, st.st_mtime_ns))
                        elif entry.name != "__pycache__" and entry.is_dir():
                            folders.append(entry.path)
            except OSError:
                stamp.append((folder, -1, -1))
        _code_stamp = tuple(sorted(stamp))
    return _code_stamp


def cache_key(path: Path, st: os.stat_result) -> tuple:
    """Everything the validated rules of pack ``path`` (as given on the command line or in the
    configuration: rules remember it for messages) depend on."""
    return (FORMAT, __version__, sys.version, sys.implementation.cache_tag,
            str(path), os.path.abspath(path), st.st_size, st.st_mtime_ns, _sumlint_stamp())


def _entry_file(folder: Path, path: Path) -> Path:
    """One file per pack: a readable stem and a checksum of the path (the full key is checked
    inside the file, so a clash of checksums is only a miss)."""
    ident = f"{path}\0{os.path.abspath(path)}".encode("utf-8", "surrogateescape")
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)[:40]
    return folder / SUBDIR / f"{stem}-{zlib.crc32(ident):08x}{zlib.adler32(ident):08x}.pickle"


def load_pack_cached(path: str | Path, build: Callable[[Path], list]) -> list:
    """The rules of pack ``path``: from the cache when its key matches, else ``build(path)``
    (which raises RuleError for a bad pack), stored for the next run when it succeeds."""
    path = Path(path)
    folder = user_cache_dir()
    if folder is None:
        return build(path)
    try:
        st = os.stat(path)
    except OSError:
        return build(path)          # build says why, in the users' words
    key = cache_key(path, st)
    entry = _entry_file(folder, path)
    rules = _read(entry, key)
    if rules is None:
        rules = build(path)
        _write(entry, key, rules)
    return rules


# ---------------------------------------------------------------------- storage
class _Pickler(pickle.Pickler):
    """Stores compiled regexes as LazyPatterns: a hit builds only the regexes a run uses, from
    the compiler's output kept with them (see ``LazyPattern``)."""

    def reducer_override(self, obj):
        if isinstance(obj, re.Pattern):
            return LazyPattern, (obj.pattern, obj.flags, compiled_form(obj))
        return NotImplemented


class _CheckPickler(_Pickler):
    """Pickles one rule's check on its own; its reference back to the rule is left out and
    restored by ``_CheckUnpickler``."""

    def __init__(self, file, rule: Rule):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._rule = rule

    def persistent_id(self, obj):
        return "rule" if obj is self._rule else None


class CachedRule(Rule):
    """A rule read from the pack cache. Its check is unpickled when first asked for: a run
    builds the checks of the rules it runs, and never imports the modules of check kinds
    that only ignored rules use (``--ignore typo``)."""

    @functools.cached_property
    def check(self) -> Check:
        # a non-data descriptor: once built, the check sits in the instance dict and is read
        # as a plain attribute (the engine asks ~3 times per rule per file)
        return _load_check(self)


def _cached_form(rule: Rule) -> CachedRule:
    buf = io.BytesIO()
    _CheckPickler(buf, rule).dump(rule.check)
    cached = CachedRule.__new__(CachedRule)
    cached.__dict__.update((k, v) for k, v in vars(rule).items() if k != "check")
    cached.__dict__["_check_blob"] = buf.getvalue()
    return cached


def dumps(key: tuple, rules: list) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(
        {"key": key, "rules": [_cached_form(r) for r in rules]})
    return buf.getvalue()


class _SafeUnpickler(pickle.Unpickler):
    """Builds only sumlint's own classes, paths, dates and plain builtins: never a function."""
    _ALLOWED = {
        "builtins": {"set", "frozenset", "tuple", "list", "dict", "str", "int", "float", "bool",
                     "bytes", "complex"},
        "pathlib": {"Path", "PosixPath", "WindowsPath", "PurePath", "PurePosixPath",
                    "PureWindowsPath"},
        "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    }

    def find_class(self, module: str, name: str):
        if name in self._ALLOWED.get(module, ()):
            return super().find_class(module, name)
        if module.startswith("sumlint.") and "." not in name:
            obj = super().find_class(module, name)
            if isinstance(obj, type) and not issubclass(obj, BaseException):
                return obj
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


class _CheckUnpickler(_SafeUnpickler):
    def __init__(self, data: bytes, rule: Rule):
        super().__init__(io.BytesIO(data))
        self._rule = rule

    def persistent_load(self, pid):
        if pid != "rule":
            raise pickle.UnpicklingError(f"unknown reference {pid!r}")
        return self._rule


def _load_check(rule: CachedRule) -> Check:
    """The rule's check from its pickle; should that fail (the entry was readable, this part
    is not), from the pack itself."""
    try:
        check = _CheckUnpickler(rule.__dict__["_check_blob"], rule).load()
        if isinstance(check, Check) and check.rule is rule:
            return check
    except Exception:  # noqa: BLE001 - rebuilt below
        pass
    from .ruleset import load_pack
    for fresh in load_pack(rule.source):
        if fresh.code == rule.code:
            fresh.check.rule = rule
            return fresh.check
    raise RuntimeError(f"{rule.source}: rule {rule.code} is gone")   # pragma: no cover


def loads(data: bytes, key: tuple) -> list | None:
    """The rules stored in ``data`` if it is a cache entry for ``key``, else None."""
    try:
        stored = _SafeUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - a corrupt or foreign file is only a miss
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    rules = stored.get("rules")
    if not isinstance(rules, list) or not all(
            isinstance(r, CachedRule) and isinstance(r.__dict__.get("_check_blob"), bytes)
            for r in rules):
        return None
    return rules


def _read(entry: Path, key: tuple) -> list | None:
    try:
        with open(entry, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return loads(data, key)


def _write(entry: Path, key: tuple, rules: list) -> None:
    """Store ``rules``; a rule that cannot be pickled or a folder that cannot be written only
    means the next run reads the pack again."""
    try:
        data = dumps(key, rules)
    except Exception:  # noqa: BLE001 - e.g. a check kind holding an unpicklable object
        return
    try:
        entry.parent.mkdir(exist_ok=True)
    except OSError:
        return
    write_atomic(entry, data)
