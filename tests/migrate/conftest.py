"""Fixtures for the migrate tests: run the CLI in-process with stdout and stderr apart."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from modelmap.cli.main import app

Invoke = Callable[..., Result]


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """``invoke(*args)`` runs ``modelmap migrate ARGS`` and returns the result."""
    for name in ("MODELMAP_CONFIG", "NO_COLOR", "FORCE_COLOR", "MODELMAP_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, ["migrate", *args], catch_exceptions=False)

    return run


@pytest.fixture
def fixture_copy(tmp_path: Path) -> Callable[[str], Path]:
    """``fixture_copy(name)``: a copy of ``fixtures/<name>.before.yaml`` in a temp dir."""

    def copy(name: str) -> Path:
        target = tmp_path / f"{name}.yaml"
        shutil.copyfile(Path(__file__).parent / "fixtures" / f"{name}.before.yaml", target)
        return target

    return copy
