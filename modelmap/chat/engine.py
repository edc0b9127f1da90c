"""The chat engine: one request along a failover chain, streamed or whole (README, "Chat").

It fails over on the errors ``ErrorKind.fails_over`` allows and never fails over once a
text delta has been handed out. Order, retries and admission (cooldown, rate limits) are a
:class:`~modelmap.chat.policy.Policy`'s decisions: :class:`OneShot` for ``modelmap.chat``,
the Router's for ``modelmap.Router``. It does no printing: callers iterate text deltas and
read ``answer`` after.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from modelmap.chat.outcomes import all_limited as all_limited
from modelmap.chat.outcomes import failed, merge_usage, not_events
from modelmap.chat.policy import RETRY_AFTER_MAX, OneShot, Policy, Refusal, Ticket
from modelmap.chat.result import Attempt, ChatAnswer
from modelmap.errors import ChatFailedError, ConfigError, MissingKeyError, ProviderError
from modelmap.providers.base import ChatRequest, ErrorKind, Failure, Message, Provider, Usage
from modelmap.resolution import Endpoint, Resolution, Target

if TYPE_CHECKING:
    import httpx

    from modelmap.providers.bounds import Deadline

__all__ = ["RETRY_AFTER_MAX", "AttemptHook", "ChatStream", "all_limited"]

AttemptHook = Callable[[Attempt], None]


class ChatStream:
    """An iterator of text deltas; failover happens before the first one.

    After the iteration ends, :attr:`answer` holds the whole :class:`ChatAnswer`. A failure
    raises :class:`ChatFailedError` carrying every attempt. Use as a context manager (or call
    :meth:`close`) to stop early and release the connection.
    """

    def __init__(
        self,
        resolution: Resolution,
        messages: Sequence[Message],
        *,
        system: str | None = None,
        environ: Mapping[str, str],
        client: httpx.Client | None = None,
        stream: bool = True,
        timeout: float | None = None,
        fallback: bool = True,
        on_attempt: AttemptHook | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        policy: Policy | None = None,
    ) -> None:
        self.resolution = resolution
        self._policy: Policy = policy if policy is not None else OneShot()
        self._messages = tuple(messages)
        self._system = system
        self._environ = environ
        self._client = client
        self._stream = stream
        self._timeout = timeout
        self._chain = resolution.chain if fallback else resolution.chain[:1]
        self._on_attempt = on_attempt
        self._sleep = sleep
        self._clock = clock
        self.attempts: list[Attempt] = []
        self._parts: list[str] = []
        self._usage = Usage()
        self._finish: str | None = None
        self._status = 200  # the HTTP status of the answering response
        self._answer: ChatAnswer | None = None
        self._gen = self._run()

    def __iter__(self) -> Iterator[str]:
        # The generator itself, so a for loop resumes it with no Python-level __next__
        # per delta; next(stream) still works and advances the same generator.
        return self._gen

    def __next__(self) -> str:
        return next(self._gen)

    def __enter__(self) -> ChatStream:
        return self

    def __exit__(
        self, exc: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the request (if any) and release the connection."""
        self._gen.close()

    @property
    def printed(self) -> bool:
        """Whether any text has been handed out (from then on there is no failover)."""
        return bool(self._parts)

    @property
    def text(self) -> str:
        """The text received so far."""
        return "".join(self._parts)

    @property
    def answer(self) -> ChatAnswer:
        """The finished answer; only after the iteration has ended."""
        if self._answer is None:
            raise RuntimeError("the chat has not finished: iterate the stream to its end first")
        return self._answer

    # -- the chain ---------------------------------------------------------------------

    def _run(self) -> Generator[str, None, None]:
        from modelmap.providers.http import client as make_client

        http = self._client if self._client is not None else make_client(self._timeout)
        try:
            chain = self._policy.order(self.resolution, self._chain)
            waited = 0.0
            while True:
                tried = False
                free_in: list[float] = []
                for target in chain:
                    ticket = self._admit(target, free_in)
                    if ticket is None:
                        continue
                    tried = True
                    done = yield from self._target(http, target, ticket)
                    if done:
                        return
                wait = None if tried else all_limited(free_in, waited, self._policy.max_wait)
                if wait is None:
                    raise self._failed(limited=not tried and bool(free_in), waited=waited)
                self._sleep(wait)
                waited += wait
        finally:
            if self._client is None:
                http.close()

    def _admit(self, target: Target, free_in: list[float]) -> Ticket | None:
        """A ticket for ``target``, or None (recorded) when the policy passes it over."""
        admitted = self._policy.admit(target, self._messages, self._system)
        if isinstance(admitted, Refusal):
            if admitted.free_in is not None:
                free_in.append(admitted.free_in)
            self._record(target, admitted.outcome, detail=admitted.detail)
            return None
        return admitted

    def _record(
        self,
        target: Target,
        outcome: str,
        status: int | None = None,
        detail: str = "",
        started: float | None = None,
        ticket: Ticket | None = None,
        retrying: bool = False,
    ) -> None:
        latency = (self._clock() - started) * 1000.0 if started is not None else None
        attempt = Attempt(
            target.backend, target.provider, target.model_id, outcome, status, detail, latency
        )
        self.attempts.append(attempt)
        usage = self._usage if outcome == "ok" else None
        self._policy.observe(ticket, attempt, usage, retrying)
        if self._on_attempt is not None:
            self._on_attempt(attempt)

    def _target(
        self, http: httpx.Client, target: Target, ticket: Ticket
    ) -> Generator[str, None, bool]:
        """Try one chain entry; return True when it answered (as a generator's value)."""
        begun = self._begin(target)
        if begun is None:
            return False
        endpoint, provider, request = begun
        tries = 0
        while True:
            started = self._clock()
            self._usage, self._finish = Usage(), None  # nothing of a failed attempt carries over
            try:
                if self._stream:
                    yield from self._streamed(http, provider, endpoint, request)
                else:
                    self._whole(http, provider, endpoint, request)
            except ProviderError as exc:
                wait = self._attempt_failed(target, exc, started, ticket, tries)
                if wait is None:
                    return False
                self._sleep(wait)
                tries += 1
                again = self._admit(target, [])
                if again is None:
                    return False
                ticket = again
                continue
            except KeyboardInterrupt:
                self._record(target, "interrupted", None, "interrupted", started, ticket)
                raise
            self._record(target, "ok", self._status, "", started, ticket)
            self._answer = self._finished(target)
            return True

    def _begin(self, target: Target) -> tuple[Endpoint, Provider, ChatRequest] | None:
        """The endpoint, provider and request for ``target``, or None (recorded) when its
        key is missing or its configuration is wrong."""
        try:
            endpoint, parameters, provider = self._policy.prepare(target, self._environ)
        except MissingKeyError as exc:
            self._record(target, "missing_key", detail=str(exc))
            return None
        except ConfigError as exc:
            self._record(target, "config_error", detail=str(exc))
            return None
        request = ChatRequest(
            model_id=target.model_id,
            messages=self._messages,
            system=self._system,
            parameters=parameters,
            stream=self._stream,
        )
        return endpoint, provider, request

    def _attempt_failed(
        self, target: Target, exc: ProviderError, started: float, ticket: Ticket, tries: int
    ) -> float | None:
        """Record the attempt that failed with ``exc``: the seconds to wait before trying
        ``target`` again, or None to go on along the chain. Raises ChatFailedError where
        there is no failover (text already handed out, a rejected request)."""
        kind = exc.kind
        if self.printed:
            self._record(target, kind, exc.status, str(exc), started, ticket)
            raise ChatFailedError(
                f"{exc} (the answer broke off after text was printed, so no failover)",
                self.attempts,
                self.text,
            ) from None
        wait = self._policy.retry_wait(exc, tries)
        if wait is not None:
            detail = f"{exc} (retrying after {wait:g} s)"
            self._record(target, kind, exc.status, detail, started, ticket, True)
            return wait
        self._record(target, kind, exc.status, str(exc), started, ticket)
        if kind == ErrorKind.BAD_REQUEST.value:
            raise ChatFailedError(
                f"{exc} (a rejected request is not sent to other backends)",
                self.attempts,
            ) from None
        return None

    def _finished(self, target: Target) -> ChatAnswer:
        return ChatAnswer(
            model=self.resolution.model,
            target=target,
            text=self.text,
            usage=self._usage,
            finish_reason=self._finish,
            attempts=tuple(self.attempts),
        )

    def _failed(self, limited: bool = False, waited: float = 0.0) -> ChatFailedError:
        return failed(self.resolution, self.attempts, limited, waited, self._policy.max_wait)

    # -- one request -------------------------------------------------------------------

    def _deadline(self, endpoint: Endpoint) -> Deadline:
        from modelmap.providers.http import deadline_for

        return deadline_for(endpoint, self._timeout, clock=self._clock)

    def _streamed(
        self, http: httpx.Client, provider: Provider, endpoint: Endpoint, request: ChatRequest
    ) -> Iterator[str]:
        from modelmap.providers import http as wire

        built = wire.build(http, endpoint, provider.chat_request(endpoint, request), self._timeout)
        deadline = self._deadline(endpoint)
        response = wire.send(http, built, endpoint, deadline)
        try:
            if response.status_code >= 300:
                content = wire.read(response, endpoint, deadline)
                raise wire.response_error(provider, endpoint, response, content)
            self._status = response.status_code
            ctype = response.headers.get("content-type") or ""
            media = ctype.partition(";")[0].strip().lower()
            if provider.stream_format == "sse" and media.endswith(("/json", "+json")):
                # a server that ignores "stream" (or reports an error) with one JSON body
                content = wire.read(response, endpoint, deadline)
                if isinstance(wire.decode(content), dict):
                    self._take_whole(provider, endpoint, response, content)
                    if self._parts:
                        yield self.text
                    return
                # not one JSON object: an event stream under the wrong type, parsed as one
                chunks: Iterable[bytes] | None = (content,)
            else:
                chunks = None
            parts = self._parts
            events = wire.stream_events(provider, endpoint, response, deadline, chunks)
            for event in events:
                if event.usage is not None:
                    self._usage = merge_usage(self._usage, event.usage)
                if event.finish_reason:
                    self._finish = event.finish_reason
                text = event.text
                if text:
                    parts.append(text)
                    yield text
            if not parts and self._finish is None and self._usage == Usage():
                raise not_events(endpoint, built, response.status_code, ctype)
        finally:
            response.close()

    def _whole(
        self, http: httpx.Client, provider: Provider, endpoint: Endpoint, request: ChatRequest
    ) -> None:
        from modelmap.providers import http as wire

        built = wire.build(http, endpoint, provider.chat_request(endpoint, request), self._timeout)
        deadline = self._deadline(endpoint)
        response = wire.send(http, built, endpoint, deadline)
        try:
            content = wire.read(response, endpoint, deadline)
        finally:
            response.close()
        if response.status_code >= 300:
            raise wire.response_error(provider, endpoint, response, content)
        self._status = response.status_code
        self._take_whole(provider, endpoint, response, content)

    def _take_whole(
        self, provider: Provider, endpoint: Endpoint, response: httpx.Response, content: bytes
    ) -> None:
        """Take the text, usage and finish reason of a whole JSON answer (``content``)."""
        from modelmap.providers import http as wire

        body = wire.decode(content)
        error = wire.error_object(provider, body)
        if error is not None:
            request = response.request
            raise wire.provider_error(endpoint, request.method, str(request.url), error)
        if not isinstance(body, dict):
            fail = Failure(
                ErrorKind.SERVER, response.status_code, "the answer is not a JSON object"
            )
            request = response.request
            raise wire.provider_error(endpoint, request.method, str(request.url), fail)
        try:
            result = provider.parse_response(body)
        except wire.PARSE_ERRORS as exc:
            raise wire.parse_failure(endpoint, response.request, exc) from None
        self._usage = merge_usage(self._usage, result.usage)
        self._finish = result.finish_reason
        if result.text:
            self._parts.append(result.text)
