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
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from .config import Config, selector_matches
from .diagnostics import Diagnostic, Finding
from .discovery import DiscoveryError, Target
from .document import Document
from .loading import LoadError, LoadedText, from_text, load, load_bytes


@dataclass
class RunContext:
    """What checks may read besides the document: the user's configuration."""
    config: Config = field(default_factory=Config)
    #: codes and names of every loaded rule (for control comments); None: built-in + extend-rules
    known_rules: frozenset | None = None
    keep_text: bool = False     # keep whole document texts for reporters (the html report)

    @property
    def rule_timeout(self) -> float:
        """Seconds one rule may spend on one file before it is stopped (0: no limit). A user
        pack's regex with catastrophic backtracking ("(a+)+$") must not hang a run; ``re``
        matching is interruptible by signals, so a SIGALRM timer bounds it (main thread, POSIX)."""
        return self.config.rule_timeout

    @property
    def allow(self) -> list[str]:
        return self.config.allow

    def rule_ids(self) -> frozenset:
        """Codes and names a control comment may name."""
        if self.known_rules is None:
            from .ruleset import load_rules
            self.known_rules = frozenset(x for r in load_rules(self.config.extend_rules)
                                         for x in (r.code, r.name))
        return self.known_rules


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None          # Chinese reason the file was not linted
    explicit: bool = False
    lines: dict[int, str] = field(default_factory=dict)   # 1-based line → text, for reporters
    encoding: str = "utf-8"
    fs_path: str | None = None        # the file linted (None for stdin), for --fix and cross-file
    fingerprints: dict = field(default_factory=dict)      # rule code → cross-file summary
    text: str | None = None           # the whole document, only when RunContext.keep_text


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


# One SIGALRM timer serves all the rules run on a document. Setting and clearing a timer around
# each rule cost two system calls per rule and file (118,000 per 1,000 files with the default
# rules); now a rule only notes its deadline, the timer is armed when none is pending, and when
# it fires the handler stops the running rule if its time is up, or else re-arms for what that
# rule has left. A pending timer never fires later than the running rule's deadline: it was set
# for the deadline of an earlier rule, or for this rule's own.
_ALARM_INSTALLED = False
_deadline: float | None = None     # time.monotonic() by which the running rule must end
_armed = False                     # a timer is pending


def _on_alarm(signum, frame):
    global _armed
    _armed = False
    if _deadline is None:          # between rules: the next rule arms it again
        return
    left = _deadline - time.monotonic()
    if left > 0.001:
        _armed = True
        signal.setitimer(signal.ITIMER_REAL, left)
        return
    raise _Alarm()


def _timer_usable(ctx: RunContext) -> bool:
    return bool(ctx.rule_timeout) and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()


def _install_alarm() -> None:
    global _ALARM_INSTALLED
    if not _ALARM_INSTALLED:    # once per process: signal.signal costs ~7 µs, 50 rules × 10k files
        signal.signal(signal.SIGALRM, _on_alarm)
        _ALARM_INSTALLED = True


def _arm(limit: float) -> None:
    global _armed
    _armed = True
    signal.setitimer(signal.ITIMER_REAL, limit)


def _disarm() -> None:
    global _armed
    if _armed:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _armed = False


def run_rules(doc: Document, rules: Iterable, ctx: RunContext,
              timed_out: list[str] | None = None) -> list[Diagnostic]:
    """All diagnostics of ``rules`` on one document, allowed phrases removed, sorted.

    A rule that exceeds ``ctx.rule_timeout`` is skipped on this document: its code is appended
    to ``timed_out`` when given, else RuleTimeout is raised after the other rules ran."""
    (found,), (stopped,), (error,) = check_batch([doc], list(rules), None, ctx)
    if error is not None:
        raise error
    out = _one_per_span(placed(doc, found, ctx))
    if stopped:
        if timed_out is None:
            raise RuleTimeout(stopped, ctx.rule_timeout)
        timed_out.extend(stopped)
    return out


