"""Run ``modelmap`` in-process with separate stdout/stderr, from a chosen directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from modelmap.cli.main import app

Invoke = Callable[..., Result]

GOOD = """\
version: 2
models:
  gpt-4:
    backend: "openai/gpt-4"
    aliases: [smart]
backends:
  openai:
    api_key: "${OPENAI_API_KEY}"
"""
# One error (unknown key) and one warning (unknown capability).
BAD = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    capabilities: [chat, telepathy]
    bakend: x
"""
# Only a warning: passes unless --strict.
WARN = """\
models:
  gpt-4:
    backend: "openai/gpt-4"
    capabilities: [chat, telepathy]
"""


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """``invoke(*args, cwd=None, env=None)`` runs the CLI and returns the result."""
    for name in ("MODELMAP_CONFIG", "NO_COLOR", "FORCE_COLOR", "MODELMAP_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)

    return run


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write(name, text)`` creates a file in a temporary directory."""

    def make(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return make
