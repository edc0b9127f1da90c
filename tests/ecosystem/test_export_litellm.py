"""``modelmap export --format litellm``: the exported proxy config routes like modelmap does."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.config.load import load_config

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("litellm_probe.py")
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

# Every provider type, aliases, model and backend-ref fallbacks, global fallbacks, a
# disabled model, a model id with slashes and one with a colon.
EVERYTHING = """\
models:
  gpt:
    backend: openai/gpt-4o
    aliases: [smart, default]
    fallbacks: [sonnet, "together/meta-llama/Llama-3.3-70B-Instruct-Turbo", old-gpt]
    parameters: {temperature: 0.3}
  sonnet:
    backend: anthropic/claude-3-5-sonnet-latest
    fallbacks: [gpt]
  flash:
    backend: gemini-eu/gemini-1.5-flash
  local:
    backend: ollama/llama3.1:8b
    aliases: [llama]
  hf:
    backend: huggingface/meta-llama/Llama-3.1-8B-Instruct
  groq:
    backend: groq/llama-3.1-8b-instant
  plain:
    backend: openai/gpt-4o-mini
  old-gpt:
    backend: openai/gpt-3.5-turbo
    enabled: false
    aliases: [retired]
backends:
  groq:
    provider: custom
    base_url: https://api.groq.com/openai/v1
    api_key: "${GROQ_API_KEY}"
    rate_limits: {requests_per_minute: 30, tokens_per_minute: 6000, requests_per_day: 1000}
  gemini-eu:
    provider: google
    base_url: https://eu-gemini.example.com/v1beta
  openai:
    api_key: "${OPENAI_API_KEY}"
    headers: {OpenAI-Project: "${OPENAI_PROJECT}"}
    models:
      gpt-4o-mini: {pricing: {input: 0.00015, output: 0.0006}}
model_defaults: {max_tokens: 1024}
fallback_providers:
  - provider: anthropic
    model: claude-3-5-haiku-latest
