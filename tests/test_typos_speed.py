"""The fast paths of SL703 (kind confusion) and of segmentation give the same answers as the
plain ones: one segmentation call per document, the per-user word index, the kept confusion
table and slots, and the fallbacks when the cache folder cannot be used."""

from __future__ import annotations

import math
import re

import pytest

from sumlint import segmentation as seg
from sumlint.checks import confusion
from sumlint.document import Document
from sumlint.engine import RunContext

MIXED = ("2023年全区GDP增长5.2%，㐀㐁村完成投资1.5亿元；党员干部㐂深入基层，宽彻落实。"
         "ABC公司与XYZ集团签约（第3批）。一二三四五六七八九十百千万亿\n"
         "二〇二四年①项目建成投产，同比增长18.2亿件 ，㐃㐄㐅。“中国”《意识形杰》于部潞线英雉\t"
         "的的确确，中华人民共和国国务院，鿿\u9fa6龥好。")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@pytest.fixture(scope="module")
def built_index(tmp_path_factory):
    """A word index, built once for this module (building takes about a second)."""
    folder = tmp_path_factory.mktemp("index")
    freq = seg._read_dictionary(seg._dictionary_path())
    path = folder / "words.sqlite"
    assert seg._write_index(path, freq, sum(freq.values()))
    return path, freq


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """segmentation as in a new process, with its own (empty) per-user cache folder."""
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(tmp_path / "user"))
    restart(monkeypatch)
    yield tmp_path / "user"
    seg.log_probability.cache_clear()


@pytest.fixture
def indexed(fresh, built_index):
    """As ``fresh``, with the word index already in the cache folder; yields dict.txt's counts."""
    path, freq = built_index
    seg._index_path().write_bytes(path.read_bytes())
    return freq


def restart(monkeypatch):
    """Forget what this process loaded, as the next process would not have it."""
    for name, value in (("_freq", None), ("_total", 0), ("_index", None), ("_lookups", 0)):
        monkeypatch.setattr(seg, name, value)
    seg.log_probability.cache_clear()


def per_run(text):
    """Tokens of each Han run (2+ characters) cut alone, each run between SEPs."""
    out = []
    for m in HAN.finditer(text):
        if len(m.group()) >= 2:
            out += [confusion.SEP] + seg.cut(m.group())
    return out + [confusion.SEP] if out else []


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_one_cut_per_document_segments_each_run_as_alone(backend, monkeypatch):
    monkeypatch.setattr(seg, "_backend", backend)
    clean = sorted((confusion.Path(__file__).parent / "fixtures" / "clean").glob("*.txt"))
    for text in [MIXED, "㐀", "中国", "", clean[0].read_text(encoding="utf-8")[:4000]]:
        runs = confusion._Runs(text, seg)
        assert runs.tokens == per_run(text)
        assert "".join(runs.tokens) == runs.joined
        # every run maps back to its place in the document
        for r, start in enumerate(runs.starts):
            a, b = runs.span_around(start)
            assert text[a:b] == runs.joined[runs.at[r]:runs.at[r + 1] - len(confusion.SEP)]
            assert runs.to_text(runs.at[r] + 1) == start + 1


def test_follows_number_for_runs_right_after_a_digit():
    runs = confusion._Runs("增长18.2亿件，同比①项目建成，完成5%的任务，Ａ类。", seg)
    after = {runs.joined[at:at + 2] for at in runs.at[:-1] if runs.follows_number(at)}
    assert after == {"亿件", "项目", "的任"}
    assert not confusion._Runs("件数增长", seg).follows_number(0)     # run at offset 0


def sample_words(freq):
    words = list(freq)[::997] + [w for w in freq if len(w) == 1][::50]
    absent = ["中华人民共和", "宽彻", "于部", "意识形杰", "英雉", "㐀㐁", "abc", "的的的"]
    return words, [w for w in absent if w not in freq]


def test_first_process_writes_the_word_index(fresh, monkeypatch, built_index):
    assert not list(fresh.glob("words-*.sqlite"))
    assert seg.frequency("中国") == built_index[1]["中国"] and seg._freq is not None
    (path,) = fresh.glob("words-*.sqlite")
    assert path == seg._index_path() and path.read_bytes() == built_index[0].read_bytes()


def test_word_index_gives_the_counts_of_dict_txt(indexed):
    freq = indexed
    words, absent = sample_words(freq)
    assert [seg.frequency(w) for w in words] == [freq[w] for w in words]
    assert [seg.frequency(w) for w in absent] == [0] * len(absent)
    assert seg.total() == sum(freq.values())
    assert seg.frequent_words(500) == {w: c for w, c in freq.items() if c >= 500}
    assert seg._freq is None, "point lookups must not load the whole dictionary"
    assert seg.log_probability("中国") == pytest.approx(math.log(freq["中国"] / sum(freq.values())))


