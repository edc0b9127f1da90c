"""The validate use case: which files, which options, one report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

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
from modelmap.problems import Problem
from modelmap.report.base import Report
from modelmap.settings.discover import Finder

if TYPE_CHECKING:
    from datetime import date

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
    use_catalog: bool = True  # the MM7xx model catalog rules
    catalog_path: Path | None = None  # --catalog; None: the active catalog
    as_of: date | None = None  # lifecycle day; None: today
    settings: Path | None = None  # --settings: these for every file, instead of discovery
    stdin: bytes | None = None  # the text of the file named "-", when one is
    stdin_filename: str = STDIN_NAME  # the name findings give "-"


def parse_day(text: str) -> date:
    """A ``--as-of`` day; UsageError unless it is YYYY-MM-DD."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--as-of {text!r} is not a date; write YYYY-MM-DD") from None


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
    if options.use_catalog and options.catalog_path is not None:
        from modelmap.catalog import load_catalog

        load_catalog(options.catalog_path)  # a named catalog that cannot be read: exit 2
    lint = LintOptions(
        check_env=options.check_env,
        environ=environ,
        use_catalog=options.use_catalog,
        catalog_path=options.catalog_path,
        as_of=options.as_of,
    )
    finder = Finder(options.settings)
    problems: list[Problem] = []
    strict_files: set[str] = set()
    with gc_paused():
        for path in files:
            checked = _check(path, lint, finder, options)
            problems.extend(checked.problems)
            if checked.strict:
                strict_files.add(checked.path)
            if keep is not None:
                keep.append(checked)
    rules = {code: (rule.name, rule.doc) for code, rule in RULES.items()}
    names = [options.stdin_filename if p == STDIN else str(p) for p in files]
    return Report(
        names,
        sort_problems(problems) if len(files) > 1 else problems,  # each file's come sorted
        options.strict or (bool(files) and len(strict_files) == len(files)),
        rules,
        frozenset(strict_files),
        discovered,
    )


def _check(path: Path, lint: LintOptions, finder: Finder, options: ValidateOptions) -> Checked:
    """One file (or standard input, named ``-``) checked under the settings that apply to it
    (see modelmap.settings); standard input is judged as if it were ``--stdin-filename``."""
    stdin = path == STDIN
    settings = finder.for_file(Path(options.stdin_filename) if stdin else path)
    if settings is not None and settings.policy.enabled:
        lint = replace(lint, policy=settings.policy)
    if stdin:
        shown = options.stdin_filename
        checked = check_loaded(load_bytes(options.stdin or b"", shown), shown, lint)
    else:
        checked = check_file(path, lint)
    text = checked.document.text if checked.document is not None else None
    if settings is None and (text is None or "modelmap:" not in text):
        return checked  # nothing to apply: the usual case costs nothing more
    from modelmap.settings.apply import apply_settings

    kept = sort_problems(apply_settings(settings, checked.path, text, checked.problems))
    return replace(checked, problems=kept, strict=settings is not None and settings.strict)
