"""What ``modelmap diff`` reports: one :class:`Change` per fact of a name that differs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# The kinds of change, in the order a name's changes are listed; see README "Reviewing a
# change: diff and cost" for what before and after hold for each.
ADDED = "added"
REMOVED = "removed"
ALIAS_OF = "alias_of"
ENABLED = "enabled"
UNRESOLVABLE = "unresolvable"
RESOLVABLE = "resolvable"
BACKEND = "backend"
PROVIDER = "provider"
MODEL_ID = "model_id"
BASE_URL = "base_url"
API_KEY = "api_key"
PARAMETERS = "parameters"
CAPABILITIES = "capabilities"
CHAIN_ADDED = "chain_added"
CHAIN_REMOVED = "chain_removed"
CHAIN_REORDERED = "chain_reordered"
CONTEXT_WINDOW = "context_window"
MAX_OUTPUT_TOKENS = "max_output_tokens"
PRICE = "price"

KINDS = (
    ADDED,
    REMOVED,
    ALIAS_OF,
    ENABLED,
    UNRESOLVABLE,
    RESOLVABLE,
    BACKEND,
    PROVIDER,
    MODEL_ID,
    BASE_URL,
    API_KEY,
    PARAMETERS,
    CAPABILITIES,
    CHAIN_ADDED,
    CHAIN_REMOVED,
    CHAIN_REORDERED,
    CONTEXT_WINDOW,
    MAX_OUTPUT_TOKENS,
    PRICE,
)

LABELS = {
    ADDED: "added",
    REMOVED: "removed",
    ALIAS_OF: "designates",
    ENABLED: "enabled",
    UNRESOLVABLE: "no longer resolves",
    RESOLVABLE: "resolves now",
    BACKEND: "backend",
    PROVIDER: "provider",
    MODEL_ID: "model id",
    BASE_URL: "base URL",
    API_KEY: "key variable",
    PARAMETERS: "parameters",
    CAPABILITIES: "capabilities",
    CHAIN_ADDED: "fallback added",
    CHAIN_REMOVED: "fallback removed",
    CHAIN_REORDERED: "fallbacks reordered",
    CONTEXT_WINDOW: "context window",
    MAX_OUTPUT_TOKENS: "max output tokens",
    PRICE: "price",
}


@dataclass(frozen=True)
class Change:
    """One difference in what a client-facing name resolves to.

    ``before`` and ``after`` are JSON-ready values (None where a side has nothing);
    ``file`` and ``line`` locate the name's definition in NEW (for a removed name: in OLD;
    ``line`` is None when that side is a configuration without its file's positions).
    """

    name: str
    kind: str
    breaking: bool
    before: Any
    after: Any
    line: int | None = None
    file: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``modelmap diff --format json``."""
        return {
            "name": self.name,
            "kind": self.kind,
            "breaking": self.breaking,
            "before": self.before,
            "after": self.after,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True)
class Summary:
    """Counts of names added, removed and otherwise changed, and of breaking changes."""

    added: int
    removed: int
    changed: int
    breaking: int

    def as_dict(self) -> dict[str, int]:
        """The JSON ``summary`` object."""
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "breaking": self.breaking,
        }


def summarise(changes: Iterable[Change]) -> Summary:
    """Names added, removed, changed (any other change), and breaking changes."""
    added: set[str] = set()
    removed: set[str] = set()
    changed: set[str] = set()
    breaking = 0
    for change in changes:
        breaking += change.breaking
        if change.kind == ADDED:
            added.add(change.name)
        elif change.kind == REMOVED:
            removed.add(change.name)
        else:
            changed.add(change.name)
    return Summary(len(added), len(removed), len(changed), breaking)
