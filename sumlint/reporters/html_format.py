"""``--format html``: one standalone HTML report for people who do not use terminals.

    sumlint 材料/ --format html -o 检查报告.html

A summary by category and by file, then every document with findings, shown line by line with
each finding highlighted in place (``<mark data-f="3">``) and its message beside the line. No
scripts, fonts or images from elsewhere: the file can be mailed or opened offline. Everything
from documents and messages is escaped.

The whole text comes from ``FileResult.text``, which the engine keeps only when this format is
asked for; without it (a result made elsewhere) only the lines with findings are shown.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from html import escape
from typing import NamedTuple

from .. import __version__
from ..diagnostics import CATEGORIES, SEVERITIES, SEVERITY_NAMES, SORT_KEY
from .text_format import summary_text

ORDER = ("error", "warning", "info")

CSS = """
:root { --err:#c62828; --warn:#b26a00; --info:#1565c0; --err-bg:#ffd7d5; --warn-bg:#ffe9b3;
        --info-bg:#d6e6ff; --line:#e4e4e4; --muted:#6b6b6b; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.6 -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
       "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #222;
       background: #f6f6f4; }
header, main { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; }
.meta { color: var(--muted); margin: 0 0 8px; }
.total { font-size: 16px; }
.summary { display: flex; flex-wrap: wrap; gap: 24px; }
.summary > div { flex: 1 1 380px; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
th { background: #efefeb; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #0b57d0; text-decoration: none; }
a:hover { text-decoration: underline; }
.doc { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 28px; }
.doc > h2 { margin: 0; padding: 10px 16px; border-bottom: 1px solid var(--line); font-size: 17px;
            word-break: break-all; }
.doc > h2 small { color: var(--muted); font-weight: normal; margin-left: 8px; }
.row { display: grid; grid-template-columns: 4.5em minmax(0, 3fr) minmax(16em, 2fr);
       border-bottom: 1px solid #f1f1f1; }
.row.hit { background: #fffdf6; }
.ln { color: var(--muted); text-align: right; padding: 2px 10px 2px 0; user-select: none;
      font-variant-numeric: tabular-nums; }
.src { white-space: pre-wrap; word-break: break-all; padding: 2px 12px 2px 0; }
.notes { padding: 2px 10px; border-left: 1px solid var(--line); }
.gap { color: var(--muted); padding: 2px 16px; }
mark { background: var(--warn-bg); color: inherit; border-bottom: 2px solid var(--warn);
       padding: 0; }
mark.error { background: var(--err-bg); border-color: var(--err); }
mark.info { background: var(--info-bg); border-color: var(--info); }
mark.point::after { content: "▲"; font-size: 10px; vertical-align: sub; color: var(--warn); }
mark.point.error::after { color: var(--err); }
mark.point.info::after { color: var(--info); }
.note { margin: 2px 0 6px; font-size: 13.5px; border-left: 3px solid var(--warn);
        padding-left: 8px; }
.note.error { border-color: var(--err); }
.note.info { border-color: var(--info); }
.note:target { background: #fff3c4; }
.badge { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 3px; color: #fff;
         background: var(--warn); margin-right: 4px; }
.badge.error { background: var(--err); }
.badge.info { background: var(--info); }
.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px;
        color: #444; margin-right: 4px; }
.cat { color: var(--muted); font-size: 12.5px; }
.fixable { color: #2e7d32; font-size: 12.5px; margin-left: 4px; }
.error-file { color: var(--err); }
.clean { color: #2e7d32; }
footer { color: var(--muted); text-align: center; padding: 24px; font-size: 13px; }
@media (max-width: 800px) { .row { grid-template-columns: 3em minmax(0, 1fr); }
  .notes { grid-column: 2; border-left: 0; } }
@media print { body { background: #fff; } .doc { break-inside: auto; } }
"""


def _e(value) -> str:
    return escape(str(value), quote=True)


def _worst(severities) -> str:
    return max(severities, key=SEVERITIES.index)


class Span(NamedTuple):
    start: int          # 0-based columns in the line, end exclusive
    end: int
    index: int          # the finding's number in the report
    severity: str
    label: str          # "SL201 message", shown on hover


def _line_spans(findings, number: int, length: int) -> list[Span]:
    """Spans of the findings that touch line ``number``."""
    spans = []
    for index, d in findings:
        if not d.line <= number <= d.end_line:
            continue
        start = d.column - 1 if number == d.line else 0
        end = d.end_column - 1 if number == d.end_line else length
        start = min(start, length)
        spans.append(Span(start, min(max(end, start), length), index, d.severity,
                          f"{d.code} {d.message}"))
    return spans


def _mark(classes: str, spans: list[Span], inner: str = "") -> str:
    ids = " ".join(str(s.index) for s in spans)
    title = "\n".join(s.label for s in spans)
    return f'<mark class="{classes}" data-f="{ids}" title="{_e(title)}">{inner}</mark>'


def render_line(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with every span wrapped in marks; overlapping spans are cut into pieces
    that each name all findings covering them (``data-f="2 5"``); empty spans are points."""
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out = []
    for k, a in enumerate(cuts):
        points = [s for s in spans if s.start == s.end == a]
        if points:
            out.append(_mark(f"point {_worst(s.severity for s in points)}", points))
        if k + 1 == len(cuts):
            break
        b = cuts[k + 1]
        piece = _e(text[a:b])
        covering = [s for s in spans if s.start <= a and b <= s.end and s.start < s.end]
        out.append(_mark(_worst(s.severity for s in covering), covering, piece)
                   if covering else piece)
    return "".join(out)


def _note(index: int, d) -> str:
    fixable = '<span class="fixable">可自动修复</span>' if d.fix is not None else ""
    span = (f'<span class="cat">（第 {d.line}–{d.end_line} 行）</span>'
            if d.end_line > d.line else "")
    return (f'<div class="note {d.severity}" id="f-{index}">'
            f'<span class="badge {d.severity}">{_e(SEVERITY_NAMES[d.severity])}</span>'
            f'<span class="code">{_e(d.code)}</span><span class="cat">{_e(CATEGORIES[d.category])}'
            f"</span>{fixable}{span}<div>{_e(d.message)}</div></div>")


def render_document(result, findings, anchor: str) -> str:
    """One document: every line (or, without the text, the lines with findings)."""
    if result.text is not None:
        lines = dict(enumerate(result.text.split("\n"), 1))
    else:
        lines = dict(result.lines)
        for _, d in findings:
            lines.setdefault(d.line, "")
    by_line: dict[int, list] = {}
    for index, d in findings:
        by_line.setdefault(d.line, []).append((index, d))
    counts = Counter(d.severity for _, d in findings)
    parts = [f'<section class="doc" id="{anchor}"><h2>{_e(result.path)}<small>'
             + "，".join(f"{SEVERITY_NAMES[s]} {counts[s]}" for s in ORDER if counts[s])
             + "</small></h2>"]
    previous = 0
    for number in sorted(lines):
        if number != previous + 1:
            parts.append('<div class="gap">⋯</div>')
        previous = number
        text = lines[number]
        spans = _line_spans(findings, number, len(text))
        notes = "".join(_note(i, d) for i, d in by_line.get(number, []))
        parts.append(f'<div class="row{" hit" if spans else ""}"><span class="ln">{number}</span>'
                     f'<div class="src">{render_line(text, spans)}</div>'
                     f'<div class="notes">{notes}</div></div>')
    parts.append("</section>")
    return "\n".join(parts)


def _summary_tables(results, numbered) -> str:
    by_category: dict[str, Counter] = {}
    for _, d in numbered:
        by_category.setdefault(d.category, Counter())[d.severity] += 1
    head = "".join(f"<th>{SEVERITY_NAMES[s]}</th>" for s in ORDER)
    cat_rows = "".join(
        f"<tr><td>{_e(CATEGORIES[c])}（{_e(c)}）</td>"
        + "".join(f'<td class="n">{n[s] or ""}</td>' for s in ORDER)
        + f'<td class="n">{sum(n.values())}</td></tr>'
        for c, n in sorted(by_category.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])))
    file_rows = []
    for i, r in enumerate(results):
        counts = Counter(d.severity for d in r.diagnostics)
        if r.error:
            name, cells = f'<span class="error-file">{_e(r.path)}</span>', \
                f'<td colspan="4" class="error-file">无法检查：{_e(r.error)}</td>'
        else:
            name = f'<a href="#doc-{i}">{_e(r.path)}</a>' if r.diagnostics else _e(r.path)
            cells = "".join(f'<td class="n">{counts[s] or ""}</td>' for s in ORDER) + (
                f'<td class="n">{len(r.diagnostics)}</td>' if r.diagnostics
                else '<td class="n clean">无问题</td>')
        file_rows.append(f"<tr><td>{name}</td>{cells}</tr>")
    return ('<div class="summary"><div><h2>按类别</h2><table><tr><th>类别</th>' + head
            + "<th>合计</th></tr>" + (cat_rows or '<tr><td colspan="5">无</td></tr>')
            + '</table></div><div><h2>按文件</h2><table><tr><th>文件</th>' + head
            + "<th>合计</th></tr>" + "".join(file_rows) + "</table></div></div>")


def build(results) -> str:
    results = sorted(results, key=lambda r: r.path)
    numbered, per_file = [], []
    for r in results:
        findings = [(len(numbered) + k + 1, d)
                    for k, d in enumerate(sorted(r.diagnostics, key=SORT_KEY))]
        numbered.extend(findings)
        per_file.append(findings)
    documents = [render_document(r, findings, f"doc-{i}")
                 for i, (r, findings) in enumerate(zip(results, per_file)) if findings]
    stamp = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="sumlint">',
        f"<title>sumlint 检查报告</title><style>{CSS}</style></head><body>",
        "<header><h1>sumlint 公文检查报告</h1>",
        f'<p class="total">{_e(summary_text(results))}</p>',
        f'<p class="meta">生成时间 {_e(stamp)} · sumlint {_e(__version__)} · '
        "将鼠标移到标记上或查看右侧说明</p></header><main>",
        _summary_tables(results, numbered),
        '<h2>逐篇查看</h2>' if documents else "",
        *documents,
        "</main><footer>sumlint：检查工作总结、情况汇报等公文中的水印、占位符、年份、重复等问题</footer>",
        "</body></html>",
    ]) + "\n"


def report(results, out, options) -> None:
    out.write(build(list(results)))
