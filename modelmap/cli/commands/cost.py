"""``modelmap cost [NAMES...] --input-tokens N --output-tokens M``: what one request costs
on each name's primary and on the most expensive entry of its chain."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from modelmap.cli.common import EXIT_OK, run
from modelmap.cli.options import CONFIG, JSON_OBJECT

if TYPE_CHECKING:
    from modelmap.diff.cost import EntryCost, NameCost


def command(
    names: list[str] | None = typer.Argument(
        None,
        metavar="NAMES...",
        help="Model names or aliases. Default: every model.",
        show_default=False,
    ),
    input_tokens: int = typer.Option(
        ..., "--input-tokens", min=0, metavar="N", help="Tokens sent (the prompt)."
    ),
    output_tokens: int = typer.Option(
        ..., "--output-tokens", min=0, metavar="M", help="Tokens received (the answer)."
    ),
    config: Path | None = CONFIG,
    as_json: bool = JSON_OBJECT,
) -> None:
    """Cost of one request on each name's primary and most expensive chain entry."""

    def body() -> int:
        from modelmap.config.load import load_config
        from modelmap.diff.cost import cost_names

        rows = cost_names(load_config(config), names or None, input_tokens, output_tokens)
        if as_json:
            import json

            data = {
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "currency": "USD",
                "models": [row.as_dict() for row in rows],
            }
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
        else:
            sys.stdout.write(_table(rows, input_tokens, output_tokens))
        return EXIT_OK

    run(body)


def _entry(entry: EntryCost | None) -> tuple[str, str]:
    from modelmap.diff.cost import usd

    if entry is None:
        return "-", "-"
    sources = sorted({s for s in (entry.price.input_source, entry.price.output_source) if s})
    where = f" ({', '.join(sources)})" if sources else ""
    if entry.cost is None:  # no price at all, or not the one this usage needs
        return entry.entry + where, "?" if entry.price.known else "no price"
    return entry.entry + where, usd(entry.cost)


def _table(rows: list[NameCost], input_tokens: int, output_tokens: int) -> str:
    header = ("name", "primary", "cost", "most expensive in chain", "cost", "note")
    table = [header]
    for row in rows:
        primary, primary_cost = _entry(row.primary)
        most, most_cost = _entry(row.most_expensive)
        if row.most_expensive is not None and row.most_expensive == row.primary:
            most = "(the primary)"
        table.append((row.name, primary, primary_cost, most, most_cost, row.note or ""))
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    usage = f"{input_tokens:,} input + {output_tokens:,} output tokens, USD"
    return "\n".join([*lines, usage]) + "\n"
