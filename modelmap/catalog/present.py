"""Plain-data and text views of catalog entries, for ``modelmap catalog``."""

from __future__ import annotations

from datetime import date
from typing import Any

from modelmap.catalog.model import Catalog, CatalogEntry


def entry_dict(entry: CatalogEntry, as_of: date) -> dict[str, Any]:
    """One entry as JSON-ready data."""
    return {
        "provider": entry.provider,
        "model_id": entry.model_id,
        "context_window": entry.context_window,
        "max_output_tokens": entry.max_output_tokens,
        "pricing": None
        if entry.price_input is None and entry.price_output is None
        else {"input": entry.price_input, "output": entry.price_output, "per_tokens": 1000},
        "capabilities": None if entry.capabilities is None else list(entry.capabilities),
        "status": entry.lifecycle(as_of),
        "deprecated": entry.deprecated.isoformat() if entry.deprecated else None,
        "retired": entry.retired.isoformat() if entry.retired else None,
        "successor": entry.successor,
    }


def info_dict(catalog: Catalog) -> dict[str, Any]:
    """Source, licence, snapshot day, counts and origin of a catalog."""
    info = catalog.info
    return {
        "source": info.source,
        "url": info.url,
        "licence": info.licence,
        "snapshot": info.snapshot.isoformat(),
        "generator": info.generator,
        "loaded_from": info.origin,
        "complete": list(info.complete),
        "counts": dict(info.counts),
    }


def info_text(catalog: Catalog) -> str:
    """``modelmap catalog --info`` as aligned text."""
    info = catalog.info
    counts = ", ".join(
        f"{p} {n}{' (complete)' if p in info.complete else ''}" for p, n in info.counts.items()
    )
    rows = [
        ("source", f"{info.source} ({info.url})"),
        ("licence", info.licence),
        ("snapshot", f"{info.snapshot.isoformat()} ({info.generator})"),
        ("loaded from", info.origin),
        ("models", counts or "none"),
    ]
    return "".join(f"{label.ljust(12)}{value}\n" for label, value in rows)


def _money(value: float | None) -> str:
    if value is None:
        return "?"
    return "$" + (f"{value:.6f}".rstrip("0").rstrip(".") or "0")


def _status(entry: CatalogEntry, as_of: date) -> str:
    state = entry.lifecycle(as_of)
    if state == "retired" and entry.retired:
        return f"retired {entry.retired.isoformat()}"
    if state == "deprecated":
        return f"deprecated, retires {entry.retired.isoformat()}" if entry.retired else state
    return state


HEADERS = ("provider", "model id", "context", "max output", "price in/out per 1k", "status")


def table_text(entries: list[CatalogEntry], as_of: date) -> str:
    """The entries as aligned plain text."""
    rows = [HEADERS]
    for e in entries:
        price = (
            "-"
            if e.price_input is None and e.price_output is None
            else f"{_money(e.price_input)}/{_money(e.price_output)}"
        )
        status = _status(e, as_of) + (f" -> {e.successor}" if e.successor else "")
        rows.append(
            (
                e.provider,
                e.model_id,
                "-" if e.context_window is None else str(e.context_window),
                "-" if e.max_output_tokens is None else str(e.max_output_tokens),
                price,
                status,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADERS))]
    return "".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() + "\n"
        for row in rows
    )
