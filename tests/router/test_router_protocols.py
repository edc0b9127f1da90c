"""Multi-turn conversations through the Router on every wire protocol, sync and async."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from router_helpers import ENV, KEY, backend, mapping

import modelmap
from modelmap.errors import UsageError
from modelmap.router import Router

PROTOCOLS = ("openai", "anthropic", "google", "ollama")
TALK = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": "Hello!"},
    {"role": "user", "content": "And again?"},
]


def _sent(protocol: str, body: dict[str, Any]) -> Any:
    """The conversation as the request body carries it, in a protocol-neutral form."""
    if protocol == "google":
        turns = [(c["role"], c["parts"][0]["text"]) for c in body["contents"]]
        return body["systemInstruction"]["parts"][0]["text"], turns
    if protocol == "anthropic":
        return body["system"], [(m["role"], m["content"]) for m in body["messages"]]
    first, *rest = body["messages"]
    assert first["role"] == "system"
    return first["content"], [(m["role"], m["content"]) for m in rest]


def _expected(protocol: str) -> Any:
    assistant = "model" if protocol == "google" else "assistant"
    return "Be brief.", [("user", "Hi"), (assistant, "Hello!"), ("user", "And again?")]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_multi_turn_sync_whole_and_streamed(fake_provider: Any, load: Any, protocol: str) -> None:
    name = f"rt-mt-{protocol}"
    fake_provider.add(name, protocol, key=None if protocol == "ollama" else KEY, models=["m1"])
    config = load(
        mapping({"chat": {"backend": f"{name}/m1"}}, {name: backend(fake_provider, name, protocol)})
    )
    with Router(config, environ=ENV) as router:
        answer = router.chat("chat", TALK, temperature=0.1)
        streamed = list(router.stream("chat", TALK))
    assert answer.text == "Hello, world"
    assert answer.usage.input_tokens == 5
    assert "".join(streamed) == "Hello, world"
    bodies = [r.json for r in fake_provider.requests(name)]
    assert len(bodies) == 2
    for body in bodies:
        assert _sent(protocol, body) == _expected(protocol)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_multi_turn_async_whole_and_streamed(fake_provider: Any, load: Any, protocol: str) -> None:
    name = f"rt-amt-{protocol}"
    fake_provider.add(name, protocol, key=None if protocol == "ollama" else KEY, models=["m1"])
    config = load(
        mapping({"chat": {"backend": f"{name}/m1"}}, {name: backend(fake_provider, name, protocol)})
    )

    async def main() -> tuple[str, list[str]]:
        async with Router(config, environ=ENV) as router:
            answer = await router.achat("chat", TALK)
            parts = [t async for t in router.astream("chat", TALK)]
            return answer.text, parts

    text, parts = asyncio.run(main())
    assert text == "Hello, world"
    assert parts == ["Hello", ", ", "world"]
    for recorded in fake_provider.requests(name):
        assert _sent(protocol, recorded.json) == _expected(protocol)


def test_a_plain_prompt_still_works_and_module_chat_is_unchanged(
    fake_provider: Any, load: Any
) -> None:
    fake_provider.add("rt-plain", "openai", key=KEY, models=["m1"])
    config = load(
        mapping(
            {"chat": {"backend": "rt-plain/m1"}}, {"rt-plain": backend(fake_provider, "rt-plain")}
        )
    )
    with Router(config, environ=ENV) as router:
        assert router.chat("chat", "Hi", system="Be brief.").text == "Hello, world"
    assert modelmap.chat(config, "chat", "Hi", environ=ENV).text == "Hello, world"
    sent = fake_provider.requests("rt-plain")[0].json["messages"]
    assert sent == [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]


@pytest.mark.parametrize(
    ("messages", "words"),
    [
        ([], "non-empty list"),
        ([{"role": "robot", "content": "x"}], "messages[0].role must be one of"),
        ([{"role": "user", "content": 3}], "messages[0].content must be a string"),
        ([{"role": "system", "content": "x"}], "only system messages"),
    ],
)
def test_bad_messages_are_refused_naming_the_item(load: Any, messages: Any, words: str) -> None:
    config = load(mapping({"chat": {"backend": "openai/gpt-4o"}}, {}))
    with Router(config, environ=ENV) as router, pytest.raises(UsageError, match=re.escape(words)):
        router.chat("chat", messages)
