"""``modelmap migrate --from litellm``: each mapping rule, each listed field, the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.config.load import load_config_text
from modelmap.errors import ConfigError
from modelmap.migrate.from_litellm import import_litellm
from modelmap.resolve import resolve

# In the shapes LiteLLM's docs show: several deployments per group, weights, aliases,
# fallbacks, a wildcard route, literal keys, and settings with and without equivalents.
SOURCE = """\
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      temperature: 0.2
      rpm: 60
      timeout: 30
    model_info: {max_input_tokens: 128000, max_output_tokens: 16384}
  - model_name: gpt-4o
    litellm_params:
      model: hosted_vllm/meta-llama/Llama-3.1-8B
      api_base: http://vllm.internal:8000/v1
      api_key: fake-key
      temperature: 0.2
  - model_name: claude
    litellm_params:
      model: anthropic/claude-3-5-sonnet-latest
      input_cost_per_token: 0.000003
      api_version: "2024-01"
  - model_name: flash
    litellm_params:
      model: gemini/gemini-1.5-flash
      api_base: os.environ/GEMINI_BASE
  - model_name: local
    litellm_params: {model: ollama_chat/llama3.1:8b, api_base: "http://127.0.0.1:11434"}
  - model_name: tog
    litellm_params: {model: together_ai/meta-llama/Llama-3-70b-chat-hf}
  - model_name: hf
    litellm_params: {model: huggingface/meta-llama/Llama-3.1-8B-Instruct}
  - model_name: spread
    litellm_params: {model: openai/gpt-4o-mini, weight: 3}
  - model_name: spread
    litellm_params: {model: anthropic/claude-3-5-haiku-latest, weight: 1}
  - model_name: "*"
    litellm_params: {model: "openai/*"}
  - model_name: az
    litellm_params: {model: azure/my-deployment, api_base: "https://x.openai.azure.com"}
router_settings:
  model_group_alias: {smart: gpt-4o, fast: {model: flash, hidden: true}}
  fallbacks: [{gpt-4o: [claude]}, {claude: [flash]}]
  num_retries: 2
  allowed_fails: 2
  cooldown_time: 30
  redis_host: localhost
litellm_settings:
  drop_params: true
  success_callback: [langfuse]
  context_window_fallbacks: [{gpt-4o: [claude]}]
  cache: true
general_settings:
  master_key: sk-1234
