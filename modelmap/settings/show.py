"""``validate --show-settings``: the effective settings as TOML, each key with its origin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from modelmap.report.paths import relative_path
from modelmap.settings.model import DEFAULTS, MaxPrice, Settings


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
            if value
            else "{}"
        )
    return _toml(str(value))


def _line(key: str, value: Any, origin: str | None) -> str:
    return f"{key} = {_toml(value)}  # {origin or 'default'}"


def _price(price: MaxPrice | None) -> dict[str, Any] | None:
    if price is None:
        return None
    out: dict[str, Any] = {}
    if price.input is not None:
        out["input"] = price.input
    if price.output is not None:
        out["output"] = price.output
    out["scope"] = price.scope
    return out


def describe(settings: Settings | None) -> str:
    """The effective settings as TOML text with ``# where it came from`` after each key."""
    chosen = settings or DEFAULTS
    origins = chosen.origins
    source = relative_path(str(chosen.source)) if chosen.source else None
    lines = [f"# settings: {source or 'none found; every value is the default'}"]
    lines.append(
        _line(
            "select",
            list(chosen.select) if chosen.select is not None else ["MM"],
            origins.get("select"),
        )
    )
    lines.append(_line("ignore", list(chosen.ignore), origins.get("ignore")))
    lines.append(_line("strict", chosen.strict, origins.get("strict")))
    lines.append(
        _line("severity", {k: v.value for k, v in chosen.severity.items()}, origins.get("severity"))
    )
    lines.append(
        _line(
            "per-file-ignores",
            {glob: list(codes) for glob, codes in chosen.per_file_ignores},
            origins.get("per-file-ignores"),
        )
    )
    lines.append("")
    lines.append("[policy]")
    policy = chosen.policy
    values: dict[str, Any] = {
        "require-fallback": policy.require_fallback,
        "fallback-capabilities": policy.fallback_capabilities,
        "fallback-context": policy.fallback_context,
        "max-price": _price(policy.max_price),
        "allowed-providers": list(policy.allowed_providers) if policy.allowed_providers else None,
        "denied-providers": list(policy.denied_providers),
        "require-description": policy.require_description,
    }
    for key, value in values.items():
        origin = origins.get(f"policy.{key}")
        if value is None:
            lines.append(f"# {key}: off  # default")
        else:
            lines.append(_line(key, value, origin))
    return "\n".join(lines) + "\n"


def show_settings(files: list[Path], explicit: Path | None) -> str:
    """The effective settings for each distinct settings file that applies to ``files``
    (none: the current directory), one block each."""
    from modelmap.settings.discover import Finder

    finder = Finder(explicit)
    blocks: dict[str, str] = {}
    if explicit is not None or not files:
        found = (
            finder.for_file(explicit) if explicit is not None else finder.for_directory(Path.cwd())
        )
        return describe(found)
    for path in files:
        found = finder.for_file(path)
        key = str(found.source) if found is not None else ""
        if key not in blocks:
            blocks[key] = describe(found)
    return "\n".join(blocks.values())
