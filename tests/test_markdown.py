"""Markdown input: code, front matter and comments skipped, positions of the file kept, and
control comments."""

from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from sumlint.cli import main
from sumlint.config import Config
from sumlint.discovery import Target
from sumlint.engine import RunContext, lint_file, lint_text
from sumlint.inputs.markdown import mask

WATERMARK = "仅供学习 禁止外传"


def found(all_rules, text, codes=("SL101", "SL201"), name="a.md"):
    """(code, line, column, end_column) of the findings of ``codes`` on ``text`` named ``name``."""
    rules = [r for r in all_rules if r.code in codes]
    return [(d.code, d.line, d.column, d.end_column)
            for d in lint_text(text, rules, RunContext(Config()), path=name)]


def test_positions_after_skipped_code_are_those_of_the_file(all_rules):
    text = "# 标题\n\n用 `XX县` 表示，在XX县开会。\n"
    assert found(all_rules, text) == [("SL201", 3, 13, 15)]
    crlf = text.replace("\n", "\r\n")
    assert found(all_rules, crlf) == [("SL201", 3, 13, 15)]
    # the same text as .txt reports both
    assert len(found(all_rules, text, name="a.txt")) == 2


def test_code_blocks_front_matter_and_comments_are_skipped(all_rules):
    text = "\n".join([
        "---",
        "title: XX县工作总结",
        "---",
        "县交通运输局2023年工作总结",
        "",
        "```text",
        WATERMARK,
        "在XX县召开",
        "```",
        "",
        "~~~~",
        "```",
        "XX局",
        "~~~~",
        "",
        "    print(\"XX县\")  # indented code",
        "",
        "<!-- 在XX县召开",
        "仅供学习 禁止外传 -->",
        "正文里的XX局要报。",
        "行内 ``含`反引号的XX`` 代码。",
    ])
    assert found(all_rules, text) == [("SL201", 20, 5, 7)]
    assert len(found(all_rules, text, name="a.txt")) >= 6


def test_indented_text_that_is_prose(all_rules):
    text = "\n".join([
        "段落第一行，",
        "    紧接的缩进行不是代码：XX局。",        # cannot interrupt a paragraph
        "",
        "- 列表项",
        "",
        "    列表里的缩进段落：XX县。",            # list content, not code
        "",
        "　　全角空格缩进的段落：XX镇。",          # U+3000 is not Markdown indentation
        "",
        "`未闭合的反引号在XX村",                  # an unmatched backtick is literal
        "",
        "    四个半角空格缩进的中文段落：XX乡。",    # mostly Chinese: prose pasted from Word
        "    echo XX",                           # a code-looking line after it continues
    ])                                           # the paragraph (CommonMark)
    assert [line for _, line, _, _ in found(all_rules, text)] == [2, 6, 8, 10, 12, 13]
    code = "正文。\n\n    let x = XX;\n    call(XX)\n"
    assert found(all_rules, code) == []


def test_reporters_show_the_files_own_lines(tmp_path, default_rules):
    path = tmp_path / "a.md"
    path.write_text("用 `code` 在XX县。\n", encoding="utf-8")
    result = lint_file(Target(path, True), default_rules, RunContext(Config()))
    assert result.lines[1] == "用 `code` 在XX县。"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("ab汉`~-<!> \t\n#*1.") + ["<!--", "-->", "```", "    ",
                                                                "\n\n", "---\n", "- "])))
def test_mask_keeps_length_and_newlines(pieces):
    text = "".join(pieces)
    masked, _ = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == \
        [i for i, c in enumerate(text) if c == "\n"]
    assert all(m == c or m == " " for m, c in zip(masked, text))


# ------------------------------------------------------------------ control comments
DOC = "\n".join([
    "县交通运输局2023年工作总结",          # 1
    "<!-- sumlint-disable SL101 -->",     # 2
    WATERMARK + "，XX局",                 # 3: SL101 off, SL201 on
    "<!-- sumlint-enable -->",            # 4
    WATERMARK + "，XX局",                 # 5: both
    "<!-- sumlint-disable-next-line unfilled-x -->",   # 6 (a rule name)
    "",                                   # 7
    WATERMARK + "，XX局",                 # 8: SL201 off (next line with text)
    WATERMARK + "，XX局 <!-- sumlint-disable-line -->",          # 9: all off
    "<!-- sumlint-disable -->",           # 10
    WATERMARK + "，XX局",                 # 11: all off
    "<!-- sumlint-enable SL201 -->",      # 12
    WATERMARK + "，XX局",                 # 13: SL201 back on
])


def test_control_comments(all_rules):
    got = {(code, line) for code, line, _, _ in found(all_rules, DOC)}
    assert got == {("SL201", 3), ("SL101", 5), ("SL201", 5), ("SL101", 8), ("SL201", 13)}
    # in a .txt file the comments are text and silence nothing
    txt = {(code, line) for code, line, _, _ in found(all_rules, DOC, name="a.txt")}
    assert {("SL201", 3), ("SL201", 11), ("SL201", 13)} <= txt


def test_unknown_codes_and_actions_are_reported_where_they_are(all_rules):
    text = ("<!-- sumlint-disable SL101 SL99X -->\n正文，XX局。\n"
            "<!-- sumlint-disabel SL201 -->\n")
    got = found(all_rules, text, codes=("SL000", "SL101", "SL201"))
    assert got == [("SL000", 1, 28, 33), ("SL201", 2, 4, 6), ("SL000", 3, 14, 21)]
    assert found(all_rules, "<!-- sumlint-disable SL201 download-watermark -->\n正文。",
                 codes=("SL000",)) == []
    # a reason after "--" is not a code
    text = "<!-- sumlint-disable-next-line SL201 -- 模板示例 SL9 -->\n在XX县。\n"
    assert found(all_rules, text, codes=("SL000", "SL201")) == []


def test_sl000_via_cli_knows_user_rules(capsys, tmp_path):
    pack = tmp_path / "my.toml"
    pack.write_text('''
[[rules]]
code = "ABC001"
name = "my-rule"
category = "typo"
kind = "pattern"
message = "m"
phrases = ["甲乙"]
[[rules.examples]]
bad = "甲乙"
[[rules.examples]]
good = "丙"
''', encoding="utf-8")
    doc = tmp_path / "a.md"
    doc.write_text("<!-- sumlint-disable-next-line ABC001 SL123 -->\n甲乙\n", encoding="utf-8")
    code = main(["--format", "json", "--extend-rules", str(pack), str(doc)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and [(d["code"], d["column"]) for d in data] == [("SL000", 39)]


def test_markdown_on_stdin(capsys, monkeypatch):
    import io
    import sys
    data = "`XX县` 之外，在XX县。\n".encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["-", "--stdin-filename", "总结.md", "--format", "concise", "--select", "SL201"])
    out = capsys.readouterr().out
    assert code == 1 and out.strip() == "总结.md:1:11: SL201 [placeholder] 占位符「XX」未替换"
