"""The HTTP layer: clients, timeouts, headers, secret-free error text and logs."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from fakeprovider import Behaviour, FakeProvider
from provider_driver import CANARY, TYPES, chat, endpoint

from modelmap import __version__
from modelmap.errors import ProviderError
from modelmap.providers import http, pools
from modelmap.providers.base import ErrorKind, Failure
from modelmap.resolution import Endpoint


def test_safe_url_drops_userinfo_and_secret_query_values() -> None:
    url = "https://user:pw@host/v1/models?key=AIzaSECRET&alt=sse&access_token=t0k"
    assert http.safe_url(url) == "https://***:***@host/v1/models?key=***&alt=sse&access_token=***"


def test_redact_keeps_only_a_prefix() -> None:
    assert http.redact(f"bad key {CANARY}!", [CANARY]) == "bad key sk-***!"


def test_timeouts_command_over_backend_over_default() -> None:
    default = http.timeout_for(None, None)
    assert (default.connect, default.read) == (http.CONNECT_TIMEOUT, http.READ_TIMEOUT)
    assert http.timeout_for(None, 2.5).read == 2.5


def test_backend_timeout_is_used_unless_overridden(fake_provider: FakeProvider) -> None:
    ep = endpoint(fake_provider, "t-backend", timeout=7.0)
    assert http.timeout_for(ep).read == 7.0
    assert http.timeout_for(ep, 1.0).read == 1.0


def test_user_agent_backend_headers_and_connection_reuse(fake_provider: FakeProvider) -> None:
    ep = endpoint(fake_provider, "ua", headers={"X-Team": "search"})
    chat(ep, stream=False)
    from modelmap.providers.registry import provider_for

    req = provider_for(ep.target).probe_request(ep, None)
    with http.client() as client:
        for _ in range(3):
            client.send(http.build(client, ep, req)).read()
    seen = fake_provider.requests("ua")
    assert seen[0].headers["user-agent"] == f"modelmap/{__version__}"
    assert seen[0].headers["x-team"] == "search"
    assert len({r.peer for r in seen[1:]}) == 1  # one client, one kept-alive connection
    assert seen[0].peer != seen[1].peer  # the chat above used its own client


def test_clients_verify_tls() -> None:
    with http.client() as client:
        pool = client._transport._pool  # type: ignore[attr-defined]
        assert pool._ssl_context.verify_mode.name == "CERT_REQUIRED"


def test_async_client_verifies_tls_with_one_shared_context() -> None:
    async def made_pools() -> list[httpx.AsyncHTTPTransport]:
        async with pools.async_client(max_connections=64) as client:
            transport = client._transport
            assert isinstance(transport, pools.ShardedTransport)
            for host in ("a.example", "b.example", "c.example"):
                request = httpx.Request("GET", f"https://{host}/v1/models")
                transport._pool(transport._slot(request))
            return list(transport._pools.values())

    found = asyncio.run(made_pools())
    contexts = {id(p._pool._ssl_context) for p in found}  # type: ignore[attr-defined]
    assert len(contexts) == 1  # the CA bundle is loaded once per run, not once per pool
    assert found[0]._pool._ssl_context.verify_mode.name == "CERT_REQUIRED"  # type: ignore[attr-defined]


def test_async_requests_reuse_their_pool_and_respect_the_connection_cap(
    fake_provider: FakeProvider,
) -> None:
    names = [f"pool{i}" for i in range(40)]
    eps = [endpoint(fake_provider, n, behaviour=Behaviour(delay=0.05)) for n in names]
    from modelmap.providers.registry import provider_for

    async def send_three(client: httpx.AsyncClient, ep: Endpoint) -> None:
        pools.shard_key.set(ep.target.backend)
        req = provider_for(ep.target).probe_request(ep, None)
        for _ in range(3):
            (await client.send(http.build(client, ep, req))).raise_for_status()

    async def main() -> None:
        async with pools.async_client(max_connections=16) as client:
            await asyncio.gather(*(send_three(client, ep) for ep in eps))

    asyncio.run(main())
    seen = [r for n in names for r in fake_provider.requests(n)]
    assert len(seen) == 120
    assert len({r.peer for r in seen}) <= 16  # connections are capped, so they were reused


def test_backends_in_flight_together_get_pools_with_room(fake_provider: FakeProvider) -> None:
    # Sixteen backends at once over two pools of eight: none may wait for a connection
    # while the other pool has one free (the wait would count as latency and timeout).
    names = [f"spread{i}" for i in range(16)]
    eps = [endpoint(fake_provider, n, behaviour=Behaviour(delay=0.05)) for n in names]
    from modelmap.providers.registry import provider_for

    async def probe(client: httpx.AsyncClient, ep: Endpoint) -> None:
        pools.shard_key.set(ep.target.backend)
        req = provider_for(ep.target).probe_request(ep, None)
        (await client.send(http.build(client, ep, req))).raise_for_status()

    async def main() -> tuple[list[int], list[int]]:
        async with pools.async_client(max_connections=16) as client:
            transport = client._transport
            assert isinstance(transport, pools.ShardedTransport)
            await asyncio.gather(*(probe(client, ep) for ep in eps))
            slots = list(transport._slots.values())
            return [slots.count(i) for i in range(2)], list(transport._busy.values())

    per_pool, busy_after = asyncio.run(main())
    assert per_pool == [8, 8]
    assert busy_after == [0, 0]  # every response released its pool


def test_error_text_names_backend_url_status_and_message() -> None:
    from modelmap.resolution import Endpoint, Target

    target = Target(backend="prod", provider="google", model_id="m", base_url="https://g/v1beta")
    ep = Endpoint(target, "https://g/v1beta", CANARY)
    fail = Failure(ErrorKind.AUTH, 400, f"API key not valid: {CANARY}")
    err = http.provider_error(ep, "GET", "https://g/v1beta/models?key=" + CANARY, fail)
    text = str(err)
    assert "'prod'" in text and "https://g/v1beta/models" in text and "HTTP 400" in text
    assert "API key not valid" in text and "check the API key" in text
    assert CANARY not in text + repr(err) + err.url + err.provider_message


@pytest.mark.parametrize("provider", sorted(TYPES))
def test_no_key_in_logs_or_errors(
    provider: str, fake_provider: FakeProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    behaviour = Behaviour(status=401, message=f"Incorrect API key provided: {CANARY}")
    ep = endpoint(fake_provider, f"leak-{provider}", provider, behaviour=behaviour)
    with pytest.raises(ProviderError) as info:
        chat(ep, stream=True)
    assert info.value.kind == "auth"
    texts = [str(info.value), repr(info.value), info.value.provider_message, caplog.text, repr(ep)]
    assert all(CANARY not in t for t in texts)


def test_transport_failures() -> None:
    assert http.transport_failure(httpx.ReadTimeout("x")).kind is ErrorKind.TIMEOUT
    assert http.transport_failure(httpx.ConnectError("refused")).kind is ErrorKind.UNREACHABLE
    assert http.transport_failure(httpx.RemoteProtocolError("gone")).kind is ErrorKind.UNREACHABLE
