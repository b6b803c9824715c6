"""Rule packs: TOML files of ``[[rules]]`` → validated Rule objects with their check attached.

Every problem in a pack is one RuleError naming the file, the line of the rule, its code and
the key, so that a user's own pack is as easy to mend as a compiler error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import RuleError, get_kind
from .checks.base import Check, check_type
from .config import toml
from .diagnostics import CATEGORIES, SEVERITIES
from .loading import suffix_of

COMMON_KEYS = {"code", "name", "category", "kind", "severity", "message", "explain", "fix",
               "examples", "default", "suffixes"}
REQUIRED_KEYS = ("code", "name", "category", "kind", "message")
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3,4}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9-]*$")
PACK_KEYS = {"rules", "meta"}


@dataclass
class Rule:
    code: str
    name: str
    category: str
    kind: str
    severity: str
    message: str
    explain: str
    fix: str | None
    default: bool
    examples: list[tuple[str, str]]          # ("bad" | "good", text)
    suffixes: tuple[str, ...]                # file types the rule runs on; () = all
    options: dict[str, Any]
    source: str
    line: int | None
    check: Check | None = field(default=None, repr=False)

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    def applies_to(self, path: str) -> bool:
        """Whether the rule runs on this file type (a path without suffix counts as .txt)."""
        if not self.suffixes:
            return True
        suffix = suffix_of(path) or ".txt"
        return suffix in self.suffixes


def builtin_rules_dir() -> Path:
    """rules/ inside the installed package (wheel), else the checkout's top-level rules/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError("找不到内置规则目录 rules/（安装不完整？）")


def builtin_pack_paths() -> list[Path]:
    return sorted(builtin_rules_dir().glob("*.toml"))


def _rule_lines(source: str) -> list[int]:
    """1-based line numbers of each ``[[rules]]`` header, in order."""
    return [i + 1 for i, text in enumerate(source.splitlines())
            if text.strip().startswith("[[rules]]")]


def _toml_error(exc: Exception) -> tuple[int | None, str]:
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
    return (int(m.group(1)) if m else None), f"TOML 语法错误：{reason}"


def load_pack(path: str | Path) -> list[Rule]:
    """Read and validate one pack; raise RuleError on the first problem."""
    path = Path(path)
    shown = str(path)
    try:
        source = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RuleError("规则文件不存在", path=shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"无法读取规则文件：{exc}", path=shown) from None
    tomllib = toml()
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line, reason = _toml_error(exc)
        raise RuleError(reason, path=shown, line=line) from None
    unknown = set(data) - PACK_KEYS
    if unknown:
        raise RuleError(f"未知的顶层键：{', '.join(sorted(unknown))}（规则应写在 [[rules]] 中）",
                        path=shown)
    tables = data.get("rules", [])
    if not isinstance(tables, list):
        raise RuleError("rules 应为 [[rules]] 表数组", path=shown, key="rules")
    lines = _rule_lines(source)
    rules = []
    for i, table in enumerate(tables):
        line = lines[i] if i < len(lines) else None
        code = table.get("code", "") if isinstance(table, dict) else ""
        try:
            rules.append(build_rule(table, shown, line))
        except RuleError as exc:
            raise exc.located(shown, line, code if isinstance(code, str) else "") from None
    return rules


def build_rule(table: dict, source: str, line: int | None) -> Rule:
    for key in REQUIRED_KEYS:
        if key not in table:
            raise RuleError("缺少必需的键", key=key)
    for key in ("code", "name", "category", "kind", "message"):
        if not isinstance(table[key], str) or not table[key].strip():
            raise RuleError("应为非空字符串", key=key)
    code, name = table["code"], table["name"]
    if not CODE_RE.match(code):
        raise RuleError(f"规则代码 {code!r} 格式不对（应如 SL101）", key="code")
    if not NAME_RE.match(name):
        raise RuleError(f"规则名 {name!r} 应为小写英文字母、数字和连字符", key="name")
    if table["category"] not in CATEGORIES:
        raise RuleError(f"未知的类别 {table['category']!r}；可用：{', '.join(CATEGORIES)}",
                        key="category")
    severity = table.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"未知的严重级别 {severity!r}；可用：error、warning、info", key="severity")
    check_cls = get_kind(table["kind"])
    allowed = COMMON_KEYS | set(check_cls.OPTIONS)
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RuleError(f"未知的键（检查类型 {table['kind']} 支持：{', '.join(sorted(check_cls.OPTIONS)) or '无'}）",
                        key=unknown[0])
    fix = table.get("fix")
    if fix is not None and (not isinstance(fix, str) or fix not in check_cls.FIXES):
        allowed_fixes = "、".join(check_cls.FIXES) or "无"
        raise RuleError(f"不支持的修复方式 {fix!r}（此类型支持：{allowed_fixes}）", key="fix")
    for key in ("explain",):
        if key in table and not isinstance(table[key], str):
            raise RuleError("应为字符串", key=key)
    if "default" in table and not isinstance(table["default"], bool):
        raise RuleError("应为 true 或 false", key="default")
    examples = _examples(table.get("examples", []))
    suffixes = table.get("suffixes", [])
    if not isinstance(suffixes, list) or not all(isinstance(x, str) and x.startswith(".")
                                                 for x in suffixes):
        raise RuleError("应为文件后缀数组，如 [\".txt\", \".docx\"]", key="suffixes")
    options = {}
    for key, opt in check_cls.OPTIONS.items():
        if key in table:
            options[key] = check_type(table[key], opt, key)
        elif opt.required:
            raise RuleError("缺少必需的键", key=key)
        else:
            options[key] = opt.default
    rule = Rule(code=code, name=name, category=table["category"], kind=table["kind"],
                severity=severity, message=table["message"], explain=table.get("explain", ""),
                fix=fix, default=table.get("default", True), examples=examples,
                suffixes=tuple(x.lower() for x in suffixes),
                options=options, source=source, line=line)
    rule.check = check_cls(rule, options)
    return rule


def _examples(value: Any) -> list[tuple[str, str]]:
    if not isinstance(value, list):
        raise RuleError("应为 [[rules.examples]] 表数组", key="examples")
    out = []
    for item in value:
        if not isinstance(item, dict) or not set(item) <= {"bad", "good"} or not item:
            raise RuleError("每个示例只能含 bad 和/或 good 两个键", key="examples")
        for which in ("bad", "good"):
            if which in item:
                if not isinstance(item[which], str):
                    raise RuleError(f"{which} 示例应为字符串", key="examples")
                out.append((which, item[which]))
    return out


def load_rules(extra: list[str | Path] = (), builtin: bool = True) -> list[Rule]:
    """All built-in packs plus the user's, with codes and names unique across them.

    Each pack comes from the per-user pack cache when it is unchanged since it was last
    validated (``packcache``); otherwise it is read and validated by ``load_pack``."""
    from .packcache import load_pack_cached
    paths = (builtin_pack_paths() if builtin else []) + [Path(p) for p in extra]
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for path in paths:
        for rule in load_pack_cached(path, load_pack):
            if rule.code in seen:
                other = seen[rule.code]
                raise RuleError(f"规则代码重复，已在 {other.source}:{other.line} 定义",
                                path=rule.source, line=rule.line, code=rule.code, key="code")
            if rule.name in names:
                other = names[rule.name]
                raise RuleError(f"规则名 {rule.name!r} 重复，已在 {other.source}:{other.line} 定义",
                                path=rule.source, line=rule.line, code=rule.code, key="name")
            seen[rule.code] = names[rule.name] = rule
            rules.append(rule)
    return rules
