"""Runs enabled rules over documents and turns findings into positioned Diagnostics.

Loading knows nothing of rules, checks know nothing of output; this module joins them: per file
it loads, builds the Document once, runs every rule's check, drops allowed phrases, and keeps
only what it needs for reporting (the diagnostics and the source lines they point at).
"""

from __future__ import annotations

import os
import re
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .config import Config, selector_matches
from .diagnostics import Diagnostic, Finding
from .discovery import DiscoveryError, Target
from .document import Document
from .loading import LoadError, read_text


@dataclass
class RunContext:
    """What checks may read besides the document: the user's configuration."""
    config: Config = field(default_factory=Config)

    @property
    def rule_timeout(self) -> float:
        """Seconds one rule may spend on one file before it is stopped (0: no limit). A user
        pack's regex with catastrophic backtracking ("(a+)+$") must not hang a run; ``re``
        matching is interruptible by signals, so a SIGALRM timer bounds it (main thread, POSIX)."""
        return self.config.rule_timeout

    @property
    def allow(self) -> list[str]:
        return self.config.allow


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None          # Chinese reason the file was not linted
    explicit: bool = False
    lines: dict[int, str] = field(default_factory=dict)   # 1-based line → text, for reporters
    encoding: str = "utf-8"


def _allowed_spans(doc: Document, allow: list[str]) -> list[tuple[int, int]]:
    if not allow:
        return []
    rx = re.compile("|".join(re.escape(a) for a in sorted(set(allow), key=len, reverse=True) if a))
    return [(m.start(), m.end()) for m in rx.finditer(doc.text)]


def to_diagnostic(doc: Document, rule, finding: Finding) -> Diagnostic:
    text_len = len(doc.text)
    start = min(max(0, finding.start), text_len)
    end = min(max(start, finding.end), text_len)
    line, col = doc.position(start)
    if end > start:
        end_line, end_col = doc.position(end - 1)
        end_col += 1
    else:
        end_line, end_col = line, col
    fix_positions = ()
    if finding.fix is not None:
        spans = []
        for e in finding.fix.edits:
            a_line, a_col = doc.position(e.start)
            b_line, b_col = doc.position(e.end) if e.end < text_len else _end_position(doc)
            spans.append((a_line, a_col, b_line, b_col, e.replacement))
        fix_positions = tuple(spans)
    return Diagnostic(
        path=doc.path, line=line, column=col, end_line=end_line, end_column=end_col,
        code=rule.code, name=rule.name, category=rule.category,
        severity=finding.severity or rule.severity, message=finding.message, fix=finding.fix,
        start=start, end=end, matched=doc.text[start:end], fix_positions=fix_positions)


def _end_position(doc: Document) -> tuple[int, int]:
    last = doc.lines[-1]
    return last.index + 1, len(last.text) + 1


class RuleTimeout(Exception):
    """A rule ran longer than ``RunContext.rule_timeout`` on one document."""

    def __init__(self, codes: list[str], seconds: float):
        super().__init__(f"规则 {'、'.join(codes)} 在此文件上运行超过 {seconds:g} 秒，已停止"
                         "（多为正则表达式回溯过多，如 (a+)+$），其他规则的结果照常报告")
        self.codes = codes


class _Alarm(BaseException):   # BaseException: a check's own ``except Exception`` cannot eat it
    pass


def _on_alarm(signum, frame):
    raise _Alarm()


_ALARM_INSTALLED = False


def _findings(rule, doc: Document, ctx: RunContext) -> list[Finding]:
    """One rule's findings, stopped after ctx.rule_timeout seconds where a timer is available."""
    limit = ctx.rule_timeout
    if not limit or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        return list(rule.check.check(doc, ctx))
    global _ALARM_INSTALLED
    if not _ALARM_INSTALLED:    # once per process: signal.signal costs ~7 µs, 50 rules × 10k files
        signal.signal(signal.SIGALRM, _on_alarm)
        _ALARM_INSTALLED = True
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        return list(rule.check.check(doc, ctx))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def run_rules(doc: Document, rules: Iterable, ctx: RunContext,
              timed_out: list[str] | None = None) -> list[Diagnostic]:
    """All diagnostics of ``rules`` on one document, allowed phrases removed, sorted.

    A rule that exceeds ``ctx.rule_timeout`` is skipped on this document: its code is appended
    to ``timed_out`` when given, else RuleTimeout is raised after the other rules ran."""
    out: list[Diagnostic] = []
    allowed = None
    stopped: list[str] = []
    for rule in rules:
        if rule.check.cross_file:
            continue
        try:
            findings = _findings(rule, doc, ctx)
        except _Alarm:
            stopped.append(rule.code)
            continue
        for finding in findings:
            if ctx.allow:
                if allowed is None:
                    allowed = _allowed_spans(doc, ctx.allow)
                if any(a <= finding.start and finding.end <= b for a, b in allowed):
                    continue
            out.append(to_diagnostic(doc, rule, finding))
    out.sort(key=Diagnostic.sort_key)
    out = _one_per_span(out)
    if stopped:
        if timed_out is None:
            raise RuleTimeout(stopped, ctx.rule_timeout)
        timed_out.extend(stopped)
    return out


