"""The ``modelmap`` command line: a thin layer that parses options and calls the core.

Each command lives in ``modelmap/cli/commands/<name>.py`` and imports what it needs inside
its body, so that ``modelmap validate`` never pays for HTTP or rendering code.
"""

from __future__ import annotations

import gc
import os
import sys
import types

import typer

from modelmap import __version__
from modelmap.cli.commands import (
    catalog,
    chat,
    completion,
    cost,
    diff,
    export,
    listing,
    migrate,
    ping,
    resolve,
    schema,
    validate,
)
from modelmap.cli.common import enable_fast_exit


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modelmap {__version__}")
        raise typer.Exit(0)


app = typer.Typer(
    name="modelmap",
    help="Map the model names your code uses to the provider backends that serve them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Map the model names your code uses to the provider backends that serve them."""


# The one-line summaries of `modelmap --help`: whole, where click would cut the docstrings.
app.command("validate", short_help="Check configuration files; exit 1 on errors.")(validate.command)
app.command("resolve", short_help="Show what a name resolves to, and its failover chain.")(
    resolve.command
)
app.command("list", short_help="List the models of the config.")(listing.command)
app.command("schema", short_help="Print the JSON Schema of the configuration format.")(
    schema.command
)
app.command("completion", short_help="Print the completion script for bash, zsh or fish.")(
    completion.command
)
app.command("export", short_help="Export the config as a LiteLLM proxy config.yaml.")(
    export.command
)
app.command("ping", short_help="Probe every backend and model without spending tokens.")(
    ping.command
)
app.command("migrate", short_help="Rewrite legacy list-format files in the mapping format.")(
    migrate.command
)
app.command("chat", short_help="Ask a model, failing over along its chain.")(chat.command)
app.command("diff", short_help="Compare what every name resolves to in two versions.")(diff.command)
app.command("cost", short_help="Cost of a request on each name's chain.")(cost.command)
app.command("catalog", short_help="Show the model catalog; 'catalog update' refreshes it.")(
    catalog.command
)


def _skip_httpx_cli() -> None:
    """Keep ``import httpx`` from importing httpx's own command line.

    httpx imports its CLI (click, pygments, rich.progress: about 100 ms) whenever click is
    installed, which is common. Only the ``httpx`` console script uses it, and this process
    is ``modelmap``, so an empty stand-in is registered before anything imports httpx.
    """
    if "httpx" not in sys.modules:
        stand_in = types.ModuleType("httpx._main")
        stand_in.main = _no_httpx_cli  # type: ignore[attr-defined]
        sys.modules.setdefault("httpx._main", stand_in)


def _no_httpx_cli() -> None:
    raise RuntimeError("httpx's command line is not loaded inside modelmap")


def main() -> None:
    """Console-script entry point."""
    # One command, seconds at most, allocating mostly acyclic data: the cyclic collector
    # would only re-walk every object of a loaded file (0.6 s for 10,000 models) to find
    # nothing to free. The library keeps the collector (see loader.gc_paused).
    gc.disable()
    _skip_httpx_cli()
    enable_fast_exit()
    if os.environ.get("_MODELMAP_COMPLETE"):  # a shell asking for Tab candidates
        from modelmap.completion import register_shells

        register_shells()
    app(prog_name="modelmap")
