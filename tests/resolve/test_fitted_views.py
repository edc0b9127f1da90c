"""On a terminal, ``list`` and the ``resolve`` panel never split a token across lines.

Rendered with rich at 60, 80, 100 and 120 columns: every model id, number, price, URL and
variable name of the config appears whole on one line, and no line is cut.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from modelmap.cli.resolve_view import _money, rich_list, rich_resolution
from modelmap.config.load import load_config, load_config_text
from modelmap.config.model import Config
from modelmap.resolve import list_models, resolution_dict, resolve, summary_dict

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = [60, 80, 100, 120]
LONG = """\
models:
  research-assistant-with-a-long-name:
    backend: "bedrockish/anthropic.claude-3-5-sonnet-20241022-v2:0"
    aliases: [research, deep-research, assistant-long-alias]
    capabilities: [chat, vision, tools, function_calling, structured_output, streaming]
    fallbacks: [together/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo]
backends:
  bedrockish:
    provider: custom
    base_url: "https://bedrock-runtime.us-east-1.amazonaws.example.com/openai/v1"
    api_key: "${BEDROCK_COMPATIBLE_GATEWAY_API_KEY}"
    headers: {X-Gateway-Tenant: "${GATEWAY_TENANT_IDENTIFIER}"}
    models:
      anthropic.claude-3-5-sonnet-20241022-v2:0:
        context_window: 200000
        max_output_tokens: 8192
        pricing: {input: 0.003, output: 0.015}
"""


def _configs() -> dict[str, Config]:
    return {
        "example": load_config(ROOT / "examples" / "model_config_example.yaml"),
        "long": load_config_text(LONG),
    }


def _tokens(config: Config) -> set[str]:
    """What must never be split: ids, names, aliases, URLs, ${VAR}s, numbers and prices."""
    found: set[str] = set()
    for summary in (summary_dict(r) for r in list_models(config)):
        found |= {summary["name"], summary["model_id"], *summary["aliases"]}
        if summary["context_window"] is not None:
            found.add(str(summary["context_window"]))
        pricing = summary["pricing"]
        if pricing is not None:
            found |= {_money(pricing["input"]), _money(pricing["output"])}
        data = resolution_dict(resolve(config, summary["name"]), {})
        for entry in data["chain"]:
            found |= {entry["base_url"], f"{entry['backend']}/{entry['model_id']}"}
            if entry["api_key"] is not None:
                found.add(entry["api_key"]["source"])
        found |= {status["source"] for status in data["headers"].values()}
    return {t for t in found if t}


def _render(config: Config, width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    rich_list([summary_dict(r) for r in list_models(config)], console)
    for model in list_models(config):
        for explain in (False, True):
            data = resolution_dict(resolve(config, model.name), {})
            rich_resolution(data, console, explain=explain)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["example", "long"])
def test_no_token_is_split_across_lines(name: str, width: int) -> None:
    config = _configs()[name]
    lines = _render(config, width)
    text = "\n".join(lines)
    for token in _tokens(config):
        shown = [line for line in lines if token in line]
        assert shown, f"{token!r} is not whole on any line at {width} columns:\n{text}"
    assert "…" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_no_line_is_wider_than_the_terminal_unless_one_word_is(width: int) -> None:
    for config in _configs().values():
        for line in _render(config, width):
            if len(line) > width:
                assert max(len(word) for word in line.split()) > width - 4, line


def test_a_wide_terminal_keeps_the_table_and_the_side_by_side_panel() -> None:
    lines = _render(_configs()["example"], 120)
    assert lines[0].split()[:3] == ["name", "aliases", "backend"]
    assert any(line.startswith("│ model id      claude-sonnet-4-6") for line in lines)


def test_a_narrow_terminal_stacks_the_list_under_each_name() -> None:
    lines = _render(_configs()["example"], 60)
    assert lines[0] == "gpt-4"
    assert lines[4].split() == ["model", "id", "gpt-5.4"]
