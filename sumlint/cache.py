"""Results of unchanged files, kept between runs in ``.sumlint_cache/``.

A file's cached result is used when its bytes hash the same as last time and the run's
settings are the same: the sumlint version and source, the rule packs' content (every file under
the built-in rules folder and the user's packs), the configuration and options that shape
results (``repr`` of the RunContext) and the enabled rule codes. Each setting's results are
split by path into up to ``BUCKETS`` files, each holding ``{(resolved path, shown path):
(content digest, FileResult)}``; a bucket is read when a file of its is first looked up and
written once at the end, atomically, only when one of its entries changed. So a run over a few
files costs a few small reads, whatever the size of the repository.

The cache file is a pickle read with an unpickler that only builds sumlint's own dataclasses
and plain builtins, so a planted cache file cannot run code. Anything unreadable is ignored:
the cache only ever saves time, it never changes output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import io
import os
import pickle
import time
import zlib
from pathlib import Path

from . import __version__
from .ruleset import builtin_rules_dir

try:        # the same function as hashlib.blake2b, without importing OpenSSL's hashes (~3 ms)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - Pythons without the builtin module
    from hashlib import blake2b

CACHE_DIR = ".sumlint_cache"
FORMAT = 2
BUCKETS = 256          # files per setting: a one-file run reads and writes one of them
STALE_DAYS = 30          # cache files of other settings unused this long are removed
_GITIGNORE = "# Created by sumlint; safe to delete.\n*\n"
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by sumlint.\n")


def _digest(*chunks: bytes) -> str:
    h = blake2b(digest_size=16)
    for chunk in chunks:
        h.update(len(chunk).to_bytes(8, "little"))
        h.update(chunk)
    return h.hexdigest()


def _files_digest(paths) -> list[bytes]:
    out = []
    for path in sorted({Path(p) for p in paths}):
        try:
            out += [str(path).encode("utf-8", "surrogateescape"), path.read_bytes()]
        except OSError:
            out += [str(path).encode("utf-8", "surrogateescape"), b"<unreadable>"]
    return out


def settings_key(rules, ctx) -> str:
    """What, besides a file's bytes, decides its result."""
    package = Path(__file__).resolve().parent
    sources = list(package.rglob("*.py"))
    try:
        packs = [p for p in builtin_rules_dir().rglob("*") if p.is_file()]
    except Exception:  # noqa: BLE001 - no rules folder: the run fails elsewhere
        packs = []
    packs += [Path(r.source) for r in rules]
    packs += list(getattr(ctx.config, "extend_rules", []))
    return _digest(__version__.encode(), f"format {FORMAT}".encode(),
                   *_files_digest(sources), *_files_digest(packs),
                   _context_text(ctx).encode("utf-8", "surrogateescape"),
                   " ".join(f"{r.code}:{r.severity}" for r in rules).encode())


def _context_text(ctx) -> str:
    """``repr`` of the run context, with its set of known rule names in sorted order: a set's
    repr follows the strings' hashes, which differ in every process, and would give every run
    a new key (a cache that never hits)."""
    known = getattr(ctx, "known_rules", None)
    if known is None or not dataclasses.is_dataclass(ctx):
        return repr(ctx)
    return repr(dataclasses.replace(ctx, known_rules=None)) + repr(sorted(known))


def cache_root(cfg) -> Path:
    """The folder of the configuration file, or the working directory (the environment variable
    SUMLINT_CACHE_DIR, when set, names the cache folder itself instead)."""
    return Path(cfg.root) if getattr(cfg, "source", None) else Path.cwd()


class _SafeUnpickler(pickle.Unpickler):
    """Builds only sumlint's dataclasses, paths and plain builtins."""
    _ALLOWED = {
        "builtins": {"set", "frozenset", "tuple", "list", "dict", "str", "int", "bytes", "bool"},
        "pathlib": {"Path", "PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath"},
    }

    def find_class(self, module: str, name: str):
        if name in self._ALLOWED.get(module, ()):
            return super().find_class(module, name)
        if module == "sumlint" or module.startswith("sumlint."):
            obj = super().find_class(module, name)
            if isinstance(obj, type) and dataclasses.is_dataclass(obj):
                return obj
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


