"""File names as CI services want them: relative to the current directory, with '/'."""

from __future__ import annotations

import os
from pathlib import Path


def relative_path(name: str, cwd: str | None = None) -> str:
    """``name`` relative to ``cwd`` (default: the current directory), with forward slashes.

    Names that are not files on disk (``<string>``) and paths on another drive are kept.
    """
    if name.startswith("<"):
        return name
    base = cwd if cwd is not None else str(Path.cwd())
    try:
        rel = os.path.relpath(Path(name).absolute(), base)
    except ValueError:  # another drive on Windows: no relative form exists
        rel = name
    return rel.replace(os.sep, "/")
