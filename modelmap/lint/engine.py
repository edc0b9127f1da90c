"""Run every rule over a document and stamp the findings with position and severity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from modelmap.config.build import build_config, detect_format
from modelmap.config.model import Config
from modelmap.lint.base import Finding, LintContext, LintOptions
from modelmap.lint.registry import CHECKS, RULES
from modelmap.lint.rules.keyshapes import redact
from modelmap.loader import Document, LoadResult
from modelmap.problems import Problem, Severity


def _stamp(document: Document, findings: Iterable[Finding]) -> Iterator[Problem]:
    # document.problem() inlined: a file may have 100,000 findings
    name, locate = document.path, document.locate
    for finding in findings:
        where = locate(finding.path)
        line, column = (where.key_line, where.key_column) if finding.at_key else where[2:]
        code = finding.code
        yield Problem(name, line, column, code, RULES[code].severity, finding.message)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order by file, position, then severity and code; drop exact repeats."""
    ranks = {s: s.rank for s in Severity}
    return sorted(
        set(problems),
        key=lambda p: (p.file, p.line, p.column, ranks[p.severity], p.code, p.message),
    )


def lint_document(document: Document, options: LintOptions) -> tuple[Config, list[Problem]]:
    """The configuration a document describes and every finding about it."""
    config = build_config(document.data, document.path)
    context = LintContext(document, config, options)
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(_stamp(document, check(context)))
    return config, problems


def _redacted(problems: Iterable[Problem]) -> list[Problem]:
    """Load findings quote keys as written (MM002): mask any key-shaped text, as rules do."""
    return [replace(p, message=redact(p.message)) for p in problems]


def lint_loaded(result: LoadResult, options: LintOptions) -> tuple[Config | None, list[Problem]]:
    """Lint what loading produced; a document that could not be read has only load findings."""
    loaded = _redacted(result.problems)
    if result.document is None:
        return None, sort_problems(loaded)
    config, problems = lint_document(result.document, options)
    return config, sort_problems([*loaded, *problems])


__all__ = ["detect_format", "lint_document", "lint_loaded", "sort_problems"]
