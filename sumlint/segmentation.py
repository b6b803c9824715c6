"""Word segmentation behind one small interface, loaded only when a rule needs it.

The reference backend is jieba (precise mode, HMM off, so that unknown strings stay split into
single characters). When ``rjieba`` (a Rust port of jieba with the same dictionary) is installed,
``cut`` uses it: it segments identically and about ten times faster. Set the environment variable
``SUMLINT_SEGMENTER=jieba`` to force the reference backend.

- ``cut(text)``: the words of ``text`` in order (their lengths add up to ``len(text)``);
- ``tag(text)``: (word, part-of-speech flag) pairs, with HMM on so that unknown names are found;
- ``is_word(word)``: exact membership in jieba's dictionary;
- ``frequency(word)``: the word's count in jieba's dictionary (0 when absent), and ``total()``;
- ``frequent_words(min_count)``: every word counted at least ``min_count`` times.

Where the counts come from
--------------------------
Reading jieba's ``dict.txt`` into a 349k-entry dict costs about 0.2 s, more than a whole one-file
run should take, while a check usually needs only a few counts. So the first process on a machine
that needs a count also writes a *word index* to the per-user cache folder (``user_cache``): an
SQLite table word → count (with an index on count for ``frequent_words``), keyed on dict.txt's
path, size and modification time and a format version, written atomically. Later processes
answer counts with point lookups in it (a few microseconds each). A process that does many
lookups (a batch run) loads the whole dict anyway once its lookups have cost about as much as
loading would (``_LOAD_AFTER``). Without a usable cache folder (or on Python < 3.11, which cannot
serialise an SQLite database) the dict is loaded as before. Either way the answers are the same.

Membership (``is_word``) is answered by ``rjieba.has_word`` when rjieba is the backend: its
dictionary is jieba's (the same assumption ``cut`` rests on, checked by the tests), and the call
needs no counts at all.
"""

from __future__ import annotations

import math
import os
from functools import lru_cache

_backend = None
_freq: dict[str, int] | None = None
_total = 0

#: bump when the word index's layout changes
INDEX_FORMAT = 1
#: point lookups after which the whole dict is loaded instead (about the cost of loading it)
_LOAD_AFTER = 50_000
_index = None           # an open _WordIndex, False when there is none, None before the first try
_lookups = 0


def backend() -> str:
    """The name of the backend ``cut`` uses: 'rjieba' or 'jieba'."""
    global _backend
    if _backend is None:
        _backend = "jieba"
        if os.environ.get("SUMLINT_SEGMENTER", "").lower() != "jieba":
            try:
                import rjieba  # noqa: F401
                _backend = "rjieba"
            except ImportError:
                pass
    return _backend


def _jieba():
    import logging
    import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def cut(text: str) -> list[str]:
    if backend() == "rjieba":
        import rjieba
        return rjieba.cut(text, hmm=False)
    return _jieba().lcut(text, HMM=False)


def tag(text: str) -> list[tuple[str, str]]:
    if backend() == "rjieba":
        import rjieba
        return list(rjieba.tag(text, hmm=True))
    _jieba()
    import jieba.posseg
    return [(p.word, p.flag) for p in jieba.posseg.cut(text, HMM=True)]


def _dictionary_path() -> str:
    import importlib.util
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:  # pragma: no cover - jieba is a dependency
        raise ImportError("jieba is not installed")
    return os.path.join(os.path.dirname(spec.origin), "dict.txt")


def _read_dictionary(path: str) -> dict[str, int]:
    """dict.txt as {word: count} (about 0.2 s: building the dict is the cost)."""
    with open(path, encoding="utf-8") as f:
        blob = f.read()
    fields = blob.split()
    if len(fields) == 3 * blob.count("\n"):      # every line is "word count tag"
        return dict(zip(fields[0::3], map(int, fields[1::3])))
    freq = {}  # pragma: no cover - a dictionary with tagless lines
    for line in blob.splitlines():  # pragma: no cover
        parts = line.split()
        if len(parts) >= 2:
            freq[parts[0]] = int(parts[1])
    return freq  # pragma: no cover


def _load_frequencies() -> None:
    """jieba's dictionary as {word: count}, read once per process; writes the word index when
    the cache folder has none yet, so that later processes need not read it."""
    global _freq, _total
    freq = _read_dictionary(_dictionary_path())
    _freq, _total = freq, sum(freq.values())
    if not _index:                  # none yet, or an unreadable one: (re)write it
        path = _index_path()
        if path is not None and (_index is False or not path.exists()):
            _write_index(path, freq, _total)


# ------------------------------------------------------------------ the word index
def dictionary_id() -> str | None:
    """dict.txt's path, size and modification time: what data derived from it is keyed on
    (None when it cannot be found)."""
    try:
        path = os.path.abspath(_dictionary_path())
        st = os.stat(path)
    except (OSError, ImportError):
        return None
    return f"{path}\0{st.st_size}\0{st.st_mtime_ns}"


