"""Corners that must stay linear: many unknown names, and a model with many fallbacks.

Generates, in a temporary directory, a file with 100,000 unknown parameter names in one
model, one with 100,000 unknown capabilities, and one whose model lists 20,000 fallbacks,
then times ``validate`` on each and ``resolve`` of that model, each as a fresh process,
against ``validate`` of the 1,000-model file of tests/bench/genconfig.py in the same run.
Targets: under 2 s for each 100,000-name file; resolve of the 20,000 fallbacks linear
(compare it with validate of the same file).
Run: python tests/bench/bench_corners.py [--modelmap PATH] (PATH: another modelmap
executable to time, such as an older checkout's .venv/bin/modelmap)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from genconfig import generate

NAMES = 100_000
FALLBACKS = 20_000
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def parameters_file(count: int) -> str:
    """One model with ``count`` unknown parameter names (``tempXXXXX``: close to a known one)."""
    lines = ["models:", "  m:", "    backend: openai/gpt-4o", "    parameters:"]
    lines += [f"      temp{i}: 1" for i in range(count)]
    return "\n".join(lines) + "\n"


def capabilities_file(count: int) -> str:
    """One model with ``count`` unknown capabilities."""
    lines = ["models:", "  m:", "    backend: openai/gpt-4o", "    capabilities:"]
    lines += [f"      - vison{i}" for i in range(count)]
    return "\n".join(lines) + "\n"


def fallbacks_file(count: int) -> str:
    """Model ``m`` whose fallbacks are ``count`` other models, each on its own backend ref."""
    lines = ["models:", "  m:", "    backend: openai/gpt-4o", "    fallbacks:"]
    lines += [f"      - f{i}" for i in range(count)]
    lines += [f"  f{i}: {{backend: openai/model-{i}}}" for i in range(count)]
    return "\n".join(lines) + "\n"


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU time of one run (CPU time is steadier on a busy machine); its exit code
    may be 0 or 1 (warnings, findings)."""
    cpu, start = _child_cpu(), time.perf_counter()
    done = subprocess.run(command, env=ENV, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed, _child_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modelmap", help="the modelmap executable to time")
    args = parser.parse_args()
    modelmap = [args.modelmap] if args.modelmap else [sys.executable, "-m", "modelmap"]
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "baseline.yaml": generate(1000),
            "parameters.yaml": parameters_file(NAMES),
            "capabilities.yaml": capabilities_file(NAMES),
            "fallbacks.yaml": fallbacks_file(FALLBACKS),
        }
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8")

        def path(name: str) -> str:
            return str(Path(tmp) / name)

        runs = {
            "validate, 1,000 models (baseline)": ["validate", path("baseline.yaml")],
            f"validate, {NAMES:,} unknown parameters": ["validate", path("parameters.yaml")],
            f"validate, {NAMES:,} unknown capabilities": ["validate", path("capabilities.yaml")],
            f"validate, {FALLBACKS:,} fallbacks": ["validate", path("fallbacks.yaml")],
            f"resolve, {FALLBACKS:,} fallbacks": ["resolve", "m", "-c", path("fallbacks.yaml")],
        }
        timed([*modelmap, "--version"])  # warm the .pyc files
        base: tuple[float, float] | None = None
        for label, command in runs.items():
            wall, cpu = timed([*modelmap, *command])
            base = base or (wall, cpu)
            print(
                f"  {label:<42} wall {wall:6.2f} s ({wall / base[0]:5.1f}x)   "
                f"cpu {cpu:6.2f} s ({cpu / base[1]:5.1f}x baseline)"
            )


if __name__ == "__main__":
    main()
