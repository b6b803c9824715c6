"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists the enabled rules with their explanation as help text;
regions count code points (``columnKind: unicodeCodePoints``) like every sumlint column, with an
exclusive ``endColumn``. Each result carries the matched text as its snippet, a partial
fingerprint (code + matched text, so alerts survive edits elsewhere) and its fix, if any, as
replacements. Files that could not be read become tool execution notifications.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..baseline import match_hash
from ..diagnostics import CATEGORIES
from . import rules_used, sorted_diagnostics

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_location(path: str) -> dict:
    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    posix = path.replace(os.sep, "/") if os.sep != "/" else path
    return {"uri": quote(posix, safe="/"), "uriBaseId": "%SRCROOT%"}


def _region(line: int, column: int, end_line: int, end_column: int) -> dict:
    return {"startLine": line, "startColumn": column, "endLine": end_line,
            "endColumn": end_column}


def _rule(meta) -> dict:
    help_text = meta.explain.strip() or meta.name
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": help_text},
        "help": {"text": f"{help_text}\n\n（sumlint rule {meta.code} 查看示例）"},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"category": meta.category, "tags": [meta.category, CATEGORIES[meta.category]],
                       "fixable": meta.fixable},
    }


def _result(d, rule_index: dict[str, int]) -> dict:
    location = artifact_location(d.path)
    region = _region(d.line, d.column, d.end_line, d.end_column)
    if d.matched:
        region["snippet"] = {"text": d.matched}
    result = {
        "ruleId": d.code,
        "ruleIndex": rule_index[d.code],
        "level": LEVELS[d.severity],
        "message": {"text": d.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": region}}],
        "partialFingerprints": {"sumlintMatch/v1": match_hash(d.code, d.matched)},
        "properties": {"category": d.category},
    }
    if d.fix is not None and d.fix_positions:
        result["fixes"] = [{
            "description": {"text": d.fix.description},
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": [{"deletedRegion": _region(a, b, c, e),
                                  "insertedContent": {"text": text}}
                                 for a, b, c, e, text in d.fix_positions],
            }],
        }]
    return result


def build(results, options) -> dict:
    rules = rules_used(results, options)
    rule_index = {meta.code: i for i, meta in enumerate(rules)}
    notifications = [{"level": "error", "message": {"text": f"无法检查：{r.error}"},
                      "locations": [{"physicalLocation": {"artifactLocation":
                                                          artifact_location(r.path)}}]}
                     for r in sorted(results, key=lambda r: r.path) if r.error]
    invocation = {"executionSuccessful": not any(r.error and r.explicit for r in results)}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sumlint", "version": __version__,
                                "semanticVersion": __version__, "language": "zh-CN",
                                "rules": [_rule(meta) for meta in rules]}},
            "invocations": [invocation],
            "language": "zh-CN",
            "columnKind": "unicodeCodePoints",
            "results": [_result(d, rule_index) for d in sorted_diagnostics(results)],
        }],
    }


def report(results, out, options) -> None:
    out.write(json.dumps(build(results, options), ensure_ascii=False, indent=2) + "\n")
