"""Shared fixtures. Any connection to a non-loopback address fails the test."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeprovider.fixture import fake_provider  # noqa: F401  (session fixture, see its docs)

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _is_loopback(host: Any) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guard_address(address: Any) -> None:
    if isinstance(address, tuple) and address and not _is_loopback(address[0]):
        raise OSError(f"test tried to reach {address[0]!r}: tests may only use 127.0.0.1")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Block DNS and connections to anything but loopback for every test."""

    def connect(self: socket.socket, address: Any) -> Any:
        _guard_address(address)
        return _real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        _guard_address(address)
        return _real_connect_ex(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback(host):
            raise OSError(f"test tried to resolve {host!r}: tests may only use 127.0.0.1")
        return _real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield


_EMPTY_CATALOG = str(Path(__file__).parent / "fixtures" / "catalog" / "empty.json")


@pytest.fixture(scope="session")
def _catalog_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _hermetic_catalog(monkeypatch: pytest.MonkeyPatch, _catalog_cache: Path) -> None:
    """Tests see an empty model catalog and no user cache unless they choose one: rule and
    resolve tests must not change when the bundled snapshot is refreshed (tests/catalog
    opts back in to the bundled one where it checks it)."""
    monkeypatch.setenv("MODELMAP_CATALOG", _EMPTY_CATALOG)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_catalog_cache))
