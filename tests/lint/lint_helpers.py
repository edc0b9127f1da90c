"""Helpers for rule tests: lint a YAML snippet and look at (line, column, code)."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from modelmap.lint.base import LintOptions
from modelmap.lint.engine import lint_loaded
from modelmap.loader import load_text
from modelmap.problems import Problem

NO_ENV: Mapping[str, str] = {}


def lint(
    text: str, *, check_env: bool = False, environ: Mapping[str, str] = NO_ENV
) -> list[Problem]:
    """Every finding for a (dedented) YAML snippet named t.yaml."""
    result = load_text(textwrap.dedent(text), "t.yaml")
    return lint_loaded(result, LintOptions(check_env=check_env, environ=dict(environ)))[1]


def where(
    text: str,
    family: str = "MM",
    *,
    check_env: bool = False,
    environ: Mapping[str, str] = NO_ENV,
) -> list[tuple[int, int, str]]:
    """(line, column, code) of the findings whose code starts with ``family``."""
    return [
        (p.line, p.column, p.code)
        for p in lint(text, check_env=check_env, environ=environ)
        if p.code.startswith(family)
    ]


def messages(text: str, code: str, *, check_env: bool = False) -> list[str]:
    """The messages of the findings with exactly ``code``."""
    return [p.message for p in lint(text, check_env=check_env) if p.code == code]
