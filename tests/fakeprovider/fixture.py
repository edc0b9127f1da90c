"""The session-wide ``fake_provider`` fixture (imported into tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakeprovider.server import FakeProvider


@pytest.fixture(scope="session")
def fake_provider() -> Iterator[FakeProvider]:
    """One fake provider server for the whole test session; register backends per test."""
    with FakeProvider() as server:
        yield server
