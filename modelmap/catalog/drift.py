"""Drift between a provider's model list (as ``ping`` received it) and the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from modelmap.catalog.model import Catalog


@dataclass(frozen=True)
class Drift:
    """Ids the catalog and a provider's live list disagree on."""

    backend: str
    provider: str
    not_listed: tuple[str, ...]  # current in the catalog, absent from the provider's list
    not_in_catalog: tuple[str, ...]  # listed by the provider, unknown to the catalog

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"not_listed": list(self.not_listed), "not_in_catalog": list(self.not_in_catalog)}


def listed_ids(body: Any) -> set[str]:
    """The model ids of a model-list answer: ``{"data": [{"id"}]}`` (OpenAI, Anthropic,
    Hugging Face), ``{"models": [{"name": "models/..."}]}`` (Gemini) or a bare list
    (Together)."""
    items: Any = body
    if isinstance(body, dict):
        items = body.get("data", body.get("models"))
    ids: set[str] = set()
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict):
            value = item.get("id", item.get("name"))
            if isinstance(value, str) and value:
                ids.add(value.removeprefix("models/"))
    return ids


def drift(backend: str, provider: str, body: Any, catalog: Catalog, as_of: date) -> Drift | None:
    """How the listed ids of ``backend`` differ from the catalog; None when not comparable
    (the catalog does not hold the provider's whole list, or the list is empty)."""
    listed = listed_ids(body)
    if not listed or not catalog.complete_for(provider):
        return None
    known = set(catalog.ids(provider))
    current = {e.model_id for e in catalog.entries(provider) if e.lifecycle(as_of) == "current"}
    not_listed = tuple(sorted(current - listed))
    not_in_catalog = tuple(sorted(listed - known))
    if not not_listed and not not_in_catalog:
        return None
    return Drift(backend, Catalog.provider_name(provider), not_listed, not_in_catalog)


def drift_text(found: Drift, shown: int = 5) -> str:
    """One line for ``ping``'s stderr."""

    def some(ids: tuple[str, ...]) -> str:
        more = f", ... {len(ids) - shown} more" if len(ids) > shown else ""
        return ", ".join(ids[:shown]) + more

    parts = []
    if found.not_in_catalog:
        n = len(found.not_in_catalog)
        parts.append(
            f"{n} listed id{'s' if n != 1 else ''} not in the catalog "
            f"({some(found.not_in_catalog)})"
        )
    if found.not_listed:
        n = len(found.not_listed)
        parts.append(
            f"{n} current catalog id{'s' if n != 1 else ''} not listed ({some(found.not_listed)})"
        )
    return (
        f"drift {found.backend} ({found.provider}): "
        + "; ".join(parts)
        + "; 'modelmap catalog update' refreshes the catalog\n"
    )