def test_many_lookups_load_the_dictionary_with_the_same_answers(indexed, monkeypatch):
    freq = indexed
    monkeypatch.setattr(seg, "_LOAD_AFTER", 3)
    counts = [seg.frequency(w) for w in ["中国", "人民", "政府", "宽彻", "的"]]
    assert seg._freq is not None
    assert counts == [freq.get(w, 0) for w in ["中国", "人民", "政府", "宽彻", "的"]]


def test_unusable_cache_folder_behaves_as_without_one(fresh, monkeypatch, tmp_path):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(tmp_path / "file" / "sub"))
    assert seg.frequency("中国") > 0 and seg._freq is not None
    restart(monkeypatch)
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", "off")
    assert seg.frequency("宽彻") == 0 and seg._freq is not None


def test_corrupt_index_is_ignored_and_rewritten(indexed, monkeypatch):
    freq = indexed
    seg._index_path().write_bytes(b"not an sqlite file at all" * 100)
    assert seg.frequency("人民") == freq["人民"] and seg._freq is not None
    restart(monkeypatch)
    assert seg.frequency("人民") == freq["人民"] and seg._freq is None   # a good index again


def test_is_word_is_exact_dictionary_membership(indexed):
    freq = indexed
    words, absent = sample_words(freq)
    prefixes = [w[:-1] for w in words if len(w) > 2 and w[:-1] not in freq]
    assert prefixes and all(seg.is_word(w) for w in words)
    assert not any(seg.is_word(w) for w in absent + prefixes)


SLIPS = ("深入学习宽彻党的二十大精神，牢牢掌握意识形杰工作领导权。党员于部在全区营造崇尚英雉的氛围，"
         "坚持党的群众潞线，按时报送半年思结报告。全年快递业务量18.2亿件。组织党员干部到博视眼科医院义诊。")


def findings(rule, text):
    check = type(rule.check)(rule, rule.check.options)      # a new instance: nothing loaded yet
    doc = Document(text, "t.txt")
    return check, [(f.start, f.end, f.message) for f in check.check(doc, RunContext())]


def test_kept_table_and_slots_give_the_same_findings(all_rules, indexed, fresh, monkeypatch):
    rule = next(r for r in all_rules if r.code == "SL703")
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", "off")
    plain_check, plain = findings(rule, SLIPS)
    assert len(plain) >= 5
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(fresh))
    _, cold = findings(rule, SLIPS)                            # builds and keeps them
    (kept,) = fresh.glob("confusion-*.marshal")
    warm_check, warm = findings(rule, SLIPS)                   # reads them
    assert cold == warm == plain
    assert warm_check._slots == plain_check._slots and warm_check.table == plain_check.table
    kept.write_bytes(b"\x00garbage")                           # unreadable: built again
    again_check, again = findings(rule, SLIPS)
    assert again == plain and again_check._slots == plain_check._slots


def test_reference_backend_gives_the_same_findings(all_rules, indexed, monkeypatch):
    rule = next(r for r in all_rules if r.code == "SL703")
    text = SLIPS + MIXED
    _, fast = findings(rule, text)
    monkeypatch.setattr(seg, "_backend", "jieba")
    _, reference = findings(rule, text)
    assert fast == reference and fast


