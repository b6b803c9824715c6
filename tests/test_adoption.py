"""Adopting sumlint on an existing repository: baseline, cache, parallel runs, progress bar."""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sumlint import engine, progress
from sumlint.cache import CACHE_DIR
from sumlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
sys.path.insert(0, str(ROOT / "bench"))
from make_corpus import build  # noqa: E402


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """A document repository holding copies of the seeds, as the working directory."""
    docs = tmp_path / "材料"
    shutil.copytree(SEEDS, docs, ignore=shutil.ignore_patterns("*.json"))
    (tmp_path / "sumlint.toml").write_text("", encoding="utf-8")   # no configuration from above
    monkeypatch.delenv("SUMLINT_CACHE_DIR")                         # the cache where users get it
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------- baseline
def test_baseline_round_trip(capsys, repo):
    code, out, _ = run(capsys, "--format", "json", "--no-cache", "材料")
    before = json.loads(out)
    assert code == 1 and len(before) > 100
    code, out, err = run(capsys, "--write-baseline", "sumlint-baseline.json", "--no-cache", "材料")
    assert code == 0 and out == "" and f"{len(before)} 个问题" in err
    data = json.loads((repo / "sumlint-baseline.json").read_text(encoding="utf-8"))
    assert sum(item["count"] for item in data["findings"]) == len(before)
    assert not any("line" in item for item in data["findings"])
    assert {item["path"] for item in data["findings"]} <= {f"材料/{p.name}" for p in SEEDS.glob("*.txt")}

    code, out, err = run(capsys, "--format", "json", "--no-cache", "--baseline",
                         "sumlint-baseline.json", "材料")
    assert (code, json.loads(out)) == (0, []) and f"{len(before)} 个问题未显示" in err


def test_baseline_survives_edits_elsewhere_and_reports_new_findings(capsys, repo):
    run(capsys, "--write-baseline", "base.json", "--no-cache", "材料")
    seed = repo / "材料" / "000_4421bb42df635748.txt"
    text = seed.read_text(encoding="utf-8")
    # edits elsewhere: new lines at the top shift every line number; a paragraph is reworded
    text = "（此稿已由办公室修改）\n\n" + text.replace("认真贯彻", "全面贯彻", 1)
    seed.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", "--no-cache", "--baseline", "base.json", "材料")
    assert (code, json.loads(out)) == (0, [])

    # a new defect, and one more copy of an old one: both are reported, nothing else
    text = text.rstrip("\n")
    seed.write_text(text + "\n\n请在XX日报发稿。\n\n咨询QQ206157060\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", "--no-cache", "--baseline", "base.json", "材料")
    found = json.loads(out)
    assert code == 1
    assert sorted((d["code"], d["line"]) for d in found) == sorted(
        [("SL201", text.count("\n") + 3), ("SL103", text.count("\n") + 5)])


def test_baseline_works_from_another_directory(capsys, repo, monkeypatch):
    run(capsys, "--write-baseline", "base.json", "--no-cache", "材料")
    monkeypatch.chdir(repo / "材料")
    code, out, _ = run(capsys, "--format", "json", "--no-cache", "--baseline", "../base.json", ".")
    assert (code, json.loads(out)) == (0, [])


def test_baseline_errors_are_exit_2(capsys, repo):
    code, _, err = run(capsys, "--baseline", "没有.json", "--no-cache", "材料")
    assert code == 2 and "基线文件不存在" in err
    (repo / "bad.json").write_text('{"findings": 3}', encoding="utf-8")
    code, _, err = run(capsys, "--baseline", "bad.json", "--no-cache", "材料")
    assert code == 2 and "不是 sumlint 基线文件" in err


