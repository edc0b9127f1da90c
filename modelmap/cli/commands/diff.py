"""``modelmap diff OLD NEW`` / ``modelmap diff --base REV [FILE]``: what a change does to
every name, in a format for people, pull-request comments, JSON or GitHub annotations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modelmap.cli.common import EXIT_FAILED, EXIT_OK, run, use_color

if TYPE_CHECKING:
    from modelmap.diff import Side

FORMATS = ("text", "markdown", "json", "github")
FAIL_ON = ("breaking", "any")


def command(
    files: list[Path] | None = typer.Argument(
        None,
        metavar="OLD NEW | [FILE]",
        help="Two config files; with --base, the one file (default: the discovered config).",
        show_default=False,
    ),
    base: str | None = typer.Option(
        None,
        "--base",
        metavar="REV",
        help="Compare FILE with the same file at git revision REV (e.g. origin/main).",
    ),
    fmt: str = typer.Option(
        "text", "--format", "-f", metavar="FORMAT", help="text, markdown, json or github."
    ),
    fail_on: str | None = typer.Option(
        None,
        "--fail-on",
        metavar="WHAT",
        help="Exit 1 when there are breaking changes ('breaking') or any change ('any').",
    ),
) -> None:
    """Compare what every model name and alias resolves to in two versions of a config."""

    def body() -> int:
        from modelmap.diff import summarise
        from modelmap.diff.render import RENDERERS, Output
        from modelmap.errors import UsageError

        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if fail_on is not None and fail_on not in FAIL_ON:
            raise UsageError(f"--fail-on {fail_on!r}: choose 'breaking' or 'any'")
        old, new = _sides(list(files or []), base)
        from modelmap.diff import aliases_affected, compare_sides
        from modelmap.loader import gc_paused

        with gc_paused():
            changes = compare_sides(old, new)
        aliases = aliases_affected(old, new, changes)
        out = Output(changes, old.shown, new.shown, use_color(sys.stdout), aliases)
        sys.stdout.write(RENDERERS[fmt](out))
        summary = summarise(changes)
        if (fail_on == "any" and changes) or (fail_on == "breaking" and summary.breaking):
            return EXIT_FAILED
        return EXIT_OK

    run(body)


def _sides(files: list[Path], base: str | None) -> tuple[Side, Side]:
    from modelmap.diff.sides import file_side, git_side
    from modelmap.errors import UsageError

    if base is not None:
        if len(files) > 1:
            raise UsageError("with --base, name one file (or none for the discovered config)")
        from modelmap.config.load import discover_config

        path = discover_config(files[0] if files else None)
        return git_side(base, path), file_side(path)
    if len(files) != 2:
        raise UsageError("name two files, OLD and NEW (or use --base REV [FILE])")
    return file_side(files[0]), file_side(files[1])
