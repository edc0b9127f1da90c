"""Composing YAML, and what a composed scalar or key stands for.

PyYAML's resolver runs regular expressions in Python for every plain scalar. Here the
composer only marks plain scalars, and their values are resolved once per distinct text,
with PyYAML's own safe resolver and constructors, so the types are exactly PyYAML's.
"""

from __future__ import annotations

import operator
import re
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


# A letter that starts only booleans and nulls (t: true, n: no/null, ...) starts a typed
# value only in a handful of exact spellings: for it, a set lookup of the whole text
# replaces the resolver's regular expressions (a key such as 'temp123' is text at once).
_WORD_TAGS = frozenset(("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"))
_BOOL_WORDS = ("yes", "no", "true", "false", "on", "off")
TYPED_WORDS: frozenset[str] = frozenset(
    spelling
    for word in (*_BOOL_WORDS, "null")
    for spelling in (word, word.capitalize(), word.upper())
)
_WORD_FIRST = frozenset(
    first
    for first, resolvers in _implicit_tags.yaml_implicit_resolvers.items()
    if first is not None
    and first.isalpha()
    and {tag for tag, _ in resolvers} <= _WORD_TAGS
    and all(
        str(_implicit_tags.resolve(yaml.ScalarNode, word, (True, False))) != STR_TAG  # type: ignore[no-untyped-call]
        for word in TYPED_WORDS
        if word[0] == first
    )
)
TYPED_FIRST: Container[str] = (
    frozenset(
        {"", *(k for k in _implicit_tags.yaml_implicit_resolvers if k is not None)} - _WORD_FIRST
    )
    if None not in _implicit_tags.yaml_implicit_resolvers
    else _Everything()
)


def plain_text(text: str) -> bool:
    """True when a plain scalar written ``text`` is certainly a string (no lookup needed);
    False when it may be typed (a number, boolean, null, timestamp or the merge key)."""
    return text[:1] not in TYPED_FIRST and text not in TYPED_WORDS


_SC = yaml.constructor.SafeConstructor
# Called directly: construct_object() would remember every node it ever saw.
_SCALAR_TAGS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    "tag:yaml.org,2002:int": _SC.construct_yaml_int,
    "tag:yaml.org,2002:float": _SC.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SC.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SC.construct_yaml_null,
}
_constructor = _SC()

_STANDARD = "tag:yaml.org,2002:"
# What each standard tag may be written on; a tagged value must also fit the tag (checked
# by _explicit). A standard tag that is not listed here is refused.
_KINDS: dict[str, type[yaml.Node]] = {
    **{f"{_STANDARD}{name}": yaml.ScalarNode for name in ("str", "int", "float", "bool")},
    **{f"{_STANDARD}{name}": yaml.ScalarNode for name in ("null", "timestamp", "binary")},
    MERGE_TAG: yaml.ScalarNode,
    MAP_TAG: yaml.MappingNode,
    f"{_STANDARD}set": yaml.MappingNode,
    SEQ_TAG: yaml.SequenceNode,
    f"{_STANDARD}omap": yaml.SequenceNode,
    f"{_STANDARD}pairs": yaml.SequenceNode,
}
_WHAT = {yaml.ScalarNode: "a single value", yaml.MappingNode: "a mapping"}
# YAML 1.1's booleans (any case); PyYAML's constructor lacks y and n and raises on others
_BOOLS = {"y": True, "yes": True, "true": True, "on": True}
_BOOLS |= {"n": False, "no": False, "false": False, "off": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CHECKED = (yaml.YAMLError, ValueError, TypeError, AttributeError, IndexError, OverflowError)

# Checked, but kept as the text written (the configuration has no dates or bytes).
_VALIDATED: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    f"{_STANDARD}timestamp": _SC.construct_yaml_timestamp,
    f"{_STANDARD}binary": lambda _, node: _base64(node.value),
}
_MEANING = {
    f"{_STANDARD}int": "an integer",
    f"{_STANDARD}float": "a number",
    f"{_STANDARD}bool": "a YAML boolean (true/false, yes/no, on/off, y/n)",
    f"{_STANDARD}null": "a null (~, null or nothing)",
    f"{_STANDARD}timestamp": "a date or timestamp (2024-01-31, 2024-01-31T12:00:00Z)",
    f"{_STANDARD}binary": "base64 text",
}

