"""``modelmap.Router``: the mapping inside a running application (README "Router").

Built once per process and shared by threads and asyncio tasks. Each call resolves the
name, orders the chain by the model's strategy and runs the chat engine with the
Router's policy (retries, backoff, cooldown, client-side rate limits), on pooled clients.
"""

from __future__ import annotations

import os
import random as _random
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from modelmap.chat.engine import AttemptHook, ChatStream
from modelmap.chat.messages import MessagesOrPrompt, to_messages
from modelmap.chat.result import ChatAnswer
from modelmap.config.model import Config
from modelmap.errors import ConfigError
from modelmap.router.health import Health
from modelmap.router.policy import RouterPolicy

if TYPE_CHECKING:
    import asyncio

    import httpx

    from modelmap.chat.aengine import AsyncChatStream

ReloadHook = Callable[[ConfigError], None]
_CALL_KEYS = frozenset({"system", "timeout", "fallback", "stream"})


class Router:
    """Chat through the mapping: ``chat``, ``stream``, ``achat``, ``astream``, ``stats``.

    ``config_or_path`` is a loaded :class:`Config` or a file to load (with ``reload=True``,
    re-read between calls when it changes and validates). ``client``/``async_client`` are
    clients to use (not closed by :meth:`close`); by default the Router pools its own, one
    async client per event loop. ``clock``, ``sleep`` and ``random`` are for tests.
    ``on_attempt`` sees every attempt; ``on_reload_error`` every rejected reload.
    """

    def __init__(
        self,
        config_or_path: Config | str | Path | None = None,
        *,
        environ: Mapping[str, str] | None = None,
        reload: bool = False,
        client: httpx.Client | None = None,
        async_client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Any] | None = None,
        random: Callable[[], float] | None = None,
        on_attempt: AttemptHook | None = None,
        on_reload_error: ReloadHook | None = None,
        timeout: float | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._clock = clock if clock is not None else time.monotonic
        self._sleep = sleep
        self._random = random if random is not None else _random.random
        self._environ = dict(os.environ) if environ is None else environ
        self._on_attempt = on_attempt
        self._on_reload_error = on_reload_error
        self._timeout = timeout
        self._health = Health(self._clock)
        self._path: Path | None = None
        self._stamp: tuple[int, int] | None = None
        if isinstance(config_or_path, Config):
            config = config_or_path
        else:
            from modelmap.config.load import discover_config, load_config

            self._path = discover_config(config_or_path)
            self._stamp = _stamp(self._path)
            config = load_config(self._path)
        self._reload = reload and self._path is not None
        self._policy = RouterPolicy(config, self._health, self._random)
        self._client = client
        self._own_client: httpx.Client | None = None
        self._async_client = async_client
        self._own_async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )
        self._closed = False

    # -- configuration -----------------------------------------------------------------

    @property
    def config(self) -> Config:
        """The mapping in use (a reload replaces it between calls)."""
        return self._policy.config

    def _current(self) -> RouterPolicy:
        """The policy for the next call, after a reload when the file changed and validates."""
        if self._reload:
            assert self._path is not None
            stamp = _stamp(self._path)
            if stamp != self._stamp:
                with self._lock:
                    if stamp != self._stamp:
                        self._stamp = stamp  # a broken edit is reported once, not per call
                        self._try_reload()
        return self._policy

    def _try_reload(self) -> None:
        from modelmap.config.load import load_config

        assert self._path is not None
        try:
            config = load_config(self._path)
        except ConfigError as exc:
            if self._on_reload_error is not None:
                self._on_reload_error(exc)
            return
        self._policy = RouterPolicy(config, self._health, self._random)  # one assignment

    # -- calls -------------------------------------------------------------------------

    def _ledger(self, name: str, messages: MessagesOrPrompt, options: dict[str, Any]) -> ChatStream:
        if self._closed:
            raise RuntimeError("the Router is closed")
        policy = self._current()
        call = {k: options.pop(k) for k in list(options) if k in _CALL_KEYS}
        resolution = policy.resolve(name, options or None)
        listed, system = to_messages(messages, call.get("system"))
        return ChatStream(
            resolution,
            listed,
            system=system,
            environ=self._environ,
            client=self._sync_client(),
            stream=bool(call.get("stream", True)),
            timeout=call.get("timeout", self._timeout),
            fallback=bool(call.get("fallback", True)),
            on_attempt=self._on_attempt,
            sleep=self._sleep if self._sleep is not None else time.sleep,
            clock=self._clock,
            policy=policy,
        )

    def stream(self, name: str, messages_or_prompt: MessagesOrPrompt, **options: Any) -> ChatStream:
        """Start a streamed chat: iterate text deltas, then read ``.answer``.

        ``options`` override the model's parameters (``temperature=0.2``), except
        ``system``, ``timeout`` (seconds per attempt) and ``fallback`` (False: primary only).
        """
        options.setdefault("stream", True)
        return self._ledger(name, messages_or_prompt, options)

    def chat(self, name: str, messages_or_prompt: MessagesOrPrompt, **options: Any) -> ChatAnswer:
        """Ask and wait for the whole answer (not streamed unless ``stream=True``)."""
        options.setdefault("stream", False)
        with self._ledger(name, messages_or_prompt, options) as running:
            for _text in running:
                pass
            return running.answer

    def astream(
        self, name: str, messages_or_prompt: MessagesOrPrompt, **options: Any
    ) -> AsyncChatStream:
        """The async form of :meth:`stream`: ``async for text in router.astream(...)``."""
        from modelmap.chat.aengine import AsyncChatStream

        options.setdefault("stream", True)
        ledger = self._ledger(name, messages_or_prompt, options)
        return AsyncChatStream(ledger, self._aclient(), self._sleep)

    async def achat(
        self, name: str, messages_or_prompt: MessagesOrPrompt, **options: Any
    ) -> ChatAnswer:
        """The async form of :meth:`chat`."""
        from modelmap.chat.aengine import AsyncChatStream, collect

        options.setdefault("stream", False)
        ledger = self._ledger(name, messages_or_prompt, options)
        return await collect(AsyncChatStream(ledger, self._aclient(), self._sleep))

    # -- clients -----------------------------------------------------------------------

    def _sync_client(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        own = self._own_client
        if own is None:
            with self._lock:
                if self._own_client is None:
                    from modelmap.providers.http import client

                    self._own_client = client(self._timeout, max_connections=MAX_CONNECTIONS)
                own = self._own_client
        return own

    def _aclient(self) -> httpx.AsyncClient:
        import asyncio

        if self._async_client is not None:
            return self._async_client
        loop = asyncio.get_running_loop()
        with self._lock:
            found = self._own_async.get(loop)
            if found is None:
                found = self._own_async[loop] = _async_client(self._timeout)
            return found

    def stats(self) -> dict[str, dict[str, Any]]:
        """Per backend: ``requests``, ``failures``, ``consecutive_failures``,
        ``cooldown_until`` (on the Router's clock, None when not cooling down),
        ``requests_left`` and ``tokens_left`` in the current minute (None: no limit) and
        ``latency_ms`` (moving average of successful attempts, None: none yet)."""
        return self._health.snapshot(self._policy.limits)

    def close(self) -> None:
        """Close the clients the Router made (async ones of loops still running: aclose)."""
        with self._lock:
            self._closed = True
            own, self._own_client = self._own_client, None
        if own is not None:
            own.close()

    async def aclose(self) -> None:
        """Close every client the Router made, the running loop's async one included."""
        import asyncio

        self.close()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover - always called from a coroutine
            return
        with self._lock:
            found = self._own_async.pop(loop, None)
        if found is not None:
            await found.aclose()

    def __enter__(self) -> Router:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    async def __aenter__(self) -> Router:
        return self

    async def __aexit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()


MAX_CONNECTIONS = 100  # per Router client: many calls to one backend share its connections


def _async_client(timeout: float | None) -> httpx.AsyncClient:
    """One pool for the whole Router: unlike ping's sharded pools (eight connections per
    backend), a service sends many concurrent calls to the same backend."""
    import httpx

    from modelmap.providers.http import USER_AGENT, limits, timeout_for

    return httpx.AsyncClient(
        headers={"User-Agent": USER_AGENT},
        timeout=timeout_for(None, timeout),
        limits=limits(MAX_CONNECTIONS),
        follow_redirects=False,
    )


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


__all__ = ["ReloadHook", "Router"]
