"""Helpers for chat tests: configs pointing at fake backends, and ways to run the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

CANARY = "sk-canary-9f8e7d6c5b4a39281706"
PROTOCOLS = ("openai", "anthropic", "google", "ollama")
CHUNKS = ["Hel", "lo, ", "wor", "ld"]

Run = Callable[..., tuple[int, str, str]]  # (exit code, stdout, stderr)


def backend_entry(fake: Any, name: str, protocol: str, key_var: str = "CHAT_KEY") -> dict[str, Any]:
    """A ``backends:`` entry for fake backend ``name`` (ollama without a key)."""
    entry: dict[str, Any] = {"provider": protocol, "base_url": fake.base_url(name)}
    if protocol != "ollama":
        entry["api_key"] = f"${{{key_var}}}"
    return entry


def write_config(path: Path, models: dict[str, Any], backends: dict[str, Any]) -> Path:
    """Write a mapping-format config; return its path."""
    data = {"version": 2, "models": models, "backends": backends}
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def run_cli(
    args: Sequence[str], cwd: Path, stdin: str | None = None, key: str = CANARY
) -> subprocess.CompletedProcess[str]:
    """``python -m modelmap chat ARGS`` in ``cwd`` with CHAT_KEY set; stdin closed by default."""
    env = {**os.environ, "CHAT_KEY": key}
    env.pop("MODELMAP_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "modelmap", "chat", "--no-env-file", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
