"""``--format text`` (default): compiler-style findings with the source line and an underline.

Widths are terminal cells, not characters: a Chinese character takes two cells, so the caret
line is built from ``rich.cells.cell_len`` of the displayed prefix. Long lines (a one-line
extraction of 10,000 characters) are shown as a window around the span.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from typing import TYPE_CHECKING

from rich.cells import cell_len

from ..diagnostics import CATEGORIES, SEVERITY_NAMES, SORT_KEY

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

WINDOW_CELLS = 96
SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}


def wants_color(out, force_color: bool | None = None) -> bool:
    """Colour only when forced, or when ``out`` is a terminal and NO_COLOR is unset."""
    is_tty = hasattr(out, "isatty") and out.isatty()
    return force_color if force_color is not None else (is_tty and "NO_COLOR" not in os.environ)


def make_console(out, force_color: bool | None = None) -> "Console":
    """A console that writes no escape codes unless ``out`` is a terminal and NO_COLOR is unset."""
    from rich.console import Console
    if not wants_color(out, force_color):
        return Console(file=out, color_system=None, force_terminal=False, highlight=False,
                       emoji=False, markup=False, width=10_000, no_color=True)
    return Console(file=out, force_terminal=True, highlight=False, emoji=False, markup=False)


def _display(ch: str) -> str:
    if ch == "\t":
        return "    "
    if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
        return "�"
    return ch


class _PerCharacter(dict):
    """``f(ch)`` for each character, computed once per distinct character."""

    def __init__(self, f):
        super().__init__()
        self.f = f

    def __missing__(self, ch: str):
        value = self[ch] = self.f(ch)
        return value


_SHOWN = _PerCharacter(_display)
_CELLS = _PerCharacter(lambda ch: cell_len(_display(ch)))


def excerpt(line: str, start: int, end: int, width: int = WINDOW_CELLS) -> tuple[str, int, int]:
    """(shown text, caret offset in cells, caret width in cells) for span [start, end) of line."""
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    cells = list(map(_CELLS.__getitem__, line))
    lo, hi = 0, len(line)
    if sum(cells) > width:
        # grow a window around the span, keeping some context on the left
        lo = start
        budget = width - sum(cells[start:end]) if end > start else width
        left = max(0, budget // 3)
        while lo > 0 and left - cells[lo - 1] >= 0:
            lo -= 1
            left -= cells[lo]
        hi = end
        right = width - sum(cells[lo:end])
        while hi < len(line) and right - cells[hi] >= 0:
            right -= cells[hi]
            hi += 1
        if hi <= start:          # a span wider than the window: show its start
            hi = min(len(line), start + 1)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(line) else ""
    text = prefix + "".join(map(_SHOWN.__getitem__, line[lo:hi])) + suffix
    caret_at = cell_len(prefix) + sum(cells[lo:start])
    caret_width = max(1, sum(cells[start:min(end, hi)]))
    return text, caret_at, caret_width


def diagnostic_lines(d, lines: dict[int, str]) -> list[list[tuple[str, str | None]]]:
    """The printed lines of one finding, each as (text, style) pieces: the header, then up to
    three source lines with carets under the span, then how far a longer span runs."""
    severity_style = SEVERITY_STYLES[d.severity]
    header = [(f"{d.path}:{d.line}:{d.column}", "bold"), ("  ", None),
              (f"{SEVERITY_NAMES[d.severity]} {d.code}", severity_style),
              (f"  [{d.category}] ", "cyan"), (d.message, None)]
    if getattr(d, "context", ""):
        header.append((f"（{d.context}）", "dim"))
    if d.fix is not None:
        header.append(("  (可自动修复)", "dim"))
    out = [header]
    last = min(d.end_line, d.line + 2)
    for number in range(d.line, last + 1):
        source = lines.get(number)
        if source is None:
            return out
        start = d.column - 1 if number == d.line else 0
        end = d.end_column - 1 if number == d.end_line else len(source)
        if end <= start and number != d.line:
            continue
        shown, caret_at, caret_width = excerpt(source, start, end)
        gutter = f"{number:>6} │ "
        out.append([(gutter, "dim"), (shown, None)])
        out.append([(" " * (cell_len(gutter) - 2) + "│ ", "dim"),
                    (" " * caret_at + "^" * caret_width, severity_style)])
    if d.end_line > last:
        out.append([(f"{'':>6} │ …（至第 {d.end_line} 行，共 {d.end_line - d.line + 1} 行）", "dim")])
    return out


def render_diagnostic(console: "Console", d, lines: dict[int, str]) -> None:
    from rich.text import Text
    for pieces in diagnostic_lines(d, lines):
        text = Text()
        for piece, style in pieces:
            text.append(piece, style=style)
        console.print(text, soft_wrap=True)


_RICH_STRIPS = re.compile("[\x07\x08\x0b\x0c\r]")


def _as_rich_prints(text: str) -> str:
    """What a colourless rich console prints for ``text``: the control codes rich strips are
    gone and tabs are expanded to 8-cell stops (rich's Text.expand_tabs)."""
    if _RICH_STRIPS.search(text):
        text = _RICH_STRIPS.sub("", text)
    if "\t" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        pieces, position, parts = line.split("\t"), 0, []
        for piece in pieces[:-1]:
            piece += " "
            position += cell_len(piece)
            pad = -position % 8
            position += pad
            parts.append(piece + " " * pad)
        parts.append(pieces[-1])
        lines.append("".join(parts))
    return "\n".join(lines)


def plain_diagnostic(d, lines: dict[int, str]) -> str:
    """What ``render_diagnostic`` prints on a colourless console, without rich's cost (tens of
    thousands of findings print in a fraction of the time)."""
    return "".join(_as_rich_prints("".join(piece for piece, _ in pieces)) + "\n"
                   for pieces in diagnostic_lines(d, lines))


def summary_text(results) -> str:
    diagnostics = [d for r in results for d in r.diagnostics]
    checked = sum(1 for r in results if r.error is None)
    if not diagnostics:
        return f"未发现问题。已检查 {checked} 个文件。"
    by_severity = Counter(d.severity for d in diagnostics)
    by_category = Counter(d.category for d in diagnostics)
    files = len({d.path for d in diagnostics})
    severity_part = "，".join(f"{SEVERITY_NAMES[s]} {by_severity[s]}"
                             for s in ("error", "warning", "info") if by_severity[s])
    category_part = "，".join(f"{CATEGORIES[c]} {n}" for c, n in
                             sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])))
    fixable = sum(1 for d in diagnostics if d.fix is not None)
    text = (f"共发现 {len(diagnostics)} 个问题（{severity_part}），涉及 {files} 个文件；"
            f"按类别：{category_part}。已检查 {checked} 个文件。")
    if fixable:
        text += f"其中 {fixable} 个可自动修复。"
    return text


def report(results, out, options) -> None:
    # without colour (pipes, files, pre-commit) rich is not even imported: importing
    # rich.console costs more than linting a document
    color = wants_color(out, getattr(options, "color", None))
    console = make_console(out, True) if color else None
    ordered = sorted(results, key=lambda r: r.path)
    plain = console is None or (console.no_color and console.color_system is None)
    for result in ordered:
        for d in sorted(result.diagnostics, key=SORT_KEY):
            if plain:
                out.write(plain_diagnostic(d, result.lines) + "\n")
                continue
            render_diagnostic(console, d, result.lines)
            console.print("", soft_wrap=True)
    if getattr(options, "quiet", False):
        return
    if console is None:
        out.write(_as_rich_prints(summary_text(ordered)) + "\n")
    else:
        from rich.text import Text
        console.print(Text(summary_text(ordered), style="bold"), soft_wrap=True)
