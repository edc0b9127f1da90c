"""``modelmap diff``: what a change to the mapping does to every client-facing name.

``modelmap.diff(old, new)`` compares two configurations (loaded ``Config`` objects, or paths
to load) and returns the :class:`Change` values; see README "Reviewing a change: diff and
cost".
"""

from __future__ import annotations

import os
from pathlib import Path

from modelmap.config.model import Config
from modelmap.diff.changes import KINDS, Change, Summary, summarise
from modelmap.diff.engine import Side, aliases_affected, compare_sides


def _side(value: Config | str | os.PathLike[str]) -> Side:
    if isinstance(value, Config):
        return Side(value)
    from modelmap.diff.sides import file_side

    return file_side(Path(value))


def diff(
    old: Config | str | os.PathLike[str], new: Config | str | os.PathLike[str]
) -> tuple[Change, ...]:
    """Every change in what a name or alias resolves to, from ``old`` to ``new``.

    Paths are loaded and checked like :func:`modelmap.load_config` (ConfigError carrying
    the diagnostics); changes then carry the line of each name. A ``Config`` has no
    positions: its changes have ``line`` None and ``file`` its ``source``.
    """
    from modelmap.loader import gc_paused

    with gc_paused():
        return compare_sides(_side(old), _side(new))


__all__ = [
    "KINDS",
    "Change",
    "Side",
    "Summary",
    "aliases_affected",
    "compare_sides",
    "diff",
    "summarise",
]
