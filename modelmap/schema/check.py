"""Check loaded data against the committed JSON Schema, reporting at YAML positions.

Only the JSON Schema keywords that pydantic emits for our models are understood; an
unknown keyword is a programming error caught by the test suite, not silently skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path as FsPath
from typing import Any

from modelmap.loader import Path
from modelmap.schema.quick import Predicates, matches_type
from modelmap.schema.words import (
    TYPE_WORDS,
    describe,
    is_secret,
    json_type,
    list_hint,
    show,
    text_number_hint,
    type_name,
)
from modelmap.suggest import did_you_mean

UNKNOWN_KEY = "MM101"
WRONG_TYPE = "MM102"
OUT_OF_RANGE = "MM103"
MISSING_KEY = "MM104"
INVALID_VALUE = "MM105"

_ANNOTATIONS = {"title", "description", "default", "$schema", "$id", "examples"}
_HANDLED = {
    "$ref",
    "anyOf",
    "type",
    "properties",
    "additionalProperties",
    "required",
    "items",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "const",
    "enum",
    "$defs",
}


@dataclass(frozen=True)
class SchemaFinding:
    """A schema violation at ``path``; ``at_key`` points at the key rather than the value."""

    code: str
    path: Path
    message: str
    at_key: bool = False


@cache
def load_schema() -> dict[str, Any]:
    """The committed JSON Schema (modelmap/schema.json)."""
    # A plain path read: importlib.resources would add ~5 ms of imports to every run.
    text = (FsPath(__file__).parent.parent / "schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = _without_vocabularies(json.loads(text))
    return schema


def _without_vocabularies(node: Any) -> Any:
    """The schema with each ``x-modelmap-vocabulary`` property (provider types,
    capabilities) reduced to its type: the lint rules MM203 and MM402 check those values,
    with "did you mean", and the enums are there for editors."""
    if isinstance(node, list):
        return [_without_vocabularies(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "x-modelmap-vocabulary" in node:
        return _plain(node)
    return {key: _without_vocabularies(value) for key, value in node.items()}


def _plain(node: Any) -> Any:
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "enum" in node:
        return {"type": "string"}
    node = {key: _plain(value) for key, value in node.items() if key != "x-modelmap-vocabulary"}
    branches = node.get("anyOf")
    if branches and all(branch == {"type": "string"} for branch in branches):
        node = {"type": "string", **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


_RANGE_KEYS = frozenset(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"))


_HINTED = 500  # findings of one check that get a 'did you mean'


class _Checker:
    def __init__(self, root: dict[str, Any]) -> None:
        self.defs: dict[str, Any] = root.get("$defs", {})
        # Per schema object (they live as long as the cached root): verified keywords, types.
        self.verified: set[int] = set()
        self.types: dict[int, set[str]] = {}
        self.shapes: dict[tuple[int, str], list[dict[str, Any]]] = {}
        self.quick = Predicates(self.resolve)

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            ref: str = schema["$ref"]
            schema = self.defs[ref.rsplit("/", 1)[-1]]
        return schema

    def types_of(self, schema: dict[str, Any]) -> set[str]:
        """Every JSON type a schema can accept (for choosing among anyOf branches)."""
        found = self.types.get(id(schema))
        if found is None:
            found = self.types[id(schema)] = self._types_of(schema)
        return found

    def _types_of(self, schema: dict[str, Any]) -> set[str]:
        schema = self.resolve(schema)
        if "anyOf" in schema:
            found: set[str] = set()
            for branch in schema["anyOf"]:
                found |= self.types_of(branch)
            return found
        if "type" in schema:
            kind = schema["type"]
            return set(kind) if isinstance(kind, list) else {kind}
        if "const" in schema:
            return {json_type(schema["const"])}
        return {"string", "integer", "number", "boolean", "null", "array", "object"}

    def check(
        self, value: Any, schema: dict[str, Any], path: Path, out: list[SchemaFinding]
    ) -> None:
        schema = self.resolve(schema)
        if id(schema) not in self.verified:
            unknown = set(schema) - _HANDLED - _ANNOTATIONS
            if unknown:
                raise ValueError(f"schema keyword(s) not supported: {sorted(unknown)}")
            self.verified.add(id(schema))
        if "anyOf" in schema:
            self._any_of(value, schema["anyOf"], path, out)
            return
        if "const" in schema and value != schema["const"]:
            out.append(
                SchemaFinding(
                    INVALID_VALUE,
                    path,
                    f"{describe(path)} must be {schema['const']!r}, not {show(value)}",
                )
            )
            return
        if "enum" in schema and value not in schema["enum"]:
            choices = ", ".join(repr(c) for c in schema["enum"])
            out.append(
                SchemaFinding(
                    INVALID_VALUE,
                    path,
                    f"{describe(path)} must be one of {choices}, not {show(value)}",
                )
            )
            return
        kind = schema.get("type")
        if kind is not None and not matches_type(value, kind):
            out.append(
                SchemaFinding(
                    WRONG_TYPE,
                    path,
                    f"{describe(path)} must be {TYPE_WORDS[kind]}, not {type_name(value)}"
                    + ("" if value is None or is_secret(path) else f" {show(value)}")
                    + text_number_hint(value, {kind})
                    + list_hint(value, {kind}),
                )
            )
            return
        if isinstance(value, dict):
            self._object(value, schema, path, out)
        elif isinstance(value, list) and "items" in schema:
            valid = self.quick.of(schema["items"])
            for i, item in enumerate(value):
                if not valid(item):
                    self.check(item, schema["items"], (*path, i), out)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            self._range(value, schema, path, out)
        elif isinstance(value, str) and len(value) < schema.get("minLength", 0):
            out.append(SchemaFinding(INVALID_VALUE, path, f"{describe(path)} must not be empty"))

    def _shaped(
        self, value: Any, actual: str, branches: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """The branches whose type fits the value's."""
        shaped = []
        for b in branches:
            types = self.types_of(b)
            if (
                actual in types
                or (actual == "number" and "integer" in types and float(value).is_integer())
                or (actual == "integer" and "number" in types)
            ):
                shaped.append(b)
        return shaped

    def _any_of(
        self, value: Any, branches: list[dict[str, Any]], path: Path, out: list[SchemaFinding]
    ) -> None:
        actual = json_type(value)
        memo = (id(branches), actual)
        shaped = self.shapes.get(memo)
        if shaped is None:
            shaped = self._shaped(value, actual, branches)
            if actual != "number":  # a float may fit an integer branch: depends on the value
                self.shapes[memo] = shaped
        if len(shaped) == 1:
            self.check(value, shaped[0], path, out)
            return
        if not shaped:
            wanted = sorted({t for b in branches for t in self.types_of(b)} - {"null"})
            words = " or ".join(TYPE_WORDS[t] for t in wanted)
            out.append(
                SchemaFinding(
                    WRONG_TYPE,
                    path,
                    f"{describe(path)} must be {words}, not {type_name(value)}"
                    + text_number_hint(value, set(wanted))
                    + list_hint(value, set(wanted)),
                )
            )
            return
        best: list[SchemaFinding] | None = None
        for branch in shaped:
            found: list[SchemaFinding] = []
            self.check(value, branch, path, found)
            if not found:
                return
            if best is None or len(found) < len(best):
                best = found
        assert best is not None
        out.extend(best)

    def _object(
        self, value: dict[Any, Any], schema: dict[str, Any], path: Path, out: list[SchemaFinding]
    ) -> None:
        properties: dict[str, Any] = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            sub = (*path, key)
            if key in properties:
                if not self.quick.of(properties[key])(item):
                    self.check(item, properties[key], sub, out)
            elif extra is False:
                where = f" in {describe(path)}" if path else " at the top level"
                # bounded: 100,000 unknown keys must not each be matched against the names
                hint = did_you_mean(str(key), properties) if len(out) < _HINTED else ""
                out.append(
                    SchemaFinding(
                        UNKNOWN_KEY, sub, f"unknown key {key!r}{where}{hint}", at_key=True
                    )
                )
            elif isinstance(extra, dict) and not self.quick.of(extra)(item):
                self.check(item, extra, sub, out)
        for required in schema.get("required", []):
            if required not in value:
                out.append(
                    SchemaFinding(
                        MISSING_KEY,
                        path,
                        f"{describe(path)} is missing the required key {required!r}",
                        at_key=True,
                    )
                )

    def _range(
        self, value: float, schema: dict[str, Any], path: Path, out: list[SchemaFinding]
    ) -> None:
        if not _RANGE_KEYS.intersection(schema):
            return
        if value != value:  # NaN: every comparison is false, so no bound below catches it
            out.append(
                SchemaFinding(OUT_OF_RANGE, path, f"{describe(path)} must be a number, not nan")
            )
            return
        if "minimum" in schema and value < schema["minimum"]:
            out.append(
                SchemaFinding(
                    OUT_OF_RANGE,
                    path,
                    f"{describe(path)} must be at least {schema['minimum']}, not {value}",
                )
            )
        if "maximum" in schema and value > schema["maximum"]:
            out.append(
                SchemaFinding(
                    OUT_OF_RANGE,
                    path,
                    f"{describe(path)} must be at most {schema['maximum']}, not {value}",
                )
            )
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            out.append(
                SchemaFinding(
                    OUT_OF_RANGE,
                    path,
                    f"{describe(path)} must be greater than {schema['exclusiveMinimum']}, "
                    f"not {value}",
                )
            )
        if "exclusiveMaximum" in schema and value >= schema["exclusiveMaximum"]:
            out.append(
                SchemaFinding(
                    OUT_OF_RANGE,
                    path,
                    f"{describe(path)} must be less than {schema['exclusiveMaximum']}, not {value}",
                )
            )


@cache
def _checker() -> _Checker:
    return _Checker(load_schema())


def check_data(data: Any, format_: int) -> list[SchemaFinding]:
    """Every schema violation in ``data``, validated as format 1 (legacy) or 2 (mapping)."""
    checker = _checker()
    definition = "MappingConfig" if format_ == 2 else "LegacyConfig"
    schema = {"$ref": f"#/$defs/{definition}"}
    found: list[SchemaFinding] = []
    if not checker.quick.of(schema)(data):
        checker.check(data, schema, (), found)
    return found
