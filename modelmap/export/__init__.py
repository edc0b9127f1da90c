"""Exports of a configuration to other tools' formats, picked by name."""

from __future__ import annotations

FORMATS = ("litellm",)
