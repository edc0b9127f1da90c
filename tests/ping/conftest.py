"""Helpers for ping tests: write a config pointing at fake backends and run the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from ping_helpers import CANARY, Run
from typer.testing import CliRunner

from modelmap.cli.main import app


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write a mapping-format config and return its path."""

    def write(data: dict[str, Any]) -> Path:
        path = tmp_path / "modelmap.yaml"
        path.write_text(yaml.safe_dump({"version": 2, **data}, sort_keys=False))
        return path

    return write


@pytest.fixture
def run_ping(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``modelmap ping`` with PING_KEY set to the canary; return (code, stdout, stderr)."""
    monkeypatch.setenv("PING_KEY", CANARY)

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, ["ping", "--no-env-file", *args])
        return result.exit_code, result.stdout, result.stderr

    return run
