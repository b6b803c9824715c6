"""``--format concise``: one plain line per finding, for grep and editors' error parsers."""

from __future__ import annotations

from . import sorted_diagnostics


def report(results, out, options) -> None:
    for d in sorted_diagnostics(results):
        out.write(f"{d.path}:{d.line}:{d.column}: {d.code} [{d.category}] {d.message}\n")
