"""The async path keeps the network bounds: an endless stream, an endless line, an
endless body each fail the attempt by name and the Router fails over."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fakeprovider.raw import HostileServer, endless
from router_helpers import ENV, KEY, backend, mapping

from modelmap.providers import bounds
from modelmap.router import Router


@pytest.fixture(autouse=True)
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_BODY_BYTES", 256 * 1024)
    monkeypatch.setattr(bounds, "MAX_LINE_BYTES", 32 * 1024)
    monkeypatch.setattr(bounds, "MAX_EVENT_BYTES", 32 * 1024)


@pytest.mark.parametrize(
    ("ctype", "piece", "stream", "outcome"),
    [
        ("text/event-stream", b": keep-alive\n\n", True, "deadline"),
        ("text/event-stream", b'data: {"a": "' + b"x" * 1000, True, "line_too_long"),
        ("text/event-stream", b"data: " + b"x" * 100 + b"\n", True, "event_too_large"),
        ("application/json", b'{"a": "' + b"x" * 1000, False, "body_too_large"),
    ],
)
def test_async_attempts_are_bounded_and_fail_over(
    fake_provider: Any, load: Any, ctype: str, piece: bytes, stream: bool, outcome: str
) -> None:
    fake_provider.add("rh-good", key=KEY, models=["m"])
    with HostileServer(endless(ctype, piece)) as server:
        backends = {
            "evil": {"provider": "openai", "base_url": server.url, "api_key": "${ROUTER_KEY}"},
            "rh-good": backend(fake_provider, "rh-good"),
        }
        config = load(mapping({"a": {"backend": "evil/x", "fallbacks": ["rh-good/m"]}}, backends))

        async def main() -> Any:
            async with Router(config, environ=ENV, timeout=1) as router:
                if stream:
                    running = router.astream("a", "hi")
                    assert "".join([t async for t in running]) == "Hello, world"
                    return running.answer
                return await router.achat("a", "hi")

        answer = asyncio.run(main())
    assert [a.outcome for a in answer.attempts] == [outcome, "ok"]