def _one_per_span(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Several rules of one category on the very same span (a watermark block that is both a
    notice and a sales pitch) are one problem to the reader: keep the lowest code."""
    seen: dict[tuple, str] = {}
    out = []
    for d in diagnostics:      # sorted: the lowest code of a span comes first
        key = (d.category, d.start, d.end)
        # one rule may say several things about one span (each missing section at the title)
        if seen.setdefault(key, d.code) == d.code:
            out.append(d)
    return out


def lint_text(text: str, rules: list, ctx: RunContext | None = None,
              path: str = "<text>") -> list[Diagnostic]:
    """Lint a string: the entry point for tests and for stdin."""
    return run_rules(Document(text, path), rules, ctx or RunContext())


def rules_for_path(rules: list, cfg: Config, path: Path) -> list:
    """The rules that run on one file: its type, minus its per-file ignores."""
    ignores = cfg.ignores_for(path)
    return [r for r in rules if r.applies_to(str(path))
            and not any(selector_matches(s, r) for s in ignores)]


def display_path(path) -> str:
    """A printable path: bytes that are not UTF-8 in a file name become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def lint_file(target: Target, rules: list, ctx: RunContext) -> FileResult:
    shown = display_path(target.path)
    result = FileResult(shown, explicit=target.explicit)
    try:
        loaded = read_text(target.path, ctx.config.max_file_size)
    except LoadError as exc:
        result.error = str(exc)
        return result
    result.encoding = loaded.encoding
    doc = Document(loaded.text, shown)
    timed_out: list[str] = []
    try:
        result.diagnostics = run_rules(doc, rules_for_path(rules, ctx.config, target.path), ctx,
                                       timed_out)
    except Exception as exc:  # a check's bug must not end the run for the other files
        result.error = f"检查时出现内部错误（{type(exc).__name__}: {exc}），请报告此问题"
        return result
    if timed_out:     # the other rules' findings stand; the file is reported as not fully checked
        result.error = str(RuleTimeout(timed_out, ctx.rule_timeout))
    keep_lines(result, doc)
    return result


def keep_lines(result: FileResult, doc: Document) -> None:
    for d in result.diagnostics:
        for number in range(d.line, min(d.end_line, d.line + 2) + 1):
            if number - 1 < len(doc.lines):
                result.lines[number] = doc.lines[number - 1].text


# ------------------------------------------------------------------ many files
_WORKER_STATE: tuple | None = None


def _worker_lint(target: Target) -> FileResult:
    rules, ctx = _WORKER_STATE
    return lint_file(target, rules, ctx)


def lint_targets(items: Iterable[Target | DiscoveryError], rules: list, ctx: RunContext,
                 jobs: int = 1) -> Iterator[FileResult]:
    """Lint files in input order; with jobs > 1 in forked worker processes."""
    items = list(items)
    targets = [t for t in items if isinstance(t, Target)]
    for err in items:
        if isinstance(err, DiscoveryError):
            yield FileResult(display_path(err.path), error=err.reason, explicit=err.explicit)
    if jobs > 1 and len(targets) >= 8 * jobs:
        import multiprocessing   # lazily: ~10 ms of import the one-file (pre-commit) case skips
    if jobs > 1 and len(targets) >= 8 * jobs and "fork" in multiprocessing.get_all_start_methods():
        global _WORKER_STATE
        _WORKER_STATE = (rules, ctx)
        mp = multiprocessing.get_context("fork")
        with mp.Pool(jobs) as pool:
            yield from pool.imap(_worker_lint, targets, chunksize=16)
        _WORKER_STATE = None
        return
    for target in targets:
        yield lint_file(target, rules, ctx)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover
        return max(1, os.cpu_count() or 1)
