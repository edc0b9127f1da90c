"""A canary key, set in the environment and written into files, never reaches any output
of any command: validate, resolve, list, export, diff, cost, catalog, migrate, and chat
and ping errors against a server on 127.0.0.1 that echoes the request back."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeprovider.raw import HostileServer, Request, whole
from typer.testing import CliRunner

from modelmap.cli.main import app

CANARY = "sk-canary-0123456789abcdefghij"
SMALL = Path(__file__).resolve().parent / "fixtures" / "catalog" / "small.json"

# The key comes from the environment, for a provider backend, a header and a base_url
# query parameter; every output may name the variables, never their value.
FROM_ENV = """\
version: 2
models:
  smart:
    backend: "openai/gpt-4o"
    fallbacks: [proxy/gpt-4o]
  leaky:
    backend: "proxy/gpt-4o"
backends:
  proxy:
    provider: custom
    base_url: "{url}?key=${{PROXY_KEY}}"
    api_key: "${{OPENAI_API_KEY}}"
    headers: {{X-Token: "${{OPENAI_API_KEY}}"}}
"""
# The key written into the files themselves (a finding, and no value shown).
LITERAL = f"""\
version: 2
models:
  smart:
    backend: "proxy/gpt-4o"
backends:
  proxy:
    provider: custom
    base_url: "https://proxy.example.com/v1?key={CANARY}"
    api_key: "${{OPENAI_API_KEY}}"
"""
LITERAL_KEY = f"""\
version: 2
models:
  smart:
    backend: "openai/gpt-4o"
backends:
  openai:
    api_key: "{CANARY}"
"""
LITELLM = f"""\
model_list:
  - model_name: smart
    litellm_params:
      model: openai/gpt-4o
      api_key: {CANARY}
      api_base: https://proxy.example.com/v1?key={CANARY}
  - model_name: other
    litellm_params: {{model: groq/llama3, api_key: "{CANARY}"}}
  - model_name: basic
    litellm_params: {{model: openai/gpt-4o, api_base: "https://user:{CANARY}@vllm.example.com/v1"}}
router_settings:
  redis_password: {CANARY}
general_settings:
  master_key: {CANARY}
environment_variables:
  OPENAI_API_KEY: {CANARY}
"""


def leaks(text: str) -> list[str]:
    """Every piece of the canary longer than its 4-character prefix found in ``text``:
    its first 5 characters, or any 8 in a row."""
    pieces = {CANARY[:5]} | {CANARY[i : i + 8] for i in range(len(CANARY) - 7)}
    return sorted(p for p in pieces if p in text)


def _echo(conn: socket.socket, request: Request) -> None:
    """A 401 that quotes the whole request back: path and query, headers, body."""
    quoted = f"{request.method} {request.path} {json.dumps(request.headers)} {request.body!r}"
    whole(401, {"error": {"message": "rejected: " + quoted, "type": "auth"}})(conn, request)


@pytest.fixture
def echo() -> Iterator[HostileServer]:
    with HostileServer(_echo) as server:
        yield server


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, echo: HostileServer) -> Path:
    """Every file these commands read, with the canary in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", CANARY)
    monkeypatch.setenv("PROXY_KEY", CANARY)
    monkeypatch.setenv("MODELMAP_CATALOG", str(SMALL))
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)
    good = FROM_ENV.format(url=echo.url + "/v1")
    (tmp_path / "modelmap.yaml").write_text(good)
    (tmp_path / "new.yaml").write_text(good.replace('"openai/gpt-4o"', '"openai/gpt-4o-mini"'))
    (tmp_path / "literal.yaml").write_text(LITERAL)
    (tmp_path / "literal-key.yaml").write_text(LITERAL_KEY)
    (tmp_path / "config.yaml").write_text(LITELLM)
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "down.yaml").write_text(FROM_ENV.format(url=f"http://127.0.0.1:{port}/v1"))
    return tmp_path


FORMATS = ("text", "json", "github", "sarif")
DIFF_FORMATS = ("text", "markdown", "json", "github")
COST = ("cost", "--input-tokens", "1000", "--output-tokens", "10")
RUNS: dict[str, tuple[str, ...]] = {
    **{f"validate -f {f}": ("validate", "--check-env", "-f", f, "modelmap.yaml") for f in FORMATS},
    **{f"validate -f {f} literal": ("validate", "-f", f, "literal.yaml") for f in FORMATS},
    **{f"validate -f {f} literal key": ("validate", "-f", f, "literal-key.yaml") for f in FORMATS},
    "validate --show-settings": ("validate", "--show-settings"),
    **{
        f"resolve {name} {' '.join(flags)}": ("resolve", name, *flags)
        for name in ("smart", "leaky")
        for flags in ((), ("--json",), ("--explain",), ("--explain", "--json"))
    },
    "resolve literal": ("resolve", "smart", "-c", "literal.yaml", "--explain"),
    "list": ("list",),
    "list --json": ("list", "--json"),
    "list literal": ("list", "-c", "literal.yaml"),
    "export": ("export", "--format", "litellm"),
    "export literal": ("export", "--format", "litellm", "-c", "literal-key.yaml"),
    **{f"diff -f {f}": ("diff", "modelmap.yaml", "new.yaml", "-f", f) for f in DIFF_FORMATS},
    "diff literal": ("diff", "modelmap.yaml", "literal.yaml"),
    "cost": COST,
    "cost --json": (*COST, "--json"),
    "cost literal": (*COST, "-c", "literal.yaml"),
    "catalog": ("catalog",),
    "catalog --info --json": ("catalog", "--info", "--json"),
    "migrate --from litellm": ("migrate", "--from", "litellm", "config.yaml"),
    "migrate --from litellm --force": ("migrate", "--from", "litellm", "config.yaml", "--force"),
    "migrate --from litellm -o": ("migrate", "--from", "litellm", "config.yaml", "-o", "out.yaml"),
    "chat": ("chat", "--no-env-file", "leaky", "hi"),
    "chat -v": ("chat", "--no-env-file", "leaky", "hi", "-v"),
    "chat --json": ("chat", "--no-env-file", "leaky", "hi", "--json"),
    "chat --no-stream": ("chat", "--no-env-file", "leaky", "hi", "--no-stream"),
    "chat, nothing listening": ("chat", "--no-env-file", "-c", "down.yaml", "leaky", "hi", "-v"),
    "ping": ("ping", "--no-env-file"),
    "ping --json": ("ping", "--no-env-file", "--json"),
    "ping, nothing listening": ("ping", "--no-env-file", "-c", "down.yaml", "--json"),
}


@pytest.mark.parametrize("args", RUNS.values(), ids=RUNS.keys())
def test_the_canary_never_reaches_any_output(project: Path, args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.stderr
    assert leaks(result.stdout) == [], result.stdout
    assert leaks(result.stderr) == [], result.stderr
    written = project / "out.yaml"
    if written.exists():
        assert leaks(written.read_text()) == []


def test_the_echo_server_saw_the_canary(project: Path, echo: HostileServer) -> None:
    """The chat runs above are worth something: the key did reach the server."""
    CliRunner().invoke(app, ["chat", "--no-env-file", "leaky", "hi"])
    seen: Any = echo.requests[0]
    assert CANARY in seen.path and CANARY in json.dumps(seen.headers)
    assert os.environ["PROXY_KEY"] == CANARY