_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _base64(text: str) -> str:
    # PyYAML's own constructor skips any character that is not base64, so it never fails
    packed = "".join(text.split())
    if len(packed) % 4 or _BASE64.fullmatch(packed) is None:
        raise ValueError("not base64")
    return text


class TagError(ValueError):
    """A standard tag (``!!int``, ``!<tag:yaml.org,2002:int>``) on a value it does not fit."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def shown_tag(tag: str) -> str:
    """A tag as it is usually written: ``!!int`` for the standard ones."""
    return "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag


def check_tag(node: yaml.Node) -> None:
    """Raise :class:`TagError` when ``node`` has a standard tag for another kind of node."""
    tag: str = node.tag
    if not tag.startswith(_STANDARD):
        return  # a local tag (``!thing``) is kept as a plain value, as before
    kind = _KINDS.get(tag)
    if kind is None:
        raise TagError(
            node,
            f"unknown tag {shown_tag(tag)}; a configuration uses no such type: remove the tag",
        )
    if node.__class__ is not kind:
        raise TagError(
            node,
            f"the tag {shown_tag(tag)} is for {_WHAT.get(kind, 'a list')}, but the value is "
            f"{_WHAT.get(node.__class__, 'a list')}; remove the tag or fix the value",
        )


def _explicit(tag: str, node: yaml.Node) -> Any:
    """The value of a scalar with an explicit standard tag, or :class:`TagError`."""
    check_tag(node)
    text: str = node.value
    if tag == f"{_STANDARD}bool":
        value: Any = _BOOLS.get(text.lower(), _tagged)
    elif tag == f"{_STANDARD}null":
        value = None if text in _NULLS else _tagged
    else:
        constructor = _SCALAR_TAGS.get(tag) or _VALIDATED.get(tag)
        if constructor is None:
            return text  # !!str, !!merge
        try:
            value = constructor(_constructor, cast(yaml.ScalarNode, node))
        except _CHECKED:
            value = _tagged
        else:
            value = text if tag in _VALIDATED else value
    if value is _tagged:
        raise TagError(
            node,
            f"the value is tagged {shown_tag(tag)} but is not {_MEANING[tag]}; remove the tag "
            "or fix the value",
        )
    return value


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
    if tag == STR_TAG:
        return tag, text
    value = _tagged.get((tag, text), _tagged)
    if value is _tagged:
        value = _explicit(tag, node)  # raises TagError: a bad value is never cached
        if len(_tagged) < _CACHE_LIMIT:
            _tagged[(tag, text)] = value
    return tag, value


def scalar_value(node: yaml.Node) -> Any:
    """The value of a scalar node: its text, unless its tag makes it a number, bool or null."""
    tag = node.tag
    if tag == STR_TAG or (
        tag == PLAIN and node.value[:1] not in TYPED_FIRST and node.value not in TYPED_WORDS
    ):
        return node.value
    return tag_and_value(node)[1]


def _construct(tag: str, node: yaml.Node) -> Any:
    constructor = _SCALAR_TAGS.get(tag)
    if constructor is None:
        return node.value
    try:
        return constructor(_constructor, cast(yaml.ScalarNode, node))
    except _CHECKED:
        return node.value


def key_of(key_node: yaml.Node) -> Any:
    """The dictionary key a key node stands for: names stay as written (``1``, ``true``);
    ``MERGE`` for '<<', ``NOT_A_KEY`` for a list or mapping."""
    if key_node.__class__ is not yaml.ScalarNode:
        return NOT_A_KEY
    if key_node.tag == PLAIN:  # the usual case, as in the builder's loop
        text: str = key_node.value
        if text[:1] not in TYPED_FIRST and text not in TYPED_WORDS:
            return text
        known = plain_keys.get(text)
        if known is not None:
            return known
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
