"""Each kind of change: an OLD/NEW pair and the (name, kind, breaking) it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import modelmap

BASE = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    aliases: [smart]
    capabilities: [chat, tools]
    fallbacks: [claude]
  claude:
    backend: "anthropic/claude-3-5-sonnet-latest"
  local:
    backend: "ollama/llama3.1:8b"
backends:
  openai:
    api_key: "${OPENAI_API_KEY}"
    models:
      gpt-4: {context_window: 8192, max_output_tokens: 4096, pricing: {input: 0.03, output: 0.06}}
      gpt-4o: {context_window: 128000, pricing: {input: 0.0025, output: 0.01}}
"""


def edit(*pairs: str) -> str:
    """BASE with each (old, new) text replaced once."""
    text = BASE
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


CASES = {
    "model added": (
        BASE,
        BASE.replace("backends:", '  new:\n    backend: "openai/gpt-4o"\nbackends:'),
        {("new", "added", False)},
    ),
    "model removed": (
        BASE,
        edit('  local:\n    backend: "ollama/llama3.1:8b"\n', ""),
        {("local", "removed", True)},
    ),
    "disabled model removed": (
        edit('"ollama/llama3.1:8b"', '"ollama/llama3.1:8b"\n    enabled: false'),
        edit('  local:\n    backend: "ollama/llama3.1:8b"\n', ""),
        {("local", "removed", False)},
    ),
    "alias added": (BASE, edit("[smart]", "[smart, clever]"), {("clever", "added", False)}),
    "alias removed": (BASE, edit("    aliases: [smart]\n", ""), {("smart", "removed", True)}),
    "alias moved to another model": (
        BASE,
        edit(
            "    aliases: [smart]\n",
            "",
            '"anthropic/claude-3-5-sonnet-latest"',
            '"anthropic/claude-3-5-sonnet-latest"\n    aliases: [smart]',
        ),
        {
            ("smart", "alias_of", False),
            ("smart", "backend", False),
            ("smart", "provider", False),
            ("smart", "model_id", False),
            ("smart", "base_url", False),
            ("smart", "api_key", False),
            ("smart", "capabilities", False),  # claude declares none: nothing is refused
            ("smart", "chain_removed", False),
            ("smart", "context_window", False),
            ("smart", "max_output_tokens", False),
            ("smart", "price", False),
        },
    ),
    "model disabled": (
        BASE,
        edit('"ollama/llama3.1:8b"', '"ollama/llama3.1:8b"\n    enabled: false'),
        {("local", "enabled", True)},
    ),
    "model enabled": (
        edit('"ollama/llama3.1:8b"', '"ollama/llama3.1:8b"\n    enabled: false'),
        BASE,
        {("local", "enabled", False)},
    ),
    "fallback disabled": (
        BASE,
        edit(
            '"anthropic/claude-3-5-sonnet-latest"',
            '"anthropic/claude-3-5-sonnet-latest"\n    enabled: false',
        ),
        {("claude", "enabled", True), ("gpt-4", "chain_removed", False)},
    ),
    "model id": (
        BASE,
        edit('"openai/gpt-4"', '"openai/gpt-4o"'),
        {
            ("gpt-4", "model_id", False),
            ("gpt-4", "context_window", False),
            ("gpt-4", "max_output_tokens", False),
            ("gpt-4", "price", False),
        },
    ),
    "backend and provider": (
        BASE,
        edit('"ollama/llama3.1:8b"', '"together/llama3.1:8b"'),
        {
            ("local", "backend", False),
            ("local", "provider", False),
            ("local", "base_url", False),
            ("local", "api_key", False),
        },
    ),
    "base URL of a backend": (
        BASE,
        edit(
            '    api_key: "${OPENAI_API_KEY}"\n',
            '    api_key: "${OPENAI_API_KEY}"\n    base_url: "https://proxy.example.com/v1"\n',
        ),
        {("gpt-4", "base_url", False)},
    ),
    "key variable": (
        BASE,
        edit("${OPENAI_API_KEY}", "${OPENAI_KEY_PROD}"),
        {("gpt-4", "api_key", False)},
    ),
    "parameters from model_defaults": (
        BASE,
        BASE + "model_defaults: {temperature: 0.2}\n",
        {
            ("gpt-4", "parameters", False),
            ("claude", "parameters", False),
            ("local", "parameters", False),
        },
    ),
    "capability gone": (BASE, edit("[chat, tools]", "[chat]"), {("gpt-4", "capabilities", True)}),
    "capability added": (
        BASE,
        edit("[chat, tools]", "[chat, tools, vision]"),
        {("gpt-4", "capabilities", False)},
    ),
    "fallback added": (
        BASE,
        edit("[claude]", "[claude, local]"),
        {("gpt-4", "chain_added", False)},
    ),
    "fallback removed": (
        BASE,
        edit("    fallbacks: [claude]\n", ""),
        {("gpt-4", "chain_removed", False)},
    ),
    "fallbacks reordered": (
        edit("[claude]", "[claude, local]"),
        edit("[claude]", "[local, claude]"),
        {("gpt-4", "chain_reordered", False)},
    ),
    "the model a fallback names changes": (
        BASE,
        edit('"anthropic/claude-3-5-sonnet-latest"', '"anthropic/claude-3-opus-latest"'),
        {
            ("claude", "model_id", False),
            ("gpt-4", "chain_added", False),
            ("gpt-4", "chain_removed", False),
        },
    ),
    "global fallback_providers": (
        BASE,
        BASE + "fallback_providers:\n  - provider: anthropic\n    model: claude-3-haiku\n",
        # claude's primary is that backend, gpt-4 has fallbacks of its own
        {("local", "chain_added", False)},
    ),
    "context window": (
        BASE,
        edit("context_window: 8192", "context_window: 4096"),
        {("gpt-4", "context_window", False)},
    ),
    "price": (
        BASE,
        edit("input: 0.03, output: 0.06", "input: 0.01, output: 0.03"),
        {("gpt-4", "price", False)},
    ),
}


