"""Options shared by the commands that use a configuration (resolve, list, ping, chat, ...).

Use them as parameter defaults::

    def command(config: Path | None = CONFIG, env_file: Path | None = ENV_FILE,
                no_env_file: bool = NO_ENV_FILE) -> None:
        ...
        loaded = load_for_command(config, env_file, no_env_file)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modelmap.config.model import Config

if TYPE_CHECKING:
    from modelmap.catalog import Catalog
from modelmap.errors import UsageError

CONFIG = typer.Option(
    None,
    "-c",
    "--config",
    metavar="FILE",
    help="Config file. Default: $MODELMAP_CONFIG, then modelmap.yaml, modelmap.yml, "
    "models.yaml or models.yml in the current directory.",
    show_default=False,
)
ENV_FILE = typer.Option(
    None,
    "--env-file",
    metavar="PATH",
    help="Read variables from this file instead of ./.env.",
    show_default=False,
)
NO_ENV_FILE = typer.Option(False, "--no-env-file", help="Do not read any .env file.")
OVERRIDES = typer.Option(
    None,
    "-o",
    "--option",
    metavar="KEY=VALUE",
    help="Override a parameter, e.g. -o temperature=0.2 (repeatable; values are typed).",
    show_default=False,
)

JSON_OBJECT = typer.Option(False, "--json", help="Print one JSON object.")


CATALOG_FILE = typer.Option(
    None,
    "--catalog",
    metavar="PATH",
    help="Model catalog file. Default: $MODELMAP_CATALOG, the cache of 'modelmap catalog "
    "update', else the bundled one.",
    show_default=False,
)
NO_CATALOG = typer.Option(
    False, "--no-catalog", help="Use no model catalog: only the config's own facts."
)


def catalog_for(path: Path | None, no_catalog: bool) -> Catalog | None:
    """The catalog a command uses: none with --no-catalog, else --catalog or the active one.

    Raises CatalogError (exit 2) when a named catalog file cannot be read.
    """
    if no_catalog:
        return None
    from modelmap.catalog import load_catalog

    return load_catalog(path)


@dataclass(frozen=True)
class Loaded:
    """A command's configuration and the environment its values are interpolated from."""

    path: Path
    config: Config
    environ: dict[str, str]


def environment(env_file: Path | None, no_env_file: bool) -> dict[str, str]:
    """The process environment over ./.env (or ``env_file``); UsageError for a missing file."""
    from modelmap.envvars import load_environment

    try:
        return load_environment(env_file, use_env_file=not no_env_file)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None


def load_for_command(config: Path | None, env_file: Path | None, no_env_file: bool) -> Loaded:
    """Discover and load the config, and load the environment.

    Raises ConfigError (carrying the validate diagnostics) when the config has errors;
    ``modelmap.cli.common.run`` prints them and exits 2.
    """
    from modelmap.config.load import discover_config, load_config

    path = discover_config(config)
    return Loaded(path, load_config(path), environment(env_file, no_env_file))


def finite_seconds(value: float | None) -> float | None:
    """A ``--timeout`` callback: ``nan`` and ``inf`` pass ``min`` (nan compares false) but
    are no number of seconds."""
    import math

    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number of seconds")
    return value
