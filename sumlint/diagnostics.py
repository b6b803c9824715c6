"""Diagnostics and fixes: what a check found, where, and how it could be mended."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

CATEGORIES = {
    "ad": "广告水印",
    "placeholder": "未填占位符",
    "year": "年份时间",
    "section": "结构章节",
    "numbering": "序号编号",
    "duplicate": "重复内容",
    "typo": "错别字",
    "punctuation": "标点符号",
    "consistency": "前后一致",
    "artifact": "转换残留",
}

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``replacement`` (offsets into Document.text)."""
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    """What a check reports: a span of the document and the words for it.

    The engine turns findings into Diagnostics by adding the rule's identity and positions.
    """
    start: int
    end: int
    message: str
    fix: Fix | None = None
    severity: str | None = None     # overrides the rule's severity when set


#: a Diagnostic's place in reports, as a C-level key function (reports sort tens of thousands)
SORT_KEY = attrgetter("path", "line", "column", "code", "end_line", "end_column", "message")


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str = field(compare=False)
    category: str = field(compare=False)
    severity: str = field(compare=False)
    message: str = field(compare=False)
    fix: Fix | None = field(default=None, compare=False)
    start: int = field(default=0, compare=False)     # offsets, for fixes and baselines
    end: int = field(default=0, compare=False)
    matched: str = field(default="", compare=False)
    # the fix's edits as (line, column, end_line, end_column, replacement), 1-based like the rest
    fix_positions: tuple = field(default=(), compare=False)
    # where in the file, for formats whose lines are not enough (.docx: "表格 2 第 3 行第 1 列")
    context: str = field(default="", compare=False)

    def sort_key(self) -> tuple:
        return SORT_KEY(self)

    def to_dict(self) -> dict:
        """The JSON output contract of DESIGN.md (plus "context" when there is one)."""
        out = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "fix": None if self.fix is None else {
                "description": self.fix.description,
                "edits": [{"line": a, "column": b, "end_line": c, "end_column": d,
                           "replacement": r} for a, b, c, d, r in self.fix_positions],
            },
        }
        if self.context:
            out["context"] = self.context
        return out
