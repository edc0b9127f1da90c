"""What modelmap survives: servers on 127.0.0.1 that misbehave on purpose.

Each test names one hostile behaviour and the failure modelmap reports for it. ``chat``
fails over to a healthy backend after each one; ``ping`` reports it as the probe's status.

Bounded reads (a bound is an ordinary, named failure of the attempt):
- headers trickled one byte every 0.2 s                 -> ``deadline``
- a stream that never ends (keep-alive comments only)   -> ``deadline``
- a whole body, or an error body, that never ends        -> ``body_too_large``
- a gzip bomb (256 MB inflated; the bench sends 10 GB)  -> ``body_too_large`` / ``line_too_long``
- one stream line without end                            -> ``line_too_long``
- one SSE event of endless ``data:`` lines               -> ``event_too_large``
A 200 that carries an error object                       -> the error's own kind
Secrets echoed back cut, folded, re-encoded or in pieces -> scrubbed from every output
The library's ``timeout`` bounds an attempt as ``--timeout`` does
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from fakeprovider import FakeProvider
from fakeprovider.raw import (
    Answer,
    HostileServer,
    echo_headers,
    endless,
    gzip_bomb,
    trickled_headers,
    whole,
)
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.providers import bounds

KEY = "sk-hostile-7f6e5d4c3b2a1908f7e6"
PROTOCOLS = ("openai", "anthropic", "google", "ollama")
TYPES = ("openai", "anthropic", "google", "ollama", "together", "huggingface", "custom")
WIRE = {"together": "openai", "huggingface": "openai", "custom": "openai"}
MEDIA = {"ollama": "application/x-ndjson"}  # the others stream text/event-stream

Run = Callable[..., tuple[int, str, str, float]]


@pytest.fixture(autouse=True)
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small bounds, so that a test reaches them in milliseconds."""
    monkeypatch.setattr(bounds, "MAX_BODY_BYTES", 256 * 1024)
    monkeypatch.setattr(bounds, "MAX_LINE_BYTES", 32 * 1024)
    monkeypatch.setattr(bounds, "MAX_EVENT_BYTES", 32 * 1024)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run a modelmap command in-process: (exit code, stdout, stderr, seconds taken)."""
    monkeypatch.setenv("HOSTILE_KEY", KEY)
    monkeypatch.setenv("GOOD_KEY", "good-key")
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)

    def invoke(*args: str) -> tuple[int, str, str, float]:
        started = time.monotonic()
        result = CliRunner().invoke(app, [args[0], "--no-env-file", *args[1:]])
        return result.exit_code, result.stdout, result.stderr, time.monotonic() - started

    return invoke


@pytest.fixture
def serve() -> Iterator[Callable[[Answer], HostileServer]]:
    """Start hostile servers for one test; all stop when it ends."""
    started: list[HostileServer] = []

    def start(answer: Answer) -> HostileServer:
        server = HostileServer(answer).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def config(
    tmp_path: Path,
    hostile_url: str,
    provider: str = "openai",
    fake: FakeProvider | None = None,
    headers: dict[str, str] | None = None,
) -> Path:
    """Model ``m``: the hostile backend first, then (with ``fake``) a healthy one."""
    evil: dict[str, Any] = {"provider": provider, "base_url": hostile_url}
    evil["api_key"] = "${HOSTILE_KEY}"
    if headers:
        evil["headers"] = headers
    backends: dict[str, Any] = {"evil": evil}
    chain = ["evil/x"]
    if fake is not None:
        base = fake.add("good", protocol="openai", key="good-key", models=["ok"])
        backends["good"] = {"provider": "openai", "base_url": base, "api_key": "${GOOD_KEY}"}
        chain.append("good/ok")
    models = {"m": {"backend": chain[0], "fallbacks": chain[1:]}}
    path = tmp_path / "modelmap.yaml"
    path.write_text(yaml.safe_dump({"version": 2, "models": models, "backends": backends}))
    return path


def outcomes(stdout: str) -> list[str]:
    return [a["outcome"] for a in json.loads(stdout)["attempts"]]


def tried(stderr: str, outcome: str) -> bool:
    """Whether ``chat -v`` said the hostile backend's attempt ended with ``outcome``."""
    return re.search(rf"evil/x \(\w+\) {outcome}\b", stderr) is not None


