"""The catalog's values: one entry per provider model id, and the catalog that holds them.

A catalog is read from a compact snapshot (see :mod:`modelmap.catalog.snapshot`); entries
are built on first use, so loading costs one ``json.loads`` and a shape check.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Literal

# Provider types a catalog may describe (modelmap's names; ``gemini`` is ``google``).
PROVIDERS = ("openai", "anthropic", "google", "together", "huggingface")
_SYNONYMS = {"gemini": "google"}


@dataclass(frozen=True)
class CatalogEntry:
    """What the catalog says about one model id of one provider type."""

    provider: str
    model_id: str
    context_window: int | None = None
    max_output_tokens: int | None = None
    price_input: float | None = None  # USD per 1,000 tokens, as in the config
    price_output: float | None = None
    capabilities: tuple[str, ...] | None = None
    deprecated: date | None = None  # deprecated from this date (at the latest)
    retired: date | None = None  # the provider stops (or stopped) serving it on this date
    successor: str | None = None  # the id the source names as its replacement

    def lifecycle(self, as_of: date) -> str:
        """``retired``, ``deprecated`` or ``current`` on the day ``as_of``."""
        if self.retired is not None and self.retired <= as_of:
            return "retired"
        if self.deprecated is not None and self.deprecated <= as_of:
            return "deprecated"
        return "current"


@dataclass(frozen=True)
class CatalogInfo:
    """Where a catalog's facts come from."""

    source: str  # the public source, by name
    url: str  # where the source is published
    licence: str
    snapshot: date  # the day the snapshot was taken
    generator: str  # what produced it (e.g. "litellm 1.110.2")
    complete: tuple[str, ...]  # provider types whose model list the catalog holds completely
    origin: str = "bundled"  # where this catalog was loaded from: "bundled" or a path
    counts: Mapping[str, int] = field(default_factory=dict)


class Catalog:
    """Model facts per provider type and model id (the config's own ``models:`` win)."""

    def __init__(self, info: CatalogInfo, rows: Mapping[str, Mapping[str, Sequence[Any]]]) -> None:
        self.info = info
        self._rows = rows  # provider -> model id -> snapshot row (see snapshot.COLUMNS)
        self._built: dict[tuple[str, str], CatalogEntry | None] = {}

    @staticmethod
    def provider_name(provider: str) -> str:
        """The provider type ``provider`` means (``gemini`` -> ``google``)."""
        return _SYNONYMS.get(provider, provider)

    def providers(self) -> tuple[str, ...]:
        """The provider types this catalog has entries for."""
        return tuple(self._rows)

    def complete_for(self, provider: str) -> bool:
        """True when the catalog lists every model id of ``provider`` (unknown ids are typos)."""
        return self.provider_name(provider) in self.info.complete

    def covers(self, provider: str | None) -> bool:
        """True when the catalog has any entry for ``provider``."""
        return provider is not None and self.provider_name(provider) in self._rows

    def ids(self, provider: str) -> list[str]:
        """Every model id of ``provider``, in snapshot order."""
        return list(self._rows.get(self.provider_name(provider), {}))

    def get(self, provider: str | None, model_id: str) -> CatalogEntry | None:
        """The entry for ``model_id`` of ``provider``, or None."""
        if provider is None:
            return None
        name = self.provider_name(provider)
        key = (name, model_id)
        if key in self._built:
            return self._built[key]
        row = self._rows.get(name, {}).get(model_id)
        entry = None if row is None else _entry(name, model_id, row)
        self._built[key] = entry
        return entry

    def entries(self, provider: str | None = None) -> list[CatalogEntry]:
        """Every entry, or those of one provider type, in snapshot order."""
        names = self.providers() if provider is None else (self.provider_name(provider),)
        out = []
        for name in names:
            for model_id in self._rows.get(name, {}):
                entry = self.get(name, model_id)
                if entry is not None:
                    out.append(entry)
        return out

    def search(self, text: str, provider: str | None = None) -> list[CatalogEntry]:
        """Entries whose model id contains ``text`` (case-insensitive)."""
        folded = text.lower()
        return [e for e in self.entries(provider) if folded in e.model_id.lower()]

    def closest(self, provider: str, model_id: str, n: int = 3) -> list[str]:
        """Up to ``n`` ids of ``provider`` that look like ``model_id``."""
        from modelmap.suggest import closest

        return closest(model_id, self.ids(provider), n=n)

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries())

    def __len__(self) -> int:
        return sum(len(ids) for ids in self._rows.values())


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _entry(provider: str, model_id: str, row: Sequence[Any]) -> CatalogEntry:
    # row: context_window, max_output_tokens, price_input, price_output, capabilities,
    # deprecated, retired, successor (the id itself is the key)
    caps = row[4]
    return CatalogEntry(
        provider=provider,
        model_id=model_id,
        context_window=row[0],
        max_output_tokens=row[1],
        price_input=row[2],
        price_output=row[3],
        capabilities=None if caps is None else tuple(caps.split()),
        deprecated=_day(row[5]),
        retired=_day(row[6]),
        successor=row[7],
    )


class _Active(Enum):
    ACTIVE = "active"


ACTIVE = _Active.ACTIVE
"""Use the active catalog: ``--catalog``/``$MODELMAP_CATALOG``, the user cache, else bundled."""

CatalogChoice = Catalog | None | Literal[_Active.ACTIVE]
"""What functions that use the catalog accept: a catalog, ``None`` (none), or ``ACTIVE``."""
