"""``modelmap cost``: a request's cost on the primary and the most expensive chain entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelmap.diff.cost import Price, percent_change, request_cost, usd

from .conftest import Invoke

CONFIG = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    aliases: [smart]
    fallbacks: [claude]
  claude:
    backend: "anthropic/claude-3-5-sonnet-latest"
  local:
    backend: "ollama/llama3.1:8b"
  off:
    backend: "ollama/llama3.1:8b"
    enabled: false
backends:
  openai:
    models:
      gpt-4: {pricing: {input: 0.01, output: 0.03}}
  anthropic:
    models:
      claude-3-5-sonnet-latest: {pricing: {input: 0.003, output: 0.015}}
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "models.yaml"
    path.write_text(CONFIG)
    return path


def test_cost_json_names_prices_and_their_source(invoke: Invoke, config: Path) -> None:
    result = invoke(
        "cost",
        "smart",
        "-c",
        str(config),
        "--input-tokens",
        "2000",
        "--output-tokens",
        "1000",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["input_tokens"], data["output_tokens"]) == (2000, 1000)
    (row,) = data["models"]
    assert (row["name"], row["model"], row["note"]) == ("smart", "gpt-4", None)
    # 2 x $0.01 + 1 x $0.03 on the primary; claude: 2 x 0.003 + 1 x 0.015 = $0.021
    assert row["primary"]["entry"] == "openai/gpt-4"
    assert row["primary"]["cost"] == pytest.approx(0.05)
    assert row["primary"]["price"] == {
        "input": 10.0,
        "output": 30.0,
        "per_tokens": 1_000_000,
        "sources": {"input": "config", "output": "config"},
    }
    assert row["most_expensive"]["entry"] == "openai/gpt-4"


def test_cost_table_for_every_model(invoke: Invoke, config: Path) -> None:
    result = invoke("cost", "-c", str(config), "--input-tokens", "1000", "--output-tokens", "0")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "name",
        "primary",
        "cost",
        "most",
        "expensive",
        "in",
        "chain",
        "cost",
        "note",
    ]
    rows = {line.split()[0]: line for line in lines[1:-1]}
    assert rows.keys() == {"gpt-4", "claude", "local", "off"}
    assert rows["gpt-4"].split() == [
        "gpt-4",
        "openai/gpt-4",
        "(config)",
        "$0.01",
        "(the",
        "primary)",
        "$0.01",
    ]
    assert rows["local"].endswith("no price known")
    assert rows["off"].endswith("disabled")
    assert lines[-1] == "1,000 input + 0 output tokens, USD"


def test_most_expensive_entry_can_be_a_fallback(tmp_path: Path, invoke: Invoke) -> None:
    path = tmp_path / "models.yaml"
    path.write_text(CONFIG.replace("input: 0.01, output: 0.03", "input: 0.001, output: 0.002"))
    result = invoke(
        "cost",
        "gpt-4",
        "-c",
        str(path),
        "--input-tokens",
        "1000",
        "--output-tokens",
        "1000",
        "--json",
    )
    (row,) = json.loads(result.stdout)["models"]
    assert row["primary"]["cost"] == pytest.approx(0.003)
    assert row["most_expensive"]["entry"] == "anthropic/claude-3-5-sonnet-latest"
    assert row["most_expensive"]["cost"] == pytest.approx(0.018)


def test_unknown_name_exits_2(invoke: Invoke, config: Path) -> None:
    result = invoke(
        "cost", "gtp-4", "-c", str(config), "--input-tokens", "1", "--output-tokens", "1"
    )
    assert result.exit_code == 2
    assert "unknown model 'gtp-4'" in result.stderr


def test_token_counts_are_required_and_not_negative(invoke: Invoke, config: Path) -> None:
    assert invoke("cost", "-c", str(config), "--input-tokens", "5").exit_code == 2
    assert (
        invoke("cost", "-c", str(config), "--input-tokens", "-1", "--output-tokens", "1").exit_code
        == 2
    )


def test_the_computation() -> None:
    price = Price(0.01, None, "config", None)
    assert request_cost(price, 1000, 0) == pytest.approx(0.01)
    assert request_cost(price, 1000, 1) is None  # the output price it needs is unknown
    assert percent_change(30.0, 2.5) == pytest.approx(-91.6667, rel=1e-4)
    assert percent_change(0.0, 1.0) is None
    assert [usd(x) for x in (30.0, 2.5, 0.06, 0.00005, 0.5, 0)] == [
        "$30.00",
        "$2.50",
        "$0.06",
        "$0.00005",
        "$0.50",
        "$0",
    ]
