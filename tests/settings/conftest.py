"""Run ``modelmap validate`` in-process over files and settings written to a temp dir."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from modelmap.cli.main import app


@dataclass
class Run:
    """What one validate run showed: exit code, (line, column, code) triples, output."""

    exit_code: int
    found: list[tuple[int, int, str]]
    diagnostics: list[dict[str, object]]
    stdout: str
    stderr: str

    def codes(self) -> list[str]:
        """The codes reported, in order."""
        return [code for _, _, code in self.found]


Write = Callable[[str, str], Path]
Validate = Callable[..., Run]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """``write(name, text)``: a dedented file under the temp dir."""

    def make(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return make


@pytest.fixture
def validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Validate:
    """``validate(*args)`` from the temp dir, with ``--format json`` unless told otherwise."""
    monkeypatch.chdir(tmp_path)
    for name in ("MODELMAP_CONFIG", "NO_COLOR", "FORCE_COLOR", "MODELMAP_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str | Path, fmt: str = "json") -> Run:
        result = CliRunner().invoke(
            app, ["validate", "-f", fmt, *map(str, args)], catch_exceptions=False
        )
        diagnostics: list[dict[str, object]] = []
        if fmt == "json" and result.exit_code in (0, 1):
            diagnostics = json.loads(result.stdout)["diagnostics"]
        found = [(int(d["line"]), int(d["column"]), str(d["code"])) for d in diagnostics]
        return Run(result.exit_code, found, diagnostics, result.stdout, result.stderr)

    return run
