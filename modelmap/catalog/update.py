"""``modelmap catalog update``: refresh the user's cached catalog from the public source.

Only when asked; the download is bounded in size and time, converted by the same parser
as the bundled snapshot, checked, and written atomically: a broken, truncated or
wrong-shaped download leaves the previous catalog in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from modelmap.catalog.litellm import URL, convert
from modelmap.catalog.load import MAX_BYTES, cache_file
from modelmap.catalog.model import Catalog
from modelmap.catalog.snapshot import CatalogError, dumps, loads, parse

if TYPE_CHECKING:
    import httpx

DEFAULT_SOURCE = URL
TIMEOUT = 30.0  # seconds to connect and between bytes


class UpdateError(CatalogError):
    """The refresh failed; the catalog in use is unchanged (exit code 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Updated:
    """A refreshed catalog and where it was written."""

    path: Path
    catalog: Catalog
    source: str


def _download(url: str, client: httpx.Client | None, timeout: float, limit: int) -> bytes:
    import httpx

    own = client is None
    http = client or httpx.Client(timeout=timeout, follow_redirects=True)
    try:
        with http.stream("GET", url, timeout=timeout) as response:
            if response.status_code != 200:
                raise UpdateError(f"cannot download {url}: HTTP {response.status_code}")
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > limit:
                raise UpdateError(f"{url}: the download is larger than {limit} bytes")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise UpdateError(f"{url}: the download is larger than {limit} bytes")
                chunks.append(chunk)
            return b"".join(chunks)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise UpdateError(f"cannot download {url}: {exc or type(exc).__name__}") from None
    finally:
        if own:
            http.close()


def _read(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise UpdateError(f"{path}: larger than {limit} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise UpdateError(f"{path}: cannot read it: {exc.strerror or exc}") from None


def snapshot_text(data: bytes, where: str, today: date) -> str:
    """Snapshot text from a LiteLLM cost map or a modelmap snapshot; UpdateError if neither."""
    try:
        decoded = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise UpdateError(f"{where}: not valid JSON ({exc}); truncated download?") from None
    try:
        if isinstance(decoded, dict) and "format" in decoded and "providers" in decoded:
            parse(decoded, where)  # a modelmap catalog: checked before it is rewritten
            text = dumps(decoded)
        else:
            text = dumps(convert(decoded, snapshot=today, generator=f"from {where}", where=where))
        catalog = loads(text, where)
    except CatalogError as exc:
        raise UpdateError(str(exc)) from None
    if len(catalog) == 0:
        raise UpdateError(f"{where}: the catalog has no models")
    return text


def update(
    source: str | None = None,
    *,
    target: Path | None = None,
    client: httpx.Client | None = None,
    timeout: float = TIMEOUT,
    limit: int = MAX_BYTES,
    today: date | None = None,
) -> Updated:
    """Fetch ``source`` (a URL or a file; default: the public source), check it, and
    replace ``target`` (default: the user cache) atomically. Raises UpdateError."""
    where = source or DEFAULT_SOURCE
    if where.startswith(("http://", "https://")):
        data = _download(where, client, timeout, limit)
    else:
        data = _read(Path(where), limit)
    text = snapshot_text(data, where, today or date.today())
    path = target or cache_file()
    from modelmap.errors import ModelmapError
    from modelmap.migrate.files import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except (OSError, ModelmapError) as exc:
        raise UpdateError(f"{path}: cannot write the catalog: {exc}") from None
    return Updated(path, loads(text, str(path), str(path)), where)
