"""The seeds' expected findings are found, and the corrected documents give no findings.

Categories are tested as soon as a rule of theirs exists, so every new pack is held to the
corpus from its first commit.
"""

from __future__ import annotations

import pytest

from sumlint.config import Config, select_rules
from sumlint.document import Document
from sumlint.engine import RunContext, run_rules
from sumlint.loading import read_text
from sumlint.ruleset import load_rules

from corpus_score import FIXED, expected_entries, lint_seeds, score

RULES = select_rules(load_rules(), Config())
CATEGORIES = sorted({r.category for r in RULES}
                    & {e["category"] for e in expected_entries() if not e.get("optional")})


@pytest.fixture(scope="module")
def seed_diagnostics():
    return lint_seeds(RULES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_required_entries_found(seed_diagnostics, category):
    result = score(seed_diagnostics, category)
    missed = [f"{e['file'][:3]}:{e['line']}:{e['column']} {e['text'][:30]}" for e in result["missed"]]
    assert result["required"] > 0
    assert not missed, f"{category}: {len(missed)} of {result['required']} missed: {missed}"


@pytest.mark.parametrize("category", sorted({"ad", "placeholder", "artifact"} & set(CATEGORIES)))
def test_no_findings_beyond_expected(seed_diagnostics, category):
    """For these categories expected.json is complete: anything else reported is a false alarm."""
    extra = [f"{d.path[:3]}:{d.line}:{d.column} {d.code} {d.message[:40]}"
             for d in score(seed_diagnostics, category)["unmatched"]]
    assert not extra


@pytest.mark.parametrize("path", sorted(FIXED.glob("*.txt")), ids=lambda p: p.name)
def test_fixed_documents_are_clean(path):
    doc = Document(read_text(path).text, path.name)
    found = [f"{d.line}:{d.column} {d.code} {d.message}" for d in run_rules(doc, RULES, RunContext())]
    assert found == []
