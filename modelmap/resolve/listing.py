"""Every model of a configuration, summarised for ``modelmap list`` and the library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from modelmap.catalog.model import ACTIVE, Catalog, CatalogChoice
from modelmap.config.model import Config, Model, split_ref
from modelmap.provider_types import known_provider_names, provider_type
from modelmap.resolve.chain import facts_of, lookup_backend


@dataclass(frozen=True)
class ModelSummary:
    """One row of ``modelmap list``: what a model maps to, without resolving its chain."""

    name: str
    aliases: tuple[str, ...]
    backend: str  # "" when a legacy model's provider cannot be inferred
    provider: str | None
    model_id: str
    capabilities: tuple[str, ...] | None
    context_window: int | None = None
    price_input: float | None = None  # USD per 1,000 tokens
    price_output: float | None = None
    enabled: bool = True
    description: str | None = None
    max_output_tokens: int | None = None
    # fact name -> "config" or "catalog", as Target.sources
    sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def summarise(config: Config, model: Model, catalog: Catalog | None = None) -> ModelSummary:
    """The summary of one model; never raises, even for a model that cannot resolve.

    Facts the backend's ``models:`` entry leaves out come from ``catalog``, when given.
    """
    backend_name, model_id = split_ref(model.backend_ref)
    backend = lookup_backend(config, backend_name) if backend_name else None
    entry = backend.catalog.get(model_id) if backend else None
    capabilities = model.capabilities
    if capabilities is None and entry is not None:
        capabilities = entry.capabilities
    kind = provider_type(backend.provider) if backend is not None else None
    known = catalog.get(kind.name, model_id) if catalog is not None and kind else None
    facts, sources = facts_of(entry, known)
    return ModelSummary(
        name=model.name,
        aliases=model.aliases,
        backend=backend_name,
        provider=backend.provider if backend else None,
        model_id=model_id,
        capabilities=capabilities,
        enabled=model.enabled,
        description=model.description,
        sources=sources,
        **facts,
    )


def list_models(
    config: Config,
    capability: str | None = None,
    provider: str | None = None,
    *,
    catalog: CatalogChoice = ACTIVE,
) -> list[ModelSummary]:
    """Every model in file order, optionally only those that declare ``capability`` and
    whose provider type or backend name is ``provider`` (synonyms such as gemini accepted).
    Facts the config leaves out come from ``catalog`` (as for :func:`resolve`).

    Raises UsageError for a ``provider`` that is neither, with the closest name.
    """
    kind = provider_type(provider)
    wanted = kind.name if kind else provider
    if provider is not None and kind is None and provider not in config.backends:
        from modelmap.errors import UsageError
        from modelmap.suggest import did_you_mean

        names = [*known_provider_names(), *config.backends]
        raise UsageError(f"unknown provider or backend {provider!r}{did_you_mean(provider, names)}")
    from modelmap.catalog.load import choose

    active = choose(catalog)
    rows = []
    for model in config.models.values():
        row = summarise(config, model, active)
        if capability is not None and capability not in (row.capabilities or ()):
            continue
        if provider is not None and wanted not in (row.provider, row.backend):
            continue
        rows.append(row)
    return rows
