"""``--format json``: one JSON array, exactly the DESIGN.md contract, sorted and deterministic."""

from __future__ import annotations

import json


def report(results, out, options) -> None:
    diagnostics = sorted((d for r in results for d in r.diagnostics), key=lambda d: d.sort_key())
    out.write(json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2) + "\n")
