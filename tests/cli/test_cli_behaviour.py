"""What every command shares: a reader that goes away, terminals, help texts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Write = Callable[[str, str], Path]
MANY_GOOD = "models:\n" + "".join(f'  m{i}:\n    backend: "openai/gpt-{i}"\n' for i in range(500))
MANY_BAD = MANY_GOOD.replace("\n  m1:", "\n    bakend: x\n  m1:")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "-q", "many.yaml", "good.yaml"],
        ["validate", "-f", "json", "many.yaml"],
        ["list", "-c", "good.yaml"],
        ["schema"],
        ["export", "-c", "good.yaml"],
        ["completion", "zsh"],
    ],
)
def test_a_closed_stdout_stops_quietly(write: Write, args: list[str]) -> None:
    # like `modelmap schema | head -c 10`, with the reader gone before the first write
    write("many.yaml", MANY_BAD)
    cwd = write("good.yaml", MANY_GOOD).parent
    read, written = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "modelmap", *args],
            cwd=cwd,
            stdout=written,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(written)
    assert result.stderr == ""
    assert result.returncode == 1
