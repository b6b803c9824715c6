"""``--statistics``: how many findings each rule produced, instead of the findings themselves.

A table with Chinese headings (aligned in terminal cells, so CJK names line up), or with
``--format json`` a JSON array of ``{code, name, category, severity, count, fixable}``.
"""

from __future__ import annotations

import json
from collections import Counter

from rich.cells import cell_len

from ..diagnostics import CATEGORIES, SEVERITY_NAMES

HEADINGS = ("数量", "代码", "规则名", "类别", "级别", "可修复")


def rows(results) -> list[dict]:
    counts: Counter = Counter()
    fixable: Counter = Counter()
    first: dict = {}
    for r in results:
        for d in r.diagnostics:
            counts[d.code] += 1
            fixable[d.code] += d.fix is not None
            first.setdefault(d.code, d)
    return [{"code": code, "name": first[code].name, "category": first[code].category,
             "severity": first[code].severity, "count": n, "fixable": fixable[code]}
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def report(results, out, options) -> None:
    data = rows(results)
    if getattr(options, "format", None) == "json":
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if not data:
        out.write("未发现问题。\n")
        return
    table = [HEADINGS] + [(str(x["count"]), x["code"], x["name"], CATEGORIES[x["category"]],
                           SEVERITY_NAMES[x["severity"]],
                           str(x["fixable"]) if x["fixable"] else "")
                          for x in data]
    widths = [max(cell_len(row[i]) for row in table) for i in range(len(HEADINGS))]
    for row in table:
        cells = [_pad(cell, widths[i], right=i == 0) for i, cell in enumerate(row)]
        out.write("  ".join(cells).rstrip() + "\n")
    total = sum(x["count"] for x in data)
    out.write(f"合计 {total} 个问题，{len(data)} 条规则。\n")
