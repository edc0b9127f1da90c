"""Peak memory and wall time of ``modelmap chat`` and ``modelmap ping`` against servers
that never stop sending (not collected by pytest).

``python tests/bench/bench_hostile.py [MODELMAP ...]``: each MODELMAP is a ``modelmap``
executable (default: this worktree's); give main's too to compare in the same run. Cases:

- endless line: a 200 stream whose one ``data:`` line never ends (chat), a model list
  that never ends (ping);
- endless keep-alive: a 200 stream of keep-alive comments without end (chat): only the
  overall deadline stops it;
- gzip bomb: 10 MB of gzip inflating to 10 GB, sent as a whole answer (chat
  ``--no-stream``) and as a model list (ping).

Every command runs with ``--timeout 5``. Targets (issue 12): peak RSS under 100 MB, wall
time within the deadline plus a second. A run is killed after 30 s, and its address space
is capped at 3 GB so that an unbounded reader fails instead of taking the machine: such a
run is reported as killed or failed, with the RSS it had reached.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeprovider.raw import HostileServer, endless, gzip_bomb

TIMEOUT = 5.0  # --timeout of every command
KILL_AFTER = 30.0
ADDRESS_SPACE = 3 * 1024**3


def _config(directory: Path, url: str) -> Path:
    path = directory / "modelmap.yaml"
    path.write_text(
        "version: 2\n"
        "models:\n  m: {backend: evil/x}\n"
        f"backends:\n  evil: {{provider: openai, base_url: '{url}', api_key: '${{BENCH_KEY}}'}}\n"
    )
    return path


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def measure(argv: list[str], cwd: Path) -> tuple[float, float, str]:
    """(peak RSS in MB, wall seconds, how it ended) of one command."""
    env = {**os.environ, "BENCH_KEY": "sk-bench-hostile-key"}
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit,
    )
    ended = "exit"
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > KILL_AFTER:
            proc.kill()
            _, status, usage = os.wait4(proc.pid, 0)
            ended = f"killed after {KILL_AFTER:g} s"
            break
        time.sleep(0.02)
    took = time.monotonic() - started
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if ended == "exit":
        last = err.strip().splitlines()[-1] if err.strip() else ""
        ended = f"exit {proc.returncode}: {last[:90]}"
    return usage.ru_maxrss / 1024, took, ended


CASES = {
    "chat, endless line": (
        endless("text/event-stream", b'data: {"a": "' + b"x" * 4096, give_up=60, limit=1 << 40),
        ["chat", "m", "hi"],
    ),
    "chat, endless keep-alive": (
        endless("text/event-stream", b": keep-alive\n\n", give_up=60, limit=1 << 40),
        ["chat", "m", "hi"],
    ),
    "ping, endless model list": (
        endless("application/json", b'{"id": "x"},' * 64, give_up=60, limit=1 << 40),
        ["ping"],
    ),
    "chat, gzip bomb 10 MB -> 10 GB": (
        gzip_bomb("application/json"),
        ["chat", "m", "hi", "--no-stream"],
    ),
    "ping, gzip bomb 10 MB -> 10 GB": (gzip_bomb("application/json"), ["ping"]),
}


def main() -> None:
    here = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "modelmap"
    programs = sys.argv[1:] or [str(here)]
    print(f"--timeout {TIMEOUT:g}; target: RSS < 100 MB, wall < {TIMEOUT + 1:g} s")
    print(f"{'case':34} {'modelmap':40} {'peak RSS':>10} {'wall':>8}  ended")
    directory = Path(tempfile.mkdtemp())
    try:
        for name, (answer, args) in CASES.items():
            for program in programs:
                with HostileServer(answer) as server:
                    path = _config(directory, server.url)
                    argv = [program, args[0], "--no-env-file", "-c", str(path), *args[1:]]
                    argv += ["--timeout", f"{TIMEOUT:g}"]
                    rss, took, ended = measure(argv, directory)
                label = program if len(program) <= 40 else "..." + program[-37:]
                print(f"{name:34} {label:40} {rss:8.1f} MB {took:6.2f} s  {ended}")
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
