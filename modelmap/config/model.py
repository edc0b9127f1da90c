"""The in-memory configuration both file formats load into. Immutable plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from modelmap.loader import Path


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class CatalogEntry:
    """What a backend's catalog says about one model id."""

    model_id: str
    context_window: int | None = None
    max_output_tokens: int | None = None
    price_input: float | None = None  # USD per 1,000 tokens
    price_output: float | None = None
    capabilities: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Backend:
    """A named backend, declared under ``backends`` or implied by a provider type."""

    name: str
    provider: str | None  # the normalised provider type, None when unknown
    provider_raw: str | None  # as written (None when taken from the backend's name)
    api_key: str | None = None  # as written, e.g. "${OPENAI_API_KEY}"; None: the convention
    base_url: str | None = None  # as written; None: the provider's default
    timeout: float | None = None
    headers: Mapping[str, str] = field(default_factory=_empty)
    catalog: Mapping[str, CatalogEntry] = field(default_factory=_empty)
    rate_limits: Mapping[str, int] = field(default_factory=_empty)
    description: str | None = None
    declared: bool = True
    path: Path = ()


@dataclass(frozen=True)
class Model:
    """A client-facing model name and what it maps to."""

    name: str
    backend_ref: str  # "<backend>/<model id>"; "" when a legacy backend cannot be inferred
    description: str | None = None
    capabilities: tuple[str, ...] | None = None
    parameters: Mapping[str, Any] = field(default_factory=_empty)
    aliases: tuple[str, ...] = ()
    fallbacks: tuple[str, ...] = ()
    enabled: bool = True
    path: Path = ()
    inferred: bool = False  # legacy: backend taken from the name's family
    strategy: str = "ordered"  # how the Router orders the chain: ordered|cheapest|weighted|latency
    weights: Mapping[str, float] = field(default_factory=_empty)  # chain entry as written -> weight

    @property
    def backend(self) -> str:
        """The backend part of the reference (before the first '/')."""
        return split_ref(self.backend_ref)[0]

    @property
    def model_id(self) -> str:
        """The provider's model id (after the first '/')."""
        return split_ref(self.backend_ref)[1]


@dataclass(frozen=True)
class FallbackProvider:
    """One entry of the global ``fallback_providers`` list."""

    provider: str  # a backend name or a provider type
    model: str | None = None
    path: Path = ()


@dataclass(frozen=True)
class RouterSettings:
    """The ``router:`` section with its defaults filled in (README "Router")."""

    retries: int = 0  # extra tries of one chain entry on a retryable error
    backoff_initial: float = 0.5  # seconds
    backoff_max: float = 8.0
    max_retry_after: float = 5.0  # honour Retry-After up to this many seconds, else move on
    cooldown_failures: int | None = None  # None: no cooldown
    cooldown_seconds: float = 60.0
    max_wait: float = 10.0  # seconds to wait when every chain entry is at its rate limit
    written: bool = False  # whether the file has a router: section


@dataclass(frozen=True)
class Config:
    """A whole configuration, whatever format it was written in."""

    source: str
    format: int  # 1 legacy list, 2 mapping
    models: Mapping[str, Model] = field(default_factory=_empty)
    backends: Mapping[str, Backend] = field(default_factory=_empty)
    model_defaults: Mapping[str, Any] = field(default_factory=_empty)
    fallback_providers: tuple[FallbackProvider, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=_empty)  # legacy top-level sections kept as-is
    router: RouterSettings = field(default_factory=RouterSettings)

    def names(self) -> dict[str, str]:
        """Every model name and alias, mapped to the model it designates."""
        table: dict[str, str] = {}
        for model in self.models.values():
            for alias in model.aliases:
                table.setdefault(alias, model.name)
        for name in self.models:
            table[name] = name
        return table


def split_ref(ref: str) -> tuple[str, str]:
    """Split a backend reference at its first '/': ``together/a/b`` -> (together, a/b)."""
    backend, _, model_id = ref.partition("/")
    return backend, model_id
