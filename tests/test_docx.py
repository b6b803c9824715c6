""".docx input: made here with python-docx, read back paragraph by paragraph and cell by cell."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from sumlint.cli import main
from sumlint.config import Config
from sumlint.engine import RunContext, lint_loaded
from sumlint.loading import LoadError, from_text, load, load_bytes, read_text

SEED = Path(__file__).parent / "fixtures" / "seeds" / "000_4421bb42df635748.txt"


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_seed_000_as_docx_finds_what_the_txt_finds(default_rules):
    text = read_text(SEED).text
    data = docx_bytes(lambda d: [d.add_paragraph(line) for line in text.split("\n")])
    loaded = load_bytes(data, "000.docx")
    assert loaded.text == text and loaded.format == "docx" and not loaded.writable
    ctx = RunContext(Config())
    _, from_docx = lint_loaded(loaded, "000.docx", default_rules, ctx)
    _, from_txt = lint_loaded(from_text(text, "000.txt"), "000.txt", default_rules, ctx)

    def key(ds):
        return [(d.code, d.line, d.column, d.end_line, d.end_column, d.message) for d in ds]
    assert len(from_txt) > 10
    assert key(from_docx) == key(from_txt)
    assert {d.category for d in from_docx} >= {"ad", "placeholder"}


def _table_document(d):
    d.add_paragraph("县交通运输局2023年工作总结")
    d.add_paragraph("今年以来，我局认真贯彻落实各项部署。")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "说明"
    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1))            # a merged cell spans grid columns 1–2
    table.cell(0, 0).text = "项目名称"
    table.cell(0, 2).text = "完成情况"
    table.cell(1, 0).text = "道路养护"
    table.cell(1, 2).text = "完成XX公里"
    cell = table.cell(2, 0)
    cell.text = "第一段"
    cell.add_paragraph("在XX镇实施")               # a second paragraph in the same cell
    d.add_paragraph("下一步，XX局将继续努力。")


def test_tables_are_read_in_order_with_their_place(lint, default_rules):
    loaded = load_bytes(docx_bytes(_table_document), "a.docx")
    lines = loaded.text.split("\n")
    assert lines[0] == "县交通运输局2023年工作总结"
    assert lines[2] == "说明" and loaded.contexts[3] == "表格 1 第 1 行第 1 列"
    assert lines[3:5] == ["项目名称", "完成情况"]
    assert loaded.contexts[5] == "表格 2 第 1 行第 3 列"        # after a cell spanning two columns
    assert lines[5:7] == ["道路养护", ""] and loaded.contexts[7] == "表格 2 第 2 行第 2 列"
    assert lines[7] == "完成XX公里" and loaded.contexts[8] == "表格 2 第 2 行第 3 列"
    assert lines[9] == "在XX镇实施" and loaded.contexts[10] == "表格 2 第 3 行第 1 列"
    assert lines[-1] == "下一步，XX局将继续努力。" and len(lines) not in loaded.contexts
    _, found = lint_loaded(loaded, "a.docx", default_rules, RunContext(Config()))
    placeholders = [(d.line, d.context) for d in found if d.code == "SL201"]
    assert placeholders == [(8, "表格 2 第 2 行第 3 列"), (10, "表格 2 第 3 行第 1 列"),
                            (len(lines), "")]


def test_context_in_json_and_text_output(capsys, tmp_path):
    path = tmp_path / "总结.docx"
    path.write_bytes(docx_bytes(_table_document))
    code, out, _ = run(capsys, "--format", "json", "--select", "SL201", path)
    data = json.loads(out)
    assert code == 1 and [d.get("context") for d in data] == [
        "表格 2 第 2 行第 3 列", "表格 2 第 3 行第 1 列", None]
    _, out, _ = run(capsys, "--select", "SL201", "--no-color", path)
    assert "（表格 2 第 2 行第 3 列）" in out


def _tracked(change: str, text_tag: str, text: str):
    """A tracked change (w:del or w:ins) holding one run of ``text``."""
    element, run, t = OxmlElement(change), OxmlElement("w:r"), OxmlElement(text_tag)
    t.text = text
    run.append(t)
    element.append(run)
    return element


def test_breaks_and_tracked_changes(tmp_path):
    def build(d):
        p = d.add_paragraph("仅供学习")
        p.add_run().add_break()                           # Shift+Enter stays in the paragraph
        p.add_run("禁止外传")
        q = d.add_paragraph("保留文字")
        q._p.append(_tracked("w:del", "w:delText", "已删除文字"))    # not read
        q._p.append(_tracked("w:ins", "w:t", "新增文字"))            # read
    loaded = load_bytes(docx_bytes(build), "a.docx")
    assert loaded.text.split("\n") == ["仅供学习 禁止外传", "保留文字新增文字"]


def test_legacy_and_broken_files_get_a_clear_message(capsys, tmp_path):
    doc = tmp_path / "旧版.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(LoadError, match="另存为” .docx"):
        load(doc)
    wps = tmp_path / "a.wps"
    wps.write_bytes(b"whatever")
    with pytest.raises(LoadError, match="WPS.*另存为” .docx"):
        load(wps)
    encrypted = tmp_path / "加密.docx"                    # password-protected .docx is OLE
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(LoadError, match="加密"):
        load(encrypted)
    broken = tmp_path / "坏.docx"
    broken.write_bytes(docx_bytes(_table_document)[:500])
    with pytest.raises(LoadError, match="已损坏"):
        load(broken)
    text = tmp_path / "假.docx"
    text.write_text("这其实是文本", encoding="utf-8")
    with pytest.raises(LoadError, match="已损坏"):
        load(text)
    code, _, err = run(capsys, doc)
    assert code == 2 and "旧版.doc" in err and "另存为” .docx" in err


def test_folders_include_docx_and_name_old_doc_files(capsys, tmp_path):
    (tmp_path / "a.docx").write_bytes(docx_bytes(lambda d: d.add_paragraph("在XX县召开会议。")))
    (tmp_path / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    code, out, err = run(capsys, "--format", "concise", "--select", "SL201", tmp_path)
    assert code == 1                       # a walked .doc is reported but is not a usage error
    assert out.strip().endswith("a.docx:1:2: SL201 [placeholder] 占位符「XX」未替换")
    assert "b.doc" in err and "另存为" in err and "c.pdf" not in err + out


def test_docx_on_stdin_by_name_and_by_content():
    data = docx_bytes(lambda d: d.add_paragraph("在XX县召开会议。"))
    for extra in (["--stdin-filename", "总结.docx"], []):
        proc = subprocess.run([sys.executable, "-m", "sumlint", "-", "--format", "concise",
                               "--select", "SL201", *extra], input=data, capture_output=True)
        assert proc.returncode == 1, proc.stderr.decode()
        assert ":1:2: SL201" in proc.stdout.decode()


def test_fix_leaves_docx_untouched(capsys, tmp_path):
    path = tmp_path / "a.docx"
    data = docx_bytes(lambda d: [d.add_paragraph("县交通运输局2023年工作总结"),
                                 d.add_paragraph("仅供学习 禁止外传 用后删除"),
                                 d.add_paragraph("今年以来，我局认真贯彻落实各项部署。")])
    path.write_bytes(data)
    code, out, err = run(capsys, "--fix", "--format", "concise", path)
    assert path.read_bytes() == data
    assert ".docx 文件不会被自动修改" in err and code == 1 and "SL101" in out
