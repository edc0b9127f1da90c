"""The console script's entry point: a Tab press is answered before typer is imported.

A shell runs ``modelmap`` on every Tab press (see ``modelmap.completion.engine``); that
answer needs no command-line framework, so this module imports none unless a command
is to run.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Console-script entry point."""
    if os.environ.get("_MODELMAP_COMPLETE"):
        from modelmap.completion.engine import respond

        try:
            sys.stdout.write(respond(os.environ))
            sys.stdout.flush()
        except Exception:  # never a traceback in the user's command line
            pass
        os._exit(0)
    from modelmap.cli.main import main as run_cli

    run_cli()
