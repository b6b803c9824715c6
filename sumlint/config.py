"""User configuration: ``[tool.sumlint]`` in pyproject.toml or a sumlint.toml, found upward.

Keys use kebab-case like ruff's. Relative paths in a config file are relative to its folder.
"""

from __future__ import annotations

import fnmatch
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import CATEGORIES, SEVERITIES
from .loading import DEFAULT_MAX_FILE_SIZE


def toml():
    """tomllib (tomli before Python 3.11), imported on first use: a run with no configuration
    file whose rule packs come from the pack cache parses no TOML, and the import is ~4 ms of
    a one-file run's start-up."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib

CONFIG_NAMES = ("sumlint.toml", ".sumlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration that cannot be used; str() is a one-line Chinese message."""


# key: (type, description)
KEYS: dict[str, tuple[Any, str]] = {
    "select": (list, "只启用这些规则（代码、代码前缀、规则名或类别）"),
    "extend-select": (list, "在默认规则之外再启用这些规则"),
    "ignore": (list, "不启用这些规则"),
    "extend-rules": (list, "用户自己的规则文件（TOML）"),
    "exclude": (list, "跳过的文件或目录（glob）"),
    "per-file-ignores": (dict, "按文件忽略规则：{ \"glob\" = [\"SL201\"] }"),
    "allow": (list, "永不报告的词语（如单位真实名称中含 X）"),
    "fail-on": (str, "达到此级别即以 1 退出：error、warning、info"),
    "profile": (str, "文档类型（annual、interim、report、debrief、plan 或自定义），none 不检查必备部分"),
    "year": (int, "文档所属年份（默认从标题推断）"),
    "period": (str, "文档所属时段（默认从标题推断）"),
    "cross-file": (bool, "启用跨文件重复检查"),
    "max-file-size": (int, "单个文件大小上限（字节）"),
    "rule-timeout": (float, "单条规则在单个文件上的运行时间上限（秒，0 表示不限）"),
}


@dataclass
class Config:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    extend_rules: list[Path] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    allow: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    profile: str | None = None
    year: int | None = None
    period: str | None = None
    cross_file: bool = False
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    rule_timeout: float = 10.0
    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None

    # ------------------------------------------------------------- file matching
    def relative(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def _globs_match(self, globs: list[str], path: Path) -> bool:
        rel = self.relative(path)
        parts = rel.split("/")
        for glob in globs:
            glob = glob.rstrip("/")
            if fnmatch.fnmatch(rel, glob) or fnmatch.fnmatch(path.name, glob):
                return True
            # a folder glob excludes everything below it
            if any(fnmatch.fnmatch("/".join(parts[:i]), glob) for i in range(1, len(parts))):
                return True
        return False

    def is_excluded(self, path: Path) -> bool:
        return bool(self.exclude) and self._globs_match(self.exclude, path)

    def ignores_for(self, path: Path) -> list[str]:
        out: list[str] = []
        for glob, selectors in self.per_file_ignores.items():
            if self._globs_match([glob], path):
                out.extend(selectors)
        return out


def _key_line(source: str, key: str) -> int | None:
    for i, text in enumerate(source.splitlines()):
        if re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", text):
            return i + 1
    return None


def parse_config(data: dict, path: Path | None, source: str = "") -> Config:
    """Validate a ``[tool.sumlint]`` table (or a sumlint.toml's top level)."""
    shown = str(path) if path else "<配置>"

    def fail(key: str, reason: str) -> ConfigError:
        line = _key_line(source, key) if source else None
        where = f"{shown}:{line}" if line else shown
        return ConfigError(f"{where}：配置项 “{key}”：{reason}")

    root = path.parent if path else Path.cwd()
    cfg = Config(root=root, source=path)
    for key, value in data.items():
        if key not in KEYS:
            raise fail(key, "未知的配置项；可用：" + "、".join(KEYS))
        expected, _ = KEYS[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected is int and (isinstance(value, bool) or not isinstance(value, int)) \
                or expected is not int and not isinstance(value, expected):
            raise fail(key, f"类型不对（应为 {expected.__name__}）")
        if expected is list and not all(isinstance(v, str) for v in value):
            raise fail(key, "每一项都应为字符串")
        attr = key.replace("-", "_")
        if key == "extend-rules":
            value = [(root / v) for v in value]
        elif key == "per-file-ignores":
            for glob, selectors in value.items():
                if not isinstance(selectors, list) or not all(isinstance(s, str) for s in selectors):
                    raise fail(key, f"“{glob}” 的值应为字符串数组")
        elif key == "fail-on" and value not in SEVERITIES:
            raise fail(key, "应为 error、warning 或 info")
        elif key in ("max-file-size", "rule-timeout") and value < 0:
            raise fail(key, "不能为负数")
        setattr(cfg, attr, value)
    return cfg


def read_config_file(path: Path) -> Config:
    tomllib = toml()
    try:
        source = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"{path}：无法读取配置文件：{exc.strerror or exc}") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}：TOML 语法错误：{exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("sumlint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}：[tool.sumlint] 应为表")
    return parse_config(data, path.resolve(), source)


def _has_sumlint_table(path: Path) -> bool:
    tomllib = toml()
    try:
        return "sumlint" in tomllib.loads(path.read_text(encoding="utf-8-sig")).get("tool", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return "[tool.sumlint" in path.read_text(encoding="utf-8", errors="replace")


def find_config(start: Path) -> Path | None:
    """The nearest sumlint.toml, .sumlint.toml or pyproject.toml with [tool.sumlint], upward."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = candidate_dir / name
            if candidate.is_file():
                if name != "pyproject.toml" or _has_sumlint_table(candidate):
                    return candidate
    return None


def load_config(explicit: str | None, paths: list[str]) -> Config:
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}：配置文件不存在")
        return read_config_file(path)
    anchor = Path(paths[0]) if paths and paths[0] != "-" else Path.cwd()
    if not anchor.exists():
        anchor = Path.cwd()
    found = find_config(anchor)
    return read_config_file(found) if found else Config()


# ---------------------------------------------------------------- rule selection
def selector_matches(selector: str, rule) -> bool:
    if selector == "ALL":
        return True
    if selector in (rule.code, rule.name, rule.category):
        return True
    return bool(re.fullmatch(r"[A-Z]+[0-9]*", selector)) and rule.code.startswith(selector)


def validate_selectors(selectors: list[str], rules, what: str) -> None:
    for s in selectors:
        if s not in CATEGORIES and not any(selector_matches(s, r) for r in rules):
            raise ConfigError(f"{what}：没有与 “{s}” 对应的规则、代码前缀或类别")


def select_rules(rules, cfg: Config) -> list:
    """Enabled rules: select (or each rule's default), plus extend-select, minus ignore."""
    def explicitly(selectors, rule):
        return any(s in (rule.code, rule.name) for s in selectors)

    out = []
    for rule in rules:
        if cfg.select is not None:
            on = any(selector_matches(s, rule) for s in cfg.select) and \
                (rule.default or explicitly(cfg.select, rule) or "ALL" in cfg.select)
        else:
            on = rule.default
        if not on and cfg.extend_select:
            on = any(selector_matches(s, rule) for s in cfg.extend_select) and \
                (rule.default or explicitly(cfg.extend_select, rule))
        if cfg.cross_file and rule.check is not None and rule.check.cross_file:
            on = True
        if on and any(selector_matches(s, rule) for s in cfg.ignore):
            on = False
        if on:
            out.append(rule)
    return out
