"""Output formats for CI and people: github, sarif, rdjson, html, --statistics, -o."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest

from sumlint.cli import main
from sumlint.diagnostics import Diagnostic
from sumlint.engine import FileResult
from sumlint.reporters import get_reporter
from sumlint.reporters.github_format import escape_data, escape_property
from sumlint.reporters.html_format import Span, render_line
from sumlint.reporters.rdjson_format import byte_column

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def run(capsys, *args):
    code = main([str(a) for a in args] + ["--no-cache"])
    out, err = capsys.readouterr()
    return code, out, err


def json_findings(capsys, *args):
    return json.loads(run(capsys, "--format", "json", *args)[1])


# ---------------------------------------------------------------- github
def test_github_escaping_matches_the_actions_toolkit():
    assert escape_data("50%\r\n下一行") == "50%25%0D%0A下一行"
    assert escape_data("a:b,c") == "a:b,c"                      # data keeps : and ,
    assert escape_property("报告,2024:终稿%") == "报告%2C2024%3A终稿%25"


def test_github_annotations_on_a_real_document(capsys, tmp_path):
    doc = tmp_path / "总结,终稿:v2.txt"
    doc.write_text("仅供学习 禁止外传\n在XX日报发稿。\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "github", doc)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    shown = escape_property(str(doc))
    assert "%2C" in shown and "%3A" in shown
    assert lines[1] == (f"::error file={shown},line=2,col=2,endLine=2,endColumn=4,"
                        "title=SL201 unfilled-x::占位符「XX」未替换")
    assert lines[0].startswith(f"::error file={shown},line=1,col=1,") and "title=SL101 " in lines[0]


def test_github_info_is_a_notice_and_messages_are_escaped(tmp_path):
    d = Diagnostic(path="a.txt", line=3, column=1, end_line=3, end_column=2, code="SL999",
                   name="demo", category="typo", severity="info", message="第一行\n第二行 100%")
    out = _render("github", [FileResult("a.txt", diagnostics=[d])])
    assert out == ("::notice file=a.txt,line=3,col=1,endLine=3,endColumn=2,title=SL999 demo::"
                   "第一行%0A第二行 100%25\n")


def test_github_reports_unreadable_files(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    _, out, _ = run(capsys, "--format", "github", bad)
    assert out.startswith(f"::error file={escape_property(str(bad))},title=sumlint::无法检查：")


def _render(fmt, results, **options):
    import io
    import types
    buf = io.StringIO()
    get_reporter(fmt)(results, buf, types.SimpleNamespace(**options))
    return buf.getvalue()


# ---------------------------------------------------------------- json
def test_json_text_is_json_dumps_of_the_contract():
    """The reporter writes with templates; its text must stay json.dumps(indent=2) of to_dict,
    for every shape: no fix, a fix with edits, one without, a context, characters to escape."""
    from sumlint.diagnostics import Edit, Fix
    base = dict(path='材料/"引号"\\总结.txt', line=2, column=3, end_line=4, end_column=5,
                code="SL101", name="ad-watermark", category="ad", severity="error")
    items = [
        Diagnostic(**base, message="第一行\n第二行\t\u0001 \u2028 😀"),
        Diagnostic(**base, message="删除", fix=Fix("删除整行", (Edit(0, 3, ""),)),
                   fix_positions=((2, 3, 2, 6, ""), (3, 1, 3, 2, '"）\\'))),
        Diagnostic(**base, message="无编辑", fix=Fix("说明", ())),
        Diagnostic(**base, message="表格", context="表格 2 第 3 行第 1 列"),
    ]
    out = _render("json", [FileResult(base["path"], diagnostics=items)])
    ordered = sorted(items, key=Diagnostic.sort_key)       # the same place: by message
    assert out == json.dumps([d.to_dict() for d in ordered], ensure_ascii=False, indent=2) + "\n"
    assert _render("json", [FileResult("a.txt")]) == "[]\n"


# ---------------------------------------------------------------- sarif
def test_sarif_on_seeds_validates_against_the_2_1_0_schema(capsys):
    code, out, _ = run(capsys, "--format", "sarif", SEEDS)
    sarif = json.loads(out)
    jsonschema.Draft7Validator(SCHEMA).validate(sarif)
    assert code == 1 and sarif["version"] == "2.1.0"
    (run_,) = sarif["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids) and "SL101" in ids and "SL201" in ids
    sl101 = rules[ids.index("SL101")]
    assert "仅供学习" in sl101["help"]["text"] and sl101["defaultConfiguration"]["level"] == "error"
    contract = json_findings(capsys, SEEDS)
    assert len(run_["results"]) == len(contract) > 100
    for res, item in zip(run_["results"], contract):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == item["code"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"],
                region["endColumn"]) == (item["line"], item["column"], item["end_line"],
                                         item["end_column"])
        assert res["message"]["text"] == item["message"]
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert unquote(urlparse(uri).path) == Path(item["path"]).resolve().as_posix()
    fixes = [res for res in run_["results"] if "fixes" in res]
    assert fixes and all(res["fixes"][0]["artifactChanges"][0]["replacements"] for res in fixes)


def test_sarif_rejects_what_the_schema_rejects(capsys, tmp_path):
    """The schema check can fail: a level SARIF does not know is refused."""
    doc = tmp_path / "关于2023年工作的总结.txt"
    doc.write_text("标题\n在XX日报发稿。\n", encoding="utf-8")
    sarif = json.loads(run(capsys, "--format", "sarif", doc)[1])
    jsonschema.Draft7Validator(SCHEMA).validate(sarif)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file://") and "%E5" in uri["uri"]     # absolute, percent-encoded
    sarif["runs"][0]["results"][0]["level"] = "info"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(sarif)


def test_sarif_relative_paths_use_srcroot(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("材料").mkdir()
    Path("材料/总结 初稿.txt").write_text("标题\n在XX日报发稿。\n", encoding="utf-8")
    sarif = json.loads(run(capsys, "--format", "sarif", "材料")[1])
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert unquote(location["artifactLocation"]["uri"]) == "材料/总结 初稿.txt"
    assert " " not in location["artifactLocation"]["uri"]
    assert location["region"]["snippet"]["text"] == "XX"


# ---------------------------------------------------------------- rdjson
def test_byte_columns():
    assert byte_column("a𐐀b", 1) == 1
    assert byte_column("a𐐀b", 2) == 2
    assert byte_column("a𐐀b", 3) == 6          # the reviewdog proto's own example
    assert byte_column("在XX日报", 4) == 6
    assert byte_column("在XX", 5) == 7          # an end past the last character


def test_rdjson_converts_columns_to_utf8_bytes(capsys, tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("标题\n今年在XX日报发稿。\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "rdjson", "--select", "SL201", doc)
    data = json.loads(out)
    (diag,) = data["diagnostics"]
    assert code == 1 and data["source"]["name"] == "sumlint"
    assert diag["location"]["range"] == {"start": {"line": 2, "column": 10},
                                         "end": {"line": 2, "column": 12}}
    assert diag["severity"] == "ERROR" and diag["code"] == {"value": "SL201"}
    line = "今年在XX日报发稿。".encode("utf-8")
    assert line[10 - 1:12 - 1] == b"XX"


def test_rdjson_suggestions_on_seed_000(capsys):
    data = json.loads(run(capsys, "--format", "rdjson", SEEDS / "000_4421bb42df635748.txt")[1])
    contract = json_findings(capsys, SEEDS / "000_4421bb42df635748.txt")
    assert len(data["diagnostics"]) == len(contract)
    text = (SEEDS / "000_4421bb42df635748.txt").read_text(encoding="utf-8").split("\n")
    for diag, item in zip(data["diagnostics"], contract):
        start = diag["location"]["range"]["start"]
        prefix = text[item["line"] - 1][:item["column"] - 1]
        assert start["column"] == len(prefix.encode("utf-8")) + 1
        assert ("suggestions" in diag) == (item["fix"] is not None)


# ---------------------------------------------------------------- html
def test_render_line_cuts_overlapping_spans():
    spans = [Span(0, 4, 1, "warning", "SL1 一"), Span(2, 6, 2, "error", "SL2 <二>"),
             Span(6, 6, 3, "info", "SL3 三")]
    html = render_line("甲乙丙丁戊己<&>", spans)
    assert html == ('<mark class="warning" data-f="1" title="SL1 一">甲乙</mark>'
                    '<mark class="error" data-f="1 2" title="SL1 一\nSL2 &lt;二&gt;">丙丁</mark>'
                    '<mark class="error" data-f="2" title="SL2 &lt;二&gt;">戊己</mark>'
                    '<mark class="point info" data-f="3" title="SL3 三"></mark>&lt;&amp;&gt;')


def test_html_escapes_document_text_and_paths(capsys, tmp_path):
    doc = tmp_path / "<b>报告.txt"
    doc.write_text('<script>alert("好")</script>标题\n在XX日报发稿 & "转载"。\n', encoding="utf-8")
    # only the placeholder is highlighted, so the rest of the text stays one escaped run
    code, out, _ = run(capsys, "--format", "html", "--select", "placeholder", doc)
    assert code == 1 and out.startswith("<!DOCTYPE html>")
    assert "<script" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(&quot;好&quot;)&lt;/script&gt;标题" in out
    assert "&lt;b&gt;报告.txt" in out
    assert re.search(r'<mark class="error" data-f="\d+" title="SL201 [^"]*">XX</mark>', out)
    assert "http" not in out.replace("http-equiv", "")     # no external assets


def test_html_summary_by_category_and_file(capsys):
    out = run(capsys, "--format", "html", SEEDS)[1]
    contract = json_findings(capsys, SEEDS)
    assert "按类别" in out and "按文件" in out
    assert "未填占位符（placeholder）" in out and "广告水印（ad）" in out
    for name in {Path(d["path"]).name for d in contract}:
        assert name in out
    ids = set()
    for m in re.finditer(r'data-f="([\d ]+)"', out):
        ids.update(int(x) for x in m.group(1).split())
    assert ids == set(range(1, len(contract) + 1))
    assert len(re.findall(r'<div class="note ', out)) == len(contract)


def test_statistics_table_and_json(capsys):
    contract = json_findings(capsys, SEEDS)
    code, out, _ = run(capsys, "--statistics", SEEDS)
    lines = out.splitlines()
    assert code == 1 and lines[0].split() == ["数量", "代码", "规则名", "类别", "级别", "可修复"]
    counts = {}
    for d in contract:
        counts[d["code"]] = counts.get(d["code"], 0) + 1
    body = {ln.split()[1]: int(ln.split()[0]) for ln in lines[1:-1]}
    assert body == counts
    assert lines[-1] == f"合计 {len(contract)} 个问题，{len(counts)} 条规则。"
    stats = json.loads(run(capsys, "--statistics", "--format", "json", SEEDS)[1])
    assert {s["code"]: s["count"] for s in stats} == counts
    assert [s["count"] for s in stats] == sorted((s["count"] for s in stats), reverse=True)


def test_output_file(capsys, tmp_path):
    target = tmp_path / "结果.json"
    code, out, _ = run(capsys, "--format", "json", "-o", target, SEEDS)
    assert code == 1 and out == ""
    assert target.read_text(encoding="utf-8") == run(capsys, "--format", "json", SEEDS)[1]
    code, _, err = run(capsys, "-o", tmp_path / "无此目录" / "x.txt", SEEDS)
    assert code == 2 and "无法写入输出文件" in err


def test_text_plain_path_prints_what_rich_prints():
    """Without colour the text format skips rich's rendering; the bytes must not change."""
    import io

    from rich.console import Console

    from sumlint.reporters import text_format

    from sumlint.config import Config, select_rules
    from sumlint.engine import RunContext, lint_targets
    from sumlint.discovery import discover
    from sumlint.ruleset import load_rules
    cfg = Config()
    results = list(lint_targets(discover([str(SEEDS)], cfg), select_rules(load_rules(), cfg),
                                RunContext(cfg)))
    odd = Diagnostic(path="a\tb.txt", line=1, column=3, end_line=1, end_column=5, code="SL999",
                     name="demo", category="typo", severity="warning",
                     message="制表\t符\r回车\x07响铃 \x1b[31m")
    results.append(FileResult("a\tb.txt", diagnostics=[odd], lines={1: "甲\t乙XX\x07丙\t" * 30}))
    fast = io.StringIO()
    text_format.report(results, fast, None)
    slow = io.StringIO()
    console = Console(file=slow, color_system=None, force_terminal=False, highlight=False,
                      emoji=False, markup=False, width=10_000, no_color=True)
    for result in sorted(results, key=lambda r: r.path):
        for d in sorted(result.diagnostics, key=lambda d: d.sort_key()):
            text_format.render_diagnostic(console, d, result.lines)
            console.print("", soft_wrap=True)
    console.print(text_format.summary_text(sorted(results, key=lambda r: r.path)), soft_wrap=True)
    assert fast.getvalue() == slow.getvalue()
    assert fast.getvalue().count("\n") > 500


