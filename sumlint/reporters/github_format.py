"""``--format github``: GitHub Actions workflow commands, shown as annotations on the diff.

    ::error file=docs/a.txt,line=3,col=5,endLine=3,endColumn=9,title=SL201 unfilled-placeholder::占位符…

Escaped exactly as the Actions toolkit does (``@actions/core`` command.ts): in the message
``%`` ``\\r`` ``\\n`` become ``%25`` ``%0D`` ``%0A``; in properties also ``:`` → ``%3A`` and
``,`` → ``%2C``. Severity ``info`` is a ``notice``. Files that could not be read are errors
without a line.
"""

from __future__ import annotations

from . import sorted_diagnostics

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def report(results, out, options) -> None:
    for r in sorted(results, key=lambda r: r.path):
        if r.error:
            out.write(command("error", f"无法检查：{r.error}", file=r.path, title="sumlint") + "\n")
    for d in sorted_diagnostics(results):
        out.write(command(COMMANDS[d.severity], d.message, file=d.path, line=d.line, col=d.column,
                          endLine=d.end_line, endColumn=d.end_column,
                          title=f"{d.code} {d.name}") + "\n")
