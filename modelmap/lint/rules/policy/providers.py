"""What allowed-providers and denied-providers share. Not a rule module."""

from __future__ import annotations

from collections.abc import Iterator

from modelmap.lint.base import Finding, LintContext
from modelmap.lint.rules.policy.chains import Entry, chains


def entries(context: LintContext) -> Iterator[tuple[str, Entry]]:
    """(model name, entry) for every chain entry of every enabled model."""
    for chain in chains(context):
        for entry in chain.entries:
            yield chain.model.name, entry


def served_by(entry: Entry) -> str:
    """'backend 'work' (provider openai)' for a message."""
    target = entry.target
    if target.backend == target.provider:
        return f"provider {target.provider}"
    return f"backend {target.backend!r} (provider {target.provider})"


def matches(entry: Entry, names: tuple[str, ...]) -> bool:
    """Whether the entry's provider type or backend name is one of ``names``."""
    return entry.target.provider in names or entry.target.backend in names


def finding(code: str, model: str, entry: Entry, why: str, fix: str) -> Finding:
    """A finding at the entry: the model's ``backend:`` or the fallback."""
    return Finding(
        code,
        entry.path,
        f"{entry.label} of {model!r} is served by {served_by(entry)}, {why}: {fix}",
        at_key=False,
    )