def check_batch(docs: list[Document], rules: list, wanted: list | None, ctx: RunContext):
    """Run the per-file ``rules`` over ``docs`` rule by rule: for each document its (rule,
    Finding) pairs in rule order, the codes of the rules the timeout stopped on it, and the
    exception that ended its checking (None). ``wanted[j]``: the ids of the rules document j
    takes (None: all of them).

    Rule by rule, not document by document: a rule's regexes, tables and dictionary (rjieba's,
    the shared automaton) stay in the CPU caches across the batch, where sixty checks run one
    after another on each document evict each other's (in-process over the bench corpus, 32
    documents at a time took 9-20 % less time). What a rule shares between documents it keeps
    with the document (``Document.memo``), never as "the last text seen"."""
    global _deadline
    found: list[list[tuple]] = [[] for _ in docs]
    stopped: list[list[str]] = [[] for _ in docs]
    errors: list[Exception | None] = [None] * len(docs)
    timed = _timer_usable(ctx)
    limit = ctx.rule_timeout
    monotonic = time.monotonic
    if timed:
        _install_alarm()
    # the loops are written out (no helper call or generator per rule): they run 60 rules ×
    # every file, and their own cost was a tenth of a run's
    try:
        for rule in rules:
            check = rule.check
            if check.cross_file:
                continue
            run, key = check.check, id(rule)
            for j, doc in enumerate(docs):
                if errors[j] is not None or (wanted is not None and key not in wanted[j]):
                    continue
                out = found[j]
                kept = len(out)
                try:
                    if timed:       # the rule's deadline; the timer armed when none is pending
                        _deadline = monotonic() + limit
                        if not _armed:
                            _arm(limit)
                    for finding in run(doc, ctx):
                        out.append((rule, finding))
                except _Alarm:
                    del out[kept:]           # a stopped rule reports nothing on this file
                    stopped[j].append(rule.code)
                except Exception as exc:     # a check's bug ends this document only
                    errors[j] = exc
                finally:
                    _deadline = None     # between rules: a firing timer only re-arms for the next
    finally:
        if timed:
            _disarm()
    return found, stopped, errors


def placed(doc: Document, found: Iterable[tuple], ctx: RunContext) -> list[Diagnostic]:
    """(rule, Finding) pairs → sorted Diagnostics, less allowed phrases and what control
    comments silence: the one way per-file and cross-file findings reach the user."""
    allowed = _allowed_spans(doc, ctx.allow) if ctx.allow else ()
    out = [to_diagnostic(doc, rule, finding) for rule, finding in found
           if not any(a <= finding.start and finding.end <= b for a, b in allowed)]
    out.sort(key=Diagnostic.sort_key)
    return suppress(out, doc) if doc.directives else out


def suppress(diagnostics: list[Diagnostic], doc: Document) -> list[Diagnostic]:
    """Drop diagnostics silenced by control comments, judged at the finding's first line.

    ``sumlint-disable [CODES]`` silences from its line on (no codes: every rule) until a
    ``sumlint-enable [CODES]`` (no codes: all); ``sumlint-disable-next-line [CODES]`` the next line
    that holds text; ``sumlint-disable-line [CODES]`` its own line. Codes may also be rule names.
    """
    blocks, lines = [], {}          # lines: 1-based line → set of words (empty set: all rules)
    for d in doc.directives:
        words = frozenset(w for w, _, _ in d.codes)
        if d.action in ("disable", "enable"):
            blocks.append((d.line + 1, d.action, words))
        elif d.action in ("disable-line", "disable-next-line"):
            target = d.line
            if d.action == "disable-next-line":
                target = d.end_line + 1
                while target < len(doc.lines) and not doc.lines[target].text.strip():
                    target += 1
            lines.setdefault(target + 1, []).append(words)

    def silenced(diag: Diagnostic) -> bool:
        ids = {diag.code, diag.name}
        if any(not w or w & ids for w in lines.get(diag.line, ())):
            return True
        everything, off, back_on = False, set(), set()
        for line, action, words in blocks:
            if line > diag.line:
                break
            if action == "disable":
                if words:
                    off |= words
                    back_on -= words
                else:
                    everything, back_on = True, set()
            elif words:
                off -= words
                back_on |= words
            else:
                everything, off, back_on = False, set(), set()
        return bool(off & ids) or (everything and not back_on & ids)

    return [d for d in diagnostics if d.code == DIRECTIVE_CODE or not silenced(d)]


DIRECTIVE_CODE = "SL000"    # reports bad control comments; never silenced by them


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
    return _one_fix_per_place(out)


