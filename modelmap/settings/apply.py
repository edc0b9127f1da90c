"""Settings and inline suppressions applied to one file's findings."""

from __future__ import annotations

from collections.abc import Iterable

from modelmap.problems import Problem
from modelmap.settings.model import Settings
from modelmap.settings.select import select_problems
from modelmap.settings.suppress import MARK, suppress


def apply_settings(
    settings: Settings | None, path: str, text: str | None, problems: Iterable[Problem]
) -> list[Problem]:
    """What is left of ``problems`` after ``select``/``ignore``/``per-file-ignores``, with
    ``severity`` applied, then the file's own suppressions (their MM901/MM902 findings are
    subject to the settings as well)."""
    kept = list(problems)
    if settings is not None:
        kept = select_problems(settings, path, kept)
    if text is not None and MARK in text:
        kept = suppress(path, text, kept)
        if settings is not None:
            kept = select_problems(settings, path, kept)
    return kept
