"""MM501, MM503: secrets in the file and keys over plain HTTP."""

from __future__ import annotations

import pytest
from lint_helpers import lint, where

OPENAI_KEY = "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789"
SECRETS = [
    OPENAI_KEY,
    "sk-ant-api03-Abcdefghijklmnopqrstuvwxyz0123456789",
    "AIzaSyA1234567890abcdefghijklmnopqrstuv",
    "hf_AbcdefghijklmnopqrstuvwxyzABCDEFGH",
    "gsk_AbcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
]


@pytest.mark.parametrize("secret", SECRETS)
def test_literal_api_key_is_reported_without_the_secret(secret: str) -> None:
    text = (
        "models:\n  a: {backend: o/m}\nbackends:\n  o:\n    provider: openai\n"
        f'    api_key: "{secret}"\n'
    )
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems if p.code.startswith("MM5")] == [
        (6, 14, "MM501")
    ]
    for problem in problems:
        assert secret[4:] not in problem.message
    assert "OPENAI_API_KEY" in next(p.message for p in problems if p.code == "MM501")


@pytest.mark.parametrize("secret", SECRETS)
def test_key_shapes_anywhere(secret: str) -> None:
    text = f"""\
    models:
      - name: gpt-4
        description: "uses {secret} for now"
    settings:
      keys: ["{secret}"]
    """
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems if p.code == "MM501"] == [
        (3, 18, "MM501"),
        (5, 10, "MM501"),
    ]
    assert all(secret[4:] not in p.message for p in problems)


@pytest.mark.parametrize("secret", SECRETS)
def test_key_shapes_in_names(secret: str) -> None:
    # a key pasted where a name belongs: list, resolve and export would show it
    text = f"""\
    models:
      {secret}: {{backend: openai/gpt-4}}
      b: {{backend: openai/gpt-4, parameters: {{{secret}: 1}}}}
    backends:
      {secret}: {{provider: openai}}
      openai: {{models: {{{secret}: {{context_window: 8}}}}}}
    """
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems if p.code == "MM501"] == [
        (2, 3, "MM501"),
        (3, 43, "MM501"),
        (5, 3, "MM501"),
        (6, 21, "MM501"),
    ]
    assert all(secret[4:] not in p.message for p in problems)


def test_key_shapes_in_header_and_default_names() -> None:
    secret = SECRETS[0]
    text = f"""\
    models:
      a: {{backend: corp/m}}
    model_defaults: {{{secret}: 1}}
    backends:
      corp: {{provider: custom, base_url: "https://c.example", headers: {{{secret}: v}}}}
    """
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems if p.code == "MM501"] == [
        (3, 18, "MM501"),
        (5, 69, "MM501"),
    ]
    assert all(secret[4:] not in p.message for p in problems)


def test_names_that_only_resemble_keys_are_fine() -> None:
    text = """\
    models:
      sk-learn-gradient-boosting-classifier-models: {backend: openai/gpt-4}
      task-Abcdefghijklmnopqrstuvwxyz0123456789: {backend: openai/gpt-4}
    """
    assert where(text, "MM5") == []


@pytest.mark.parametrize(
    "text",
    [
        "uses sk-learn-gradient-boosting-classifier-models",
        "task-Abcdefghijklmnopqrstuvwxyz0123456789",
        "sk-short-123",
    ],
)
def test_words_that_only_resemble_keys_are_fine(text: str) -> None:
    assert where(f'models:\n  - name: gpt-4\n    description: "{text}"\n', "MM5") == []


@pytest.mark.parametrize(
    "value", ["${OPENAI_API_KEY}", "EMPTY", "none", "ollama", "dummy", "not-needed", "", "NONE"]
)
def test_references_and_placeholders_are_fine(value: str) -> None:
    text = (
        "models:\n  a: {backend: o/m}\nbackends:\n  o:\n    provider: custom\n"
        f'    base_url: "http://localhost:8000/v1"\n    api_key: "{value}"\n'
    )
    assert where(text, "MM5") == []


def test_credential_headers() -> None:
    text = """\
    models:
      a: {backend: o/m}
    backends:
      o:
        provider: openai
        headers:
          Authorization: "Bearer abcdef123456"
          X-Api-Key: "${MY_KEY}"
          OpenAI-Project: "proj_123"
          x-goog-api-key: "literal-value-here"
          Proxy-Authorization: "Bearer ${PROXY_TOKEN}"
          X-Auth-Mode: oauth
          X-Tokenizer: cl100k_base_tiktoken
          X-Keyword-Filter: "strict-profanity"
    """
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems if p.code == "MM501"] == [
        (7, 22, "MM501"),
        (10, 23, "MM501"),
    ]
    assert all("abcdef123456" not in p.message for p in problems)
    assert all("literal-value-here"[4:] not in p.message for p in problems)


def test_a_password_written_in_a_url() -> None:
    text = """\
    models:
      a: {backend: corp/m}
    backends:
      corp: {provider: custom, base_url: "https://bob:hunter2@llm.corp.example/v1"}
      env: {provider: custom, base_url: "https://bob:${CORP_PW}@llm2.corp.example/v1"}
      user: {provider: custom, base_url: "https://bob@llm3.corp.example/v1"}
      mail: {provider: custom, base_url: "https://llm4.corp.example/v1", headers: {From: a@b.c}}
    models_note: ["see https://alice:swordfish@wiki.example/page"]
    """
    problems = lint(text)
    assert [(p.line, p.column, p.code) for p in problems if p.code == "MM501"] == [
        (4, 38, "MM501"),
        (8, 15, "MM501"),
    ]
    assert all("hunter2" not in p.message and "swordfish" not in p.message for p in problems)
    assert "${VAR}" in next(p.message for p in problems if p.code == "MM501")


def test_legacy_extra_sections_are_scanned() -> None:
    text = """\
    models: [gpt-4]
    providers:
      openai:
        api_key: my-literal-key
        token: "${TOKEN}"
    """
    assert where(text, "MM501") == [(4, 14, "MM501")]


def test_insecure_http_key() -> None:
    text = """\
    models:
      a: {backend: proxy/m}
      b: {backend: local/m}
      c: {backend: lan/m}
      d: {backend: keyless/m}
      e: {backend: open/m}
    backends:
      proxy: {provider: openai, base_url: "http://proxy.internal:8080/v1"}
      local: {provider: openai, base_url: "http://127.0.0.1:8080/v1"}
      lan: {provider: custom, base_url: "http://10.0.0.5/v1", api_key: "${LAN_KEY}"}
      keyless: {provider: custom, base_url: "http://10.0.0.6/v1"}
      open: {provider: ollama, base_url: "http://gpu-box:11434"}
    """
    assert where(text, "MM503") == [(8, 39, "MM503"), (10, 37, "MM503")]
