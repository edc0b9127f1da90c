"""The loader's safety limits and the rule codes of what it reports itself.

The codes are documented with the lint rules (modelmap/lint/rules/load.py).
"""

from __future__ import annotations

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MIN_ALIAS_BUDGET = 100_000  # nodes that aliases may re-expand, at the least

SYNTAX = "MM001"
DUPLICATE_KEY = "MM002"
EMPTY = "MM003"
NOT_MAPPING = "MM004"
ENCODING = "MM005"
LIMIT = "MM006"
BAD_TAG = "MM007"
