"""Text fingerprints for duplicate detection: normalisation, character shingles, MinHash.

- ``normalize`` makes two copies of a paragraph equal when they differ only in white space,
  half/full-width punctuation, leading quote markers (``>``) and a heading ordinal (一、 （二） 3.).
- ``shingles`` is the set of hashed character n-grams of a normalised text. Hashes come from
  tuples of code points, which Python hashes the same way in every process (string hashes are
  salted per process), so a run gives the same result whatever the worker layout.
- ``signature`` is a one-permutation MinHash (Li, Owen & Zhang 2012): every shingle hash is
  mixed once and falls into one of ``SLOTS`` bins; a bin keeps its minimum. That is one pass over
  the shingles in pure Python, where k independent permutations would cost k passes.
  Two signatures agree in a bin with probability about the Jaccard similarity of the sets.
- ``band_keys`` cuts a signature into LSH bands (``BANDS`` bands of ``ROWS`` bins); similar
  paragraphs share at least one band key with high probability, dissimilar ones rarely, so
  candidates come from equal keys instead of comparing all pairs.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from array import array
from itertools import compress

SLOTS = 64            # bins of the one-permutation MinHash
ROWS = 4              # bins per LSH band
BANDS = 14            # bands used for candidate search (ROWS * BANDS <= SLOTS)
EMPTY = (1 << 64) - 1
_MIX = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1

_PUNCT = str.maketrans({
    "。": ".", "、": ",", "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
    "『": '"', "』": '"', "【": "[", "】": "]", "《": "<", "》": ">", "〈": "<", "〉": ">",
    "—": "-", "–": "-", "…": ".", "·": ".", "・": ".",
})
_SPACE_RE = re.compile(r"\s+")
_CN = "一二三四五六七八九十百零〇两"
_LEAD_RE = re.compile(
    rf"^(?:[>]+|\s)*(?:[{_CN}]{{1,3}}[,.]|\([{_CN}]{{1,3}}\)|\(\d{{1,2}}\)|\d{{1,2}}[.,](?!\d)"
    r"|[\u2460-\u2473\u2474-\u2487\u3220-\u3229])?")

# _LEAD_RE after each NUL of joined text, behind a look-ahead of what a non-empty lead opens with:
# the (many) texts without a lead then cost ``sub`` no match and no replacement
_LEADS_RE = re.compile(
    f"\0(?=[>\\s{_CN}(\\d\u2460-\u2487\u3220-\u3229])" + _LEAD_RE.pattern[1:])

# The compatibility characters of everyday Chinese prose, each with its full compatibility
# decomposition. Replacing a character by its NFKD leaves the NFKC of the text unchanged, and
# once these few are replaced most text is already in NFKC: the quick check then spares the
# (per-character, slow) normaliser. See ``nfkc_punct``.
_COMMON_COMPAT = [(c, unicodedata.normalize("NFKD", c)) for c in "，；（）：！？\u3000"]
_PUNCT_PAIRS = [(chr(k), v) for k, v in _PUNCT.items()]


def nfkc_punct(text: str) -> str:
    """``unicodedata.normalize("NFKC", text).translate(_PUNCT)``, about three times faster.

    ``str.replace`` of a few characters and ``unicodedata.is_normalized`` run at C speed, where
    NFKC and ``str.translate`` cost a dictionary look-up per character. The result is the same:
    the pre-replaced characters decompose to exactly what they are replaced by, and the
    ``_PUNCT`` values are ASCII, never keys, so the replacements do not chain.
    """
    for a, b in _COMMON_COMPAT:
        if a in text:
            text = text.replace(a, b)
    if not unicodedata.is_normalized("NFKC", text):
        text = _nfkc(text)
    for a, b in _PUNCT_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


def _nfkc(text: str) -> str:
    """NFKC of ``text``; of a NUL-joined text (``normalize_all``) only of the pieces that need it.

    A whole document's paragraphs are normalised joined, and one piece in NFKC's slow path
    (a full-width digit, a ligature) would otherwise send the whole document through it. NUL is
    a starter that never decomposes or composes, so no normalisation step (reordering of
    combining marks, composition) reaches across it: normalising the pieces is the same."""
    if "\0" not in text:
        return unicodedata.normalize("NFKC", text)
    return "\0".join(p if unicodedata.is_normalized("NFKC", p) else unicodedata.normalize("NFKC", p)
                      for p in text.split("\0"))


def normalize(text: str) -> str:
    """The comparable form of a paragraph or sentence."""
    text = "".join(nfkc_punct(text).split())
    return text[_LEAD_RE.match(text).end():]


def normalize_all(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]`` with one NFKC pass over them all (enumeration items).

    They are joined with NUL, a stable code point (never changed, composed or produced by NFKC,
    not white space), so normalising the joined text and splitting it again gives each text's own
    normal form. Texts that hold a NUL themselves go one by one."""
    joined = "\0" + "\0".join(texts)
    if len(texts) < 2 or joined.count("\0") != len(texts):     # a text holds a NUL
        return [normalize(t) for t in texts]
    return joined_normal(joined).split("\0")


