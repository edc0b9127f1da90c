"""Provider types and their defaults: plain data, cheap to import (no HTTP code here)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProviderType:
    """Defaults of one provider type (each provider's public API documentation)."""

    name: str
    protocol: str  # which wire module speaks to it: openai, anthropic, google, ollama
    default_base_url: str | None
    key_vars: tuple[str, ...]  # conventional key variables, first set wins
    key_required: bool = True


PROVIDER_TYPES: dict[str, ProviderType] = {
    "openai": ProviderType("openai", "openai", "https://api.openai.com/v1", ("OPENAI_API_KEY",)),
    "anthropic": ProviderType(
        "anthropic", "anthropic", "https://api.anthropic.com", ("ANTHROPIC_API_KEY",)
    ),
    "google": ProviderType(
        "google",
        "google",
        "https://generativelanguage.googleapis.com/v1beta",
        ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
    ),
    "ollama": ProviderType(
        "ollama", "ollama", "http://localhost:11434", ("OLLAMA_API_KEY",), key_required=False
    ),
    "together": ProviderType(
        "together", "openai", "https://api.together.xyz/v1", ("TOGETHER_API_KEY",)
    ),
    "huggingface": ProviderType(
        "huggingface", "openai", "https://router.huggingface.co/v1", ("HF_TOKEN",)
    ),
    "custom": ProviderType("custom", "openai", None, (), key_required=False),
}

SYNONYMS: dict[str, str] = {"gemini": "google"}


def provider_type(name: str | None) -> ProviderType | None:
    """The provider type called ``name`` (synonyms accepted), or None."""
    if name is None:
        return None
    return PROVIDER_TYPES.get(SYNONYMS.get(name, name))


def known_provider_names() -> list[str]:
    """Every accepted provider type name, synonyms included, for 'did you mean'."""
    return [*PROVIDER_TYPES, *SYNONYMS]


def infer_provider(model_name: str) -> str | None:
    """The provider a legacy model name belongs to by its family, or None."""
    lowered = model_name.lower()
    if lowered.startswith(("gpt-", "o1", "o3", "o4", "text-embedding-", "chatgpt-")):
        return "openai"
    if lowered.startswith("claude-"):
        return "anthropic"
    if lowered.startswith("gemini-"):
        return "google"
    return None
