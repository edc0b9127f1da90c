"""What a reporter receives: the files checked and every finding, already sorted."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from modelmap.problems import Problem, Severity


@dataclass(frozen=True)
class Report:
    """The outcome of one validate run."""

    files: list[str]
    problems: list[Problem]
    strict: bool = False
    rules: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, doc)
    discovered: Path | None = None  # the config found when no file was named

    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        tally = Counter(p.severity.value for p in self.problems)
        return {s.value: tally.get(s.value, 0) for s in Severity}

    @property
    def failed(self) -> bool:
        """Errors fail; warnings fail too with --strict."""
        counts = self.counts()
        return counts["error"] > 0 or (self.strict and counts["warning"] > 0)

    def summary(self) -> dict[str, object]:
        """The JSON summary object."""
        counts = self.counts()
        return {
            "files": len(self.files),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
            "strict": self.strict,
            "ok": not self.failed,
        }
