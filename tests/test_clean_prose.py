"""Correct official prose gives no findings: every file under fixtures/clean is a document a
careful office would submit (hand-written trap documents and public government reports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sumlint.document import Document
from sumlint.engine import RunContext, run_rules
from sumlint.loading import read_text

CLEAN = sorted((Path(__file__).parent / "fixtures" / "clean").glob("*.txt"))


def test_clean_corpus_present():
    assert len(CLEAN) >= 2


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_no_findings_on_clean_prose(path, default_rules):
    doc = Document(read_text(path).text, path.name)
    found = [f"{d.line}:{d.column} {d.code} {d.message}" for d in run_rules(doc, default_rules, RunContext())]
    assert found == []
