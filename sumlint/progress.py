"""A progress bar on stderr while many files are linted — only for a person at a terminal.

Never in pipes, files, CI logs (``CI`` set) or dumb terminals: there it would only be noise.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Iterator, Mapping, TypeVar

T = TypeVar("T")
MIN_FILES = 20


def wanted(stream, total: int, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if total < MIN_FILES:
        return False
    if env.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    if env.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", None)) and stream.isatty()


def track(items: Iterable[T], total: int, stream=None, enabled: bool = True) -> Iterator[T]:
    """Yield ``items``, drawing a transient bar on ``stream`` (stderr) when wanted."""
    stream = sys.stderr if stream is None else stream
    if not enabled or not wanted(stream, total):
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, \
        TimeRemainingColumn

    console = Console(file=stream, highlight=False)
    with Progress(TextColumn("检查中"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("剩余"), TimeRemainingColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task("lint", total=total)
        for item in items:
            yield item
            bar.advance(task)
