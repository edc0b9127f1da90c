"""Read a YAML file into plain data while keeping the position of every key and value.

PyYAML's own loaders forget positions and silently keep the last of two duplicate keys, so
we compose the node graph (with the C parser when present) and build the data ourselves,
guarding against hostile input: size, alias expansion ("billion laughs"), nesting depth,
recursive aliases and bad encodings all become located findings instead of tracebacks.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, ClassVar, NamedTuple

import yaml

from modelmap.problems import Problem, Severity

try:  # the C parser is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _ComposeLoader(_Loader):
    """The safe loader with implicit tags remembered per value: files repeat their values,
    and PyYAML's resolver runs regular expressions in Python for every plain scalar."""

    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = self._tags.get(value)
            if tag is None:
                tag = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
                if len(self._tags) < 100_000:
                    self._tags[value] = tag
            return tag
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


Key = str | int
Path = tuple[Key, ...]

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MIN_ALIAS_BUDGET = 100_000  # nodes that aliases may re-expand, at the least

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_SC = yaml.constructor.SafeConstructor
# Called directly: construct_object() would remember every node it ever saw.
_SCALAR_TAGS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:int": _SC.construct_yaml_int,
    "tag:yaml.org,2002:float": _SC.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SC.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SC.construct_yaml_null,
}
_constructor = _SC()

# Load-time rule codes; documented with the lint rules (modelmap/lint/rules/load.py).
SYNTAX = "MM001"
DUPLICATE_KEY = "MM002"
EMPTY = "MM003"
NOT_MAPPING = "MM004"
ENCODING = "MM005"
LIMIT = "MM006"


class Pos(NamedTuple):
    """1-based positions of a value and of the key that names it (the same for list items)."""

    key_line: int
    key_column: int
    line: int
    column: int


@dataclass
class Document:
    """A loaded YAML file: its data plus the position of every path into it."""

    path: str
    text: str
    data: Any
    positions: dict[Path, Pos] = field(default_factory=dict)

    def pos(self, path: Path, *, key: bool = True) -> tuple[int, int]:
        """Line and column of the key at ``path`` (or its value), else of the nearest ancestor."""
        probe = path
        while True:
            found = self.positions.get(probe)
            if found is not None:
                return (found.key_line, found.key_column) if key else (found.line, found.column)
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def problem(
        self, path: Path, code: str, severity: Severity, message: str, *, key: bool = True
    ) -> Problem:
        """A finding located at ``path``."""
        line, column = self.pos(path, key=key)
        return Problem(self.path, line, column, code, severity, message)


@dataclass
class LoadResult:
    """What loading produced: a document when the file could be read, and the findings."""

    document: Document | None
    problems: list[Problem]


