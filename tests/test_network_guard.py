"""The autouse guard refuses anything but loopback."""

from __future__ import annotations

import socket

import pytest


def test_connecting_to_a_public_address_fails() -> None:
    with socket.socket() as sock, pytest.raises(OSError, match=r"only use 127\.0\.0\.1"):
        sock.connect(("93.184.216.34", 80))


def test_resolving_a_public_name_fails() -> None:
    with pytest.raises(OSError, match=r"only use 127\.0\.0\.1"):
        socket.getaddrinfo("example.com", 443)


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())
