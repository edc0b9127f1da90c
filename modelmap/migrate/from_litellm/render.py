"""The migrated mapping file as text: a comment header with what was not mapped, then YAML."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from modelmap.migrate.from_litellm.build import KeyToSet
from modelmap.migrate.from_litellm.deployments import Listed
from modelmap.problems import Problem, Severity

NOT_MAPPED = "not-mapped"


def listed_problem(path: str, item: Listed) -> Problem:
    """A listed field as a finding of the source file (for stderr)."""
    return Problem(path, item.line, 1, NOT_MAPPED, Severity.INFO, f"{item.where}: {item.why}")


def _comment(text: str) -> str:
    return "# " + " ".join(text.split())  # one line: a value never spans comment lines


def render(
    path: str, data: dict[str, Any], listed: Sequence[Listed], keys: Sequence[KeyToSet]
) -> str:
    """The mapping file: header comments (keys to set, fields not mapped), then the data."""
    import yaml

    name = Path(path).name
    lines = [_comment(f"Migrated from {name} by 'modelmap migrate --from litellm'.")]
    if keys:
        lines.append("#")
        lines.append(_comment(f"Literal keys of {name} are read from these variables now:"))
        lines += [
            _comment(f"- {k.variable} (backend {k.backend}, {k.what} at line {k.line})")
            for k in keys
        ]
    if listed:
        lines.append("#")
        lines.append(_comment(f"Not mapped (no modelmap equivalent), by line of {name}:"))
        lines += [_comment(f"- line {item.line}: {item.where}: {item.why}") for item in listed]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(lines) + "\n\n" + body


def check(text: str, path: str) -> list[Problem]:
    """The errors ``modelmap validate`` would report for the migrated text."""
    from modelmap.config.load import check_loaded
    from modelmap.loader import load_text

    shown = f"{path} (after migration)"
    return check_loaded(load_text(text, shown), shown).errors
