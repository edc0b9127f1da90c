"""Retries and backoff, cooldown, strategies and rate limits, with an injected clock."""

from __future__ import annotations

from typing import Any

import pytest
from fakeprovider import Behaviour
from router_helpers import ENV, KEY, Clock, backend, mapping

from modelmap.errors import ChatFailedError
from modelmap.router import Router


def _router(config: Any, clock: Clock, **kw: Any) -> Router:
    return Router(config, environ=ENV, clock=clock, sleep=clock.sleep, **kw)


def test_retries_back_off_exponentially_with_jitter_then_succeed(
    fake_provider: Any, load: Any
) -> None:
    fake_provider.add("rp-retry", key=KEY, models=["m"], behaviour=Behaviour(script=[500, 503, 0]))
    config = load(
        mapping(
            {"a": {"backend": "rp-retry/m"}},
            {"rp-retry": backend(fake_provider, "rp-retry")},
            {"retries": 2, "backoff": {"initial": 0.5, "max": 0.75}},
        )
    )
    clock = Clock()
    with _router(config, clock, random=lambda: 0.5) as router:
        answer = router.chat("a", "hi")
    assert answer.text == "Hello, world"
    assert clock.slept == [0.25, 0.375]  # full jitter (x0.5) of 0.5, then of min(1.0, 0.75)
    assert [a.outcome for a in answer.attempts] == ["server", "server", "ok"]
    assert "retrying after 0.25 s" in answer.attempts[0].detail


def test_retry_after_is_honoured_up_to_max_retry_after(fake_provider: Any, load: Any) -> None:
    fake_provider.add(
        "rp-ra", key=KEY, models=["m"], behaviour=Behaviour(script=[429, 0], retry_after="20")
    )
    fake_provider.add("rp-ra2", key=KEY, models=["m"])
    backends = {n: backend(fake_provider, n) for n in ("rp-ra", "rp-ra2")}
    models = {"a": {"backend": "rp-ra/m", "fallbacks": ["rp-ra2/m"]}}
    clock = Clock()
    with _router(load(mapping(models, backends, {"max_retry_after": 30})), clock) as router:
        answer = router.chat("a", "hi")
    assert clock.slept == [20.0]
    assert answer.backend == "rp-ra"
    fake_provider.set_behaviour("rp-ra", Behaviour(script=[429, 0], retry_after_ms="40000"))
    clock = Clock()
    with _router(load(mapping(models, backends, {"max_retry_after": 30})), clock) as router:
        answer = router.chat("a", "hi")
    assert clock.slept == []  # 40 s is beyond max_retry_after: on to the next backend
    assert answer.backend == "rp-ra2"


def test_cooldown_skips_a_failing_backend_then_tries_it_again(
    fake_provider: Any, load: Any
) -> None:
    fake_provider.add("rp-cool", key=KEY, models=["m"], behaviour=Behaviour(status=503))
    fake_provider.add("rp-warm", key=KEY, models=["m"])
    backends = {n: backend(fake_provider, n) for n in ("rp-cool", "rp-warm")}
    models = {"a": {"backend": "rp-cool/m", "fallbacks": ["rp-warm/m"]}}
    config = load(mapping(models, backends, {"cooldown": {"failures": 2, "seconds": 30}}))
    clock = Clock()
    with _router(config, clock) as router:
        router.chat("a", "hi")
        router.chat("a", "hi")
        assert router.stats()["rp-cool"]["cooldown_until"] == pytest.approx(1030.0)
        skipped = router.chat("a", "hi")
        assert [a.outcome for a in skipped.attempts] == ["cooldown", "ok"]
        assert len(fake_provider.requests("rp-cool")) == 2
        clock.now += 30.0
        fake_provider.set_behaviour("rp-cool", Behaviour())
        again = router.chat("a", "hi")
        stats = router.stats()["rp-cool"]
    assert again.backend == "rp-cool"
    assert (stats["requests"], stats["failures"], stats["consecutive_failures"]) == (3, 2, 0)
    assert stats["cooldown_until"] is None


def test_every_entry_cooling_down_fails_at_once_saying_so(fake_provider: Any, load: Any) -> None:
    fake_provider.add("rp-down", key=KEY, models=["m"], behaviour=Behaviour(status=500))
    config = load(
        mapping(
            {"a": {"backend": "rp-down/m"}},
            {"rp-down": backend(fake_provider, "rp-down")},
            {"cooldown": {"failures": 1, "seconds": 60}},
        )
    )
    with _router(config, Clock()) as router:
        with pytest.raises(ChatFailedError):
            router.chat("a", "hi")
        with pytest.raises(ChatFailedError, match="cooling down"):
            router.chat("a", "hi")
    assert len(fake_provider.requests("rp-down")) == 1


