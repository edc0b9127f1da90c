"""Every provider type against the fake server speaking its real wire format."""

from __future__ import annotations

import pytest
from fakeprovider import Behaviour, FakeProvider
from provider_driver import CANARY, TYPES, chat, endpoint, text_of

from modelmap.errors import ProviderError
from modelmap.providers.base import Usage


@pytest.mark.parametrize("provider", sorted(TYPES))
def test_streamed_chat_yields_text_finish_and_usage(
    fake_provider: FakeProvider, provider: str
) -> None:
    ep = endpoint(
        fake_provider,
        f"rt-s-{provider}",
        provider,
        behaviour=Behaviour(chunks=["Hel", "lo"], comments=True),
    )
    events, _ = chat(ep, stream=True)
    assert text_of(events) == "Hello"
    assert any(e.finish_reason for e in events)
    usages = [e.usage for e in events if e.usage]
    assert max(u.input_tokens or 0 for u in usages) == 5
    assert max(u.output_tokens or 0 for u in usages) == 3


@pytest.mark.parametrize("provider", sorted(TYPES))
def test_whole_chat_answer(fake_provider: FakeProvider, provider: str) -> None:
    ep = endpoint(
        fake_provider, f"rt-w-{provider}", provider, behaviour=Behaviour(chunks=["Hi", "!"])
    )
    _, result = chat(ep, stream=False)
    assert result is not None
    assert result.text == "Hi!"
    assert result.usage == Usage(5, 3)
    assert result.finish_reason


@pytest.mark.parametrize("provider", sorted(TYPES))
def test_error_event_after_200_raises(fake_provider: FakeProvider, provider: str) -> None:
    ep = endpoint(
        fake_provider,
        f"rt-f-{provider}",
        provider,
        behaviour=Behaviour(fail_after=1, message="boom"),
    )
    with pytest.raises(ProviderError) as info:
        chat(ep, stream=True)
    assert info.value.backend == f"rt-f-{provider}"
    assert CANARY not in str(info.value)


@pytest.mark.parametrize("provider", sorted(TYPES))
def test_bad_key_is_auth_and_names_backend(fake_provider: FakeProvider, provider: str) -> None:
    ep = endpoint(fake_provider, f"rt-k-{provider}", provider, server_key="other-key")
    with pytest.raises(ProviderError) as info:
        chat(ep, stream=True)
    assert info.value.kind == "auth"
    assert f"rt-k-{provider}" in str(info.value)
    assert CANARY not in str(info.value) and CANARY not in repr(info.value)


@pytest.mark.parametrize("provider", sorted(TYPES))
def test_dropped_connection_mid_stream_is_unreachable(
    fake_provider: FakeProvider, provider: str
) -> None:
    ep = endpoint(fake_provider, f"rt-d-{provider}", provider, behaviour=Behaviour(drop_after=1))
    with pytest.raises(ProviderError) as info:
        chat(ep, stream=True)
    assert info.value.kind == "unreachable"
