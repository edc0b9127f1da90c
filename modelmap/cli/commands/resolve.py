"""``modelmap resolve NAME``: show what a name turns into, and its failover chain."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, run
from modelmap.cli.options import (
    CATALOG_FILE,
    CONFIG,
    ENV_FILE,
    JSON_OBJECT,
    NO_CATALOG,
    NO_ENV_FILE,
    OVERRIDES,
)


def command(
    name: str = typer.Argument(
        ...,
        metavar="NAME",
        help="A model name, an alias, or backend/model-id.",
    ),
    config: Path | None = CONFIG,
    as_json: bool = JSON_OBJECT,
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Also list skipped fallbacks and why, chain parameters and the router settings.",
    ),
    overrides: list[str] | None = OVERRIDES,
    env_file: Path | None = ENV_FILE,
    no_env_file: bool = NO_ENV_FILE,
    catalog: Path | None = CATALOG_FILE,
    no_catalog: bool = NO_CATALOG,
) -> None:
    """Show the backend, model id, URL, parameters, key source and chain for NAME."""

    def body() -> int:
        from modelmap.cli.options import catalog_for, load_for_command
        from modelmap.resolve import check_overrides, parse_overrides, resolution_dict, resolve

        extra = parse_overrides(overrides or [])
        check_overrides(extra)
        loaded = load_for_command(config, env_file, no_env_file)
        facts = catalog_for(catalog, no_catalog)
        resolution = resolve(loaded.config, name, extra, catalog=facts)
        data = resolution_dict(resolution, loaded.environ)
        if explain:
            from modelmap.router.explain import router_view

            data["router"] = router_view(loaded.config, resolution)
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
