"""What a model name resolves to: typed, immutable values (the logic is in modelmap.resolve).

Secrets are never stored here: ``api_key`` and header values keep the text written in the
config (such as ``${OPENAI_API_KEY}``); :func:`modelmap.resolve.endpoint_for` turns a target
into an :class:`Endpoint` with real values, only when a request is about to be sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Target:
    """One entry of a failover chain: where to send a request and with which parameters."""

    backend: str
    provider: str  # normalised provider type: openai, anthropic, google, ollama, ...
    model_id: str
    base_url: str  # as written or the provider's default; may still contain ${VAR}
    parameters: Mapping[str, Any] = field(default_factory=_empty)
    api_key: str | None = None  # as written (e.g. "${OPENAI_API_KEY}"), or None: no key
    headers: Mapping[str, str] = field(default_factory=_empty)  # as written
    timeout: float | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None
    price_input: float | None = None  # USD per 1,000 tokens
    price_output: float | None = None
    via: str = "primary"  # why this entry is in the chain
    model: str | None = None  # the model name whose entry this is, when it came from one
    key_vars: tuple[str, ...] = ()  # api_key not written: conventional variables, first set wins
    # where each fact above came from: "context_window", "max_output_tokens", "price_input",
    # "price_output" -> "config" (the backend's models: entry) or "catalog"; absent: unknown
    sources: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True)
class Skipped:
    """A fallback that was considered and left out, with the reason."""

    entry: str
    reason: str


@dataclass(frozen=True)
class Resolution:
    """A resolved name: the canonical model, its primary target and the whole chain."""

    requested: str
    model: str
    chain: tuple[Target, ...]
    capabilities: tuple[str, ...] | None = None
    description: str | None = None
    skipped: tuple[Skipped, ...] = ()
    aliases: tuple[str, ...] = ()
    direct: bool = False  # the name was a ``backend/model-id`` reference, not a model

    @property
    def primary(self) -> Target:
        """The first target of the chain."""
        return self.chain[0]


@dataclass(frozen=True)
class Endpoint:
    """A target with secrets filled in from the environment. Never print one."""

    target: Target
    base_url: str
    api_key: str | None
    headers: Mapping[str, str] = field(default_factory=_empty)
    timeout: float | None = None

    def __repr__(self) -> str:
        # the URL as written (filled in, its userinfo or query may hold a key), and masked
        from modelmap.urls import mask_url

        shown = mask_url(self.target.base_url)
        return f"Endpoint(backend={self.target.backend!r}, base_url={shown!r})"
