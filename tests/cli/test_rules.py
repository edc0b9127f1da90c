"""``modelmap rules`` and ``validate --explain all``: every rule, one line each."""

from __future__ import annotations

import json

from modelmap.lint.registry import RULES

from .conftest import Invoke


def test_rules_lists_every_rule_once_in_code_order(invoke: Invoke) -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(RULES)
    for line in lines:
        code, name, severity = line.split()[:3]
        assert (name, severity) == (RULES[code].name, RULES[code].severity.value)
        summary = line.split(severity, 1)[1].strip()
        assert summary and summary.endswith((".", ")")), line


def test_rules_json_has_code_name_severity_and_summary(invoke: Invoke) -> None:
    rows = json.loads(invoke("rules", "--json").stdout)["rules"]
    assert [row["code"] for row in rows] == sorted(RULES)
    mm002 = next(row for row in rows if row["code"] == "MM002")
    assert mm002 == {
        "code": "MM002",
        "name": "duplicate-key",
        "severity": "error",
        "summary": "A key appears twice in the same mapping.",
    }


def test_explain_all_prints_the_rule_list(invoke: Invoke) -> None:
    explained = invoke("validate", "--explain", "all")
    assert explained.exit_code == 0
    assert explained.stdout == invoke("rules").stdout


def test_explain_one_code_still_prints_its_whole_doc(invoke: Invoke) -> None:
    out = invoke("validate", "--explain", "MM002").stdout
    assert out.startswith("MM002 duplicate-key [error]")
    assert RULES["MM002"].doc in out