# ---------------------------------------------------------------- cache
def _refuse_linting(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a cached file was linted again")
    monkeypatch.setattr(engine, "lint_files", refuse)


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_cached_and_uncached_runs_give_identical_output(capsys, repo, monkeypatch, fmt):
    uncached = run(capsys, "--format", fmt, "--no-cache", "材料")
    assert not (repo / CACHE_DIR).exists()           # --no-cache writes nothing
    first = run(capsys, "--format", fmt, "材料")
    assert (repo / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    _refuse_linting(monkeypatch)
    second = run(capsys, "--format", fmt, "材料")
    assert uncached == first == second
    assert uncached[0] == 1 and len(uncached[1]) > 1000


def test_cache_notices_changed_files_and_settings(capsys, repo, monkeypatch):
    run(capsys, "--format", "json", "材料")
    seed = repo / "材料" / "004_5ee0a1b48d6f6dc9.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "请在XX日报发稿。\n", encoding="utf-8")
    linted = []
    real = engine.lint_files          # every file linted goes through it, in batches
    monkeypatch.setattr(engine, "lint_files",
                        lambda ts, *a: linted.extend(t.path.name for t in ts) or real(ts, *a))
    code, out, _ = run(capsys, "--format", "json", "材料")
    assert linted == [seed.name]                       # only the changed file
    assert json.loads(out)[-1]["message"] == "占位符「XX」未替换"
    assert out == run(capsys, "--format", "json", "--no-cache", "材料")[1]
    linted.clear()
    run(capsys, "--format", "json", "--select", "SL201", "材料")     # other settings: no reuse
    assert len(linted) == 5
    linted.clear()
    (repo / "sumlint.toml").write_text('allow = ["X党委"]\n', encoding="utf-8")
    run(capsys, "--format", "json", "材料")          # configuration changed: no reuse
    assert len(linted) == 5
    assert (repo / CACHE_DIR).is_dir()                # next to the configuration file


def test_a_planted_cache_file_cannot_run_code(capsys, repo):
    run(capsys, "--format", "json", "材料")
    cache_files = list((repo / CACHE_DIR).glob("results-*.pickle"))
    assert cache_files
    marker = repo / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    for cache_file in cache_files:
        cache_file.write_bytes(pickle.dumps({"format": 2, "entries": {("x", "x"): ("d", Evil())}}))
    code, out, _ = run(capsys, "--format", "json", "材料")
    assert not marker.exists()
    assert out == run(capsys, "--format", "json", "--no-cache", "材料")[1]
    for cache_file in cache_files:
        cache_file.write_bytes(b"not a pickle")
    assert run(capsys, "--format", "json", "材料")[1] == out


def test_cache_dir_from_the_environment(capsys, repo, monkeypatch):
    monkeypatch.setenv("SUMLINT_CACHE_DIR", str(repo / "ci-cache"))
    first = run(capsys, "--format", "json", "材料")
    assert list((repo / "ci-cache").glob("results-*.pickle")) and not (repo / CACHE_DIR).exists()
    _refuse_linting(monkeypatch)
    assert run(capsys, "--format", "json", "材料") == first


# ---------------------------------------------------------------- parallel
def test_serial_and_parallel_output_are_identical(capsys, tmp_path, monkeypatch):
    build(tmp_path / "corpus", 40, seed=7, size=1500)
    monkeypatch.chdir(tmp_path)
    serial = run(capsys, "--format", "json", "--no-cache", "--jobs", "1", "corpus")
    parallel = run(capsys, "--format", "json", "--no-cache", "--jobs", "3", "corpus")
    assert serial == parallel and serial[0] == 1
    paths = [d["path"] for d in json.loads(serial[1])]
    assert len(set(paths)) > 5 and paths == sorted(paths)


def test_parallel_workers_really_run(tmp_path):
    """lint_targets forks workers for many files and keeps input order."""
    build(tmp_path / "corpus", 24, seed=3, size=800)
    from sumlint.config import Config, select_rules
    from sumlint.discovery import discover
    from sumlint.ruleset import load_rules
    cfg = Config()
    rules = select_rules(load_rules(), cfg)
    targets = list(discover([str(tmp_path / "corpus")], cfg))
    ctx = engine.RunContext(cfg)
    log = tmp_path / "pids.log"
    real = engine.lint_files

    def spy(batch, *args):
        with open(log, "a") as fh:
            fh.writelines(f"{os.getpid()}\n" for _ in batch)
        return real(batch, *args)
    engine.lint_files = spy
    try:
        results = list(engine.lint_targets(targets, rules, ctx, jobs=2))
    finally:
        engine.lint_files = real
    assert [r.path for r in results] == [str(t.path) for t in targets]
    pids = set(log.read_text().split())
    assert len(log.read_text().split()) == 24 and str(os.getpid()) not in pids


# ---------------------------------------------------------------- progress bar
class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_for_people_at_terminals():
    assert progress.wanted(FakeTTY(), 100, env={})
    assert not progress.wanted(io.StringIO(), 100, env={})              # a pipe or file
    assert not progress.wanted(FakeTTY(), 100, env={"CI": "true"})
    assert not progress.wanted(FakeTTY(), 100, env={"TERM": "dumb"})
    assert not progress.wanted(FakeTTY(), 3, env={})                    # a few files
    assert progress.wanted(FakeTTY(), 100, env={"CI": "false"})


def test_progress_bar_drawn_on_a_terminal_and_not_in_ci(tmp_path):
    build(tmp_path / "corpus", 30, seed=5, size=600)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(TERM="xterm", COLUMNS="100")
    master, slave = os.openpty()
    drawn = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:          # EIO: the terminal's other side is closed
                return
            if not chunk:
                return
            drawn.extend(chunk)
    reader = threading.Thread(target=drain)
    reader.start()
    try:
        proc = subprocess.run([sys.executable, "-m", "sumlint", "corpus", "--no-cache",
                               "--format", "concise", "--jobs", "1"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=slave, timeout=120)
    finally:
        os.close(slave)
        reader.join(10)
        os.close(master)
    assert proc.returncode == 1 and proc.stdout.count(b"\n") > 10
    assert "检查中".encode() in drawn and b"30" in drawn
    assert "检查中".encode() not in proc.stdout
    ci = subprocess.run([sys.executable, "-m", "sumlint", "corpus", "--no-cache", "--format",
                         "concise"], cwd=tmp_path, env=dict(env, CI="true"),
                        capture_output=True, timeout=120)
    assert ci.stdout == proc.stdout and "检查中".encode() not in ci.stderr
