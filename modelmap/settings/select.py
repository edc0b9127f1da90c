"""Which findings report, and how badly: ``select``, ``ignore``, ``severity`` and
``per-file-ignores`` applied to one file's findings.

A selector is a code (``MM301``), a code prefix (``MM3``, ``MM``) or a rule name
(``alias-shadows-model``, which stands for its code). Where ``select`` and ``ignore``
both match a code, the longer selector wins, and ``ignore`` wins a tie.
"""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Iterable
from pathlib import Path

from modelmap.problems import Problem, Severity
from modelmap.settings.model import Settings

LOAD_PREFIX = "MM0"  # a file that cannot be read: never ignored, never downgraded


def normalise(word: str) -> tuple[str | None, list[str]]:
    """The code or prefix ``word`` stands for (None if none), and the valid choices."""
    from modelmap.lint.registry import RULES

    by_name = _names(len(RULES))
    if word.lower() in by_name:
        return by_name[word.lower()], []
    upper = word.upper()
    if upper.startswith("MM") and any(code.startswith(upper) for code in RULES):
        return upper, []
    if upper.startswith("MM") and upper[2:].isdigit():
        # a code: suggest among those with the longest shared prefix (MM399 -> MM3xx)
        for length in range(len(upper) - 1, 2, -1):
            near = [code for code in RULES if code.startswith(upper[:length])]
            if near:
                return None, near
    return None, [*RULES, *by_name]


@functools.lru_cache(maxsize=1)
def _names(_count: int) -> dict[str, str]:
    from modelmap.lint.registry import RULES

    return {rule.name: code for code, rule in RULES.items()}


def _longest(selectors: Iterable[str], code: str) -> int:
    return max((len(s) for s in selectors if code.startswith(s)), default=-1)


def file_ignores(settings: Settings, path: str) -> tuple[str, ...]:
    """The ``per-file-ignores`` codes whose pattern matches ``path``.

    A pattern without '/' matches the file name in any directory; one with '/' matches
    the path relative to the settings file's directory ('*' may cross directories).
    """
    base = settings.base
    if not settings.per_file_ignores or base is None:
        return ()
    absolute = Path(path).absolute()
    name = absolute.name
    relative = os.path.relpath(absolute, base.absolute()).replace(os.sep, "/")
    inside = not relative.startswith("../")
    out: list[str] = []
    for pattern, codes in settings.per_file_ignores:
        cleaned = pattern.removeprefix("./")
        if "/" in cleaned:
            hit = inside and fnmatch.fnmatchcase(relative, cleaned)
        else:
            hit = fnmatch.fnmatchcase(name, cleaned)
        if hit:
            out.extend(codes)
    return tuple(out)


class Selection:
    """The settings' verdict on codes for one file, memoised per code."""

    def __init__(self, settings: Settings, path: str) -> None:
        self.settings = settings
        self.ignore = (*settings.ignore, *file_ignores(settings, path))
        self._cache: dict[str, bool] = {}

    def reports(self, code: str) -> bool:
        """Whether findings with ``code`` are kept."""
        kept = self._cache.get(code)
        if kept is None:
            if code.startswith(LOAD_PREFIX):
                kept = True
            else:
                select = self.settings.select if self.settings.select is not None else ("MM",)
                kept = _longest(select, code) > _longest(self.ignore, code)
            self._cache[code] = kept
        return kept

    def severity(self, problem: Problem) -> Severity:
        """The severity ``severity`` gives the problem's code (the longest key wins)."""
        table = self.settings.severity
        if not table or problem.code.startswith(LOAD_PREFIX):
            return problem.severity
        best = max((k for k in table if problem.code.startswith(k)), key=len, default=None)
        return table[best] if best is not None else problem.severity


def select_problems(
    settings: Settings, path: str | Path, problems: Iterable[Problem]
) -> list[Problem]:
    """The problems the settings keep, with their severity as the settings say."""
    from dataclasses import replace

    selection = Selection(settings, str(path))
    out = []
    for problem in problems:
        if selection.reports(problem.code):
            severity = selection.severity(problem)
            out.append(
                problem if severity is problem.severity else replace(problem, severity=severity)
            )
    return out
