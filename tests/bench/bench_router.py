"""Benchmarks for ``modelmap.Router`` (not collected by pytest). Run:

    .venv/bin/python tests/bench/bench_router.py

(a) ``import modelmap`` plus building a Router, vs ``import litellm``, each in a fresh
    interpreter in the same run (target: ratio <= 1/20).
(b) Per request, non-streamed, through a warm Router vs a bare ``httpx.Client.post`` of
    the same body on the same client (target <= 1.15x). Alternating batches, medians.
(c) 500 concurrent ``astream`` calls on one event loop: they all complete; wall time and
    the peak of traced Python memory.
(d) Rate-limit accuracy: 60 requests per minute, a burst of 200 calls on an injected clock;
    the most requests sent in any 60 s window (target <= 60).

Everything runs against a small asyncio HTTP/1.1 server on 127.0.0.1 in a child process.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compiled import compile_modelmap

ANSWER = json.dumps(
    {
        "choices": [{"index": 0, "message": {"content": "hello"}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1},
    }
).encode()
DELTAS = 20  # per streamed answer in (c)


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def _config(folder: Path, port: int, rpm: int | None = None) -> Path:
    limits = f"\n    rate_limits: {{requests_per_minute: {rpm}}}" if rpm else ""
    path = folder / "modelmap.yaml"
    path.write_text(
        "models:\n  m: {backend: local/m}\nbackends:\n  local:\n    provider: custom\n"
        f"    base_url: http://127.0.0.1:{port}/v1{limits}\nrouter: {{max_wait: 60}}\n"
    )
    return path


def _fresh(code: str) -> float:
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def part_a(config: Path) -> None:
    ours = (
        "import time; t = time.perf_counter(); import modelmap; "
        f"modelmap.Router({str(config)!r}); print(time.perf_counter() - t)"
    )
    theirs = (
        "import time, warnings; warnings.simplefilter('ignore'); t = time.perf_counter(); "
        "import litellm; print(time.perf_counter() - t)"
    )
    mine, lite = [], []
    for _ in range(3):
        mine.append(_fresh(ours))
        lite.append(_fresh(theirs))
    a, b = statistics.median(mine), statistics.median(lite)
    print(
        f"(a) import modelmap + Router: {a * 1000:.0f} ms; import litellm: {b * 1000:.0f} ms; "
        f"ratio 1/{b / a:.0f} (target <= 1/20)"
    )


def part_b(config: Path, port: int) -> None:
    import httpx

    import modelmap

    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": False}
    with httpx.Client() as client, modelmap.Router(config, client=client, environ={}) as router:
        for _ in range(100):  # warm both paths and the pool
            router.chat("m", "hi")
            client.post(url, json=body)
        routed, bare = [], []
        clock = time.perf_counter
        for _ in range(1500):  # alternate single requests: the machine's load hits both alike
            start = clock()
            router.chat("m", "hi")
            routed.append(clock() - start)
            start = clock()
            client.post(url, json=body).json()
            bare.append(clock() - start)
    r, b = statistics.median(routed), statistics.median(bare)
    print(
        f"(b) per request (median of 1500 alternating): Router {r * 1e6:.0f} us, bare "
        f"httpx.Client.post {b * 1e6:.0f} us; {r / b:.3f}x (target <= 1.15x)"
    )


def part_c(config: Path, port: int) -> None:
    import httpx

    import modelmap

    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": True}

    async def routed() -> tuple[int, float]:
        async with modelmap.Router(config, environ={}) as router:

            async def one() -> int:
                return len([t async for t in router.astream("m", "hi")])

            start = time.perf_counter()
            counts = await asyncio.gather(*(one() for _ in range(500)))
            return sum(1 for c in counts if c == DELTAS), time.perf_counter() - start

    async def bare() -> float:
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
        async with httpx.AsyncClient(limits=limits, timeout=60) as client:

            async def one() -> None:
                async with client.stream("POST", url, json=body) as response:
                    async for _line in response.aiter_lines():
                        pass

            start = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(500)))
            return time.perf_counter() - start

    done, wall = asyncio.run(routed())
    baseline = asyncio.run(bare())
    tracemalloc.start()  # a run of its own: tracing slows every allocation several times
    traced, _ = asyncio.run(routed())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"(c) 500 concurrent astream calls: {done}/500 complete with {DELTAS} deltas each in "
        f"{wall:.2f} s (bare httpx.AsyncClient streams, same pool size: {baseline:.2f} s); "
        f"peak traced Python memory of a run {peak / 2**20:.1f} MiB ({traced}/500 complete)"
    )


def part_d(folder: Path) -> None:
    import httpx

    import modelmap

    now = [0.0]
    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(now[0])
        return httpx.Response(200, content=ANSWER, headers={"content-type": "application/json"})

    def sleep(seconds: float) -> None:
        now[0] += seconds

    config = _config(folder, 9, rpm=60)
    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        modelmap.Router(config, client=client, environ={}, clock=lambda: now[0], sleep=sleep) as r,
    ):
        for _ in range(200):
            now[0] += 0.001
            r.chat("m", "hi")
    worst = max(sum(1 for t in sent if s <= t < s + 60.0) for s in sent)
    print(
        f"(d) 60 rpm, burst of 200: {len(sent)} sent over {now[0]:.0f} s of injected time; "
        f"at most {worst} in any 60 s window (target <= 60)"
    )


def _reply(body: bytes) -> bytes:
    if b'"stream": true' not in body and b'"stream":true' not in body:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(ANSWER)}\r\n\r\n"
        )
        return head.encode() + ANSWER
    delta = {"choices": [{"index": 0, "delta": {"content": "tok "}, "finish_reason": None}]}
    frame = _chunk(f"data: {json.dumps(delta)}\n\n".encode())
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    return head + frame * DELTAS + _chunk(b"data: [DONE]\n\n") + b"0\r\n\r\n"


async def _connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """HTTP/1.1 keep-alive, just enough for these requests (Content-Length bodies)."""
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            writer.write(_reply(await reader.readexactly(length)))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        writer.close()


def serve() -> None:
    """The child process: an asyncio server on a free port; prints it, stops when stdin closes."""

    async def run() -> None:
        server = await asyncio.start_server(_connection, "127.0.0.1", 0, backlog=1024)
        print(server.sockets[0].getsockname()[1], flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)
        server.close()

    asyncio.run(run())


def main() -> None:
    compile_modelmap()
    # the server runs in a child process so that its work does not share our GIL
    child = subprocess.Popen(
        [sys.executable, __file__, "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdin is not None
    port = int(child.stdout.readline())
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            config = _config(folder, port)
            wanted = set(sys.argv[1:]) or {"a", "b", "c", "d"}  # e.g. "b c" runs only those
            if "a" in wanted:
                part_a(config)
            if "b" in wanted:
                part_b(config, port)
            if "c" in wanted:
                part_c(config, port)
            if "d" in wanted:
                part_d(folder)
    finally:
        child.stdin.close()
        child.wait(timeout=30)


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        main()
