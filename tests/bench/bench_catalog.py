"""Benchmark the model catalog's cost to ``modelmap validate``.

Run ``python tests/bench/bench_catalog.py [--runs N]``. Medians over fresh subprocesses,
runs interleaved so that a busy machine slows every command alike; ratios compare
commands of the same run.

Targets (issue 14): validate on the example files with the catalog on <= 1.3x the import
floor ``python -c "import typer, yaml, pydantic"``, and at most 15 ms added by the
catalog; 10,000 models with the catalog <= 1.15x the same run with ``--no-catalog``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genconfig import generate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
PY = sys.executable


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=env
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return elapsed, usage.ru_utime + usage.ru_stime


def medians(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds per command, runs interleaved round-robin."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for cmd in commands.values():
        run_once(cmd, env)  # warm caches and .pyc files
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd, env))
    return {
        name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s))
        for name, s in samples.items()
    }


def main() -> None:
    """Measure and print the figures and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    cache = tempfile.mkdtemp()
    drop = ("MODELMAP_CATALOG", "PYTHONDONTWRITEBYTECODE")  # users run with .pyc files
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["XDG_CACHE_HOME"] = cache  # the bundled catalog, not a user's cached one
    modelmap = [PY, "-m", "modelmap", "validate"]
    small = medians(
        {
            "floor": [PY, "-c", "import typer, yaml, pydantic"],
            "catalog": [*modelmap, *EXAMPLES],
            "no-catalog": [*modelmap, "--no-catalog", *EXAMPLES],
        },
        args.runs,
        env,
    )
    floor, on, off = small["floor"][0], small["catalog"][0], small["no-catalog"][0]
    print(f"import floor                      {floor * 1000:7.1f} ms")
    print(f"validate examples, catalog        {on * 1000:7.1f} ms  {on / floor:.2f}x floor")
    print(f"validate examples, --no-catalog   {off * 1000:7.1f} ms  {off / floor:.2f}x floor")
    added_cpu = (small["catalog"][1] - small["no-catalog"][1]) * 1000
    print(
        f"catalog adds                      {(on - off) * 1000:7.1f} ms wall, "
        f"{added_cpu:.1f} ms CPU"
    )
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.yaml"
        big.write_text(generate(10_000), encoding="utf-8")
        large = medians(
            {
                "catalog": [*modelmap, str(big)],
                "no-catalog": [*modelmap, "--no-catalog", str(big)],
            },
            max(3, args.runs // 5),
            env,
        )
    on10, off10 = large["catalog"][0], large["no-catalog"][0]
    print(f"10,000 models, catalog            {on10:7.2f} s")
    print(f"10,000 models, --no-catalog       {off10:7.2f} s  ratio {on10 / off10:.3f}x")


if __name__ == "__main__":
    main()
