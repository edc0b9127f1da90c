"""The one explicit table of wire protocols. Adding a provider: a module and a line here."""

from __future__ import annotations

from modelmap.errors import ConfigError
from modelmap.provider_types import provider_type
from modelmap.providers import anthropic, google, ollama, openai
from modelmap.providers.base import Provider
from modelmap.resolution import Target

PROVIDERS: dict[str, Provider] = {
    "openai": openai,  # also together, huggingface and custom (see provider_types.py)
    "anthropic": anthropic,
    "google": google,
    "ollama": ollama,
}


def provider_for(target: Target) -> Provider:
    """The wire module that speaks to ``target``'s provider type."""
    kind = provider_type(target.provider)
    protocol = kind.protocol if kind is not None else target.provider
    try:
        return PROVIDERS[protocol]
    except KeyError:
        raise ConfigError(
            f"backend {target.backend!r}: no wire protocol for provider type {target.provider!r}"
        ) from None
