"""Decide what each legacy model becomes: its key, its backend reference, what it keeps."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from modelmap.config.build import legacy_backend_ref
from modelmap.errors import ConfigError, UsageError
from modelmap.migrate.source import scan
from modelmap.provider_types import known_provider_names, provider_type

# Keys of a legacy entry that become the new key and the backend reference.
FOLDED = ("name", "provider", "model")
MAX_PLAIN_KEY = 1024
MAPPING_SECTIONS = (
    "version",
    "models",
    "backends",
    "model_defaults",
    "fallback_providers",
)  # YAML's limit on an implicit key


@dataclass(frozen=True)
class Item:
    """One legacy model and what it becomes."""

    node: yaml.Node  # the list item: a scalar, or a block or flow mapping
    name: str
    key_text: str  # the new mapping key as written
    ref: str  # "<backend>/<model id>"
    ref_text: str  # the reference as written (quoted)
    how: str  # "provider", "inferred" or "default": where the backend came from
    kept: tuple[tuple[yaml.Node, yaml.Node], ...]  # pairs carried over, in order
    folded: tuple[tuple[yaml.Node, yaml.Node], ...]  # name, provider, model pairs
    entry: Mapping[str, Any]  # the loaded data of the item


@dataclass(frozen=True)
class Plan:
    """Everything the rewrite needs, decided before any text is touched."""

    root: yaml.MappingNode
    models_key: yaml.ScalarNode
    models: yaml.SequenceNode
    items: tuple[Item, ...]
    backends: tuple[str, ...]  # backend entries to generate (none if the file has 'backends')
    version: yaml.ScalarNode | None  # a `version: 1` value to rewrite as 2
    notes: tuple[str, ...] = field(default=())


def _top(root: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None


def _single_line(node: yaml.Node) -> bool:
    return bool(node.start_mark.line == node.end_mark.line)


def key_text(node: yaml.Node, name: str, text: str) -> str:
    """The new key: the name as the source wrote it when that is a safe key, else quoted."""
    if (
        isinstance(node, yaml.ScalarNode)
        and (node.style or None) in (None, "'", '"')  # libyaml says '' for plain
        and _single_line(node)
        and (node.style or node.tag == "tag:yaml.org,2002:str")
    ):
        written = text[node.start_mark.index : node.end_mark.index]
        if written and written[0] not in "&!" and len(written) < MAX_PLAIN_KEY:
            return written
    return json.dumps(name, ensure_ascii=False)


def quote_like(value: str, node: yaml.Node | None) -> str:
    """``value`` quoted in the style of ``node``: single quotes if it used them, else double."""
    if isinstance(node, yaml.ScalarNode) and node.style == "'":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _pairs(node: yaml.Node) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def _field(pairs: list[tuple[yaml.Node, yaml.Node]], name: str) -> yaml.Node | None:
    for key, value in pairs:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return value
    return None


def _check_default(default: str | None, declared: Mapping[str, Any] | None, path: str) -> None:
    if default is None or (declared is not None and default in declared):
        return
    kind = provider_type(default)
    if kind is not None and kind.default_base_url is None:
        raise UsageError(
            f"--default-backend {default!r} has no base_url of its own; declare a backend "
            f"with 'provider: {kind.name}' and a 'base_url' under backends in {path} "
            "and pass its name"
        )
    if kind is not None:
        return
    raise UsageError(
        f"--default-backend {default!r} is neither a provider type "
        f"({', '.join(known_provider_names())}) nor a backend declared in {path}"
    )


def _refuse_aliases(root: yaml.MappingNode, models_key: yaml.Node, text: str, path: str) -> None:
    """Refuse a ``*alias`` in the models list: the rewrite moves text by node positions,
    and an alias's node carries the position of its anchor, not its own."""
    keys = [key for key, _ in root.value]
    following = keys[keys.index(models_key) + 1 :]
    start = models_key.start_mark.index
    end = following[0].start_mark.index if following else len(text)
    for token in scan(text):
        index = token.start_mark.index
        if index >= end:
            break
        if index >= start and isinstance(token, yaml.AliasToken):
            raise ConfigError(
                f"{path}: cannot migrate: line {token.start_mark.line + 1} uses the YAML "
                f"alias *{token.value} in the models list; write that value out in full "
                "and run migrate again"
            )


