"""``resolve`` and ``list`` piped stay light: no rich, HTTP or provider code is imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from importtime import imported_modules

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "model_config_example.yaml")
HEAVY = ("rich", "httpx", "httpcore", "anyio", "modelmap.providers", "modelmap.chat")


def imported(args: list[str], cwd: Path) -> set[str]:
    modules, stdout = imported_modules(args, cwd)
    assert stdout  # the command really ran and printed its result
    return modules


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