def ping_row(stdout: str) -> dict[str, Any]:
    (row,) = json.loads(stdout)
    return dict(row)


# -- the overall deadline ------------------------------------------------------------------


@pytest.mark.parametrize("stream", [True, False])
def test_headers_trickled_byte_by_byte_hit_the_deadline_and_fail_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
    stream: bool,
) -> None:
    server = serve(trickled_headers(0.2))
    path = config(tmp_path, server.url, fake=fake_provider)
    flags = ["--json"] if not stream else ["-v"]
    code, out, err, took = run("chat", "-c", str(path), "m", "hi", "--timeout", "1", *flags)
    assert code == 0, err
    if stream:
        assert out == "Hello, world\n"
        assert tried(err, "deadline") and "deadline of 1 s" in err
        ms = float(re.findall(r"deadline in (\d+) ms", err)[0])
    else:
        assert outcomes(out) == ["deadline", "ok"]
        ms = json.loads(out)["attempts"][0]["latency_ms"]
    assert ms < 1000 + 500  # the hostile attempt ends at its deadline
    assert took < 1 + 1.5  # the healthy backend's answer and the command's start included


def test_ping_of_headers_trickled_byte_by_byte_hits_the_deadline(
    serve: Callable[[Answer], HostileServer], tmp_path: Path, run: Run
) -> None:
    server = serve(trickled_headers(0.2))
    code, out, _, took = run(
        "ping", "-c", str(config(tmp_path, server.url)), "--json", "--timeout", "1"
    )
    assert code == 1
    row = ping_row(out)
    assert row["status"] == "deadline"
    assert row["latency_ms"] < 1000 + 500
    assert took < 1 + 1.5


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_stream_that_never_ends_hits_the_deadline_and_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
    protocol: str,
) -> None:
    # a keep-alive comment (or a blank NDJSON line) forever: no line is long, no event big
    piece = b"\n" if protocol == "ollama" else b": keep-alive\n\n"
    server = serve(endless(MEDIA.get(protocol, "text/event-stream"), piece))
    path = config(tmp_path, server.url, protocol, fake_provider)
    code, out, err, took = run("chat", "-c", str(path), "m", "hi", "--timeout", "1", "-v")
    assert code == 0, err
    assert out == "Hello, world\n"
    assert tried(err, "deadline")
    assert float(re.findall(r"deadline in (\d+) ms", err)[0]) < 1000 + 500
    assert took < 1 + 1.5


# -- size caps -----------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_whole_answer_that_never_ends_is_body_too_large_and_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
    protocol: str,
) -> None:
    server = serve(endless("application/json", b'{"a": "' + b"x" * 1000))
    path = config(tmp_path, server.url, protocol, fake_provider)
    code, out, err, _ = run("chat", "-c", str(path), "m", "hi", "--json")
    assert code == 0, err
    assert outcomes(out) == ["body_too_large", "ok"]
    detail = json.loads(out)["attempts"][0]["detail"]
    assert "larger than 256 KiB" in detail or "larger than 262144 bytes" in detail


def test_an_error_body_that_never_ends_is_body_too_large_and_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
) -> None:
    server = serve(endless("application/json", b"x" * 1000, status=503))
    path = config(tmp_path, server.url, fake=fake_provider)
    for flags in (["--json"], ["-v"]):
        code, out, err, _ = run("chat", "-c", str(path), "m", "hi", *flags)
        assert code == 0, err
        assert "body_too_large" in (out if flags == ["--json"] else err)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_ping_of_a_model_list_that_never_ends_is_body_too_large(
    serve: Callable[[Answer], HostileServer], tmp_path: Path, run: Run, protocol: str
) -> None:
    server = serve(endless("application/json", b'{"data": [' + b'{"id": "x"},' * 100))
    path = config(tmp_path, server.url, protocol)
    code, out, _, took = run("ping", "-c", str(path), "--json", "--timeout", "5")
    assert code == 1
    assert ping_row(out)["status"] == "body_too_large"
    assert took < 5