environment_variables: {REDIS_PASSWORD: hunter2}
"""


@pytest.fixture(scope="module")
def migrated() -> Any:
    return import_litellm(SOURCE.encode(), "config.yaml")


def test_groups_backends_and_parameters(migrated: Any) -> None:
    data = migrated.data
    models, backends = data["models"], data["backends"]
    assert models["gpt-4o"] == {
        "backend": "openai/gpt-4o",
        "parameters": {"temperature": 0.2},
        "fallbacks": ["hosted_vllm/meta-llama/Llama-3.1-8B", "claude"],
        "aliases": ["smart"],
    }
    assert backends["openai"]["timeout"] == 30
    assert backends["openai"]["rate_limits"] == {"requests_per_minute": 60}
    assert backends["openai"]["models"]["gpt-4o"] == {
        "context_window": 128000,
        "max_output_tokens": 16384,
    }
    assert backends["hosted_vllm"] == {
        "provider": "custom",
        "api_key": "${HOSTED_VLLM_API_KEY}",
        "base_url": "http://vllm.internal:8000/v1",
    }
    assert backends["anthropic"]["models"]["claude-3-5-sonnet-latest"] == {
        "pricing": {"input": 0.003}
    }
    assert backends["google"] == {"base_url": "${GEMINI_BASE}"}
    assert models["local"]["backend"] == "ollama/llama3.1:8b"
    assert models["tog"]["backend"] == "together/meta-llama/Llama-3-70b-chat-hf"
    assert models["hf"]["backend"] == "huggingface/meta-llama/Llama-3.1-8B-Instruct"
    assert models["flash"]["aliases"] == ["fast"]


def test_weights_and_router(migrated: Any) -> None:
    spread = migrated.data["models"]["spread"]
    assert spread["strategy"] == "weighted"
    assert spread["weights"] == {
        "openai/gpt-4o-mini": 3,
        "anthropic/claude-3-5-haiku-latest": 1,
    }
    assert migrated.data["router"] == {"retries": 2, "cooldown": {"failures": 3, "seconds": 30}}


def test_result_validates_and_resolves(migrated: Any) -> None:
    config = load_config_text(migrated.text, "migrated.yaml")
    chain = [t.backend for t in resolve(config, "smart").chain]
    assert chain == ["openai", "hosted_vllm", "anthropic"]


def test_no_literal_key_and_the_variable_is_named(migrated: Any) -> None:
    assert "fake-key" not in migrated.text and "sk-1234" not in migrated.text
    assert "hunter2" not in migrated.text
    assert [(k.variable, k.backend, k.line) for k in migrated.keys] == [
        ("HOSTED_VLLM_API_KEY", "hosted_vllm", 14)
    ]


@pytest.mark.parametrize(
    ("line", "where"),
    [
        (20, "model_list[2].litellm_params.api_version"),
        (35, "model_list[9].model_name"),
        (38, "model_list[10].litellm_params.model"),
        (40, "router_settings.model_group_alias.fast.hidden"),
        (45, "router_settings.redis_host"),
        (47, "litellm_settings.drop_params"),
        (48, "litellm_settings.success_callback"),
        (49, "litellm_settings.context_window_fallbacks"),
        (50, "litellm_settings.cache"),
        (52, "general_settings.master_key"),
        (53, "environment_variables"),
    ],
)
def test_every_unmapped_field_is_listed_with_its_line(migrated: Any, line: int, where: str) -> None:
    assert (line, where) in [(item.line, item.where) for item in migrated.listed]
    assert f"# - line {line}: {where}: " in migrated.text


def test_cli_prints_the_file_and_lists_on_stderr(tmp_path: Path) -> None:
    source = tmp_path / "config.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", str(source)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.stdout)["models"]["gpt-4o"]["backend"] == "openai/gpt-4o"
    assert f"{source}:35: not mapped: model_list[9].model_name" in result.stderr
    assert "set HOSTED_VLLM_API_KEY (backend hosted_vllm)" in result.stderr
    assert "fake-key" not in result.stderr + result.stdout


def test_cli_output_file_and_refusals(tmp_path: Path) -> None:
    source = tmp_path / "config.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "modelmap.yaml"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["migrate", "--from", "litellm", str(source), "-o", str(out)]).exit_code
        == 0
    )
    assert "version: 2" in out.read_text(encoding="utf-8")
    again = runner.invoke(app, ["migrate", "--from", "litellm", str(source), "-o", str(out)])
    assert again.exit_code == 2 and "already exists" in again.stderr
    write = runner.invoke(app, ["migrate", "--from", "litellm", str(source), "-w"])
    assert write.exit_code == 2 and "use -o modelmap.yaml" in write.stderr
    other = runner.invoke(app, ["migrate", "--from", "bifrost", str(source)])
    assert other.exit_code == 2 and "unknown --from format" in other.stderr


def test_nothing_mappable_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "config.yaml"
    source.write_text('model_list:\n  - model_name: "*"\n    litellm_params: {model: "openai/*"}\n')
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", str(source)])
    assert result.exit_code == 2
    assert "no model_list entry maps" in result.stderr and "wildcard" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_invalid_result_is_refused_with_the_finding(tmp_path: Path) -> None:
    source = tmp_path / "config.yaml"
    source.write_text(
        "model_list:\n  - model_name: m\n    litellm_params: {model: openai/x, temperature: 9}\n"
    )
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", str(source)])
    assert result.exit_code == 2 and "would not validate" in result.stderr
    assert "temperature" in result.stderr and result.stdout == ""


def _yaml_after(readme: str, heading: str) -> str:
    block = readme[readme.index(heading) :]
    start = block.index("```yaml\n") + len("```yaml\n")
    return block[start : block.index("```\n", start)]


def test_the_readme_before_and_after_agree(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    source = tmp_path / "config.yaml"
    source.write_text(_yaml_after(readme, "## Coming from LiteLLM"), encoding="utf-8")
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", str(source)])
    assert result.exit_code == 0, result.output
    assert result.stdout == _yaml_after(readme, "After (`modelmap migrate --from litellm")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("model_list: [\n", "cannot be loaded"),
        ("", "cannot be loaded"),
        ("- a\n- b\n", "cannot be loaded"),
        ("general_settings: {master_key: sk-1234}\n", "no model_list"),
        (
            "model_list:\n  - model_name: a\n  - litellm_params: {model: openai/x}\n",
            "no model_list entry maps",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "config.yaml"
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", str(source)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.stderr
    assert "sk-1234" not in result.stderr


def test_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "cannot read the file" in result.stderr


def test_global_timeout_strategy_and_disabled_cooldowns() -> None:
    source = """\
model_list:
  - model_name: m
    litellm_params: {model: openai/gpt-4o}
  - model_name: m
    litellm_params: {model: anthropic/claude-3-5-haiku-latest, timeout: 5}
router_settings:
  routing_strategy: latency-based-routing
  timeout: 40
  disable_cooldowns: true
  cooldown_time: 9
"""
    result = import_litellm(source.encode(), "config.yaml")
    assert result.data["models"]["m"]["strategy"] == "latency"
    assert result.data["backends"] == {"openai": {"timeout": 40}, "anthropic": {"timeout": 5}}
    assert "router" not in result.data
    assert ("router_settings.cooldown_time", "cooldowns are disabled (disable_cooldowns)") in [
        (item.where, item.why) for item in result.listed
    ]


def test_a_fallback_may_name_an_alias_but_not_the_model_itself() -> None:
    source = """\
model_list:
  - model_name: a
    litellm_params: {model: openai/gpt-4o}
  - model_name: b
    litellm_params: {model: anthropic/claude-3-5-haiku-latest}
