"""A fake LLM provider server for tests: real HTTP on 127.0.0.1, four wire protocols.

Use the session fixture ``fake_provider`` (from tests/conftest.py) and register a backend
per test; each backend lives under its own path prefix, so tests never interfere::

    def test_something(fake_provider):
        base_url = fake_provider.add(
            "oa",                       # backend name, unique per test
            protocol="openai",          # openai | anthropic | google | ollama
            key="sk-test-123",          # None: no auth check (ollama's default)
            models=["gpt-4o", "gpt-4o-mini"],
            behaviour=Behaviour(chunks=["Hel", "lo"], chunk_delay=0.0),
        )
        # point a Target/backend at base_url (it is the backend's base URL for that
        # protocol: openai-style paths are {base}/chat/completions, anthropic {base}/v1/...,
        # google {base}/models/..., ollama {base}/api/...)
        ...
        seen = fake_provider.requests("oa")   # list[Recorded]: method, path, query,
        assert seen[0].json["model"] == "gpt-4o"   # headers (lower-case keys), json

Behaviours (see :class:`Behaviour`): a forced ``status`` (401/403/404/429/500/503/529,
each with the provider's own error body, ``retry_after``/``retry_after_ms`` headers, or a
3xx with a ``location``; ``raw_error`` sends a text/plain body instead), a
``script`` of statuses consumed one per request (``0`` means answer normally), ``delay``
before answering, ``drop`` the connection without answering, ``malformed`` JSON, and for
chat: scripted ``chunks`` with ``chunk_delay`` between them, ``fail_after`` N chunks (an
error event inside the 200 stream), ``drop_after`` N chunks, ``usage`` and ``comments``
(SSE ``:`` keep-alive lines). A wrong key gets each provider's real auth error (Gemini's
is 400 ``API_KEY_INVALID``); an unknown model gets each provider's 404 shape.

``FakeProvider.add`` again with the same name replaces a backend; ``set_behaviour``
changes only its behaviour. Start one standalone with ``FakeProvider().start()`` and
``stop()`` (also a context manager).
"""

from __future__ import annotations

from fakeprovider.server import Backend, Behaviour, FakeProvider, Recorded

__all__ = ["Backend", "Behaviour", "FakeProvider", "Recorded"]