def joined_normal(joined: str) -> str:
    """The normal forms of texts (none holding a NUL) given as NUL + the texts joined by NUL,
    joined by NUL. White space goes in
    one pass over them all (NUL is no white space), and the heading ordinals in one ``sub``
    whose pattern is ``_LEAD_RE`` with its ``^`` replaced by a NUL (a literal ``re`` scans
    for): each text's lead is matched as on the text alone (a NUL after it is, like the text's
    end, no digit for ``(?!\\d)``)."""
    return _LEADS_RE.sub("\0", "".join(nfkc_punct(joined).split()))[1:]


def paragraph_norms(doc) -> list[str]:
    """``normalize`` of every paragraph of a document, computed once for all duplicate rules
    (``Document.memo``) and in one pass over them all (``normalize_all``)."""
    return doc.memo("duplicates.norms", lambda: normalize_all([p.text for p in doc.paragraphs]))


def anchors(hashes, count: int = 8, lowest: int = -(1 << 63)) -> list[int]:
    """The ``count`` smallest distinct shingle hashes (a bottom-k sketch): two sets with Jaccard
    similarity J share the smallest hash of their union with probability J, so near copies
    share an anchor almost surely while unrelated paragraphs rarely do. ``hashes`` may be the
    set or the list (with repeats) of ``shingle_hashes`` (or of ``gram_ids``, with ``lowest=0``:
    hashes are taken to spread over the 64-bit range from ``lowest``)."""
    n = len(hashes)
    if n > 4 * count:
        # Hashes spread evenly over the 64-bit range, so about 3 * count of them fall below
        # ``cut``; when at least ``count`` distinct ones do, they hold the ``count`` smallest.
        # Filtering then sorting that handful is several times faster than heapq.nsmallest's
        # Python loop.
        cut = lowest + ((3 * count) << 64) // n
        low = {h for h in hashes if h < cut}
        if len(low) >= count:
            return sorted(low)[:count]
    return sorted(set(hashes))[:count]


def ordinal(text: str) -> str:
    """The heading ordinal ``normalize`` strips (一、 (三) 2.), without quote markers; or ''."""
    text = _SPACE_RE.sub("", nfkc_punct(text))
    return text[:_LEAD_RE.match(text).end()].lstrip(">")


def shingles(norm: str, size: int = 3) -> set[int]:
    """Hashed character ``size``-grams of a normalised text (the whole text when shorter)."""
    return set(shingle_hashes(norm, size))


def shingle_hashes(norm: str, size: int = 3) -> list[int]:
    """The hashes of ``shingles`` in text order, repeats kept: cheaper than the set when only
    the anchors are needed (most paragraphs are never compared with another)."""
    if len(norm) <= size:
        return [hash(tuple(map(ord, norm)))]
    codes = _code_points(norm)
    return list(map(hash, zip(*(codes[i:] for i in range(size)))))


