"""Shared fixtures: the rule set is loaded once per session (loading validates every pack)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from sumlint.config import Config, select_rules
from sumlint.engine import RunContext, lint_text
from sumlint.ruleset import load_rules

# Test modules load the packs at import (collection), before any fixture runs: the per-user
# cache (compiled packs, word index) is redirected here so a test run never writes into ~/.cache.
_USER_CACHE = tempfile.mkdtemp(prefix="sumlint-test-user-cache-")
os.environ["SUMLINT_USER_CACHE_DIR"] = _USER_CACHE


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_USER_CACHE, ignore_errors=True)


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    """CLI runs in tests keep their result cache out of the checkout and of /tmp's parents."""
    monkeypatch.setenv("SUMLINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "sumlint_cache"))


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
