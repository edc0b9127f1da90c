"""Run ``modelmap`` in-process for the diff and cost tests, with stdout and stderr apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from modelmap.cli.main import app

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """``invoke(*args, cwd=None)`` runs the CLI and returns the result."""
    for name in ("MODELMAP_CONFIG", "NO_COLOR", "FORCE_COLOR", "MODELMAP_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return CliRunner().invoke(app, list(args), catch_exceptions=False)

    return run
