"""``sumlint rules`` (a table of all rules) and ``sumlint rule CODE`` (one rule explained)."""

from __future__ import annotations

import sys

from rich.table import Table
from rich.text import Text

from .diagnostics import CATEGORIES, SEVERITY_NAMES
from .reporters.text_format import make_console


def print_rules(rules, category: str | None, enabled) -> None:
    console = make_console(sys.stdout)
    enabled_codes = {r.code for r in enabled}
    table = Table(title="sumlint 规则", show_lines=False)
    for column in ("代码", "名称", "类别", "级别", "默认", "修复", "说明"):
        table.add_column(column, overflow="fold")
    for rule in sorted(rules, key=lambda r: r.code):
        if category and rule.category != category:
            continue
        table.add_row(rule.code, rule.name, CATEGORIES[rule.category], SEVERITY_NAMES[rule.severity],
                      "启用" if rule.code in enabled_codes else "关闭",
                      "可修复" if rule.fix else "",
                      (rule.explain.strip().splitlines() or [""])[0])
    console.print(table)


def print_rule(rule) -> None:
    console = make_console(sys.stdout)
    console.print(Text(f"{rule.code}  {rule.name}", style="bold"), soft_wrap=True)
    console.print(f"类别：{CATEGORIES[rule.category]}（{rule.category}）  级别：{SEVERITY_NAMES[rule.severity]}"
                  f"  检查类型：{rule.kind}  默认：{'启用' if rule.default else '关闭'}"
                  + (f"  自动修复：{rule.fix}" if rule.fix else ""), soft_wrap=True)
    console.print(f"定义于：{rule.source}:{rule.line}", soft_wrap=True)
    console.print("", soft_wrap=True)
    console.print(rule.explain.strip() or "（无说明）", soft_wrap=True)
    bad = [text for which, text in rule.examples if which == "bad"]
    good = [text for which, text in rule.examples if which == "good"]
    for title, items, mark in (("错误示例", bad, "✗"), ("正确示例", good, "✓")):
        if items:
            console.print("", soft_wrap=True)
            console.print(Text(title + "：", style="bold"), soft_wrap=True)
            for text in items:
                console.print(f"  {mark} " + text.strip().replace("\n", "\n    "), soft_wrap=True)
