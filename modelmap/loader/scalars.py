"""Composing YAML, and what a composed scalar or key stands for.

PyYAML's resolver runs regular expressions in Python for every plain scalar. Here the
composer only marks plain scalars, and their values are resolved once per distinct text,
with PyYAML's own safe resolver and constructors, so the types are exactly PyYAML's.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Container, Iterator
from typing import Any, cast

import yaml

try:  # the C parser is ~10x faster; fall back to pure Python where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

PLAIN = " plain"  # the tag of a plain scalar; a YAML tag cannot contain a space
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
MERGE_TAG = "tag:yaml.org,2002:merge"


class ComposeLoader(_Loader):
    """The safe loader, minus work we do better ourselves (see the module docstring)."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        """``PLAIN`` for a plain scalar; otherwise the tag PyYAML's resolver would give."""
        if kind is yaml.ScalarNode:
            return PLAIN if implicit[0] else STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG

    # The C parser calls these two around every node (700,000 calls for a 10,000-model
    # file); path resolvers are unused, so any C-level callable taking the same arguments
    # will do, and costs a fraction of a Python-level no-op.
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


_implicit_tags = yaml.resolver.Resolver()


# Implicit types (numbers, booleans, null, timestamps, the merge key) are each recognised
# only after a few first characters; a plain scalar starting with any other character is
# text, with no lookup at all. (A resolver for every first character would be filed under
# None; the safe resolver has none, but if one appears, every scalar takes the slow path.)
class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


TYPED_FIRST: Container[str] = (
    frozenset({"", *(k for k in _implicit_tags.yaml_implicit_resolvers if k is not None)})
    if None not in _implicit_tags.yaml_implicit_resolvers
    else _Everything()
)

_SC = yaml.constructor.SafeConstructor
# Called directly: construct_object() would remember every node it ever saw.
_SCALAR_TAGS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:int": _SC.construct_yaml_int,
    "tag:yaml.org,2002:float": _SC.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SC.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SC.construct_yaml_null,
}
_constructor = _SC()

MERGE: Any = object()  # the key '<<'
NOT_A_KEY: Any = object()  # a list or mapping used as a key
_CACHE_LIMIT = 100_000  # entries per value cache: bounded for long-running processes
plain_values: dict[str, tuple[str, Any]] = {}  # plain text -> tag and value
plain_keys: dict[str, str] = {}  # plain key text -> the key it stands for ('<<' never)
_tagged: dict[tuple[str, str], Any] = {}


def tag_and_value(node: yaml.Node) -> tuple[str, Any]:
    """The resolved tag of a scalar and its value: typed when the tag is one we construct."""
    tag: str = node.tag
    text: str = node.value
    if tag == PLAIN:
        found = plain_values.get(text)
        if found is None:
            resolved = str(_implicit_tags.resolve(yaml.ScalarNode, text, (True, False)))  # type: ignore[no-untyped-call]
            found = (resolved, _construct(resolved, node))
            if len(plain_values) < _CACHE_LIMIT:
                plain_values[text] = found
        return found
    if tag not in _SCALAR_TAGS:
        return tag, text
    value = _tagged.get((tag, text), _tagged)
    if value is _tagged:
        value = _construct(tag, node)
        if len(_tagged) < _CACHE_LIMIT:
            _tagged[(tag, text)] = value
    return tag, value


def scalar_value(node: yaml.Node) -> Any:
    """The value of a scalar node: its text, unless its tag makes it a number, bool or null."""
    tag = node.tag
    if tag == STR_TAG or (tag == PLAIN and node.value[:1] not in TYPED_FIRST):
        return node.value
    return tag_and_value(node)[1]


def _construct(tag: str, node: yaml.Node) -> Any:
    constructor = _SCALAR_TAGS.get(tag)
    if constructor is None:
        return node.value
    try:
        return constructor(_constructor, cast(yaml.ScalarNode, node))
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value


def key_of(key_node: yaml.Node) -> Any:
    """The dictionary key a key node stands for: names stay as written (``1``, ``true``);
    ``MERGE`` for '<<', ``NOT_A_KEY`` for a list or mapping."""
    if key_node.__class__ is not yaml.ScalarNode:
        return NOT_A_KEY
    tag, value = tag_and_value(key_node)
    if isinstance(value, str):
        key = MERGE if tag == MERGE_TAG else value
    elif isinstance(value, (bool, float)) or value is None:
        key = key_node.value
    else:
        key = str(value)
    if key_node.tag == PLAIN and key is not MERGE and len(plain_keys) < _CACHE_LIMIT:
        plain_keys[key_node.value] = key
    return key


def merge_items(merges: list[yaml.Node]) -> Iterator[yaml.Node]:
    """What the '<<' keys of a mapping name: each value, or each item of a list value."""
    for value in merges:
        yield from (value.value if isinstance(value, yaml.SequenceNode) else [value])
