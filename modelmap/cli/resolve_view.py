"""Text views of ``resolve`` and ``list``: plain aligned text, or rich on a terminal.

Both work from the plain data of :mod:`modelmap.resolve.present`, so text and JSON show
the same facts and secrets stay sources only. rich is imported only for a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def _secret(value: dict[str, Any] | None) -> str:
    if value is None:
        return "(none)"
    return f"{value['source']} ({'set' if value['set'] else 'unset'})"


def _params(params: dict[str, Any]) -> str:
    import json

    return " ".join(f"{k}={json.dumps(v)}" for k, v in params.items()) or "-"


def _money(value: float | None) -> str:
    if value is None:
        return "?"
    return "$" + (f"{value:.6f}".rstrip("0").rstrip(".") or "0")


def _mark(data: dict[str, Any], *facts: str) -> str:
    """' (catalog)' when any of ``facts`` came from the model catalog, not the config."""
    sources = data.get("sources") or {}
    return " (catalog)" if any(sources.get(f) == "catalog" for f in facts) else ""


def _price(data: dict[str, Any]) -> str:
    pricing = data["pricing"]
    if pricing is None:
        return "-"
    mark = _mark(data, "price_input", "price_output")
    return f"{_money(pricing['input'])} in / {_money(pricing['output'])} out per 1k tokens{mark}"


def _context(data: dict[str, Any]) -> str:
    window, output = data["context_window"], data.get("max_output_tokens")
    if window is None and output is None:
        return "-"
    parts = [] if window is None else [f"{window} tokens{_mark(data, 'context_window')}"]
    if output is not None:
        parts.append(f"max output {output}{_mark(data, 'max_output_tokens')}")
    return ", ".join(parts)


def resolution_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Label/value pairs describing the primary target."""
    model = data["model"]
    if data["requested"] != model:
        model += f" (requested as {data['requested']})"
    if data["direct"]:
        model += " (direct reference)"
    rows = [("model", model)]
    if data["description"]:
        rows.append(("description", data["description"]))
    if data["aliases"]:
        rows.append(("aliases", ", ".join(data["aliases"])))
    rows += [
        ("backend", data["backend"]),
        ("provider", data["provider"]),
        ("model id", data["model_id"]),
        ("base url", data["base_url"]),
        ("api key", _secret(data["api_key"])),
    ]
    for name, status in data["headers"].items():
        rows.append(("header", f"{name}: {_secret(status)}"))
    timeout = data["timeout"]
    rows += [
        ("timeout", "(not set)" if timeout is None else f"{timeout:g}s"),
        ("parameters", _params(data["parameters"])),
        (
            "capabilities",
            "(none declared)"
            if data["capabilities"] is None
            else ", ".join(data["capabilities"]) or "(none)",
        ),
        ("context", _context(data)),
        ("price", _price(data)),
    ]
    return rows


def _chain_line(i: int, entry: dict[str, Any]) -> str:
    via = entry["via"] + (f": {entry['model']}" if entry["model"] and i > 1 else "")
    return (
        f"{i}. {entry['backend']}/{entry['model_id']}  {entry['base_url']}  "
        f"key {_secret(entry['api_key'])}  [{via}]"
    )


def _extra_lines(data: dict[str, Any], explain: bool) -> list[str]:
    lines: list[str] = []
    skipped = data["skipped"]
    if explain:
        if skipped:
            lines.append("skipped fallbacks:")
            lines += [f"  - {s['entry']}: {s['reason']}" for s in skipped]
        if "router" in data:
            from modelmap.router.explain import router_lines

            lines += router_lines(data["router"])
    elif skipped:
        n = len(skipped)
        lines.append(f"({n} fallback{'s' if n != 1 else ''} skipped; --explain shows why)")
    return lines


def plain_resolution(data: dict[str, Any], explain: bool = False) -> str:
    """The resolution as aligned plain text, with no escape codes."""
    rows = resolution_rows(data)
    width = max(len(label) for label, _ in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    lines.append("chain:")
    for i, entry in enumerate(data["chain"], 1):
        lines.append(f"  {_chain_line(i, entry)}")
        if explain:
            lines.append(f"     parameters: {_params(entry['parameters'])}")
    lines += _extra_lines(data, explain)
    return "\n".join(lines) + "\n"


def rich_resolution(data: dict[str, Any], console: Console, explain: bool = False) -> None:
    """The resolution as a rich panel fitted to the terminal (see modelmap.cli.fitted)."""
    from modelmap.cli.fitted import rich_resolution as fitted

    fitted(data, console, explain)


LIST_HEADERS = (
    "name",
    "aliases",
    "backend",
    "provider",
    "model id",
    "capabilities",
    "context",
    "price in/out per 1k",
)


def list_rows(models: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One tuple of cell texts per model."""
    rows: list[tuple[str, ...]] = []
    for m in models:
        pricing = m["pricing"]
        price = "-"
        if pricing is not None:
            price = f"{_money(pricing['input'])}/{_money(pricing['output'])}"
            price += _mark(m, "price_input", "price_output")
        caps = m["capabilities"]
        rows.append(
            (
                m["name"] + ("" if m["enabled"] else " (disabled)"),
                ", ".join(m["aliases"]) or "-",
                m["backend"] or "?",
                m["provider"] or "?",
                m["model_id"] or "?",
                "-" if caps is None else ", ".join(caps) or "-",
                "-"
                if m["context_window"] is None
                else f"{m['context_window']}{_mark(m, 'context_window')}",
                price,
            )
        )
    return rows


def plain_list(models: list[dict[str, Any]]) -> str:
    """The model table as aligned plain text."""
    rows = [LIST_HEADERS, *list_rows(models)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(LIST_HEADERS))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def rich_list(models: list[dict[str, Any]], console: Console) -> None:
    """The model table fitted to the terminal (see modelmap.cli.fitted)."""
    from modelmap.cli.fitted import rich_list as fitted

    fitted(models, console)
