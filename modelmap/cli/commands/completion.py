"""``modelmap completion SHELL``: print the shell completion script for bash, zsh or fish."""

from __future__ import annotations

import sys

import typer

from modelmap.cli.common import EXIT_OK, run


def command(
    shell: str = typer.Argument(
        ...,
        metavar="SHELL",
        help="bash, zsh or fish.",
        show_default=False,
    ),
) -> None:
    """Print the completion script for SHELL (see the README for where to put it)."""

    def body() -> int:
        from modelmap.completion import completion_script

        sys.stdout.write(completion_script(shell))
        return EXIT_OK

    run(body)
