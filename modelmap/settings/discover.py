"""Find the settings that apply to a file: the nearest ``.modelmap.toml`` or a
``pyproject.toml`` with ``[tool.modelmap]``, from the file's directory upward.

Cheap on purpose: two ``stat`` calls per directory, and a pyproject.toml is only parsed
when its text mentions ``modelmap`` in a ``tool`` table.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelmap.settings.model import PYPROJECT, SETTINGS_NAME

if TYPE_CHECKING:
    from modelmap.settings.model import Settings

# `[tool.modelmap]`, `[tool.modelmap.policy]`, `[tool]` + `modelmap = ...`, `tool.modelmap.x = `
_MENTIONS = r"""^\s*(\[\s*tool\s*\]|\[?\s*tool\s*\.\s*["']?modelmap\b)"""


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _may_configure(pyproject: Path) -> bool:
    try:
        raw = pyproject.read_bytes()
    except OSError:
        return False
    if b"modelmap" not in raw:
        return False
    import re

    return re.search(_MENTIONS, raw.decode("utf-8", "replace"), re.M) is not None


class Finder:
    """Settings per directory for one run; every directory is looked at once."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = explicit
        self._loaded: Settings | None = None
        self._by_dir: dict[Path, Settings | None] = {}

    def for_file(self, path: Path) -> Settings | None:
        """The settings that apply to ``path``, or None when no settings file does."""
        if self._explicit is not None:
            if self._loaded is None:
                from modelmap.settings.parse import load_settings

                self._loaded = load_settings(self._explicit, explicit=True)
            return self._loaded
        return self.for_directory(path.absolute().parent)

    def for_directory(self, directory: Path) -> Settings | None:
        """The settings found from ``directory`` upward (None: no settings file)."""
        seen: list[Path] = []
        found: Settings | None = None
        current = directory
        while True:
            if current in self._by_dir:
                found = self._by_dir[current]
                break
            seen.append(current)
            found = self._look(current)
            if found is not None:
                break
            parent = current.parent
            if parent == current:
                break
            current = parent
        for visited in seen:
            self._by_dir[visited] = found
        return found

    def _look(self, directory: Path) -> Settings | None:
        own = directory / SETTINGS_NAME
        if _is_file(own):
            from modelmap.settings.parse import load_settings

            return load_settings(own)
        pyproject = directory / PYPROJECT
        if _is_file(pyproject) and _may_configure(pyproject):
            from modelmap.settings.parse import load_settings

            return load_settings(pyproject)  # None without [tool.modelmap]
        return None
