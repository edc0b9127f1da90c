"""Benchmark ``modelmap diff`` of two 10,000-model files that differ in 1% of their models,
against ``modelmap validate`` of one of them, measured in the same run.

Run ``python tests/bench/bench_diff.py [--runs N]``. Every figure is a median over fresh
subprocesses, with the two commands' runs interleaved so a busy machine slows both alike.

Target (issue 16): diff <= 2.5x the time of validating one file. Diff must load and check
both files (2x by itself), so what it adds on top has to stay small: models whose entry,
backend and fallbacks are unchanged are not resolved at all.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import medians
from compiled import compile_modelmap
from genconfig import generate

PY = sys.executable
MODELS = 10_000


def changed_copy(text: str, every: int = 100) -> tuple[str, int]:
    """``text`` with every ``every``-th model changed (parameters, disabled or capabilities
    in turn), and how many models changed."""
    lines = text.splitlines()
    changed = 0
    current = -1
    for i, line in enumerate(lines):
        found = re.fullmatch(r"  m(\d+):", line)
        if found:
            current = int(found.group(1))
            continue
        if current < 0 or current % every:
            continue
        turn = (current // every) % 3
        if turn == 0 and line.startswith("    parameters:"):
            lines[i] = line.replace("temperature: 0.", "temperature: 1.")
            changed += 1
        elif turn == 1 and line.startswith("    description:"):
            lines[i] = line + "\n    enabled: false"
            changed += 1
        elif turn == 2 and line.startswith("    capabilities:"):
            lines[i] = "    capabilities: [embedding]"
            changed += 1
    return "\n".join(lines) + "\n", changed


def main() -> None:
    """Write the two files, time both commands, print the figures and the ratio."""
    compile_modelmap()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        text = generate(MODELS)
        old, new = Path(tmp) / "old.yaml", Path(tmp) / "new.yaml"
        old.write_text(text, encoding="utf-8")
        changed_text, changed = changed_copy(text)
        new.write_text(changed_text, encoding="utf-8")
        commands = {
            "validate": [PY, "-m", "modelmap", "validate", "-q", str(new)],
            "diff": [PY, "-m", "modelmap", "diff", str(old), str(new), "--format", "json"],
        }
        result = medians(commands, args.runs)
    print(f"{MODELS:,} models, {changed} changed ({args.runs} runs, medians)")
    for name, (seconds, cpu, peak) in result.items():
        print(f"  {name:<9} {seconds:6.2f} s wall  {cpu:6.2f} s cpu  {peak:6.0f} MiB peak")
    for i, kind in ((0, "wall"), (1, "cpu")):
        ratio = result["diff"][i] / result["validate"][i]
        verdict = "ok" if ratio <= 2.5 else "OVER TARGET"
        print(f"  {kind}: diff / validate = {ratio:.2f}x  (<= 2.50x: {verdict})")


if __name__ == "__main__":
    main()
