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
    # files whose settings say ``strict = true`` (``strict`` covers every file)
    strict_files: frozenset[str] = frozenset()
    discovered: Path | None = None  # the config found when no file was named

    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        tally = Counter(p.severity for p in self.problems)  # the members, not .value: faster
        return {s.value: tally.get(s, 0) for s in Severity}

    @property
    def failed(self) -> bool:
        """Errors fail; warnings fail too with --strict (or in a file whose settings say so)."""
        counts = self.counts()
        if counts["error"] > 0:
            return True
        if self.strict:
            return counts["warning"] > 0
        return any(
            p.severity is Severity.WARNING and p.file in self.strict_files for p in self.problems
        )

    def summary(self) -> dict[str, object]:
        """The JSON summary object."""
        counts = self.counts()
        return {
            "files": len(self.files),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
            "strict": self.strict or bool(self.strict_files),
            "ok": not self.failed,
        }
