"""Duplicate rules: pasted paragraphs (SL601), near copies (SL602), repeated sentences (SL603),
repeated enumeration items (SL604), doubled words (SL605), copies between files (SL606)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sumlint.cli import main
import unicodedata

import heapq

from sumlint.checks.duplicates import _similarity
from sumlint.document import Document
from sumlint.shingles import _PUNCT, anchors, gram_anchors, gram_ids, jaccard, nfkc_punct, \
    normalize, normalize_all, paragraph_norms, shingle_hashes, shingles

ROOT = Path(__file__).resolve().parents[1]

P1 = "一年来，我局认真贯彻落实县委、县政府决策部署，扎实推进交通基础设施建设，全年完成公路建设投资3.2亿元。"
P2 = "我局坚持问题导向，对照年初目标逐项梳理，查找短板弱项，制定整改措施，确保各项任务按期完成。"
P3 = "下一步，我局将持续加强干部队伍建设，深化作风建设，为全县经济社会发展提供坚实的交通保障。"


def codes(diags, code):
    return [d for d in diags if d.code == code]


# ------------------------------------------------------------------ SL601 paragraph copies
def test_pasted_paragraph_reported_at_later_copy_with_first_line(lint):
    text = f"标题\n{P1}\n{P2}\n{P3}\n{P1}\n"
    found = codes(lint(text, "SL601"), "SL601")
    assert [(d.line, d.end_line) for d in found] == [(5, 5)]
    assert "第 2 行" in found[0].message


@pytest.mark.parametrize("copy", [
    "  " + P1.replace("，", ", "),                   # half-width punctuation and spaces
    "> " + P1,                                       # a quote marker from a web page
    "（三）" + P1,                                   # a heading ordinal added
    P1.replace("，", "，\u3000"),                     # full-width spaces
])
def test_copies_equal_after_normalising(lint, copy):
    text = f"{P1}\n{P2}\n{copy}\n"
    assert [d.line for d in codes(lint(text, "SL601"), "SL601")] == [3]


def test_run_of_copied_paragraphs_is_one_finding_including_its_headings(lint):
    text = f"一、工作情况\n{P1}\n二、存在问题\n{P2}\n{P3}\n> 一、工作情况\n{P1}\n二、存在问题\n{P2}\n"
    found = codes(lint(text, "SL601"), "SL601")
    assert [(d.line, d.end_line) for d in found] == [(6, 9)]
    assert "第 1–4 行" in found[0].message


def test_short_heading_repeated_alone_is_silent(lint):
    text = f"一、主要工作\n{P1}\n二、存在的问题\n{P2}\n三、存在的问题\n{P3}\n"
    assert not codes(lint(text, "SL601"), "SL601")


def test_same_item_in_two_numbered_lists_is_silent(lint):
    item = "没有法律、法规依据，强制或者变相强制市场主体参加评比、达标、表彰、培训、考核活动；"
    text = f"第一条 有下列情形之一的，责令改正：\n（三）{item}\n第二条 有下列情形之一的：\n（五）{item}\n"
    assert not codes(lint(text, "SL601"), "SL601")


def test_one_line_document_compared_by_derived_paragraphs(lint):
    part = "一、加强组织领导。" + P1 + P2 + "二、强化理论学习。" + P3 + "我局坚持每周开展集中学习，全年组织学习二十四次。"
    line = "某局意识形态工作总结" + part + "三、其他工作。" + "坚持把意识形态工作摆在重要位置，多次专题研究部署。" * 12 + part
    assert len(line) > 600
    found = codes(lint(line + "\n", "SL601"), "SL601")
    assert found and found[0].line == 1 and found[0].column > len(line) // 2


# ---------------------------------------------------------------------- SL602 near copies
@pytest.mark.parametrize("text", [
    "一、加强党建，推进“三会一课”；完善（制度）：好！", "ｗｗｗ．ＡＢＣ　１２３",
    "，\u0301（\u0338）", "《\u0338》<\u0338", "Ⅳ、⑴３℃，　a\u0308b",   # combining marks after
    "", "\u3000\u3000", "全角“引号”与『书名』—…·・",                         # compatibility characters
])
def test_fast_nfkc_punct_equals_the_plain_definition(text):
    assert nfkc_punct(text) == unicodedata.normalize("NFKC", text).translate(_PUNCT)


@pytest.mark.parametrize("items", [
    ["一、党的二十大精神", " 总书记　系列讲话 ", "（三）党的二十大精神等"], ["a\u0308", "\u0301b", "Ａ"],
    ["x\0y", "z"], ["", "", "1."], ["单独一项"], [],
    # one piece needs NFKC's slow path, the next opens with a mark or a jamo that would compose
    ["正常文字", "１２ﬁ", "\u0301开头", "\u1100", "\u1161", "e", "\u0301"],
])
def test_normalising_many_texts_at_once_equals_one_by_one(items):
    assert normalize_all(items) == [normalize(t) for t in items]


@pytest.mark.parametrize("size", [0, 3, 8, 33, 150, 2000])
def test_anchors_are_the_smallest_hashes(size):
    import random
    rng = random.Random(size)
    for hashes in ({rng.getrandbits(64) - (1 << 63) for _ in range(size)},
                   {rng.getrandbits(20) for _ in range(size)},        # all above the cut
                   shingles(normalize(P1 * (size // 20 + 1)))):
        assert anchors(hashes) == heapq.nsmallest(8, hashes)
        assert anchors(sorted(hashes) * 2) == heapq.nsmallest(8, hashes)    # a list with repeats


def test_paragraph_norms_are_each_paragraphs_normal_form():
    doc = Document("一、总体　情况\n全角１２３与ﬁ连字，\n\u0301句首附加符号\n> 引用 段落。\n（二）ＡＢ")
    assert paragraph_norms(doc) == [normalize(p.text) for p in doc.paragraphs]


def test_gram_anchors_are_the_anchors_of_the_gram_ids():
    """Both paths (joined BMP ids with the byte-mask pre-selection; hashes when a text is
    astral or short) and both anchor cases (long texts filtered, short ones sorted whole)."""
    import random
    rng = random.Random(7)
    for extra in ([], ["中😀中😀中" * 20], ["ab"]):
        for _ in range(60):
            texts = ["".join(rng.choice("的工作,.一二aB\u4e00\u9fff\uffff\u0100")
                             for _ in range(rng.choice([4, 30, 40, 200, 1500])))
                     for _ in range(rng.randint(1, 5))] + extra
            ids = gram_ids(texts)
            fast_ids, keys = gram_anchors(texts)
            assert [list(i) for i in fast_ids] == ids
            assert keys == [anchors(i, lowest=0) for i in ids]
            assert gram_anchors(texts, count=3)[1] == [anchors(i, 3, lowest=0) for i in ids]
    assert gram_anchors([]) == ([], [])


def test_similarity_is_the_jaccard_similarity_when_it_can_reach_the_threshold():
    import random
    rng = random.Random(3)
    for _ in range(3000):
        a = [rng.randrange(40) for _ in range(rng.randint(1, 30))]
        b = {rng.randrange(40) for _ in range(rng.randint(1, 30))}
        t = rng.choice([0.1, 0.5, 0.75, 0.8, 1.0])
        exact, sim = jaccard(set(a), b), _similarity(a, b, t, lambda: set(a))
        assert sim == exact if exact >= t else sim < t


def test_shingle_hashes_are_the_shingles_in_order():
    for text in ("", "ab", "abc", P1, "a\ud800中😀中😀中"):
        assert set(shingle_hashes(text)) == shingles(text)
        assert shingle_hashes(text, 2)[:1] == ([hash(tuple(map(ord, text[:2])))] if text else [hash(())])


@pytest.mark.parametrize("extra", [[], ["ab"], ["中😀中😀中"], ["中\ud800中\ud800"]])
def test_gram_ids_give_the_shingle_jaccard_exactly(extra):
    """Trigram ids (joined BMP fast path, or the fallback when a text is short or astral) are
    injective: every pair of texts has exactly the Jaccard similarity of its shingle sets."""
    import random
    rng = random.Random(len(extra))
    texts = [normalize(P1), normalize(P2), normalize(P1.replace("交通", "水利")), "的的的的的的"]
    texts += ["".join(rng.choice("的工作,.一二aB\u4e00\u9fff\uffff") for _ in range(rng.randint(4, 60)))
              for _ in range(40)] + extra
    ids = gram_ids(texts)
    assert [len(i) for i in ids] == [len(shingle_hashes(t)) for t in texts]
    assert all(0 <= x < 1 << 64 for i in ids for x in i)
    for a, ia in zip(texts, ids):
        for b, ib in zip(texts, ids):
            assert jaccard(set(ia), set(ib)) == jaccard(shingles(a), shingles(b))
    assert anchors(ids[0], lowest=0) == sorted(set(ids[0]))[:8]
    assert gram_ids([]) == []


def test_bmp_buffer_slots_are_the_documented_trigram_ids():
    """``_bmp_buffer`` fills byte columns from shifted slices; here each slot is built from its
    own trigram: the six UTF-16-LE bytes, then spread(lo1) ^ lo2 and spread(lo0) ^ lo1. The ids
    decide the anchors, so they must not change."""
    import random
    from sumlint.shingles import _SPREAD, _bmp_buffer
    rng = random.Random(5)
    for n in (3, 4, 5, 40, 300):
        text = "".join(rng.choice("的工作,.一二aB\u4e00\u9fff\uffff\u0100") for _ in range(n))
        lo = [ord(c) & 255 for c in text]
        slots = b"".join(text[i:i + 3].encode("utf-16-le")
                         + bytes([_SPREAD[lo[i + 1]] ^ lo[i + 2], _SPREAD[lo[i]] ^ lo[i + 1]])
                         for i in range(n - 2))
        assert _bmp_buffer(text.encode("utf-16-le")) == slots


def test_near_copy_is_a_warning_with_similarity(lint):
    edited = P1.replace("交通基础设施", "交通运输设施").replace("3.2", "3.5")
    assert jaccard(shingles(normalize(P1)), shingles(normalize(edited))) < 1
    found = codes(lint(f"{P1}\n{P2}\n{edited}\n", "SL602"), "SL602")
    assert [d.line for d in found] == [3] and found[0].severity == "warning"
    assert "第 1 行" in found[0].message and "%" in found[0].message


def test_different_paragraphs_on_one_theme_are_not_near_copies(lint):
    assert not codes(lint(f"{P1}\n{P2}\n{P3}\n", "SL602"), "SL602")


def test_exact_copy_is_left_to_sl601(lint):
    assert not codes(lint(f"{P1}\n{P2}\n{P1}\n", "SL602"), "SL602")


# ------------------------------------------------------------------ SL603 repeated sentence
def test_sentence_repeated_at_end_of_paragraph(lint):
    text = ("主要原因：一是督查检查不到位。二是思想道德建设工作重点不突出。三是对外宣传力度不大。"
            "没有积极探索网络宣传和管理方法。对外宣传力度不大。\n")
    found = codes(lint(text, "SL603"), "SL603")
    assert len(found) == 1 and found[0].matched == "对外宣传力度不大。"


def test_same_sentence_in_different_paragraphs_or_short_is_silent(lint):
    text = "我局对外宣传力度不大。成效明显。\n下一步要解决对外宣传力度不大。\n一是成效明显。二是成效明显。\n"
    assert not codes(lint(text, "SL603"), "SL603")


# -------------------------------------------------------------- SL604 enumeration items
def test_item_repeated_in_one_enumeration(lint):
    text = "先后学习了二十大精神,党的二十大精神、习近平总书记系列讲话精神、党的二十大精神.第一时间传达。\n"
    found = codes(lint(text, "SL604"), "SL604")
    assert [d.matched for d in found] == ["党的二十大精神"]


def test_same_item_in_different_enumerations_is_silent(lint):
    text = "加强市、县、乡三级联动，做到同部署、同落实、同检查；市、县两级财政给予保障。\n"
    assert not codes(lint(text, "SL604"), "SL604")


# ------------------------------------------------------------------- SL605 doubled words
@pytest.mark.parametrize("text,slip", [
    ("作为干部奖惩和评优选先的的重要依据。", "的的"),
    ("全年按时完成了了各项任务。", "了了"),
    ("全市各街道街道办事处均已建立台账。", "街道街道"),
    ("我们要把工作工作落到实处。", "工作工作"),
    ("这项工作是是全局的重点。", "是是"),
])
def test_doubled_slip_found(lint, text, slip):
    assert [d.matched for d in codes(lint(text, "SL605"), "SL605")] == [slip]


@pytest.mark.parametrize("text", [
    "我们的的确确做到了。", "常常深入基层调研。", "群众生活渐渐好起来。", "谢谢大家。", "请大家看看这份材料。",
    "逐项一一核对。", "人人参与，天天坚持，年年有进步。", "层层压实责任，个个都有任务。",
    "家家户户都知晓，事事有着落，处处见成效。", "转变工作作风。", "达到目的的手段必须合法。",
    "发展全过程人民民主。", "王丽丽同志表现突出。", "编号为1122334的文件。", "二〇〇〇年以来。",
    "依照国家有关规定规定应当公开的信息。", "清清白白做人、干干净净做事。", "三百六十行行行出状元。",
])
def test_reduplication_numbers_and_names_are_silent(lint, text):
    assert not codes(lint(text, "SL605"), "SL605")


def test_doubled_fix_deletes_one_copy(lint):
    text = "评优选先的的重要依据。"
    (d,) = codes(lint(text, "SL605"), "SL605")
    (edit,) = d.fix.edits
    assert text[:edit.start] + edit.replacement + text[edit.end:] == "评优选先的重要依据。"


# ------------------------------------------------------------------------ clean prose
def test_default_duplicate_rules_silent_on_clean_and_fixed(lint):
    for folder in ("clean", "fixed"):
        for path in sorted((ROOT / "tests" / "fixtures" / folder).glob("*.txt")):
            found = [d for d in lint(path.read_text(encoding="utf-8"), "duplicate")]
            assert not found, (path.name, [(d.line, d.code, d.message) for d in found])


# ---------------------------------------------------------------- SL606 across files
SHARED = ("一年来，我局认真贯彻落实县委、县政府决策部署，扎实推进交通基础设施建设，全年完成公路建设投资3.2亿元，"
          "新改建农村公路86公里，群众出行条件明显改善，交通运输服务保障能力持续提升。")


def write_pair(folder: Path) -> None:
    (folder / "a.txt").write_text(f"县交通运输局2023年工作总结\n{SHARED}\n{P2}\n", encoding="utf-8")
    edited = SHARED.replace("交通基础设施", "水利基础设施").replace("公路建设", "水利建设")
    (folder / "b.txt").write_text(f"县水利局2023年工作总结\n{P3}\n{edited}\n", encoding="utf-8")


def run_json(args, capsys):
    code = main([*args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_cross_file_copy_found_only_with_the_rule_on(tmp_path, capsys, monkeypatch):
    write_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = run_json(["."], capsys)
    assert code == 0 and not [d for d in out if d["code"] == "SL606"]
    for args in (["--cross-file"], ["--select", "SL606"]):
        code, out = run_json([".", *args], capsys)
        found = [d for d in out if d["code"] == "SL606"]
        assert code == 1 and len(found) == 1, args
        assert found[0]["path"].endswith("b.txt") and found[0]["line"] == 3
        assert "a.txt" in found[0]["message"] and "第 2 行" in found[0]["message"]


def test_cross_file_from_config(tmp_path, capsys, monkeypatch):
    write_pair(tmp_path)
    (tmp_path / "sumlint.toml").write_text("cross-file = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out = run_json(["."], capsys)
    assert [d["path"][-5:] for d in out if d["code"] == "SL606"] == ["b.txt"]


def test_cross_file_copy_honours_control_comments(tmp_path, capsys, monkeypatch):
    """Cross-file findings reach the user the same way per-file ones do."""
    write_pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    b = tmp_path / "b.txt"
    md = tmp_path / "b.md"
    md.write_text("<!-- sumlint-disable SL606 -->\n" + b.read_text(encoding="utf-8"), encoding="utf-8")
    b.unlink()
    _, out = run_json([".", "--select", "SL606"], capsys)
    assert out == []
    md.write_text(md.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    _, out = run_json([".", "--select", "SL606"], capsys)
    assert [(d["path"][-4:], d["line"]) for d in out] == [("b.md", 3)]


def test_cross_file_unrelated_files_silent(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.txt").write_text(f"总结\n{SHARED}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"总结\n{P2}{P3}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out = run_json([".", "--cross-file"], capsys)
    assert not [d for d in out if d["code"] == "SL606"]


def test_cross_file_with_worker_processes(tmp_path):
    """Many files lint in forked workers; their fingerprints reach the cross-file phase."""
    write_pair(tmp_path)
    lines = [line for path in sorted((ROOT / "tests" / "fixtures" / "fixed").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 60]
    assert len(lines) >= 30
    for i, line in enumerate(lines[:30]):
        (tmp_path / f"other{i:02d}.txt").write_text(f"总结\n{line}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sumlint", str(tmp_path), "--select", "SL606",
                           "--jobs", "2", "--format", "json"], capture_output=True, text=True,
                          cwd=ROOT)
    found = json.loads(proc.stdout)
    assert [Path(d["path"]).name for d in found] == ["b.txt"], proc.stderr


def test_doubled_search_from_pair_starts_equals_the_plain_finditer():
    """SL605 tries its pattern only where ``pair_starts`` says a unit repeats: on random texts
    (CJK, the class bounds, astral and lone surrogates, NUL) the matches are those of a scan."""
    import random
    from sumlint.checks.doubled import _PAIR_RE, _pairs_in, pair_starts
    rng = random.Random(7)
    alphabet = "的了是工作街道一二,.。 \0\U0001F600\ud800\u4e00\u9fff\u4dff\ua000"
    assert pair_starts("") == []
    for _ in range(3000):
        text = "".join(rng.choice(alphabet[:rng.randint(2, len(alphabet))])
                       for _ in range(rng.randint(0, 40)))
        lo = rng.randint(0, len(text))
        hi = rng.randint(lo, len(text))
        plain = [(m.start() + lo, m.group(1)) for m in _PAIR_RE.finditer(text[lo:hi])]
        fast = [(m.start(), m.group(1)) for m in _pairs_in(text, lo, hi, pair_starts(text))]
        assert fast == plain


def test_paragraph_filter_never_hides_a_list_that_may_repeat():
    """SL604 skips a paragraph when ``_may_repeat_any`` is False: then ``_may_repeat`` must be
    False for each of its lists (random lists of short normal forms, suffixes and repeats)."""
    import random
    from sumlint.checks.duplicates import _may_repeat, _may_repeat_any
    rng = random.Random(9)
    words = ["", "精神", "二十大精神", "党的二十大精神", "讲话", "大精神", "a", "ab"]
    for _ in range(20000):
        lists = [[rng.choice(words) for _ in range(rng.randint(2, 4))] for _ in range(rng.randint(1, 3))]
        flat = [n for items in lists for n in items]
        minimum = rng.randint(1, 4)
        if any(_may_repeat(items, minimum) for items in lists):
            assert _may_repeat_any(flat, [len(items) for items in lists], minimum), lists


def test_enumerations_of_the_whole_text_are_those_of_the_paragraphs():
    """SL604 finds its lists in the whole text: the same (offset, clause) pairs as splitting
    each paragraph, with white space at line edges, blank lines, and one-line documents."""
    import random
    from sumlint.checks.duplicates import _enumerations, _split_lists
    rng = random.Random(5)
    parts = ["甲", "乙丙", "、", "、", "，", "。", "\n", " ", "\u3000", "\t", "\u00a0", "\x0b", "（一）"]
    texts = ["  a、b  \n\u3000c、d，e、f\u3000\u3000", "、", "x、\n、y", " 、 ", "\n\n 、\t\n", ""]
    texts += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 60))) for _ in range(3000)]
    texts += ["。一、甲、乙 " * 120]                         # one long line: derived paragraphs
    for text in texts:
        doc = Document(text)
        assert _enumerations(doc) == [pair for p in doc.paragraphs
                                      for pair in _split_lists(p.text, p.start)], repr(text)


@pytest.mark.parametrize("clauses", [
    [], ["党的二十大精神、总书记　系列讲话等、（三）党的二十大精神等等"], ["a、b", "１、ﬁ等", "\u0301、e"],
    ["x\0y、z", "w、v"], ["、", "1.、一、"],
])
def test_item_norms_are_each_items_normal_form(clauses):
    from sumlint.checks.duplicates import _item_norms
    assert _item_norms(clauses) == [normalize(item).rstrip("等")
                                    for c in clauses for item in c.split("、")]


def test_sentence_tails_equal_the_regex_definition():
    """SL603's first pass takes the last four word characters of a sentence's last twelve
    without a regex for most sentences; the same as the regex on every sentence."""
    import random
    from sumlint.checks.duplicates import _WORD_RE, _tails
    rng = random.Random(11)
    chars = ["工", "作", "a", "1", "_", "。", "”", "%", ".", " ", "\u3000", "…", "！", "²", "Ⅻ", "é", "、"]
    texts = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 20))) for _ in range(5000)]
    doc = Document("\n".join(texts))
    assert _tails(doc.sentences) == [_WORD_RE.sub("", s.text[-12:])[-4:] for s in doc.sentences]
