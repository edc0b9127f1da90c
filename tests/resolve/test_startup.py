"""``resolve`` and ``list`` piped stay light: no rich, HTTP or provider code is imported."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "model_config_example.yaml")
HEAVY = ("rich", "httpx", "httpcore", "anyio", "modelmap.providers", "modelmap.chat")


def imported(args: list[str], cwd: Path) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPROFILEIMPORTTIME",)}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "modelmap", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout  # the command really ran and printed its result
    return {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    "args",
    [
        ["resolve", "gpt-4", "-c", EXAMPLE],
        ["resolve", "gpt-4", "-c", EXAMPLE, "--json", "--explain"],
        ["list", "-c", EXAMPLE],
    ],
)
def test_piped_output_imports_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    modules = imported(args, tmp_path)
    assert "modelmap.resolve.chain" in modules
    assert {m for m in modules if m.startswith(HEAVY)} == set()
