"""The per-user cache of validated rule packs: a hit is the same rules as a miss, and every
kind of trouble with the cache folder only costs time."""

from __future__ import annotations

import os
import pickle
import re
from pathlib import Path

import pytest

from sumlint import packcache, ruleset
from sumlint.checks import RuleError
from sumlint.checks.base import LazyPattern, _from_compiled_form, compiled_form
from sumlint.config import Config
from sumlint.engine import RunContext, lint_text
from sumlint.ruleset import load_rules

FIXTURES = Path(__file__).parent / "fixtures"

USER_PACK = """
[[rules]]
code = "XY101"
name = "no-foo"
category = "ad"
kind = "pattern"
message = "{msg}"
patterns = ["甲(?:乙|丙)+丁"]
[[rules.examples]]
bad = "甲乙丁"
good = "甲丁"
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(folder))
    return folder


def _no_reading(monkeypatch):
    """Make any (re)reading of a pack fail, so a load that succeeds came from the cache."""
    def refuse(path):
        raise AssertionError(f"{path} was read again")
    monkeypatch.setattr(ruleset, "load_pack", refuse)


def _meta(rules):
    return [(r.code, r.name, r.category, r.kind, r.severity, r.message, r.explain, r.fix,
             r.default, r.examples, r.suffixes, r.source, r.line, type(r.check).__name__,
             r.options)
            for r in rules]


def _findings(rules):
    ctx = RunContext(Config())
    texts = [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt"))[:6]]
    texts += [text for r in rules for _, text in r.examples]
    out = []
    for text in texts:
        out.append([(d.line, d.column, d.end_line, d.end_column, d.code, d.message, d.severity,
                     d.fix_positions) for d in lint_text(text, rules, ctx)])
    return out


def test_a_hit_gives_the_same_rules_and_findings_as_a_miss(cache_dir, monkeypatch):
    cold = load_rules()
    assert len(list((cache_dir / "packs").glob("*.pickle"))) == len(ruleset.builtin_pack_paths())
    _no_reading(monkeypatch)
    warm = load_rules()
    assert _meta(warm) == _meta(cold)
    assert all(r.check.rule is r for r in warm)
    found = _findings(cold)
    assert sum(map(len, found)) > 100 and _findings(warm) == found


def test_a_hit_compiles_no_regex_until_a_rule_uses_it(cache_dir, monkeypatch):
    load_rules()
    _no_reading(monkeypatch)
    (rule,) = [r for r in load_rules() if r.kind == "substitution"][:1]
    guards = [p.after for p in rule.check.pairs if p.after is not None]
    assert guards and all(isinstance(g, LazyPattern) and "search" not in vars(g) for g in guards)


def test_editing_a_pack_is_noticed(cache_dir, tmp_path, monkeypatch):
    pack = tmp_path / "mine.toml"
    pack.write_text(USER_PACK.format(msg="旧说明"), encoding="utf-8")
    assert load_rules([pack])[-1].message == "旧说明"
    assert load_rules([pack])[-1].message == "旧说明"
    stat = pack.stat()
    pack.write_text(USER_PACK.format(msg="新说明"), encoding="utf-8")     # same size
    os.utime(pack, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_rules([pack])[-1].message == "新说明"


def test_a_pack_is_keyed_on_the_path_it_was_named_by(cache_dir, tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    pack = tmp_path / "sub" / "mine.toml"
    pack.write_text(USER_PACK.format(msg="说明"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_rules(["sub/mine.toml"])[-1].source == "sub/mine.toml"
    monkeypatch.chdir(tmp_path / "sub")
    assert load_rules(["mine.toml"])[-1].source == "mine.toml"


def test_a_bad_user_pack_is_reported_with_a_warm_cache_and_never_cached(cache_dir, tmp_path):
    load_rules()
    pack = tmp_path / "bad.toml"
    pack.write_text(USER_PACK.format(msg="说明").replace("甲(?:乙|丙)+丁", "甲(乙"),
                    encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RuleError) as info:
            load_rules([pack])
        assert str(info.value).startswith(f"{pack}:2：规则 XY101：键 “patterns”：正则表达式")
    assert not list((cache_dir / "packs").glob("bad-*"))


@pytest.mark.parametrize("junk", [b"", b"not a pickle", pickle.dumps({"key": None, "rules": []}),
                                  pickle.dumps([1, 2, 3])])
def test_a_corrupt_cache_file_is_ignored_and_replaced(cache_dir, junk):
    cold = load_rules()
    entries = list((cache_dir / "packs").glob("*.pickle"))
    for entry in entries:
        entry.write_bytes(junk)
    assert _meta(load_rules()) == _meta(cold)
    assert all(entry.read_bytes() != junk for entry in entries)


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch planted",))


def test_a_planted_cache_file_cannot_run_code(cache_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cold = load_rules()
    for entry in (cache_dir / "packs").glob("*.pickle"):
        key = pickle.loads(entry.read_bytes())["key"]
        entry.write_bytes(pickle.dumps({"key": key, "rules": [_Evil()]}))
    assert _meta(load_rules()) == _meta(cold)
    assert not (tmp_path / "planted").exists()


def test_an_unusable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    cold_meta = None
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for folder in (blocker / "cache", tmp_path / "packs-is-a-file"):
        monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", str(folder))
        if folder.name == "packs-is-a-file":
            folder.mkdir()
            (folder / "packs").write_text("x")
        meta = _meta(load_rules())
        assert cold_meta is None or meta == cold_meta
        cold_meta = meta


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert load_rules()
    assert not any(tmp_path.rglob("*.pickle"))


def test_lazy_pattern_behaves_like_the_compiled_one():
    source, flags = r"(?P<y>(?:19|20)[0-9]{2})\s*年", re.MULTILINE
    real, lazy = re.compile(source, flags), LazyPattern(source, flags)
    text = "2023 年总结\n2024年计划"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert lazy.groupindex == real.groupindex and lazy.flags == real.flags
    assert lazy.sub("X", text) == real.sub("X", text) and lazy == real
    assert "search" in vars(lazy)            # compiled once, methods bound on the instance
    assert pickle.loads(pickle.dumps(lazy)).pattern == source
    with pytest.raises(AttributeError):
        lazy.no_such_method


def test_a_cached_pack_stores_patterns_as_lazy_ones(cache_dir):
    load_rules()
    entry = next((cache_dir / "packs").glob("typos-*.pickle"))
    assert b"_compile" not in entry.read_bytes() and b"LazyPattern" in entry.read_bytes()


@pytest.mark.parametrize("source, flags", [
    (r"(?P<y>(?:19|20)[0-9]{2})\s*年", re.MULTILINE),
    (r"(?<=[\u4e00-\u9fff])[ \t\u3000]*[%％](?![0-9])", 0),
    (r"(?i)abc|[一二三四五六七八九十]{1,3}、", 0),
    ("第一|第二|第三", re.IGNORECASE | re.MULTILINE),
])
def test_a_pattern_rebuilt_from_the_compilers_output_matches_the_same(source, flags):
    real = re.compile(source, flags)
    form = compiled_form(real)
    lazy = LazyPattern(source, flags, form)
    text = "2023 年的 45% 增长 ABC 第二 十二、\n1999年" * 3
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert (lazy.flags, lazy.groups, dict(lazy.groupindex)) == \
        (real.flags, real.groups, dict(real.groupindex))


def test_a_damaged_compiled_form_falls_back_to_compiling_the_source():
    source = r"[\u4e00-\u9fff]{2}年"
    flags, _, groups, index, names = compiled_form(re.compile(source))
    lazy = LazyPattern(source, 0, (flags, b"\xff\xff\xff\x7f" * 3, groups, index, names))
    assert _from_compiled_form(source, lazy._code) is None          # _sre refuses the code
    assert [m.group() for m in lazy.finditer("今年与去年，明年")] == ["与去年"]


def test_a_hit_builds_a_rules_check_only_when_asked(cache_dir, monkeypatch):
    cold = {r.code: r for r in load_rules()}
    warm = load_rules()
    assert not any("check" in vars(r) for r in warm)
    rule = next(r for r in warm if r.kind == "pattern")
    assert type(rule.check) is type(cold[rule.code].check) and rule.check.rule is rule
    assert sum("check" in vars(r) for r in warm) == 1


def test_a_damaged_check_in_a_readable_entry_is_rebuilt_from_the_pack(cache_dir):
    cold = {r.code: r for r in load_rules()}
    warm = load_rules()
    for r in warm:
        r.__dict__["_check_blob"] = b"damaged"
    assert _findings(warm) == _findings(list(cold.values()))
    assert all(r.check.rule is r for r in warm)


def _lazy_patterns(obj, seen=None):
    """Every LazyPattern reachable from ``obj`` (a check and what it holds)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or isinstance(obj, (str, bytes, int, float, type(None))):
        return []
    seen.add(id(obj))
    if isinstance(obj, LazyPattern):
        return [obj]
    if isinstance(obj, dict):
        children = list(obj.values())
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = list(obj)
    else:
        children = list(getattr(obj, "__dict__", {}).values())
        children += [getattr(obj, s) for s in getattr(type(obj), "__slots__", ()) if hasattr(obj, s)]
    return [p for child in children for p in _lazy_patterns(child, seen)]


def test_every_cached_regex_matches_exactly_what_its_source_matches(cache_dir):
    cold = load_rules()
    text = "\n".join(t for r in cold for _, t in r.examples)
    text += "\n".join(p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*.txt")))
    patterns = [p for r in load_rules() for p in _lazy_patterns(r.check)]
    assert len(patterns) > 200 and all(p._code is not None for p in patterns)
    for lazy in patterns:
        real = re.compile(lazy.pattern, lazy._flags)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in real.finditer(text)], \
            lazy.pattern