router_settings:
  model_group_alias: {bee: b, ay: a}
  fallbacks: [{a: [bee, ay, nowhere]}]
"""
    result = import_litellm(source.encode(), "config.yaml")
    assert result.data["models"]["a"]["fallbacks"] == ["bee"]
    assert [item.line for item in result.listed if "'nowhere'" in item.why] == [8]


def test_model_names_that_look_like_references() -> None:
    source = """\
model_list:
  - model_name: groq/llama-3.1-8b-instant
    litellm_params: {model: groq/llama-3.1-8b-instant}
  - model_name: gemini/gemini-2.5-flash
    litellm_params: {model: gemini/gemini-2.5-flash, api_key: os.environ/GEMINI_API_KEY}
router_settings:
  fallbacks: [{gemini/gemini-2.5-flash: [groq/llama-3.1-8b-instant]}]
"""
    result = import_litellm(source.encode(), "config.yaml")
    config = load_config_text(result.text, "migrated.yaml")
    chain = [(t.backend, t.model_id) for t in resolve(config, "gemini/gemini-2.5-flash").chain]
    assert chain == [("google", "gemini-2.5-flash"), ("groq", "llama-3.1-8b-instant")]
    assert result.data["backends"]["groq"]["base_url"] == "https://api.groq.com/openai/v1"


def _one(params: str, extra: str = "") -> Any:
    source = f"model_list:\n  - model_name: m\n    litellm_params: {params}\n{extra}"
    return import_litellm(source.encode(), "config.yaml")


@pytest.mark.parametrize(
    ("params", "provider", "model_id", "base_url"),
    [
        ("{model: openai/gpt-4o}", "openai", "gpt-4o", "https://api.openai.com/v1"),
        ("{model: gpt-4o}", "openai", "gpt-4o", "https://api.openai.com/v1"),
        ("{model: claude-3-5-haiku-latest}", "anthropic", "claude-3-5-haiku-latest", None),
        (
            "{model: openai/gpt-4o, api_base: 'https://eu.api.openai.com/v1'}",
            "openai",
            "gpt-4o",
            "https://eu.api.openai.com/v1",
        ),
        (
            "{model: openai/qwen/qwen3, api_base: 'http://127.0.0.1:8080/v1'}",
            "custom",
            "qwen/qwen3",
            "http://127.0.0.1:8080/v1",
        ),
        (
            "{model: lm_studio/phi-4, api_base: 'http://localhost:1234/v1'}",
            "custom",
            "phi-4",
            "http://localhost:1234/v1",
        ),
        (
            "{model: gemini/gemini-1.5-pro, api_base: 'https://g.example.com'}",
            "google",
            "gemini-1.5-pro",
            "https://g.example.com/v1beta",
        ),
        ("{model: ollama/llama3.1:8b}", "ollama", "llama3.1:8b", None),
        (
            "{model: ollama_chat/llama3.1:8b, api_base: 'http://gpu1:11434'}",
            "ollama",
            "llama3.1:8b",
            "http://gpu1:11434",
        ),
        ("{model: together_ai/a/b}", "together", "a/b", None),
        ("{model: huggingface/a/b}", "huggingface", "a/b", None),
        ("{model: groq/llama3}", "custom", "llama3", "https://api.groq.com/openai/v1"),
    ],
)
def test_provider_prefixes(params: str, provider: str, model_id: str, base_url: str | None) -> None:
    result = _one(params)
    (target,) = resolve(load_config_text(result.text), "m").chain
    assert (target.provider, target.model_id) == (provider, model_id)
    if base_url is not None:
        assert target.base_url == base_url


@pytest.mark.parametrize(
    "params",
    [
        "{model: vertex_ai/gemini-pro}",
        "{model: bedrock/anthropic.claude-v2}",
        "{model: hosted_vllm/x}",  # no api_base: no URL to send to
        "{model: mistralai/mistral-7b}",
        "{model: mystery-model}",
        "{model: 'openai/*'}",
    ],
)
def test_unmapped_providers_are_listed(params: str) -> None:
    with pytest.raises(ConfigError) as caught:
        _one(params)
    assert "no model_list entry maps" in str(caught.value)
    assert [p.line for p in caught.value.problems if p.code == "not-mapped"] == [3]


def test_placeholders_limits_and_catalog_facts() -> None:
    result = _one(
        "{model: hosted_vllm/x, api_base: 'http://v:8000/v1', api_key: none, "
        "max_parallel_requests: 4}\n    rpm: 10\n    tpm: 1000\n"
        "    model_info: {max_tokens: 2048, supports_vision: true, description: small}",
        "litellm_settings: {num_retries: 3}\n",
    )
    backend = result.data["backends"]["hosted_vllm"]
    assert backend["api_key"] == "none" and not result.keys
    assert backend["rate_limits"] == {
        "max_concurrent": 4,
        "requests_per_minute": 10,
        "tokens_per_minute": 1000,
    }
    assert backend["models"]["x"] == {
        "max_output_tokens": 2048,
        "capabilities": ["chat", "vision"],
        "description": "small",
    }
    assert result.data["router"] == {"retries": 3}
