"""MM203, MM205, MM206, MM211: backends."""

from __future__ import annotations

import pytest
from lint_helpers import messages, where

from modelmap.lint.rules.backends import url_problem


def test_unknown_provider() -> None:
    text = """\
    models:
      a: {backend: x/m}
      b: {backend: groq/m}
      c: {backend: gem/m}
      d: {backend: openai/m}
    backends:
      x: {provider: opneai}
      groq: {base_url: "https://api.groq.com/openai/v1"}
      gem: {provider: gemini}
      openai: {}
    """
    assert where(text, "MM203") == [(7, 17, "MM203"), (8, 3, "MM203")]
    assert "'openai'" in messages(text, "MM203")[0]


def test_empty_provider_is_unknown() -> None:
    text = """\
    models:
      a: {backend: x/m}
    backends:
      x: {provider: ""}
    """
    assert where(text) == [(4, 17, "MM203")]


def test_unknown_legacy_provider() -> None:
    text = "models:\n  - name: x\n    provider: antropic\n"
    assert where(text, "MM2") == [(3, 15, "MM203")]
    assert "'anthropic'" in messages(text, "MM203")[0]


def test_custom_needs_base_url() -> None:
    text = """\
    models:
      a: {backend: vllm/m}
      b: {backend: custom/m}
      c: {backend: ok/m}
    backends:
      vllm:
        provider: custom
      ok: {provider: custom, base_url: "http://localhost:8000/v1"}
    """
    assert where(text, "MM205") == [(3, 16, "MM205"), (6, 3, "MM205")]


def test_invalid_urls() -> None:
    text = """\
    models:
      a: {backend: a/m}
      b: {backend: b/m}
      c: {backend: c/m}
      d: {backend: d/m}
    backends:
      a: {provider: custom, base_url: "localhost:8000/v1"}
      b: {provider: custom, base_url: "${VLLM_URL}"}
      c: {provider: custom, base_url: "ftp://${HOST}/v1"}
      d: {provider: custom, base_url: "https://${HOST}:${PORT}/v1"}
    """
    assert where(text, "MM206") == [(7, 35, "MM206"), (9, 35, "MM206")]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.openai.com/v1", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://[::1]:8000", True),
        ("${BASE_URL}/v1", True),
        ("http://host:${PORT}/v1", True),
        ("api.openai.com/v1", False),
        ("https//api.openai.com", False),
        ("http://:80/v1", False),
        ("http://host:99999", False),
        ("http://host:port", False),
        ("https://api.example.com/v 1", False),
        ("file:///etc/passwd", False),
    ],
)
def test_url_shapes(url: str, ok: bool) -> None:
    assert (url_problem(url) is None) is ok


def test_unused_backend() -> None:
    text = """\
    models:
      a:
        backend: used/m
        fallbacks: [by-fallback/m]
    backends:
      used: {provider: openai}
      by-fallback: {provider: openai}
      global: {provider: anthropic}
      spare: {provider: openai}
    fallback_providers: [global]
    """
    assert where(text, "MM211") == [(9, 3, "MM211")]


def test_unused_backend_named_after_a_synonym_of_the_one_used() -> None:
    text = """\
    models:
      a: {backend: google/gemini-1.5-pro}
    backends:
      gemini: {api_key: "${GEMINI_API_KEY}"}
    """
    assert where(text) == [(4, 3, "MM211")]
    assert "write 'gemini/<model id>'" in messages(text, "MM211")[0]
