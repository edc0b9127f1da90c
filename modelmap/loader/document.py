"""A loaded document: the data, and the composed nodes that locate any path in it."""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from modelmap.loader.scalars import MERGE, key_of, merge_items
from modelmap.problems import Problem, Severity

Key = str | int
Path = tuple[Key, ...]


class Pos(NamedTuple):
    """1-based positions of a value and of the key that names it (the same for list items)."""

    key_line: int
    key_column: int
    line: int
    column: int


class Document:
    """A loaded YAML file: its data, and the composed nodes that locate every path in it.

    Positions are looked up only for findings, so they are not recorded while loading: a
    path is followed through the nodes on demand, each mapping indexed on first use.
    """

    def __init__(self, path: str, text: str, data: Any, root: yaml.Node | None = None) -> None:
        self.path = path
        self.text = text
        self.data = data
        self._root = root
        self._indexes: dict[int, dict[Any, tuple[yaml.Node, yaml.Node]]] = {}
        # the parent path of the last locate() call, what _walk found for it, and the
        # index of that parent when it is a mapping
        self._last: tuple[Path | None, tuple[Any, Any, bool, dict[Any, Any] | None]] = (
            None,
            (None, None, False, None),
        )

    def locate(self, path: Path) -> Pos:
        """Positions of the key at ``path`` and of its value, else of the nearest ancestor."""
        if self._root is None:
            return Pos(1, 1, 1, 1)
        # Findings come in file order, many in one mapping (100,000 unknown parameters):
        # the walk to the last path's parent is reused instead of repeated.
        parent = path[:-1]
        last, (key_node, node, complete, index) = self._last
        if not path or parent != last:
            key_node, node, complete = self._walk(self._root, self._root, parent)
            index = None
            if complete and path and isinstance(node, yaml.MappingNode):
                index = self._index(node)
            self._last = (parent, (key_node, node, complete, index))
        if index is not None and path:
            found = index.get(path[-1])
            if found is not None:
                key_node, node = found
        elif complete and path:
            key_node, node, _ = self._walk(key_node, node, path[-1:])
        key_mark, mark = key_node.start_mark, node.start_mark
        return Pos(key_mark.line + 1, key_mark.column + 1, mark.line + 1, mark.column + 1)

    def _walk(
        self, key_node: yaml.Node, node: yaml.Node, steps: Path
    ) -> tuple[yaml.Node, yaml.Node, bool]:
        """The key and value nodes ``steps`` lead to from ``node``, and whether all of them
        were found (else the nodes of the last one that was)."""
        for step in steps:
            if isinstance(node, yaml.MappingNode):
                found = self._index(node).get(step)
                if found is None:
                    return key_node, node, False
                key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    return key_node, node, False
                node = key_node = node.value[step]
            else:
                return key_node, node, False
        return key_node, node, True

    def _index(self, node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        index = self._indexes.get(id(node))
        if index is None:
            index = {}
            merges = []
            for key_node, value_node in node.value:  # a repeated key: the last one counts
                key = key_of(key_node)
                if key is MERGE:
                    merges.append(value_node)
                else:
                    index[key] = (key_node, value_node)
            for merged in merge_items(merges):  # the builder refused any other kind
                for key_node, value_node in merged.value:
                    key = key_of(key_node)
                    if key is not MERGE:
                        index.setdefault(key, (key_node, value_node))
            self._indexes[id(node)] = index
        return index

    def pos(self, path: Path, *, key: bool = True) -> tuple[int, int]:
        """Line and column of the key at ``path`` (or its value), else of the nearest ancestor."""
        found = self.locate(path)
        return (found.key_line, found.key_column) if key else (found.line, found.column)

    def problem(
        self, path: Path, code: str, severity: Severity, message: str, *, key: bool = True
    ) -> Problem:
        """A finding located at ``path``."""
        line, column = self.pos(path, key=key)
        return Problem(self.path, line, column, code, severity, message)
