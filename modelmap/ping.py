"""``ping``: prove that every backend answers, accepts its key and serves its model ids.

No tokens are spent: each provider's model-list call (one per backend, serving all of its
model ids) or model lookup is used. Probes run concurrently on one ``httpx.AsyncClient``,
at most ``concurrency`` requests in flight. Results are plain values; the CLI renders them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from modelmap.config.model import Config
from modelmap.errors import ConfigError, MissingKeyError
from modelmap.providers import http, netbounds, pools
from modelmap.providers.base import ErrorKind, Failure, HttpRequest, ProbeResult, Provider
from modelmap.providers.bounds import Deadline, DeadlineExceeded
from modelmap.providers.registry import provider_for
from modelmap.resolution import Endpoint, Target
from modelmap.resolve import endpoint_for, resolve

DEFAULT_CONCURRENCY = 64  # probes are one small GET per backend, mostly to different hosts
DEFAULT_TIMEOUT = 10.0  # seconds: a probe is small; a backend's own ``timeout`` wins
# the whole probe may take this much longer than its timeout, so that a server silent for
# the timeout is reported as a timeout and only one that keeps sending as the deadline
DEADLINE_GRACE = 0.25

STATUS = {
    ErrorKind.AUTH: "auth_failed",
    ErrorKind.MODEL_NOT_FOUND: "model_not_found",
    ErrorKind.RATE_LIMITED: "rate_limited",
    ErrorKind.OVERLOADED: "overloaded",
    ErrorKind.SERVER: "server_error",
    ErrorKind.BAD_REQUEST: "bad_request",
    ErrorKind.UNREACHABLE: "unreachable",
    ErrorKind.TIMEOUT: "timeout",
    ErrorKind.DEADLINE: "deadline",
    ErrorKind.BODY_TOO_LARGE: "body_too_large",
    ErrorKind.LINE_TOO_LONG: "line_too_long",
    ErrorKind.EVENT_TOO_LARGE: "event_too_large",
}


@dataclass(frozen=True)
class PingResult:
    """The outcome for one backend and model id."""

    backend: str
    provider: str
    model_id: str
    status: str  # ok, or one of STATUS's values, missing_key, config_error
    http_status: int | None
    latency_ms: float | None
    detail: str

    @property
    def ok(self) -> bool:
        """True when the probe passed."""
        return self.status == "ok"

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``ping --json`` (latency to 0.1 ms, as chat's attempts)."""
        out = asdict(self)
        if self.latency_ms is not None:
            out["latency_ms"] = round(self.latency_ms, 1)
        return out


@dataclass(frozen=True)
class BackendPlan:
    """The model ids to probe on one backend (targets share its URL, key and headers)."""

    backend: str
    target: Target
    model_ids: tuple[str, ...]


def plan(config: Config, names: Sequence[str] = ()) -> list[BackendPlan]:
    """Backends and model ids to probe: the chains of ``names``, or of every enabled model."""
    if names:
        chains = [resolve(config, name).chain for name in names]
    else:
        chains = [resolve(config, m.name).chain for m in config.models.values() if m.enabled]
    first: dict[str, Target] = {}
    ids: dict[str, list[str]] = {}
    for chain in chains:
        for target in chain:
            first.setdefault(target.backend, target)
            seen = ids.setdefault(target.backend, [])
            if target.model_id not in seen:
                seen.append(target.model_id)
    return [BackendPlan(b, first[b], tuple(ids[b])) for b in first]


Clock = Callable[[], float]
OnResult = Callable[[PingResult], None]


