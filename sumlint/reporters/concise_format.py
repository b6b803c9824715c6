"""``--format concise``: one plain line per finding, for grep and editors' error parsers."""

from __future__ import annotations


def report(results, out, options) -> None:
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=lambda d: d.sort_key())
    for d in diagnostics:
        out.write(f"{d.path}:{d.line}:{d.column}: {d.code} [{d.category}] {d.message}\n")
