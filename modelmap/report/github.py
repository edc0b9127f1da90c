"""GitHub Actions workflow commands: one ``::error file=...::message`` line per finding.

GitHub turns these into annotations on the pull request's changed lines. Data is escaped
as the runner expects (``%``, CR, LF), property values additionally ``:`` and ``,``.
"""

from __future__ import annotations

from modelmap.problems import Problem, Severity
from modelmap.report.base import Report
from modelmap.report.paths import relative_path

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a message (the part after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=``, ...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_command(problem: Problem) -> str:
    """One finding as a workflow command."""
    props = ",".join(
        f"{key}={escape_property(value)}"
        for key, value in (
            ("file", relative_path(problem.file)),
            ("line", str(problem.line)),
            ("col", str(problem.column)),
            ("title", problem.code),
        )
    )
    return f"::{_COMMANDS[problem.severity]} {props}::{escape_data(problem.message)}"


class GithubReporter:
    """Annotations for GitHub Actions logs; ``quiet`` leaves out info findings (notices)."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        del color
        self.quiet = quiet

    def render(self, report: Report) -> str:
        """One workflow command per finding."""
        lines = [
            format_command(p)
            for p in report.problems
            if not (self.quiet and p.severity is Severity.INFO)
        ]
        return "".join(line + "\n" for line in lines)