def gram_anchors(norms: list[str], size: int = 3, count: int = 8):
    """``(gram_ids(norms, size), [anchors(ids, count, lowest=0) for ids in those])``, faster.

    The ids of a text come as a sequence of ints (a memoryview on the joined BMP path, else a
    list). On that path the ids' top bytes are at hand as one byte string: the ids whose top
    byte is at most ``mark`` are exactly those below ``(mark + 1) << 56``, so when there are
    ``count`` of them (``mark`` is chosen for about ``2 * count``, then ``8 * count``, then
    all) their smallest are the anchors (sorting is costly for these large ints: few is good). They are picked by ``itertools.compress`` with a ``bytes.translate`` mask, set and
    sorted, all in C: no Python step per id, and no list of all ids."""
    grams = _bmp_grams(norms, size)
    if grams is None:
        ids = gram_ids(norms, size)
        return ids, [anchors(i, count, lowest=0) for i in ids]
    all_ids, top = grams
    ids, keys, pos = [], [], 0
    for t in norms:
        n = len(t) - 2
        own = all_ids[pos:pos + n]
        ids.append(own)
        tops = top[pos:pos + n]
        low = set(compress(own, tops.translate(_AT_MOST[min(255, 512 * count // n)])))
        if len(low) < count:          # rarely: fewer than ``count`` below the first mark
            low = set(compress(own, tops.translate(_AT_MOST[min(255, 2048 * count // n)])))
            if len(low) < count:
                low = set(own)
        keys.append(sorted(low)[:count])
        pos += len(t)
    return ids, keys


# _AT_MOST[m] maps the bytes up to m to 1, the others to 0 (``bytes.translate`` tables)
_AT_MOST = [b"\1" * (m + 1) + bytes(255 - m) for m in range(256)]


def _bmp_grams(norms: list[str], size: int):
    """All trigram ids of ``norms`` joined (``_bmp_buffer``, as a memoryview of native
    integers) and their top bytes, when the fast path applies (3-grams, every text longer than
    3 and in the BMP); else None."""
    if not norms or size != 3 or not all(len(t) > 3 for t in norms):
        return None
    joined = "".join(norms).encode("utf-16-le", "surrogatepass")
    if len(joined) != 2 * sum(map(len, norms)):
        return None
    buf = _bmp_buffer(joined)
    return memoryview(buf).cast("Q"), bytes(buf[_TOP::8])


def gram_ids(norms: list[str], size: int = 3) -> list[list[int]]:
    """One list per text of ids of its character ``size``-grams, in text order, repeats kept.

    The ids are injective on n-grams, so sets of them give exactly the Jaccard similarity of
    the n-gram sets, and comparable only between texts of the same call (one document): for
    3-grams of texts in the Basic Multilingual Plane (nearly always) they are ``_bmp_buffer``'s
    of all the texts joined, built by C-level byte copies, several times cheaper than hashing a
    tuple per n-gram; else
    ``shingle_hashes`` for all of them."""
    if not norms:
        return []
    grams = _bmp_grams(norms, size)
    if grams is not None:
        ids, out, pos = grams[0].tolist(), [], 0
        for t in norms:             # the trigrams of each text, not those across a joint
            out.append(ids[pos:pos + len(t) - 2])
            pos += len(t)
        return out
    return [[h & _MASK for h in shingle_hashes(t, size)] for t in norms]


# A fixed byte permutation: the two top bytes of a trigram id mix the low bytes of its
# characters, so that ids of everyday text spread over the whole 64-bit range (the bottom-k
# ``anchors`` need that to pick scattered trigrams, not those of ASCII punctuation).
_SPREAD = bytes((i * 167 + 89) % 256 for i in range(256))


def _xor(a: bytes, b: bytes) -> bytes:
    """Byte-wise XOR of two byte strings of one length, in C (through two big integers)."""
    return (int.from_bytes(a, "little") ^ int.from_bytes(b, "little")).to_bytes(len(a), "little")


def _bmp_buffer(b: bytes) -> bytearray:
    """Trigram ids of a text given as UTF-16-LE ``b`` with one unit per character (over three),
    as native 8-byte slots (byte 7 the top byte).

    Slot ``i`` gets the six bytes of characters i, i+1, i+2 (so the id determines the trigram)
    and two bytes derived from them (so it stays injective); each byte column is filled by one
    strided slice copy. The columns are shifted slices of the text's low and high bytes, and
    byte 6 of slot i is byte 7 of slot i+1, so the text is read with two strided slices and
    mixed with one ``_xor``."""
    lo, hi = b[0::2], b[1::2]                 # low and high byte of every character
    mix = _xor(lo[:-1].translate(_SPREAD), lo[1:])      # byte i mixes characters i and i+1
    m = len(lo) - 2
    buf = bytearray(8 * m)
    buf[0::8], buf[2::8], buf[4::8] = lo[:m], lo[1:-1], lo[2:]
    buf[1::8], buf[3::8], buf[5::8] = hi[:m], hi[1:-1], hi[2:]
    buf[6::8], buf[7::8] = mix[1:], mix[:m]
    return buf


_TOP = 7 if sys.byteorder == "little" else 0     # where a native 8-byte slot keeps its top byte
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def _code_points(text: str) -> list[int]:
    """``list(map(ord, text))``, about twice as fast: the ints come out of one C loop."""
    return memoryview(text.encode(_UTF32, "surrogatepass")).cast("I").tolist()


if array("I").itemsize != 4:          # pragma: no cover - no such platform in sight
    def _code_points(text: str) -> list[int]:   # noqa: F811
        return list(map(ord, text))


def signature(hashes: set[int]) -> list[int]:
    """One-permutation MinHash of a shingle set: ``SLOTS`` minima, EMPTY for empty bins."""
    sig = [EMPTY] * SLOTS
    shift = 64 - (SLOTS.bit_length() - 1)
    for h in hashes:
        h = (h * _MIX) & _MASK
        b = h >> shift
        if h < sig[b]:
            sig[b] = h
    return sig


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def band_keys(sig) -> list[int]:
    """One key per band; 0 for a band whose bins are all empty (it says nothing)."""
    out = []
    for i in range(BANDS):
        part = tuple(sig[i * ROWS:(i + 1) * ROWS])
        out.append(0 if all(v == EMPTY for v in part) else (hash((i,) + part) & _MASK) or 1)
    return out


COMPACT_EMPTY = 0xFFFF


def compact(sig) -> list[int]:
    """16 bits of each bin (bits below the bin number); enough to tell equal minima apart when
    estimating similarity, at an eighth of the memory of the full signature."""
    shift = 64 - (SLOTS.bit_length() - 1) - 16
    return [COMPACT_EMPTY if v == EMPTY else min((v >> shift) & 0xFFFF, 0xFFFE) for v in sig]


def compact_similarity(a, b) -> float:
    same = total = 0
    for x, y in zip(a, b):
        if x == COMPACT_EMPTY and y == COMPACT_EMPTY:
            continue
        total += 1
        same += x == y
    return same / total if total else 0.0