def _priced(fake: Any, names: list[str], prices: dict[str, float | None]) -> dict[str, Any]:
    out = {}
    for n in names:
        fake.add(n, key=KEY, models=["m"])
        price = prices.get(n)
        catalog = {
            "m": {"pricing": {"input": price, "output": price}} if price is not None else None
        }
        out[n] = backend(fake, n, models=catalog)
    return out


def test_cheapest_sorts_by_price_with_unknown_prices_last(fake_provider: Any, load: Any) -> None:
    names = ["rp-c1", "rp-c2", "rp-c3", "rp-c4"]
    backends = _priced(
        fake_provider, names, {"rp-c1": 0.03, "rp-c2": None, "rp-c3": 0.01, "rp-c4": 0.01}
    )
    for n in ("rp-c3", "rp-c4", "rp-c1"):
        fake_provider.set_behaviour(n, Behaviour(status=500))
    model = {
        "backend": "rp-c1/m",
        "fallbacks": [f"{n}/m" for n in names[1:]],
        "strategy": "cheapest",
    }
    with _router(load(mapping({"a": model}, backends)), Clock()) as router:
        answer = router.chat("a", "hi")
    assert [a.backend for a in answer.attempts] == ["rp-c3", "rp-c4", "rp-c1", "rp-c2"]


def test_weighted_picks_by_weight_among_healthy_entries(fake_provider: Any, load: Any) -> None:
    names = ["rp-w1", "rp-w2", "rp-w3"]
    backends = _priced(fake_provider, names, {})
    model = {
        "backend": "rp-w1/m",
        "fallbacks": ["rp-w2/m", "rp-w3/m"],
        "strategy": "weighted",
        "weights": {"rp-w1/m": 2, "rp-w2/m": 1, "rp-w3/m": 1},
    }
    # each call draws the whole order: the first draw of each triple picks the first entry
    draws = iter([0.0, 0.0, 0.0, 0.55, 0.0, 0.0, 0.9, 0.0, 0.0])
    with _router(
        load(mapping({"a": model}, backends)), Clock(), random=lambda: next(draws)
    ) as router:
        first = router.chat("a", "hi").backend  # 0.0 * 4 -> w1
        second = router.chat("a", "hi").backend  # 0.55 * 4 = 2.2 -> w2
        third = router.chat("a", "hi").backend  # 0.9 * 4 = 3.6 -> w3
    assert (first, second, third) == ("rp-w1", "rp-w2", "rp-w3")


def test_latency_tries_untried_entries_first_then_the_fastest(
    fake_provider: Any, load: Any
) -> None:
    import httpx

    names = ["rp-l1", "rp-l2"]
    backends = _priced(fake_provider, names, {})
    model = {"backend": "rp-l1/m", "fallbacks": ["rp-l2/m"], "strategy": "latency"}
    clock = Clock()
    took = {"rp-l1": 0.5, "rp-l2": 0.1}  # seconds each backend "takes", on the test's clock

    def answered(response: httpx.Response) -> None:
        clock.now += took[response.request.url.path.split("/")[2]]

    client = httpx.Client(event_hooks={"response": [answered]})
    config = load(mapping({"a": model}, backends))
    with client, Router(config, environ=ENV, clock=clock, client=client) as router:
        orders = [[a.backend for a in router.chat("a", "hi").attempts] for _ in range(3)]
        stats = router.stats()
    assert orders == [["rp-l1"], ["rp-l2"], ["rp-l2"]]  # untried rp-l2 next, then the faster
    assert stats["rp-l1"]["latency_ms"] == pytest.approx(500.0)
    assert stats["rp-l2"]["latency_ms"] == pytest.approx(100.0)


