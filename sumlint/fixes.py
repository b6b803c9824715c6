"""Applying fixes safely: ``--fix`` writes, ``--diff`` shows.

A diagnostic's Fix holds Edits in offsets of the Document text (newlines normalised to ``\\n``).
Here they are

- chosen so that none overlaps another (in document order; at equal places the lower code wins;
  a fix that touches an edit already chosen is left for the next pass),
- refused when they would change text the rules did not see (Markdown code or comments, which
  the Document holds as spaces),
- mapped back to the file's own text (``\\r\\n`` counts two characters there) and applied, with a
  replacement's newlines written in the file's newline style,

and the document is linted again until no fix applies (at most ``MAX_PASSES`` times), so that a
second ``--fix`` finds nothing to do. The file is written through a temporary file in the same
folder and ``os.replace``, in its own encoding, with its BOM and file mode; bytes outside the
fixed spans stay as they were. .docx files are never rewritten.
"""

from __future__ import annotations

import bisect
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .diagnostics import Diagnostic, Edit
from .loading import LoadError, LoadedText, from_text, load_bytes, normalise_newlines

MAX_PASSES = 10


# ------------------------------------------------------------------------ pure text
def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end == b.start == b.end:          # two insertions at one place
        return True
    return a.start < b.end and b.start < a.end


