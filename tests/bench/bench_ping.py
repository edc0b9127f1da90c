"""Benchmark ``modelmap ping`` against slow fake backends (not collected by pytest).

``python tests/bench/bench_ping.py``: N backends on the fake provider server (in its own
process, so it does not share a GIL with the client), each answering after 300 ms. Two
numbers per case: the real CLI in a subprocess (interpreter start-up and imports included)
and the ping core in this process (``modelmap.ping.ping``, start-up excluded). The baseline,
measured in the same run, is one such backend; a sequential ping would take N x 0.3 s.

Targets (issue 5): 50 backends <= 1.0 s; 200 backends <= 2.5 s with the default
concurrency (64). The floor is ceil(N / concurrency) x 0.3 s; the old default of 16 is
printed too, for comparison (its floor alone, 3.9 s for 200, misses the target).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compiled import compile_modelmap

from modelmap.ping import DEFAULT_CONCURRENCY

DELAY = 0.3
KEY = "sk-bench-key"
SIZES = (1, 50, 200)


def _serve(queue: multiprocessing.Queue[str], stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    from fakeprovider import Behaviour, FakeProvider

    with FakeProvider() as fake:
        for size in SIZES:
            for i in range(size):
                fake.add(
                    f"s{size}b{i}",
                    "openai",
                    key=KEY,
                    models=[f"model-{i}"],
                    behaviour=Behaviour(delay=DELAY),
                )
        queue.put(fake.url)
        stop.wait()


def _config(url: str, size: int) -> str:
    lines = ["version: 2", "models:"]
    lines += [f'  m{i}: {{backend: "s{size}b{i}/model-{i}"}}' for i in range(size)]
    lines.append("backends:")
    for i in range(size):
        name = f"s{size}b{i}"
        lines.append(
            f'  {name}: {{provider: openai, base_url: "{url}/b/{name}", api_key: "${{BENCH_KEY}}"}}'
        )
    return "\n".join(lines) + "\n"


def _cli(path: Path, concurrency: int) -> float:
    env = {**os.environ, "BENCH_KEY": KEY}
    cmd = [sys.executable, "-m", "modelmap", "ping", "-c", str(path), "--json", "--no-env-file"]
    if concurrency != DEFAULT_CONCURRENCY:
        cmd += ["--concurrency", str(concurrency)]
    start = time.perf_counter()
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ping failed ({done.returncode}): {done.stderr or done.stdout[:500]}")
    return wall


def _core(path: Path, concurrency: int) -> float:
    from modelmap.config.load import load_config
    from modelmap.ping import ping, plan

    start = time.perf_counter()
    results = ping(plan(load_config(path)), {"BENCH_KEY": KEY}, concurrency=concurrency)
    wall = time.perf_counter() - start
    assert all(r.ok for r in results), [r for r in results if not r.ok][:3]
    return wall


def main() -> None:
    """Print wall times, ratios to the one-backend baseline, floors and targets."""
    compile_modelmap()
    queue: multiprocessing.Queue[str] = multiprocessing.Queue()
    stop = multiprocessing.Event()
    server = multiprocessing.Process(target=_serve, args=(queue, stop), daemon=True)
    server.start()
    try:
        url = queue.get(timeout=60)
        with tempfile.TemporaryDirectory() as tmp:
            paths = {}
            for size in SIZES:
                paths[size] = Path(tmp) / f"ping{size}.yaml"
                paths[size].write_text(_config(url, size))
            _core(paths[1], DEFAULT_CONCURRENCY)  # warm imports before timing the core
            base_cli = _cli(paths[1], DEFAULT_CONCURRENCY)
            base_core = _core(paths[1], DEFAULT_CONCURRENCY)
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
            print(
                f"baseline, 1 backend answering in {DELAY * 1000:.0f} ms: "
                f"cli {base_cli:.2f} s, core {base_core:.2f} s"
            )
            for size, concurrency, target in (
                (50, DEFAULT_CONCURRENCY, 1.0),
                (200, DEFAULT_CONCURRENCY, 2.5),
                (50, 16, 1.0),
                (200, 16, 2.5),
            ):
                cli, core = _cli(paths[size], concurrency), _core(paths[size], concurrency)
                floor = -(-size // concurrency) * DELAY
                label = "default" if concurrency == DEFAULT_CONCURRENCY else "--concurrency"
                print(
                    f"{size} backends, {label} {concurrency}: "
                    f"cli {cli:.2f} s ({cli / base_cli:.1f}x baseline), "
                    f"core {core:.2f} s ({core / base_core:.1f}x); floor {floor:.1f} s; "
                    f"sequential {size * DELAY:.0f} s; "
                    f"target <= {target} s: {'ok' if cli <= target else 'over'}"
                )
    finally:
        stop.set()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
