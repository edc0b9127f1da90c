"""Every rule code is documented: a name, a doc for --explain, and a README table row."""

from __future__ import annotations

import re
from pathlib import Path

from modelmap.lint.registry import MODULES, RULES

README = Path(__file__).parent.parent.parent / "README.md"


def test_codes_are_unique_and_documented() -> None:
    codes = [rule.code for module in MODULES for rule in module.RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES.values():
        assert re.fullmatch(r"MM\d{3}", rule.code)
        assert rule.name and rule.doc.endswith(".")


def test_readme_table_lists_every_code_with_its_name_and_severity() -> None:
    section = README.read_text(encoding="utf-8").split("## Rule codes", 1)[1].split("\n## ")[0]
    rows = {
        m.group(1): (m.group(2), m.group(3))
        for m in re.finditer(r"^\| (MM\d{3}) \| ([a-z0-9-]+) \| (\w+) \|", section, re.M)
    }
    assert rows == {code: (r.name, r.severity.value) for code, r in RULES.items()}
