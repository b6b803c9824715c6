"""Output formats, one module each. A reporter gets the run's results and writes them; it knows
nothing of checks. ``get_reporter(name)`` imports only the format asked for.

Formats that describe rules (sarif) read ``options.rule_meta``: a ``{code: RuleMeta}`` of the
enabled rules that the command line fills in with ``rule_catalog(rules)`` — plain data, so
reporters stay ignorant of check kinds. Without it they fall back to what the diagnostics carry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..diagnostics import SORT_KEY

FORMATS = ("text", "concise", "json", "github", "sarif", "rdjson", "gitlab", "html")


def get_reporter(name: str):
    """The ``report(results, out, options)`` function of format ``name``."""
    module = importlib.import_module(f"{__name__}.{name.replace('-', '_')}_format")
    return module.report


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    category: str
    severity: str
    explain: str = ""
    fixable: bool = False

    @property
    def summary(self) -> str:
        """The first line of the explanation, else the rule name."""
        return next((ln.strip() for ln in self.explain.splitlines() if ln.strip()), self.name)


def rule_catalog(rules) -> dict[str, RuleMeta]:
    return {r.code: RuleMeta(r.code, r.name, r.category, r.severity, r.explain or "",
                             bool(r.fix)) for r in rules}


def sorted_diagnostics(results) -> list:
    return sorted((d for r in results for d in r.diagnostics), key=SORT_KEY)


def rules_used(results, options) -> list[RuleMeta]:
    """The enabled rules (``options.rule_meta``) plus any rule seen in the results, by code."""
    catalog = dict(getattr(options, "rule_meta", None) or {})
    for r in results:
        for d in r.diagnostics:
            if d.code not in catalog:
                catalog[d.code] = RuleMeta(d.code, d.name, d.category, d.severity, "",
                                           d.fix is not None)
    return [catalog[code] for code in sorted(catalog)]