def test_gitlab_code_quality_report(capsys):
    code, out, _ = run(capsys, "--format", "gitlab", SEEDS)
    issues = json.loads(out)
    contract = json_findings(capsys, SEEDS)
    assert code == 1 and len(issues) == len(contract)
    assert len({i["fingerprint"] for i in issues}) == len(issues)        # GitLab needs unique ones
    for issue, item in zip(issues, contract):
        assert issue["location"] == {"path": item["path"],
                                     "lines": {"begin": item["line"], "end": item["end_line"]}}
        assert issue["severity"] == {"error": "major", "warning": "minor",
                                         "info": "info"}[item["severity"]]
        assert issue["check_name"].startswith(item["code"] + " ")


def test_html_without_whole_text_shows_the_lines_it_has():
    """Results made without keep_text (another caller) still render: the kept lines, with gaps."""
    d = Diagnostic(path="a.txt", line=5, column=2, end_line=5, end_column=4, code="SL201",
                   name="unfilled-x", category="placeholder", severity="error",
                   message="占位符「XX」未替换")
    html = _render("html", [FileResult("a.txt", diagnostics=[d], lines={5: "在XX日报", 6: "下一行"})])
    assert '<span class="ln">5</span><div class="src">在<mark class="error" data-f="1"' in html
    assert '<span class="ln">6</span>' in html and '<span class="ln">4</span>' not in html
    assert html.count('<div class="gap">⋯</div>') == 1