"""

# modelmap provider type -> the provider LiteLLM must read from the exported model string.
LITELLM_PROVIDER = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "ollama": "ollama_chat",
    "together": "together_ai",
    "huggingface": "huggingface",
    "custom": "openai",
}
DEFAULT_BASES = {
    "https://api.openai.com/v1",
    "https://api.anthropic.com",
    "https://generativelanguage.googleapis.com/v1beta",
    "http://localhost:11434",
    "https://api.together.xyz/v1",
    "https://router.huggingface.co/v1",
}


def _names(path: Path) -> list[str]:
    config = load_config(path)
    return [n for n, model in config.names().items() if config.models[model].enabled]


def _expected(path: Path, name: str) -> list[dict[str, Any]]:
    """The chain ``modelmap resolve NAME --json`` gives, as LiteLLM should see it."""
    result = CliRunner().invoke(app, ["resolve", name, "-c", str(path), "--json", "--no-env-file"])
    assert result.exit_code == 0, result.output
    expected = []
    for target in json.loads(result.stdout)["chain"]:
        base: str | None = target["base_url"]
        if base in DEFAULT_BASES:
            base = None
        elif target["provider"] == "google" and base is not None:
            base = base.removesuffix("/v1beta")
        expected.append(
            {
                "provider": LITELLM_PROVIDER[target["provider"]],
                "model_id": target["model_id"],
                "api_base": base,
            }
        )
    return expected


def _export(config: Path, out: Path) -> str:
    result = CliRunner().invoke(app, ["export", "--format", "litellm", "-c", str(config)])
    assert result.exit_code == 0, result.output
    out.write_text(result.stdout, encoding="utf-8")
    return result.stdout


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    everything = tmp_path_factory.mktemp("config") / "modelmap.yaml"
    everything.write_text(EVERYTHING, encoding="utf-8")
    return [*EXAMPLES, everything]


@pytest.fixture(scope="module")
def routed(configs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """For every config: what litellm.Router maps each name and alias to, with fallbacks."""
    if importlib.util.find_spec("litellm") is None:
        pytest.skip("litellm is not installed (the interop extra): pip install -e '.[interop]'")
    out_dir = tmp_path_factory.mktemp("exported")
    args: list[str] = []
    for i, config in enumerate(configs):
        exported = out_dir / f"{i}-{config.stem}.yaml"
        _export(config, exported)
        args += ["--", str(exported), *_names(config)] if args else [str(exported), *_names(config)]
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    done = subprocess.run(
        [sys.executable, str(PROBE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    by_file: dict[str, Any] = json.loads(done.stdout)
    return {Path(f).name.split("-", 1)[1]: names for f, names in by_file.items()}


@pytest.mark.slow
@pytest.mark.interop
def test_router_maps_every_name_and_alias_like_resolve(
    configs: list[Path], routed: dict[str, Any]
) -> None:
    checked = 0
    for config in configs:
        got = routed[config.name]
        for name in _names(config):
            assert got[name] == _expected(config, name), f"{config.name}: {name}"
            checked += 1
    assert checked > 30


def test_disabled_models_are_left_out_and_listed(tmp_path: Path) -> None:
    config = tmp_path / "modelmap.yaml"
    config.write_text(EVERYTHING, encoding="utf-8")
    text = _export(config, tmp_path / "out.yaml")
    data = yaml.safe_load(text)
    groups = {entry["model_name"] for entry in data["model_list"]}
    assert "old-gpt" not in groups and "retired" not in data["router_settings"]["model_group_alias"]
    assert "# - old-gpt: disabled (enabled: false), left out" in text
    assert "'old-gpt' is skipped" in text


def test_export_shape_keys_limits_and_notes(tmp_path: Path) -> None:
    config = tmp_path / "modelmap.yaml"
    config.write_text(EVERYTHING, encoding="utf-8")
    text = _export(config, tmp_path / "out.yaml")
    data = yaml.safe_load(text)
    by_group = {e["model_name"]: e["litellm_params"] for e in data["model_list"]}
    assert by_group["gpt"] == {
        "model": "openai/gpt-4o",
        "api_key": "os.environ/OPENAI_API_KEY",
        "max_tokens": 1024,
        "temperature": 0.3,
    }
    assert by_group["groq"]["rpm"] == 30 and by_group["groq"]["tpm"] == 6000
    assert by_group["plain"]["input_cost_per_token"] == 1.5e-07
    assert by_group["local"] == {"model": "ollama_chat/llama3.1:8b", "max_tokens": 1024}
    assert by_group["flash"]["api_key"] == "os.environ/GEMINI_API_KEY"
    assert data["router_settings"]["model_group_alias"] == {
        "smart": "gpt",
        "default": "gpt",
        "llama": "local",
    }
    fallbacks = {
        next(iter(f)): next(iter(f.values())) for f in data["router_settings"]["fallbacks"]
    }
    assert fallbacks["gpt"] == ["gpt/fallback-1", "gpt/fallback-2"]
    assert fallbacks["smart"] == fallbacks["gpt"]
    assert (
        by_group["gpt/fallback-2"]["model"] == "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"
    )
    assert "headers OpenAI-Project" in text
    assert "rate_limits requests_per_day" in text
    assert "GEMINI_API_KEY or GOOGLE_API_KEY" in text


def test_no_key_value_is_ever_exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789"
    for var in ("OPENAI_API_KEY", "GROQ_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_PROJECT"):
        monkeypatch.setenv(var, secret)
    config = tmp_path / "modelmap.yaml"
    config.write_text(EVERYTHING, encoding="utf-8")
    text = _export(config, tmp_path / "out.yaml")
    assert "sk-proj" not in text


def test_command_list_shows_a_whole_phrase_for_export() -> None:
    result = CliRunner().invoke(app, ["--help"], catch_exceptions=False)
    (line,) = [line for line in result.stdout.splitlines() if line.split()[:1] == ["export"]]
    assert not line.endswith("e.g.")  # click cuts short help at the first '. '


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "proxy config.yaml"
    result = CliRunner().invoke(
        app, ["export", "-c", str(EXAMPLES[0]), "-o", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["model_list"]
    assert f"# Run it with: litellm --config '{out}'\n" in text  # the file it was written to


def test_output_file_is_replaced_atomically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "config.yaml"
    out.write_text("# the proxy config in use\n", encoding="utf-8")
    out.chmod(0o600)
    args = ["export", "-c", str(EXAMPLES[0]), "-o", str(out)]

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", no_space)
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert f"{out}: cannot write the export: No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "# the proxy config in use\n"
    assert [p.name for p in tmp_path.iterdir()] == ["config.yaml"]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["model_list"]
    assert out.stat().st_mode & 0o777 == 0o600


def test_output_over_the_config_itself_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)
    config = tmp_path / "modelmap.yaml"
    config.write_text(EVERYTHING, encoding="utf-8")
    result = CliRunner().invoke(app, ["export", "-o", "./modelmap.yaml"])
    assert result.exit_code == 2
    assert "-o modelmap.yaml is the config being exported" in result.stderr
    assert config.read_text(encoding="utf-8") == EVERYTHING


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "openrouter"], "unknown export format 'openrouter'"),
        (["export", "-c", "missing.yaml"], "missing.yaml"),
        (["export", "-o", "/nonexistent-dir/x.yaml"], "cannot write the export"),
    ],
)
def test_errors_are_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)
    (tmp_path / "modelmap.yaml").write_text(EVERYTHING, encoding="utf-8")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_model_that_does_not_resolve_is_left_out_with_the_reason(tmp_path: Path) -> None:
    config = tmp_path / "models.yaml"
    config.write_text("models:\n  - gpt-4\n  - mystery-model\n", encoding="utf-8")
    text = _export(config, tmp_path / "out.yaml")
    groups = [entry["model_name"] for entry in yaml.safe_load(text)["model_list"]]
    assert groups == ["gpt-4"]
    assert "# - mystery-model: left out: " in text and "cannot tell which provider" in text


def test_migrate_from_litellm_gives_the_chains_back(configs: list[Path]) -> None:
    from modelmap.config.load import load_config_text
    from modelmap.export.litellm import export_litellm
    from modelmap.migrate.from_litellm import import_litellm
    from modelmap.resolve import resolve

    def chains(config: Any) -> dict[str, list[tuple[Any, ...]]]:
        return {
            name: [
                (t.provider, t.model_id, t.base_url.rstrip("/"), dict(t.parameters))
                for t in resolve(config, name).chain
            ]
            for name, model in config.names().items()
            if config.models[model].enabled
        }

    for path in configs:
        config = load_config(path)
        exported = export_litellm(config).render().encode("utf-8")
        migrated = load_config_text(import_litellm(exported, "config.yaml").text)
        got = chains(migrated)
        for name, chain in chains(config).items():
            assert got[name] == chain, f"{path.name}: {name}"
