"""Markdown: hide what is not prose, keep every position.

Front matter, fenced and indented code blocks, inline code and HTML comments are replaced by
spaces (newlines kept), so that the text handed to the Document has the same length, lines and
columns as the file: a finding's line and column are those of the original. The rules of
CommonMark are followed where they matter for Chinese prose (an indented code block cannot
interrupt a paragraph; an indented line inside a list is list content, not code; a paragraph
indented with full-width spaces is prose), with one deliberate exception: an indented line that
is mostly Chinese is prose, not code (paragraphs pasted from Word are often indented with four
ASCII spaces).

Control comments (``<!-- sumlint-disable SL101 -->`` …) are read from the comments before they are
hidden and returned as Directives; applying them is the engine's business.
"""

from __future__ import annotations

import re

from . import Directive

_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]|$)")
_FRONT_MATTER = re.compile(r"(---|\+\+\+)[ \t]*\n")
_INLINE = re.compile(r"\\`|`+|<!--")
_DIRECTIVE = re.compile(r"\s*sumlint-([A-Za-z][A-Za-z-]*)")
_CODE_WORD = re.compile(r"[^\s,，、]+")
_BLANK_RE = re.compile(r"[^\n]")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_PARAGRAPH_END = re.compile(r"\n[ \t]*(?:\n|$)")


def _indent_width(line: str) -> int:
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _chinese_prose(line: str) -> bool:
    """A line that is mostly Chinese: a paragraph indented with ASCII spaces, as text pasted from
    Word often is, not code (CommonMark would make it an indented code block; for documents this
    is the costlier mistake: a whole summary would go unchecked)."""
    body = [ch for ch in line if not ch.isspace()]
    cjk = _CJK.findall(line)
    return bool(body) and len(cjk) * 2 >= len(body)


def _front_matter_end(text: str) -> int:
    m = _FRONT_MATTER.match(text)
    if not m:
        return 0
    closing = re.compile(rf"^(?:{re.escape(m.group(1))}|\.\.\.)[ \t]*$", re.MULTILINE)
    c = closing.search(text, m.end())
    return c.end() if c else 0


def _paragraph_end(text: str, pos: int) -> int:
    m = _PARAGRAPH_END.search(text, pos)
    return m.start() if m else len(text)


def mask(text: str) -> tuple[str, tuple[Directive, ...]]:
    """(text with non-prose blanked, control comments). ``text`` has ``\\n`` newlines only."""
    spans: list[tuple[int, int]] = []
    comments: list[tuple[int, int]] = []
    pos = _front_matter_end(text)
    if pos:
        spans.append((0, pos))
    fence: tuple[str, int] | None = None
    prev = "start"            # start | blank | prose | code
    in_list = False
    line_start = 0
    n = len(text)
    while line_start <= n:
        nl = text.find("\n", line_start)
        line_end = n if nl < 0 else nl
        next_start = line_end + 1
        if line_end < pos:                       # covered by a span already (comment, code)
            line_start = next_start
            continue
        line = text[line_start:line_end]
        at_line_start = pos <= line_start
        if fence is not None:
            stripped = line.strip()
            if (stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1]
                    and _indent_width(line) < 4):
                fence = None
            spans.append((line_start, line_end))
            pos, line_start = next_start, next_start
            prev = "code"
            continue
        if at_line_start:
            if not line.strip():
                prev = "blank"
                pos, line_start = next_start, next_start
                continue
            m = _FENCE_OPEN.fullmatch(line)
            if m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
                fence = (m.group(1)[0], len(m.group(1)))
                spans.append((line_start, line_end))
                pos, line_start = next_start, next_start
                prev = "code"
                continue
            if (_indent_width(line) >= 4 and prev in ("start", "blank", "code")
                    and not in_list and not _chinese_prose(line)):
                spans.append((line_start, line_end))
                pos, line_start = next_start, next_start
                prev = "code"
                continue
            if _LIST_ITEM.match(line):
                in_list = True
            elif prev in ("blank", "start", "code") and _indent_width(line) == 0:
                in_list = False
            prev = "prose"
        # inline scanning from pos to the end of this line (a span may run further)
        scan = max(pos, line_start)
        while True:
            m = _INLINE.search(text, scan, line_end)
            if not m:
                pos = next_start
                break
            token = m.group(0)
            if token == "\\`":
                scan = m.end()
                continue
            if token == "<!--":
                close = text.find("-->", m.end())
                if close >= 0:
                    end = close + 3
                elif text[line_start:m.start()].strip(" ") == "":
                    end = n                       # an unclosed comment block runs to the end
                else:
                    scan = m.end()
                    continue
                spans.append((m.start(), end))
                comments.append((m.start(), end))
            else:                                 # a run of backticks: find its twin
                limit = _paragraph_end(text, m.end())
                twin = re.compile(rf"(?<!`){token}(?!`)").search(text, m.end(), limit)
                if not twin:
                    scan = m.end()
                    continue
                end = twin.end()
                spans.append((m.start(), end))
            if end > line_end:
                pos = end
                break
            scan = end
        line_start = next_start
    return _blank(text, spans), tuple(_directives(text, comments))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, last = [], 0
    for a, b in sorted(spans):
        a = max(a, last)
        if b <= a:
            continue
        out.append(text[last:a])
        out.append(_BLANK_RE.sub(" ", text[a:b]))
        last = b
    out.append(text[last:])
    return "".join(out)


def _directives(text: str, comments: list[tuple[int, int]]):
    for a, b in comments:
        inner_start = a + 4
        inner_end = b - 3 if text.endswith("-->", a, b) and b - 3 >= inner_start else b
        m = _DIRECTIVE.match(text, inner_start, inner_end)
        if not m:
            continue
        reason = text.find("--", m.end(), inner_end)      # "-- why" after the codes
        codes_end = reason if reason >= 0 else inner_end
        codes = tuple((w.group(0), w.start(), w.end())
                      for w in _CODE_WORD.finditer(text, m.end(), codes_end))
        yield Directive(m.group(1), text.count("\n", 0, a), text.count("\n", 0, max(a, b - 1)),
                        a, b, codes, m.start(1), m.end(1))