def _index_path():
    """Where this dictionary's word index lives (None without a usable cache folder). The name
    holds a digest of ``dictionary_id()`` and the format, so a new jieba gets a new index and
    an outdated one is simply never read again."""
    from .user_cache import user_cache_dir
    folder = user_cache_dir()
    dict_id = dictionary_id()
    if folder is None or dict_id is None:
        return None
    import hashlib
    key = f"{INDEX_FORMAT}\0{dict_id}".encode()
    return folder / f"words-{hashlib.blake2b(key, digest_size=8).hexdigest()}.sqlite"


def _write_index(path, freq: dict[str, int], total: int) -> bool:
    """Build the index in memory and write it atomically (False when that is not possible)."""
    import sqlite3
    from .user_cache import write_atomic
    con = sqlite3.connect(":memory:")
    if not hasattr(con, "serialize"):      # Python < 3.11
        con.close()
        return False
    try:
        con.execute("CREATE TABLE words (word TEXT PRIMARY KEY, count INTEGER NOT NULL) "
                    "WITHOUT ROWID")
        con.executemany("INSERT INTO words VALUES (?, ?)", sorted(freq.items()))   # key order
        con.execute("CREATE INDEX by_count ON words (count)")
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")
        con.executemany("INSERT INTO meta VALUES (?, ?)",
                        [("format", INDEX_FORMAT), ("total", total), ("entries", len(freq))])
        con.commit()
        data = con.serialize()
    except sqlite3.Error:  # pragma: no cover - an SQLite without WITHOUT ROWID
        return False
    finally:
        con.close()
    return write_atomic(path, data)


class _WordIndex:
    """A read-only connection to the word index; reopened in a forked worker (an SQLite
    connection must not cross a fork)."""

    def __init__(self, path):
        import sqlite3
        self.path = path
        self.error = sqlite3.Error
        self._connect()
        rows = dict(self.con.execute("SELECT key, value FROM meta"))
        if rows.get("format") != INDEX_FORMAT or "total" not in rows:
            raise sqlite3.DatabaseError("not a word index of this format")
        self.total = rows["total"]

    def _connect(self):
        import sqlite3
        # immutable: the file is only ever replaced whole, never changed in place
        self.con = sqlite3.connect(self.path.as_uri() + "?mode=ro&immutable=1", uri=True,
                                   check_same_thread=False)
        self.pid = os.getpid()

    def count(self, word: str) -> int:
        if self.pid != os.getpid():
            self._connect()
        row = self.con.execute("SELECT count FROM words WHERE word = ?", (word,)).fetchone()
        return row[0] if row else 0

    def at_least(self, min_count: int) -> dict[str, int]:
        if self.pid != os.getpid():
            self._connect()
        return dict(self.con.execute("SELECT word, count FROM words WHERE count >= ?",
                                     (min_count,)))


def _open_index():
    """The word index when one exists and can be read, else False (load the dict instead)."""
    global _index
    if _index is None:
        _index = False
        path = _index_path()
        if path is not None and path.exists():
            try:
                _index = _WordIndex(path)
            except Exception:       # unreadable or foreign file: work without it
                _index = False
    return _index


def _use_dict() -> bool:
    """Whether counts come from the in-memory dict (loading it when there is no index)."""
    if _freq is not None:
        return True
    if _open_index():
        return False
    _load_frequencies()
    return True


# ------------------------------------------------------------------ lookups
def is_word(word: str) -> bool:
    """Whether ``word`` is in jieba's dictionary (every entry has a count of at least 1)."""
    if _freq is None and backend() == "rjieba":
        import rjieba
        return rjieba.has_word(word)
    return frequency(word) > 0


def frequency(word: str) -> int:
    """The word's count in jieba's dictionary, 0 when absent."""
    global _lookups
    if _freq is not None or _use_dict():
        return _freq.get(word, 0)
    _lookups += 1
    if _lookups > _LOAD_AFTER:
        _load_frequencies()
        return _freq.get(word, 0)
    try:
        return _index.count(word)
    except _index.error:        # pragma: no cover - the file vanished under us
        _load_frequencies()
        return _freq.get(word, 0)


def frequent_words(min_count: int) -> dict[str, int]:
    """{word: count} for every word counted at least ``min_count`` times (a new dict)."""
    if not _use_dict():
        try:
            return _index.at_least(min_count)
        except _index.error:    # pragma: no cover - the file vanished under us
            _load_frequencies()
    return {w: c for w, c in _freq.items() if c >= min_count}


def total() -> int:
    """The sum of all counts (the denominator of ``log_probability``)."""
    if _freq is not None or _use_dict():
        return _total
    return _index.total


@lru_cache(maxsize=65536)
def log_probability(word: str) -> float:
    """log P(word) as jieba's route finder sees it (an unknown word counts as frequency 1)."""
    return math.log(max(frequency(word), 1) / total())
