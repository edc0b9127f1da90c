"""How long `modelmap migrate` takes on a large legacy file, against validating it.

Run: ``python tests/bench/bench_migrate.py [MODELS]``. Migration loads and lints the file
(as validate does), then composes, rewrites, and loads and compares the result, so the
ratio to a plain lint of the same file measured in this run is what to watch.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from modelmap.config.load import check_loaded
from modelmap.loader import load_bytes
from modelmap.migrate import migrate_bytes

FAMILIES = ("gpt-4o", "claude-3-haiku", "gemini-1.5-pro")


def legacy(models: int) -> bytes:
    """A legacy file with ``models`` entries in mixed styles, with comments."""
    lines = ["# generated legacy file", "models:"]
    for i in range(models):
        kind = i % 3
        lines.append(f"  # model {i}")
        if kind == 0:
            lines.append(f"  - {FAMILIES[i % 3]}-{i}   # bare")
        elif kind == 1:
            lines += [
                f'  - name: "m{i}"',
                "    provider: ollama",
                f"    model: 'llama3.1:{i}b'",
                f"    description: Generated model {i}",
                f"    parameters: {{temperature: 0.{i % 10}, max_tokens: {256 + i}}}",
                f"    aliases: [alias-{i}]",
            ]
        else:
            lines.append(f"  - {{name: {FAMILIES[i % 3]}-x{i}, capabilities: [chat]}}")
    return ("\n".join(lines) + "\n").encode()


def best(fn: Callable[[], object], repeat: int = 5) -> float:
    """Best wall time of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print migrate time, lint time and their ratio."""
    models = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    raw = legacy(models)
    lint = best(lambda: check_loaded(load_bytes(raw, "x.yaml"), "x.yaml"))
    migrate = best(lambda: migrate_bytes(raw, "x.yaml"))
    print(f"{models} models, {len(raw) // 1024} KiB")
    print(f"lint (baseline): {lint * 1000:.0f} ms")
    print(f"migrate:         {migrate * 1000:.0f} ms  ({migrate / lint:.1f}x the lint)")


if __name__ == "__main__":
    main()
