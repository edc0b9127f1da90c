"""Which catalog is active: ``--catalog PATH`` > ``$MODELMAP_CATALOG`` > the user cache
(written by ``modelmap catalog update``) > the snapshot bundled with modelmap."""

from __future__ import annotations

import os
from pathlib import Path

from modelmap.catalog.model import ACTIVE, Catalog, CatalogChoice
from modelmap.catalog.snapshot import CatalogError, loads

ENV = "MODELMAP_CATALOG"
BUNDLED = Path(__file__).with_name("snapshot.json")
CACHE_NAME = "catalog.json"
MAX_BYTES = 32 * 1024 * 1024  # a snapshot is about 100 KB; refuse anything absurd

_loaded: dict[tuple[str, int, int], Catalog] = {}


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/modelmap``, else ``~/.cache/modelmap``."""
    base = os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "modelmap"


def cache_file() -> Path:
    """Where ``modelmap catalog update`` writes the refreshed catalog."""
    return cache_dir() / CACHE_NAME


def read(path: Path, origin: str) -> Catalog:
    """Load one snapshot file (memoised per path, size and modification time)."""
    try:
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key in _loaded:
            return _loaded[key]
        if stat.st_size > MAX_BYTES:
            raise CatalogError(f"{path}: catalog file larger than {MAX_BYTES // 2**20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog: {exc.strerror or exc}") from None
    catalog = loads(data, str(path), origin, rows_checked=path == BUNDLED)
    _loaded[key] = catalog
    return catalog


def load_catalog(path: str | Path | None = None) -> Catalog:
    """The catalog at ``path``, else the active one (see the module docstring).

    A named file (``path`` or ``$MODELMAP_CATALOG``) that cannot be read is a
    :class:`CatalogError`; an unreadable user cache falls back to the bundled snapshot.
    """
    if path is not None:
        return read(Path(path), str(path))
    named = os.environ.get(ENV)
    if named:
        return read(Path(named), f"{named} (${ENV})")
    cached = cache_file()
    if cached.is_file():
        try:
            return read(cached, str(cached))
        except CatalogError:
            pass  # 'catalog update' only writes checked files; a damaged cache is not fatal
    return read(BUNDLED, "bundled")


def choose(catalog: CatalogChoice) -> Catalog | None:
    """``catalog`` itself, or the active catalog for :data:`ACTIVE`."""
    return load_catalog() if catalog is ACTIVE else catalog
