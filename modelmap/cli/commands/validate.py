"""``modelmap validate``: check configuration files and report located findings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modelmap.cli.common import EXIT_FAILED, EXIT_OK, run, use_color

if TYPE_CHECKING:
    from modelmap.config.load import Checked


def _explain(code: str) -> int:
    if code.lower() == "all":
        from modelmap.lint.index import render_index, rule_index

        sys.stdout.write(render_index(rule_index()))
        return EXIT_OK
    from modelmap.errors import UsageError
    from modelmap.lint.registry import RULES
    from modelmap.suggest import did_you_mean

    by_name = {rule.name: rule for rule in RULES.values()}
    rule = RULES.get(code.upper()) or by_name.get(code.lower())
    if rule is None:
        started = [c for c in RULES if c.startswith(code.upper())]  # 'MM10': MM101, MM102...
        hint = (
            f"; codes that start so: {', '.join(sorted(started))}"
            if started and code
            else did_you_mean(
                code.upper() if code[:2].lower() == "mm" else code, [*RULES, *by_name]
            )
        )
        raise UsageError(f"unknown rule code {code!r}{hint}")
    sys.stdout.write(f"{rule.code} {rule.name} [{rule.severity.value}]\n\n{rule.doc}\n")
    return EXIT_OK


def command(
    files: list[Path] | None = typer.Argument(
        None,
        metavar="FILES...",
        help="Files to check ('-' reads standard input). Default: the discovered config.",
        show_default=False,
    ),
    fmt: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", help="text, json, github or sarif."
    ),
    strict: bool = typer.Option(False, "--strict", help="Warnings fail the run too."),
    check_env: bool = typer.Option(
        False, "--check-env", help="Report variables that values need but are unset."
    ),
    env_file: Path | None = typer.Option(
        None, "--env-file", metavar="PATH", help="Read variables from this file instead of ./.env."
    ),
    no_env_file: bool = typer.Option(False, "--no-env-file", help="Do not read any .env file."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line, no info findings."),
    stdin_filename: str = typer.Option(
        "<stdin>",
        "--stdin-filename",
        metavar="PATH",
        help="Name findings in standard input ('-') after this path.",
        show_default=False,
    ),
    explain: str | None = typer.Option(
        None,
        "--explain",
        metavar="CODE",
        help="Explain a rule (code or name) and exit; 'all' lists every rule.",
    ),
    catalog: Path | None = typer.Option(
        None,
        "--catalog",
        metavar="PATH",
        help="Model catalog file for the MM7xx checks (default: the active catalog).",
        show_default=False,
    ),
    no_catalog: bool = typer.Option(
        False, "--no-catalog", help="Skip the model catalog checks (MM7xx)."
    ),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Judge deprecation and retirement on this day instead of today.",
        show_default=False,
    ),
    settings: Path | None = typer.Option(
        None,
        "--settings",
        metavar="PATH",
        help="Lint settings to use (.modelmap.toml or pyproject.toml) instead of discovery.",
    ),
    show_settings: bool = typer.Option(
        False, "--show-settings", help="Print the effective settings and where each came from."
    ),
) -> None:
    """Check configuration files: schema, references, secrets. Exit 1 on errors."""

    kept: list[Checked] = []  # alive until the process ends: see run()

    def body() -> int:
        if explain is not None:
            return _explain(explain)
        if show_settings:
            from modelmap.settings.show import show_settings as show

            # '-' is found under the --stdin-filename path, as validate looks it up
            named = [Path(stdin_filename) if f == Path("-") else f for f in files or []]
            sys.stdout.write(show(named, settings))
            return EXIT_OK
        from modelmap.validate import STDIN, ValidateOptions, parse_day, validate

        stdin = sys.stdin.buffer.read() if files and STDIN in files else None
        report = validate(
            ValidateOptions(
                files=list(files or []),
                fmt=fmt,
                strict=strict,
                check_env=check_env,
                env_file=env_file,
                use_env_file=not no_env_file,
                use_catalog=not no_catalog,
                catalog_path=catalog,
                as_of=parse_day(as_of) if as_of is not None else None,
                settings=settings,
                stdin=stdin,
                stdin_filename=stdin_filename,
            ),
            keep=kept,
        )
        from modelmap.report.registry import REPORTERS

        reporter = REPORTERS[fmt](color=use_color(sys.stdout), quiet=quiet)
        sys.stdout.write(reporter.render(report))
        return EXIT_FAILED if report.failed else EXIT_OK

    run(body)
