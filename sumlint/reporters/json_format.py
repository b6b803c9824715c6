"""``--format json``: one JSON array, exactly the DESIGN.md contract, sorted and deterministic."""

from __future__ import annotations

import json
from json.encoder import encode_basestring


def report(results, out, options) -> None:
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=lambda d: d.sort_key())
    if not diagnostics:
        out.write("[]\n")
        return
    # the same text as json.dump(list, indent=2), written one item at a time: 10,000 files'
    # findings as one list of dicts cost hundreds of MB
    out.write("[\n")
    for i, d in enumerate(diagnostics):
        out.write(("  " if i == 0 else ",\n  ") + _pretty(d.to_dict(), "  "))
    out.write("\n]\n")


def _pretty(value, pad: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` nested at ``pad``, character for
    character. ``indent`` makes json use its pure-Python encoder (a third of a large run's
    reporting time); here strings go through the C escaper and only the layout is Python."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = pad + "  "
        parts = []
        for k, v in value.items():
            kind = type(v)       # the common scalars here, without a call each
            text = encode_basestring(v) if kind is str else int.__repr__(v) if kind is int \
                else "null" if v is None else _pretty(v, inner)
            parts.append(f"{inner}{encode_basestring(str(k))}: {text}")
        return "{\n" + ",\n".join(parts) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join(inner + _pretty(v, inner) for v in value) + "\n" + pad + "]"
    return json.dumps(value)              # booleans, floats, str and int subclasses
