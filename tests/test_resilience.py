"""No input breaks a run: fuzzed bytes and text, pathological user regexes, hostile file trees,
malformed configuration. Every failure is one clear Chinese line and a defined exit code."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sumlint.cli import main
from sumlint.config import Config
from sumlint.document import Document
from sumlint.engine import RunContext, run_rules
from sumlint.loading import LoadError, decode

FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text that looks like the documents (headings, years, placeholders, watermarks) mixed with
# characters that break naive code: lone surrogates, controls, RTL marks, \r, NUL, BOM.
PIECES = ["一、", "（二）", "1.", "2023年", "二〇二三年", "工作总结", "XXX", "××", "【】", "一是",
          "二要", "。", "，", "\n", "\r\n", "\r", "\u200f", "\u202e", "\ud800", "\udfff", "\x00",
          "\x0b", "\x1b", "\ufeff", "\u3000", " ", "本文来源于网络", "www.x.com", "#", "第一章"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60).map("".join)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ fuzzing
@FAST
@given(st.binary(max_size=2000))
def test_decode_arbitrary_bytes_returns_text_or_load_error(data):
    try:
        loaded = decode(data)
    except LoadError as exc:
        assert str(exc)
        return
    assert isinstance(loaded.text, str)


@FAST
@given(TEXT)
def test_document_model_on_arbitrary_text(text):
    doc = Document(text, "fuzz.txt")
    for name in ("lines", "paragraphs", "sentences", "title", "headings", "series", "years",
                 "periods"):
        getattr(doc, name)
    for offset in (0, len(doc.text) // 2, len(doc.text)):
        line, col = doc.position(offset)
        assert 1 <= line <= len(doc.lines) and col >= 1


def assert_spans_valid(doc: Document, diagnostics) -> None:
    lines = doc.lines
    for d in diagnostics:
        assert 1 <= d.line <= len(lines), d
        assert 1 <= d.end_line <= len(lines) and (d.end_line, d.end_column) >= (d.line, d.column), d
        assert 1 <= d.column <= len(lines[d.line - 1].text) + 1, d
        assert 1 <= d.end_column <= len(lines[d.end_line - 1].text) + 1, d
        assert 0 <= d.start <= d.end <= len(doc.text), d


@FAST
@given(text=TEXT)
def test_all_rules_on_arbitrary_text_give_valid_spans(all_rules, text):
    doc = Document(text, "fuzz.txt")
    assert_spans_valid(doc, run_rules(doc, all_rules, RunContext()))


@pytest.mark.parametrize("text", [
    "", "\n", "\r", "\r\n\r\n", "\ud800", "\u202e2023年工作总结\u202c\n", "一、" * 50000,
    "a" * 100_000, "2023年工作总结\n" + "XXX同志" * 20000 + "\n", "\x00\x01\x02", "\ufeff\ufeff",
    "，" * 100_000, "x@" * 50_000,
], ids=lambda text: f"{len(text)}:{text[:6]!r}")
def test_all_rules_on_edge_cases(all_rules, text):
    doc = Document(text, "edge.txt")
    assert_spans_valid(doc, run_rules(doc, all_rules, RunContext()))


# ------------------------------------------------------------------ user rules cannot hang a run
def test_pathological_user_regex_is_stopped_and_the_run_goes_on(capsys, tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('[[rules]]\ncode = "US101"\nname = "slow"\ncategory = "ad"\nkind = "pattern"\n'
                    'message = "m"\npatterns = ["(a+)+$"]\n', encoding="utf-8")
    (tmp_path / "sumlint.toml").write_text("rule-timeout = 0.2\n", encoding="utf-8")
    (tmp_path / "a_slow.txt").write_text("2023年工作总结\n" + "a" * 60 + "!\n", encoding="utf-8")
    (tmp_path / "b_dirty.txt").write_text("仅供学习 禁止外传\n2023年工作总结\n", encoding="utf-8")
    started = time.perf_counter()
    code, out, err = run(capsys, "--config", tmp_path / "sumlint.toml", "--extend-rules", pack,
                         "--format", "concise", "--jobs", "1", tmp_path / "a_slow.txt",
                         tmp_path / "b_dirty.txt")
    assert time.perf_counter() - started < 5
    assert "a_slow.txt" in err and "US101" in err and "超过 0.2 秒" in err
    assert "b_dirty.txt" in out          # the other file was linted
    assert code == 2                     # a named file could not be fully checked


def _sleepy_rule(code, seconds):
    """A rule that takes ``seconds`` on any document, then reports one character (its own)."""
    from types import SimpleNamespace

    from sumlint.diagnostics import Finding

    def check(doc, ctx):
        time.sleep(seconds)
        at = int(code[-1])
        yield Finding(at, at + 1, code)
    return SimpleNamespace(code=code, name=code.lower(), category="ad", severity="warning",
                           check=SimpleNamespace(cross_file=False, check=check))


def test_rule_timeout_is_per_rule_and_spares_the_other_rules():
    # each rule gets the whole budget: three rules of 0.12 s are not stopped by a 0.2 s limit,
    # the stuck one is, and the rules after it still report
    rules = [_sleepy_rule(f"SL9{i}", 0.12) for i in range(3)] + [_sleepy_rule("SL99", 3),
                                                                  _sleepy_rule("SL98", 0.01)]
    ctx = RunContext(Config(rule_timeout=0.2))
    timed_out: list[str] = []
    started = time.perf_counter()
    found = run_rules(Document("一段足够长的文字，共十一个字。"), rules, ctx, timed_out)
    assert time.perf_counter() - started < 1.5
    assert timed_out == ["SL99"]
    assert sorted(d.code for d in found) == ["SL90", "SL91", "SL92", "SL98"]
    time.sleep(0.3)           # no timer left behind to fire after the document
    assert run_rules(Document("一段文字。"), rules[:1], ctx, timed_out) and timed_out == ["SL99"]


def test_rule_timeout_must_be_a_non_negative_number(capsys, tmp_path):
    (tmp_path / "sumlint.toml").write_text('rule-timeout = "soon"\n', encoding="utf-8")
    code, _, err = run(capsys, "--config", tmp_path / "sumlint.toml", tmp_path)
    assert code == 2 and "sumlint.toml:1" in err and "rule-timeout" in err


# ------------------------------------------------------------------ files
def test_file_over_max_file_size_is_refused(capsys, tmp_path):
    (tmp_path / "sumlint.toml").write_text("max-file-size = 1000\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("今年以来，各项工作稳步推进。\n" * 200, encoding="utf-8")
    code, _, err = run(capsys, "--config", tmp_path / "sumlint.toml", big)
    assert code == 2 and "big.txt" in err and "文件太大" in err and "max-file-size" in err


def test_symlink_loop_and_dangling_link_end_cleanly(capsys, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("县交通运输局2023年工作总结\n", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "self.txt", tmp_path / "self.txt")          # a link to itself
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    code, out, err = run(capsys, "--format", "concise", tmp_path)
    assert "Traceback" not in err and code in (0, 1)
    assert "self.txt" in err and "dangling.txt" in err               # reported, not crashed


def test_unreadable_file_and_folder(capsys, tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text("正文\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("正文\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("仅供学习 禁止外传\n", encoding="utf-8")
    import builtins
    from sumlint import loading
    real_scandir = os.scandir

    def open_file(path, *args, **kwargs):     # tests run as root, where chmod does not lock
        if os.path.basename(os.fspath(path)) == "secret.txt":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return builtins.open(path, *args, **kwargs)

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(loading, "open", open_file, raising=False)
    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run(capsys, "--format", "concise", "--jobs", "1", tmp_path)
    assert "secret.txt：没有读取权限" in err and "locked" in err and "没有权限" in err
    assert "ok.txt" in out and code == 1            # found in folders: findings decide
    code, _, err = run(capsys, "--jobs", "1", tmp_path / "secret.txt")
    assert code == 2 and "没有读取权限" in err       # named: exit 2


def test_file_deleted_during_the_run(capsys, tmp_path, monkeypatch):
    import sumlint.cli as cli
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("仅供学习 禁止外传\n", encoding="utf-8")
    real_discover = cli.discover

    def discover_then_delete(paths, cfg):
        items = list(real_discover(paths, cfg))
        (tmp_path / "a.txt").unlink()
        return items

    monkeypatch.setattr(cli, "discover", discover_then_delete)
    code, out, err = run(capsys, "--format", "concise", "--jobs", "1", tmp_path)
    assert "a.txt：文件不存在" in err and "b.txt" in out and code == 1


def test_non_utf8_file_name(capsys, tmp_path):
    name = os.fsencode(tmp_path) + b"/\xb9\xa4\xd7\xf7.txt"     # 工作 in GBK
    with open(name, "wb") as fh:
        fh.write("仅供学习 禁止外传\n".encode())
    code, out, err = run(capsys, "--format", "json", tmp_path)
    assert code == 1 and "\ufffd" in out and "Traceback" not in err


def test_folder_of_many_small_files(capsys, tmp_path):
    n = 5000          # python bench/many_files.py runs the 50,000-file case
    body = "县交通运输局2023年工作总结\n今年以来，局党组认真贯彻落实各项部署。\n".encode()
    for i in range(n):
        with open(os.path.join(tmp_path, f"{i:05d}.txt"), "wb") as fh:
            fh.write(body)
    started = time.perf_counter()
    code, out, err = run(capsys, "--quiet", "--format", "concise", tmp_path)
    assert time.perf_counter() - started < 20
    assert code == 0 and err == ""


def test_internal_error_is_one_line_exit_2(capsys, tmp_path, monkeypatch):
    import sumlint.cli as cli

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "get_reporter", lambda fmt: boom)
    monkeypatch.delenv("SUMLINT_DEBUG", raising=False)
    (tmp_path / "a.txt").write_text("正文\n", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "a.txt")
    assert code == 2 and "内部错误" in err and "boom" in err and "Traceback" not in err


# ------------------------------------------------------------------ malformed configuration
@pytest.mark.parametrize("toml, key, line", [
    ("select = [\n  \"SL1\",\n]\nfail-on = 3\n", "fail-on", 4),
    ("max-file-size = -1\n", "max-file-size", 1),
    ("\n\nunknown-key = 1\n", "unknown-key", 3),
    ("exclude = [1]\n", "exclude", 1),
    ("per-file-ignores = { \"*.md\" = \"SL1\" }\n", "per-file-ignores", 1),
])
def test_bad_config_is_one_message_with_file_line_and_key(capsys, tmp_path, toml, key, line):
    (tmp_path / "sumlint.toml").write_text(toml, encoding="utf-8")
    code, _, err = run(capsys, "--config", tmp_path / "sumlint.toml", tmp_path)
    assert code == 2 and f"sumlint.toml:{line}" in err and key in err
    assert len(err.strip().splitlines()) == 1


def test_bad_toml_syntax_names_file_and_line(capsys, tmp_path):
    (tmp_path / "sumlint.toml").write_text("select = [\"SL1\"\nignore = 3\n", encoding="utf-8")
    code, _, err = run(capsys, "--config", tmp_path / "sumlint.toml", tmp_path)
    assert code == 2 and "sumlint.toml" in err and "TOML" in err and "line" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("body, key", [
    ('code = "US101"\nname = "x"\ncategory = "ad"\nkind = "pattern"\nmessage = "m"\n'
     'phrases = "not a list"\n', "phrases"),
    ('code = "US101"\nname = "x"\ncategory = "ad"\nkind = "pattern"\nmessage = "m"\n'
     'phrases = ["a"]\ncolour = "red"\n', "colour"),
    ('code = "US101"\nname = "x"\ncategory = "ad"\nkind = "no-such-kind"\nmessage = "m"\n', "kind"),
    ('code = 101\nname = "x"\ncategory = "ad"\nkind = "pattern"\nmessage = "m"\n'
     'phrases = ["a"]\n', "code"),
])
def test_bad_user_pack_is_one_message_with_file_line_and_key(capsys, tmp_path, body, key):
    pack = tmp_path / "mine.toml"
    pack.write_text("[[rules]]\n" + body, encoding="utf-8")
    (tmp_path / "a.txt").write_text("正文\n", encoding="utf-8")
    code, _, err = run(capsys, "--extend-rules", pack, tmp_path / "a.txt")
    assert code == 2 and "mine.toml:" in err and key in err, err
    assert len(err.strip().splitlines()) == 1


def test_bad_toml_in_user_pack(capsys, tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text("[[rules]\ncode = \"US1\"\n", encoding="utf-8")
    code, _, err = run(capsys, "--extend-rules", pack, tmp_path)
    assert code == 2 and "mine.toml" in err and "Traceback" not in err


# ------------------------------------------------------------------ the pattern prefilter is sound
def _assert_prefilter_sound(rules, samples):
    for rule in rules:
        check = rule.check
        for rx, needs in zip(getattr(check, "regexes", ()), getattr(check, "required", ())):
            if not needs:
                continue
            for sample in samples:
                for m in rx.finditer(sample):
                    if m.end() > m.start():
                        assert any(s in m.group(0) for s in needs), (rule.code, rx.pattern)


def test_prefilter_never_drops_a_match_on_the_examples(all_rules):
    """Every match of every built-in pattern regex contains one of its required characters."""
    samples = [t for r in all_rules for w, t in r.examples if w == "bad"]
    assert any(getattr(r.check, "required", None) for r in all_rules)
    _assert_prefilter_sound(all_rules, samples)


@FAST
@given(text=TEXT)
def test_prefilter_never_drops_a_match_on_arbitrary_text(all_rules, text):
    _assert_prefilter_sound(all_rules, [text])


def test_rule_timeout_also_bounds_worker_processes(capsys, tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('[[rules]]\ncode = "US101"\nname = "slow"\ncategory = "ad"\nkind = "pattern"\n'
                    'message = "m"\npatterns = ["(a+)+$"]\n', encoding="utf-8")
    (tmp_path / "sumlint.toml").write_text("rule-timeout = 0.05\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(16):
        (docs / f"{i:02d}.txt").write_text("a" * 60 + "!\n", encoding="utf-8")
    started = time.perf_counter()
    code, _, err = run(capsys, "--config", tmp_path / "sumlint.toml", "--extend-rules", pack,
                       "--jobs", "2", "--quiet", docs)
    assert time.perf_counter() - started < 10
    assert err.count("US101") == 16 and "Traceback" not in err
    assert code == 0           # found in a folder: the timeout is reported, findings decide
