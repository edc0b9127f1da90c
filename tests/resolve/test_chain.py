"""Parameters, target details and failover chains (README, "Resolve and list")."""

from __future__ import annotations

import pytest

from modelmap.errors import CapabilityError
from modelmap.resolve import require_capability, resolve
from resolve.helpers import config_from

CONFIG = config_from(
    """
    models:
      gpt-4:
        backend: openai/gpt-4
        capabilities: [chat, completion]
        parameters: {temperature: 0.5, max_tokens: 4096}
        aliases: [smart]
        fallbacks: [claude, azure/gpt-4-0613, gpt-4, retired, nowhere/x, openai/gpt-4]
      claude-3:
        backend: anthropic/claude-3-5-sonnet-latest
        parameters: {top_p: 0.9}
        aliases: [claude]
        capabilities: [chat, vision]
      embed:
        backend: openai/text-embedding-3-small
        capabilities: [embedding]
      plain:
        backend: groq/llama-3.1-8b-instant
      retired:
        backend: openai/gpt-3.5-turbo
        enabled: false
      twice:
        backend: groq/llama-3.1-8b-instant
        fallbacks: [plain, groq/llama-3.1-8b-instant]
    backends:
      openai:
        api_key: ${OPENAI_API_KEY}
        timeout: 30
        headers: {OpenAI-Project: "${OPENAI_PROJECT:-}"}
        models:
          gpt-4:
            context_window: 8192
            max_output_tokens: 4096
            pricing: {input: 0.03, output: 0.06}
      azure:
        provider: openai
        base_url: https://example.openai.azure.com/v1
        api_key: ${AZURE_KEY}
      groq:
        provider: custom
        base_url: https://api.groq.com/openai/v1
        models:
          llama-3.1-8b-instant: {context_window: 131072}
      together:
        models:
          llama-3.1-8b-instant: {}
    model_defaults: {temperature: 0.7, max_tokens: 2048, seed: 1}
    fallback_providers:
      - provider: anthropic
        model: claude-3-5-sonnet-latest
      - groq
      - together
      - openai
      - nosuch
    """
)


def test_parameters_merge_defaults_then_model_then_overrides() -> None:
    r = resolve(CONFIG, "gpt-4", {"max_tokens": 100, "stop": ["x"]})
    assert dict(r.primary.parameters) == {
        "temperature": 0.5,
        "max_tokens": 100,
        "seed": 1,
        "stop": ["x"],
    }


def test_target_carries_backend_settings_and_catalog_facts() -> None:
    t = resolve(CONFIG, "smart").primary
    assert (t.api_key, t.timeout, dict(t.headers)) == (
        "${OPENAI_API_KEY}",
        30,
        {"OpenAI-Project": "${OPENAI_PROJECT:-}"},
    )
    assert (t.context_window, t.max_output_tokens, t.price_input, t.price_output) == (
        8192,
        4096,
        0.03,
        0.06,
    )


def test_model_fallbacks_replace_the_global_list_and_record_skips() -> None:
    r = resolve(CONFIG, "gpt-4", {"seed": 7})
    assert [(t.backend, t.model_id, t.model) for t in r.chain] == [
        ("openai", "gpt-4", "gpt-4"),
        ("anthropic", "claude-3-5-sonnet-latest", "claude-3"),
        ("azure", "gpt-4-0613", None),
    ]
    # a fallback model brings its own parameters (and the overrides still apply) ...
    assert dict(r.chain[1].parameters) == {
        "temperature": 0.7,
        "max_tokens": 2048,
        "seed": 7,
        "top_p": 0.9,
    }
    # ... a backend reference takes the requesting model's
    assert r.chain[2].parameters == r.primary.parameters
    reasons = {s.entry: s.reason for s in r.skipped}
    assert reasons["gpt-4"] == "is the model itself"
    assert reasons["retired"] == "model 'retired' is disabled"
    assert "not a model" in reasons["nowhere/x"]
    assert "chain entry 1" in reasons["openai/gpt-4"]
    assert len(r.skipped) == 4


def test_no_duplicates_in_a_chain() -> None:
    r = resolve(CONFIG, "twice")
    assert [(t.backend, t.model_id) for t in r.chain] == [("groq", "llama-3.1-8b-instant")]
    assert [s.entry for s in r.skipped] == ["plain", "groq/llama-3.1-8b-instant"]


def test_global_fallbacks_included_only_when_they_can_serve_the_model() -> None:
    r = resolve(CONFIG, "plain")
    assert [(t.backend, t.model_id, t.via) for t in r.chain] == [
        ("groq", "llama-3.1-8b-instant", "primary"),
        ("anthropic", "claude-3-5-sonnet-latest", "fallback_providers"),
        ("together", "llama-3.1-8b-instant", "fallback_providers"),
    ]
    reasons = {s.entry: s.reason for s in r.skipped}
    assert reasons["groq"] == "is the primary backend"
    assert "does not list 'llama-3.1-8b-instant'" in reasons["openai"]
    assert "neither a backend nor a provider type" in reasons["nosuch"]
    assert set(reasons) == {"groq", "openai", "nosuch"}


def test_global_fallback_to_the_primary_backend_is_skipped() -> None:
    r = resolve(CONFIG, "claude")
    assert [t.backend for t in r.chain] == ["anthropic"]
    reasons = {s.entry: s.reason for s in r.skipped}
    assert reasons["anthropic/claude-3-5-sonnet-latest"] == "is the primary backend"


def test_direct_references_use_defaults_overrides_and_global_fallbacks() -> None:
    r = resolve(CONFIG, "together/llama-3.1-8b-instant", {"temperature": 0})
    assert dict(r.primary.parameters) == {"temperature": 0, "max_tokens": 2048, "seed": 1}
    assert [t.backend for t in r.chain] == ["together", "anthropic", "groq"]
    assert r.capabilities is None


@pytest.mark.parametrize(
    ("name", "capability", "ok"),
    [
        ("gpt-4", "chat", True),
        ("claude", "vision", True),
        ("gpt-4", "vision", False),
        ("embed", "chat", False),
        ("plain", "chat", True),  # declares none: assumed able
        ("plain", "vision", True),
    ],
)
def test_capability_checks(name: str, capability: str, ok: bool) -> None:
    r = resolve(CONFIG, name)
    if ok:
        require_capability(r, capability)
    else:
        with pytest.raises(CapabilityError, match=f"'{capability}'") as info:
            require_capability(r, capability)
        assert info.value.exit_code == 2


def test_implicit_key_variables_follow_the_provider_type() -> None:
    config = config_from(
        """
        models:
          g: {backend: google/gemini-1.5-pro}
          hf: {backend: huggingface/meta-llama/Llama-3.1-8B-Instruct}
          local: {backend: ollama/llama3.1:8b}
          own: {backend: mine/x}
        backends:
          mine: {provider: custom, base_url: "http://127.0.0.1:9/v1"}
        """
    )
    assert resolve(config, "g").primary.key_vars == ("GEMINI_API_KEY", "GOOGLE_API_KEY")
    assert resolve(config, "hf").primary.api_key == "${HF_TOKEN}"
    assert resolve(config, "local").primary.api_key is None
    assert resolve(config, "own").primary.api_key is None
