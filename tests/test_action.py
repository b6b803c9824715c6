"""The composite GitHub Action: its metadata holds together, and its run step, executed here as
the runner would, annotates findings, writes SARIF and reports the exit code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "tests/fixtures/sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_action_metadata():
    assert ACTION["runs"]["using"] == "composite"
    steps = ACTION["runs"]["steps"]
    used = set()
    for step in steps:
        assert "run" not in step or step.get("shell") == "bash"
        text = json.dumps(step)
        used.update(re.findall(r"inputs\.([a-z-]+)", text))
        # inputs reach scripts through env only, never pasted into the script text
        assert "${{" not in step.get("run", "").replace("${{ steps.lint.outputs.exit-code }}", "")
    assert used <= set(ACTION["inputs"]) and {"paths", "args", "sarif"} <= used
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)


def _run_step(tmp_path, paths, sarif):
    step = next(s for s in ACTION["runs"]["steps"] if s.get("id") == "lint")
    out_file = tmp_path / "github_output"
    out_file.write_text("", encoding="utf-8")
    env = dict(os.environ, SUMLINT_PATHS=paths, SUMLINT_ARGS="--no-cache",
               SUMLINT_SARIF=sarif, GITHUB_OUTPUT=str(out_file), RUNNER_TEMP=str(tmp_path),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    return proc, out_file.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash runs the action's steps")
def test_action_run_step(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "总结.txt").write_text("仅供学习 禁止外传\n在XX日报发稿。\n", encoding="utf-8")
    (tmp_path / "docs" / "clean.txt").write_text("县交通运输局2023年工作总结\n", encoding="utf-8")
    proc, output = _run_step(tmp_path, "docs", "true")
    assert proc.returncode == 0, proc.stderr                 # the last step fails the job
    assert output.strip() == "exit-code=1"
    annotations = proc.stdout.splitlines()
    assert len(annotations) == 2 and all(a.startswith("::error file=docs/总结.txt,") for a in annotations)
    sarif = json.loads((tmp_path / "sumlint.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SCHEMA).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == 2

    proc, output = _run_step(tmp_path, "docs/clean.txt", "false")
    assert (proc.stdout, output.strip()) == ("", "exit-code=0")
