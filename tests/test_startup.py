"""Start-up of a one-file run (the pre-commit case): what it imports and what it reads."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sumlint import cache as cache_module
from sumlint.cli import main

SEED = next((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))

PROBE = """
import contextlib, io, json, sys
from sumlint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]))
"""


def _modules_of_a_run(tmp_path, *args):
    env = dict(os.environ, SUMLINT_USER_CACHE_DIR=str(tmp_path / "user-cache"))
    proc = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.splitlines()[-1])


def test_a_one_file_run_imports_only_what_it_uses(tmp_path):
    doc = tmp_path / "总结.txt"
    doc.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    cold_code, _ = _modules_of_a_run(tmp_path, doc, "--ignore", "typo")
    code, modules = _modules_of_a_run(tmp_path, doc, "--ignore", "typo")   # warm pack cache
    assert code == cold_code == 1
    for unused in ("multiprocessing", "rich.console", "hashlib", "tomllib", "sumlint.baseline",
                   "sumlint.reporters.statistics", "sumlint.checks.confusion",
                   "sumlint.checks.substitution", "sumlint.regex_analysis", "jieba"):
        assert unused not in modules, unused
    assert "sumlint.packcache" in modules and "sumlint.checks.pattern" in modules


def test_a_one_file_run_reads_and_writes_one_bucket_of_the_result_cache(tmp_path, monkeypatch,
                                                                       capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUMLINT_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    docs.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(60):
        (docs / f"{i:02d}.txt").write_text(text + f"\n第{i}份。\n", encoding="utf-8")
    assert main(["docs", "--format", "json", "-q", "--select", "placeholder"]) == 1
    everything = capsys.readouterr().out
    buckets = list((tmp_path / "cache").glob("results-*.pickle"))
    assert len(buckets) > 20
    loads, writes = [], []
    real_load, real_write = cache_module.ResultCache._load, cache_module.ResultCache._write
    monkeypatch.setattr(cache_module.ResultCache, "_load",
                        staticmethod(lambda f: loads.append(f) or real_load(f)))
    monkeypatch.setattr(cache_module.ResultCache, "_write",
                        lambda self, f, e: writes.append(f) or real_write(self, f, e))
    changed = docs / "07.txt"
    changed.write_text(text + "请在XX日报发稿。\n", encoding="utf-8")
    assert main([str(changed), "--format", "json", "-q", "--select", "placeholder"]) == 1
    one = json.loads(capsys.readouterr().out)
    assert len(loads) == 1 and writes == loads
    assert one[-1]["message"] == "占位符「XX」未替换"
    # the whole run still finds every cached result, the changed file's new one included
    assert main(["docs", "--format", "json", "-q", "--select", "placeholder"]) == 1
    again = json.loads(capsys.readouterr().out)
    assert len(again) == len(json.loads(everything)) + 1


def test_findings_are_the_same_with_a_cold_a_warm_and_no_pack_cache(tmp_path):
    """Across processes: a check may keep state outside itself (pattern's shared index of
    required strings), which a cached check must rebuild in the process that reads it."""
    seeds = Path(__file__).parent / "fixtures" / "seeds"

    def run(cache):
        env = dict(os.environ, SUMLINT_USER_CACHE_DIR=cache)
        return subprocess.run([sys.executable, "-m", "sumlint", str(seeds), "--no-cache",
                               "--format", "json", "--ignore", "typo", "-j", "1"], env=env,
                              capture_output=True, text=True, cwd=tmp_path)

    off = run("off")
    cold, warm = run(str(tmp_path / "c")), run(str(tmp_path / "c"))
    assert off.returncode == 1 and len(json.loads(off.stdout)) > 50 and not off.stderr
    assert (cold.returncode, cold.stdout, cold.stderr) == (1, off.stdout, "")
    assert (warm.returncode, warm.stdout, warm.stderr) == (1, off.stdout, "")
