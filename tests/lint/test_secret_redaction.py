"""A key pasted anywhere, even where a name belongs, never appears in a message."""

from __future__ import annotations

import pytest
from lint_helpers import lint

KEY = "sk-proj-Q9x8W7v6U5t4S3r2P1o0NmLkJiHgFeDcBa"

PLACES = {
    "api_key": f'backends:\n  openai:\n    api_key: "{KEY}"\n',
    "header": f'backends:\n  openai:\n    headers: {{Authorization: "Bearer {KEY}"}}\n',
    "default": f'backends:\n  openai:\n    api_key: "${{OPENAI_API_KEY:-{KEY}}}"\n',
    "malformed ref": f'backends:\n  openai:\n    api_key: "${{{KEY} }}"\n',
    "parameter name": f"model_defaults:\n  {KEY}: 1\n",
    "unknown key": f"{KEY}: 1\n",
    "backend name": f"backends:\n  {KEY}: {{}}\n",
    "provider": f"backends:\n  openai:\n    provider: {KEY}\n",
    "base_url": f'backends:\n  openai:\n    base_url: "{KEY}"\n',
    "description": f'backends:\n  openai:\n    description: "key {KEY}"\n',
}
MODELS = {
    "backend ref": f'models:\n  a: {{backend: "{KEY}/gpt-4"}}\n',
    "model id": f'models:\n  a: {{backend: "openai/{KEY}"}}\n',
    "alias": f"models:\n  a: {{backend: openai/gpt-4, aliases: [{KEY}, {KEY}]}}\n",
    "fallback": f"models:\n  a: {{backend: openai/gpt-4, fallbacks: [{KEY}]}}\n",
    "capability": f"models:\n  a: {{backend: openai/gpt-4, capabilities: [{KEY}]}}\n",
    "legacy provider": f"models:\n  - name: a\n    provider: {KEY}\n",
}


@pytest.mark.parametrize("text", [*PLACES.values(), *MODELS.values()], ids=[*PLACES, *MODELS])
@pytest.mark.parametrize("check_env", [False, True])
def test_no_message_contains_the_key(text: str, check_env: bool) -> None:
    if not text.startswith("models:"):
        text = "models:\n  a: {backend: openai/gpt-4}\n" + text
    problems = lint(text, check_env=check_env)
    assert problems  # every placement is a mistake that is reported
    for problem in problems:
        assert KEY[4:12] not in problem.message, problem


def test_a_duplicated_key_shaped_key_is_masked_in_the_load_finding() -> None:
    from modelmap.config.load import check_loaded
    from modelmap.loader import load_text

    key = "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789"
    text = f"models:\n  {key}: {{backend: openai/x}}\n  {key}: {{backend: openai/y}}\n"
    checked = check_loaded(load_text(text, "t.yaml"), "t.yaml")
    duplicate = [p for p in checked.problems if p.code == "MM002"]
    assert len(duplicate) == 1
    assert key not in duplicate[0].message and "sk-p" in duplicate[0].message


# Credentials with no well-known shape: only their place says they are secrets.
PLAIN = "myrealsecretvalue1234"


@pytest.mark.parametrize(
    "value",
    [f"[Bearer {PLAIN}]", f"{{token: {PLAIN}}}", "123456789012345678901234"],
    ids=["list", "mapping", "number"],
)
@pytest.mark.parametrize("key", ["Authorization", "X-Custom"])
def test_a_wrongly_typed_header_value_is_not_quoted(value: str, key: str) -> None:
    text = "models:\n  a: {backend: openai/gpt-4}\nbackends:\n  openai:\n"
    text += f"    headers: {{{key}: {value}}}\n"
    problems = lint(text)
    assert "MM102" in [p.code for p in problems]
    for problem in problems:
        assert PLAIN not in problem.message and "12345678" not in problem.message
