"""Read a YAML file into plain data while keeping the position of every key and value.

PyYAML's own loaders forget positions and silently keep the last of two duplicate keys, so
we compose the node graph (with the C parser when present) and build the data ourselves,
guarding against hostile input: size, alias expansion ("billion laughs"), nesting depth,
recursive aliases and bad encodings all become located findings instead of tracebacks.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Callable, Container, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, NamedTuple, cast

import yaml

from modelmap.problems import Problem, Severity

try:  # the C parser is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _ComposeLoader(_Loader):
    """The safe loader, minus work we do better ourselves.

    PyYAML's resolver runs regular expressions in Python for every plain scalar; here a
    plain scalar only gets the marker tag ``_PLAIN`` and the builder resolves its value
    once per distinct text. Path resolvers (never used by safe loading) are skipped.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    # The C parser calls these two around every node (700,000 calls for a 10,000-model
    # file); path resolvers are unused, so any C-level callable taking the same arguments
    # will do, and costs a fraction of a Python-level no-op.
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


_PLAIN = " plain"  # a YAML tag cannot contain a space, so no file can spell this one
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_implicit_tags = yaml.resolver.Resolver()


# Implicit types (numbers, booleans, null, timestamps, the merge key) are each recognised
# only after a few first characters; a plain scalar starting with any other character is
# text, with no lookup at all. (A resolver for every first character would be filed under
# None; the safe resolver has none, but if one appears, every scalar takes the slow path.)
class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


_TYPED_FIRST: Container[str] = (
    frozenset({"", *(k for k in _implicit_tags.yaml_implicit_resolvers if k is not None)})
    if None not in _implicit_tags.yaml_implicit_resolvers
    else _Everything()
)


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

    def locate(self, path: Path) -> Pos:
        """Positions of the key at ``path`` and of its value, else of the nearest ancestor."""
        node = self._root
        if node is None:
            return Pos(1, 1, 1, 1)
        key_node = node
        for step in path:
            if isinstance(node, yaml.MappingNode):
                found = self._index(node).get(step)
                if found is None:
                    break
                key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if not 0 <= step < len(node.value):
                    break
                node = key_node = node.value[step]
            else:
                break
        key_mark, mark = key_node.start_mark, node.start_mark
        return Pos(key_mark.line + 1, key_mark.column + 1, mark.line + 1, mark.column + 1)

    def _index(self, node: yaml.MappingNode) -> dict[Any, tuple[yaml.Node, yaml.Node]]:
        index = self._indexes.get(id(node))
        if index is None:
            index = {}
            merges = []
            for key_node, value_node in node.value:  # a repeated key: the last one counts
                key = _key_of(key_node)
                if key is _MERGE:
                    merges.append(value_node)
                else:
                    index[key] = (key_node, value_node)
            for merged in _merge_sources(merges, None):
                for key_node, value_node in merged.value:
                    key = _key_of(key_node)
                    if key is not _MERGE:
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
            return _scalar_value(node)
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
            _scalar_value(item) if item.__class__ is scalar else self.build(item, depth + 1)
            for item in node.value
        ]

    def _mapping(self, node: yaml.Node, depth: int) -> dict[Any, Any]:
        # The hot loop of loading: plain and quoted text keys and scalar values are handled
        # inline (the same tests as _key_of and _scalar_value), everything else by a call.
        result: dict[Any, Any] = {}
        merges: list[yaml.Node] = []
        scalar, plain, text_tag, typed = yaml.ScalarNode, _PLAIN, _STR_TAG, _TYPED_FIRST
        track, known_values, known_keys = self.track, _plain, _plain_keys
        for key_node, value_node in node.value:
            tag = key_node.tag
            if (tag == plain and key_node.value[:1] not in typed) or (
                tag == text_tag and key_node.__class__ is scalar
            ):
                key = key_node.value
            elif tag == plain and key_node.value in known_keys:
                key = known_keys[key_node.value]
            else:
                key = _key_of(key_node)
                if key is _MERGE:
                    merges.append(value_node)
                    continue
                if key is _NOT_A_KEY:
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
                if tag == text_tag or (tag == plain and text[:1] not in typed):
                    result[key] = text
                else:
                    known = known_values.get(text) if tag == plain else None
                    result[key] = known[1] if known is not None else _tag_and_value(value_node)[1]
            else:
                result[key] = self.build(value_node, depth + 1)
        if merges:
            self._merge(result, merges, depth)
        return result

    def _merge(self, result: dict[Any, Any], merges: list[yaml.Node], depth: int) -> None:
        for merged in _merge_sources(merges, self.display):
            for key_node, value_node in merged.value:
                key = _key_of(key_node)
                if key is not _MERGE and key is not _NOT_A_KEY and key not in result:
                    result[key] = self.build(value_node, depth + 1)

    def _duplicate(self, node: yaml.Node, key: Any, key_node: yaml.Node) -> None:
        first = next(k for k, _ in node.value if _key_of(k) == key).start_mark
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


