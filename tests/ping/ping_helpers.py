"""Shared values of the ping tests (a uniquely named module: every conftest is 'conftest')."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

CANARY = "sk-canary-ping-5e4d3c2b1a0918"

Run = Callable[..., tuple[int, str, str]]


def rows(stdout: str) -> dict[tuple[str, str], dict[str, Any]]:
    """``ping --json`` output by (backend, model id)."""
    return {(r["backend"], r["model_id"]): r for r in json.loads(stdout)}
