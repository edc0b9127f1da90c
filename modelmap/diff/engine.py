"""Compare what every client-facing name resolves to in two configurations.

Names whose model entry, backends and fallbacks are unchanged are not resolved at all:
their resolutions cannot differ. Everything else is resolved on both sides and compared
fact by fact (:mod:`modelmap.diff.views`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any

from modelmap.config.model import Config, Model, split_ref
from modelmap.diff import changes as k
from modelmap.diff.changes import Change
from modelmap.diff.index import indexed
from modelmap.diff.views import View, compare, view
from modelmap.loader import Document


@dataclass(frozen=True)
class Side:
    """One side of a diff: a configuration, and the loaded file that locates its names."""

    config: Config
    document: Document | None = None
    file: str | None = None  # as shown in output; default: the configuration's source

    @property
    def shown(self) -> str:
        """The file name to report."""
        return self.file if self.file is not None else self.config.source


# Fields that do not change what a name resolves to (positions, prose, the name table).
_MODEL_IGNORED = frozenset(("name", "path", "inferred", "description", "aliases"))
_BACKEND_IGNORED = frozenset(("name", "path", "description", "rate_limits"))
_CONFIG_IGNORED = frozenset(("source", "models", "backends"))


_GETTERS: dict[tuple[type, frozenset[str]], Callable[[Any], Any]] = {}


def _key(value: Any, ignored: frozenset[str]) -> Any:
    """The fields of a model or backend entry that resolving reads, for comparison."""
    if value is None:
        return None
    getter = _GETTERS.get((type(value), ignored))
    if getter is None:
        names = [f.name for f in fields(value) if f.name not in ignored]
        getter = _GETTERS[type(value), ignored] = attrgetter(*names)
    return getter(value)


def _globals(config: Config) -> tuple[Any, ...]:
    """Every setting outside models and backends (defaults, global fallbacks, ...)."""
    values: list[Any] = []
    for f in fields(config):
        if f.name in _CONFIG_IGNORED:
            continue
        value = getattr(config, f.name)
        if f.name == "fallback_providers":
            value = tuple((fp.provider, fp.model) for fp in value)
        values.append(value)
    return tuple(values)


class _Unchanged:
    """Tells, without resolving, which models certainly resolve alike on both sides."""

    def __init__(self, old: Config, new: Config) -> None:
        self.old, self.new = old, new
        self.old_names, self.new_names = old.names(), new.names()
        self.all_dirty = _globals(old) != _globals(new)
        self.backends: set[str] = set()
        if not self.all_dirty:
            for name in {*old.backends, *new.backends}:
                before = _key(old.backends.get(name), _BACKEND_IGNORED)
                if before != _key(new.backends.get(name), _BACKEND_IGNORED):
                    self.backends.add(name)

    def _same_entry(self, a: Model, b: Model) -> bool:
        if a != b and _key(a, _MODEL_IGNORED) != _key(b, _MODEL_IGNORED):
            return False  # (equal entries, the common case, skip building the keys)
        return not self.backends or a.backend not in self.backends

    def model(self, name: str) -> bool:
        """True when model ``name`` certainly resolves the same on both sides."""
        a, b = self.old.models.get(name), self.new.models.get(name)
        if self.all_dirty or a is None or b is None or not self._same_entry(a, b):
            return False
        if not a.fallbacks:
            return not any(fp.provider in self.backends for fp in self.old.fallback_providers)
        for entry in a.fallbacks:
            target = self.old_names.get(entry)
            if target != self.new_names.get(entry):
                return False
            if target is None:
                if split_ref(entry)[0] in self.backends:
                    return False
            elif not self._same_entry(self.old.models[target], self.new.models[target]):
                return False
        return True


def _ordered(names: dict[str, str], config: Config) -> Iterator[str]:
    """Every name of ``config``: each model, then the aliases that designate it."""
    for model in config.models.values():
        yield model.name
        for i, alias in enumerate(model.aliases):
            if (
                alias != model.name
                and names.get(alias) == model.name
                and alias not in model.aliases[:i]
            ):
                yield alias


def _line(side: Side, name: str, model: str) -> int | None:
    if side.document is None:
        return None
    entry = side.config.models[model]
    path = entry.path
    if name != model and name in entry.aliases:
        path = (*path, "aliases", entry.aliases.index(name))
    return side.document.locate(path).key_line


class _Views:
    """Each model's view, resolved once, on demand."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.cache: dict[str, View] = {}

    def __call__(self, model: str) -> View:
        found = self.cache.get(model)
        if found is None:
            found = self.cache[model] = view(self.config, model)
        return found


def _describe(name: str, model: str, views: _Views) -> str:
    if name != model:
        return f"alias of {model}"
    return views(model).summary()


def compare_sides(old: Side, new: Side) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``: names in NEW's order, then removed names."""
    old_config, new_config = indexed(old.config), indexed(new.config)
    unchanged = _Unchanged(old_config, new_config)
    old_names, new_names = unchanged.old_names, unchanged.new_names
    old_views, new_views = _Views(old_config), _Views(new_config)
    found: list[Change] = []

    def add(name: str, side: Side, model: str, kind: str, breaking: bool, a: Any, b: Any) -> None:
        found.append(Change(name, kind, breaking, a, b, _line(side, name, model), side.shown))

    for name in _ordered(new_names, new_config):
        after = new_names[name]
        before = old_names.get(name)
        if before is None:
            add(name, new, after, k.ADDED, False, None, _describe(name, after, new_views))
            continue
        if before == after and (name != after or unchanged.model(name)):
            continue  # unchanged, or an alias: its model's changes are listed under it
        facts = [] if before == after else [(k.ALIAS_OF, False, before, after)]
        facts.extend(compare(old_views(before), new_views(after)))
        for kind, breaking, a, b in facts:
            add(name, new, after, kind, breaking, a, b)
    for name in _ordered(old_names, old_config):
        if name not in new_names:
            model = old_names[name]
            was = old_views(model)
            add(name, old, model, k.REMOVED, was.resolves, _describe(name, model, old_views), None)
    return tuple(found)


def aliases_affected(
    old: Side, new: Side, changes: tuple[Change, ...]
) -> dict[str, tuple[str, ...]]:
    """For each changed model name, the aliases that designate it on the side its change
    is located in: what changes for the model changes for them too."""
    tables: dict[int, dict[str, str]] = {}
    found: dict[str, tuple[str, ...]] = {}
    for change in changes:
        side = old if change.kind == k.REMOVED else new
        model = side.config.models.get(change.name)
        if change.name in found or model is None or not model.aliases:
            continue
        names = tables.get(id(side))
        if names is None:
            names = tables[id(side)] = side.config.names()
        aliases = tuple(a for a in model.aliases if names.get(a) == model.name)
        if aliases:
            found[change.name] = aliases
    return found
