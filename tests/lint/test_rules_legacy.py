"""MM110-MM112: the legacy list format."""

from __future__ import annotations

from lint_helpers import lint, where


def test_legacy_format_is_an_info_naming_migrate() -> None:
    problems = lint("models:\n  - gpt-4\n")
    assert [(p.line, p.column, p.code, p.severity.value) for p in problems] == [
        (1, 1, "MM110", "info")
    ]
    assert "modelmap migrate t.yaml" in problems[0].message


def test_mapping_format_gets_no_legacy_note() -> None:
    assert where("models:\n  a: {backend: openai/gpt-4}\n", "MM11") == []


def test_cannot_infer_a_provider() -> None:
    text = """\
    models:
      - gpt-4o
      - llama3
      - name: mistral-large
        description: no provider
      - name: local
        provider: ollama
      - name: sonnet
        model: claude-3-5-sonnet-latest
      - {name: gem, model: gemini-1.5-pro}
      - o3-mini
      - text-embedding-3-small
    """
    assert where(text, "MM111") == [(3, 5, "MM111"), (4, 11, "MM111")]


def test_duplicate_legacy_model() -> None:
    text = """\
    models:
      - gpt-4
      - name: claude-3-opus
      - name: gpt-4
      - claude-3-opus
    """
    assert where(text, "MM112") == [(4, 11, "MM112"), (5, 5, "MM112")]


def test_fallbacks_in_a_legacy_entry_are_only_an_unknown_key() -> None:
    text = """\
    models:
      - name: gpt-4
        fallbacks: [claud, gpt-4, custom/x]
    """
    assert where(text) == [(1, 1, "MM110"), (3, 5, "MM101")]
