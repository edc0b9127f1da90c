"""Benchmarks for ``modelmap chat`` (not collected by pytest). Run:

    /tmp/venv/bin/python tests/bench/bench_chat.py

1. Streaming is real: a server sends one delta, waits 2 s, then finishes; we measure the
   time from the server sending the delta to it appearing on modelmap's stdout
   (target <= 100 ms).
2. 20,000 small deltas: modelmap's wall time minus (its wall time for a one-delta answer
   + the server's own send time to a bare socket reader) (target <= 0.5 s).
3. ``modelmap chat --no-stream`` wall time vs ``python -c "import httpx; httpx.post(...)"``
   to the same local server (target <= 1.3x). Medians of alternating runs.

Everything runs on 127.0.0.1; times use time.monotonic, which is system-wide on Linux so
the server's and the reader's timestamps compare directly. modelmap's bytecode is compiled
first, as an install would have it: with PYTHONDONTWRITEBYTECODE set, a module edited since
its .pyc was written would otherwise be recompiled by every run and counted as start-up.
"""

from __future__ import annotations

import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compiled import compile_modelmap

DELTA = "tok "
RUNS = 5  # per median in part 2: the host's speed varies from run to run


def _sse(text: str) -> bytes:
    body = {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    return f"data: {json.dumps(body)}\n\n".encode()


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


class _State:
    deltas = 1
    pause = 0.0  # seconds after the first delta
    first_sent = 0.0
    last_sent = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    state = _State()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        s = self.state
        if not body.get("stream"):
            data = json.dumps(
                {
                    "choices": [
                        {"index": 0, "message": {"content": "hello"}, "finish_reason": "stop"}
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1},
                }
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        frame = _chunk(_sse(DELTA))
        for i in range(s.deltas):
            self.wfile.write(frame)
            if i == 0:
                s.first_sent = time.monotonic()
                if s.pause:
                    time.sleep(s.pause)  # the server simulating a slow model
        s.last_sent = time.monotonic()
        self.wfile.write(_chunk(b"data: [DONE]\n\n") + b"0\r\n\r\n")


def _cpu() -> float:
    """CPU seconds used by finished children (steadier than wall time on a busy machine)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _modelmap(cwd: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "modelmap", "chat", "--no-env-file", "m", "hi", *args]


def _stream_run(
    cwd: Path, want: bytes | None = None, cmd: list[str] | None = None
) -> tuple[float, float, float, float]:
    """(wall seconds, time ``want`` appeared on stdout, time of the last byte, CPU seconds)."""
    cpu = _cpu()
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd or _modelmap(cwd), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE
    )
    assert proc.stdout is not None
    seen_at = last = 0.0
    got = b""
    while True:
        data = os.read(proc.stdout.fileno(), 1 << 16)
        if not data:
            break
        last = time.monotonic()
        if want is not None and not seen_at:
            got += data
            if want in got:
                seen_at = last
    proc.wait()
    assert proc.returncode == 0
    return time.monotonic() - start, seen_at, last, _cpu() - cpu


def _drain(port: int) -> float:
    """The server's send time for the current script to a bare socket reader."""
    body = json.dumps({"model": "x", "messages": [], "stream": True}).encode()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        while sock.recv(1 << 16):
            pass
    return _Handler.state.last_sent - _Handler.state.first_sent


def main() -> None:
    """Run the three benchmarks and print their numbers and ratios."""
    compile_modelmap()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state = _Handler.state
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        (cwd / "modelmap.yaml").write_text(
            "version: 2\nmodels:\n  m: {backend: local/x}\nbackends:\n"
            f"  local: {{provider: custom, base_url: 'http://127.0.0.1:{port}/v1'}}\n"
        )

        # 1. first delta latency
        state.deltas, state.pause = 2, 2.0
        lat = []
        for _ in range(3):
            _, seen_at, _, _ = _stream_run(cwd, DELTA.encode())
            lat.append((seen_at - state.first_sent) * 1000)
        print(
            f"1. first delta: sent -> on stdout {statistics.median(lat):.1f} ms "
            f"(median of 3: {', '.join(f'{x:.1f}' for x in lat)}; target <= 100 ms)"
        )

        # 2. 20,000 small deltas
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        bare_stream = [
            sys.executable,
            "-c",
            "import httpx, sys\n"
            f"with httpx.stream('POST', {url!r}, json={{'stream': True}}) as r:\n"
            "    for line in r.iter_lines():\n"
            "        sys.stdout.write(line); sys.stdout.flush()\n",
        ]
        state.pause = 0.0
        state.deltas = 1
        ones = [_stream_run(cwd) for _ in range(RUNS)]
        one_bares = [_stream_run(cwd, cmd=bare_stream) for _ in range(RUNS)]
        state.deltas = 20_000
        send = statistics.median(_drain(port) for _ in range(RUNS))
        runs, bares, lags = [], [], []
        for _ in range(RUNS):
            runs.append(_stream_run(cwd))
            lags.append(runs[-1][2] - state.last_sent)
            bares.append(_stream_run(cwd, cmd=bare_stream))

        def med(rows: list[tuple[float, float, float, float]], i: int) -> float:
            return statistics.median(r[i] for r in rows)

        overhead = med(runs, 0) - med(ones, 0) - send
        floor = med(bares, 0) - med(one_bares, 0) - send
        cpu = med(runs, 3) - med(ones, 3)
        cpu_floor = med(bares, 3) - med(one_bares, 3)
        print(
            f"2. 20,000 deltas: modelmap {med(runs, 0):.3f} s, its one-delta run "
            f"{med(ones, 0):.3f} s, server send time {send:.3f} s -> overhead {overhead:.3f} s "
            f"(target <= 0.5 s; medians of {RUNS}); last byte "
            f"{statistics.median(lags) * 1000:.0f} ms after the server's last send.\n"
            f"   bare httpx iter_lines + write/flush per line: {med(bares, 0):.3f} s, one-delta "
            f"{med(one_bares, 0):.3f} s -> overhead {floor:.3f} s; modelmap/bare overhead "
            f"{overhead / floor if floor > 0 else float('nan'):.2f}x.\n"
            f"   CPU for the 20,000 deltas (minus a one-delta run): modelmap {cpu:.3f} s, bare "
            f"httpx {cpu_floor:.3f} s: {cpu / cpu_floor if cpu_floor > 0 else float('nan'):.2f}x"
        )

        # 3. --no-stream vs bare httpx
        bare = [
            sys.executable,
            "-c",
            "import httpx; httpx.post("
            f"{url!r}, json={{'model': 'x', 'messages': [{{'role': 'user', 'content': 'hi'}}], "
            "'stream': False}).raise_for_status()",
        ]
        ours: list[tuple[float, float]] = []
        base: list[tuple[float, float]] = []
        for _ in range(7):
            for cmd, out in ((bare, base), (_modelmap(cwd, "--no-stream"), ours)):
                cpu0, start = _cpu(), time.monotonic()
                subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, check=True)
                out.append((time.monotonic() - start, _cpu() - cpu0))
        a, b = (statistics.median(w for w, _ in rows) for rows in (ours, base))
        ca, cb = (statistics.median(c for _, c in rows) for rows in (ours, base))
        print(
            f"3. --no-stream {a * 1000:.0f} ms vs bare httpx.post {b * 1000:.0f} ms: "
            f"{a / b:.2f}x (target <= 1.3x); CPU {ca * 1000:.0f} ms vs {cb * 1000:.0f} ms: "
            f"{ca / cb:.2f}x"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
