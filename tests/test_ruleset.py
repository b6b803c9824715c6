"""Rule packs are validated at load: each problem is one message naming file, line, rule and key."""

from __future__ import annotations

import textwrap

import pytest

from sumlint.checks import RuleError
from sumlint.ruleset import builtin_pack_paths, load_pack, load_rules

GOOD_RULE = """
[[rules]]
code = "US101"
name = "my-unit-slogan"
category = "ad"
kind = "pattern"
severity = "warning"
message = "口号「{match}」"
phrases = ["某某文库"]
[[rules.examples]]
bad = "某某文库"
[[rules.examples]]
good = "正文"
"""


def write(tmp_path, text, name="pack.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path, text) -> str:
    with pytest.raises(RuleError) as info:
        load_pack(write(tmp_path, text))
    return str(info.value)


def test_builtin_packs_load_and_codes_are_unique():
    rules = load_rules()
    assert len({r.code for r in rules}) == len(rules) > 10
    assert {p.name for p in builtin_pack_paths()} >= {"ads.toml", "placeholders.toml", "artifacts.toml"}


def test_good_user_pack_loads(tmp_path):
    (rule,) = load_pack(write(tmp_path, GOOD_RULE))
    assert (rule.code, rule.kind, rule.line) == ("US101", "pattern", 2)


@pytest.mark.parametrize("change,expected", [
    (("phrases =", "phrasez ="), "键 “phrasez”：未知的键"),
    (('kind = "pattern"', 'kind = "patern"'), "未知的检查类型"),
    (('category = "ad"', 'category = "ads"'), "未知的类别"),
    (('message = "口号「{match}」"\n', ""), "键 “message”：缺少必需的键"),
    (('phrases = ["某某文库"]', "patterns = ['(unclosed']"), "无法编译"),
    (('phrases = ["某某文库"]', "patterns = ['a*']"), "可以匹配空字符串"),
    (('severity = "warning"', 'severity = "fatal"'), "未知的严重级别"),
])
def test_invalid_rules_name_file_line_rule_and_key(tmp_path, change, expected):
    message = error_of(tmp_path, GOOD_RULE.replace(*change))
    assert "pack.toml:2" in message and "US101" in message
    assert expected in message


def test_toml_syntax_error_has_line(tmp_path):
    message = error_of(tmp_path, GOOD_RULE + "\n[[rules]\n")
    assert "pack.toml:" in message and "TOML 语法错误" in message


def test_duplicate_code_across_packs(tmp_path):
    first = write(tmp_path, GOOD_RULE, "a.toml")
    second = write(tmp_path, GOOD_RULE.replace("my-unit-slogan", "other-name"), "b.toml")
    with pytest.raises(RuleError, match="规则代码重复"):
        load_rules([first, second], builtin=False)


def test_duplicate_of_builtin_code(tmp_path):
    pack = write(tmp_path, GOOD_RULE.replace("US101", "SL101"))
    with pytest.raises(RuleError, match="SL101"):
        load_rules([pack])
