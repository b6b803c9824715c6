"""The outline of a document: how its numbered headings really nest, and where a file that holds
several documents (a compilation, 篇1/篇2 …) starts each of them.

``build_outline(doc)`` is reached through ``Document.outline`` and ``Document.segments`` (cached).
It walks the headings once with a stack of open levels, one per marker *family* (一、 and 一． are
one family; （一） (一) ㈠ another; 1. 1、 1． another; （1） (1) ⑴ another; ① the last):

- a heading whose family is open continues that level (everything deeper closes);
- a heading of a new family opens a child level, unless its ordinal is the very next one of an
  open level (（三） expected, (3) written): then it is that level written in the wrong style;
- the sequence of each level is judged (``status``): ok, skip, repeat, back, restart (a new list
  at 1), start (a child level that begins past 1), first;
- at the top level a run that restarts at 一、 after an introduction paragraph, once the previous
  run reached 二 or more, begins a new document (``status = "document"``); so does a 篇1/范文二
  marker paragraph. Each document is a ``Segment``.

Headings whose text starts like a range (``2、3月份``, ``一、二季度``) are doubtful: they
are taken only where the sequence expects them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .numerals import cn_to_int
from .document import strip_lead
from .regexes import LazyRegex

if TYPE_CHECKING:  # pragma: no cover
    from .document import Document, Heading, Paragraph

FAMILIES = {
    "cn-dun": "cn", "cn-dot": "cn",
    "cn-paren-full": "cn-paren", "cn-paren-half": "cn-paren", "cn-paren-mixed": "cn-paren",
    "paren-cn": "cn-paren",
    "num-dot": "num", "num-fullstop": "num", "num-dun": "num",
    "num-paren-full": "num-paren", "num-paren-half": "num-paren", "num-paren-mixed": "num-paren",
    "paren-num": "num-paren",
    "circled": "circled",
}
#: GB/T 9704 place of each family: 一、 → （一） → 1. → （1） → ①
FAMILY_LEVEL = {"cn": 1, "cn-paren": 2, "num": 3, "num-paren": 4, "circled": 5}
#: how each family is written in its standard form, for messages
FAMILY_SAMPLE = {"cn": "一、", "cn-paren": "（一）", "num": "1.", "num-paren": "（1）", "circled": "①"}

# A paragraph that starts a new document in a compilation: 篇1 / 篇一 / 【篇二】 / 范文3 / 第2篇
DOCUMENT_MARKER_RE = LazyRegex(globals(), "DOCUMENT_MARKER_RE",
    r"[【\[]?(?:篇|范文)\s*[0-9０-９一二三四五六七八九十]{1,3}(?![0-9０-９])[】\]]?"
    r"|[【\[]?第\s*[0-9０-９一二三四五六七八九十]{1,3}\s*篇[】\]]?")
# A paragraph before a restart that shows the restart belongs to one document (part headers,
# attachments): numbering that restarts under 第二部分 or 附件 is not a second document.
_PART_RE = LazyRegex(globals(), "_PART_RE", r"第[一二三四五六七八九十0-9]{1,3}(?:部分|章|篇|节|编|条|款)|附\s*件|附\s*录|附\s*表|上篇|下篇|中篇")
# "2、3月份", "一、二季度": a range read as a heading; doubtful when the number after the marker is
# the very next one.
_RANGE_RE = LazyRegex(globals(), "_RANGE_RE",
    r"(?P<n>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*"
    r"(?:月|日|号|年|季度|个|项|条|次|名|人|家|批|位|所|期|天|周|岁|类|种|%|％)")
# "2、3月份组织…": the model does not take N、 before a digit as a heading (it is usually a range);
# inside a numbered list that expects N it is the list item all the same.
_LOOSE_ITEM_RE = LazyRegex(globals(), "_LOOSE_ITEM_RE", r"(?P<n>[0-9０-９]{1,2})[.．、](?=[0-9０-９])")
_SERIES_START_RE = LazyRegex(globals(), "_SERIES_START_RE", r"[一二三四五六七八九十]{1,2}(?:是|要|抓|靠|强化|坚持)|首先|其次|再次|最后|第[一二三四五六七八九十]")
# An introduction that leads into a list of the same document: 下一步，我们将重点抓好以下工作：
_LEAD_IN_RE = LazyRegex(globals(), "_LEAD_IN_RE",
    r"(?:下一步|今后|下半年|明年|来年|新的一年|(?:19|20)[0-9]{2}年)[^。]{0,40}"
    r"(?:以下|如下|重点|着力|主要)[^。]{0,30}[：:]$")
# What a whole document's title names (a part header such as “2024年工作思路” names none)
_DOC_TYPE_RE = LazyRegex(globals(), "_DOC_TYPE_RE", r"总结|汇报|报告|述职|述廉|讲话|发言")
_TITLE_END = "。；;，,：:！!？?"
_TITLE_WORDS = LazyRegex(globals(), "_TITLE_WORDS",
    r"总结|报告|汇报|计划|要点|方案|述职|述廉|讲话|发言|意见|通知|规划|打算|自查|剖析|材料|情况")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
# The characters these can open with: most paragraphs open with another one, which rules a
# match out without entering the regex (a test checks the sets are complete).
_MARKER_FIRST = frozenset("【[篇范第")
_LOOSE_FIRST = frozenset("0123456789０１２３４５６７８９")


class OutlineItem(NamedTuple):
    """A heading placed in the outline (NamedTuples, as the Document's records: built by the
    thousand, read only through their fields)."""
    heading: "Heading"
    depth: int               # 0 = the top level of its document
    family: str              # the family its marker belongs to
    level_family: str        # the family of the level it was placed at (differs: wrong style)
    expected: int | None     # the ordinal the level expected here (None: a level's first item)
    status: str              # ok | first | skip | repeat | back | restart | start | document
    parent: int | None       # index in Document.outline of the enclosing heading
    segment: int             # index in Document.segments


class Segment(NamedTuple):
    """One document of a file (the whole file when it holds one)."""
    index: int
    start: int               # offset of its first character
    end: int                 # offset after its last character
    first_paragraph: int
    title: "Paragraph | None"    # its own title line, when it has one
    title_span: tuple[int, int] | None   # where its title text is (may be part of a paragraph)
    reason: str              # first | marker | restart
    mark: tuple[int, int]    # span to point at when reporting this document's start


@dataclass
class _Level:
    family: str
    last: int
    item: int                # index of its last item in the outline
    paragraph: int           # paragraph index of that item
    parent: int | None


@dataclass
class _Boundary:
    paragraph: int
    reason: str
    mark_end: int | None = None      # end of the marker / restarting heading marker
    title: "Paragraph | None" = None
    title_span: tuple[int, int] | None = None


def _is_range(text: str, ordinal: int) -> bool:
    m = _RANGE_RE.match(text)
    if not m:
        return False
    n = m.group("n")
    value = int(n.translate(_FULLWIDTH)) if n[0] in "0123456789０１２３４５６７８９" else cn_to_int(n)
    return value == ordinal + 1


def _full_title(text: str, file_title: "Paragraph | None") -> bool:
    """A line that titles a whole document, not a part header repeated from the file's title."""
    if not _DOC_TYPE_RE.search(text) or len(text) < 8:
        return False
    return not (file_title is not None and text != file_title.text and text in file_title.text)


