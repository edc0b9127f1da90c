"""Policies MM601-MM608: off until [policy] turns them on; each passes a file that keeps
the promise and fails one that breaks it, at the model or chain entry that breaks it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app

from .conftest import Validate, Write

# 'fast' (3:3), its backend value (4:14), its one fallback (8:9).
BASE = """\
version: 2
models:
  fast:
    backend: "openai/gpt-4o-mini"
    description: "cheap and quick"
    capabilities: [chat, vision]
    fallbacks:
      - "anthropic/claude-3-5-haiku-latest"
backends:
  openai:
    models:
      gpt-4o-mini:
        context_window: 128000
        pricing: {input: 0.00015, output: 0.0006}
  anthropic:
    models:
      claude-3-5-haiku-latest:
        context_window: 200000
        capabilities: [chat, vision]
        pricing: {input: 0.0008, output: 0.004}
"""
MODEL, PRIMARY, FALLBACK = (3, 3), (4, 14), (8, 9)
EVERY_POLICY = """\
[policy]
require-fallback = true
fallback-capabilities = true
fallback-context = true
max-price = { input = 0.001, output = 0.005, scope = "chains" }
allowed-providers = ["openai", "anthropic"]
denied-providers = ["custom", "google"]
require-description = true
"""


def _policy_findings(run_found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    return [f for f in run_found if f[2].startswith("MM6")]


def _edit(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_a_file_that_keeps_every_promise_passes(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", EVERY_POLICY)
    run = validate(write("m.yaml", BASE), "--strict")
    assert (run.exit_code, run.found) == (0, [])


def test_policies_are_off_without_settings(write: Write, validate: Validate) -> None:
    text = _edit(BASE, '    description: "cheap and quick"\n', "")
    text = _edit(text, '    fallbacks:\n      - "anthropic/claude-3-5-haiku-latest"\n', "")
    run = validate(write("m.yaml", text))
    assert _policy_findings(run.found) == []


@pytest.mark.parametrize(
    ("policy", "old", "new", "expected"),
    [
        (
            "require-fallback = true",
            '    fallbacks:\n      - "anthropic/claude-3-5-haiku-latest"\n',
            "",
            [(*MODEL, "MM601")],
        ),
        (
            "fallback-capabilities = true",
            "        capabilities: [chat, vision]\n",
            "        capabilities: [chat]\n",
            [(*FALLBACK, "MM602")],
        ),
        (
            "fallback-context = true",
            "        context_window: 200000\n",
            "        context_window: 100000\n",
            [(*FALLBACK, "MM603")],
        ),
        ("max-price = { input = 0.0001 }", "", "", [(*PRIMARY, "MM604")]),
        (
            'max-price = { output = 0.001, scope = "chains" }',
            "",
            "",
            [(*FALLBACK, "MM604")],
        ),
        ('allowed-providers = ["openai"]', "", "", [(*FALLBACK, "MM605")]),
        ('allowed-providers = ["anthropic"]', "", "", [(*PRIMARY, "MM605")]),
        ('denied-providers = ["anthropic"]', "", "", [(*FALLBACK, "MM606")]),
        (
            "require-description = true",
            '    description: "cheap and quick"\n',
            "",
            [(*MODEL, "MM607")],
        ),
    ],
)
def test_a_broken_promise_is_an_error_at_the_model_or_entry(
    write: Write,
    validate: Validate,
    policy: str,
    old: str,
    new: str,
    expected: list[tuple[int, int, str]],
) -> None:
    write(".modelmap.toml", f"[policy]\n{policy}\n")
    assert validate(write("m.yaml", BASE)).exit_code == 0 or not old  # unchanged file passes
    text = _edit(BASE, old, new) if old else BASE
    run = validate(write("m.yaml", text))
    assert _policy_findings(run.found) == expected
    assert run.exit_code == 1


@pytest.mark.parametrize(
    ("policy", "passes"),
    [
        ("max-price = { input = 0.001 }", True),
        ('max-price = { input = 0.001, scope = "chains" }', True),
        ('max-price = { input = 0.0005, scope = "chains" }', False),
        ("max-price = { output = 0.0006 }", True),  # equal to the ceiling is within it
        ('allowed-providers = ["openai", "anthropic"]', True),
        ('denied-providers = ["google"]', True),
    ],
)
def test_ceilings_and_lists(write: Write, validate: Validate, policy: str, passes: bool) -> None:
    write(".modelmap.toml", f"[policy]\n{policy}\n")
    assert validate(write("m.yaml", BASE)).exit_code == (0 if passes else 1)


def test_messages_say_what_would_satisfy_the_policy(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "[policy]\nfallback-context = true\nmax-price = { input = 0.0001 }\n")
    text = _edit(BASE, "context_window: 200000", "context_window: 100000")
    messages = {d["code"]: d["message"] for d in validate(write("m.yaml", text)).diagnostics}
    assert messages["MM603"] == (
        "fallback 'anthropic/claude-3-5-haiku-latest' of 'fast' has a context window of 100000 "
        "tokens, below the primary's 128000 (policy fallback-context): fall back to a model "
        "with at least 128000"
    )
    assert messages["MM604"] == (
        "primary 'openai/gpt-4o-mini' of 'fast' costs $0.00015 per 1,000 input tokens, above "
        "the ceiling of $0.0001 (policy max-price): choose a cheaper model, or raise "
        "max-price.input"
    )


def test_require_fallback_wants_another_provider_not_another_backend(
    write: Write, validate: Validate
) -> None:
    write(".modelmap.toml", "[policy]\nrequire-fallback = true\n")
    text = _edit(BASE, "anthropic/claude-3-5-haiku-latest", "openai-eu/gpt-4o-mini")
    text += '  openai-eu:\n    provider: openai\n    base_url: "https://eu.example.com/v1"\n'
    run = validate(write("m.yaml", text))
    assert _policy_findings(run.found) == [(*MODEL, "MM601")]
    assert str(run.diagnostics[0]["message"]) == (
        "model 'fast' falls back only to openai (policy require-fallback): add a fallback "
        "served by another provider to its fallbacks"
    )


def test_unknown_facts_are_said_not_guessed(write: Write, validate: Validate) -> None:
    write(
        ".modelmap.toml",
        '[policy]\nfallback-context = true\nmax-price = { input = 0.01, scope = "chains" }\n',
    )
    text = _edit(BASE, "        context_window: 200000\n", "")
    text = _edit(text, "        pricing: {input: 0.0008, output: 0.004}\n", "")
    run = validate(write("m.yaml", text))
    assert _policy_findings(run.found) == [(*FALLBACK, "MM608"), (*FALLBACK, "MM608")]
    assert run.exit_code == 0  # infos
    messages = sorted(str(d["message"]) for d in run.diagnostics)
    assert messages[0].startswith(
        "policy fallback-context cannot check fallback 'anthropic/claude-3-5-haiku-latest' of "
        "'fast': its context window is unknown; state context_window under "
        "backends.anthropic.models.claude-3-5-haiku-latest"
    )
    assert messages[1].startswith("policy max-price cannot check fallback")


def test_an_unknown_primary_context_window_is_said_at_the_primary(
    write: Write, validate: Validate
) -> None:
    write(".modelmap.toml", "[policy]\nfallback-context = true\n")
    text = _edit(BASE, "        context_window: 128000\n", "")
    run = validate(write("m.yaml", text))
    assert _policy_findings(run.found) == [(*PRIMARY, "MM608")]


MODEL_FALLBACK = """\
version: 2
models:
  smart:
    backend: "openai/gpt-4o"
    capabilities: [chat, tools]
    fallbacks: [sonnet]
  sonnet:
    backend: "anthropic/claude-3-5-sonnet-latest"
    capabilities: [chat]
    fallbacks: [smart]
