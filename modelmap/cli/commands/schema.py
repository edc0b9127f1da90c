"""``modelmap schema``: print the JSON Schema of the configuration format, for editors."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, run


def render_schema() -> str:
    """The JSON Schema as the text committed at ``modelmap/schema.json``."""
    import json

    from modelmap.schema.models import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def command(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the schema to this file instead of stdout."
    ),
) -> None:
    """Print the JSON Schema of the configuration format (for editors and CI)."""

    def body() -> int:
        text = render_schema()
        if output is None:
            sys.stdout.write(text)
        else:
            from modelmap.errors import UsageError

            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"{output}: cannot write the schema: {exc.strerror}") from exc
        return EXIT_OK

    run(body)
