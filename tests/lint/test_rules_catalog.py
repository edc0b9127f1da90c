"""MM207, MM208: backend catalogs."""

from __future__ import annotations

from lint_helpers import messages, where

CATALOG = """\
backends:
  openai:
    models:
      gpt-4o: {context_window: 128000, max_output_tokens: 16384}
      gpt-4: {context_window: 8192}
      gpt-4o-mini: {}
"""


def test_model_not_in_catalog() -> None:
    text = (
        """\
models:
  a: {backend: openai/gpt-4-o}
  b: {backend: openai/gpt-4o}
  c:
    backend: anthropic/claude-3
    fallbacks: [openai/gpt4o]
fallback_providers:
  - {provider: openai, model: gpt-5}
"""
        + CATALOG
    )
    assert where(text, "MM20") == [(2, 16, "MM207"), (6, 17, "MM207"), (8, 31, "MM207")]
    assert "gpt-4o" in messages(text, "MM207")[0]
    other = "models:\n  a: {backend: openai/llama3}\n" + CATALOG
    assert messages(other, "MM207") == [
        "model id 'llama3' is not in the catalog of backend 'openai'; correct the id or add "
        "it under backends.openai.models"
    ]


def test_no_catalog_no_warning() -> None:
    assert where("models:\n  a: {backend: openai/anything}\n", "MM207") == []


def test_max_tokens_above_catalog_limits() -> None:
    text = (
        """\
models:
  a:
    backend: openai/gpt-4o
    parameters: {max_tokens: 32000}
  b:
    backend: openai/gpt-4
    parameters: {max_tokens: 9000}
  c:
    backend: openai/gpt-4
  d:
    backend: openai/gpt-4o
    parameters: {max_tokens: 16384}
  e:
    backend: openai/gpt-4o-mini
model_defaults: {max_tokens: 10000}
"""
        + CATALOG
    )
    assert where(text, "MM208") == [(4, 30, "MM208"), (7, 30, "MM208"), (8, 3, "MM208")]
    found = messages(text, "MM208")
    assert "max_output_tokens 16384" in found[0]
    assert "context_window 8192" in found[1]
    assert "model_defaults" in found[2]
    assert found[0].endswith("; set max_tokens to at most 16384")
    assert found[2].endswith("; set max_tokens to at most 8192 in its parameters")


def test_a_backend_ref_fallback_is_checked_with_the_requesting_model_max_tokens() -> None:
    # the fallback gets a's parameters: gpt-4 (8192) would answer the failover with a 400
    text = (
        """\
models:
  a:
    backend: openai/gpt-4o
    parameters: {max_tokens: 9000}
    fallbacks: [openai/gpt-4, openai/gpt-4o-mini, small]
  small:
    backend: openai/gpt-4
    parameters: {max_tokens: 4000}
"""
        + CATALOG
    )
    assert where(text, "MM208") == [(5, 17, "MM208")]
    (found,) = messages(text, "MM208")
    assert "fallback openai/gpt-4 of 'a' is sent max_tokens 9000" in found
    assert "context_window 8192" in found and "at most 8192" in found


def test_out_of_range_limit_is_reported_once() -> None:
    text = """\
models:
  a:
    backend: openai/gpt-4o
    parameters: {max_tokens: 100}
backends:
  openai:
    models:
      gpt-4o: {context_window: 0, max_output_tokens: -5}
"""
    assert where(text) == [(8, 32, "MM103"), (8, 54, "MM103")]
