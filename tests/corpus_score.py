"""Score sumlint against the seeds' expected.json (matching rule of tests/fixtures/CORPUS.md).

A diagnostic matches an entry when the categories are equal and the spans overlap; entries that
share a ``group`` are alternatives. Run as a script to print recall and unmatched diagnostics:
``python tests/corpus_score.py [category]``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
FIXED = FIXTURES / "fixed"


def expected_entries() -> list[dict]:
    return json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))


def _overlaps(d, e) -> bool:
    """Span overlap, with multi-line diagnostics covering whole lines in between."""
    if d.line > e["line"] or d.end_line < e["line"]:
        return False
    start = d.column if d.line == e["line"] else 1
    end = d.end_column if d.end_line == e["line"] else 10 ** 9
    return start < e["end_column"] and e["column"] < end


def lint_seeds(rules, ctx=None) -> dict[str, list]:
    from sumlint.engine import RunContext, run_rules
    from sumlint.document import Document
    from sumlint.loading import read_text
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        doc = Document(read_text(path).text, path.name)
        out[path.name] = run_rules(doc, rules, ctx or RunContext())
    return out


def score(diagnostics: dict[str, list], category: str) -> dict:
    """Recall of required entries (groups count once) and diagnostics matching no entry."""
    entries = [e for e in expected_entries() if e["category"] == category]
    groups: dict[str, list[dict]] = defaultdict(list)
    for i, e in enumerate(entries):
        groups[e.get("group") or f"#{i}"].append(e)
    missed, found = [], 0
    for key, members in groups.items():
        if all(m.get("optional") for m in members):
            continue
        hit = any(_overlaps(d, m) for m in members
                  for d in diagnostics.get(m["file"], []) if d.category == category)
        if hit:
            found += 1
        else:
            missed.append(members[0])
    required = found + len(missed)
    unmatched = []
    for name, diags in diagnostics.items():
        for d in diags:
            if d.category != category:
                continue
            if not any(e["file"] == name and _overlaps(d, e) for e in entries):
                unmatched.append(d)
    return {"required": required, "found": found, "missed": missed, "unmatched": unmatched}


if __name__ == "__main__":  # pragma: no cover
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from sumlint.config import Config, select_rules
    from sumlint.ruleset import load_rules
    rules = select_rules(load_rules(), Config())
    diags = lint_seeds(rules)
    cats = sys.argv[1:] or sorted({e["category"] for e in expected_entries()})
    for cat in cats:
        s = score(diags, cat)
        print(f"{cat:12} recall {s['found']}/{s['required']}  unmatched {len(s['unmatched'])}")
        for e in s["missed"]:
            print(f"   MISSED {e['file'][:3]}:{e['line']}:{e['column']} {e['text'][:40]!r}")
        for d in s["unmatched"]:
            print(f"   EXTRA  {d.path[:3]}:{d.line}:{d.column} {d.code} {d.message[:60]}")
