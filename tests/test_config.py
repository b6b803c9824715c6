"""Configuration discovery, validation and rule selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from sumlint.config import Config, ConfigError, find_config, load_config, read_config_file, \
    select_rules
from sumlint.ruleset import load_rules

RULES = load_rules()


def codes(cfg):
    return {r.code for r in select_rules(RULES, cfg)}


def test_select_and_ignore_by_code_prefix_name_and_category():
    assert codes(Config(select=["SL101"])) == {"SL101"}
    assert codes(Config(select=["placeholder"])) == {r.code for r in RULES
                                                      if r.category == "placeholder" and r.default}
    assert "SL201" not in codes(Config(ignore=["unfilled-x"]))
    assert not any(c.startswith("SL2") for c in codes(Config(ignore=["SL2"])))


def test_pyproject_found_upward_and_paths_relative_to_it(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sumlint]\nignore = ["SL201"]\nextend-rules = ["my.toml"]\nallow = ["X光"]\n',
        encoding="utf-8")
    sub = tmp_path / "docs" / "2024"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / "pyproject.toml"
    cfg = load_config(None, [str(sub)])
    assert cfg.ignore == ["SL201"] and cfg.allow == ["X光"]
    assert cfg.extend_rules == [tmp_path.resolve() / "my.toml"]


def test_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    found = find_config(tmp_path / "sub")
    assert found is None or found.parent != tmp_path


def test_unknown_key_is_an_error_with_line(tmp_path):
    path = tmp_path / "sumlint.toml"
    path.write_text('ignore = []\nselct = ["SL101"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sumlint.toml:2.*selct"):
        read_config_file(path)


def test_wrong_type_is_an_error(tmp_path):
    path = tmp_path / "sumlint.toml"
    path.write_text('ignore = "SL101"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="ignore"):
        read_config_file(path)


def test_per_file_ignores_and_exclude(tmp_path):
    cfg = Config(root=tmp_path, per_file_ignores={"模板/*.txt": ["placeholder"]},
                 exclude=["归档"])
    assert cfg.ignores_for(tmp_path / "模板" / "a.txt") == ["placeholder"]
    assert cfg.ignores_for(tmp_path / "a.txt") == []
    assert cfg.is_excluded(tmp_path / "归档" / "2019" / "a.txt")
    assert not cfg.is_excluded(tmp_path / "2019" / "a.txt")


def test_allow_suppresses_a_real_unit_name(lint):
    text = "X光检测中心XX分中心2023年工作总结"
    assert any(d.code == "SL201" for d in lint(text, "SL201"))
    assert not lint(text, "SL201", allow=["XX分中心"])
