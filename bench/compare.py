"""sumlint's pattern-only rules against ripgrep (the floor) and textlint + textlint-rule-prh (what a
user would otherwise configure), over one corpus and with the same ad and placeholder regexes.

    python bench/compare.py CORPUS_DIR        (bench/run.py --compare calls this)

textlint is looked for in bench/.textlint (gitignored); install it there with
    mkdir -p bench/.textlint && cd bench/.textlint && echo '{"private": true}' > package.json
    npm install textlint textlint-rule-prh
(``npm init -y`` refuses the folder name .textlint.)
Missing tools are reported as "not installed", never as a failure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTLINT = HERE / ".textlint" / "node_modules" / ".bin" / "textlint"
CATEGORIES = ("ad", "placeholder")


def pattern_regexes() -> list[str]:
    """The regexes of the built-in pattern rules of the ad and placeholder categories."""
    sys.path.insert(0, str(HERE.parent))
    from sumlint.ruleset import load_rules
    out = []
    for rule in load_rules():
        if rule.category not in CATEGORIES or rule.check.kind != "pattern":
            continue
        out.extend(rule.check.options["patterns"])     # as written, without sumlint's guards
        phrases = rule.check.options["phrases"]
        if phrases:
            out.append("|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True)))
    return out


def _timed(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    return time.perf_counter() - start, proc


def _for_pcre2(rx: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", rx)


def _for_js(rx: str) -> str:
    return rx.replace("(?P<", "(?<").replace("(?P=", "\\k<")


def time_rg(corpus: Path, regexes: list[str], tmp: Path) -> tuple[float | None, str]:
    rg = shutil.which("rg")
    if not rg:
        return None, "not installed (apt-get install ripgrep)"
    usable = [p for p in map(_for_pcre2, regexes)
              if subprocess.run([rg, "--pcre2", "-q", "-e", p, "--", str(tmp)],
                                capture_output=True).returncode in (0, 1)]
    pats = tmp / "patterns.txt"
    pats.write_text("\n".join(usable) + "\n", encoding="utf-8")
    wall, proc = _timed([rg, "--pcre2", "-c", "-f", str(pats), "-g", "*.txt", str(corpus)])
    return wall, f"{len(usable)}/{len(regexes)} regexes, {len(proc.stdout.splitlines())} files matched"


def time_textlint(corpus: Path, regexes: list[str], tmp: Path) -> tuple[float | None, str]:
    node = shutil.which("node")
    if not node or not TEXTLINT.exists():
        return None, "not installed (see bench/compare.py docstring)"
    lines = ["version: 1", "rules:"]
    for rx in regexes:
        if "(?i)" in rx or "(?x)" in rx:
            continue
        lines += [f"  - expected: 【删除】", f"    pattern: {json.dumps('/' + _for_js(rx) + '/', ensure_ascii=False)}"]
    (tmp / "prh.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc = tmp / ".textlintrc.json"
    rc.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(tmp / "prh.yml")]}}}), "utf-8")
    wall, proc = _timed([str(TEXTLINT), "--config", str(rc), "--rules-base-directory",
                         str(TEXTLINT.parents[1]), "--format", "unix", f"{corpus}/**/*.txt"],
                        cwd=TEXTLINT.parents[2])
    if proc.returncode not in (0, 1):
        return None, f"failed: {proc.stderr.decode(errors='replace')[:300]}"
    return wall, f"{(len(lines) - 2) // 2}/{len(regexes)} regexes, {len(proc.stdout.splitlines())} lines"


def time_sumlint(corpus: Path, jobs: int) -> float:
    wall, proc = _timed([sys.executable, "-m", "sumlint", "--select", ",".join(CATEGORIES),
                         "--format", "concise", "--jobs", str(jobs), "--quiet", "--no-cache",
                         str(corpus)])
    if proc.returncode not in (0, 1):
        raise SystemExit(f"sumlint failed: {proc.stderr.decode()[:300]}")
    return wall


def compare(corpus: Path, jobs: int = 1) -> list[tuple[str, float | None, str]]:
    """Rows for sumlint with one process and with ``jobs`` (its default: one per core), then
    ripgrep (multi-threaded by default) and textlint (one process), each timed as run."""
    regexes = pattern_regexes()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        ours = {n: time_sumlint(corpus, n) for n in sorted({1, jobs})}
        rows = [(f"sumlint --select ad,placeholder (jobs={n})", wall, "")
                for n, wall in ours.items()]
        for name, fn in (("ripgrep --pcre2", time_rg), ("textlint + prh", time_textlint)):
            wall, note = fn(corpus, regexes, tmp)
            ratio = "; ".join(f"sumlint jobs={n}: {mine / wall:.2f}× its time"
                              for n, mine in ours.items()) if wall else ""
            rows.append((name, wall, "; ".join(x for x in (note, ratio) if x)))
    return rows


def print_rows(rows) -> None:
    print("| tool | wall (s) | notes |\n|---|---:|---|")
    for name, wall, note in rows:
        print(f"| {name} | {'—' if wall is None else f'{wall:.2f}'} | {note} |")


if __name__ == "__main__":
    import os
    print_rows(compare(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2
                       else len(os.sched_getaffinity(0))))
