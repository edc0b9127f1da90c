"""Benchmark one Tab press in each shell (not collected by pytest).

``python tests/bench/bench_completion.py [--runs N]``: each installed shell loads the
committed script and completes ``modelmap resolve g`` N times in one shell process (so
the figure is what a Tab press costs: the shell's fork and exec of ``modelmap`` plus its
answer), against configs of 10 and 2,000 models. Baselines measured in the same run:
``python -c pass`` (the interpreter alone, the floor of any answer) and ``modelmap
--version`` (the CLI's start-up). Target: under 100 ms per Tab press in bash.
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

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCRIPTS = {
    "bash": ROOT / "completions" / "modelmap.bash",
    "zsh": ROOT / "completions" / "_modelmap",
    "fish": ROOT / "completions" / "modelmap.fish",
}


def _config(count: int) -> str:
    lines = ["models:"]
    for i in range(count):
        lines.append(f'  gpt-{i}: {{backend: "openai/gpt-{i}", aliases: [g{i}]}}')
    return "\n".join(lines) + "\n"


def _loop(shell: str, runs: int) -> list[str]:
    """A command that completes ``modelmap resolve g`` ``runs`` times in one shell."""
    script = SCRIPTS[shell]
    if shell == "bash":
        body = (
            f"source {script}; COMP_WORDS=(modelmap resolve g); COMP_CWORD=2; "
            f"for i in $(seq {runs}); do _modelmap_completion modelmap; done"
        )
        return ["bash", "--norc", "-c", body]
    if shell == "zsh":
        body = (
            "compdef() { : }; _describe() { : }; _files() { : }; "
            f"source {script}; words=(modelmap resolve g); CURRENT=3; "
            f"repeat {runs} _modelmap"
        )
        return ["zsh", "-f", "-c", body]
    body = (
        f"source {script}; for i in (seq {runs}); complete -C 'modelmap resolve g' >/dev/null; end"
    )
    return ["fish", "--no-config", "-c", body]


def _per_run(command: list[str], runs: int, env: dict[str, str], cwd: str) -> float:
    """Seconds per Tab press: the median of 3 loops, each of ``runs`` presses."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)
        times.append((time.perf_counter() - start) / runs)
    return statistics.median(times)


def _single(command: list[str], runs: int, env: dict[str, str], cwd: str) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="Tab presses per loop")
    runs = parser.parse_args().runs
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_MODELMAP", "MODELMAP"))}
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    with tempfile.TemporaryDirectory() as tmp:
        floor = _single([sys.executable, "-c", "pass"], runs, env, tmp)
        version = _single([str(BIN / "modelmap"), "--version"], runs, env, tmp)
        print(f"baseline  python -c pass:       {floor * 1000:6.1f} ms")
        print(f"baseline  modelmap --version:   {version * 1000:6.1f} ms")
        for count in (10, 2000):
            Path(tmp, "modelmap.yaml").write_text(_config(count), encoding="utf-8")
            for shell in SCRIPTS:
                if shutil.which(shell) is None:
                    print(f"{count:5d} models  {shell:<5} not installed")
                    continue
                took = _per_run(_loop(shell, runs), runs, env, tmp)
                print(
                    f"{count:5d} models  {shell:<5} one Tab {took * 1000:6.1f} ms "
                    f"({took / floor:.2f}x python -c pass)"
                )


if __name__ == "__main__":
    main()
