"""Every rule ships bad and good examples in its TOML; each bad one fires it, no good one does."""

from __future__ import annotations

import pytest

from sumlint.engine import RunContext, lint_text
from sumlint.ruleset import load_rules

RULES = load_rules()
CASES = [(rule, which, text) for rule in RULES for which, text in rule.examples]


def test_every_rule_has_both_kinds_of_example():
    for rule in RULES:
        kinds = {which for which, _ in rule.examples}
        if rule.check.cross_file:     # one text cannot show a copy between files
            assert "good" in kinds, f"{rule.code} needs a good example"
            continue
        assert kinds == {"bad", "good"}, f"{rule.code} needs bad and good examples"


@pytest.mark.parametrize("rule,which,text", CASES,
                         ids=[f"{r.code}-{w}-{i}" for i, (r, w, _) in enumerate(CASES)])
def test_example(rule, which, text):
    path = "example" + rule.suffixes[0] if rule.suffixes else "<text>"   # .md: read as Markdown
    found = [d for d in lint_text(text, [rule], RunContext(), path) if d.code == rule.code]
    if which == "bad":
        assert found, f"{rule.code} should fire on: {text!r}"
    else:
        assert not found, f"{rule.code} fired on good example {text!r}: {[d.message for d in found]}"
