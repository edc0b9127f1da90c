"""One shared driver for provider tests: endpoints on the fake server, and a tiny client."""

from __future__ import annotations

from typing import Any

import httpx
from fakeprovider import Behaviour, FakeProvider

from modelmap.errors import ProviderError
from modelmap.providers import http
from modelmap.providers.base import ChatRequest, ChatResult, Message, StreamEvent
from modelmap.providers.registry import provider_for
from modelmap.resolution import Endpoint, Target

# provider type -> wire protocol of the fake server
TYPES = {
    "openai": "openai",
    "together": "openai",
    "huggingface": "openai",
    "custom": "openai",
    "anthropic": "anthropic",
    "google": "google",
    "ollama": "ollama",
}
CANARY = "sk-canary-9f8e7d6c5b4a39281706"


def endpoint(
    fake: FakeProvider,
    name: str,
    provider: str = "openai",
    key: str | None = CANARY,
    models: tuple[str, ...] = ("m1",),
    behaviour: Behaviour | None = None,
    server_key: str | None = "same",
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
) -> Endpoint:
    """Register backend ``name`` on the fake server and return an Endpoint pointing at it."""
    base = fake.add(
        name,
        protocol=TYPES[provider],
        key=key if server_key == "same" else server_key,
        models=models,
        behaviour=behaviour,
    )
    target = Target(backend=name, provider=provider, model_id=models[0], base_url=base)
    return Endpoint(target, base, key, headers or {}, timeout)


def chat(ep: Endpoint, stream: bool, **params: Any) -> tuple[list[StreamEvent], ChatResult | None]:
    """Send a chat request the way the chat command does; return events or the whole answer."""
    provider = provider_for(ep.target)
    req = provider.chat_request(
        ep,
        ChatRequest(
            ep.target.model_id,
            [Message("user", "hi")],
            system="be brief",
            parameters=params,
            stream=stream,
        ),
    )
    with http.client() as client:
        try:
            response = client.send(http.build(client, ep, req), stream=stream)
        except httpx.TransportError as exc:
            raise http.provider_error(
                ep, req.method, req.url, http.transport_failure(exc)
            ) from None
        try:
            if response.status_code >= 400:
                response.read()
                raise http.response_error(provider, ep, response)
            if stream:
                return list(http.stream_events(provider, ep, response)), None
            response.read()
            return [], provider.parse_response(response.json())
        finally:
            response.close()


def text_of(events: list[StreamEvent]) -> str:
    """The concatenated text of stream events."""
    return "".join(e.text for e in events)


__all__ = ["CANARY", "TYPES", "ProviderError", "chat", "endpoint", "text_of"]
