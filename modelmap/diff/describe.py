"""Changes in words: each change's label and its before and after as short text."""

from __future__ import annotations

from typing import Any

from modelmap.diff import changes as k
from modelmap.diff.changes import LABELS, Change, Summary
from modelmap.diff.cost import percent_change, usd

NOTHING = "(none)"


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)


def _parameters(mine: dict[str, Any], other: dict[str, Any]) -> str:
    """Only the parameters that differ from the other side's."""
    shown = [f"{key}={_scalar(v)}" for key, v in mine.items() if other.get(key, ...) != v]
    return " ".join(shown) or NOTHING


def _price(value: dict[str, Any] | None) -> str:
    if value is None:
        return NOTHING
    parts = []
    for side, short in (("input", "in"), ("output", "out")):
        amount = value.get(side)
        parts.append(f"{'?' if amount is None else usd(amount)} {short}")
    sources = sorted({s for s in value.get("sources", {}).values() if s})
    origin = f" ({', '.join(sources)})" if sources else ""
    return f"{' / '.join(parts)} per 1M{origin}"


def price_percent(change: Change) -> str:
    """'in -91.7%, out -83.3%': the change of each price that both sides know."""
    parts = []
    for side, label in (("input", "in"), ("output", "out")):
        pct = percent_change((change.before or {}).get(side), (change.after or {}).get(side))
        if pct is not None:
            parts.append(f"{label} {pct:+.1f}%")
    return ", ".join(parts)


def value_text(change: Change, after: bool) -> str:
    """The before (or after) value of ``change`` as short text."""
    value = change.after if after else change.before
    other = change.before if after else change.after
    kind = change.kind
    if kind == k.PARAMETERS:
        return _parameters(value or {}, other or {})
    if kind == k.PRICE:
        text = _price(value)
        percent = price_percent(change) if after else ""
        return f"{text} [{percent}]" if percent else text
    if kind == k.ENABLED:
        return "enabled" if value else "disabled"
    if kind == k.CAPABILITIES:
        if value is None:
            return "(none declared)"
        return ", ".join(value) or "none"
    if kind == k.API_KEY and value is None and other is not None:
        return "(no key)"
    if kind == k.CHAIN_REORDERED:
        return ", ".join(value) or NOTHING
    if kind in (k.UNRESOLVABLE, k.RESOLVABLE) and value is None:
        return "resolves"
    if kind in (k.CONTEXT_WINDOW, k.MAX_OUTPUT_TOKENS) and value is not None:
        return f"{value} tokens"
    if value is None:
        return NOTHING
    return _scalar(value)


def label(change: Change) -> str:
    """The kind of change in words ('model id', 'fallback added')."""
    return LABELS.get(change.kind, change.kind)


def sentence(change: Change) -> str:
    """The whole change on one line, without the name."""
    if change.kind == k.ADDED:
        return f"added: {value_text(change, True)}"
    if change.kind == k.REMOVED:
        return f"removed (was {value_text(change, False)})"
    if change.kind == k.CHAIN_ADDED:
        return f"fallback added: {change.after}"
    if change.kind == k.CHAIN_REMOVED:
        return f"fallback removed: {change.before}"
    return f"{label(change)}: {value_text(change, False)} -> {value_text(change, True)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_text(summary: Summary) -> str:
    """'2 breaking changes; 1 name added, 1 removed, 3 changed', or 'no changes'."""
    if not (summary.added or summary.removed or summary.changed):
        return "no changes"
    names = (
        f"{_plural(summary.added, 'name')} added, {summary.removed} removed, "
        f"{summary.changed} changed"
    )
    if summary.breaking:
        return f"{_plural(summary.breaking, 'breaking change')}; {names}"
    return f"no breaking changes; {names}"


def is_warning(change: Change) -> bool:
    """A change that is not breaking but can hurt: a fallback lost, a smaller context or
    output limit, a higher price."""
    if change.kind == k.CHAIN_REMOVED:
        return True
    if change.kind in (k.CONTEXT_WINDOW, k.MAX_OUTPUT_TOKENS):
        return change.before is not None and (change.after is None or change.after < change.before)
    if change.kind == k.PRICE:
        for side in ("input", "output"):
            pct = percent_change((change.before or {}).get(side), (change.after or {}).get(side))
            if pct is not None and pct > 0:
                return True
    return False