"""


def test_a_model_name_fallback_has_that_models_capabilities(
    write: Write, validate: Validate
) -> None:
    write(".modelmap.toml", "[policy]\nfallback-capabilities = true\n")
    run = validate(write("m.yaml", MODEL_FALLBACK))
    assert _policy_findings(run.found) == [(6, 17, "MM602")]
    assert str(run.diagnostics[0]["message"]).startswith(
        "fallback 'sonnet' of 'smart' does not declare tools, which 'smart' declares"
    )
    fixed = MODEL_FALLBACK.replace("capabilities: [chat]\n", "capabilities: [chat, tools]\n")
    assert _policy_findings(validate(write("m.yaml", fixed)).found) == []


GLOBAL = """\
version: 2
models:
  fast:
    backend: "openai/gpt-4o-mini"
fallback_providers:
  - provider: anthropic
    model: claude-3-5-haiku-latest
  - provider: google
    model: gemini-2.0-flash
"""


def test_global_fallback_providers_entries_are_pointed_at(write: Write, validate: Validate) -> None:
    write(
        ".modelmap.toml",
        '[policy]\nallowed-providers = ["openai", "anthropic"]\nrequire-fallback = true\n',
    )
    run = validate(write("m.yaml", GLOBAL))
    assert _policy_findings(run.found) == [(8, 15, "MM605")]
    write(".modelmap.toml", '[policy]\ndenied-providers = ["anthropic"]\n')
    assert _policy_findings(validate(write("m.yaml", GLOBAL)).found) == [(6, 15, "MM606")]


def test_backend_names_count_in_provider_lists(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", '[policy]\nallowed-providers = ["openai", "work-claude"]\n')
    text = _edit(BASE, "anthropic/claude", "work-claude/claude")
    text = _edit(text, "  anthropic:\n", "  work-claude:\n    provider: anthropic\n")
    assert _policy_findings(validate(write("m.yaml", text)).found) == []


def test_policies_apply_to_legacy_files(write: Write, validate: Validate) -> None:
    write(".modelmap.toml", "[policy]\nrequire-description = true\n")
    legacy = "version: 1\nmodels:\n  - name: gpt-4o\n    provider: openai\n"
    assert _policy_findings(validate(write("m.yaml", legacy)).found) == [(3, 5, "MM607")]


def test_policy_findings_follow_severity_and_suppressions(write: Write, validate: Validate) -> None:
    write(
        ".modelmap.toml", "[policy]\nrequire-description = true\n\n[severity]\nMM607 = 'warning'\n"
    )
    text = _edit(BASE, '    description: "cheap and quick"\n', "")
    path = write("m.yaml", text)
    assert (validate(path).exit_code, validate(path, "--strict").exit_code) == (0, 1)
    write("m.yaml", _edit(text, "  fast:\n", "  fast:  # modelmap: ignore[require-description]\n"))
    assert validate(path, "--strict").found == []


@pytest.mark.parametrize(
    "code",
    ["MM601", "MM602", "MM603", "MM604", "MM605", "MM606", "MM607", "MM608", "MM901", "MM902"],
)
def test_every_new_rule_explains_itself(code: str) -> None:
    result = CliRunner().invoke(app, ["validate", "--explain", code])
    assert result.exit_code == 0
    assert result.stdout.startswith(code + " ")
    assert len(result.stdout.splitlines()) >= 3
