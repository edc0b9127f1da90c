"""Turning composed nodes into plain data, within the loader's limits."""

from __future__ import annotations

from typing import Any

import yaml

from modelmap.loader.limits import DUPLICATE_KEY, LIMIT, MAX_DEPTH, MIN_ALIAS_BUDGET, SYNTAX
from modelmap.loader.scalars import (
    MAP_TAG,
    MERGE,
    NOT_A_KEY,
    PLAIN,
    SEQ_TAG,
    STR_TAG,
    TYPED_FIRST,
    TYPED_WORDS,
    check_tag,
    key_of,
    merge_items,
    plain_keys,
    plain_values,
    scalar_value,
    tag_and_value,
)
from modelmap.problems import Problem, Severity


class Abort(Exception):
    """A limit was hit; carries the finding that explains it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class Builder:
    """Turns composed nodes into plain data.

    Alias tracking (the expansion budget and the recursion check) only runs when the text
    has an anchor at all: without one no node can be reached twice, and skipping the
    bookkeeping halves the time on large files.
    """

    def __init__(self, display: str, root: yaml.Node, anchors: bool) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.track = anchors
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.alias_budget = max(MIN_ALIAS_BUDGET, 10 * _count_nodes(root)) if anchors else 0

    def _visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:
            self.alias_budget -= 1
            if self.alias_budget < 0:
                raise _fail(
                    self.display,
                    node,
                    LIMIT,
                    "aliases expand to too many nodes (a 'billion laughs' file?); "
                    "write the repeated values out or use fewer nested aliases",
                )
        else:
            self.seen.add(id(node))

    def build(self, node: yaml.Node, depth: int) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            if self.track:
                self._visit(node)
            return scalar_value(node)
        if node.tag != (SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG):
            check_tag(node)  # an explicit tag: !!map on a list, !!int on a mapping
        if depth > MAX_DEPTH:
            raise _fail(
                self.display,
                node,
                LIMIT,
                f"nesting deeper than {MAX_DEPTH} levels; flatten the structure",
            )
        if not self.track:
            return (
                self._sequence(node, depth)
                if kind is yaml.SequenceNode
                else self._mapping(node, depth)
            )
        self._visit(node)
        if id(node) in self.active:
            raise _fail(self.display, node, LIMIT, "recursive alias: a node contains itself")
        self.active.add(id(node))
        try:
            return (
                self._sequence(node, depth)
                if kind is yaml.SequenceNode
                else self._mapping(node, depth)
            )
        finally:
            self.active.discard(id(node))

    def _sequence(self, node: yaml.Node, depth: int) -> list[Any]:
        if self.track:
            return [self.build(item, depth + 1) for item in node.value]
        scalar = yaml.ScalarNode
        return [
            scalar_value(item) if item.__class__ is scalar else self.build(item, depth + 1)
            for item in node.value
        ]

    def _mapping(self, node: yaml.Node, depth: int) -> dict[Any, Any]:
        # The hot loop of loading: plain and quoted text keys and scalar values are handled
        # inline (the same tests as key_of and scalar_value), everything else by a call.
        result: dict[Any, Any] = {}
        merges: list[yaml.Node] = []
        scalar, plain, text_tag = yaml.ScalarNode, PLAIN, STR_TAG
        typed, words = TYPED_FIRST, TYPED_WORDS
        track, known_values, known_keys = self.track, plain_values, plain_keys
        for key_node, value_node in node.value:
            tag = key_node.tag
            if (
                tag == plain and key_node.value[:1] not in typed and key_node.value not in words
            ) or (tag == text_tag and key_node.__class__ is scalar):
                key = key_node.value
            elif tag == plain and key_node.value in known_keys:
                key = known_keys[key_node.value]
            else:
                key = key_of(key_node)
                if key is MERGE:
                    merges.append(value_node)
                    continue
                if key is NOT_A_KEY:
                    raise _fail(
                        self.display,
                        key_node,
                        SYNTAX,
                        "a key must be a plain value, not a list or mapping",
                    )
            if key in result:
                self._duplicate(node, key, key_node)
            if value_node.__class__ is scalar and not track:
                tag = value_node.tag
                text = value_node.value
                if tag == text_tag or (
                    tag == plain and text[:1] not in typed and text not in words
                ):
                    result[key] = text
                else:
                    known = known_values.get(text) if tag == plain else None
                    result[key] = known[1] if known is not None else tag_and_value(value_node)[1]
            else:
                result[key] = self.build(value_node, depth + 1)
        if merges:
            self._merge(result, merges, depth)
        return result

    def _merge(self, result: dict[Any, Any], merges: list[yaml.Node], depth: int) -> None:
        for merged in merge_items(merges):
            if not isinstance(merged, yaml.MappingNode):
                raise _fail(self.display, merged, SYNTAX, "a merge key '<<' must name a mapping")
            for key_node, value_node in merged.value:
                key = key_of(key_node)
                if key is not MERGE and key is not NOT_A_KEY and key not in result:
                    result[key] = self.build(value_node, depth + 1)

    def _duplicate(self, node: yaml.Node, key: Any, key_node: yaml.Node) -> None:
        first = next(k for k, _ in node.value if key_of(k) == key).start_mark
        mark = key_node.start_mark
        self.problems.append(
            Problem(
                self.display,
                mark.line + 1,
                mark.column + 1,
                DUPLICATE_KEY,
                Severity.ERROR,
                f"duplicate key {key!r} (first at line {first.line + 1}); YAML loaders "
                f"keep only the last one, so remove or rename one of them",
            )
        )


def _fail(display: str, node: yaml.Node, code: str, message: str) -> Abort:
    mark = node.start_mark
    return Abort(Problem(display, mark.line + 1, mark.column + 1, code, Severity.ERROR, message))


def _count_nodes(node: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for k, v in current.value:
                stack.append(k)
                stack.append(v)
    return len(seen)
