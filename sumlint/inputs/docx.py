"""Word .docx (also what WPS saves): the body's paragraphs and table cells, in document order.

The text handed to the Document has one line per Word paragraph (``w:p``), counting the
paragraphs inside tables in the order they appear (row by row, cell by cell, nested tables
inside their cell). So a finding's line N is the document's paragraph N. Lines that come from a
table carry a context such as "表格 2 第 3 行第 1 列".

Inside a paragraph, soft line breaks (Shift+Enter) and carriage returns become spaces so that
one paragraph stays one line. Deleted tracked changes are left out, inserted ones kept; text
boxes, headers, footers, footnotes and comments are not read.

python-docx is imported only when a .docx file is read.
"""

from __future__ import annotations

import io

from ..loading import LoadError

_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\v": " ", "\f": " ", "\u2028": " ",
                         "\u2029": " "})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes) -> tuple[str, dict[int, str]]:
    """(text with one line per paragraph, {1-based line: context}) of a .docx file's bytes."""
    if data.startswith(OLE_MAGIC):
        raise LoadError("这不是 .docx 文件，而是加密的文档或旧版 Word 二进制格式；"
                        "请在 Word 或 WPS 中取消密码或“另存为” .docx 后再检查")
    if not data.startswith(b"PK"):
        raise LoadError("无法读取 .docx 文件：文件已损坏或不是 Word 文档（不是 ZIP 格式）")
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - a dependency, but say what to do
        raise LoadError("读取 .docx 需要 python-docx：pip install python-docx") from None
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as exc:  # zipfile, lxml and python-docx all raise their own kinds
        raise LoadError(f"无法读取 .docx 文件：文件已损坏或不是 Word 文档（{type(exc).__name__}）"
                        ) from None
    walker = _Walker(qn)
    walker.block(body, None)
    return "\n".join(walker.lines), walker.contexts


class _Walker:
    def __init__(self, qn):
        self.P, self.TBL, self.SDT, self.SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), \
            qn("w:sdtContent")
        self.TR, self.TC, self.GRID_SPAN = qn("w:tr"), qn("w:tc"), qn("w:gridSpan")
        self.TC_PR, self.VAL = qn("w:tcPr"), qn("w:val")
        self.R, self.DEL, self.MOVE_FROM, self.TXBX = qn("w:r"), qn("w:del"), qn("w:moveFrom"), \
            qn("w:txbxContent")
        self.lines: list[str] = []
        self.contexts: dict[int, str] = {}
        self.tables = 0

    def block(self, parent, where: str | None) -> None:
        """Paragraphs and tables of a body, a table cell or a content control, in order."""
        for child in parent.iterchildren():
            if child.tag == self.P:
                self.lines.append(self.paragraph_text(child))
                if where:
                    self.contexts[len(self.lines)] = where
            elif child.tag == self.TBL:
                self.table(child, where)
            elif child.tag == self.SDT:
                for content in child.iterchildren(self.SDT_CONTENT):
                    self.block(content, where)

    def table(self, tbl, where: str | None) -> None:
        if where is None:
            self.tables += 1
            label = f"表格 {self.tables}"
        else:
            label = where + " 内嵌表格"
        for r, tr in enumerate(_children(tbl, self.TR, self.SDT, self.SDT_CONTENT), 1):
            column = 1
            for tc in _children(tr, self.TC, self.SDT, self.SDT_CONTENT):
                self.block(tc, f"{label} 第 {r} 行第 {column} 列")
                column += self._span(tc)

    def _span(self, tc) -> int:
        pr = tc.find(self.TC_PR)
        span = pr.find(self.GRID_SPAN) if pr is not None else None
        try:
            return max(1, int(span.get(self.VAL))) if span is not None else 1
        except (TypeError, ValueError):
            return 1

    def paragraph_text(self, p) -> str:
        parts = []
        for r in p.iter(self.R):
            if self._skipped(r, p):
                continue
            try:
                parts.append(r.text)       # python-docx's CT_R.text: w:t, w:tab, w:br …
            except AttributeError:         # pragma: no cover - a run not parsed as CT_R
                parts.append("".join(t.text or "" for t in r.iter() if t.tag.endswith("}t")))
        return "".join(parts).translate(_BREAKS)

    def _skipped(self, r, p) -> bool:
        """A run of deleted text, or of a text box anchored in the paragraph."""
        node = r.getparent()
        while node is not None and node is not p:
            if node.tag in (self.DEL, self.MOVE_FROM, self.TXBX):
                return True
            node = node.getparent()
        return False


def _children(parent, tag, sdt, sdt_content):
    """Children with ``tag``, looking through content controls (w:sdt) that wrap them."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == sdt:
            for content in child.iterchildren(sdt_content):
                yield from _children(content, tag, sdt, sdt_content)