def _short_line(p: "Paragraph") -> bool:
    return 4 <= len(p.text) <= 60 and p.text[-1] not in _TITLE_END


def _looks_like_title(p: "Paragraph") -> bool:
    text = p.text
    return 4 <= len(text) <= 60 and text[-1] not in _TITLE_END and bool(_TITLE_WORDS.search(text))


def _tail_title(doc: "Document", p: "Paragraph") -> tuple[int, int] | None:
    """A title glued to the end of the previous piece of a one-line extraction."""
    tail_start = p.start
    for m in re.finditer(r"[。！？!?]", p.text):
        tail_start = p.start + m.end()
    tail = doc.text[tail_start:p.end].strip()
    if tail_start > p.start and 4 <= len(tail) <= 50 and _TITLE_WORDS.search(tail):
        offset = doc.text.index(tail, tail_start)
        return offset, offset + len(tail)
    return None


def build_outline(doc: "Document") -> tuple[list[OutlineItem], list[Segment]]:
    paras = doc.paragraphs
    by_para = {h.paragraph: h for h in doc.headings}
    items: list[OutlineItem] = []
    boundaries: list[_Boundary] = []
    stack: list[_Level] = []
    closed: dict[tuple[str, int], int] = {}     # (family, depth) → last ordinal of a closed level
    seg = 0
    headings_in_segment = 0

    def close_from(i: int) -> None:
        for d in range(i, len(stack)):
            closed[(stack[d].family, d)] = stack[d].last
        del stack[i:]

    def new_segment(boundary: _Boundary) -> None:
        nonlocal seg, headings_in_segment
        boundaries.append(boundary)
        seg += 1
        headings_in_segment = 0
        stack.clear()
        closed.clear()

    text = doc.text
    for p in paras:
        lead = strip_lead(text, p.start)
        first = text[lead:lead + 1]
        marker = first in _MARKER_FIRST and DOCUMENT_MARKER_RE.match(text, lead, p.end)
        if marker and p.index not in by_para:
            if headings_in_segment:
                b = _Boundary(p.index, "marker", marker.end())
                if p.derived and p.index > 0:
                    b.title_span = _tail_title(doc, paras[p.index - 1])
                rest = doc.text[marker.end():p.end].strip(" ：:、.．")
                if b.title_span is None and 4 <= len(rest) <= 50 and _TITLE_WORDS.search(rest) \
                        and rest[-1] not in _TITLE_END:
                    offset = doc.text.index(rest, marker.end())
                    b.title_span = (offset, offset + len(rest))
                if b.title_span is None and p.index + 1 < len(paras) \
                        and _looks_like_title(paras[p.index + 1]):
                    b.title = paras[p.index + 1]
                new_segment(b)
            continue
        h = by_para.get(p.index)
        if h is None:
            loose = first in _LOOSE_FIRST and _LOOSE_ITEM_RE.match(text, lead, p.end)
            if loose:
                o = int(loose.group("n").translate(_FULLWIDTH))
                for i, lv in enumerate(stack):
                    if lv.family == "num" and lv.last + 1 == o:
                        close_from(i + 1)
                        lv.last, lv.paragraph = o, p.index
                        break
                else:
                    if o == 1 and not any(lv.family == "num" for lv in stack):
                        # a list opening with "1、3月份…": open the level it begins
                        parent = stack[-1].item if stack else None
                        stack.append(_Level("num", 1, parent if parent is not None else -1,
                                            p.index, parent))
            continue
        fam = FAMILIES[h.style]
        o = h.ordinal
        doubtful = _is_range(h.text, o)
        idx = next((i for i, lv in enumerate(stack) if lv.family == fam), None)
        level_family = fam
        expected: int | None
        if idx is not None:
            lv = stack[idx]
            expected = lv.last + 1
            if doubtful and o != expected:
                continue
            prev_is_sibling = lv.paragraph == p.index - 1
            if o == expected:
                status = "ok"
            elif o == 1:
                prev_para = paras[p.index - 1] if p.index else None
                intro = prev_para is not None and prev_para.index not in by_para
                series_like = intro and _SERIES_START_RE.match(
                    doc.text, strip_lead(doc.text, prev_para.start), prev_para.end)
                if idx == 0 and fam == "cn" and lv.last >= 2 and intro \
                        and not _PART_RE.match(prev_para.text):
                    status = "document"
                elif lv.last == 1 and prev_is_sibling:
                    status = "repeat"
                else:
                    status = "restart"
            elif o == lv.last:
                status = "repeat"
            elif o > expected:
                status = "skip"
            else:
                status = "back"
            if status == "document":
                start = p.index if series_like else p.index - 1
                title = None
                header = None
                if series_like:
                    pass
                elif _short_line(paras[start]):
                    header = paras[start]
                elif start > 0 and start - 1 not in by_para and _short_line(paras[start - 1]):
                    start -= 1
                    header = paras[start]
                if start > 0 and _PART_RE.match(paras[start - 1].text):
                    status = "restart"      # 附件 / 第二部分, then a title or an introduction
                elif header is not None:
                    if _full_title(header.text, doc.title):
                        title = header
                    else:
                        status = "restart"  # 2023年工作总结 … 2024年工作思路: parts of one document
                elif not series_like and _LEAD_IN_RE.search(prev_para.text):
                    status = "restart"
            if status == "document":
                new_segment(_Boundary(start, "restart", h.marker_end, title,
                                      (title.start, title.end) if title else None))
                stack.append(_Level(fam, o, len(items), p.index, None))
                items.append(OutlineItem(h, 0, fam, fam, None, "document", None, seg))
                headings_in_segment += 1
                continue
            close_from(idx + 1)
            parent = lv.parent
            depth = idx
        else:
            fits = [i for i, lv in enumerate(stack) if lv.last + 1 == o] if o != 1 else []
            if closed.get((fam, len(stack))) == o - 1:
                fits = []                            # numbered on from the previous parent
            if fits and not doubtful:
                idx = fits[-1]
                lv = stack[idx]
                expected = o
                status = "ok"
                level_family = lv.family
                close_from(idx + 1)
                parent = lv.parent
                depth = idx
            else:
                if doubtful:
                    continue
                depth = len(stack)
                parent = stack[-1].item if stack and stack[-1].item >= 0 else None
                expected = None
                if o == 1:
                    status = "first"
                elif closed.get((fam, depth)) == o - 1:
                    status, expected = "ok", o       # numbered on across parents
                elif not stack:
                    status = "first"                 # a document that starts mid-way
                else:
                    status, expected = "start", 1
                stack.append(_Level(fam, o, len(items), p.index, parent))
                items.append(OutlineItem(h, depth, fam, fam, expected, status, parent, seg))
                headings_in_segment += 1
                continue
        lv.last = o
        lv.item = len(items)
        lv.paragraph = p.index
        items.append(OutlineItem(h, depth, fam, level_family, expected, status, parent, seg))
        headings_in_segment += 1

    return items, _segments(doc, boundaries)


