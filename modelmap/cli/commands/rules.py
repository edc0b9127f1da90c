"""``modelmap rules``: every rule validate applies, with its code, name and severity."""

from __future__ import annotations

import sys

import typer

from modelmap.cli.common import EXIT_OK, run


def command(
    as_json: bool = typer.Option(False, "--json", help='Print {"rules": [...]} as JSON.'),
) -> None:
    """List every rule: code, name, severity and one line on what it catches."""

    def body() -> int:
        from modelmap.lint.index import render_index, rule_index

        rows = rule_index()
        if as_json:
            import json

            sys.stdout.write(json.dumps({"rules": rows}, indent=2) + "\n")
        else:
            sys.stdout.write(render_index(rows))
        return EXIT_OK

    run(body)
