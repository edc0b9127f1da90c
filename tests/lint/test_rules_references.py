"""MM201, MM202, MM204, MM209, MM210: backend references and fallbacks."""

from __future__ import annotations

import pytest
from lint_helpers import messages, where


@pytest.mark.parametrize(
    "ref",
    ["openai", "/gpt-4", "openai/", "openai/gpt 4", " openai/gpt-4"],
)
def test_malformed_backend_ref(ref: str) -> None:
    text = f'models:\n  a:\n    backend: "{ref}"\n'
    assert where(text, "MM2") == [(3, 14, "MM201")]


def test_references_cannot_use_environment_variables() -> None:
    text = 'models:\n  a:\n    backend: "${BACKEND:-openai}/gpt-4"\n    fallbacks: ["${FB}/x"]\n'
    assert where(text, "MM2") == [(3, 14, "MM201"), (4, 17, "MM201")]
    assert all("checked without your environment" in m for m in messages(text, "MM201"))


def test_fallback_names_with_environment_variables_say_why_they_are_unknown() -> None:
    text = """\
    models:
      a: {backend: openai/gpt-4, fallbacks: ["${FALLBACK}"]}
    fallback_providers: ["${PROVIDER}"]
    """
    assert where(text) == [(2, 42, "MM204"), (3, 22, "MM204")]
    assert all("cannot use ${VAR}" in m for m in messages(text, "MM204"))


def test_reference_with_environment_variable_is_reported_once() -> None:
    text = """\
    models:
      a:
        backend: "openai/${MODEL}"
        fallbacks: ["openai/${FB}"]
      b: {backend: "custom/${ID}"}
    backends:
      openai:
        models: {gpt-4o: {}}
    """
    assert where(text) == [(3, 14, "MM201"), (4, 17, "MM201"), (5, 16, "MM201")]


def test_reference_splits_at_the_first_slash() -> None:
    text = """\
    models:
      llama: {backend: "together/meta-llama/Llama-3-70b-chat-hf"}
      local: {backend: "ollama/llama3.1:8b"}
      gem: {backend: "gemini/gemini-1.5-pro"}
    """
    assert where(text, "MM2") == []


def test_unknown_backend_suggests_declared_and_provider_types() -> None:
    text = """\
    models:
      a: {backend: "opneai/gpt-4"}
      b: {backend: "my-grok/llama"}
      c: {backend: "groq/llama"}
    backends:
      my-groq: {provider: custom, base_url: "https://api.groq.com/openai/v1"}
    """
    assert where(text, "MM20") == [(2, 16, "MM202"), (3, 16, "MM202"), (4, 16, "MM202")]
    found = messages(text, "MM202")
    assert "'openai'" in found[0]
    assert "'my-groq'" in found[1]


def test_declared_backend_wins_over_provider_type() -> None:
    text = """\
    models:
      a: {backend: "openai/gpt-4"}
    backends:
      openai: {provider: custom, base_url: "https://proxy.example.com/v1"}
    """
    assert where(text, "MM2") == []


def test_unknown_fallbacks() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        aliases: [smart]
        fallbacks: [b, smart-b, clade-3, anthropic, opneai/gpt-4o, anthropic/claude-3, smart]
      b:
        backend: openai/gpt-4o
        aliases: [smart-b]
      claude-3:
        backend: anthropic/claude-3-5-sonnet-latest
    """
    assert where(text, "MM204") == [(5, 29, "MM204"), (5, 38, "MM204"), (5, 49, "MM204")]
    found = messages(text, "MM204")
    assert "'claude-3'" in found[0]
    assert "anthropic/<model id>" in found[1]
    assert "'openai'" in found[2]


def test_unknown_fallback_suggests_the_name_that_differs_only_in_case() -> None:
    text = """\
    models:
      a: {backend: openai/gpt-4, fallbacks: [GPT-4O]}
      GPT-4: {backend: openai/gpt-4}
      gpt-4o: {backend: openai/gpt-4o}
    """
    assert where(text, "MM2") == [(2, 42, "MM204")]
    assert messages(text, "MM204")[0].endswith("; did you mean 'gpt-4o'?")


def test_unknown_fallback_provider() -> None:
    text = """\
    models:
      a: {backend: openai/gpt-4}
    backends:
      local-vllm: {provider: custom, base_url: "http://localhost:8000/v1"}
    fallback_providers:
      - anthropc
      - provider: local-vlm
        model: llama
      - local-vllm
      - provider: gemini
        model: gemini-1.5-pro
    """
    assert where(text, "MM2") == [(6, 5, "MM204"), (7, 15, "MM204")]
    found = messages(text, "MM204")
    assert "'anthropic'" in found[0]
    assert "'local-vllm'" in found[1]


def test_fallback_provider_written_as_a_reference_says_how_to_write_it() -> None:
    text = """\
    models:
      a: {backend: openai/gpt-4}
    fallback_providers:
      - anthropic/claude-3-5-sonnet-latest
    """
    assert where(text, "MM2") == [(4, 5, "MM204")]
    assert "{provider: anthropic, model: claude-3-5-sonnet-latest}" in messages(text, "MM204")[0]


def test_fallback_to_self() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        aliases: [smart]
        fallbacks: [a, smart, openai/gpt-4, openai/gpt-4o]
    """
    assert where(text, "MM2") == [(5, 17, "MM209"), (5, 20, "MM209"), (5, 27, "MM209")]


def test_fallback_to_self_through_the_gemini_synonym() -> None:
    text = """\
    models:
      a:
        backend: google/gemini-1.5-pro
        fallbacks: [gemini/gemini-1.5-pro, gemini/gemini-1.5-flash]
    """
    assert where(text, "MM2") == [(4, 17, "MM209")]


def test_fallback_to_disabled_model() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        fallbacks: [old, b]
      b: {backend: openai/gpt-4o}
      old:
        backend: openai/gpt-3.5-turbo
        enabled: false
        fallbacks: [b]
    """
    assert where(text, "MM2") == [(4, 17, "MM210")]