class ResultCache:
    """Cached results of one setting, split by path into ``BUCKETS`` files read only when a
    file of theirs is looked up and written only when one of their entries changed: a
    pre-commit run on one document of a large repository reads and writes one small bucket,
    not the results of every document."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.prefix = f"results-{key[:24]}"
        self.buckets: dict[int, dict[tuple[str, str], tuple[str, object]]] = {}
        self._dirty: set[int] = set()
        self._digests: dict[tuple[str, str], str] = {}
        self.hits = self.misses = 0

    @classmethod
    def open(cls, cfg, rules, ctx) -> "ResultCache":
        folder = os.environ.get("SUMLINT_CACHE_DIR") or cache_root(cfg) / CACHE_DIR
        return cls(Path(folder), settings_key(rules, ctx))

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    # ------------------------------------------------------------------ lookups
    @staticmethod
    def _entry_key(target) -> tuple[str, str]:
        return os.path.abspath(target.path), str(target.path)

    @staticmethod
    def _bucket_of(key: tuple[str, str]) -> int:
        # a checksum, not hash(): str hashes change with every process
        return zlib.crc32(key[0].encode("utf-8", "surrogateescape")) % BUCKETS

    def _bucket_file(self, bucket: int) -> Path:
        return self.folder / f"{self.prefix}-{bucket:02x}.pickle"

    def _entries(self, key: tuple[str, str]) -> dict:
        bucket = self._bucket_of(key)
        if bucket not in self.buckets:
            self.buckets[bucket] = self._load(self._bucket_file(bucket))
        return self.buckets[bucket]

    def lookup(self, target):
        """The cached FileResult of ``target`` if its content is unchanged, else None."""
        key = self._entry_key(target)
        try:
            with open(target.path, "rb") as fh:
                digest = _digest(fh.read())
        except OSError:
            return None           # lint_file reports why
        self._digests[key] = digest
        entry = self._entries(key).get(key)
        if entry is not None and entry[0] == digest:
            self.hits += 1
            result = entry[1]
            # named files that fail are exit 2, found ones are not: that is the caller's now
            # (a copy only when it differs: replace() costs as much as the rest of a lookup)
            if result.explicit != target.explicit:
                result = dataclasses.replace(result, explicit=target.explicit)
            return result
        self.misses += 1
        return None

    def store(self, target, result) -> None:
        if result.error is not None:      # unreadable or an internal error: try again next time
            return
        key = self._entry_key(target)
        digest = self._digests.get(key)
        if digest is None:
            return
        self._entries(key)[key] = (digest, result)
        self._dirty.add(self._bucket_of(key))

    # ------------------------------------------------------------------ files
    @staticmethod
    def _load(file: Path) -> dict:
        # the cyclic garbage collector is paused while a bucket is read: unpickling makes tens
        # of thousands of objects, each allocation counts towards a collection, and the
        # collections walk every result read so far (a cached run over 10,000 files spent
        # 1.6-2.0 s reading buckets with it on, 0.7-0.8 s with it off). Results hold no cycles.
        paused = gc.isenabled()
        gc.disable()
        try:
            with open(file, "rb") as fh:
                data = _SafeUnpickler(io.BytesIO(fh.read())).load()
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                TypeError, ValueError, IndexError, KeyError):
            return {}
        finally:
            if paused:
                gc.enable()
        if isinstance(data, dict) and data.get("format") == FORMAT \
                and isinstance(data.get("entries"), dict):
            return data["entries"]
        return {}

    def save(self) -> None:
        """Write the buckets that changed; never fail the run because of it."""
        if not self._dirty:
            return
        try:
            self._prepare_folder()
            for bucket in sorted(self._dirty):
                entries = {k: v for k, v in self.buckets[bucket].items()
                           if os.path.exists(k[0])}
                self._write(self._bucket_file(bucket), entries)
            self._remove_stale()
            self._dirty.clear()
        except OSError:
            pass

    def _write(self, file: Path, entries: dict) -> None:
        payload = pickle.dumps({"format": FORMAT, "entries": entries},
                               protocol=pickle.HIGHEST_PROTOCOL)
        import tempfile             # only when something changed: most runs only read
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".results-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.chmod(tmp, 0o644)
            os.replace(tmp, file)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def _prepare_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in ((".gitignore", _GITIGNORE), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
            marker = self.folder / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")

    def _remove_stale(self) -> None:
        limit = time.time() - STALE_DAYS * 86400
        for other in self.folder.glob("results-*.pickle"):
            with contextlib.suppress(OSError):
                if not other.name.startswith(self.prefix + "-") and other.stat().st_mtime < limit:
                    other.unlink()

