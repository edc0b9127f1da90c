"""No secret value ever appears in resolve/list output, in any format, nor in errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.cli.resolve_view import rich_list, rich_resolution
from modelmap.config.load import load_config
from modelmap.errors import MissingKeyError
from modelmap.resolve import endpoint_for, list_models, resolution_dict, resolve, summary_dict

KEY = "sk-canary-7Qm2Zx9Lp4Rt8Vw1Ny6Ks3Hd"
HEADER = "org-canary-5Bf8Jc2Wq7Xe"
DOTENV = "tok-canary-dotenv-9Gh4Mn1Pv6"
SECRETS = (KEY, HEADER, DOTENV)

CONFIG = """\
models:
  gpt-4:
    backend: openai/gpt-4
    aliases: [smart]
    fallbacks: [together/meta-llama/Llama-3-70b-chat-hf, proxied]
  proxied:
    backend: proxy/gpt-4o
backends:
  openai:
    api_key: "${CANARY_KEY}"
    headers: {OpenAI-Organization: "${CANARY_ORG}"}
  proxy:
    provider: custom
    base_url: "https://proxy.example.com/v1"
    api_key: "${DOTENV_TOKEN}"
    headers: {X-Missing: "${NOT_SET_ANYWHERE}"}
"""


@pytest.fixture
def config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CANARY_KEY", KEY)
    monkeypatch.setenv("CANARY_ORG", HEADER)
    monkeypatch.setenv("TOGETHER_API_KEY", KEY)
    monkeypatch.delenv("NOT_SET_ANYWHERE", raising=False)
    (tmp_path / ".env").write_text(f"DOTENV_TOKEN={DOTENV}\n")
    path = tmp_path / "modelmap.yaml"
    path.write_text(CONFIG)
    return path


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
        assert secret[8:] not in text  # not even the tail of it


@pytest.mark.parametrize(
    "args",
    [
        ["resolve", "smart"],
        ["resolve", "smart", "--explain"],
        ["resolve", "smart", "--json"],
        ["resolve", "proxied", "--json"],
        ["resolve", "openai/gpt-4o-mini", "--json"],
        ["list"],
        ["list", "--json"],
    ],
)
def test_cli_output_shows_sources_never_values(config_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert_clean(result.stdout + result.stderr)
    if args[0] == "resolve":
        assert "${CANARY_KEY}" in result.stdout or "${DOTENV_TOKEN}" in result.stdout


def test_the_secrets_are_really_available(config_path: Path) -> None:
    # guards the test above: it must be checking values that resolve could have shown
    data = json.loads(CliRunner().invoke(app, ["resolve", "smart", "--json"]).stdout)
    assert data["api_key"] == {"source": "${CANARY_KEY}", "set": True}
    assert data["headers"]["OpenAI-Organization"]["set"] is True
    assert data["chain"][2]["api_key"] == {"source": "${DOTENV_TOKEN}", "set": True}


def test_rich_views_show_sources_never_values(config_path: Path) -> None:
    from modelmap.envvars import load_environment

    environ = load_environment()
    config = load_config(config_path)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=200)
    rich_resolution(resolution_dict(resolve(config, "smart"), environ), console, explain=True)
    rich_list([summary_dict(r) for r in list_models(config)], console)
    text = out.getvalue()
    assert "\x1b[" in text and "${CANARY_KEY} (set)" in text
    assert_clean(text)


def test_errors_and_reprs_never_carry_values(config_path: Path) -> None:
    from modelmap.envvars import load_environment

    environ = load_environment()
    resolution = resolve(load_config(config_path), "smart")
    endpoint = endpoint_for(resolution.primary, environ)
    assert endpoint.api_key == KEY
    assert_clean(repr(endpoint) + str(endpoint) + repr(resolution))
    with pytest.raises(MissingKeyError) as info:
        endpoint_for(resolution.chain[2], environ)
    assert "NOT_SET_ANYWHERE" in str(info.value)
    assert_clean(str(info.value))


def test_a_literal_key_in_the_file_is_not_echoed(tmp_path: Path) -> None:
    (tmp_path / "literal.yaml").write_text(
        f'models:\n  a: {{backend: openai/gpt-4}}\nbackends:\n  openai:\n    api_key: "{KEY}"\n'
    )
    result = CliRunner().invoke(app, ["resolve", "a", "-c", str(tmp_path / "literal.yaml")])
    assert_clean(result.stdout + result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["resolve", KEY],
        ["ping", KEY],
        ["chat", KEY, "hi"],
        ["resolve", "smart", "-o", KEY],
        ["resolve", "smart", "--env-file", KEY],
    ],
    ids=["resolve", "ping", "chat", "option", "env-file"],
)
def test_a_key_pasted_on_the_command_line_is_not_echoed_in_the_error(
    config_path: Path, args: list[str]
) -> None:
    # `modelmap chat $OPENAI_API_KEY hi`: the error names the mistake, masked as validate does
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert_clean(result.stdout + result.stderr)
    assert "sk-c..." in result.stderr
