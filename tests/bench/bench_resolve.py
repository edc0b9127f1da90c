"""``modelmap resolve`` against ``modelmap validate`` on the same file (target: <= 1.1x).

Both run as fresh processes, interleaved, with stdout piped (as in a script or CI), so the
ratio covers start-up, loading, linting and rendering. Bytecode caching is switched on for
the children (as in an installed package): with PYTHONDONTWRITEBYTECODE set, whichever
command has more recently edited modules would pay for compiling them on every run.
Run: python tests/bench/bench_resolve.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "model_config_example.yaml")
RUNS = 21
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
COMMANDS = {
    "validate": ["validate", EXAMPLE],
    "resolve": ["resolve", "gpt-4", "-c", EXAMPLE],
    "resolve --json": ["resolve", "gpt-4", "-c", EXAMPLE, "--json"],
    "list": ["list", "-c", EXAMPLE],
}


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def once(args: list[str]) -> tuple[float, float]:
    """Wall time and CPU time of one run (CPU time is steadier on a busy machine)."""
    cpu, start = _child_cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "modelmap", *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start, _child_cpu() - cpu


def main() -> None:
    wall: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpu: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():
        once(args)  # warm the file cache and .pyc files
    for _ in range(RUNS):
        for name, args in COMMANDS.items():
            w, c = once(args)
            wall[name].append(w)
            cpu[name].append(c)
    base_wall, base_cpu = statistics.median(wall["validate"]), statistics.median(cpu["validate"])
    print(f"median of {RUNS} runs each; baseline: validate on the same file")
    for name in COMMANDS:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(
            f"  {name:<15} wall {w * 1000:6.0f} ms  ratio {w / base_wall:.2f}x   "
            f"cpu {c * 1000:6.0f} ms  ratio {c / base_cpu:.2f}x"
        )


if __name__ == "__main__":
    main()
