"""The command line as users and CI meet it: output formats, exit codes, errors, subcommands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from sumlint.cli import main

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FIXED = Path(__file__).parent / "fixtures" / "fixed"
DIRTY = "仅供学习 禁止外传\nX党委2023年工作总结\n今年以来，X党委认真贯彻落实各项部署。\n"
CLEAN = "县交通运输局2023年工作总结\n今年以来，局党组认真贯彻落实各项部署。\n"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def docs(tmp_path):
    (tmp_path / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_exit_codes(capsys, docs):
    assert run(capsys, docs / "clean.txt")[0] == 0
    assert run(capsys, docs / "dirty.txt")[0] == 1
    assert run(capsys, docs / "dirty.txt", "--exit-zero")[0] == 0
    assert run(capsys, "--no-such-option")[0] == 2


def test_fail_on_error_ignores_warnings(capsys, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("更多范文请访问 www.fanwen123.com\n", encoding="utf-8")   # SL108 is a warning
    assert run(capsys, doc, "--select", "SL108")[0] == 1
    assert run(capsys, doc, "--select", "SL108", "--fail-on", "error")[0] == 0


def test_json_contract_on_seeds(capsys):
    code, out, _ = run(capsys, "--format", "json", SEEDS)
    data = json.loads(out)
    assert code == 1 and len(data) > 100
    keys = ["path", "line", "column", "end_line", "end_column", "code", "name", "category",
            "severity", "message", "fix"]
    for item in data:
        assert list(item) == keys
        assert item["line"] >= 1 and item["column"] >= 1
        assert (item["end_line"], item["end_column"]) > (item["line"], item["column"])
        assert item["severity"] in ("error", "warning", "info")
    order = [(d["path"], d["line"], d["column"], d["code"]) for d in data]
    assert order == sorted(order)
    assert run(capsys, "--format", "json", SEEDS)[1] == out     # deterministic
    # laid out exactly as json.dumps(indent=2) would (the reporter writes it item by item)
    assert out == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_columns_are_code_points(capsys, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("标题\n在XX日报发稿。\n", encoding="utf-8")
    _, out, _ = run(capsys, "--format", "json", "--select", "SL201", doc)
    (item,) = json.loads(out)
    assert (item["line"], item["column"], item["end_column"]) == (2, 2, 4)


def test_concise_one_line_per_finding(capsys, docs):
    _, out, _ = run(capsys, "--format", "concise", docs / "dirty.txt")
    lines = out.strip().splitlines()
    assert lines and all(line.startswith(str(docs / "dirty.txt") + ":") for line in lines)
    assert any(":2:1: SL201 [placeholder]" in line for line in lines)


def test_text_output_underlines_the_right_cells_without_escape_codes(capsys, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("标题\n在中文XX日报发稿。\n", encoding="utf-8")
    _, out, _ = run(capsys, "--select", "SL201", doc)
    assert "\x1b[" not in out
    lines = out.splitlines()
    src = next(i for i, line in enumerate(lines) if "在中文XX日报" in line)
    source, carets = lines[src], lines[src + 1]
    at = source.index("XX")
    assert carets.index("^") == cell_len(source[:at])
    assert carets.count("^") == 2
    assert "共发现 1 个问题" in out and "未填占位符 1" in out


def test_long_line_is_windowed(capsys):
    _, out, _ = run(capsys, "--select", "SL201", SEEDS / "003_ea5966ae8a42bf6e.txt")
    longest = max(cell_len(line) for line in out.splitlines() if "│" in line)
    assert longest < 140
    assert "…" in out


def test_no_color_env_and_pipe(tmp_path, docs):
    env = dict(os.environ, NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "sumlint", str(docs / "dirty.txt")],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1 and "\x1b[" not in proc.stdout and "SL201" in proc.stdout


def test_folder_walk_skips_hidden_and_other_types(capsys, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "notes.docx.bak").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(DIRTY, encoding="utf-8")
    _, out, _ = run(capsys, "--format", "json", tmp_path)
    assert {Path(d["path"]).name for d in json.loads(out)} == {"a.md"}


def test_unreadable_named_file_is_exit_2_and_others_still_linted(capsys, docs):
    (docs / "bin.txt").write_bytes(b"\x00\x01\x02binary\x00")
    code, out, err = run(capsys, "--format", "json", docs / "bin.txt", docs / "dirty.txt",
                         docs / "missing.txt")
    assert code == 2
    assert "bin.txt：看起来是二进制文件" in err and "missing.txt：路径不存在" in err
    assert len(err.strip().splitlines()) == 2
    assert json.loads(out)          # dirty.txt was linted


def test_gb18030_file_is_linted(capsys, tmp_path):
    doc = tmp_path / "gbk.txt"
    doc.write_bytes(DIRTY.replace("\n", "\r\n").encode("gb18030"))
    _, out, _ = run(capsys, "--format", "json", "--select", "SL201", doc)
    assert [(d["line"], d["column"]) for d in json.loads(out)] == [(2, 1), (3, 6)]


def test_config_errors_exit_2(capsys, tmp_path):
    (tmp_path / "sumlint.toml").write_text("select = [\"SL999\"]\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(CLEAN, encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "a.txt")
    assert code == 2 and "SL999" in err


def test_bad_user_pack_exits_2_with_location(capsys, tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('[[rules]]\ncode = "US101"\nname = "x"\ncategory = "ad"\nkind = "pattern"\n'
                    'message = "m"\npatterns = ["(("]\n', encoding="utf-8")
    code, _, err = run(capsys, "--extend-rules", pack, FIXED)
    assert code == 2 and "mine.toml:1" in err and "US101" in err and "patterns" in err


def test_user_pack_and_select(capsys, tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('[[rules]]\ncode = "US101"\nname = "old-unit-name"\ncategory = "consistency"\n'
                    'kind = "pattern"\nseverity = "error"\nmessage = "旧单位名「{match}」"\n'
                    'phrases = ["县交通局"]\n', encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("县交通局2023年工作总结\n", encoding="utf-8")
    code, out, _ = run(capsys, "--extend-rules", pack, "--select", "US1", "--format", "json", doc)
    assert code == 1 and [d["code"] for d in json.loads(out)] == ["US101"]


def test_fixed_corpus_exits_zero(capsys):
    code, out, _ = run(capsys, FIXED)
    assert code == 0 and "未发现问题" in out


def test_rules_listing_and_rule_explanation(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0 and "SL101" in out and "SL201" in out
    code, out, _ = run(capsys, "rule", "SL201")
    assert code == 0 and "错误示例" in out and "正确示例" in out and "X光" in out
    assert run(capsys, "rule", "SL999")[0] == 2


def test_stdin(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sumlint", "-", "--stdin-filename", "总结.txt",
                           "--format", "concise"], input=DIRTY.encode(), capture_output=True)
    assert proc.returncode == 1 and proc.stdout.decode().startswith("总结.txt:1:1:")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for pre-commit")
def test_pre_commit_hook_fails_on_dirty_document(tmp_path):
    repo_root = Path(__file__).resolve().parents[1]
    work = tmp_path / "docs"
    work.mkdir()
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (work / "dirty.txt").write_text(DIRTY, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=env)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo_root), "sumlint",
                           "--files", "dirty.txt", "clean.txt"],
                          cwd=work, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "dirty.txt:2:1" in proc.stdout and "clean.txt" not in proc.stdout.split("Failed")[-1]
    ok = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo_root), "sumlint",
                         "--files", "clean.txt"], cwd=work, capture_output=True, text=True,
                        env=env, timeout=600)
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_rule_suffixes_quote_marker_only_outside_markdown(capsys, tmp_path):
    text = "县交通运输局2023年工作总结\n> 一、主要工作\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    _, out, _ = run(capsys, "--format", "json", "--select", "SL003", tmp_path)
    assert [Path(d["path"]).name for d in json.loads(out)] == ["a.txt"]
