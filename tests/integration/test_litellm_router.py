"""A LiteLLM config with weighted deployments and router settings: migrated, it validates,
resolves with its router settings, and exports back with the same router_settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app

LITELLM = """\
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      weight: 3
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_base: https://eu.example.com/v1
      api_key: os.environ/EU_KEY
      weight: 1
  - model_name: claude
    litellm_params: {model: anthropic/claude-sonnet-4-6}
router_settings:
  routing_strategy: simple-shuffle
  fallbacks: [{gpt-4o: [claude]}]
  num_retries: 2
  allowed_fails: 2
  cooldown_time: 30
"""


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text(LITELLM)
    code, _, err = _cli("migrate", "--from", "litellm", "config.yaml", "-o", "modelmap.yaml")
    assert code == 0, err
    return tmp_path / "modelmap.yaml"


def test_the_migrated_router_section_and_weights_validate(migrated: Path) -> None:
    data = yaml.safe_load(migrated.read_text())
    assert data["router"] == {"retries": 2, "cooldown": {"failures": 3, "seconds": 30}}
    smart = data["models"]["gpt-4o"]
    assert smart["strategy"] == "weighted"
    assert smart["weights"] == {"openai/gpt-4o": 3, "openai-eu/gpt-4o": 1}
    code, out, _ = _cli("validate", "--strict", str(migrated))
    assert code == 0, out


def test_resolve_explain_shows_the_migrated_router_settings(migrated: Path) -> None:
    code, out, _ = _cli("resolve", "gpt-4o", "-c", str(migrated), "--explain")
    assert code == 0
    assert "strategy: weighted (openai/gpt-4o 3, openai-eu/gpt-4o 1)" in out
    assert "retries 2" in out
    assert "after 3 failures in a row for 30 s" in out
    code, out, _ = _cli("resolve", "gpt-4o", "-c", str(migrated), "--explain", "--json")
    router = json.loads(out)["router"]
    assert (router["strategy"], router["retries"]) == ("weighted", 2)
    assert router["cooldown"] == {"failures": 3, "seconds": 30.0}


def test_export_gives_back_the_router_settings(migrated: Path) -> None:
    code, out, _ = _cli("export", "--format", "litellm", "-c", str(migrated))
    assert code == 0
    exported = yaml.safe_load(out)
    settings = exported["router_settings"]
    assert settings["num_retries"] == 2
    assert (settings["allowed_fails"], settings["cooldown_time"]) == (2, 30)
    assert settings["routing_strategy"] == "simple-shuffle"
    assert "disable_cooldowns" not in settings or settings["disable_cooldowns"] is False
    weights = [
        (e["litellm_params"].get("api_base"), e["litellm_params"].get("weight"))
        for e in exported["model_list"]
        if e["model_name"] == "gpt-4o"
    ]
    assert weights == [(None, 3), ("https://eu.example.com/v1", 1)]
    # and migrating the export again gives the same mapping
    Path("back.yaml").write_text(out)
    code, again, _ = _cli("migrate", "--from", "litellm", "back.yaml")
    assert code == 0
    first, second = yaml.safe_load(migrated.read_text()), yaml.safe_load(again)
    assert second["models"] == first["models"] and second["router"] == first["router"]


def test_exported_retries_are_not_undone_by_the_retry_policy(migrated: Path) -> None:
    """LiteLLM takes a retry_policy count over num_retries for that error type, so the
    errors router.retries covers (429, timeouts, 5xx) carry the same count there."""
    exported = yaml.safe_load(_cli("export", "--format", "litellm", "-c", str(migrated))[1])
    policy = exported["router_settings"]["retry_policy"]
    assert policy["RateLimitErrorRetries"] == 2
    assert policy["TimeoutErrorRetries"] == 2
    assert policy["InternalServerErrorRetries"] == 2
    assert policy["BadRequestErrorRetries"] == 0  # a 400 is not retried in modelmap either
    assert policy["AuthenticationErrorRetries"] == 0
