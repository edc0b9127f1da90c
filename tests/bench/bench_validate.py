"""Benchmark ``modelmap validate``: start-up against its floor and scale on big configs.

Run ``python tests/bench/bench_validate.py [--runs N]``. Every figure is a median over
fresh subprocesses, and every ratio compares commands measured in the same run, with
their runs interleaved so that a busy machine slows both sides alike.

Targets (issue 2): small file <= 1.3x ``python -c "import typer, yaml, pydantic"``;
10,000 models < 1.5 s and < 300 MB peak; 10k/1k time ratio <= 12.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compiled import compile_modelmap
from genconfig import write

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "model_config_example.yaml"
PY = sys.executable


def run_once(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident MiB of one run.

    CPU time is reported next to wall time because it barely moves when other processes
    compete for the machine, while wall time can double.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss / 1024  # KiB on Linux


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float, float]]:
    """Median wall and CPU time and peak memory per command, runs interleaved round-robin."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for cmd in commands.values():  # warm the file cache and .pyc files
        run_once(cmd)
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd))
    return {
        name: (
            statistics.median(t for t, _, _ in s),
            statistics.median(c for _, c, _ in s),
            max(m for _, _, m in s),
        )
        for name, s in samples.items()
    }


def startup(runs: int) -> None:
    """Small example against the import floor and yamllint."""
    commands = {
        "floor": [PY, "-c", "import typer, yaml, pydantic"],
        "validate": [PY, "-m", "modelmap", "validate", str(EXAMPLE)],
    }
    if shutil.which("yamllint") or _has_module("yamllint"):
        commands["yamllint"] = [PY, "-m", "yamllint", str(EXAMPLE)]
    result = medians(commands, runs)
    print(f"small example ({runs} runs, medians)")
    for name, (seconds, cpu, _) in result.items():
        print(f"  {name:<10} {seconds * 1000:7.1f} ms wall  {cpu * 1000:7.1f} ms cpu")
    for i, kind in ((0, "wall"), (1, "cpu")):
        floor, validate = result["floor"][i], result["validate"][i]
        verdict = "ok" if validate / floor <= 1.3 else "OVER TARGET"
        print(f"  {kind}: validate / floor    = {validate / floor:.2f}x  (<= 1.30x: {verdict})")
        if "yamllint" in result:
            lint = result["yamllint"][i]
            print(f"  {kind}: validate / yamllint = {validate / lint:.2f}x")
            print(f"  {kind}: floor / yamllint    = {floor / lint:.2f}x")


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def scale(runs: int) -> None:
    """Generated configs of 1,000 and 10,000 models over 500 backends with catalogs."""
    with tempfile.TemporaryDirectory() as tmp:
        files = {n: write(n, Path(tmp) / f"models_{n}.yaml") for n in (1_000, 10_000)}
        commands = {
            f"{n:,} models": [PY, "-m", "modelmap", "validate", "-q", str(path)]
            for n, path in files.items()
        }
        result = medians(commands, runs)
        print(f"\ngenerated configs, 500 backends ({runs} runs, medians; peak = max RSS)")
        for (name, (seconds, cpu, peak)), path in zip(result.items(), files.values(), strict=True):
            size = path.stat().st_size / 1024 / 1024
            print(
                f"  {name:<14} {size:5.1f} MiB  {seconds:6.2f} s wall  {cpu:6.2f} s cpu  "
                f"{peak:6.0f} MiB peak"
            )
        small, big = result["1,000 models"], result["10,000 models"]
        print(
            f"  10k: {'ok' if big[0] < 1.5 else 'OVER'} wall time (< 1.5 s), "
            f"{'ok' if big[2] < 300 else 'OVER'} memory (< 300 MiB)"
        )
        for i, kind in ((0, "wall"), (1, "cpu")):
            ratio = big[i] / small[i]
            verdict = "ok" if ratio <= 12 else "OVER"
            print(f"  10k / 1k {kind} time = {ratio:.1f}x  (target <= 12: {verdict})")


def main() -> None:
    """Run both benchmarks."""
    compile_modelmap()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (small file)")
    parser.add_argument("--scale-runs", type=int, default=5, help="runs per generated config")
    args = parser.parse_args()
    from importlib.metadata import version

    print(
        f"python {sys.version.split()[0]}, typer {version('typer')}, {os.cpu_count()} CPUs, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    startup(args.runs)
    scale(args.scale_runs)


if __name__ == "__main__":
    main()
