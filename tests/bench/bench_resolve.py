"""``modelmap resolve`` against ``modelmap validate`` on the same file (target: <= 1.1x).

Both run as fresh processes, interleaved, with stdout piped (as in a script or CI), so the
ratio covers start-up, loading, linting and rendering. Run: python tests/bench/bench_resolve.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "model_config_example.yaml")
RUNS = 21
COMMANDS = {
    "validate": ["validate", EXAMPLE],
    "resolve": ["resolve", "gpt-4", "-c", EXAMPLE],
    "resolve --json": ["resolve", "gpt-4", "-c", EXAMPLE, "--json"],
    "list": ["list", "-c", EXAMPLE],
}


def once(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "modelmap", *args], cwd=ROOT, capture_output=True, check=True
    )
    return time.perf_counter() - start


def main() -> None:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():
        once(args)  # warm the file cache and .pyc files
    for _ in range(RUNS):
        for name, args in COMMANDS.items():
            times[name].append(once(args))
    base = statistics.median(times["validate"])
    print(f"median of {RUNS} runs each (baseline: validate = {base * 1000:.0f} ms)")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:<15} {median * 1000:6.0f} ms  ratio {median / base:.2f}x")


if __name__ == "__main__":
    main()
