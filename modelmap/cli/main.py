"""The ``modelmap`` command line: a thin layer that parses options and calls the core.

Each command lives in ``modelmap/cli/commands/<name>.py`` and imports what it needs inside
its body, so that ``modelmap validate`` never pays for HTTP or rendering code.
"""

from __future__ import annotations

import gc
import os
import sys
import types
from typing import ClassVar

import typer

from modelmap import __version__
from modelmap.cli.common import enable_fast_exit
from modelmap.cli.lazy import LazyCommand, LazyGroup

# Every command: its name, its module (which defines ``command``) and its one-line summary
# for `modelmap --help` (whole, where click would cut a docstring). Only the module of the
# command being run is imported (see modelmap.cli.lazy).
COMMANDS = [
    LazyCommand(
        "validate", "modelmap.cli.commands.validate", "Check configuration files; exit 1 on errors."
    ),
    LazyCommand(
        "resolve",
        "modelmap.cli.commands.resolve",
        "Show what a name resolves to, and its failover chain.",
    ),
    LazyCommand("list", "modelmap.cli.commands.listing", "List the models of the config."),
    LazyCommand(
        "schema",
        "modelmap.cli.commands.schema",
        "Print the JSON Schema of the configuration format.",
    ),
    LazyCommand(
        "completion",
        "modelmap.cli.commands.completion",
        "Print the completion script for bash, zsh or fish.",
    ),
    LazyCommand(
        "export",
        "modelmap.cli.commands.export",
        "Export the config as a LiteLLM proxy config.yaml.",
    ),
    LazyCommand(
        "ping",
        "modelmap.cli.commands.ping",
        "Probe every backend and model without spending tokens.",
    ),
    LazyCommand(
        "migrate",
        "modelmap.cli.commands.migrate",
        "Rewrite list-format or LiteLLM files in the mapping format.",
    ),
    LazyCommand("chat", "modelmap.cli.commands.chat", "Ask a model, failing over along its chain."),
    LazyCommand(
        "diff",
        "modelmap.cli.commands.diff",
        "Compare what every name resolves to in two versions.",
    ),
    LazyCommand("cost", "modelmap.cli.commands.cost", "Cost of a request on each name's chain."),
    LazyCommand(
        "catalog",
        "modelmap.cli.commands.catalog",
        "Show the model catalog; 'catalog update' refreshes it.",
    ),
    LazyCommand("rules", "modelmap.cli.commands.rules", "List every rule validate applies."),
]


class _Commands(LazyGroup):
    lazy: ClassVar[dict[str, LazyCommand]] = {command.name: command for command in COMMANDS}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"modelmap {__version__}")
        raise typer.Exit(0)


app = typer.Typer(
    name="modelmap",
    cls=_Commands,
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
    if os.environ.get("_MODELMAP_COMPLETE"):  # a Tab press, through an older entry point
        from modelmap.cli.entry import main as entry

        entry()
    app(prog_name="modelmap")
