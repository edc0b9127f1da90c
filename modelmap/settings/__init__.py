"""Lint settings: ``.modelmap.toml`` or ``[tool.modelmap]``, inline suppressions, policies.

Importing this package is cheap: discovery stats a few paths, and TOML is only read (and
``tomllib`` only imported) when a settings file is found or named.
"""

from __future__ import annotations
