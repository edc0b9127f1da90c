"""Resolve a name to its primary target and failover chain (README, "Resolve and list")."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from modelmap.catalog.model import ACTIVE, Catalog, CatalogChoice
from modelmap.config.model import Backend, Config, Model, split_ref
from modelmap.errors import CapabilityError, ConfigError, DisabledModelError, UnknownModelError
from modelmap.provider_types import known_provider_names, provider_type
from modelmap.resolution import Resolution, Skipped, Target
from modelmap.suggest import closest


def lookup_backend(config: Config, name: str) -> Backend | None:
    """The backend ``name`` designates: declared, else a provider type's implicit one."""
    declared = config.backends.get(name)
    if declared is not None:
        return declared
    kind = provider_type(name)
    if kind is None:
        return None
    return Backend(name=name, provider=kind.name, provider_raw=None, declared=False)


def merge_parameters(*layers: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Later layers win: model_defaults, model parameters, overrides."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update(layer or {})
    return MappingProxyType(merged)


def make_target(
    backend: Backend,
    model_id: str,
    parameters: Mapping[str, Any],
    *,
    via: str = "primary",
    model: str | None = None,
    catalog: Catalog | None = None,
) -> Target:
    """A chain entry for ``model_id`` on ``backend``, with provider defaults filled in.

    Context window, output limit and prices come from the backend's ``models:`` entry,
    and each one it leaves out from ``catalog`` when that knows the id (README, "Catalog").
    """
    kind = provider_type(backend.provider)
    if kind is None:
        raise ConfigError(
            f"backend {backend.name!r} has no known provider type; "
            f"set 'provider:' under backends.{backend.name}"
        )
    base_url = backend.base_url or kind.default_base_url
    if base_url is None:
        raise ConfigError(
            f"backend {backend.name!r} (provider {kind.name}) needs a base_url; "
            f"set it under backends.{backend.name}"
        )
    key_vars: tuple[str, ...] = ()
    api_key = backend.api_key
    if api_key is None and kind.key_required:
        key_vars = kind.key_vars
        api_key = f"${{{key_vars[0]}}}"
    entry = backend.catalog.get(model_id)
    facts, sources = facts_of(entry, catalog.get(kind.name, model_id) if catalog else None)
    return Target(
        backend=backend.name,
        provider=kind.name,
        model_id=model_id,
        base_url=base_url,
        parameters=parameters,
        api_key=api_key,
        headers=backend.headers,
        timeout=backend.timeout,
        via=via,
        model=model,
        key_vars=key_vars,
        sources=sources,
        **facts,
    )


_FACTS = ("context_window", "max_output_tokens", "price_input", "price_output")


def facts_of(config: object, catalog: object) -> tuple[dict[str, Any], Mapping[str, str]]:
    """Each fact from the config's entry, else from the catalog's; and where each came from."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for fact in _FACTS:
        for source, entry in (("config", config), ("catalog", catalog)):
            value = getattr(entry, fact, None) if entry is not None else None
            if value is not None:
                values[fact] = value
                sources[fact] = source
                break
    return values, MappingProxyType(sources)


def _model_target(
    config: Config,
    model: Model,
    overrides: Mapping[str, Any] | None,
    via: str,
    catalog: Catalog | None,
) -> Target:
    if not model.backend_ref:
        raise ConfigError(
            f"model {model.name!r}: cannot tell which provider serves it; add 'provider:' "
            "to its entry (or run 'modelmap migrate --default-backend BACKEND')"
        )
    backend_name, model_id = split_ref(model.backend_ref)
    backend = lookup_backend(config, backend_name)
    if backend is None or not model_id:
        raise ConfigError(
            f"model {model.name!r}: backend reference {model.backend_ref!r} does not resolve; "
            "run 'modelmap validate'"
        )
    params = merge_parameters(config.model_defaults, model.parameters, overrides)
    return make_target(backend, model_id, params, via=via, model=model.name, catalog=catalog)


def _direct_target(
    config: Config, name: str, overrides: Mapping[str, Any] | None, catalog: Catalog | None
) -> Target | None:
    backend_name, model_id = split_ref(name)
    if not model_id:
        return None
    backend = lookup_backend(config, backend_name)
    if backend is None:
        return None
    params = merge_parameters(config.model_defaults, overrides)
    return make_target(backend, model_id, params, catalog=catalog)


class _Chain:
    """Collects chain entries without duplicates, and the entries it leaves out."""

    def __init__(self, primary: Target) -> None:
        self.targets = [primary]
        self.skipped: list[Skipped] = []
        # (backend, model id) -> 1-based chain position: a lookup, so that a model with
        # 20,000 fallbacks resolves in linear time
        self._seen = {(primary.backend, primary.model_id): 1}

    def add(self, entry: str, target: Target) -> None:
        place = self._seen.setdefault((target.backend, target.model_id), len(self.targets) + 1)
        if place <= len(self.targets):
            self.skip(entry, f"same backend and model id as chain entry {place}")
            return
        self.targets.append(target)

    def skip(self, entry: str, reason: str) -> None:
        self.skipped.append(Skipped(entry, reason))


def _model_fallbacks(
    config: Config,
    model: Model,
    primary: Target,
    overrides: Mapping[str, Any] | None,
    catalog: Catalog | None,
) -> _Chain:
    chain = _Chain(primary)
    names = config.names()
    for entry in model.fallbacks:
        via = f"fallbacks of {model.name}"
        target_name = names.get(entry)
        if target_name is not None:
            other = config.models[target_name]
            if other.name == model.name:
                chain.skip(entry, "is the model itself")
            elif not other.enabled:
                chain.skip(entry, f"model {other.name!r} is disabled")
            else:
                try:
                    chain.add(entry, _model_target(config, other, overrides, via, catalog))
                except ConfigError as exc:
                    chain.skip(entry, str(exc))
            continue
        backend_name, model_id = split_ref(entry)
        backend = lookup_backend(config, backend_name)
        if backend is None:
            chain.skip(entry, "not a model, alias, backend or provider type")
            continue
        try:
            target = make_target(
                backend, model_id or primary.model_id, primary.parameters, via=via, catalog=catalog
            )
        except ConfigError as exc:
            chain.skip(entry, str(exc))
            continue
        chain.add(entry, target)
    return chain


def _global_fallbacks(config: Config, primary: Target, catalog: Catalog | None) -> _Chain:
    chain = _Chain(primary)
    for fp in config.fallback_providers:
        entry = f"{fp.provider}/{fp.model}" if fp.model else fp.provider
        backend = lookup_backend(config, fp.provider)
        if backend is None:
            chain.skip(entry, f"{fp.provider!r} is neither a backend nor a provider type")
            continue
        if backend.name == primary.backend:
            chain.skip(entry, "is the primary backend")
            continue
        model_id = fp.model
        if model_id is None:
            if primary.model_id not in backend.catalog:
                chain.skip(
                    entry,
                    f"names no model, and backend {backend.name!r} does not list "
                    f"{primary.model_id!r} in its catalog",
                )
                continue
            model_id = primary.model_id
        try:
            target = make_target(
                backend, model_id, primary.parameters, via="fallback_providers", catalog=catalog
            )
        except ConfigError as exc:
            chain.skip(entry, str(exc))
            continue
        chain.add(entry, target)
    return chain


def _reference_guesses(config: Config, name: str) -> list[str]:
    """``backend/model-id`` with the closest resolvable backend, for a misspelt backend part."""
    backend_name, model_id = split_ref(name)
    if not backend_name or not model_id or lookup_backend(config, backend_name) is not None:
        return []
    known = [*config.backends, *known_provider_names()]
    return [f"{guess}/{model_id}" for guess in closest(backend_name, known, n=1)]


def resolve(
    config: Config,
    name: str,
    overrides: Mapping[str, Any] | None = None,
    *,
    catalog: CatalogChoice = ACTIVE,
) -> Resolution:
    """Resolve a model name, alias or ``backend/model-id`` reference (README, "Resolve and list").

    ``overrides`` win over the model's parameters and ``model_defaults``. Each target's
    context window, limits and prices the config leaves out come from ``catalog``: the
    active catalog by default (see :func:`modelmap.catalog.load_catalog`), a
    :class:`~modelmap.catalog.Catalog`, or None for none. Raises
    :class:`UnknownModelError` (with the closest names), :class:`DisabledModelError` or
    :class:`ConfigError` (a legacy model whose provider cannot be inferred).
    """
    from modelmap.catalog.load import choose

    active = choose(catalog)
    names = config.names()
    canonical = names.get(name)
    if canonical is None:
        direct = _direct_target(config, name, overrides, active) if "/" in name else None
        if direct is None:
            raise UnknownModelError(name, _reference_guesses(config, name) + closest(name, names))
        entry = config.backends.get(direct.backend)
        listed = entry.catalog.get(direct.model_id) if entry else None
        chain = _global_fallbacks(config, direct, active)
        return Resolution(
            requested=name,
            model=name,
            chain=tuple(chain.targets),
            capabilities=listed.capabilities if listed else None,
            skipped=tuple(chain.skipped),
            direct=True,
        )
    model = config.models[canonical]
    if not model.enabled:
        raise DisabledModelError(
            f"model {model.name!r} is disabled (enabled: false); enable it or choose another"
        )
    primary = _model_target(config, model, overrides, "primary", active)
    if model.fallbacks:
        chain = _model_fallbacks(config, model, primary, overrides, active)
    else:
        chain = _global_fallbacks(config, primary, active)
    capabilities = model.capabilities
    if capabilities is None:
        backend = config.backends.get(primary.backend)
        listed = backend.catalog.get(primary.model_id) if backend else None
        capabilities = listed.capabilities if listed else None
    return Resolution(
        requested=name,
        model=model.name,
        chain=tuple(chain.targets),
        capabilities=capabilities,
        description=model.description,
        skipped=tuple(chain.skipped),
        aliases=model.aliases,
    )


def require_capability(resolution: Resolution, capability: str) -> None:
    """Raise :class:`CapabilityError` unless the model can do ``capability``.

    A model that declares no capabilities is assumed able (README, "Resolve and list").
    """
    declared = resolution.capabilities
    if declared is None or capability in declared:
        return
    shown = ", ".join(declared) or "none"
    raise CapabilityError(
        f"model {resolution.model!r} does not declare the {capability!r} capability "
        f"(it declares: {shown}); add it to the model's capabilities or choose another model"
    )