@pytest.mark.parametrize("stream", [True, False])
def test_a_gzip_bomb_is_cut_off_after_decompression_and_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
    stream: bool,
) -> None:
    ctype = "text/event-stream" if stream else "application/json"
    server = serve(gzip_bomb(ctype, total=256 << 20))  # 256 MB inflated: far past the cap
    path = config(tmp_path, server.url, fake=fake_provider)
    code, out, err, took = run("chat", "-c", str(path), "m", "hi", "-v", "--timeout", "5")
    if not stream:
        code, out, err, took = run("chat", "-c", str(path), "m", "hi", "--json", "--timeout", "5")
    assert code == 0, err
    expected = "line_too_long" if stream else "body_too_large"
    assert expected in (err if stream else out)
    assert took < 5


def test_ping_of_a_gzip_bomb_is_body_too_large(
    serve: Callable[[Answer], HostileServer], tmp_path: Path, run: Run
) -> None:
    server = serve(gzip_bomb("application/json", total=256 << 20))
    code, out, _, _ = run("ping", "-c", str(config(tmp_path, server.url)), "--json")
    assert code == 1
    assert ping_row(out)["status"] == "body_too_large"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_one_stream_line_without_end_is_line_too_long_and_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
    protocol: str,
) -> None:
    start = b'{"message": {"content": "' if protocol == "ollama" else b'data: {"a": "'
    server = serve(endless(MEDIA.get(protocol, "text/event-stream"), start + b"x" * 1000))
    path = config(tmp_path, server.url, protocol, fake_provider)
    code, out, err, _ = run("chat", "-c", str(path), "m", "hi", "-v")
    assert code == 0, err
    assert out == "Hello, world\n"
    assert tried(err, "line_too_long")


def test_one_sse_event_of_endless_data_lines_is_event_too_large_and_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
) -> None:
    server = serve(endless("text/event-stream", b"data: " + b"x" * 100 + b"\n"))
    path = config(tmp_path, server.url, fake=fake_provider)
    code, _, err, _ = run("chat", "-c", str(path), "m", "hi", "-v")
    assert code == 0, err
    assert tried(err, "event_too_large")


def test_an_answer_within_the_bounds_still_arrives_whole(
    serve: Callable[[Answer], HostileServer], tmp_path: Path, run: Run
) -> None:
    text = "y" * (200 * 1024)  # under the 256 KiB body cap
    body = {"choices": [{"message": {"content": text}, "finish_reason": "stop"}]}
    server = serve(whole(200, body))
    code, out, err, _ = run("chat", "-c", str(config(tmp_path, server.url)), "m", "hi", "--json")
    assert code == 0, err
    assert json.loads(out)["text"] == text


# -- a 200 that carries an error -------------------------------------------------------------

ERROR_200 = {  # provider type -> (the error object a server answers with 200, ping status)
    "openai": (
        {"error": {"message": "quota exceeded", "type": "insufficient_quota", "code": None}},
        "server_error",
    ),
    "anthropic": (
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
        "overloaded",
    ),
    "google": (
        {"error": {"code": 429, "message": "quota exceeded", "status": "RESOURCE_EXHAUSTED"}},
        "rate_limited",
    ),
    "ollama": ({"error": "model requires more system memory"}, "server_error"),
}


def _error_200(provider: str) -> tuple[dict[str, Any], str]:
    return ERROR_200[WIRE.get(provider, provider)]


@pytest.mark.parametrize("provider", TYPES)
def test_ping_of_a_200_carrying_an_error_object_fails(
    serve: Callable[[Answer], HostileServer], tmp_path: Path, run: Run, provider: str
) -> None:
    body, status = _error_200(provider)
    server = serve(whole(200, body))
    code, out, _, _ = run("ping", "-c", str(config(tmp_path, server.url, provider)), "--json")
    assert code == 1
    row = ping_row(out)
    assert row["status"] == status
    assert row["http_status"] == 200
    assert "the answer is an error" in row["detail"]


