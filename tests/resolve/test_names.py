"""Which model a name designates: names, aliases, direct references, both formats."""

from __future__ import annotations

import pytest

from modelmap.errors import ConfigError, DisabledModelError, UnknownModelError
from modelmap.resolve import resolve
from resolve.helpers import config_from

MAPPING = config_from(
    """
    models:
      gpt-4:
        backend: openai/gpt-4
        aliases: [gpt4, smart]
      Fast:
        backend: groq/llama-3.1-8b-instant
      local:
        backend: ollama/llama3.1:8b
      hf:
        backend: together/meta-llama/Llama-3-70b-chat-hf
      old:
        backend: openai/gpt-3.5-turbo
        enabled: false
    backends:
      groq:
        provider: custom
        base_url: https://api.groq.com/openai/v1
        api_key: ${GROQ_API_KEY}
    """
)

LEGACY = config_from(
    """
    models:
      - gpt-4
      - name: claude-3-5-sonnet-latest
        aliases: [claude]
      - name: gemini-1.5-pro
      - name: llama3
        provider: ollama
        model: llama3.1:8b
      - name: mystery
    """
)


@pytest.mark.parametrize(
    ("name", "model", "backend", "provider", "model_id", "base_url"),
    [
        ("gpt-4", "gpt-4", "openai", "openai", "gpt-4", "https://api.openai.com/v1"),
        ("gpt4", "gpt-4", "openai", "openai", "gpt-4", "https://api.openai.com/v1"),
        ("smart", "gpt-4", "openai", "openai", "gpt-4", "https://api.openai.com/v1"),
        (
            "Fast",
            "Fast",
            "groq",
            "custom",
            "llama-3.1-8b-instant",
            "https://api.groq.com/openai/v1",
        ),
        ("local", "local", "ollama", "ollama", "llama3.1:8b", "http://localhost:11434"),
        (
            "hf",
            "hf",
            "together",
            "together",
            "meta-llama/Llama-3-70b-chat-hf",
            "https://api.together.xyz/v1",
        ),
        # direct references: declared backend, implicit backends, '/' and ':' in ids
        (
            "groq/mixtral-8x7b",
            "groq/mixtral-8x7b",
            "groq",
            "custom",
            "mixtral-8x7b",
            "https://api.groq.com/openai/v1",
        ),
        (
            "ollama/qwen2.5:7b-instruct",
            "ollama/qwen2.5:7b-instruct",
            "ollama",
            "ollama",
            "qwen2.5:7b-instruct",
            "http://localhost:11434",
        ),
        (
            "together/a/b:c",
            "together/a/b:c",
            "together",
            "together",
            "a/b:c",
            "https://api.together.xyz/v1",
        ),
        (
            "gemini/gemini-1.5-pro",
            "gemini/gemini-1.5-pro",
            "gemini",
            "google",
            "gemini-1.5-pro",
            "https://generativelanguage.googleapis.com/v1beta",
        ),
        (
            "anthropic/claude-3-haiku",
            "anthropic/claude-3-haiku",
            "anthropic",
            "anthropic",
            "claude-3-haiku",
            "https://api.anthropic.com",
        ),
    ],
)
def test_mapping_names(
    name: str, model: str, backend: str, provider: str, model_id: str, base_url: str
) -> None:
    r = resolve(MAPPING, name)
    assert (r.model, r.primary.backend, r.primary.provider) == (model, backend, provider)
    assert (r.primary.model_id, r.primary.base_url) == (model_id, base_url)
    assert r.requested == name
    assert r.direct == ("/" in name)


@pytest.mark.parametrize(
    ("name", "model", "backend", "model_id", "api_key"),
    [
        ("gpt-4", "gpt-4", "openai", "gpt-4", "${OPENAI_API_KEY}"),
        ("claude", "claude-3-5-sonnet-latest", "anthropic", "claude-3-5-sonnet-latest", None),
        ("gemini-1.5-pro", "gemini-1.5-pro", "google", "gemini-1.5-pro", "${GEMINI_API_KEY}"),
        ("llama3", "llama3", "ollama", "llama3.1:8b", None),
        ("openai/gpt-4o", "openai/gpt-4o", "openai", "gpt-4o", "${OPENAI_API_KEY}"),
    ],
)
def test_legacy_names(
    name: str, model: str, backend: str, model_id: str, api_key: str | None
) -> None:
    r = resolve(LEGACY, name)
    assert (r.model, r.primary.backend, r.primary.model_id) == (model, backend, model_id)
    if api_key is not None:
        assert r.primary.api_key == api_key
    assert len(r.chain) == 1


def test_legacy_model_without_provider_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"'mystery'.*provider:"):
        resolve(LEGACY, "mystery")


def test_names_are_case_sensitive() -> None:
    with pytest.raises(UnknownModelError) as info:
        resolve(MAPPING, "fast")
    assert info.value.candidates[0] == "Fast"


@pytest.mark.parametrize(
    ("name", "candidate"),
    [("gpt-5", "gpt-4"), ("smrt", "smart"), ("locl", "local")],
)
def test_unknown_names_suggest_the_closest(name: str, candidate: str) -> None:
    with pytest.raises(UnknownModelError) as info:
        resolve(MAPPING, name)
    assert candidate in info.value.candidates
    assert candidate in str(info.value)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("name", ["nosuch/gpt-4", "openai/", "/gpt-4", "plain"])
def test_references_whose_backend_does_not_resolve_are_unknown(name: str) -> None:
    with pytest.raises(UnknownModelError):
        resolve(MAPPING, name)


@pytest.mark.parametrize(
    ("name", "candidate"),
    [("olama/llama3", "ollama/llama3"), ("grok/llama-3.1-8b-instant", "groq/llama-3.1-8b-instant")],
)
def test_references_with_a_misspelt_backend_suggest_the_backend(name: str, candidate: str) -> None:
    with pytest.raises(UnknownModelError) as info:
        resolve(MAPPING, name)
    assert info.value.candidates[0] == candidate
    assert f"did you mean {candidate!r}" in str(info.value)


def test_disabled_model_does_not_resolve() -> None:
    with pytest.raises(DisabledModelError, match="model 'old' is disabled"):
        resolve(MAPPING, "old")


def test_exact_name_wins_over_a_direct_reference() -> None:
    config = config_from(
        """
        models:
          openai/gpt-4:
            backend: anthropic/claude-3-5-sonnet-latest
        """
    )
    r = resolve(config, "openai/gpt-4")
    assert (r.primary.backend, r.direct) == ("anthropic", False)


def test_declared_backend_wins_over_the_provider_type_of_the_same_name() -> None:
    config = config_from(
        """
        models:
          m: {backend: openai/gpt-4}
        backends:
          openai:
            provider: custom
            base_url: http://127.0.0.1:8000/v1
        """
    )
    target = resolve(config, "m").primary
    assert (target.provider, target.base_url, target.api_key) == (
        "custom",
        "http://127.0.0.1:8000/v1",
        None,
    )


def test_legacy_extra_sections_are_carried_but_not_used() -> None:
    config = config_from(
        """
        models:
          - name: gpt-4
            parameters: {temperature: 0.1}
        model_defaults: {max_tokens: 10}
        backends:
          openai: {base_url: "http://127.0.0.1:9/v1"}
        """
    )
    target = resolve(config, "gpt-4").primary
    assert dict(target.parameters) == {"temperature": 0.1}
    assert target.base_url == "https://api.openai.com/v1"