def _refuse_repeated_keys(root: yaml.MappingNode, path: str) -> None:
    """Refuse a top-level key written twice (only --force gets here): which one to rewrite?"""
    first: dict[str, int] = {}
    for key, _ in root.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            raise ConfigError(
                f"{path}: cannot migrate: top-level {key.value!r} is written twice (lines "
                f"{first[key.value]} and {line}); YAML keeps only the last, so remove one"
            )
        first[key.value] = line


def plan(
    root: yaml.MappingNode,
    data: Mapping[str, Any],
    text: str,
    path: str,
    default_backend: str | None = None,
) -> Plan:
    """Plan the migration of a legacy document; raise when a model cannot be migrated."""
    if root.flow_style:
        raise ConfigError(f"{path}: cannot migrate a top level written as a flow mapping {{...}}")
    _refuse_repeated_keys(root, path)
    found = _top(root, "models")
    assert found is not None and isinstance(found[1], yaml.SequenceNode)
    models_key, models = found
    assert isinstance(models_key, yaml.ScalarNode) and isinstance(models, yaml.SequenceNode)
    _refuse_aliases(root, models_key, text, path)
    declared = data.get("backends")
    declared_backends = declared if isinstance(declared, dict) else None
    _check_default(default_backend, declared_backends, path)

    items: list[Item] = []
    unknown: list[str] = []
    bad: list[str] = []
    seen: set[str] = set()
    for node, raw in zip(models.value, data["models"], strict=True):
        line = node.start_mark.line + 1
        entry: dict[str, Any] = {"name": raw} if isinstance(raw, str) else raw
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            bad.append(f"the item at line {line} has no name")
            continue
        name = entry["name"]
        if name in seen:
            bad.append(f"{name!r} (line {line}) is listed twice")
            continue
        seen.add(name)
        ref, inferred = legacy_backend_ref(entry, name)
        how = "inferred" if inferred else "provider"
        if not ref and default_backend is not None:
            model_id = entry.get("model") if isinstance(entry.get("model"), str) else name
            ref, how = f"{default_backend}/{model_id}", "default"
        if not ref:
            unknown.append(f"{name!r} (line {line})")
            continue
        pairs = _pairs(node)
        name_node = node if isinstance(node, yaml.ScalarNode) else _field(pairs, "name")
        assert name_node is not None
        styled = _field(pairs, "model") or name_node
        folded = tuple(
            p for p in pairs if isinstance(p[0], yaml.ScalarNode) and p[0].value in FOLDED
        )
        items.append(
            Item(
                node=node,
                name=name,
                key_text=key_text(name_node, name, text),
                ref=ref,
                ref_text=quote_like(ref, styled),
                how=how,
                kept=tuple(p for p in pairs if p not in folded),
                folded=folded,
                entry=entry,
            )
        )
    if bad:
        raise ConfigError(f"{path}: cannot migrate: {'; '.join(bad)}")
    if unknown:
        count = len(unknown)
        raise ConfigError(
            f"{path}: cannot tell the backend of {count} model{'s' if count != 1 else ''}: "
            f"{', '.join(unknown)}; add 'provider:' to "
            f"{'them' if count != 1 else 'it'} or pass --default-backend B"
        )

    backends: list[str] = []
    if "backends" not in data:
        for item in items:
            backend = item.ref.partition("/")[0]
            if backend not in backends and provider_type(backend) is not None:
                backends.append(backend)
    version = _top(root, "version")
    version_node = (
        version[1]
        if version is not None
        and isinstance(version[1], yaml.ScalarNode)
        and data.get("version") == 1
        else None
    )
    notes = tuple(
        f"{path}: top-level {section!r} was ignored by the list format and takes effect "
        "after migration; check it"
        for section in ("backends", "model_defaults", "fallback_providers")
        if section in data
    ) + tuple(
        f"{path}: top-level {section!r} is kept but is not part of the mapping format; "
        "'modelmap validate' will report it until you move or remove it"
        for section in data
        if section not in MAPPING_SECTIONS
    )
    return Plan(root, models_key, models, tuple(items), tuple(backends), version_node, notes)


def backend_entry(name: str) -> list[str]:
    """The lines (without indentation) of a generated backend's settings.

    A provider with several conventional key variables (google: GEMINI_API_KEY, then
    GOOGLE_API_KEY) gets no ``api_key`` line, so that every one of them keeps working.
    """
    kind = provider_type(name)
    assert kind is not None
    if kind.key_required and len(kind.key_vars) > 1:
        return []
    if kind.key_required:
        return [f'api_key: "${{{kind.key_vars[0]}}}"']
    if kind.default_base_url:
        return [f"base_url: {json.dumps(kind.default_base_url)}"]
    return []