@pytest.mark.parametrize("stream", [True, False])
@pytest.mark.parametrize("provider", TYPES)
def test_a_whole_answer_of_200_carrying_an_error_object_fails_over(
    serve: Callable[[Answer], HostileServer],
    fake_provider: FakeProvider,
    tmp_path: Path,
    run: Run,
    provider: str,
    stream: bool,
) -> None:
    body, status = _error_200(provider)
    server = serve(whole(200, body))
    path = config(tmp_path, server.url, provider, fake_provider)
    flags = ["-v"] if stream else ["--json"]
    code, out, err, _ = run("chat", "-c", str(path), "m", "hi", *flags)
    assert code == 0, err
    outcome = {"server_error": "server"}.get(status, status)
    if stream:
        assert out == "Hello, world\n"
        assert tried(err, outcome)
    else:
        assert json.loads(out)["text"] == "Hello, world"
        assert outcomes(out)[0] == outcome


# -- secrets echoed back ------------------------------------------------------------------

SECRET_KEY = "Zq7Lp2Xv9Rt4Wm8Nc3Bd6Fy1Hj5K"  # no well-known key shape: only scrubbing hides it
ORG_TOKEN = "örg-tökén-Ä1b2C3d4E5f6G7h8"  # non-ASCII: sent as UTF-8, echoed as mojibake
SESSION = "sess-Q9w8E7r6T5y4U3i2O1p0"
SECRETS = (SECRET_KEY, ORG_TOKEN, SESSION)
_NOT_SECRET = frozenset(
    {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}
    | {"content-type", "anthropic-version"}
)


def _leaks(text: str) -> list[str]:
    """Every 8-character piece of a secret, in any form a server echoes, found in ``text``
    (whitespace removed, JSON output also read decoded)."""
    texts = ["".join(text.split())]
    with contextlib.suppress(ValueError):
        texts.append("".join(json.dumps(json.loads(text), ensure_ascii=False).split()))
    found = []
    for secret in SECRETS:
        raw = secret.encode()
        for form in {secret, raw.decode("latin-1"), quote(secret, safe="")}:
            for i in range(len(form) - 7):
                if any(form[i : i + 8] in t for t in texts):
                    found.append(form[i : i + 8])
    return found


@pytest.mark.parametrize("provider", TYPES)
def test_secrets_echoed_cut_folded_reencoded_or_in_pieces_never_reach_any_output(
    serve: Callable[[Answer], HostileServer],
    tmp_path: Path,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    provider: str,
) -> None:
    monkeypatch.setenv("HOSTILE_KEY", SECRET_KEY)
    monkeypatch.setenv("ORG_TOKEN", ORG_TOKEN)
    monkeypatch.setenv("SESSION", SESSION)
    server = serve(echo_headers(401, WIRE.get(provider, provider), _NOT_SECRET))
    headers = {"X-Org-Token": "${ORG_TOKEN}", "X-Session": "${SESSION}"}
    path = config(tmp_path, server.url, provider, headers=headers)
    runs = {
        "chat": ["chat", "-c", str(path), "m", "hi"],
        "chat -v": ["chat", "-c", str(path), "m", "hi", "-v"],
        "chat --json": ["chat", "-c", str(path), "m", "hi", "--json"],
        "ping": ["ping", "-c", str(path)],
        "ping --json": ["ping", "-c", str(path), "--json"],
    }
    for name, args in runs.items():
        code, out, err, _ = run(*args)
        assert code == 1, (name, out, err)
        assert "rejected: " in out + err, name  # the provider's message is shown...
        assert _leaks(out + err) == [], name  # ...without a piece of any secret
    echoed = server.requests[0].headers
    assert SECRET_KEY in echoed.get("authorization", "") + "".join(echoed.values())
    assert ORG_TOKEN.encode().decode("latin-1") == echoed["x-org-token"]  # mojibake indeed


def test_the_library_timeout_bounds_the_whole_attempt_too(
    serve: Callable[[Answer], HostileServer], fake_provider: FakeProvider, tmp_path: Path
) -> None:
    from modelmap import chat, load_config

    server = serve(trickled_headers(0.2))
    loaded = load_config(config(tmp_path, server.url, fake=fake_provider))
    environ = {"HOSTILE_KEY": KEY, "GOOD_KEY": "good-key"}
    answer = chat(loaded, "m", "hi", environ=environ, timeout=1.0)
    assert answer.text == "Hello, world"
    first = answer.attempts[0]
    assert first.outcome == "deadline"
    assert first.latency_ms is not None and first.latency_ms < 1000 + 500
