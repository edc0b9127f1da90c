"""The validate use case: which files, which options, one report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from modelmap.config.load import (
    CONFIG_ENV,
    DEFAULT_NAMES,
    Checked,
    check_file,
    check_loaded,
    discover_config,
)
from modelmap.errors import ConfigError, UsageError
from modelmap.lint.base import LintOptions
from modelmap.lint.engine import sort_problems
from modelmap.lint.registry import RULES
from modelmap.loader import gc_paused, load_bytes
from modelmap.report.base import Report

FORMATS = ("text", "json", "github", "sarif")
STDIN = Path("-")
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class ValidateOptions:
    """What the user asked validate to do."""

    files: list[Path] = field(default_factory=list)
    fmt: str = "text"
    strict: bool = False
    check_env: bool = False
    env_file: Path | None = None
    use_env_file: bool = True
    stdin: bytes | None = None  # the text of the file named "-", when one is
    stdin_filename: str = STDIN_NAME  # the name findings give "-"


def _discovered() -> Path:
    """The default config; its absence names what validate accepts (no -c here)."""
    try:
        # Relative to '.', so that findings name the discovered file as the user would.
        return discover_config(cwd=Path())
    except ConfigError:
        if os.environ.get(CONFIG_ENV):
            raise
        raise UsageError(
            "no config found: name the files to check, set $MODELMAP_CONFIG, or create one of "
            + ", ".join(DEFAULT_NAMES)
        ) from None


def validate(options: ValidateOptions, keep: list[Checked] | None = None) -> Report:
    """Check every file and collect one report. Raises UsageError for impossible requests.

    ``keep`` receives each checked file (configuration and loaded document) when given.
    """
    if options.fmt not in FORMATS:
        raise UsageError(f"unknown format {options.fmt!r}; choose one of {', '.join(FORMATS)}")
    files = list(options.files) if options.files else [_discovered()]
    discovered = None if options.files else files[0]
    shown = options.stdin_filename
    for path in files:
        if path == STDIN:
            if options.stdin is None:
                raise UsageError("'-' names standard input, which was not given")
            continue
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        if path.is_dir():
            raise UsageError(f"{path}: is a directory; name the config files to check")
    unique: dict[Path, Path] = {}  # pre-commit never repeats a file; a hand-typed list may
    for path in files:
        unique.setdefault(path.resolve(), path)
    files = list(unique.values())
    environ: dict[str, str] = {}
    if options.check_env:
        from modelmap.envvars import load_environment

        try:
            environ = load_environment(options.env_file, use_env_file=options.use_env_file)
        except FileNotFoundError as exc:
            raise UsageError(str(exc)) from None
    lint = LintOptions(check_env=options.check_env, environ=environ)
    problems = []
    with gc_paused():
        for path in files:
            checked = (
                check_loaded(load_bytes(options.stdin or b"", shown), shown, lint)
                if path == STDIN
                else check_file(path, lint)
            )
            problems.extend(checked.problems)
            if keep is not None:
                keep.append(checked)
    rules = {code: (rule.name, rule.doc) for code, rule in RULES.items()}
    names = [shown if p == STDIN else str(p) for p in files]
    return Report(names, sort_problems(problems), options.strict, rules, discovered)
