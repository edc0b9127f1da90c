"""``modelmap resolve`` and ``modelmap list`` as a user runs them: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from modelmap.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "model_config_example.yaml")
LEGACY = str(ROOT / "examples" / "legacy_models.yaml")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("MODELMAP_CONFIG", "NO_COLOR", "FORCE_COLOR", "MODELMAP_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GROQ_API_KEY", "OPENAI_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def test_resolve_text_shows_target_key_source_and_chain() -> None:
    result = run("resolve", "smart", "-c", EXAMPLE, env={"OPENAI_API_KEY": "sk-x"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out
    for expected in (
        "gpt-4 (requested as smart)",
        "https://api.openai.com/v1",
        "${OPENAI_API_KEY} (set)",
        "temperature=0.7 max_tokens=4096",
        "1050000 tokens",
        "$0.0025 in / $0.015 out per 1k tokens",
        "1. openai/gpt-5.4",
        "2. anthropic/claude-sonnet-4-6",
        "${ANTHROPIC_API_KEY} (unset)",
    ):
        assert expected in out


def test_resolve_explain_lists_skipped_fallbacks() -> None:
    plain = run("resolve", "fast", "-c", EXAMPLE)
    assert "1 fallback skipped; --explain shows why" in plain.stdout
    explained = run("resolve", "fast", "-c", EXAMPLE, "--explain")
    assert "skipped fallbacks:" in explained.stdout
    assert "- openai: names no model" in explained.stdout


def test_resolve_json_has_the_documented_keys() -> None:
    result = run("resolve", "gpt4", "-c", EXAMPLE, "--json", "-o", "temperature=0", "-o", "n=2")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {"model", "backend", "provider", "model_id", "base_url", "parameters"} <= set(data)
    assert {"capabilities", "api_key", "chain", "skipped", "timeout", "pricing"} <= set(data)
    assert data["model"] == "gpt-4"
    assert data["parameters"] == {"temperature": 0, "max_tokens": 4096, "n": 2}
    assert data["api_key"] == {"source": "${OPENAI_API_KEY}", "set": False}
    assert data["pricing"]["input"] == 0.0025
    assert [(c["backend"], c["model_id"]) for c in data["chain"]] == [
        ("openai", "gpt-5.4"),
        ("anthropic", "claude-sonnet-4-6"),
    ]
    assert {"backend", "provider", "model_id", "base_url"} <= set(data["chain"][0])


def test_resolve_works_on_legacy_files_and_direct_refs() -> None:
    data = json.loads(run("resolve", "llama3", "-c", LEGACY, "--json").stdout)
    assert (data["provider"], data["model_id"], data["api_key"]) == (
        "ollama",
        "llama3.1:8b",
        None,
    )
    data = json.loads(run("resolve", "ollama/qwen2.5:7b", "-c", EXAMPLE, "--json").stdout)
    assert (data["backend"], data["model_id"], data["direct"]) == ("ollama", "qwen2.5:7b", True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["resolve", "gpt5", "-c", EXAMPLE], "did you mean 'gpt4', 'gpt-4'"),
        (["resolve", "gpt-4", "-c", "nosuch.yaml"], "nosuch.yaml: no such config file"),
        (["resolve", "gpt-4", "-c", EXAMPLE, "-o", "temperature"], "expected key=value"),
        (["resolve", "gpt-4", "-c", EXAMPLE, "--env-file", "nosuch.env"], "env file not found"),
        (["resolve", "gpt-4"], "no config found"),
        (["list"], "no config found"),
    ],
)
def test_usage_and_config_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_bad_config_prints_validate_diagnostics_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "modelmap.yaml").write_text(
        "models:\n  gpt-4:\n    backend: openai/gpt-4\n    bakend: x\n"
    )
    for args in (["resolve", "gpt-4"], ["list"]):
        result = run(*args)
        assert result.exit_code == 2
        assert "modelmap.yaml:4:5:" in result.stderr
        assert "run 'modelmap validate" in result.stderr


def test_disabled_model_exits_2(tmp_path: Path) -> None:
    (tmp_path / "models.yml").write_text(
        "models:\n  a:\n    backend: openai/gpt-4\n    enabled: false\n"
    )
    result = run("resolve", "a")
    assert result.exit_code == 2
    assert "model 'a' is disabled" in result.stderr
    listed = run("list")
    assert listed.stdout.splitlines()[1].startswith("a (disabled)")


def test_config_discovery_env_variable_and_env_file(tmp_path: Path) -> None:
    (tmp_path / "keys.env").write_text("OPENAI_API_KEY=sk-from-file\n")
    result = run(
        "resolve", "gpt-4", "--json", "--env-file", "keys.env", env={"MODELMAP_CONFIG": EXAMPLE}
    )
    assert json.loads(result.stdout)["api_key"]["set"] is True
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-from-dotenv\n")
    with_dotenv = run("resolve", "gpt-4", "--json", env={"MODELMAP_CONFIG": EXAMPLE})
    assert json.loads(with_dotenv.stdout)["api_key"]["set"] is True
    without = run("resolve", "gpt-4", "--json", "--no-env-file", env={"MODELMAP_CONFIG": EXAMPLE})
    assert json.loads(without.stdout)["api_key"]["set"] is False


def test_a_discovered_config_is_named_as_the_user_would_write_it(tmp_path: Path) -> None:
    (tmp_path / "modelmap.yaml").write_text("models:\n  a: {backend: x}\n")
    result = run("resolve", "a")
    assert result.exit_code == 2
    assert result.stderr.startswith("modelmap.yaml:2:")  # relative, as validate shows it
    assert str(tmp_path) not in result.stderr


def test_list_refuses_a_provider_that_is_neither_a_type_nor_a_backend() -> None:
    result = run("list", "-c", EXAMPLE, "--provider", "anthropc")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.strip().endswith("did you mean 'anthropic'?")
    assert run("list", "-c", EXAMPLE, "--provider", "gemini").exit_code == 0  # a synonym


def test_list_plain_table_and_filters() -> None:
    result = run("list", "-c", EXAMPLE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["name", "aliases", "backend", "provider"]
    assert [line.split()[0] for line in lines[1:]] == ["gpt-4", "claude-3", "fast", "local"]
    assert "$0.00005/$0.00008" in result.stdout
    assert "\x1b[" not in result.stdout
    vision = run("list", "-c", EXAMPLE, "--capability", "vision")
    assert [line.split()[0] for line in vision.stdout.splitlines()[1:]] == ["claude-3"]
    data = json.loads(run("list", "-c", EXAMPLE, "--json", "--provider", "ollama").stdout)
    assert [m["name"] for m in data["models"]] == ["local"]
    assert data["models"][0]["model_id"] == "llama3.1:8b"


def test_list_legacy_file() -> None:
    data = json.loads(run("list", "-c", LEGACY, "--json").stdout)
    assert [m["name"] for m in data["models"]] == [
        "gpt-5.4",
        "claude-sonnet-4-6",
        "gemini-3.1-pro-preview",
        "llama3",
    ]
    assert data["models"][2]["provider"] == "google"


def test_rich_views_on_an_80_column_terminal_hide_nothing() -> None:
    import io

    from rich.console import Console

    from modelmap.cli.resolve_view import rich_list, rich_resolution
    from modelmap.config.load import load_config
    from modelmap.resolve import list_models, resolution_dict, resolve, summary_dict

    config = load_config(EXAMPLE)
    out = io.StringIO()
    console = Console(file=out, width=80, color_system=None)
    rich_resolution(resolution_dict(resolve(config, "fast"), {}), console, explain=True)
    chain = out.getvalue().partition("│ chain ")[2]
    # every detail is there (entries stack rather than lose a value)
    for detail in ("1. ", "https://api.groq.com/openai/v1", "key", "parameters", "primary"):
        assert detail in chain
    assert "(unset)" in chain
    rich_list([summary_dict(r) for r in list_models(config)], console)
    assert "…" not in out.getvalue()
