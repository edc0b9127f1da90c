"""Helpers for the resolution tests: configs built from YAML text without linting.

Linting is validate's business (and has its own tests); building directly keeps these
tables about resolution alone.
"""

from __future__ import annotations

import textwrap

import yaml

from modelmap.config.build import build_config
from modelmap.config.model import Config


def config_from(text: str) -> Config:
    """A Config from YAML text (dedented)."""
    return build_config(yaml.safe_load(textwrap.dedent(text)), "<test>")
