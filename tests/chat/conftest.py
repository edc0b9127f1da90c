"""Fixtures for chat tests: a CliRunner-based ``chat`` runner with the canary key set."""

from __future__ import annotations

import pytest
from chat_helpers import CANARY, Run
from typer.testing import CliRunner

from modelmap.cli.main import app


@pytest.fixture
def run_chat(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> Run:
    """Run ``modelmap chat`` in-process; return (exit code, stdout, stderr)."""
    monkeypatch.setenv("CHAT_KEY", CANARY)
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["chat", "--no-env-file", *args], input=stdin)
        return result.exit_code, result.stdout, result.stderr

    return run
