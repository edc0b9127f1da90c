"""``modelmap list``: every model with its backend, capabilities, context and price."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, run
from modelmap.cli.options import CATALOG_FILE, CONFIG, NO_CATALOG


def command(
    config: Path | None = CONFIG,
    as_json: bool = typer.Option(False, "--json", help='Print {"models": [...]} as JSON.'),
    capability: str | None = typer.Option(
        None,
        "--capability",
        metavar="CAPABILITY",
        help="Only models that declare this capability, e.g. vision.",
    ),
    provider: str | None = typer.Option(
        None,
        "--provider",
        metavar="PROVIDER",
        help="Only models served by this provider type or backend.",
    ),
    catalog: Path | None = CATALOG_FILE,
    no_catalog: bool = NO_CATALOG,
) -> None:
    """List the models of the config: aliases, backend, provider, capabilities, price."""

    def body() -> int:
        from modelmap.cli.options import catalog_for
        from modelmap.config.load import load_config
        from modelmap.resolve import list_models, summary_dict

        loaded = load_config(config)
        facts = catalog_for(catalog, no_catalog)
        rows = [summary_dict(r) for r in list_models(loaded, capability, provider, catalog=facts)]
        if as_json:
            import json

            sys.stdout.write(json.dumps({"models": rows}, indent=2) + "\n")
        elif sys.stdout.isatty():
            from rich.console import Console

            from modelmap.cli.resolve_view import rich_list

            rich_list(rows, Console())
        else:
            from modelmap.cli.resolve_view import plain_list

            sys.stdout.write(plain_list(rows))
        return EXIT_OK

    run(body)
