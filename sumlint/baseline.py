"""Baselines: adopt sumlint on a repository that already has findings.

``--write-baseline FILE`` records today's findings keyed on (path, code, hash of the matched
text) with a count — no line numbers, so an edit elsewhere in a file does not bring them back.
``--baseline FILE`` then hides up to that many findings of each key and reports the rest: a new
finding, or one more of a kind than the baseline knew, is reported.

Paths are stored relative to the baseline file's folder, so the baseline works from any working
directory and on any checkout.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from .diagnostics import SORT_KEY

FORMAT = 1
SNIPPET = 40


class BaselineError(Exception):
    """A baseline that cannot be read or written; str() is a Chinese message."""


def match_hash(code: str, matched: str) -> str:
    """A short stable hash of what a finding matched (also SARIF's partial fingerprint)."""
    return hashlib.sha256(f"{code}\0{matched}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _rel(path: str, base: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:       # another drive on Windows
        return Path(path).resolve().as_posix()


def _key(d, base: Path) -> tuple[str, str, str]:
    return _rel(d.path, base), d.code, match_hash(d.code, d.matched)


def write_baseline(file: str | Path, results) -> int:
    """Write the baseline of ``results``; return how many findings it holds."""
    file = Path(file)
    base = file.resolve().parent
    counts: Counter = Counter()
    snippets: dict = {}
    for r in results:
        for d in r.diagnostics:
            key = _key(d, base)
            counts[key] += 1
            snippets.setdefault(key, d.matched[:SNIPPET])
    data = {
        "sumlint-baseline": FORMAT,
        "findings": [
            {"path": p, "code": c, "hash": h, "count": counts[(p, c, h)],
             "text": snippets[(p, c, h)]}
            for p, c, h in sorted(counts)
        ],
    }
    try:
        file.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{file}：无法写入基线文件：{exc.strerror or exc}") from None
    return sum(counts.values())


def load_baseline(file: str | Path) -> tuple[Path, Counter]:
    file = Path(file)
    try:
        data = json.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise BaselineError(f"{file}：基线文件不存在（先用 --write-baseline 生成）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{file}：无法读取基线文件：{exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{file}：基线文件不是合法的 JSON（第 {exc.lineno} 行）") from None
    if not isinstance(data, dict) or data.get("sumlint-baseline") != FORMAT \
            or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{file}：不是 sumlint 基线文件（或版本不符），请重新生成")
    budget: Counter = Counter()
    try:
        for item in data["findings"]:
            budget[(str(item["path"]), str(item["code"]), str(item["hash"]))] += int(item["count"])
    except (KeyError, TypeError, ValueError):
        raise BaselineError(f"{file}：基线文件内容有误，请重新生成") from None
    return file.resolve().parent, budget


def apply_baseline(baseline: tuple[Path, Counter], results) -> tuple[list, int]:
    """(results without the baselined findings, how many were hidden)."""
    base, budget = baseline[0], Counter(baseline[1])
    out, hidden = [], 0
    for r in results:
        kept = []
        for d in sorted(r.diagnostics, key=SORT_KEY):
            key = _key(d, base)
            if budget[key] > 0:
                budget[key] -= 1
                hidden += 1
            else:
                kept.append(d)
        out.append(dataclasses.replace(r, diagnostics=kept) if len(kept) != len(r.diagnostics)
                   else r)
    return out, hidden
