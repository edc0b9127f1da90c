"""Load a configuration for use: read, lint, and refuse one that has errors."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from modelmap.config.model import Config
from modelmap.errors import ConfigError
from modelmap.lint.base import LintOptions
from modelmap.lint.engine import lint_loaded
from modelmap.loader import Document, LoadResult, load_file, load_text
from modelmap.problems import Problem, Severity

DEFAULT_NAMES = ("modelmap.yaml", "modelmap.yml", "models.yaml", "models.yml")
CONFIG_ENV = "MODELMAP_CONFIG"


@dataclass(frozen=True)
class Checked:
    """A linted file: the configuration (None when unreadable) and every finding."""

    path: str
    config: Config | None
    problems: list[Problem]
    document: Document | None = None  # the loaded YAML, which locates any path in it
    strict: bool = False  # the file's settings say warnings fail (modelmap.settings)

    @property
    def errors(self) -> list[Problem]:
        """Only the findings of severity error."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return "is a directory, not a config file"
    if path.exists():  # /dev/null, a FIFO, a socket
        return "is not a regular file; name a config file"
    return "no such config file"


def discover_config(explicit: str | Path | None = None, cwd: Path | None = None) -> Path:
    """The config to use: ``explicit``, then $MODELMAP_CONFIG, then the default names."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: {_not_a_file(path)}")
        return path
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise ConfigError(f"{path}: {_not_a_file(path)} (from ${CONFIG_ENV})")
        return path
    base = cwd if cwd is not None else Path()  # relative, as the user would write it
    for name in DEFAULT_NAMES:
        if (base / name).is_file():
            return base / name
    raise ConfigError(
        "no config found: pass -c FILE, set $MODELMAP_CONFIG, or create one of "
        + ", ".join(DEFAULT_NAMES)
    )


def check_loaded(result: LoadResult, path: str, options: LintOptions | None = None) -> Checked:
    """Lint a load result."""
    config, problems = lint_loaded(result, options or LintOptions())
    return Checked(path, config, problems, result.document)


def check_file(
    path: Path, options: LintOptions | None = None, display: str | None = None
) -> Checked:
    """Read and lint one file."""
    shown = display if display is not None else str(path)
    return check_loaded(load_file(path, shown), shown, options)


def _usable(checked: Checked) -> Config:
    if checked.config is None or checked.errors:
        count = len(checked.errors)
        if checked.path.startswith("<") and checked.errors:  # text: no file to validate
            first = checked.errors[0]
            hint = f"the first: {first.line}:{first.column}: {first.code} {first.message}"
        else:
            hint = f"run 'modelmap validate {checked.path}'"
        raise ConfigError(
            f"{checked.path}: {count} error{'s' if count != 1 else ''} in the configuration; "
            + hint,
            checked.problems,
        )
    return checked.config


def load_config(path: str | Path | None = None) -> Config:
    """Load and check a configuration file (discovered when ``path`` is None).

    Raises :class:`ConfigError` carrying the diagnostics when the file has errors.
    """
    found = discover_config(path)
    return _usable(check_file(found))


def load_config_text(text: str, name: str = "<string>") -> Config:
    """Load and check a configuration given as YAML text."""
    return _usable(check_loaded(load_text(text, name), name))
