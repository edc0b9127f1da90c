"""``modelmap export``: write the mapping in another tool's format (LiteLLM proxy config)."""

from __future__ import annotations

from pathlib import Path

import typer

from modelmap.cli.common import EXIT_OK, emit, run
from modelmap.cli.options import CONFIG


def command(
    fmt: str = typer.Option(
        "litellm", "--format", "-f", metavar="FORMAT", help="Output format: litellm."
    ),
    config: Path | None = CONFIG,
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write to this file instead of stdout."
    ),
) -> None:
    """Export the configuration in another tool's format (a LiteLLM proxy config.yaml)."""

    def body() -> int:
        from modelmap.errors import UsageError
        from modelmap.export import FORMATS

        if fmt not in FORMATS:
            raise UsageError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
        from modelmap.config.load import discover_config, load_config
        from modelmap.export.litellm import export_litellm

        path = discover_config(config)
        if output is not None and output.exists() and output.samefile(path):
            raise UsageError(f"-o {output} is the config being exported; choose another file")
        exported = export_litellm(load_config(path))
        emit(exported.render(str(output) if output else "config.yaml"), output, "export")
        return EXIT_OK

    run(body)
