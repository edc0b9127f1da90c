"""resolve, list and chat fill facts the config leaves out, and say where each came from."""

from __future__ import annotations

import json

import pytest
from catalog_helpers import SMALL
from typer.testing import CliRunner

import modelmap
from modelmap.catalog import load_catalog
from modelmap.chat.result import cost_usd
from modelmap.cli.main import app
from modelmap.providers.base import Usage

CONFIG = """\
models:
  smart:
    backend: openai/gpt-4o
    fallbacks: [anthropic/claude-sonnet-4-6]
  stated: {backend: openai/gpt-4o-mini}
  local: {backend: ollama/llama3.1:8b}
backends:
  openai:
    models:
      gpt-4o-mini: {context_window: 1000, pricing: {input: 0.5, output: 1.5}}
"""


@pytest.fixture
def config_file(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MODELMAP_CATALOG", str(SMALL))
    path = tmp_path / "models.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_config_wins_per_fact_and_the_catalog_fills_the_rest(config_file) -> None:  # type: ignore[no-untyped-def]
    config = modelmap.load_config(config_file)
    stated = modelmap.resolve(config, "stated").primary
    assert (stated.context_window, stated.price_input, stated.price_output) == (1000, 0.5, 1.5)
    assert stated.max_output_tokens == 16384  # the config is silent on it
    assert dict(stated.sources) == {
        "context_window": "config",
        "price_input": "config",
        "price_output": "config",
        "max_output_tokens": "catalog",
    }
    chain = modelmap.resolve(config, "smart").chain
    assert [t.context_window for t in chain] == [128000, 1000000]
    assert {t.sources["context_window"] for t in chain} == {"catalog"}
    off = modelmap.resolve(config, "smart", catalog=None).primary
    assert (off.context_window, dict(off.sources)) == (None, {})
    local = modelmap.resolve(config, "local", catalog=load_catalog(SMALL)).primary
    assert local.context_window is None  # ollama is not in any catalog


def test_resolve_json_marks_catalog_facts(config_file) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["resolve", "smart", "-c", str(config_file), "--json"])
    data = json.loads(result.stdout)
    assert data["context_window"] == 128000
    assert data["pricing"] == {"input": 0.0025, "output": 0.01, "per_tokens": 1000}
    assert data["sources"]["context_window"] == "catalog"
    assert data["chain"][1]["sources"]["price_input"] == "catalog"
    text = CliRunner().invoke(app, ["resolve", "smart", "-c", str(config_file)]).stdout
    assert "128000 tokens (catalog)" in text and "per 1k tokens (catalog)" in text
    off = CliRunner().invoke(
        app, ["resolve", "smart", "-c", str(config_file), "--json", "--no-catalog"]
    )
    assert json.loads(off.stdout)["context_window"] is None


def test_list_json_sources(config_file) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, ["list", "-c", str(config_file), "--json"])
    rows = {r["name"]: r for r in json.loads(result.stdout)["models"]}
    assert rows["smart"]["context_window"] == 128000
    assert rows["smart"]["sources"]["context_window"] == "catalog"
    assert rows["stated"]["sources"]["context_window"] == "config"
    assert rows["local"]["sources"] == {}
    text = CliRunner().invoke(app, ["list", "-c", str(config_file)]).stdout
    assert "128000 (catalog)" in text


def test_cost_from_catalog_prices(config_file) -> None:  # type: ignore[no-untyped-def]
    target = modelmap.resolve(modelmap.load_config(config_file), "smart").primary
    assert cost_usd(target, Usage(input_tokens=1000, output_tokens=2000)) == 0.0225


def test_a_named_catalog_that_cannot_be_read_is_a_usage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "models.yaml").write_text(CONFIG, encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": 1}', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["resolve", "smart", "-c", str(tmp_path / "models.yaml"), "--catalog", str(bad)]
    )
    assert result.exit_code == 2
    assert "bad.json: not a modelmap catalog" in result.stderr


def test_chat_json_cost_from_catalog_prices(config_file) -> None:  # type: ignore[no-untyped-def]
    import httpx

    body = {
        "id": "c1",
        "object": "chat.completion",
        "model": "gpt-4o",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1000, "completion_tokens": 2000, "total_tokens": 3000},
    }
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=body)))
    with client:
        answer = modelmap.chat(
            modelmap.load_config(config_file),
            "smart",
            "hello",
            client=client,
            environ={"OPENAI_API_KEY": "sk-test"},
        )
    assert answer.as_dict()["cost_usd"] == 0.0225
