"""--fix and --diff on real files: encodings, BOMs, newlines, modes, idempotence, no lost text."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sumlint.cli import main
from sumlint.diagnostics import Diagnostic, Edit, Fix
from sumlint.fixes import apply_fixes, choose_fixes, fix_text
from sumlint.loading import read_text

FIXTURES = Path(__file__).parent / "fixtures"
TITLE = "县交通运输局2023年工作总结"
PROSE = [
    "今年以来，我局认真贯彻落实县委县政府各项决策部署，扎实推进交通基础设施建设，全年完成投资12亿元。",
    "一、主要工作",
    "全面加强公路养护管理，完成国省干线大中修工程三十五公里，农村公路安全生命防护工程一百二十公里。",
]
WATERMARK = "仅供学习 禁止外传 用后删除"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def lines_to_bytes(lines: list[str], encoding: str, newline: str, bom: bytes = b"") -> bytes:
    return bom + "".join(line + newline for line in lines).encode(encoding)


@pytest.mark.parametrize("encoding,bom,newline", [
    ("gb18030", b"", "\r\n"), ("gb18030", b"", "\n"), ("utf-8", codecs.BOM_UTF8, "\r\n"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "\n"), ("utf-8", b"", "\r"),
])
def test_fix_keeps_encoding_bom_newlines_and_other_bytes(capsys, tmp_path, encoding, bom, newline):
    lines = [WATERMARK, TITLE, "", "> " + PROSE[0], PROSE[1], PROSE[2], "第1页 共3页", PROSE[2]]
    path = tmp_path / "总结.txt"
    path.write_bytes(lines_to_bytes(lines, encoding, newline, bom))
    os.chmod(path, 0o640)
    # the fix mechanics are under test: the structure and duplicate rules stay out of it
    code, out, err = run(capsys, "--fix", "--format", "concise", "--select", "ad,artifact", path)
    fixed = path.read_bytes()
    expected = [TITLE, "", PROSE[0], PROSE[1], PROSE[2], PROSE[2]]
    # byte-identical to the file written without the defects: nothing else moved
    assert fixed == lines_to_bytes(expected, encoding, newline, bom)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert "已自动修复 3 处问题，涉及 1 个文件" in err
    assert code == 0 and out == ""
    assert not [p for p in tmp_path.iterdir() if p.name != "总结.txt"]     # no temp file left
    code, _, err = run(capsys, "--diff", "--select", "ad,artifact", path)  # nothing left to do
    assert code == 0 and path.read_bytes() == fixed


def test_gb18030_stays_gb18030(capsys, tmp_path):
    text = read_text(FIXTURES / "seeds" / "000_4421bb42df635748.txt").text
    original = text.replace("\n", "\r\n").encode("gb18030")
    path = tmp_path / "000.txt"
    path.write_bytes(original)
    run(capsys, "--fix", path)
    fixed = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        fixed.decode("utf-8")
    new = fixed.decode("gb18030")
    assert "酷乐文行整理" not in new and "仅供学习" not in new and "X党委2020年意识形态工作总结" in new
    # every fixed span is a whole removed line: the fixed bytes are the original's lines, in
    # order, minus some, each line byte-identical
    old_lines, new_lines = original.split(b"\r\n"), fixed.split(b"\r\n")
    it = iter(old_lines)
    assert all(any(line == old for old in it) for line in new_lines)
    assert len(new_lines) < len(old_lines)


def test_diff_writes_nothing_and_exits_1(capsys, tmp_path):
    path = tmp_path / "a.txt"
    data = lines_to_bytes([TITLE, WATERMARK, PROSE[0]], "utf-8", "\n")
    path.write_bytes(data)
    code, out, _ = run(capsys, "--diff", path)
    assert code == 1 and path.read_bytes() == data
    assert out.splitlines()[:2] == [f"--- {path}", f"+++ {path}"]
    assert f"-{WATERMARK}" in out.splitlines() and f" {PROSE[0]}" in out.splitlines()
    clean = tmp_path / "clean.txt"
    clean.write_text(TITLE + "\n在XX县召开会议。\n", encoding="utf-8")       # findings, no fix
    assert run(capsys, "--diff", clean)[:2] == (0, "")


def test_fix_reports_what_is_left(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{TITLE}\n{WATERMARK}\n在XX县召开会议。\n", encoding="utf-8")
    code, out, err = run(capsys, "--fix", "--format", "concise", path)
    assert code == 1
    assert out.strip() == f"{path}:2:2: SL201 [placeholder] 占位符「XX」未替换"   # line 3 → 2
    assert path.read_text(encoding="utf-8") == f"{TITLE}\n在XX县召开会议。\n"


def test_fix_writes_through_symlinks(capsys, tmp_path):
    real = tmp_path / "real.txt"
    real.write_text(f"{TITLE}\n{WATERMARK}\n{PROSE[0]}\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    run(capsys, "--fix", link)
    assert link.is_symlink() and WATERMARK not in real.read_text(encoding="utf-8")


def test_markdown_fix_never_removes_code_it_did_not_read(capsys, tmp_path):
    path = tmp_path / "a.md"
    text = f"# {TITLE}\n\n{WATERMARK} `保留的代码`\n\n{WATERMARK}\n\n{PROSE[0]}\n"
    path.write_text(text, encoding="utf-8")
    run(capsys, "--fix", path)
    assert path.read_text(encoding="utf-8") == \
        f"# {TITLE}\n\n{WATERMARK} `保留的代码`\n\n\n{PROSE[0]}\n"


def test_stdin_is_not_fixed(capsys, monkeypatch):
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WATERMARK.encode())))
    code = main(["-", "--fix", "--format", "concise"])
    _, err = capsys.readouterr()
    assert code == 1 and "标准输入不会被修改" in err


# ------------------------------------------------------------------------------ units
def _diag(code: str, edits: list[tuple[int, int, str]]) -> Diagnostic:
    start = min(e[0] for e in edits)
    return Diagnostic("a", 1, start + 1, 1, start + 2, code, "n", "ad", "error", "m",
                      Fix("f", tuple(Edit(*e) for e in edits)), start, start + 1)


def test_choose_fixes_is_deterministic_and_skips_overlaps():
    a = _diag("SL102", [(0, 5, "")])
    b = _diag("SL101", [(3, 8, "")])          # overlaps a, starts later
    c = _diag("SL104", [(5, 6, "")])          # touches a: fine
    d = _diag("SL101", [(0, 5, "")])          # the same edit as a, lower code
    e = _diag("SL106", [(9, 9, "x")])
    f = _diag("SL107", [(9, 9, "y")])         # two insertions at one place
    for order in ([a, b, c, d, e, f], [f, e, d, c, b, a]):
        assert choose_fixes(order) == [d, c, e]


def test_crlf_offsets_map_back():
    source = "甲\r\n乙乙\r\n丙\n丁\r\n"
    doc_text = "甲\n乙乙\n丙\n丁\n"
    # delete line 2 ("乙乙\n") and replace 丁 with 戊\n戊
    diags = [_diag("SL101", [(2, 5, "")]), _diag("SL201", [(7, 8, "戊\n戊")])]
    new, applied = apply_fixes(source, doc_text, diags, newline="\r\n")
    assert new == "甲\r\n丙\n戊\r\n戊\r\n" and len(applied) == 2


# ------------------------------------------------------------------------ idempotence
def _pool() -> list[str]:
    lines = []
    for path in sorted((FIXTURES / "fixed").glob("*.txt")):
        lines += [ln for ln in read_text(path).text.splitlines() if len(ln.strip()) > 45]
    # short sentences next to a watermark block are prose, not part of the block
    return lines + ["全年完成投资12亿元。", "会议由局长主持。", "  各股室负责人参加会议。"]


CLEAN_LINES = _pool()
DEFECTS = [
    WATERMARK, "【会员资料仅供内部交流使用，严禁外传及用于商业用途，违者后果自负】",
    "酷乐文行整理，咨询QQ206157060", "第1页 共3页", "- 2 -", "上一页 下一页",
    "2024年上半年意识形态工作总结报告8篇.docx", "工信部备案号:鲁ICP备2020038323号-1",
]


@st.composite
def documents(draw):
    body = draw(st.lists(st.sampled_from(CLEAN_LINES), min_size=1, max_size=8))
    lines, kept = [TITLE + draw(st.sampled_from(["", "(全文3110字)", "（约2000字）"]))], [TITLE]
    for line in body:
        for _ in range(draw(st.integers(0, 2))):
            lines.append(draw(st.sampled_from(DEFECTS + [""])))
        quoted = draw(st.sampled_from(["", "> ", ">", "> > "]))
        lines.append(quoted + line)
        kept.append(line)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline])), kept, newline


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fix_is_idempotent_and_keeps_every_line_of_prose(default_rules, doc):
    from sumlint.config import Config
    from sumlint.engine import RunContext, lint_loaded
    from sumlint.loading import from_text
    source, kept, newline = doc
    ctx = RunContext(Config())

    def lint(text):
        document, diagnostics = lint_loaded(from_text(text, "a.txt"), "a.txt", default_rules, ctx)
        return document.text, diagnostics
    once, count = fix_text(source, lint, newline)
    assert count > 0 or source == once
    twice, again = fix_text(once, lint, newline)
    assert twice == once and again == 0
    # every prose line is still there, in order and whole (SL003 may take the spaces around a
    # leading >); no fixable finding is left
    remaining = [ln.strip() for ln in once.replace("\r\n", "\n").split("\n") if ln.strip()]
    assert remaining == [k.strip() for k in kept]
    assert not [d for d in lint(once)[1] if d.fix is not None]


def test_unwritable_folder_leaves_the_file_and_says_why(capsys, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)      # as in a folder without write access
    path = tmp_path / "a.txt"
    data = lines_to_bytes([TITLE, WATERMARK, PROSE[0]], "utf-8", "\n")
    path.write_bytes(data)
    code, out, err = run(capsys, "--fix", "--format", "concise", path)
    assert path.read_bytes() == data and "没有写入权限" in err and code == 1 and "SL101" in out
    assert "已自动修复" not in err


def test_file_changed_while_fixing_is_not_overwritten(tmp_path):
    from sumlint.fixes import write_atomic
    path = tmp_path / "a.txt"
    path.write_bytes(b"new contents")
    with pytest.raises(OSError):
        write_atomic(path, b"fixed", expected=b"old contents")
    assert path.read_bytes() == b"new contents" and len(list(tmp_path.iterdir())) == 1


CODE_BLOCKS = [f"```\n{WATERMARK}\n第1页 共3页\n```", "    print('仅供学习 禁止外传', page_footer)", "`第1页 共3页`",
               f"<!-- {WATERMARK} -->", "---"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(st.tuples(st.integers(0, 20), st.sampled_from(CODE_BLOCKS)),
                             max_size=4))
def test_markdown_fix_keeps_code_and_comments(default_rules, doc, blocks):
    from sumlint.config import Config
    from sumlint.engine import RunContext, lint_loaded
    from sumlint.loading import from_text
    source, kept, newline = doc
    lines = source.split(newline)
    for at, block in blocks:           # code between paragraphs, set off by blank lines and
        # a heading (after "- 2 -", a list item, an indented line would be list content)
        lines.insert(min(at, len(lines)), "\n## 附\n\n" + block.replace("\n", newline) + "\n")
    source = newline.join(ln.replace("\n", newline) for ln in lines)
    ctx = RunContext(Config())

    def lint(text):
        document, diagnostics = lint_loaded(from_text(text, "a.md"), "a.md", default_rules, ctx)
        return document.text, diagnostics
    once, _ = fix_text(source, lint, newline)
    assert fix_text(once, lint, newline) == (once, 0)
    for _, block in blocks:
        assert once.count(block.replace("\n", newline)) >= source.count(block.replace("\n", newline))