def _segments(doc: "Document", boundaries: list[_Boundary]) -> list[Segment]:
    paras = doc.paragraphs
    found = []      # Segment's fields but its end: each ends where the next one starts
    starts = [0] + [b.paragraph for b in boundaries]
    for i, first in enumerate(starts):
        start = paras[first].start if paras else 0
        if i == 0:
            title = doc.title
            found.append((0, 0, 0, title, (title.start, title.end) if title else None,
                          "first", (start, start)))
            continue
        b = boundaries[i - 1]
        title_span = b.title_span or ((b.title.start, b.title.end) if b.title else None)
        mark_start = title_span[0] if title_span and title_span[0] < start else start
        if b.reason == "marker":
            mark_start = min(mark_start, strip_lead(doc.text, start))
            mark = (mark_start, b.mark_end)
        elif title_span or b.mark_end <= paras[first].end:
            mark = (mark_start, b.mark_end)     # its title (or its first heading) to the restart
        else:
            # no title: the first sentence of its introduction
            stop = re.search(r"[。！？!?]", doc.text[start:paras[first].end])
            mark = (start, start + stop.end() if stop else paras[first].end)
        found.append((i, min(start, mark_start), first, b.title, title_span, b.reason, mark))
    ends = [fields[1] for fields in found[1:]] + [len(doc.text)]
    return [Segment(index, start, end, first, title, title_span, reason, mark)
            for (index, start, first, title, title_span, reason, mark), end in zip(found, ends)]


__all__ = ["OutlineItem", "Segment", "FAMILIES", "FAMILY_LEVEL", "FAMILY_SAMPLE",
           "DOCUMENT_MARKER_RE", "build_outline"]
