"""Shared helpers for the migrate tests."""

from __future__ import annotations

from pathlib import Path

from modelmap.config.load import Checked, check_loaded
from modelmap.loader import load_bytes
from modelmap.migrate.source import decode, find_comments

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "examples"

# Fixtures that need options; the others migrate with none.
OPTIONS = {"default_backend": {"default_backend": "ollama"}}


def lint(raw: bytes, name: str = "migrated.yaml") -> Checked:
    """Lint bytes as validate would."""
    return check_loaded(load_bytes(raw, name), name)


def comments(raw: bytes) -> list[str]:
    """Every comment of a YAML file, in order."""
    text = decode(raw).text
    return [c.text for _, c in sorted(find_comments(text).items())]