class _Prober:
    """Runs the probes of one ping: one client, one semaphore, one clock."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        concurrency: int,
        timeout: float | None,
        clock: Clock,
        on_result: OnResult | None,
    ) -> None:
        self.client = client
        self.semaphore = asyncio.Semaphore(max(1, concurrency))
        self.timeout = timeout
        self.clock = clock
        self.on_result = on_result
        self.results: list[PingResult] = []

    def _emit(
        self,
        target: Target,
        model_id: str,
        status: str,
        code: int | None,
        ms: float | None,
        detail: str,
    ) -> None:
        result = PingResult(target.backend, target.provider, model_id, status, code, ms, detail)
        self.results.append(result)
        if self.on_result is not None:
            self.on_result(result)

    async def _send(
        self, endpoint: Endpoint, request: HttpRequest
    ) -> tuple[int | None, Any, Mapping[str, str], float | None, Failure | None]:
        """Status, decoded body, headers, latency in ms (None: never sent), and a Failure
        for transport errors."""
        timeout = (
            self.timeout if self.timeout is not None else (endpoint.timeout or DEFAULT_TIMEOUT)
        )
        unsendable = http.unsendable(request, endpoint.api_key)
        if unsendable is not None:
            return None, None, {}, None, unsendable
        built = http.build(self.client, endpoint, request, timeout)
        async with self.semaphore:
            start = self.clock()
            deadline = Deadline(timeout)
            try:
                # the whole probe, headers trickled byte by byte or a body without end
                # included, within the timeout: httpx's own timeouts are per read
                code, headers, content = await asyncio.wait_for(
                    self._exchange(built, deadline), timeout + DEADLINE_GRACE
                )
            except TimeoutError:
                fail = http.transport_failure(DeadlineExceeded(deadline.message()))
                return None, None, {}, (self.clock() - start) * 1000, fail
            except http.NETWORK_ERRORS as exc:
                return None, None, {}, (self.clock() - start) * 1000, http.transport_failure(exc)
            latency = (self.clock() - start) * 1000
        if code >= 300:
            body = http.error_body(content, http.secrets_of(endpoint))
        else:
            body = http.decode(content)
        return code, body, headers, latency, None

    async def _exchange(
        self, request: httpx.Request, deadline: Deadline
    ) -> tuple[int, httpx.Headers, bytes]:
        response = await self.client.send(request, stream=True)
        try:
            content = await netbounds.aread_body(response, deadline)
        finally:
            await response.aclose()
        return response.status_code, response.headers, content

    def _fail(
        self,
        endpoint: Endpoint,
        model_ids: Iterable[str],
        request: HttpRequest,
        fail: Failure,
        ms: float | None,
    ) -> None:
        detail = _detail(endpoint, request, fail)
        for model_id in model_ids:
            self._emit(endpoint.target, model_id, STATUS[fail.kind], fail.status, ms, detail)

    async def lookup(self, provider: Provider, endpoint: Endpoint, model_id: str) -> None:
        """Probe one model id with the provider's lookup call."""
        request = provider.probe_request(endpoint, model_id)
        code, body, headers, ms, transport = await self._send(endpoint, request)
        if transport is not None or code is None:
            self._fail(endpoint, [model_id], request, transport or _unknown(), ms)
        elif code >= 300:
            fail = http.status_failure(provider, code, headers, body)
            self._fail(endpoint, [model_id], request, fail, ms)
        elif not isinstance(body, dict):
            self._fail(endpoint, [model_id], request, _not_json(code, headers), ms)
        else:
            self._judge(
                endpoint, request, provider.probe_result(code, body, model_id), model_id, code, ms
            )

    def _judge(
        self,
        endpoint: Endpoint,
        request: HttpRequest,
        result: ProbeResult,
        model_id: str,
        code: int,
        ms: float | None,
    ) -> None:
        if result.ok:
            self._emit(endpoint.target, model_id, "ok", code, ms, result.detail)
        else:
            kind = result.kind or ErrorKind.SERVER
            self._fail(endpoint, [model_id], request, Failure(kind, code, result.detail), ms)

    async def backend(self, item: BackendPlan, environ: Mapping[str, str]) -> None:
        """Probe every model id of one backend."""
        pools.shard_key.set(item.backend)  # this task's requests share one connection pool
        try:
            endpoint = endpoint_for(item.target, environ)
        except MissingKeyError as exc:
            hint = f" ({exc.hint})" if exc.hint else ""
            for model_id in item.model_ids:
                self._emit(
                    item.target,
                    model_id,
                    "missing_key",
                    None,
                    None,
                    f"{exc.variable} is not set; {exc.where} needs it{hint}; no request sent",
                )
            return
        except ConfigError as exc:
            for model_id in item.model_ids:
                self._emit(item.target, model_id, "config_error", None, None, str(exc))
            return
        provider = provider_for(item.target)
        if not provider.lists_models:
            await asyncio.gather(*(self.lookup(provider, endpoint, m) for m in item.model_ids))
            return
        request = provider.probe_request(endpoint, None)
        code, body, headers, ms, transport = await self._send(endpoint, request)
        if transport is not None or code is None:
            self._fail(endpoint, item.model_ids, request, transport or _unknown(), ms)
            return
        if code == 404:  # no list call at this URL: ask for each model instead
            await asyncio.gather(*(self.lookup(provider, endpoint, m) for m in item.model_ids))
            return
        if code >= 300:
            fail = http.status_failure(provider, code, headers, body)
            self._fail(endpoint, item.model_ids, request, fail, ms)
            return
        if not isinstance(body, (dict, list)):  # a list: Together's models are a bare array
            self._fail(endpoint, item.model_ids, request, _not_json(code, headers), ms)
            return
        missing = []
        for model_id in item.model_ids:
            result = provider.probe_result(code, body, model_id)
            if result.ok:
                self._emit(endpoint.target, model_id, "ok", code, ms, "")
            else:
                missing.append(model_id)
        # not in the list: aliases such as "-latest" are not listed but resolve on lookup
        await asyncio.gather(*(self.lookup(provider, endpoint, m) for m in missing))


