"""Prove a rewrite right before anyone sees it: same data as planned, every comment kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from modelmap.errors import ModelmapError
from modelmap.loader import load_text
from modelmap.migrate.plan import FOLDED, Plan, backend_entry
from modelmap.migrate.source import Comment, find_comments


def expected_data(data: Mapping[str, Any], plan: Plan) -> dict[str, Any]:
    """What the migrated file must load as: the legacy data in the mapping format."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "models":
            out["models"] = {
                item.name: {
                    "backend": item.ref,
                    **{k: v for k, v in item.entry.items() if k not in FOLDED},
                }
                for item in plan.items
            }
            if plan.backends:
                out["backends"] = {name: _generated(name) for name in plan.backends}
        elif key == "version" and plan.version is not None:
            out["version"] = 2
        else:
            out[key] = value
    return out


def _generated(name: str) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for line in backend_entry(name):
        key, _, value = line.partition(": ")
        settings[key] = value.strip('"')
    return settings


def _order(data: Any) -> Any:
    """The data with key order made visible, so that a reordering counts as a difference."""
    if isinstance(data, dict):
        return [(k, _order(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [_order(v) for v in data]
    return data


def verify(
    old_comments: Iterable[Comment],
    new_text: str,
    data: Mapping[str, Any],
    plan: Plan,
    path: str,
) -> None:
    """Raise unless ``new_text`` loads as the planned data and keeps every comment."""
    loaded = load_text(new_text, path)
    if loaded.document is None or loaded.problems:
        raise _unsafe(path, "the result would not load")
    if _order(loaded.document.data) != _order(expected_data(data, plan)):
        raise _unsafe(path, "the result would not load as the same configuration")
    before = Counter(c.text for c in old_comments)
    after = Counter(c.text for c in find_comments(new_text).values())
    lost = before - after
    if lost:
        first = next(iter(lost))
        raise _unsafe(
            path,
            f"the comment {first!r} would be lost (comments inside a flow {{...}} or [...] "
            "written over several lines cannot be moved; move it out)",
        )
    if after != before:
        raise _unsafe(path, "a comment would be repeated")


def _unsafe(path: str, why: str) -> ModelmapError:
    return ModelmapError(f"{path}: not migrated, {why}; the file is unchanged")