# ------------------------------------------------------------------ against the plain search
def plain_candidates(check, text):
    """The search as it was written before it was made fast (one cut per run, every window,
    membership first): (start, end, corrected) for each run of single characters."""
    table, ignore = check.table, check.options["ignore-chars"]
    slots = check.slots(seg)
    opts = check.options
    out = []
    for run in HAN.finditer(text):
        if len(run.group()) < 2:
            continue
        words = seg.cut(run.group())
        offsets = [run.start() + sum(map(len, words[:k])) for k in range(len(words))]
        n, i, last_end = len(words), 0, -1
        while i < n:
            if len(words[i]) != 1:
                i += 1
                continue
            j = i
            while j < n and len(words[j]) == 1:
                j += 1
            best = None
            lo, hi = max(0, i - 1), min(n, j + 1)
            for a in range(lo, hi):
                for b in range(a + 1, hi + 1):
                    span = "".join(words[a:b])
                    if len(span) > opts["max-window"]:
                        break
                    if len(span) < 2 or not max(a, i) < min(b, j):
                        continue
                    if seg.frequency(span) or span in check.words:
                        continue
                    before = None
                    for k in range(max(a, i), min(b, j)):
                        char, at = words[k], offsets[k] - offsets[a]
                        fills = slots.get(span[:at] + "\0" + span[at + 1:])
                        prev = text[offsets[k] - 1] if offsets[k] else ""
                        if not fills or char in ignore or prev and (
                                prev.isdigit() or prev in confusion.AFTER_DIGIT):
                            continue
                        for other in table.get(char, ""):
                            if other not in fills:
                                continue
                            cand = span[:at] + other + span[at + 1:]
                            if before is None:
                                before = sum(seg.log_probability(w) for w in words[a:b])
                            gain = seg.log_probability(cand) - before
                            if gain < opts["min-gain"] or best is not None and gain <= best[0]:
                                continue
                            left = words[a - 1] if a > 0 else ""
                            right = words[b] if b < n else ""
                            if gain < opts["strong-gain"] and not (
                                    left and seg.frequency(left + cand) or
                                    right and seg.frequency(cand + right)):
                                continue
                            best = (gain, offsets[a], offsets[a] + len(span), cand)
            if best is not None and best[1] >= last_end:
                last_end = best[2]
                out.append(best[1:])
            i = j
    return out


@pytest.mark.parametrize("options", [
    {}, {"max-window": 2}, {"max-window": 3}, {"max-window": 6},
    {"ignore-chars": "的于形", "min-frequency": 100}, {"strong-gain": 8.0, "different-tone": True},
])
@pytest.mark.parametrize("cover_all_after", [confusion._COVER_ALL_AFTER, 3])
def test_fast_search_finds_what_the_plain_search_finds(all_rules, options, cover_all_after,
                                                      monkeypatch):
    # near words grown per character, and (from the third document) all of them at once
    monkeypatch.setattr(confusion, "_COVER_ALL_AFTER", cover_all_after)
    rule = next(r for r in all_rules if r.code == "SL703")
    check = type(rule.check)(rule, {**rule.check.options, **options})
    clean = sorted((confusion.Path(__file__).parent / "fixtures" / "clean").glob("*.txt"))
    texts = [SLIPS, MIXED, "宽彻", "于部于部", "形杰18件于部", "我们宽彻落实于部英雉的的思结敬育了" * 20,
             # a run's first character after a number: not a slip, so another one wins
             "敬育宽彻，5敬育宽彻。增长18于部宽彻，18.5英雉",
             clean[1].read_text(encoding="utf-8")[:6000]]
    found = 0
    for text in texts:
        fast = list(check._candidates(text, confusion._Runs(text, seg), seg))
        assert fast == plain_candidates(check, text), options
        found += len(fast)
    assert found
    # per character, only the characters met; all of them once the process has seen enough
    assert check._near_chars.issuperset(check.swaps) == (cover_all_after < len(texts))


def old_windows(tokens, i, j, max_window):
    """The windows of the stretch tokens[i:j] as the search used to build them: the word on
    either side only when it is not SEP."""
    before = tokens[i - 1] if i and tokens[i - 1] != confusion.SEP else ""
    after = tokens[j] if j < len(tokens) and tokens[j] != confusion.SEP else ""
    text = before + "".join(tokens[i:j]) + after
    spans = confusion._stretch_windows(len(before), j - i, len(after), max_window)[1]
    return [text[s] for s in spans]


@pytest.mark.parametrize("max_window", [2, 3, 4, 6])
def test_stretch_hits_test_the_windows_of_each_stretch(max_window, monkeypatch):
    # a tiny bound, so that the getters are also dropped and made again
    monkeypatch.setattr(confusion, "_MAX_SHAPES", 3)
    clean = sorted((confusion.Path(__file__).parent / "fixtures" / "clean").glob("*.txt"))
    text = "宽彻潞线，5敬育宽彻" + SLIPS + MIXED + clean[2].read_text(encoding="utf-8")[:3000]
    tokens = confusion._Runs(text, seg).tokens
    lengths = confusion._lengths(tokens)[0]
    found = [m.span() for m in confusion._STRETCH.finditer(lengths)]
    windows = [old_windows(tokens, i, j, max_window) for i, j in found]
    assert len(found) > 20 and any(i == 1 for i, _ in found)       # one starts the first run
    every = sorted({w for ws in windows for w in ws})
    for near in (set(every[::2]), set(every[1::2]), set(), set(every)):
        expected = [any(w in near for w in ws) for ws in windows]
        assert confusion._stretch_hits(tokens, lengths, found, near, max_window) == expected
        assert True in expected or not near
