"""Shared values of the catalog tests (a uniquely named module)."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from modelmap.lint.base import LintOptions
from modelmap.lint.engine import lint_loaded
from modelmap.loader import load_text
from modelmap.problems import Problem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "catalog"
SMALL = FIXTURES / "small.json"  # hand-written: ids, limits and dates these tests rely on
AS_OF = date(2026, 6, 1)


def lint(text: str, as_of: date = AS_OF, catalog: Path = SMALL) -> list[Problem]:
    """Every finding for a YAML snippet, with the catalog rules on."""
    result = load_text(textwrap.dedent(text), "t.yaml")
    options = LintOptions(use_catalog=True, catalog_path=catalog, as_of=as_of)
    return lint_loaded(result, options)[1]


def where(text: str, as_of: date = AS_OF, catalog: Path = SMALL) -> list[tuple[int, int, str]]:
    """(line, column, code) of the MM7xx findings."""
    return [(p.line, p.column, p.code) for p in lint(text, as_of, catalog) if p.code >= "MM7"]
