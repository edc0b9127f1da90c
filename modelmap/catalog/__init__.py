"""The model catalog: context windows, limits, prices and lifecycle of provider model ids.

Built from a public source (see ``modelmap catalog --info``), bundled as a compact
snapshot and refreshed on request with ``modelmap catalog update``. The config's own
``backends.X.models`` facts always win; the catalog fills what they leave out.
"""

from __future__ import annotations

from modelmap.catalog.load import ENV, cache_file, choose, load_catalog
from modelmap.catalog.model import (
    ACTIVE,
    PROVIDERS,
    Catalog,
    CatalogChoice,
    CatalogEntry,
    CatalogInfo,
)
from modelmap.catalog.snapshot import CatalogError

__all__ = [
    "ACTIVE",
    "ENV",
    "PROVIDERS",
    "Catalog",
    "CatalogChoice",
    "CatalogEntry",
    "CatalogError",
    "CatalogInfo",
    "cache_file",
    "choose",
    "load_catalog",
]
