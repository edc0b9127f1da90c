"""Threads and tasks sharing one Router, reload, cancellation and on_attempt."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import httpx
import yaml
from fakeprovider import Behaviour
from router_helpers import ENV, KEY, backend, mapping

from modelmap.errors import ConfigError
from modelmap.router import Router


def test_many_threads_share_one_router_and_stats_add_up(fake_provider: Any, load: Any) -> None:
    fake_provider.add("rl-th", key=KEY, models=["m"])
    config = load(
        mapping({"a": {"backend": "rl-th/m"}}, {"rl-th": backend(fake_provider, "rl-th")})
    )
    seen: list[str] = []
    lock = threading.Lock()

    def hook(attempt: Any) -> None:
        with lock:
            seen.append(attempt.outcome)

    texts: list[str] = []
    with Router(config, environ=ENV, on_attempt=hook) as router:

        def work() -> None:
            for _ in range(5):
                texts.append(router.chat("a", "hi").text)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        stats = router.stats()["rl-th"]
    assert texts == ["Hello, world"] * 40
    assert seen == ["ok"] * 40
    assert (stats["requests"], stats["failures"]) == (40, 0)


def test_many_tasks_share_one_router_on_one_loop(fake_provider: Any, load: Any) -> None:
    fake_provider.add("rl-tasks", key=KEY, models=["m"])
    config = load(
        mapping({"a": {"backend": "rl-tasks/m"}}, {"rl-tasks": backend(fake_provider, "rl-tasks")})
    )

    async def main() -> tuple[list[str], dict[str, Any]]:
        async with Router(config, environ=ENV) as router:
            answers = await asyncio.gather(*(router.achat("a", "hi") for _ in range(50)))
            return [a.text for a in answers], router.stats()["rl-tasks"]

    texts, stats = asyncio.run(main())
    assert texts == ["Hello, world"] * 50
    assert stats["requests"] == 50


def test_reload_takes_a_good_edit_and_keeps_the_mapping_on_a_broken_one(
    fake_provider: Any, tmp_path: Path
) -> None:
    fake_provider.add("rl-r1", key=KEY, models=["m"])
    fake_provider.add("rl-r2", key=KEY, models=["m"])
    backends = {n: backend(fake_provider, n) for n in ("rl-r1", "rl-r2")}
    path = tmp_path / "modelmap.yaml"
    path.write_text(yaml.safe_dump(mapping({"a": {"backend": "rl-r1/m"}}, backends)))
    errors: list[ConfigError] = []
    with Router(path, environ=ENV, reload=True, on_reload_error=errors.append) as router:
        assert router.chat("a", "hi").backend == "rl-r1"
        path.write_text(yaml.safe_dump(mapping({"a": {"backend": "rl-r2/m"}}, backends)))
        assert router.chat("a", "hi").backend == "rl-r2"
        path.write_text("models:\n  a: {backend: rl-r1/m, temprature: 2}\n  b: [\n")
        assert router.chat("a", "hi").backend == "rl-r2"  # the old mapping, whole
        assert router.chat("a", "hi").backend == "rl-r2"
    assert len(errors) == 1  # reported once, not on every call
    assert "error" in str(errors[0])


def test_without_reload_the_file_is_read_once(fake_provider: Any, tmp_path: Path) -> None:
    fake_provider.add("rl-once", key=KEY, models=["m"])
    backends = {"rl-once": backend(fake_provider, "rl-once")}
    path = tmp_path / "modelmap.yaml"
    path.write_text(yaml.safe_dump(mapping({"a": {"backend": "rl-once/m"}}, backends)))
    with Router(path, environ=ENV) as router:
        path.write_text("broken: [\n")
        assert router.chat("a", "hi").text == "Hello, world"


def test_cancelled_streams_give_their_connections_back(fake_provider: Any, load: Any) -> None:
    slow = Behaviour(chunks=["a"] * 50, chunk_delay=0.05)
    fake_provider.add("rl-cancel", key=KEY, models=["m"], behaviour=slow)
    config = load(
        mapping(
            {"a": {"backend": "rl-cancel/m"}}, {"rl-cancel": backend(fake_provider, "rl-cancel")}
        )
    )
    outcomes: list[str] = []

    async def main() -> str:
        limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
        async with httpx.AsyncClient(limits=limits) as client:
            router = Router(
                config,
                environ=ENV,
                async_client=client,
                on_attempt=lambda a: outcomes.append(a.outcome),
            )

            async def read_one() -> None:
                async for _text in router.astream("a", "hi"):
                    pass

            tasks = [asyncio.create_task(read_one()) for _ in range(4)]
            while len(fake_provider.requests("rl-cancel")) < 2:
                await asyncio.sleep(0.01)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            fake_provider.set_behaviour("rl-cancel", Behaviour())
            # with both connections still held this would wait for the pool, and time out
            answer = await asyncio.wait_for(router.achat("a", "hi"), timeout=5)
            return answer.text

    assert asyncio.run(main()) == "Hello, world"
    assert "cancelled" in outcomes
