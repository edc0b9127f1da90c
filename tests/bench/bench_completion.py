"""Benchmark Tab completion of model names (not collected by pytest).

``python tests/bench/bench_completion.py``: the real CLI in a subprocess, as a shell runs
it on every Tab press, completing ``modelmap resolve g`` against configs of 10 and 2,000
models. Baseline, measured in the same run: ``modelmap --version`` (interpreter and CLI
start-up, the floor for any completion). Completion should cost about the baseline: it
reads the config with one YAML load and imports no linter, pydantic, httpx or rich.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODELMAP = str(Path(sys.executable).parent / "modelmap")
RUNS = 7


def _config(count: int) -> str:
    lines = ["models:"]
    for i in range(count):
        lines.append(f'  gpt-{i}: {{backend: "openai/gpt-{i}", aliases: [g{i}]}}')
    return "\n".join(lines) + "\n"


def _median(args: list[str], env: dict[str, str], cwd: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, env=env, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_MODELMAP", "MODELMAP"))}
    with tempfile.TemporaryDirectory() as tmp:
        baseline = _median([MODELMAP, "--version"], env, tmp)
        print(f"baseline  modelmap --version: {baseline * 1000:7.1f} ms")
        for count in (10, 2000):
            Path(tmp, "modelmap.yaml").write_text(_config(count), encoding="utf-8")
            complete = dict(
                env,
                _MODELMAP_COMPLETE="complete_bash",
                COMP_WORDS="modelmap resolve g",
                COMP_CWORD="2",
            )
            took = _median([MODELMAP], complete, tmp)
            validate = _median([MODELMAP, "validate"], env, tmp)
            print(
                f"{count:5d} models: completion {took * 1000:7.1f} ms "
                f"({took / baseline:.2f}x baseline); "
                f"validate {validate * 1000:7.1f} ms ({validate / baseline:.2f}x)"
            )


if __name__ == "__main__":
    main()
