"""Which modules a ``modelmap`` command imports, measured with ``python -X importtime``
in a fresh interpreter, the way a shell or a pre-commit hook runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def imported_modules(
    args: list[str], cwd: Path, exit_codes: tuple[int, ...] = (0,)
) -> tuple[set[str], str]:
    """The modules ``modelmap ARGS`` imported, and what it printed on stdout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "modelmap", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in exit_codes, result.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    modules.discard("imported package")  # the header line
    return modules, result.stdout
