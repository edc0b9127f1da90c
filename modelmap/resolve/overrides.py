"""``key=value`` parameter overrides from a command line, with typed values."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from modelmap.errors import UsageError

_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?")
_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None}


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise UsageError(f"{text!r} is not a finite number, which a JSON request cannot carry")
    return value


def parse_value(text: str) -> Any:
    """Type a value: int, float, true/false, null, a JSON list or object; else the string."""
    stripped = text.strip()
    lowered = stripped.lower()
    if lowered in _WORDS:
        return _WORDS[lowered]
    if _INT.fullmatch(stripped):
        return int(stripped)
    if _FLOAT.fullmatch(stripped):
        return _finite(stripped)
    if stripped[:1] in ("[", "{"):
        try:
            return json.loads(stripped, parse_float=_finite, parse_constant=_finite)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{text!r} looks like JSON but is not valid: {exc.msg}") from None
    return text


def parse_overrides(items: Iterable[str]) -> dict[str, Any]:
    """``["temperature=0.2", "stop=[\\"x\\"]"]`` -> ``{"temperature": 0.2, "stop": ["x"]}``."""
    result: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(f"-o {item!r}: expected key=value, e.g. -o temperature=0.2")
        result[key] = parse_value(value)
    return result


def check_overrides(values: Mapping[str, Any]) -> None:
    """Raise a UsageError when a known parameter has the wrong type or range (as validate
    would say of it in a file): better refused here than by the provider, or worse, not."""
    if not values:
        return
    from modelmap.schema.check import check_data

    prefix = "'models.x.parameters."
    doc = {"version": 2, "models": {"x": {"backend": "x/x", "parameters": dict(values)}}}
    for finding in check_data(doc, 2):
        if finding.message.startswith(prefix):
            where, _, said = finding.message[len(prefix) :].partition("' ")
            raise UsageError(f"-o {where}: {said}")
