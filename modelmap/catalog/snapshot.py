"""The snapshot format: compact JSON, one array of rows per provider type.

::

    {"format": 1, "source": "...", "url": "...", "licence": "MIT", "snapshot": "2026-12-01",
     "generator": "litellm 1.110.2", "complete": ["anthropic", "google", "openai"],
     "columns": [...COLUMNS...],
     "providers": {"openai": [["gpt-4o", 128000, 16384, 0.0025, 0.01, "chat vision", null,
                               "2027-01-14", "gpt-6-luna"], ...], ...}}

Prices are USD per 1,000 tokens; capabilities a space-separated string; dates ISO days.
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

from modelmap.catalog.model import PROVIDERS, Catalog, CatalogInfo
from modelmap.errors import ModelmapError

FORMAT = 1
COLUMNS = (
    "model_id",
    "context_window",
    "max_output_tokens",
    "price_input",
    "price_output",
    "capabilities",
    "deprecated",
    "retired",
    "successor",
)


class CatalogError(ModelmapError):
    """A catalog file that cannot be read or has the wrong shape (exit code 2)."""


def _fail(where: str, what: str) -> CatalogError:
    return CatalogError(f"{where}: not a modelmap catalog: {what}")


def _check_row(where: str, provider: str, i: int, row: Any) -> None:
    at = f"providers.{provider}[{i}]"
    if not isinstance(row, list) or len(row) != len(COLUMNS):
        raise _fail(where, f"{at} is not a list of {len(COLUMNS)} values")
    model_id, ctx, out, pin, pout, caps, dep, ret, succ = row
    if not isinstance(model_id, str) or not model_id:
        raise _fail(where, f"{at}: the model id is not a string")
    for name, value in (("context_window", ctx), ("max_output_tokens", out)):
        if value is not None and (type(value) is not int or value <= 0):
            raise _fail(where, f"{at}: {name} {value!r} is not a positive integer")
    for name, value in (("price_input", pin), ("price_output", pout)):
        if value is not None and (
            type(value) not in (int, float) or not math.isfinite(value) or value < 0
        ):
            raise _fail(where, f"{at}: {name} {value!r} is not a price")
    for name, value in (("capabilities", caps), ("successor", succ)):
        if value is not None and not isinstance(value, str):
            raise _fail(where, f"{at}: {name} {value!r} is not a string")
    for name, value in (("deprecated", dep), ("retired", ret)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except (TypeError, ValueError):
                raise _fail(where, f"{at}: {name} {value!r} is not a YYYY-MM-DD date") from None


def parse(data: Any, where: str, origin: str = "bundled", rows_checked: bool = False) -> Catalog:
    """A :class:`Catalog` from decoded snapshot JSON; CatalogError naming ``where`` if wrong.

    ``rows_checked`` skips the per-row check, for the bundled snapshot only (the test suite
    checks that one; every other file is checked row by row).
    """
    if not isinstance(data, dict):
        raise _fail(where, "the top level is not an object")
    if data.get("format") != FORMAT:
        raise _fail(where, f"format {data.get('format')!r} is not {FORMAT}")
    if data.get("columns") != list(COLUMNS):
        raise _fail(where, "its columns are not those of this modelmap version")
    for key in ("source", "url", "licence", "generator"):
        if not isinstance(data.get(key), str):
            raise _fail(where, f"{key!r} is missing or not a string")
    try:
        snapshot = date.fromisoformat(data.get("snapshot"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _fail(where, "'snapshot' is not a YYYY-MM-DD date") from None
    providers = data.get("providers")
    if not isinstance(providers, dict):
        raise _fail(where, "'providers' is missing or not an object")
    complete = data.get("complete")
    if not isinstance(complete, list) or not all(c in providers for c in complete):
        raise _fail(where, "'complete' must list providers that the catalog has")
    rows: dict[str, dict[str, list[Any]]] = {}
    for provider, items in providers.items():
        if provider not in PROVIDERS:
            raise _fail(where, f"unknown provider type {provider!r}")
        if not isinstance(items, list):
            raise _fail(where, f"providers.{provider} is not a list")
        table: dict[str, list[Any]] = {}
        for i, row in enumerate(items):
            if not rows_checked:
                _check_row(where, provider, i, row)
            table[row[0]] = row[1:]
        rows[provider] = table
    info = CatalogInfo(
        source=data["source"],
        url=data["url"],
        licence=data["licence"],
        snapshot=snapshot,
        generator=data["generator"],
        complete=tuple(sorted(complete)),
        origin=origin,
        counts={p: len(t) for p, t in rows.items()},
    )
    return Catalog(info, rows)


def loads(
    text: str | bytes, where: str, origin: str = "bundled", rows_checked: bool = False
) -> Catalog:
    """Parse snapshot text; CatalogError for text that is not JSON or not a catalog."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _fail(where, f"not valid JSON ({exc})") from None
    return parse(data, where, origin, rows_checked)


def dumps(data: dict[str, Any]) -> str:
    """Snapshot JSON text: one line per model row, so diffs of a refresh stay readable."""
    head = {k: v for k, v in data.items() if k != "providers"}
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(value)},")
    lines.append('"providers": {')
    providers = list(data["providers"].items())
    for p, (provider, rows) in enumerate(providers):
        lines.append(f"{json.dumps(provider)}: [")
        for r, row in enumerate(rows):
            comma = "," if r < len(rows) - 1 else ""
            lines.append(json.dumps(row, ensure_ascii=False) + comma)
        lines.append("]" + ("," if p < len(providers) - 1 else ""))
    lines.append("}}")
    return "\n".join(lines) + "\n"
