"""``path:line:col: CODE [severity] message`` lines and a summary line."""

from __future__ import annotations

from modelmap.problems import Problem, Severity
from modelmap.report.base import Report

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
# Control characters from the file (a key "a\nb") shown escaped: one line per finding, and
# no escape sequence from a file ever reaches the terminal.
_CONTROL = {i: repr(chr(i))[1:-1] for i in (*range(32), 127)}


_LABELS = {s: f"[{s.value}]" for s in Severity}


def escaped(text: str) -> str:
    """``text`` with its control characters escaped (printable text, the usual case, is
    returned as is: a check at C speed instead of a translation character by character)."""
    return text if text.isprintable() else text.translate(_CONTROL)


def format_problem(problem: Problem, *, color: bool = False) -> str:
    """One diagnostic as a compiler-style line."""
    where = f"{escaped(problem.file)}:{problem.line}:{problem.column}:"
    severity = _LABELS[problem.severity]
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_COLORS[problem.severity]}{severity}{_RESET}"
    return f"{where} {problem.code} {severity} {escaped(problem.message)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    """'2 errors, 1 warning, 0 infos in 3 files' style summary."""
    counts = report.counts()
    parts = ", ".join(
        [
            _plural(counts["error"], "error"),
            _plural(counts["warning"], "warning"),
            _plural(counts["info"], "info"),
        ]
    )
    verdict = "failed" if report.failed else "ok"
    strict = " (strict)" if report.strict or report.strict_files else ""
    found = f" (found {report.discovered})" if report.discovered is not None else ""
    return f"{verdict}{strict}: {parts} in {_plural(len(report.files), 'file')}{found}"


class TextReporter:
    """The default human format."""

    def __init__(self, color: bool = False, quiet: bool = False) -> None:
        self.color = color
        self.quiet = quiet

    def render(self, report: Report) -> str:
        """Every finding, then the summary (the summary is left out with --quiet)."""
        lines = [
            format_problem(p, color=self.color)
            for p in report.problems
            if not (self.quiet and p.severity is Severity.INFO)
        ]
        if not self.quiet:
            lines.append(summary_line(report))
        return "\n".join(lines) + ("\n" if lines else "")
