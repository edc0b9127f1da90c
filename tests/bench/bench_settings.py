"""Benchmark what lint settings cost ``modelmap validate``.

Run ``python tests/bench/bench_settings.py [--runs N]``. In one run, runs interleaved:
the import floor (``python -c "import typer, yaml, pydantic"``), validate of the small
example with no settings file anywhere above it, the same with a realistic
``.modelmap.toml`` (select, ignore, severity, strict, per-file-ignores), and the same
with policies on as well. It also times discovery and parsing in-process (no process
start-up noise): the figure the target is about.

Target (issue 15): settings discovery and parsing cost at most 10 ms on the validate path.
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
from bench_validate import EXAMPLE, PY, medians
from compiled import compile_modelmap

SETTINGS = """\
# Lint settings for the platform team's mappings
strict = true
select = ["MM"]
ignore = ["unused-backend", "MM110"]

[severity]
MM207 = "error"
unknown-parameter = "info"

[per-file-ignores]
"legacy/*.yaml" = ["MM111", "MM4"]
"sandbox/**" = ["MM5"]
"""
POLICY = """
[policy]
require-fallback = true
fallback-context = true
max-price = { input = 0.01, output = 0.03, scope = "chains" }
allowed-providers = ["openai", "anthropic", "google", "ollama"]
require-description = true
"""

IN_PROCESS = """
import sys, time
from pathlib import Path
start, cpu = time.perf_counter(), time.process_time()
from modelmap.settings.discover import Finder
found = Finder().for_file(Path(sys.argv[1]))
print((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
"""


def _in_process(path: Path, runs: int) -> tuple[float, float]:
    """Median wall and CPU ms of settings discovery and parsing (imports included), each
    in a fresh process after ``modelmap.validate`` is imported."""
    walls, cpus = [], []
    for _ in range(runs):
        out = subprocess.run(
            [PY, "-c", "import modelmap.validate\n" + IN_PROCESS, str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        walls.append(float(out[0]))
        cpus.append(float(out[1]))
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    """Run the comparison and print the ratios."""
    compile_modelmap()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = {}
        for name, text in (("none", None), ("settings", SETTINGS), ("policies", SETTINGS + POLICY)):
            (root / name / "deploy" / "prod").mkdir(parents=True)
            if text is not None:
                (root / name / ".modelmap.toml").write_text(text, encoding="utf-8")
            paths[name] = root / name / "deploy" / "prod" / "models.yaml"
            shutil.copyfile(EXAMPLE, paths[name])
        commands = {"floor": [PY, "-c", "import typer, yaml, pydantic"]}
        for name, path in paths.items():
            commands[name] = [PY, "-m", "modelmap", "validate", str(path)]
        result = medians(commands, args.runs)
        print(f"validate {EXAMPLE.name} two directories below the settings ({args.runs} runs)")
        for name, (seconds, cpu, _) in result.items():
            print(f"  {name:<9} {seconds * 1000:7.1f} ms wall  {cpu * 1000:7.1f} ms cpu")
        for i, kind in ((0, "wall"), (1, "cpu")):
            floor, none = result["floor"][i], result["none"][i]
            print(f"  {kind}: no settings / floor = {none / floor:.2f}x")
            for name in ("settings", "policies"):
                value = result[name][i]
                print(
                    f"  {kind}: {name} / no settings = {value / none:.3f}x "
                    f"({(value - none) * 1000:+.1f} ms)"
                )
        start = time.perf_counter()
        found = {name: _in_process(path, args.runs) for name, path in paths.items()}
        elapsed = time.perf_counter() - start
        print(f"discovery + parsing in-process, imports included ({elapsed:.1f} s)")
        for name, (wall, cpu) in found.items():
            verdict = "ok" if cpu <= 10 else "OVER TARGET"
            print(f"  {name:<9} {wall:6.2f} ms wall  {cpu:6.2f} ms cpu  (cpu <= 10 ms: {verdict})")


if __name__ == "__main__":
    main()
