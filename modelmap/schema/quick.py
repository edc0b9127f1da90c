"""Validity predicates compiled from the JSON Schema: "valid?" without the why.

A valid file is the common case: a tree of closures, with no paths and no finding lists,
decides it in one cheap pass, and the explaining checker (modelmap/schema/check.py) only
walks the subtrees whose predicate says no.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

JSON_TYPES = frozenset(("string", "integer", "number", "boolean", "null", "array", "object"))


def matches_type(value: Any, expected: str) -> bool:
    """Whether ``value`` is of the JSON type ``expected`` (a whole float counts as integer)."""
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if expected == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected == "boolean":
        return isinstance(value, bool)
    if expected == "null":
        return value is None
    if expected == "array":
        return isinstance(value, list)
    if expected == "object":
        return isinstance(value, dict)
    raise ValueError(f"unsupported JSON Schema type {expected!r}")


Quick = Callable[[Any], bool]


class Predicates:
    """Compiles schemas into predicates, each compiled once per schema object.

    Soundness is what matters: a predicate may only say yes when the checker would report
    nothing (saying no too often costs time, not truth).
    """

    def __init__(self, resolve: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.resolve = resolve  # follows $ref to the schema it names
        self.compiled: dict[tuple[int, bool], Quick] = {}  # only finished predicates
        # One thread compiles at a time; its predicates (and the placeholders that
        # self-references call) are published together once the outermost one is done.
        self._lock = threading.RLock()
        self._pending: dict[tuple[int, bool], Quick] = {}

    def of(self, schema: dict[str, Any], nullable: bool = False) -> Quick:
        """The predicate for ``schema``, or for it or null (compiled once per schema object)."""
        schema = self.resolve(schema)
        memo = (id(schema), nullable)
        found = self.compiled.get(memo)
        if found is None:
            with self._lock:
                found = self.compiled.get(memo) or self._pending.get(memo)
                if found is None:
                    found = self._compile_new(memo, schema, nullable)
        return found

    def _compile_new(self, memo: tuple[int, bool], schema: dict[str, Any], nullable: bool) -> Quick:
        outermost = not self._pending
        try:
            # A self-referencing schema meets this entry while compiling: defer the lookup.
            self._pending[memo] = lambda value: self.compiled[memo](value)
            found = self._pending[memo] = self._compile(schema, nullable)
            if outermost:
                self.compiled.update(self._pending)
        finally:
            if outermost:
                self._pending.clear()
        return found

    def _compile(self, schema: dict[str, Any], nullable: bool) -> Quick:
        # ``nullable`` folds the ubiquitous ``anyOf: [X, null]`` into X's own test.
        if "anyOf" in schema:
            return self._any_of(schema["anyOf"], nullable)
        kind = schema.get("type")
        if "const" in schema or "enum" in schema or kind not in JSON_TYPES:
            general = self._general(schema)
            return (lambda value: value is None or general(value)) if nullable else general
        if kind == "object":
            return self._mapping(schema, nullable)
        if kind == "array":
            items = self.of(schema["items"]) if "items" in schema else _always
            return lambda value: (
                (value.__class__ is list and all(map(items, value))) or (nullable and value is None)
            )
        if kind == "string":
            least = schema.get("minLength", 0)
            return lambda value: (
                (value.__class__ is str and len(value) >= least) or (nullable and value is None)
            )
        if kind in ("integer", "number"):
            bounds = [(k, schema[k]) for k in _RANGE_ORDER if k in schema]
            return _number(kind, bounds, nullable)
        if kind == "boolean":
            return lambda value: value.__class__ is bool or (nullable and value is None)
        return lambda value: value is None

    def _any_of(self, branches: list[dict[str, Any]], nullable: bool) -> Quick:
        others = [b for b in branches if self.resolve(b) != {"type": "null"}]
        nullable = nullable or len(others) < len(branches)
        if len(others) == 1:
            return self.of(others[0], nullable)
        tests = [self.of(b) for b in others]

        def any_of(value: Any) -> bool:
            if nullable and value is None:
                return True
            return any(test(value) for test in tests)

        return any_of

    def _mapping(self, schema: dict[str, Any], nullable: bool = False) -> Quick:
        properties = {k: self.of(v) for k, v in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        more = self.of(extra) if isinstance(extra, dict) else None
        closed = extra is False
        required = frozenset(schema.get("required", ()))

        def mapping(value: Any) -> bool:
            if value.__class__ is not dict:
                return nullable and value is None
            for key, item in value.items():
                test = properties.get(key)
                if test is None:
                    if closed or (more is not None and not more(item)):
                        return False
                elif not test(item):
                    return False
            return not required or value.keys() >= required

        return mapping

    def _general(self, schema: dict[str, Any]) -> Quick:
        """Any other schema: the same checks as the checker, in the same order."""
        tests: list[Quick] = []
        if "const" in schema:
            const = schema["const"]
            tests.append(lambda value: bool(value == const))
        if "enum" in schema:
            choices = schema["enum"]
            tests.append(lambda value: value in choices)
        kind = schema.get("type")
        if kind is not None:
            tests.append(lambda value: matches_type(value, kind))
        members = self._mapping({**schema, "type": "object"})
        items = self.of(schema["items"]) if "items" in schema else _always
        number = _number("number", [(k, schema[k]) for k in _RANGE_ORDER if k in schema])
        least = schema.get("minLength", 0)

        def general(value: Any) -> bool:
            if not all(test(value) for test in tests):
                return False
            kind = value.__class__
            if kind is dict:
                return members(value)
            if kind is list:
                return all(map(items, value))
            if kind is str:
                return bool(len(value) >= least)
            if kind is int or kind is float:
                return number(value)
            return kind is bool or value is None

        return general


def _number(kind: str, bounds: list[tuple[str, float]], nullable: bool = False) -> Quick:
    """A test for a whole number (``integer``) or any number within ``bounds``, or null."""
    types = (int,) if kind == "integer" else (int, float)
    low = next((limit for k, limit in bounds if k == "minimum"), None)
    high = next((limit for k, limit in bounds if k == "maximum"), None)
    above = next((limit for k, limit in bounds if k == "exclusiveMinimum"), None)
    below = next((limit for k, limit in bounds if k == "exclusiveMaximum"), None)

    def number(value: Any) -> bool:
        if value is None:
            return nullable
        return (
            value.__class__ in types
            and (low is None or value >= low)
            and (high is None or value <= high)
            and (above is None or value > above)
            and (below is None or value < below)
        )

    return number


def _always(value: Any) -> bool:
    return True


_RANGE_ORDER = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
