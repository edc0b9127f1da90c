"""How schema findings name types, paths and values, and the hints they add."""

from __future__ import annotations

import re
from typing import Any

from modelmap.loader import Path


def type_name(value: Any) -> str:
    """The value's type as a finding names it (``list``, ``mapping``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


_JSON_TYPES = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
    list: "array",
    dict: "object",
}
TYPE_WORDS = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
    "array": "a list",
    "object": "a mapping",
}


def describe(path: Path) -> str:
    """The place a finding names: ``'models.fast.temperature'`` or the top level."""
    if not path:
        return "the top level"
    return "'" + ".".join(str(p) for p in path) + "'"


def show(value: Any) -> str:
    """The value as a finding quotes it, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# What YAML 1.2 and JSON read as a number but PyYAML (YAML 1.1) as text: 1e-4, 1.5e3.
_EXPONENT_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")


def text_number_hint(value: Any, wanted: set[str]) -> str:
    """For a string such as '1e-4' where a number belongs: a spelling YAML reads as one."""
    if not isinstance(value, str) or not _EXPONENT_NUMBER.fullmatch(value.strip()):
        return ""
    number = float(value)
    if number in (float("inf"), float("-inf")):
        return ""
    if "number" in wanted:
        spelled = repr(number)
        if "e" in spelled:  # PyYAML wants a '.' in the mantissa and a signed exponent
            mantissa, exponent = spelled.split("e")
            mantissa += "" if "." in mantissa else ".0"
            spelled = f"{mantissa}e{exponent if exponent[0] in '+-' else '+' + exponent}"
    elif "integer" in wanted and number.is_integer() and abs(number) < 1e15:
        spelled = str(int(number))
    else:
        return ""
    return f" (YAML reads {value!r} as text; write {spelled})"


def list_hint(value: Any, wanted: set[str]) -> str:
    """For a single string where only a list belongs (`aliases: smart`): the list to write."""
    if not isinstance(value, str) or "array" not in wanted or "string" in wanted:
        return ""
    return f"; write [{value}]" if len(value) <= 40 else "; write it as a list: [...]"


def is_secret(path: Path) -> bool:
    """Header values and keys are credentials whatever their type: never quoted."""
    return "headers" in path or "api_key" in path


def json_type(value: Any) -> str:
    """The value's JSON Schema type (``array``, ``object``)."""
    fast = _JSON_TYPES.get(type(value))
    if fast is not None:
        return fast
    name = type_name(value)
    return {"list": "array", "mapping": "object"}.get(name, name)