def _unknown() -> Failure:
    return Failure(ErrorKind.UNREACHABLE, None, "no response")


def _not_json(code: int, headers: Mapping[str, str]) -> Failure:
    """A success whose body is not an API's JSON (a web page at the base_url, say)."""
    ctype = headers.get("content-type") or "none"
    return Failure(
        ErrorKind.SERVER,
        code,
        f"the answer is not a JSON object (Content-Type: {ctype}; is base_url the API's address?)",
    )


def _detail(endpoint: Endpoint, request: HttpRequest, fail: Failure) -> str:
    parts = [fail.message] if fail.message else []
    if fail.retry_after is not None:
        parts.append(f"retry after {fail.retry_after:g}s")
    parts.append(f"{request.method} {http.safe_url(request.url)}")
    parts.append(http.hint(fail.kind))
    return http.redact("; ".join(parts), http.secrets_of(endpoint))


async def ping_async(
    plans: Sequence[BackendPlan],
    environ: Mapping[str, str],
    client: httpx.AsyncClient,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float | None = None,
    clock: Clock = time.perf_counter,
    on_result: OnResult | None = None,
) -> list[PingResult]:
    """Probe every planned backend on ``client``; results in plan order."""
    prober = _Prober(client, concurrency, timeout, clock, on_result)
    await asyncio.gather(*(prober.backend(item, environ) for item in plans))
    order = {(p.backend, m): i for p in plans for i, m in enumerate(p.model_ids)}
    rank = {p.backend: i for i, p in enumerate(plans)}
    return sorted(
        prober.results,
        key=lambda r: (rank[r.backend], order.get((r.backend, r.model_id), 0)),
    )


def ping(
    plans: Sequence[BackendPlan],
    environ: Mapping[str, str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    timeout: float | None = None,
    on_result: OnResult | None = None,
) -> list[PingResult]:
    """Run :func:`ping_async` on a fresh client (one per run)."""

    async def main() -> list[PingResult]:
        async with pools.async_client(timeout, max_connections=max(1, concurrency)) as client:
            return await ping_async(
                plans,
                environ,
                client,
                concurrency=concurrency,
                timeout=timeout,
                on_result=on_result,
            )

    return asyncio.run(main())