def choose_fixes(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics whose fixes are applied together: no edit overlaps another.

    Deterministic: fixes are taken in order of their first edit, then code, then span; the same
    edits proposed by two rules are applied once (the first rule's).
    """
    candidates = [d for d in diagnostics if d.fix is not None and d.fix.edits]
    candidates.sort(key=lambda d: (min(e.start for e in d.fix.edits),
                                   max(e.end for e in d.fix.edits), d.code, d.start, d.end))
    taken: list[Edit] = []
    seen: set[tuple] = set()
    chosen = []
    for d in candidates:
        edits = tuple(sorted(d.fix.edits, key=lambda e: (e.start, e.end)))
        if edits in seen:
            continue
        if any(_overlaps(e, f) for e in edits for f in taken) or \
                any(_overlaps(a, b) for a, b in zip(edits, edits[1:])):
            continue
        seen.add(edits)
        taken.extend(edits)
        chosen.append(d)
    return chosen


class _Mapper:
    """Offsets of the Document text → offsets of the file's text (BOM removed)."""

    def __init__(self, source: str):
        normal = normalise_newlines(source)
        self.lead = 1 if normal.startswith("\ufeff") else 0   # the Document drops a stray U+FEFF
        self.normal = normal
        crlf, shift, i = [], 0, source.find("\r\n")
        while i >= 0:                 # normalised index of each \n that was \r\n in the file
            crlf.append(i - shift)
            shift += 1
            i = source.find("\r\n", i + 2)
        self.crlf = crlf

    def to_source(self, offset: int) -> int:
        n = offset + self.lead
        return n + bisect.bisect_left(self.crlf, n)

    def seen_as_is(self, doc_text: str, edit: Edit) -> bool:
        """The edit's span holds the same characters in the Document and in the file."""
        a, b = edit.start + self.lead, edit.end + self.lead
        return doc_text[edit.start:edit.end] == self.normal[a:b]


def apply_fixes(source: str, doc_text: str, diagnostics: list[Diagnostic],
                newline: str = "\n") -> tuple[str, list[Diagnostic]]:
    """Apply the chosen fixes to ``source`` (the file's text); returns (new text, applied)."""
    mapper = _Mapper(source)
    applied, edits = [], []
    for d in choose_fixes(diagnostics):
        if not all(mapper.seen_as_is(doc_text, e) for e in d.fix.edits):
            continue                  # it would remove Markdown code or comments the rules skipped
        applied.append(d)
        edits.extend(d.fix.edits)
    out, last = [], len(source)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        a, b = mapper.to_source(e.start), mapper.to_source(e.end)
        out.append(source[b:last])
        out.append(e.replacement.replace("\n", newline))
        last = a
    out.append(source[:last])
    return "".join(reversed(out)), applied


def fix_text(source: str, lint: Callable[[str], tuple[str, list[Diagnostic]]],
             newline: str = "\n", max_passes: int = MAX_PASSES) -> tuple[str, int]:
    """Fix until nothing more applies. ``lint(text)`` → (Document text, diagnostics).

    Returns the new text and the number of fixes applied.
    """
    seen = {source}
    count = 0
    for _ in range(max_passes):
        doc_text, diagnostics = lint(source)
        new, applied = apply_fixes(source, doc_text, diagnostics, newline)
        if not applied or new == source or new in seen:
            break
        count += len(applied)
        seen.add(new)
        source = new
    return source, count


# -------------------------------------------------------------------------- files
@dataclass
class FixOutcome:
    path: str                       # as shown
    before: str = ""
    after: str = ""
    applied: int = 0
    note: str | None = None         # why the file was not fixed (Chinese)
    error: bool = False

    @property
    def changed(self) -> bool:
        return self.after != self.before


def encode(text: str, loaded: LoadedText) -> bytes:
    return loaded.bom + text.encode(loaded.encoding)


def fix_file(path: str | os.PathLike, shown: str, lint: Callable
             ) -> tuple[FixOutcome, LoadedText | None, bytes]:
    """Compute the fixed text of one file (nothing written). ``lint(loaded) → (doc, diags)``."""
    outcome = FixOutcome(shown)
    try:
        data = Path(path).read_bytes()
        loaded = load_bytes(data, str(path))
    except (LoadError, OSError) as exc:
        outcome.note, outcome.error = f"无法读取，未修复：{exc}", True
        return outcome, None, b""
    if not loaded.writable:
        outcome.note = ".docx 文件不会被自动修改，请在 Word 或 WPS 中按提示修改"
        return outcome, loaded, data
    if encode(loaded.text, loaded) != data:
        outcome.note, outcome.error = "文件内容无法按原编码无损写回，未修复", True
        return outcome, loaded, data

    def lint_source(text: str):
        doc, diagnostics = lint(from_text(text, str(path)))
        return doc.text, diagnostics

    outcome.before = loaded.text
    outcome.after, outcome.applied = fix_text(loaded.text, lint_source, loaded.newline)
    return outcome, loaded, data


def write_atomic(path: str | os.PathLike, data: bytes, expected: bytes | None = None) -> None:
    """Replace the file's contents through a temporary file in its folder; keep its mode.

    With ``expected``, refuse (OSError) when the file changed since it was read.
    """
    real = os.path.realpath(path)             # write through a symlink, not over it
    folder = os.path.dirname(real) or "."
    mode = stat.S_IMODE(os.stat(real).st_mode)
    fd, tmp = tempfile.mkstemp(prefix=".sumlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if expected is not None and Path(real).read_bytes() != expected:
            raise OSError("文件在检查期间被其他程序修改")
        os.replace(tmp, real)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unified_diff(outcome: FixOutcome) -> str:
    before = normalise_newlines(outcome.before).splitlines(keepends=True)
    after = normalise_newlines(outcome.after).splitlines(keepends=True)
    lines = list(difflib.unified_diff(before, after, outcome.path, outcome.path))
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                   for line in lines)


@dataclass
class FixSummary:
    outcomes: list[FixOutcome] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(o.applied for o in self.outcomes if o.changed)

    @property
    def files(self) -> int:
        return sum(1 for o in self.outcomes if o.changed)


def fix_results(results: list, rules: list, ctx, *, diff: bool, out, err) -> FixSummary:
    """``--fix`` / ``--diff`` over linted results: files with a fixable finding are fixed (or
    their diff printed); for ``--fix`` each result is replaced by a fresh lint of the new file."""
    from .engine import lint_file, lint_loaded, rules_for_path
    from .discovery import Target
    summary = FixSummary()
    for i, result in enumerate(results):
        if result.error or not any(d.fix is not None for d in result.diagnostics):
            continue
        if result.fs_path is None:
            print(f"sumlint：{result.path}：标准输入不会被修改（--fix/--diff 只用于文件）", file=err)
            continue
        rules_here = rules_for_path(rules, ctx.config, Path(result.fs_path))
        outcome, loaded, data = fix_file(
            result.fs_path, result.path, lambda lt: lint_loaded(lt, result.path, rules_here, ctx))
        summary.outcomes.append(outcome)
        if outcome.note:
            print(f"sumlint：{result.path}：{outcome.note}", file=err)
        if not outcome.changed:
            continue
        if diff:
            out.write(unified_diff(outcome))
            continue
        try:
            write_atomic(result.fs_path, encode(outcome.after, loaded), expected=data)
        except OSError as exc:
            reason = "没有写入权限" if isinstance(exc, PermissionError) else exc.strerror or exc
            outcome.after, outcome.note = outcome.before, f"无法写入，未修复：{reason}"
            print(f"sumlint：{result.path}：{outcome.note}", file=err)
            continue
        results[i] = lint_file(Target(Path(result.fs_path), result.explicit), rules, ctx)
    return summary
