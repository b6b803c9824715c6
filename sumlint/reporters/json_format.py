"""``--format json``: one JSON array, exactly the DESIGN.md contract, sorted and deterministic."""

from __future__ import annotations

from json.encoder import encode_basestring as _s

from . import sorted_diagnostics

# The text of json.dumps(d.to_dict(), ensure_ascii=False, indent=2) nested one level, written
# with %-templates for the contract's fixed keys: a cached run over 10,000 files spends most of
# its time here, and json's indenting encoder is pure Python (a generic walk over each dict was
# still 2 s of such a run; the templates take 5.5 µs a finding instead of 14). A test holds the
# output equal to json.dumps of to_dict.
_HEAD = ('{\n    "path": %s,\n    "line": %d,\n    "column": %d,\n    "end_line": %d,\n'
         '    "end_column": %d,\n    "code": %s,\n    "name": %s,\n    "category": %s,\n'
         '    "severity": %s,\n    "message": %s,\n    "fix": ')
_FIX = '{\n      "description": %s,\n      "edits": %s\n    }'
_EDIT = ('{\n          "line": %d,\n          "column": %d,\n          "end_line": %d,\n'
         '          "end_column": %d,\n          "replacement": %s\n        }')


def render(d) -> str:
    """One diagnostic as it stands in the array (indented for its place there)."""
    head = _HEAD % (_s(d.path), d.line, d.column, d.end_line, d.end_column, _s(d.code),
                    _s(d.name), _s(d.category), _s(d.severity), _s(d.message))
    if d.fix is None:
        fix = "null"
    else:
        edits = ",\n        ".join(_EDIT % (a, b, c, e, _s(r)) for a, b, c, e, r in d.fix_positions)
        fix = _FIX % (_s(d.fix.description), f"[\n        {edits}\n      ]" if edits else "[]")
    context = f',\n    "context": {_s(d.context)}' if d.context else ""
    return f"{head}{fix}{context}\n  }}"


def report(results, out, options) -> None:
    diagnostics = sorted_diagnostics(results)
    if not diagnostics:
        out.write("[]\n")
        return
    # written one item at a time: 10,000 files' findings as one string or list of dicts cost
    # hundreds of MB
    out.write("[\n  ")
    write = out.write
    first = True
    for d in diagnostics:
        if not first:
            write(",\n  ")
        first = False
        write(render(d))
    out.write("\n]\n")
