"""MM701-MM705: model ids and facts checked against a small test catalog."""

from __future__ import annotations

from datetime import date

from catalog_helpers import SMALL, lint, where

TYPOS = """\
models:
  a: {backend: openai/gpt-4o-mnii}
  b: {backend: anthropic/claude-sonet-4-6}
  c: {backend: gemini/gemini-2.5-pr}
  d:
    backend: openai/gpt-4o
    fallbacks: [anthropic/claude-haiku-4-6]
  e: {backend: together/meta-llama/not-in-catalog}
fallback_providers:
  - {provider: google, model: gemini-25-pro}
"""


def test_unknown_ids_on_each_fully_covered_provider() -> None:
    assert where(TYPOS) == [
        (2, 16, "MM701"),
        (3, 16, "MM701"),
        (4, 16, "MM701"),
        (7, 17, "MM701"),
        (10, 31, "MM701"),
    ]  # together is not fully covered: its unknown id is no finding
    first = next(p for p in lint(TYPOS) if p.code == "MM701")
    assert "closest: gpt-4o-mini, gpt-4o" in first.message
    assert first.severity.value == "warning"


def test_lifecycle_by_day() -> None:
    text = """\
models:
  old: {backend: openai/gpt-4-0613}
  older: {backend: openai/gpt-3.5-turbo-0301}
  haiku: {backend: anthropic/claude-3-haiku-20240307}
  flash: {backend: google/gemini-2.0-flash}
"""
    assert where(text, date(2026, 6, 1)) == [
        (2, 18, "MM702"),
        (3, 20, "MM703"),
        (4, 20, "MM702"),
        (5, 20, "MM702"),
    ]
    assert where(text, date(2026, 9, 1)) == [
        (2, 18, "MM703"),
        (3, 20, "MM703"),
        (4, 20, "MM703"),
        (5, 20, "MM703"),
    ]
    assert where(text, date(2025, 1, 1)) == [(3, 20, "MM703")]
    deprecated = next(p for p in lint(text) if p.code == "MM702")
    assert "2026-09-01" in deprecated.message and "'gpt-4o'" in deprecated.message
    retired = next(p for p in lint(text) if p.code == "MM703")
    assert retired.severity.value == "error" and "2024-06-13" in retired.message


def test_non_default_base_url_is_exempt_from_ids_and_lifecycle_not_limits() -> None:
    text = """\
models:
  a: {backend: proxy/gpt-4o-mnii}
  b: {backend: proxy/gpt-3.5-turbo-0301}
  c:
    backend: proxy/gpt-4o
    parameters: {max_tokens: 20000}
backends:
  proxy: {provider: openai, base_url: "https://llm.example.com/v1"}
  openai: {base_url: "https://api.openai.com/v1/"}
"""
    assert where(text) == [(6, 30, "MM704")]
    own_url = """\
models:
  a: {backend: openai/gpt-4o-mnii}
backends:
  openai: {base_url: "https://api.openai.com/v1/"}
"""
    # the provider's own URL, written out with a trailing slash, is the default
    assert where(own_url) == [(2, 16, "MM701")]


def test_max_tokens_above_catalog_limits() -> None:
    text = """\
model_defaults: {max_tokens: 5000}
models:
  a:
    backend: openai/gpt-4-0613
    parameters: {max_tokens: 4097}
  b: {backend: openai/gpt-4-0613}
  c:
    backend: anthropic/claude-sonnet-4-6
    fallbacks: [openai/gpt-4-0613]
  d:
    backend: openai/gpt-4o
    parameters: {max_tokens: 16384}
"""
    assert where(text, date(2025, 1, 1)) == [(5, 30, "MM704"), (6, 16, "MM704"), (9, 17, "MM704")]


def test_config_limits_win_over_the_catalog() -> None:
    text = """\
models:
  a:
    backend: openai/gpt-4o
    parameters: {max_tokens: 20000}
backends:
  openai:
    models:
      gpt-4o: {max_output_tokens: 32768}
"""
    # the config says 32768: no MM704; that it differs from the catalog is an info
    assert where(text) == [(8, 35, "MM705")]
    tighter = text.replace("32768", "1000")
    codes = [(p.line, p.code) for p in lint(tighter)]
    assert (4, "MM208") in codes and all(c != "MM704" for _, c in codes)


def test_config_facts_contradicting_the_catalog_are_infos() -> None:
    text = """\
models:
  a: {backend: openai/gpt-4o}
backends:
  openai:
    models:
      gpt-4o:
        context_window: 128000
        max_output_tokens: 4096
        pricing: {input: 0.0025, output: 0.02}
      custom-id: {context_window: 1}
"""
    assert where(text) == [(8, 28, "MM705"), (9, 42, "MM705")]
    assert {p.severity.value for p in lint(text) if p.code == "MM705"} == {"info"}


def test_ids_the_backend_lists_itself_and_fine_tunes_are_not_unknown() -> None:
    text = """\
models:
  a: {backend: openai/brand-new-model}
  b: {backend: "openai/ft:gpt-4o-mini:acme::abc123"}
backends:
  openai:
    models:
      brand-new-model: {}
"""
    assert where(text) == []


def test_files_without_covered_backends_do_not_load_the_catalog(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    local = "models:\n  a: {backend: ollama/llama3.1:8b}\n"
    assert where(local, catalog=broken) == []  # never read


def test_library_load_ignores_catalog_findings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import modelmap

    monkeypatch.setenv("MODELMAP_CATALOG", str(SMALL))
    config = modelmap.load_config_text("models:\n  a: {backend: openai/gpt-3.5-turbo-0301}\n")
    assert modelmap.resolve(config, "a").primary.context_window == 4096


def test_max_tokens_limits_on_anthropic_and_google() -> None:
    text = """\
models:
  haiku:
    backend: anthropic/claude-haiku-4-5
    parameters: {max_tokens: 64001}
  flash:
    backend: google/gemini-2.0-flash
    parameters: {max_tokens: 8193}
  pro:
    backend: google/gemini-2.5-pro
    parameters: {max_tokens: 65536}
"""
    assert where(text, date(2025, 1, 1)) == [(4, 30, "MM704"), (7, 30, "MM704")]


def test_closest_ids_for_many_unknown_ids_are_bounded_work() -> None:
    # 20,000 distinct unknown ids: each is still a finding, but the "closest" search stops
    # after a fixed amount of matching instead of scanning the catalog once per id
    lines = "".join(f"  m{i}: {{backend: openai/gpt-4o-mini-{i}}}\n" for i in range(20_000))
    found = [p for p in lint("models:\n" + lines) if p.code == "MM701"]
    assert len(found) == 20_000
    assert "closest:" in found[0].message
    assert "closest:" not in found[-1].message
    assert "check the id" in found[-1].message
