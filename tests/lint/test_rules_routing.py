"""MM801-MM805: a model's strategy and weights, and the router: section."""

from __future__ import annotations

from lint_helpers import messages, where


def test_the_documented_router_section_is_clean() -> None:
    text = """\
    router:
      retries: 1
      backoff: {initial: 0.5, max: 8}
      max_retry_after: 30
      cooldown: {failures: 3, seconds: 60}
      max_wait: 10
    backends:
      azure-east: {provider: openai, api_key: "${A}", base_url: "https://east.example.com/v1"}
      azure-west: {provider: openai, api_key: "${B}", base_url: "https://west.example.com/v1"}
    models:
      gpt-4o:
        backend: azure-east/gpt-4o
        fallbacks: [azure-west/gpt-4o, openai/gpt-4o]
        strategy: weighted
        weights: {azure-east/gpt-4o: 2, azure-west/gpt-4o: 1, openai/gpt-4o: 1}
    """
    assert where(text, "MM") == []


def test_weights_without_weighted_strategy_warn() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4o
        weights: {openai/gpt-4o: 1}
    """
    assert where(text, "MM8") == [(4, 5, "MM801")]
    assert "write 'strategy: weighted'" in messages(text, "MM801")[0]


def test_weights_key_not_in_the_chain_is_located_with_a_suggestion() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4o
        fallbacks: [anthropic/claude-3-5-sonnet]
        strategy: weighted
        weights: {openai/gpt-4o: 1, anthropic/claude-3-5-sonet: 1}
    """
    assert where(text, "MM8") == [(6, 33, "MM802")]
    assert "did you mean 'anthropic/claude-3-5-sonnet'" in messages(text, "MM802")[0]


def test_weighted_without_weights_and_all_zero_weights_are_errors() -> None:
    text = """\
    models:
      a: {backend: openai/gpt-4o, strategy: weighted}
      b:
        backend: openai/gpt-4o-mini
        strategy: weighted
        weights: {openai/gpt-4o-mini: 0}
    """
    assert where(text, "MM8") == [(2, 31, "MM803"), (6, 5, "MM804")]


def test_out_of_range_and_unknown_values_are_schema_findings() -> None:
    text = """\
    router:
      retries: -1
      backoff: {initial: 10, max: 2}
      cooldown: {failures: 0}
      max_wait: 7200
    models:
      a:
        backend: openai/gpt-4o
        strategy: fastest
        weights: {openai/gpt-4o: -2}
    """
    assert where(text, "MM") == [
        (2, 12, "MM103"),
        (3, 13, "MM805"),
        (4, 24, "MM103"),
        (5, 13, "MM103"),
        (9, 15, "MM105"),
        (10, 30, "MM103"),
    ]
