"""Chat through a resolved model name, with failover along its chain (README, "Chat").

For an application that serves many calls, ``modelmap.Router`` keeps what one call cannot
(cooldowns, rate-limit windows, latency) and adds async; these functions run the same
engine and policy with fresh state per call.

Library use::

    from modelmap import load_config, chat, chat_stream

    config = load_config("modelmap.yaml")
    answer = chat(config, "gpt-4", "Say hello")          # blocking
    print(answer.text, answer.backend, answer.cost_usd)

    with chat_stream(config, "gpt-4", "Tell a story") as stream:
        for text in stream:                               # failover before the first delta
            print(text, end="", flush=True)
    print(stream.answer.usage)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelmap.catalog.model import ACTIVE, CatalogChoice
from modelmap.chat.engine import RETRY_AFTER_MAX, AttemptHook, ChatStream
from modelmap.chat.messages import MessagesOrPrompt, to_messages
from modelmap.chat.prompt import assemble
from modelmap.chat.result import Attempt, ChatAnswer, cost_usd
from modelmap.config.model import Config

if TYPE_CHECKING:
    import httpx

__all__ = [
    "RETRY_AFTER_MAX",
    "Attempt",
    "ChatAnswer",
    "ChatStream",
    "MessagesOrPrompt",
    "assemble",
    "chat",
    "chat_stream",
    "cost_usd",
]


def _environment() -> dict[str, str]:
    """The process environment over ``./.env``: the one rule of the CLI and the library."""
    from modelmap.envvars import load_environment

    return load_environment()


def chat_stream(
    config: Config | str | Path,
    name: str,
    prompt: MessagesOrPrompt,
    *,
    system: str | None = None,
    options: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    timeout: float | None = None,
    fallback: bool = True,
    stream: bool = True,
    on_attempt: AttemptHook | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    catalog: CatalogChoice = ACTIVE,
) -> ChatStream:
    """Start a chat with model ``name``: an iterator of text deltas (see :class:`ChatStream`).

    ``config`` is a loaded :class:`Config` or a path to load. ``options`` override the
    model's parameters; ``environ`` fills ``${VAR}`` (default: the process environment
    over ``./.env``, as the CLI reads them);
    ``client`` is an httpx.Client to reuse (default: one of our own, closed at the end);
    ``timeout`` overrides every backend's timeout; ``fallback=False`` tries only the
    primary; ``catalog`` supplies prices the config leaves out, for ``cost_usd`` (as for
    :func:`modelmap.resolve`). ``prompt`` is a string or a list of ``{"role", "content"}``
    messages. The config's ``router:`` settings and the model's ``strategy`` apply, with no
    memory between calls. Raises UnknownModelError/CapabilityError (UsageError for
    malformed messages) at once; ChatFailedError while iterating when no backend answers
    or the answer breaks off after text.
    """
    import random

    from modelmap.resolve import require_capability, resolve
    from modelmap.router.health import Health
    from modelmap.router.policy import RouterPolicy

    if not isinstance(config, Config):
        from modelmap.config.load import load_config

        config = load_config(config)
    resolution = resolve(config, name, options, catalog=catalog)
    require_capability(resolution, "chat")
    messages, system = to_messages(prompt, system)
    return ChatStream(
        resolution,
        messages,
        system=system,
        environ=_environment() if environ is None else environ,
        client=client,
        stream=stream,
        timeout=timeout,
        fallback=fallback,
        on_attempt=on_attempt,
        sleep=sleep,
        clock=clock,
        policy=RouterPolicy(config, Health(clock), random.random),
    )


def chat(
    config: Config | str | Path,
    name: str,
    prompt: MessagesOrPrompt,
    *,
    system: str | None = None,
    options: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    timeout: float | None = None,
    fallback: bool = True,
    stream: bool = False,
    on_attempt: AttemptHook | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    catalog: CatalogChoice = ACTIVE,
) -> ChatAnswer:
    """Ask model ``name`` and wait for the whole answer (a :class:`ChatAnswer`).

    Takes the same keyword arguments as :func:`chat_stream`; ``stream=True`` streams
    under the hood (useful for servers that only stream). Raises ChatFailedError with
    every attempt when no backend answers.
    """
    with chat_stream(
        config,
        name,
        prompt,
        system=system,
        options=options,
        environ=environ,
        client=client,
        timeout=timeout,
        fallback=fallback,
        stream=stream,
        on_attempt=on_attempt,
        sleep=sleep,
        clock=clock,
        catalog=catalog,
    ) as running:
        for _text in running:
            pass
        return running.answer
