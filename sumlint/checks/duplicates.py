"""Repeated text inside one document: pasted paragraphs, near copies, repeated sentences and
repeated items of one enumeration (党的二十大精神、…、党的二十大精神).

One kind, four ``mode``s (the TOML chooses):

- ``paragraph``: the same paragraph again after normalisation (white space, half/full-width
  punctuation, leading ``>``, heading ordinals). Consecutive copied paragraphs are one finding
  spanning the run; short paragraphs (headings) count only inside a run, never alone.
- ``near-paragraph``: a paragraph whose character-shingle Jaccard similarity with an earlier one
  is at least ``threshold`` (but not an exact copy). Candidates are paragraphs sharing one of
  the eight smallest shingle ids (a bottom-k sketch), verified by exact Jaccard similarity.
- ``sentence``: a sentence said again inside the same paragraph.
- ``enumeration``: an item repeated inside one 、-separated enumeration.

The message fields are {line} (1-based line of the first copy), {lines} (the first copy's line
range), {similarity} (percent) and {match}.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate, chain, compress
from operator import attrgetter, itemgetter, methodcaller, ne, not_

from ..diagnostics import Finding
from ..shingles import gram_anchors, joined_normal, normalize, normalize_all, ordinal, \
    paragraph_norms
from .base import Check, Option, RuleError

MODES = ("paragraph", "near-paragraph", "sentence", "enumeration")
_END_PUNCT = ".!?;,:\"'"
_WORD_RE = re.compile(r"[\W_]+")
_CLAUSE_RE = re.compile(r"[，,；;：:。.！？!?\n（）()“”\"]")
_PLUS_ONE = (1).__add__
_MINUS_ONE = (-1).__add__
# From the first 、 of a clause to its end (the next ``_CLAUSE_RE`` separator): found at C
# speed (``re`` looks for the literal 、), where splitting the text into all its clauses (a
# dozen characters each) and testing each for a 、 costs Python work per clause.
_DUN_TAIL_RE = re.compile("、[^" + _CLAUSE_RE.pattern[1:] + "*")
_match_end = re.Match.end


class Duplicates(Check):
    kind = "duplicates"
    OPTIONS = {
        "mode": Option(str, required=True, help="paragraph | near-paragraph | sentence | enumeration"),
        "min-length": Option(int, 30, help="characters a paragraph/sentence/item needs to count"),
        "threshold": Option(float, 0.8, help="near-paragraph: least shingle Jaccard similarity"),
        "shingle": Option(int, 3, help="near-paragraph: characters per shingle"),
        "lead-words": Option(list, [], item=str,
                             help="sentence: enumeration words stripped before comparing (一是 …)"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        if options["mode"] not in MODES:
            raise RuleError(f"mode 应为 {'、'.join(MODES)} 之一", key="mode")
        if options["min-length"] < 1:
            raise RuleError("应为正整数", key="min-length")
        if not 0 < options["threshold"] <= 1:
            raise RuleError("应在 0 与 1 之间", key="threshold")
        if not 1 <= options["shingle"] <= 8:
            raise RuleError("应在 1 与 8 之间", key="shingle")
        words = "|".join(re.escape(w) for w in options["lead-words"] if w)
        self._lead = re.compile(rf"^(?:{words})+") if words else None

    def check(self, doc, ctx):
        return getattr(self, "_" + self.options["mode"].replace("-", "_"))(doc)

    # ------------------------------------------------------------------ helpers
    def _line_range(self, doc, a, b) -> str:
        first, last = doc.paragraphs[a].line + 1, doc.paragraphs[b].line + 1
        return f"{first}" if first == last else f"{first}–{last}"

    # ----------------------------------------------------------------- paragraph
    def _paragraph(self, doc):
        paras = doc.paragraphs
        norms = paragraph_norms(doc)
        minimum = self.options["min-length"]
        count = len(norms)
        first = _first_indices(norms)
        if len(first) == count:
            return                            # no text twice (most documents)
        reported = 0
        # the paragraphs with an earlier copy, by exact equality
        for i in compress(range(count), map(ne, map(first.__getitem__, norms), range(count))):
            if i < reported or len(norms[i]) < minimum:
                continue
            src = first[norms[i]]
            # a run: extend backwards over short copies just before, forwards over any copies
            a_copy, a_src = i, src
            while a_copy - 1 >= reported and a_src - 1 >= 0 and norms[a_copy - 1] \
                    and norms[a_copy - 1] == norms[a_src - 1]:
                a_copy, a_src = a_copy - 1, a_src - 1
            b_copy, b_src = i, src
            while b_copy + 1 < len(paras) and b_src + 1 < a_copy and norms[b_copy + 1] \
                    and norms[b_copy + 1] == norms[b_src + 1]:
                b_copy, b_src = b_copy + 1, b_src + 1
            start, end = paras[a_copy].start, paras[b_copy].end
            n = b_copy - a_copy + 1
            marks = ordinal(paras[i].text), ordinal(paras[src].text)
            if n == 1 and all(marks) and marks[0] != marks[1]:
                continue        # the same item in two numbered lists (legal texts repeat them)
            yield Finding(start, end, self.format_message(
                match=paras[a_copy].text[:20], line=paras[a_src].line + 1,
                lines=self._line_range(doc, a_src, b_src), count=n))
            reported = b_copy + 1

    # ------------------------------------------------------------ near-paragraph
    def _near_paragraph(self, doc):
        paras = doc.paragraphs
        minimum, threshold = self.options["min-length"], self.options["threshold"]
        norms = paragraph_norms(doc)
        # paragraphs long enough, first copies only (exact copies are for paragraph mode)
        first = _first_indices(norms)
        todo = sorted(compress(first.values(), map(minimum.__le__, map(len, first))))
        ids_all, keys_all = gram_anchors([norms[i] for i in todo], self.options["shingle"])
        # Only anchors held by two paragraphs or more make candidates (usually a few, or none).
        counts = Counter(chain.from_iterable(keys_all))
        if len(counts) == sum(map(len, keys_all)):
            return
        shared = set(compress(counts, map((1).__lt__, counts.values())))
        buckets: dict[int, tuple[int, ...]] = {}    # shared anchor -> paragraphs holding it
        hashes: dict[int, list[int]] = {}
        sets: dict[int, set] = {}             # built only for paragraphs that get compared

        def shingle_set(k: int) -> set:
            if k not in sets:
                sets[k] = set(hashes[k])
            return sets[k]

        for i, ids, keys in compress(zip(todo, ids_all, keys_all),
                                     map(not_, map(shared.isdisjoint, keys_all))):
            hashes[i] = ids
            candidates = set()
            for key in shared.intersection(keys):
                earlier = buckets.get(key, ())
                candidates.update(earlier)
                buckets[key] = earlier + (i,)
            best, best_sim = None, 0.0
            for j in sorted(candidates):
                sim = _similarity(ids, shingle_set(j), threshold, lambda: shingle_set(i))
                if sim >= threshold and sim > best_sim:
                    best, best_sim = j, sim
            if best is not None:
                p = paras[i]
                yield Finding(p.start, p.end, self.format_message(
                    match=p.text[:20], line=paras[best].line + 1,
                    lines=self._line_range(doc, best, best), similarity=round(best_sim * 100)))

    # ------------------------------------------------------------------ sentence
    def _sentence(self, doc):
        minimum = self.options["min-length"]
        sentences = doc.sentences
        # cheap first pass: only sentences ending alike (same paragraph, same tail) can repeat
        keys = list(zip(map(_PARAGRAPH, sentences), _tails(sentences)))
        counts = Counter(keys)
        if len(counts) == len(keys):
            return
        repeated = {key for key, n in counts.items() if n > 1}
        seen: dict[tuple[int, str], object] = {}
        for s in compress(sentences, map(repeated.__contains__, keys)):
            norm = normalize(s.text).rstrip(_END_PUNCT)
            if self._lead:
                norm = self._lead.sub("", norm)
            if len(norm) < minimum:
                continue
            key = (s.paragraph, norm)
            if key in seen:
                first = seen[key]
                yield Finding(s.start, s.end, self.format_message(
                    match=s.text.strip(), line=doc.line_of(first.start) + 1))
            else:
                seen[key] = s

    # --------------------------------------------------------------- enumeration
    def _enumeration(self, doc):
        minimum = self.options["min-length"]
        lists = _enumerations(doc)
        clauses = [c for _, c in lists]
        sizes = list(map(_PLUS_ONE, map(_count_dun, clauses)))     # items per list
        flat_all = _item_norms(clauses)     # all items of the document, normalised at once
        if not _may_repeat_any(flat_all, sizes, minimum):
            return                          # most documents: no list can repeat an item
        k = 0
        for (offset, clause), size in zip(lists, sizes):
            norms, k = flat_all[k:k + size], k + size
            if not _may_repeat(norms, minimum):
                continue
            seen: set[str] = set()
            lead_item = None          # the first item may carry the verb: 学习了党的二十大精神
            for item, norm in zip(clause.split("、"), norms):
                if len(norm) >= minimum:
                    if norm in seen or (lead_item and lead_item.endswith(norm)):
                        lead = len(item) - len(item.lstrip())
                        yield Finding(offset + lead, offset + len(item), self.format_message(
                            match=item.strip(), line=doc.line_of(offset) + 1))
                    seen.add(norm)
                if lead_item is None:
                    lead_item = norm
                offset += len(item) + 1


_PARAGRAPH = attrgetter("paragraph")
_LAST_12 = itemgetter(slice(-12, None))
_LAST_4 = itemgetter(slice(-4, None))
# Characters ``_WORD_RE`` removes that sentences commonly end with.
_END_MARKS = "。！？!?…，,；;：:、”’」』）)\"'. \t\u3000"


def _tails(sentences) -> list[str]:
    """``_WORD_RE.sub("", s.text[-12:])[-4:]`` for every sentence: the last four word
    characters of its last twelve.

    Without a regex step for most sentences: once the end marks are stripped (none is a word
    character), four last characters that are all alphanumeric (``str.isalnum``, the test
    ``re``'s ``\\w`` makes besides ``_``) are those four. The rest go through ``_WORD_RE``."""
    ends = list(map(_LAST_12, map(_TEXT, sentences)))
    tails = list(map(_LAST_4, map(_STRIP_END_MARKS, ends)))
    for i in compress(range(len(tails)), map(not_, map(str.isalnum, tails))):
        tails[i] = _WORD_RE.sub("", ends[i])[-4:]
    return tails


_STRIP_END_MARKS = methodcaller("rstrip", _END_MARKS)
_TEXT = attrgetter("text")
_count_dun = methodcaller("count", "、")
_TRAILING_DENG_RE = re.compile("等+(?=\0|\\Z)")


def _item_norms(clauses: list[str]) -> list[str]:
    """The normal forms (``normalize``, then trailing 等 dropped) of the 、-separated items of
    ``clauses``, all in one list: the items joined by NUL are the clauses joined by NUL with
    each 、 made a NUL, normalised in one pass (``joined_normal``) and stripped of 等 before
    every NUL by one ``sub``, without a Python step per item. Texts holding a NUL themselves
    go item by item (``normalize_all``)."""
    if not clauses:
        return []
    joined = "\0".join(clauses)
    if joined.count("\0") != len(clauses) - 1:             # a clause holds a NUL
        items = [item for c in clauses for item in c.split("、")]
        return [n.rstrip("等") for n in normalize_all(items)]
    return _TRAILING_DENG_RE.sub("", joined_normal("\0" + joined.replace("、", "\0"))).split("\0")


def _first_indices(norms: list[str]) -> dict[str, int]:
    """Each text's first index in ``norms``: a dict built from the reversed list keeps the
    last value it is given for a key, which is the first occurrence (one C-level pass)."""
    return dict(zip(reversed(norms), range(len(norms) - 1, -1, -1)))


_EDGE_SPACE = " \t\u3000\u00a0"          # what ``Document.paragraphs`` strips off a line


def _enumerations(doc) -> list[tuple[int, str]]:
    """The 、-separated lists of the document's paragraphs, in order: (offset, clause) for each
    clause (text between two ``_CLAUSE_RE`` separators) of a paragraph that holds a 、.

    Taken from the whole text at once: a paragraph is a line without the white space at its
    edges, and a newline is a separator, so the clauses of the text are those of the paragraphs
    once that white space is cut off the first and last clause of a line. A line cut into
    derived paragraphs (one-line documents) has clauses running across the cuts: those
    documents go paragraph by paragraph."""
    text = doc.text
    if "、" not in text:
        return []
    paras = doc.paragraphs
    if any(p.derived for p in paras):
        return [pair for p in paras if "、" in p.text for pair in _split_lists(p.text, p.start)]
    ends = list(map(_match_end, _DUN_TAIL_RE.finditer(text)))
    # from each clause's last 、 back to its start: the same search over the reversed text
    starts = list(map(len(text).__sub__, reversed(list(map(
        _match_end, _DUN_TAIL_RE.finditer(text[::-1]))))))
    if any(map(_EDGE_SPACE.__contains__, map(text.__getitem__, starts))) or \
            any(map(_EDGE_SPACE.__contains__, map(text.__getitem__, map(_MINUS_ONE, ends)))):
        starts, ends = _off_line_edges(text, starts, ends)
    return [(a, text[a:e]) for a, e in zip(starts, ends)]


def _off_line_edges(text: str, starts: list[int], ends: list[int]):
    """Clause bounds without the white space at the edges of their line (not paragraph text)."""
    out_starts, out_ends = [], []
    for a, e in zip(starts, ends):
        if a == 0 or text[a - 1] == "\n":
            a = e - len(text[a:e].lstrip(_EDGE_SPACE))
        if e == len(text) or text[e] == "\n":
            e = a + len(text[a:e].rstrip(_EDGE_SPACE))
        out_starts.append(a)
        out_ends.append(e)
    return out_starts, out_ends


def _split_lists(text: str, start: int) -> list[tuple[int, str]]:
    """(offset, clause) of the clauses of ``text`` (at ``start`` in the document) holding a 、."""
    clauses = _CLAUSE_RE.split(text)          # separators are one character each
    starts = accumulate(map(_PLUS_ONE, map(len, clauses)), initial=start)
    return [(a, c) for a, c in zip(starts, clauses) if "、" in c]


def _similarity(ids: list[int], earlier: set, threshold: float, own) -> float:
    """``jaccard(set(ids), earlier)``, or some value below ``threshold`` when it is below.

    Most candidates share an anchor by chance and have little in common: the intersection,
    taken from the list ``ids`` against the earlier paragraph's set, bounds the similarity by
    ``|A & B| / |B|`` (the union is at least ``B``), and when that is below the threshold the
    set of this paragraph (``own()``) need not be built. Else the similarity is computed from
    the same integers as ``jaccard`` (``|A | B| = |A| + |B| - |A & B|``), so it is the same float;
    the bound is a correctly rounded division with a smaller or equal denominator, so it is no
    smaller than that float."""
    inter = len(earlier.intersection(ids))
    if inter / len(earlier) < threshold:
        return inter / len(earlier)
    return inter / (len(own()) + len(earlier) - inter)


def _may_repeat_any(flat: list[str], sizes: list[int], minimum: int) -> bool:
    """False when ``_may_repeat`` is False for every list of a paragraph (nearly always), from a
    few C-level calls: an item equal to an earlier one of its list makes two long items of the
    paragraph equal, and a long item that ends the first one of its list but is not that one
    is a suffix of the first without its first character."""
    long = [n for n in flat if len(n) >= minimum]
    if len(set(long)) < len(long):
        return True
    ends = tuple(long)
    k = 0
    for size in sizes:
        if flat[k][1:].endswith(ends):
            return True
        k += size
    return False


def _may_repeat(norms: list[str], minimum: int) -> bool:
    """Whether ``_enumeration`` can report an item of this list (most lists repeat nothing):
    a long enough item after the first that equals an earlier one or ends the first one."""
    long = [n for n in norms[1:] if len(n) >= minimum]
    if not long:
        return False
    first = norms[0]
    return len(set(long)) < len(long) or bool(first) and any(map(first.endswith, long))


CHECK = Duplicates
