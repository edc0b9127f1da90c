"""``modelmap resolve NAME``: show what a name turns into, and its failover chain."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, run
from modelmap.cli.options import CONFIG, ENV_FILE, NO_ENV_FILE, OVERRIDES


def command(
    name: str = typer.Argument(
        ...,
        metavar="NAME",
        help="A model name, an alias, or backend/model-id.",
    ),
    config: Path | None = CONFIG,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    explain: bool = typer.Option(
        False, "--explain", help="Also list skipped fallbacks and why, and chain parameters."
    ),
    overrides: list[str] | None = OVERRIDES,
    env_file: Path | None = ENV_FILE,
    no_env_file: bool = NO_ENV_FILE,
) -> None:
    """Show the backend, model id, URL, parameters, key source and chain for NAME."""

    def body() -> int:
        from modelmap.cli.options import load_for_command
        from modelmap.resolve import check_overrides, parse_overrides, resolution_dict, resolve

        extra = parse_overrides(overrides or [])
        check_overrides(extra)
        loaded = load_for_command(config, env_file, no_env_file)
        data = resolution_dict(resolve(loaded.config, name, extra), loaded.environ)
        if as_json:
            import json

            sys.stdout.write(json.dumps(data, indent=2) + "\n")
        elif sys.stdout.isatty():
            from rich.console import Console

            from modelmap.cli.resolve_view import rich_resolution

            rich_resolution(data, Console(), explain)
        else:
            from modelmap.cli.resolve_view import plain_resolution

            sys.stdout.write(plain_resolution(data, explain))
        return EXIT_OK

    run(body)