def test_rate_limit_passes_over_a_full_backend_then_waits_up_to_max_wait(
    fake_provider: Any, load: Any
) -> None:
    fake_provider.add("rp-rl1", key=KEY, models=["m"])
    fake_provider.add("rp-rl2", key=KEY, models=["m"])
    backends = {
        "rp-rl1": backend(fake_provider, "rp-rl1", rate_limits={"requests_per_minute": 2}),
        "rp-rl2": backend(fake_provider, "rp-rl2", rate_limits={"requests_per_minute": 1}),
    }
    models = {"a": {"backend": "rp-rl1/m", "fallbacks": ["rp-rl2/m"]}}
    clock = Clock()
    with _router(load(mapping(models, backends, {"max_wait": 90})), clock) as router:
        assert [router.chat("a", "hi").backend for _ in range(3)] == ["rp-rl1", "rp-rl1", "rp-rl2"]
        passed = router.chat("a", "hi")
        assert clock.slept == [60.0]  # both full: waited for the oldest request to age out
        assert [a.outcome for a in passed.attempts][:2] == ["rate_limited_local"] * 2
        assert router.stats()["rp-rl1"]["requests_left"] == 1  # two aged out, one sent since
    with _router(load(mapping(models, backends, {"max_wait": 5})), Clock()) as router:
        for _ in range(3):
            router.chat("a", "hi")
        with pytest.raises(
            ChatFailedError, match=r"client-side rate limit.*waited 5 s of router\.max_wait 5 s"
        ):
            router.chat("a", "hi")


def test_tokens_per_minute_count_the_reported_usage(fake_provider: Any, load: Any) -> None:
    fake_provider.add("rp-tpm", key=KEY, models=["m"], behaviour=Behaviour(usage=(40, 10)))
    backends = {"rp-tpm": backend(fake_provider, "rp-tpm", rate_limits={"tokens_per_minute": 120})}
    config = load(mapping({"a": {"backend": "rp-tpm/m"}}, backends, {"max_wait": 0}))
    with _router(config, Clock()) as router:
        router.chat("a", "x" * 40)
        assert router.stats()["rp-tpm"]["tokens_left"] == 70  # 50 reported, not the estimate
        router.chat("a", "x" * 40)
        with pytest.raises(ChatFailedError, match="client-side rate limit"):
            router.chat("a", "x" * 400, max_tokens=10)  # estimate 110 > 20 left


def test_burst_of_200_at_60_rpm_never_exceeds_the_limit_in_any_window(load: Any) -> None:
    import httpx

    sent: list[float] = []
    clock = Clock()

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(clock.now)
        return httpx.Response(200, json={"choices": [{"message": {"content": "ok"}}]})

    backends = {
        "b": {
            "provider": "custom",
            "base_url": "http://127.0.0.1:9/v1",
            "rate_limits": {"requests_per_minute": 60},
        }
    }
    config = load(mapping({"a": {"backend": "b/m"}}, backends, {"max_wait": 60}))
    client = httpx.Client(transport=httpx.MockTransport(handler))
    with client, _router(config, clock, client=client) as router:
        for _ in range(200):
            clock.now += 0.01
            router.chat("a", "hi")
    assert len(sent) == 200
    worst = max(sum(1 for t in sent if start <= t < start + 60.0) for start in sent)
    assert worst <= 60


def test_async_calls_retry_and_cool_down_like_sync_ones(fake_provider: Any, load: Any) -> None:
    import asyncio

    fake_provider.add("rp-async", key=KEY, models=["m"], behaviour=Behaviour(script=[503, 0]))
    fake_provider.add("rp-async2", key=KEY, models=["m"])
    backends = {n: backend(fake_provider, n) for n in ("rp-async", "rp-async2")}
    models = {"a": {"backend": "rp-async/m", "fallbacks": ["rp-async2/m"]}}
    router_section = {
        "retries": 1,
        "backoff": {"initial": 2, "max": 2},
        "cooldown": {"failures": 1},
    }
    clock = Clock()

    async def main() -> tuple[Any, Any, Any]:
        async with _router(
            load(mapping(models, backends, router_section)), clock, random=lambda: 1.0
        ) as router:
            first = await router.achat("a", "hi")
            fake_provider.set_behaviour("rp-async", Behaviour(status=500))
            second = await router.achat("a", "hi")
            stream = router.astream("a", "hi")
            parts = [t async for t in stream]
            return first, second, (parts, stream.answer)

    first, second, (parts, third) = asyncio.run(main())
    assert clock.slept[0] == 2.0
    assert [a.outcome for a in first.attempts] == ["server", "ok"]
    assert second.backend == "rp-async2"  # the retry failed too: cooling down from now
    assert "".join(parts) == "Hello, world"
    assert [a.outcome for a in third.attempts] == ["cooldown", "ok"]


def test_retry_after_as_an_http_date() -> None:
    import time
    from email.utils import formatdate

    from modelmap.providers.common import retry_after

    later = formatdate(time.time() + 120, usegmt=True)
    wait = retry_after({"Retry-After": later})
    assert wait is not None and 100 < wait <= 120
    assert retry_after({"Retry-After": formatdate(time.time() - 60, usegmt=True)}) == 0.0
    assert retry_after({"Retry-After": "soon"}) is None
    assert retry_after({"retry-after-ms": "1500"}) == 1.5
