"""MM502, MM504: ${VAR} references."""

from __future__ import annotations

import pytest
from lint_helpers import lint, messages, where


@pytest.mark.parametrize(
    "value",
    ["${OPENAI_API_KEY", "${}", "${1ABC}", "${KEY:x}", "prefix-${A B}", "${A:-${B}}"],
)
def test_malformed_reference(value: str) -> None:
    text = f'models:\n  a: {{backend: openai/gpt-4, description: "{value}"}}\n'
    assert where(text, "MM5") == [(2, 43, "MM502")]


def test_well_formed_references_and_literal_dollars() -> None:
    text = """\
    models:
      a:
        backend: openai/gpt-4
        description: "costs $$5 or $5; ${A:-x} ${B-y} ${C:?set C} ${D?d}"
    """
    assert where(text, "MM5") == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("api_key", "${OPENAI KEY}"),
        ("api_key", "${OPENAI_API_KEY}x${SECRET VALUE}"),
        ("description", "${MY KEY sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789}"),
    ],
)
def test_malformed_reference_never_shows_a_secret(key: str, value: str) -> None:
    text = f'models:\n  a: {{backend: openai/gpt-4}}\nbackends:\n  openai:\n    {key}: "{value}"\n'
    problems = [p for p in lint(text) if p.code == "MM502"]
    assert [(p.line, p.column) for p in problems] == [(5, 7 + len(key))]
    assert "Abcdefghijklmnop" not in problems[0].message
    if key == "api_key":
        assert "KEY" not in problems[0].message


def test_a_default_that_is_a_key_is_a_literal_secret() -> None:
    text = (
        "models:\n  a: {backend: openai/gpt-4}\nbackends:\n  openai:\n"
        '    api_key: "${OPENAI_API_KEY:-sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789}"\n'
    )
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems] == [(5, 14, "MM501")]
    assert "Abcdefghijklmnop" not in problems[0].message


CONFIG = """\
models:
  a: {backend: openai/gpt-4, description: "${NEEDED} ${OPTIONAL:-x}"}
  b: {backend: anthropic/claude-3-5-sonnet-latest}
  c: {backend: gemini/gemini-1.5-pro}
  d: {backend: ollama/llama3}
backends:
  openai:
    api_key: "${OPENAI_API_KEY}"
    headers: {OpenAI-Project: "${PROJECT:?the project id}"}
"""


def test_unset_env_only_with_check_env() -> None:
    assert where(CONFIG, "MM504") == []
    assert where(CONFIG, "MM504", check_env=True) == [
        (2, 43, "MM504"),
        (3, 16, "MM504"),
        (4, 16, "MM504"),
        (8, 14, "MM504"),
        (9, 31, "MM504"),
    ]
    found = messages(CONFIG, "MM504", check_env=True)
    assert "ANTHROPIC_API_KEY" in found[1]
    assert "GEMINI_API_KEY or GOOGLE_API_KEY" in found[2]


def test_set_variables_satisfy_check_env() -> None:
    environ = {
        "NEEDED": "",
        "OPENAI_API_KEY": "k",
        "ANTHROPIC_API_KEY": "k",
        "GOOGLE_API_KEY": "k",
        "PROJECT": "p",
    }
    assert where(CONFIG, "MM504", check_env=True, environ=environ) == []
    assert where(CONFIG, "MM504", check_env=True, environ={**environ, "PROJECT": ""}) == [
        (9, 31, "MM504")
    ]


def test_declared_backend_without_api_key_needs_the_conventional_variable() -> None:
    text = """\
    models:
      a: {backend: main/gpt-4}
    backends:
      main: {provider: openai}
      spare: {provider: together}
    """
    assert where(text, "MM504", check_env=True) == [(4, 3, "MM504"), (5, 3, "MM504")]