def changes(old: str, new: str) -> set[tuple[str, str, bool]]:
    found = modelmap.diff(modelmap.load_config_text(old), modelmap.load_config_text(new))
    return {(c.name, c.kind, c.breaking) for c in found}


@pytest.mark.parametrize(("old", "new", "expected"), CASES.values(), ids=CASES.keys())
def test_kind(old: str, new: str, expected: set[tuple[str, str, bool]]) -> None:
    assert changes(old, new) == expected


LEGACY = """\
models:
  - name: "mystery"
    provider: openai
  - name: "claude-3"
"""


def test_a_name_that_stops_resolving_is_breaking() -> None:
    # a legacy model whose provider can no longer be told from its name: it loads, with a
    # warning, but does not resolve
    old = LEGACY
    new = LEGACY.replace("    provider: openai\n", "")
    assert changes(old, new) == {("mystery", "unresolvable", True)}
    assert changes(new, old) == {("mystery", "resolvable", False)}


def test_a_model_name_that_becomes_an_alias_keeps_resolving() -> None:
    old = "models:\n  gpt4:\n    backend: openai/gpt-4\n"
    new = "models:\n  gpt-4:\n    backend: openai/gpt-4\n    aliases: [gpt4]\n"
    assert changes(old, new) == {("gpt-4", "added", False), ("gpt4", "alias_of", False)}


def test_no_change_between_identical_files() -> None:
    assert changes(BASE, BASE) == set()


def test_before_and_after_values() -> None:
    old = modelmap.load_config_text(BASE)
    new = modelmap.load_config_text(edit("input: 0.03, output: 0.06", "input: 0.01, output: 0.09"))
    (change,) = modelmap.diff(old, new)
    assert change.before == {
        "input": 30.0,
        "output": 60.0,
        "per_tokens": 1_000_000,
        "sources": {"input": "config", "output": "config"},
    }
    assert change.after["input"] == 10.0 and change.after["output"] == 90.0
    assert change.line is None  # a Config carries no positions


def test_key_variable_never_shows_a_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_KEY_PROD", "sk-" + "a" * 40)
    old, new = BASE, edit("${OPENAI_API_KEY}", "${OPENAI_KEY_PROD}")
    (change,) = modelmap.diff(modelmap.load_config_text(old), modelmap.load_config_text(new))
    assert (change.before, change.after) == ("${OPENAI_API_KEY}", "${OPENAI_KEY_PROD}")


def test_paths_give_lines(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(BASE)
    new.write_text(edit('"ollama/llama3.1:8b"', '"ollama/llama3.2:3b"'))
    (change,) = modelmap.diff(old, str(new))
    assert (change.name, change.kind, change.file, change.line) == (
        "local",
        "model_id",
        str(new),
        9,
    )


def test_modelmap_diff_stays_the_function_when_its_package_is_imported() -> None:
    import modelmap.diff.render  # binds the submodule on the package

    assert callable(modelmap.diff)
    assert modelmap.diff.__module__ == "modelmap.diff"
    assert "diff" in modelmap.__all__ and "Change" in modelmap.__all__
