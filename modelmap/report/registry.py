"""Reporters by name; the names are also the choices of ``validate --format``."""

from __future__ import annotations

from typing import Protocol

from modelmap.report.base import Report
from modelmap.report.github import GithubReporter
from modelmap.report.jsonfmt import JsonReporter
from modelmap.report.sarif import SarifReporter
from modelmap.report.text import TextReporter


class Reporter(Protocol):
    """Turns a report into the text written to stdout."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None: ...

    def render(self, report: Report) -> str:
        """The output for ``report``."""
        ...


REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
}
