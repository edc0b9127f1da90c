"""Every enabled model's resolved chain, with where each entry is written. Not a rule.

Policies read facts (provider, context window, prices, capabilities) from the resolved
chain targets only, so they see whatever resolution knows: the config's ``models:``
entries, and any other source resolution fills in. Built once per lint run, and only
when a policy is on (resolution is not imported otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelmap.config.model import Config, Model
from modelmap.errors import ModelmapError
from modelmap.lint.base import LintContext
from modelmap.lint.rules.common import index, model_ref_path, string_items
from modelmap.loader import Path

if TYPE_CHECKING:
    from modelmap.catalog.model import Catalog
    from modelmap.resolution import Resolution, Target


@dataclass(frozen=True)
class Entry:
    """One chain target and the value in the file that put it there."""

    target: Target
    path: Path
    label: str  # how a message names it: "primary 'openai/gpt-4o'", "fallback 'haiku'"


@dataclass(frozen=True)
class Chain:
    """A model, its resolution and its chain entries (the primary first)."""

    model: Model
    resolution: Resolution
    entries: tuple[Entry, ...]

    @property
    def primary(self) -> Entry:
        """The first entry: the model's own backend."""
        return self.entries[0]

    @property
    def fallbacks(self) -> tuple[Entry, ...]:
        """The entries after the primary."""
        return self.entries[1:]


def _written(context: LintContext, model: Model) -> list[tuple[str, Path, str]]:
    """(entry text, where, label) of the chain entries the resolver walks for ``model``."""
    config = context.config
    if model.fallbacks:
        data = index(context).entries[model.name]
        return [
            (item, (*model.path, "fallbacks", j), f"fallback {item!r}")
            for j, item in string_items(data, "fallbacks")
        ]
    out = []
    for fp in config.fallback_providers:
        text = f"{fp.provider}/{fp.model}" if fp.model else fp.provider
        where = fp.path if _plain(context, fp.path) else (*fp.path, "provider")
        out.append((text, where, f"fallback_providers entry {text!r}"))
    return out


def _plain(context: LintContext, path: Path) -> bool:
    from modelmap.lint.rules.common import lookup

    return isinstance(lookup(context.document.data, path), str)


def _chain(context: LintContext, model: Model, resolution: Resolution) -> Chain:
    primary = resolution.chain[0]
    where = model_ref_path(model, index(context).entries[model.name])
    entries = [Entry(primary, where, f"primary {primary.backend + '/' + primary.model_id!r}")]
    skipped = list(resolution.skipped)
    targets = iter(resolution.chain[1:])
    for text, path, label in _written(context, model):
        if skipped and skipped[0].entry == text:  # the resolver left it out, in order
            skipped.pop(0)
            continue
        target = next(targets, None)
        if target is None:
            break
        entries.append(Entry(target, path, label))
    return Chain(model, resolution, tuple(entries))


_last: list[tuple[Config, Catalog | None, dict[str, Chain]]] = []


def catalog_of(context: LintContext) -> Catalog | None:
    """The catalog validate was told to use (``--catalog``), none with ``--no-catalog``."""
    if not context.options.use_catalog:
        return None
    from modelmap.catalog import load_catalog

    return load_catalog(context.options.catalog_path)


def _built(context: LintContext) -> dict[str, Chain]:
    catalog = catalog_of(context)
    if _last and _last[0][0] is context.config and _last[0][1] is catalog:
        return _last[0][2]
    from modelmap.resolve import resolve

    built = {}
    for model in context.config.models.values():
        if not model.enabled:
            continue
        try:
            resolution = resolve(context.config, model.name, catalog=catalog)
        except ModelmapError:
            continue
        built[model.name] = _chain(context, model, resolution)
    _last[:] = [(context.config, catalog, built)]
    return built


def chains(context: LintContext) -> list[Chain]:
    """The chain of every enabled model that resolves (others are other rules' findings)."""
    return list(_built(context).values())


def capabilities_of(context: LintContext, target: Target) -> tuple[str, ...] | None:
    """What a chain entry declares it can do: its model's capabilities when it came from
    a model name, else what resolution knows of ``backend/model-id``; None: unknown."""
    if target.model is not None and target.model in _built(context):
        return _built(context)[target.model].resolution.capabilities
    from modelmap.resolve import resolve

    name = target.model if target.model is not None else f"{target.backend}/{target.model_id}"
    try:
        return resolve(context.config, name, catalog=catalog_of(context)).capabilities
    except ModelmapError:
        return None


def fact_source(target: Target, fact: str) -> str:
    """' (from the catalog)' when resolution took ``fact`` from outside the config."""
    source = target.sources.get(fact)
    return f" (from the {source})" if source not in (None, "config") else ""


def where_to_state(target: Target, fact: str) -> str:
    """How to make an unknown fact known."""
    return f"state {fact} under backends.{target.backend}.models.{target.model_id}"
