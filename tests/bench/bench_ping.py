"""Benchmark ``modelmap ping`` against slow fake backends (not collected by pytest).

``python tests/bench/bench_ping.py``: N backends on the fake provider server, each answering
after 300 ms, probed by the real CLI in a subprocess (start-up included). The baseline,
measured in the same run, is one such backend; a sequential ping would take N x 0.3 s.
Targets (issue 5): 50 backends <= 1.0 s; 200 backends <= 2.5 s with the default
concurrency. Note that 200 x 0.3 s / 16 = 3.75 s is the floor at 16 requests in flight,
so the 200-backend target needs a larger ``--concurrency``; both are printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeprovider import Behaviour, FakeProvider

DELAY = 0.3
KEY = "sk-bench-key"


def _config(fake: FakeProvider, prefix: str, count: int) -> str:
    lines = ["version: 2", "models:"]
    for i in range(count):
        lines.append(f'  m{i}: {{backend: "{prefix}{i}/model-{i}"}}')
    lines.append("backends:")
    for i in range(count):
        name = f"{prefix}{i}"
        base = fake.add(
            name, "openai", key=KEY, models=[f"model-{i}"], behaviour=Behaviour(delay=DELAY)
        )
        lines.append(
            f'  {name}: {{provider: openai, base_url: "{base}", api_key: "${{BENCH_KEY}}"}}'
        )
    return "\n".join(lines) + "\n"


def _wall(fake: FakeProvider, count: int, *extra: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "modelmap.yaml"
        path.write_text(_config(fake, f"n{count}x{'-'.join(extra) or 'd'}b", count))
        env = {**os.environ, "BENCH_KEY": KEY}
        cmd = [
            sys.executable,
            "-m",
            "modelmap",
            "ping",
            "-c",
            str(path),
            "--json",
            "--no-env-file",
            *extra,
        ]
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ping failed ({done.returncode}): {done.stderr or done.stdout[:500]}")
    return wall


def main() -> None:
    """Print wall times, ratios to the one-backend baseline, and the targets."""
    with FakeProvider() as fake:
        baseline = _wall(fake, 1)
        print(f"baseline: 1 backend, {DELAY * 1000:.0f} ms answer: {baseline:.2f} s")
        runs = [
            (50, (), 1.0),
            (50, ("--concurrency", "32"), 1.0),
            (200, (), 2.5),
            (200, ("--concurrency", "32"), 2.5),
            (200, ("--concurrency", "64"), 2.5),
        ]
        for count, extra, target in runs:
            wall = _wall(fake, count, *extra)
            label = " ".join(extra) or "default concurrency 16"
            concurrency = int(extra[1]) if extra else 16
            floor = -(-count // concurrency) * DELAY  # waves of answers at that concurrency
            verdict = "ok" if wall <= target else "OVER"
            print(
                f"{count} backends, {label}: {wall:.2f} s = {wall / baseline:.1f}x baseline; "
                f"floor {floor:.2f} s + baseline overhead {baseline - DELAY:.2f} s; "
                f"sequential {count * DELAY:.0f} s; target <= {target} s: {verdict}"
            )


if __name__ == "__main__":
    main()
