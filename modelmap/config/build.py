"""Turn loaded YAML data into a :class:`Config`, for both formats.

The builder is lenient on purpose: values of the wrong shape are skipped (the schema check
reports them), so that one validate run can still lint every cross-reference it can see.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from modelmap.config.model import (
    Backend,
    CatalogEntry,
    Config,
    FallbackProvider,
    Model,
    RouterSettings,
)
from modelmap.provider_types import infer_provider, provider_type


def detect_format(data: Mapping[str, Any]) -> int:
    """1 when ``models`` is a list (legacy), else 2: the shape of ``models`` decides."""
    return 1 if isinstance(data.get("models"), list) else 2


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strings(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    if set(map(type, value)) <= _STR_ONLY:
        return tuple(value)
    return tuple(v for v in value if isinstance(v, str))


_STR_ONLY = frozenset((str,))


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        return {}
    if set(map(type, value)) <= _STR_ONLY:  # always so from the loader: no copy needed
        return value
    return {str(k): v for k, v in value.items()}


def _entry(value: Any) -> dict[Any, Any]:
    """A mapping whose keys are only looked up, never listed: used as it is."""
    return value if isinstance(value, dict) else {}


def _catalog_entry(model_id: str, raw: Any) -> CatalogEntry:
    entry = _entry(raw)
    pricing = _entry(entry.get("pricing"))
    return CatalogEntry(
        model_id=model_id,
        context_window=_int(entry.get("context_window")),
        max_output_tokens=_int(entry.get("max_output_tokens")),
        price_input=_num(pricing.get("input")),
        price_output=_num(pricing.get("output")),
        capabilities=_strings(entry.get("capabilities")),
    )


def _backend(name: str, raw: Any) -> Backend:
    entry = _entry(raw)
    written = _str(entry.get("provider"))
    kind = provider_type(written if written is not None else name)
    headers = {str(k): v for k, v in _mapping(entry.get("headers")).items() if isinstance(v, str)}
    catalog = {
        str(mid): _catalog_entry(str(mid), value)
        for mid, value in _mapping(entry.get("models")).items()
    }
    limits = {k: v for k, v in _mapping(entry.get("rate_limits")).items() if _int(v) is not None}
    return Backend(
        name=name,
        provider=kind.name if kind else None,
        provider_raw=written,
        api_key=_str(entry.get("api_key")),
        base_url=_str(entry.get("base_url")),
        timeout=_num(entry.get("timeout")),
        headers=MappingProxyType(headers),
        catalog=MappingProxyType(catalog),
        rate_limits=MappingProxyType(limits),
        description=_str(entry.get("description")),
        declared=True,
        path=("backends", name),
    )


def _fallback_providers(raw: Any) -> tuple[FallbackProvider, ...]:
    entries: list[FallbackProvider] = []
    for i, item in enumerate(raw if isinstance(raw, list) else []):
        if isinstance(item, str):
            entries.append(FallbackProvider(item, None, ("fallback_providers", i)))
        elif isinstance(item, dict) and isinstance(item.get("provider"), str):
            entries.append(
                FallbackProvider(
                    item["provider"], _str(item.get("model")), ("fallback_providers", i)
                )
            )
    return tuple(entries)


def _params(raw: Any) -> Mapping[str, Any]:
    return MappingProxyType(_mapping(raw))


def _mapping_models(raw: Any) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for name, value in _mapping(raw).items():
        entry = _entry(value)
        enabled = entry.get("enabled", True)
        models[name] = Model(
            name=name,
            backend_ref=_str(entry.get("backend")) or "",
            description=_str(entry.get("description")),
            capabilities=_strings(entry.get("capabilities")),
            parameters=_params(entry.get("parameters")),
            aliases=_strings(entry.get("aliases")) or (),
            fallbacks=_strings(entry.get("fallbacks")) or (),
            enabled=enabled if isinstance(enabled, bool) else True,
            path=("models", name),
            strategy=_strategy(entry.get("strategy")),
            weights=_weights(entry.get("weights")),
        )
    return models


_STRATEGIES = frozenset(("ordered", "cheapest", "weighted", "latency"))


def _strategy(value: Any) -> str:
    return value if isinstance(value, str) and value in _STRATEGIES else "ordered"


def _weights(value: Any) -> Mapping[str, float]:
    weights = {}
    for key, weight in _mapping(value).items():
        number = _num(weight)
        if number is not None and number >= 0:
            weights[key] = float(number)
    return MappingProxyType(weights)


def _positive(value: Any, default: float) -> float:
    number = _num(value)
    return float(number) if number is not None and number > 0 else default


def router_settings(raw: Any) -> RouterSettings:
    """The ``router:`` section with defaults for what is absent or of the wrong shape."""
    if not isinstance(raw, dict):
        return RouterSettings()
    base = RouterSettings(written=True)
    backoff = _entry(raw.get("backoff"))
    cooldown = raw.get("cooldown")
    cool = _entry(cooldown)
    retries = _int(raw.get("retries"))
    failures = _int(cool.get("failures"))
    retry_after = _num(raw.get("max_retry_after"))
    max_wait = _num(raw.get("max_wait"))
    return RouterSettings(
        retries=retries if retries is not None and retries >= 0 else base.retries,
        backoff_initial=_positive(backoff.get("initial"), base.backoff_initial),
        backoff_max=_positive(backoff.get("max"), base.backoff_max),
        max_retry_after=float(retry_after)
        if retry_after is not None and retry_after >= 0
        else base.max_retry_after,
        cooldown_failures=(failures if failures is not None and failures > 0 else 3)
        if isinstance(cooldown, dict)
        else None,
        cooldown_seconds=_positive(cool.get("seconds"), base.cooldown_seconds),
        max_wait=float(max_wait) if max_wait is not None and max_wait >= 0 else base.max_wait,
        written=True,
    )


def legacy_backend_ref(entry: Mapping[str, Any], name: str) -> tuple[str, bool]:
    """The ``backend/model-id`` a legacy entry maps to, and whether it was inferred."""
    model_id = _str(entry.get("model")) or name
    provider = _str(entry.get("provider"))
    if provider:
        return f"{provider}/{model_id}", False
    inferred = infer_provider(model_id) or infer_provider(name)
    return (f"{inferred}/{model_id}", True) if inferred else ("", True)


def _legacy_models(raw: list[Any]) -> dict[str, Model]:
    models: dict[str, Model] = {}
    for i, item in enumerate(raw):
        entry: dict[str, Any] = {"name": item} if isinstance(item, str) else _mapping(item)
        name = _str(entry.get("name"))
        if not name or name in models:
            continue
        ref, inferred = legacy_backend_ref(entry, name)
        models[name] = Model(
            name=name,
            backend_ref=ref,
            description=_str(entry.get("description")),
            capabilities=_strings(entry.get("capabilities")),
            parameters=_params(entry.get("parameters")),
            aliases=_strings(entry.get("aliases")) or (),
            path=("models", i),
            inferred=inferred,
        )
    return models


def build_config(data: Mapping[str, Any], source: str) -> Config:
    """Build the configuration from loaded data, skipping what has the wrong shape."""
    fmt = detect_format(data)
    if fmt == 1:
        known = {"models", "version"}
        return Config(
            source=source,
            format=1,
            models=MappingProxyType(_legacy_models(data["models"])),
            extra=MappingProxyType({str(k): v for k, v in data.items() if k not in known}),
        )
    backends = {str(n): _backend(str(n), v) for n, v in _mapping(data.get("backends")).items()}
    return Config(
        source=source,
        format=2,
        models=MappingProxyType(_mapping_models(data.get("models"))),
        backends=MappingProxyType(backends),
        model_defaults=_params(data.get("model_defaults")),
        fallback_providers=_fallback_providers(data.get("fallback_providers")),
        router=router_settings(data.get("router")),
    )