def _fail(display: str, node: yaml.Node, code: str, message: str) -> _Abort:
    mark = node.start_mark
    return _Abort(Problem(display, mark.line + 1, mark.column + 1, code, Severity.ERROR, message))


_MERGE: Any = object()  # the key '<<'
_CACHE_LIMIT = 100_000  # entries per value cache below: bounded for long-running processes
_NOT_A_KEY: Any = object()  # a list or mapping used as a key
_plain: dict[str, tuple[str, Any]] = {}  # plain text -> tag and value; files repeat values
_tagged: dict[tuple[str, str], Any] = {}


def _tag_and_value(node: yaml.Node) -> tuple[str, Any]:
    """The resolved tag of a scalar and its value: typed when the tag is one we construct."""
    tag: str = node.tag
    text: str = node.value
    if tag == _PLAIN:
        found = _plain.get(text)
        if found is None:
            resolved = str(_implicit_tags.resolve(yaml.ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]
            found = (resolved, _construct(resolved, node))
            if len(_plain) < _CACHE_LIMIT:
                _plain[text] = found
        return found
    if tag not in _SCALAR_TAGS:
        return tag, text
    value = _tagged.get((tag, text), _tagged)
    if value is _tagged:
        value = _construct(tag, node)
        if len(_tagged) < _CACHE_LIMIT:
            _tagged[(tag, text)] = value
    return tag, value


def _scalar_value(node: yaml.Node) -> Any:
    """The value of a scalar node: its text, unless its tag makes it a number, bool or null."""
    tag = node.tag
    if tag == _STR_TAG or (tag == _PLAIN and node.value[:1] not in _TYPED_FIRST):
        return node.value
    return _tag_and_value(node)[1]


def _construct(tag: str, node: yaml.Node) -> Any:
    constructor = _SCALAR_TAGS.get(tag)
    if constructor is None:
        return node.value
    try:
        return constructor(_constructor, cast(yaml.ScalarNode, node))
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value


def _key_of(key_node: yaml.Node) -> Any:
    """The dictionary key a key node stands for: names stay as written (``1``, ``true``)."""
    if key_node.__class__ is not yaml.ScalarNode:
        return _NOT_A_KEY
    tag, value = _tag_and_value(key_node)
    if isinstance(value, str):
        key = _MERGE if tag == _MERGE_TAG else value
    elif isinstance(value, (bool, float)) or value is None:
        key = key_node.value
    else:
        key = str(value)
    if key_node.tag == _PLAIN and key is not _MERGE and len(_plain_keys) < _CACHE_LIMIT:
        _plain_keys[key_node.value] = key
    return key


_plain_keys: dict[str, str] = {}  # plain key text -> the key it stands for ('<<' never)


def _merge_sources(merges: list[yaml.Node], display: str | None) -> Iterator[yaml.MappingNode]:
    for value in merges:
        items = value.value if isinstance(value, yaml.SequenceNode) else [value]
        for item in items:
            if isinstance(item, yaml.MappingNode):
                yield item
            elif display is not None:
                raise _fail(display, item, SYNTAX, "a merge key '<<' must name a mapping")


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
        data = builder.build(node, 0)
    except _Abort as abort:
        return LoadResult(None, [*builder.problems, abort.problem])
    except RecursionError:
        return _one(display, 1, 1, LIMIT, "nesting is too deep to parse; flatten the structure")
    return LoadResult(Document(display, text, data, node), builder.problems)


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
