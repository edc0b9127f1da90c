"""``modelmap catalog``: show the model catalog, or refresh it with ``catalog update``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, run
from modelmap.cli.options import CATALOG_FILE


def command(
    provider: str | None = typer.Argument(
        None,
        metavar="[PROVIDER]",
        help="Only this provider type's models; or 'update' to refresh the cached catalog.",
        show_default=False,
    ),
    search: str | None = typer.Option(
        None, "--search", metavar="TEXT", help="Only model ids containing TEXT."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    info: bool = typer.Option(
        False, "--info", help="Show source, licence, snapshot date, counts and origin."
    ),
    source: str | None = typer.Option(
        None,
        "--from",
        metavar="URL|FILE",
        help="With 'update': where to fetch the source from (default: LiteLLM's cost map).",
        show_default=False,
    ),
    catalog: Path | None = CATALOG_FILE,
) -> None:
    """List the model catalog's entries; 'modelmap catalog update' refreshes it."""

    def body() -> int:
        from modelmap.errors import UsageError

        if provider == "update":
            return _update(source, as_json)
        if source is not None:
            raise UsageError("--from goes with 'modelmap catalog update'")
        from datetime import date

        from modelmap.catalog import PROVIDERS, Catalog, load_catalog
        from modelmap.catalog.present import entry_dict, info_dict, info_text, table_text

        loaded = load_catalog(catalog)
        if info:
            text = json.dumps(info_dict(loaded), indent=2) + "\n" if as_json else None
            sys.stdout.write(text or info_text(loaded))
            return EXIT_OK
        name = None if provider is None else Catalog.provider_name(provider)
        if name is not None and name not in PROVIDERS:
            from modelmap.provider_types import known_provider_names
            from modelmap.suggest import did_you_mean

            covered = ", ".join(PROVIDERS)
            if name in known_provider_names():  # ollama, custom: models the catalog cannot know
                raise UsageError(
                    f"the catalog has no entries for provider type {provider!r}; "
                    f"it covers {covered}"
                )
            hint = did_you_mean(provider or "", [*PROVIDERS, "gemini"])
            raise UsageError(
                f"unknown provider type {provider!r}{hint}; the catalog knows {covered}"
            )
        entries = loaded.search(search, name) if search else loaded.entries(name)
        today = date.today()
        if as_json:
            payload = {
                "catalog": info_dict(loaded),
                "models": [entry_dict(e, today) for e in entries],
            }
            sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        else:
            sys.stdout.write(table_text(entries, today))
        return EXIT_OK

    run(body)


def _update(source: str | None, as_json: bool) -> int:
    from modelmap.catalog.present import info_dict
    from modelmap.catalog.update import update

    updated = update(source)
    if as_json:
        sys.stdout.write(json.dumps(info_dict(updated.catalog), indent=2) + "\n")
    else:
        total = len(updated.catalog)
        sys.stdout.write(f"updated {updated.path} from {updated.source}: {total} models\n")
    return EXIT_OK