def _one_fix_per_place(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Two fixable findings of one category on overlapping spans (错别字 意识形杰 from the list,
    疑似错别字 形杰 from the detector) are one problem with one possible fix: keep the lowest code."""
    fixable: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        if d.fix is not None:
            fixable.setdefault(d.category, []).append(d)
    dropped = set()
    for group in fixable.values():
        for i, d in enumerate(group):
            for e in group[i + 1:]:
                if e.start >= d.end:
                    break
                if e.code != d.code and e.start < d.end and d.start < e.end:
                    dropped.add(id(max(d, e, key=lambda x: x.code)))
    return [d for d in diagnostics if id(d) not in dropped] if dropped else diagnostics


def lint_text(text: str, rules: list, ctx: RunContext | None = None,
              path: str = "<text>") -> list[Diagnostic]:
    """Lint a string as the contents of a file called ``path`` (its suffix picks the format:
    a .md path is read as Markdown): the entry point for tests and examples."""
    return lint_loaded(from_text(text, path), path, rules, ctx or RunContext())[1]


def lint_loaded(loaded: LoadedText, shown: str, rules: list, ctx: RunContext,
                timed_out: list[str] | None = None) -> tuple[Document, list[Diagnostic]]:
    """Build the Document of a loaded file and run ``rules`` on it; .docx contexts attached."""
    doc = Document(loaded.document_text, shown, loaded.directives)
    return doc, _with_contexts(run_rules(doc, rules, ctx, timed_out), loaded)


def _with_contexts(diagnostics: list[Diagnostic], loaded: LoadedText) -> list[Diagnostic]:
    """Where in a .docx each finding is (a table cell …), from the loader's line contexts."""
    if not loaded.contexts:
        return diagnostics
    return [replace(d, context=loaded.contexts[d.line]) if d.line in loaded.contexts else d
            for d in diagnostics]


def lint_bytes(data: bytes, name: str, rules: list, ctx: RunContext) -> FileResult:
    """Lint the bytes of a file called ``name`` (stdin with --stdin-filename)."""
    result = FileResult(name, explicit=True)
    try:
        loaded = load_bytes(data, name)
    except LoadError as exc:
        result.error = str(exc)
        return result
    _lint_loaded_files([(result, loaded, Path(name))], rules, ctx)
    return result


def rules_for_path(rules: list, cfg: Config, path: Path) -> list:
    """The rules that run on one file: its type, minus its per-file ignores."""
    ignores = cfg.ignores_for(path)
    name = str(path)
    # most rules name no file types: skip applies_to's Path parsing for them (~60 µs a file)
    out = [r for r in rules if not getattr(r, "suffixes", True) or r.applies_to(name)]
    if ignores:
        out = [r for r in out if not any(selector_matches(s, r) for s in ignores)]
    return out


def display_path(path) -> str:
    """A printable path: bytes that are not UTF-8 in a file name become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def lint_file(target: Target, rules: list, ctx: RunContext) -> FileResult:
    return lint_files([target], rules, ctx)[0]


#: files checked together, rule by rule (``check_batch``), and the most text they hold
BATCH_FILES = 32
BATCH_CHARS = 2_000_000


def lint_files(targets: list[Target], rules: list, ctx: RunContext) -> list[FileResult]:
    """Lint files, in batches checked rule by rule; results in the order of ``targets``.
    A batch holds its documents in memory until it is done: at most ``BATCH_CHARS`` of text
    (a large file is a batch of its own)."""
    results: list[FileResult] = []
    pending: list[tuple] = []
    size = 0
    for target in targets:
        shown = display_path(target.path)
        result = FileResult(shown, explicit=target.explicit, fs_path=str(target.path))
        results.append(result)
        try:
            loaded = load(target.path, ctx.config.max_file_size)
        except LoadError as exc:
            result.error = str(exc)
            continue
        pending.append((result, loaded, target.path))
        size += len(loaded.document_text)
        if size >= BATCH_CHARS:
            _lint_loaded_files(pending, rules, ctx)
            pending, size = [], 0
    _lint_loaded_files(pending, rules, ctx)
    return results


def _internal_error(exc: Exception) -> str:
    return f"检查时出现内部错误（{type(exc).__name__}: {exc}），请报告此问题"


def _lint_loaded_files(items: list[tuple], rules: list, ctx: RunContext) -> None:
    """Lint (FileResult, LoadedText, path) triples together, filling in each result. A check
    that fails on a file ends that file only (an internal error is its result); a rule that
    times out on it is skipped there, and the file reported as not fully checked."""
    if not items:
        return
    docs, wanted, taken = [], [], []
    for result, loaded, path in items:
        result.encoding = loaded.encoding
        try:
            file_rules = rules_for_path(rules, ctx.config, path)
            doc = Document(loaded.document_text, result.path, loaded.directives)
        except Exception as exc:  # a bug must not end the run for the other files
            result.error = _internal_error(exc)
            continue
        docs.append(doc)
        wanted.append({id(r) for r in file_rules})
        taken.append((result, loaded, file_rules))
    found, stopped, errors = check_batch(docs, rules, wanted, ctx)
    for j, (result, loaded, file_rules) in enumerate(taken):
        doc = docs[j]
        try:
            if errors[j] is not None:
                raise errors[j]
            result.diagnostics = _with_contexts(_one_per_span(placed(doc, found[j], ctx)),
                                                loaded)
            for rule in file_rules:
                if rule.check.cross_file:
                    result.fingerprints[rule.code] = rule.check.collect(doc, ctx)
        except Exception as exc:  # a check's bug must not end the run for the other files
            result.error = _internal_error(exc)
            continue
        if stopped[j]:   # the other rules' findings stand; the file is reported as not fully checked
            result.error = str(RuleTimeout(stopped[j], ctx.rule_timeout))
        keep_lines(result, _shown_document(loaded, doc), ctx.keep_text)


def _shown_document(loaded: LoadedText, doc: Document) -> Document:
    """What reporters show: the file's own lines (in Markdown, code and comments are blank in
    the linted text)."""
    return doc if loaded.masked is None else Document(loaded.text)


def keep_lines(result: FileResult, doc: Document, keep_text: bool = False) -> None:
    """Keep what reporters need: the lines findings start on (and a little after), the lines
    their spans and fixes end on (byte columns of rdjson), the whole text only if asked."""
    for d in result.diagnostics:
        numbers = set(range(d.line, min(d.end_line, d.line + 2) + 1))
        numbers.add(d.end_line)
        numbers.update(p[2] for p in d.fix_positions)
        numbers.update(p[0] for p in d.fix_positions)
        for number in numbers:
            if number - 1 < len(doc.lines):
                result.lines[number] = doc.lines[number - 1].text
    if keep_text:
        result.text = doc.text


# ------------------------------------------------------------------ cross-file phase
def cross_file_phase(results: list[FileResult], rules: list, ctx: RunContext) -> None:
    """Run cross-file rules over the summaries the per-file pass kept; files that get findings
    are read again (only they) to place them and show their lines."""
    added: dict[int, list] = {}
    for rule in rules:
        if not rule.check.cross_file:
            continue
        order = sorted((i for i, r in enumerate(results)
                        if rule.code in r.fingerprints and r.fs_path is not None),
                       key=lambda i: results[i].path)
        entries = [(results[i].path, results[i].fingerprints[rule.code]) for i in order]
        for e, finding in rule.check.check_corpus(entries, ctx):
            added.setdefault(order[e], []).append((rule, finding))
    for r in results:
        r.fingerprints = {}
    for i, found in added.items():
        result = results[i]
        try:
            loaded = load(result.fs_path, ctx.config.max_file_size)
            doc = Document(loaded.document_text, result.path, loaded.directives)
        except LoadError:
            continue
        result.diagnostics.extend(placed(doc, found, ctx))
        result.diagnostics.sort(key=Diagnostic.sort_key)
        keep_lines(result, _shown_document(loaded, doc), ctx.keep_text)


# ------------------------------------------------------------------ many files
_WORKER_STATE: tuple | None = None


def _worker_lint(targets: list[Target]) -> list[FileResult]:
    rules, ctx = _WORKER_STATE
    return lint_files(targets, rules, ctx)


def lint_targets(items: Iterable[Target | DiscoveryError], rules: list, ctx: RunContext,
                 jobs: int = 1, cache=None) -> Iterator[FileResult]:
    """Lint files in input order; with jobs > 1 in forked worker processes.

    ``cache`` (a ``cache.ResultCache``) answers for unchanged files; only the others are linted,
    and their results are handed back to it."""
    items = list(items)
    targets = [t for t in items if isinstance(t, Target)]
    for err in items:
        if isinstance(err, DiscoveryError):
            yield FileResult(display_path(err.path), error=err.reason, explicit=err.explicit)
    if cache is None:
        yield from _lint_all(targets, rules, ctx, jobs)
        return
    hits = [cache.lookup(t) for t in targets]
    fresh = _lint_all([t for t, hit in zip(targets, hits) if hit is None], rules, ctx, jobs)
    for target, hit in zip(targets, hits):
        if hit is None:
            hit = next(fresh)
            cache.store(target, hit)
        yield hit


def _lint_all(targets: list[Target], rules: list, ctx: RunContext,
              jobs: int) -> Iterator[FileResult]:
    mp = _fork_context() if jobs > 1 and len(targets) >= 8 * jobs else None
    # a task of a worker is a batch (``lint_files``): each one costs a round trip between
    # processes (~1 ms with the threads of Pool waking up), about what a short file takes to
    # lint; eight batches per worker still even out the end of the run
    size = max(1, min(BATCH_FILES, len(targets) // (jobs * 8))) if mp is not None else BATCH_FILES
    batches = [targets[i:i + size] for i in range(0, len(targets), size)]
    if mp is not None:
        global _WORKER_STATE
        _WORKER_STATE = (rules, ctx)
        with mp.Pool(jobs) as pool:
            for results in pool.imap(_worker_lint, batches):
                yield from results
        _WORKER_STATE = None
        return
    for batch in batches:
        yield from lint_files(batch, rules, ctx)


def _fork_context():
    """multiprocessing's fork context, or None where there is no fork. Imported here, not at
    the top: a one-file run never needs it, and the import costs ~7 ms of its start-up."""
    import multiprocessing
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover
        return max(1, os.cpu_count() or 1)