class _Abort(Exception):
    """A limit was hit; carries the finding that explains it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Builder:
    """Turns composed nodes into plain data, recording positions as it goes.

    Alias tracking (the expansion budget and the recursion check) only runs when the text
    has an anchor at all: without one no node can be reached twice, and skipping the
    bookkeeping halves the time on large files.
    """

    def __init__(self, display: str, root: yaml.Node, anchors: bool) -> None:
        self.display = display
        self.positions: dict[Path, Pos] = {}
        self.problems: list[Problem] = []
        self.track = anchors
        self.seen: set[int] = set()
        self.active: set[int] = set()
        self.alias_budget = max(MIN_ALIAS_BUDGET, 10 * _count_nodes(root)) if anchors else 0
        self.scalars: dict[tuple[str, str], Any] = {}

    def _fail(self, node: yaml.Node, code: str, message: str) -> _Abort:
        mark = node.start_mark
        return _Abort(
            Problem(self.display, mark.line + 1, mark.column + 1, code, Severity.ERROR, message)
        )

    def _visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:
            self.alias_budget -= 1
            if self.alias_budget < 0:
                raise self._fail(
                    node,
                    LIMIT,
                    "aliases expand to too many nodes (a 'billion laughs' file?); "
                    "write the repeated values out or use fewer nested aliases",
                )
        else:
            self.seen.add(id(node))

    def build(self, node: yaml.Node, path: Path, key_node: yaml.Node | None) -> Any:
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if key_node is None:
            self.positions[path] = Pos(line, column, line, column)
        else:
            kmark = key_node.start_mark
            self.positions[path] = Pos(kmark.line + 1, kmark.column + 1, line, column)
        if self.track:
            self._visit(node)
        if len(path) > MAX_DEPTH:
            raise self._fail(
                node, LIMIT, f"nesting deeper than {MAX_DEPTH} levels; flatten the structure"
            )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node) if node.tag in _SCALAR_TAGS else node.value
        if self.track:
            if id(node) in self.active:
                raise self._fail(node, LIMIT, "recursive alias: a node contains itself")
            self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i), None) for i, item in enumerate(node.value)]
            assert isinstance(node, yaml.MappingNode)
            return self._mapping(node, path)
        finally:
            if self.track:
                self.active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        memo = (node.tag, node.value)
        try:
            return self.scalars[memo]
        except KeyError:
            pass
        try:
            value = _SCALAR_TAGS[node.tag](_constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError):
            value = node.value
        self.scalars[memo] = value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, yaml.Node] = {}
        merges: list[yaml.Node] = []
        for key_node, value_node in node.value:
            if key_node.tag == _STR_TAG and isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
            elif key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            else:
                key = self._key(key_node)
            if key in first_seen:
                first = first_seen[key].start_mark
                kmark = key_node.start_mark
                self.problems.append(
                    Problem(
                        self.display,
                        kmark.line + 1,
                        kmark.column + 1,
                        DUPLICATE_KEY,
                        Severity.ERROR,
                        f"duplicate key {key!r} (first at line {first.line + 1}); YAML loaders "
                        f"keep only the last one, so remove or rename one of them",
                    )
                )
            first_seen[key] = key_node
            result[key] = self.build(value_node, (*path, key), key_node)
        for merged in self._merge_sources(merges):
            for key_node, value_node in merged.value:
                key = self._key(key_node)
                if key_node.tag != _MERGE_TAG and key not in result:
                    result[key] = self.build(value_node, (*path, key), key_node)
        return result

    def _merge_sources(self, merges: list[yaml.Node]) -> Iterator[yaml.MappingNode]:
        for value in merges:
            items = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for item in items:
                if not isinstance(item, yaml.MappingNode):
                    raise self._fail(item, SYNTAX, "a merge key '<<' must name a mapping")
                yield item

    def _key(self, key_node: yaml.Node) -> Any:
        if isinstance(key_node, yaml.ScalarNode):
            if key_node.tag in _SCALAR_TAGS and key_node.tag != "tag:yaml.org,2002:null":
                value = self._scalar(key_node)
                # Keys are names; a key such as `1` or `true` is still compared as written.
                return key_node.value if isinstance(value, (str, bool, float)) else str(value)
            return key_node.value
        raise self._fail(key_node, SYNTAX, "a key must be a plain value, not a list or mapping")


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


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a burst of allocation.

    Loading and linting create hundreds of thousands of small acyclic objects; the
    collector would walk the whole growing heap again and again (4x the time of a 10,000
    model file) to find no cycles. Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decode(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem(
            display,
            line,
            column,
            ENCODING,
            Severity.ERROR,
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )


def _one(display: str, line: int, column: int, code: str, message: str) -> LoadResult:
    return LoadResult(None, [Problem(display, line, column, code, Severity.ERROR, message)])


def load_bytes(raw: bytes, display: str) -> LoadResult:
    """Parse ``raw`` as a YAML configuration named ``display`` in findings."""
    if len(raw) > MAX_BYTES:
        return _one(display, 1, 1, LIMIT, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    text, bad = _decode(raw, display)
    if text is None:
        assert bad is not None
        return LoadResult(None, [bad])
    return load_text(text, display)


def load_text(text: str, display: str) -> LoadResult:
    """Parse YAML ``text``; ``display`` names the file in findings."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        return _one(display, 1, 1, EMPTY, "the file is empty; it needs at least a 'models' section")
    with gc_paused():
        return _parse(text, display)


def _parse(text: str, display: str) -> LoadResult:
    try:
        node = yaml.compose(text, Loader=_ComposeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        return _one(display, line, column, SYNTAX, f"YAML syntax error: {what}{context}")
    except yaml.YAMLError as exc:
        return _one(display, 1, 1, SYNTAX, f"YAML syntax error: {exc}")
    except RecursionError:
        return _one(display, 1, 1, LIMIT, "nesting is too deep to parse; flatten the structure")
    if node is None:
        return _one(display, 1, 1, EMPTY, "the file is empty; it needs at least a 'models' section")
    if not isinstance(node, yaml.MappingNode):
        mark = node.start_mark
        return _one(
            display,
            mark.line + 1,
            mark.column + 1,
            NOT_MAPPING,
            "the top level must be a mapping with a 'models' key, not a "
            + ("list" if isinstance(node, yaml.SequenceNode) else "single value"),
        )
    builder = _Builder(display, node, anchors="&" in text)
    try:
        data = builder.build(node, (), None)
    except _Abort as abort:
        return LoadResult(None, [*builder.problems, abort.problem])
    except RecursionError:
        return _one(display, 1, 1, LIMIT, "nesting is too deep to parse; flatten the structure")
    return LoadResult(Document(display, text, data, builder.positions), builder.problems)


def load_file(path: FsPath, display: str | None = None) -> LoadResult:
    """Read and parse a file; an unreadable file is a finding, not an exception."""
    shown = display if display is not None else str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return _one(shown, 1, 1, SYNTAX, "no such file")
    except IsADirectoryError:
        return _one(shown, 1, 1, SYNTAX, "is a directory, not a file")
    except OSError as exc:
        return _one(shown, 1, 1, SYNTAX, f"cannot read the file: {exc.strerror or exc}")
    return load_bytes(raw, shown)
