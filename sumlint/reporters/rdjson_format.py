"""``--format rdjson``: the Reviewdog Diagnostic Format (one ``DiagnosticResult`` JSON object).

    sumlint --format rdjson docs/ | reviewdog -f=rdjson -reporter=github-pr-review

reviewdog counts columns in UTF-8 bytes (``a𐐀b``: b is column 6), with an exclusive end. sumlint
counts code points, so every column is converted with the source line the result kept.
"""

from __future__ import annotations

import json

SEVERITIES = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}


def byte_column(line_text: str | None, column: int) -> int:
    """1-based UTF-8 byte column of 1-based code-point ``column`` in ``line_text``."""
    if column <= 1 or line_text is None:
        return column
    prefix = line_text[:column - 1]
    extra = column - 1 - len(prefix)          # past the end of the line (an end position)
    return len(prefix.encode("utf-8", "surrogatepass")) + extra + 1


def _position(lines: dict[int, str], line: int, column: int) -> dict:
    return {"line": line, "column": byte_column(lines.get(line), column)}


def _diagnostic(d, lines: dict[int, str]) -> dict:
    out = {
        "message": d.message,
        "location": {"path": d.path, "range": {
            "start": _position(lines, d.line, d.column),
            "end": _position(lines, d.end_line, d.end_column)}},
        "severity": SEVERITIES[d.severity],
        "source": {"name": "sumlint"},
        "code": {"value": d.code},
    }
    if d.fix is not None and d.fix_positions:
        out["suggestions"] = [{"range": {"start": _position(lines, a, b),
                                         "end": _position(lines, c, e)}, "text": text}
                              for a, b, c, e, text in d.fix_positions]
    return out


def report(results, out, options) -> None:
    items = sorted(((d, r.lines) for r in results for d in r.diagnostics),
                   key=lambda pair: pair[0].sort_key())
    data = {"source": {"name": "sumlint"},
            "diagnostics": [_diagnostic(d, lines) for d, lines in items]}
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
