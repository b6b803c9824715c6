"""``--format gitlab``: a GitLab Code Quality report (the Code Climate subset GitLab reads).

    sumlint --format gitlab -o gl-code-quality-report.json docs/

Each finding: description, check_name, a fingerprint unique within the report and stable across
edits elsewhere (path, code, matched text and its occurrence number), severity, and the location
(path and begin/end lines).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from . import sorted_diagnostics

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def report(results, out, options) -> None:
    seen: Counter = Counter()
    issues = []
    for d in sorted_diagnostics(results):
        key = (d.path, d.code, d.matched)
        seen[key] += 1
        fingerprint = hashlib.sha256(
            "\0".join((*key, str(seen[key]))).encode("utf-8", "surrogatepass")).hexdigest()
        issues.append({
            "type": "issue",
            "description": f"{d.code} {d.message}",
            "check_name": f"{d.code} {d.name}",
            "categories": ["Style"],
            "fingerprint": fingerprint,
            "severity": SEVERITIES[d.severity],
            "location": {"path": d.path, "lines": {"begin": d.line, "end": d.end_line}},
        })
    out.write(json.dumps(issues, ensure_ascii=False, indent=2) + "\n")
