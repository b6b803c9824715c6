"""Near-duplicate paragraphs between the files of one run (opt-in: ``--cross-file``).

Per file (in the worker that lints it) ``collect`` keeps only a fingerprint of each paragraph of
at least ``min-length`` characters: its offsets, its LSH band keys and a compact MinHash signature
(see ``sumlint.shingles``), about 300 bytes a paragraph, never the text. After all files are
linted, ``check_corpus`` finds candidate pairs band by band (paragraphs with an equal band key; one
dictionary per band, so memory stays at one entry per paragraph) and keeps those whose estimated
similarity reaches ``threshold``. There is no all-pairs comparison: the work grows with the number
of paragraphs, not its square.

A shared paragraph is reported once, in the later file (in path order), naming the first file and
line where it occurs; the first file's copy is not reported.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right

from ..diagnostics import Finding
from ..shingles import BANDS, SLOTS, band_keys, compact, compact_similarity, paragraph_norms, \
    shingles, signature
from .base import Check, Option, RuleError


class CrossFile(Check):
    kind = "cross-file"
    cross_file = True
    OPTIONS = {
        "min-length": Option(int, 50, help="characters a paragraph needs to be compared"),
        "threshold": Option(float, 0.7, help="least estimated Jaccard similarity of shingles"),
        "shingle": Option(int, 3, help="characters per shingle"),
    }

    def __init__(self, rule, options):
        super().__init__(rule, options)
        if not 0 < options["threshold"] <= 1:
            raise RuleError("应在 0 与 1 之间", key="threshold")
        if not 1 <= options["shingle"] <= 8:
            raise RuleError("应在 1 与 8 之间", key="shingle")

    def check(self, doc, ctx):   # nothing to say about one document alone
        return ()

    def collect(self, doc, ctx):
        """(offsets, band keys, compact signatures) of the document's long paragraphs."""
        offsets, keys, sigs = array("q"), array("Q"), array("H")
        seen = set()
        for p, norm in zip(doc.paragraphs, paragraph_norms(doc)):
            if len(norm) < self.options["min-length"] or norm in seen:
                continue
            seen.add(norm)
            sig = signature(shingles(norm, self.options["shingle"]))
            offsets.extend((p.start, p.end, p.line))
            keys.extend(band_keys(sig))
            sigs.extend(compact(sig))
        return offsets, keys, sigs

    def check_corpus(self, entries, ctx):
        """entries: [(path, collect() result)] in report order → (entry index, Finding)."""
        firsts = []                       # global paragraph id of each entry's first paragraph
        total = 0
        for _path, (offsets, _keys, _sigs) in entries:
            firsts.append(total)
            total += len(offsets) // 3

        def owner(gid: int) -> int:
            return bisect_right(firsts, gid) - 1

        candidates: dict[int, set[int]] = {}
        for band in range(BANDS):
            bucket: dict[int, int] = {}
            for e, (_path, (_offsets, keys, _sigs)) in enumerate(entries):
                base = firsts[e]
                for k in range(len(keys) // BANDS):
                    key = keys[k * BANDS + band]
                    if not key:
                        continue
                    gid = base + k
                    first = bucket.setdefault(key, gid)
                    if first < base:      # an earlier file has this band: a candidate
                        candidates.setdefault(gid, set()).add(first)
        threshold = self.options["threshold"]
        for gid in sorted(candidates):
            e = owner(gid)
            k = gid - firsts[e]
            sig = entries[e][1][2][k * SLOTS:(k + 1) * SLOTS]
            for other in sorted(candidates[gid]):
                o = owner(other)
                ok = other - firsts[o]
                sim = compact_similarity(sig, entries[o][1][2][ok * SLOTS:(ok + 1) * SLOTS])
                if sim >= threshold:
                    offsets = entries[e][1][0]
                    start, end = offsets[3 * k], offsets[3 * k + 1]
                    line = entries[o][1][0][3 * ok + 2] + 1
                    yield e, Finding(start, end, self.format_message(
                        other=entries[o][0], line=line, similarity=round(sim * 100)))
                    break


CHECK = CrossFile
