"""``--format json``: one JSON array, exactly the DESIGN.md contract, sorted and deterministic."""

from __future__ import annotations

import json


def report(results, out, options) -> None:
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=lambda d: d.sort_key())
    if not diagnostics:
        out.write("[]\n")
        return
    # the same text as json.dump(list, indent=2), written one item at a time: 10,000 files'
    # findings as one list of dicts cost hundreds of MB
    out.write("[\n")
    for i, d in enumerate(diagnostics):
        item = json.dumps(d.to_dict(), ensure_ascii=False, indent=2)
        out.write(("  " if i == 0 else ",\n  ") + item.replace("\n", "\n  "))
    out.write("\n]\n")
