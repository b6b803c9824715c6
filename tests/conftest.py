"""Shared fixtures: the rule set is loaded once per session (loading validates every pack)."""

from __future__ import annotations

import pytest

from sumlint.config import Config, select_rules
from sumlint.engine import RunContext, lint_text
from sumlint.ruleset import load_rules


@pytest.fixture(scope="session", autouse=True)
def _user_cache_in_tmp(tmp_path_factory):
    """Session fixtures (all_rules) load packs too: the per-user cache is redirected before them,
    so a test run never writes into the tester's ~/.cache."""
    import os
    before = os.environ.get("SUMLINT_USER_CACHE_DIR")
    os.environ["SUMLINT_USER_CACHE_DIR"] = str(tmp_path_factory.getbasetemp() / "sumlint_user_cache")
    yield
    if before is None:
        os.environ.pop("SUMLINT_USER_CACHE_DIR", None)
    else:
        os.environ["SUMLINT_USER_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    """CLI runs in tests keep their result cache out of the checkout and of /tmp's parents."""
    monkeypatch.setenv("SUMLINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "sumlint_cache"))
    # and the per-user cache (compiled packs, word index) out of the tester's home
    monkeypatch.setenv("SUMLINT_USER_CACHE_DIR",
                       str(tmp_path_factory.getbasetemp() / "sumlint_user_cache"))


@pytest.fixture(scope="session")
def all_rules():
    return load_rules()


@pytest.fixture(scope="session")
def default_rules(all_rules):
    return select_rules(all_rules, Config())


@pytest.fixture(scope="session")
def lint(all_rules, default_rules):
    """lint(text, codes=None, **config) → diagnostics; codes limits the rules run."""
    def run(text, codes=None, **config):
        if codes is None:
            rules = default_rules
        else:
            wanted = {codes} if isinstance(codes, str) else set(codes)
            rules = [r for r in all_rules if r.code in wanted or r.name in wanted
                     or r.category in wanted]
            assert rules, f"no rule matches {codes}"
        return lint_text(text, rules, RunContext(Config(**config)))
    return run
