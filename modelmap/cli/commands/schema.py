"""``modelmap schema``: print the JSON Schema of the configuration format, for editors."""

from __future__ import annotations

from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, emit, run


def render_schema() -> str:
    """The JSON Schema as the text committed at ``modelmap/schema.json``."""
    import json

    from modelmap.schema.models import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def command(
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the schema to this file instead of stdout.",
    ),
) -> None:
    """Print the JSON Schema of the configuration format (for editors and CI)."""

    def body() -> int:
        emit(render_schema(), output, "schema")
        return EXIT_OK

    run(body)
