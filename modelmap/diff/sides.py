"""Load the two sides of a diff: files, or a file as it was at a git revision."""

from __future__ import annotations

import subprocess
from pathlib import Path

from modelmap.config.load import Checked, check_file, check_loaded
from modelmap.config.model import Config
from modelmap.diff.engine import Side
from modelmap.errors import ConfigError, UsageError
from modelmap.loader import load_bytes


def _usable(checked: Checked) -> Side:
    if checked.config is None or checked.errors:
        count = len(checked.errors)
        raise ConfigError(
            f"{checked.path}: {count} error{'s' if count != 1 else ''} in the configuration; "
            "fix them before comparing (the diagnostics are above)",
            checked.problems,
        )
    return Side(checked.config, checked.document, checked.path)


def file_side(path: Path, display: str | None = None) -> Side:
    """A side read from a file; ConfigError with the diagnostics when it has errors."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if not path.is_file():
        raise UsageError(f"{path}: is not a regular file; name a config file")
    return _usable(check_file(path, display=display))


def bytes_side(raw: bytes, display: str) -> Side:
    """A side from a file's contents (``git show``), named ``display`` in diagnostics."""
    return _usable(check_loaded(load_bytes(raw, display), display))


def empty_side(display: str) -> Side:
    """A side with no names: a file that did not exist yet."""
    return Side(Config(source=display, format=2), None, display)


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--base needs git, and no 'git' command was found") from None


def git_side(rev: str, path: Path) -> Side:
    """``path`` as it was at revision ``rev`` of its git repository (no names if it did not
    exist there). UsageError when ``path`` is not in a repository or ``rev`` is unknown."""
    if not rev or rev.startswith("-"):
        raise UsageError(f"--base {rev!r} is not a revision; give a branch, tag or commit")
    folder = path.resolve().parent
    top = _git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise UsageError(f"{path}: not in a git repository; --base needs one")
    root = Path(top.stdout.decode("utf-8", "replace").strip())
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    if _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root).returncode != 0:
        raise UsageError(
            f"--base {rev!r}: unknown revision in {root} (a shallow clone may lack it: "
            "fetch with fetch-depth: 0)"
        )
    display = f"{rev}:{relative}"
    if _git(["cat-file", "-e", f"{rev}:{relative}"], root).returncode != 0:
        return empty_side(display)
    shown = _git(["show", f"{rev}:{relative}"], root)
    if shown.returncode != 0:
        message = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git show {display} failed: {message[0] if message else 'no message'}")
    return bytes_side(shown.stdout, display)
