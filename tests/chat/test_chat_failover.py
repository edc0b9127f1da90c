"""Failover along the chain, end to end against the fake provider (README, "Chat")."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from chat_helpers import CANARY, CHUNKS, Run, backend_entry, write_config
from fakeprovider import Behaviour, FakeProvider


def _two(
    fake: FakeProvider,
    tmp_path: Path,
    primary: Behaviour,
    protocols: tuple[str, str] = ("openai", "anthropic"),
    primary_key_var: str = "CHAT_KEY",
) -> tuple[Path, str, str]:
    """A model ``m`` on a primary backend with one fallback model ``f``; (config, names)."""
    tag = uuid.uuid4().hex[:8]
    first, second = f"p-{tag}", f"f-{tag}"
    keys = [None if p == "ollama" else CANARY for p in protocols]
    fake.add(first, protocols[0], key=keys[0], behaviour=primary)
    fake.add(second, protocols[1], key=keys[1], behaviour=Behaviour(chunks=["Fallback ", "answer"]))
    models = {
        "m": {"backend": f"{first}/test-model", "fallbacks": ["f"]},
        "f": {"backend": f"{second}/test-model"},
    }
    backends = {
        first: backend_entry(fake, first, protocols[0], primary_key_var),
        second: backend_entry(fake, second, protocols[1]),
    }
    return write_config(tmp_path / "modelmap.yaml", models, backends), first, second


@pytest.mark.parametrize("status", [401, 403, 404, 408, 409, 429, 500, 503, 529])
def test_fails_over_on_retryable_statuses(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, status: int
) -> None:
    config, first, second = _two(fake_provider, tmp_path, Behaviour(status=status))
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["text"] == "Fallback answer"
    assert data["backend"] == second
    assert [(a["backend"], a["http_status"]) for a in data["attempts"]] == [
        (first, status),
        (second, 200),
    ]
    assert data["attempts"][0]["outcome"] != "ok"


def test_500_then_next_backend_streams_and_verbose_names_each_attempt(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    config, first, second = _two(fake_provider, tmp_path, Behaviour(status=500))
    code, out, err = run_chat("-c", str(config), "m", "hi", "-v")
    assert (code, out) == (0, "Fallback answer\n")
    lines = err.splitlines()
    assert lines[0].startswith(f"modelmap: {first}/test-model (openai) server HTTP 500")
    assert lines[1].startswith(f"modelmap: {second}/test-model (anthropic) ok HTTP 200")
    assert "5 in, 3 out tokens" in lines[2]


def test_401_on_primary_fails_over(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _first, _second = _two(
        fake_provider, tmp_path, Behaviour(), primary_key_var="WRONG_KEY"
    )
    monkeypatch.setenv("WRONG_KEY", "sk-wrong-key-000000")
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [a["outcome"] for a in data["attempts"]] == ["auth", "ok"]
    assert data["attempts"][0]["http_status"] == 401


def test_429_with_short_retry_after_is_retried_once_on_the_same_backend(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    primary = Behaviour(script=[429, 0], retry_after="0", chunks=CHUNKS)
    config, first, second = _two(fake_provider, tmp_path, primary)
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["backend"], data["text"]) == (first, "Hello, world")
    assert [a["outcome"] for a in data["attempts"]] == ["rate_limited", "ok"]
    assert len(fake_provider.requests(first)) == 2
    assert fake_provider.requests(second) == []


def test_429_twice_moves_on_after_one_retry(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    config, first, second = _two(fake_provider, tmp_path, Behaviour(status=429, retry_after="0"))
    code, out, _ = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0
    data = json.loads(out)
    assert [(a["backend"], a["outcome"]) for a in data["attempts"]] == [
        (first, "rate_limited"),
        (first, "rate_limited"),
        (second, "ok"),
    ]


@pytest.mark.parametrize("status", [400, 422])
def test_a_rejected_request_does_not_fail_over(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, status: int
) -> None:
    config, _first, second = _two(
        fake_provider, tmp_path, Behaviour(status=status, message="temperature too high")
    )
    code, out, err = run_chat("-c", str(config), "m", "hi")
    assert code == 1
    assert out == ""
    assert f"HTTP {status}" in err and "temperature too high" in err
    assert "Traceback" not in err
    assert fake_provider.requests(second) == []


@pytest.mark.parametrize("protocol", ["openai", "anthropic", "google", "ollama"])
def test_failure_mid_stream_keeps_the_text_and_does_not_fail_over(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, protocol: str
) -> None:
    primary = Behaviour(chunks=CHUNKS, fail_after=2, message="stream broke")
    config, _first, second = _two(fake_provider, tmp_path, primary, (protocol, "openai"))
    code, out, err = run_chat("-c", str(config), "m", "hi")
    assert code == 1
    assert out == "Hello, \n"
    assert "no failover" in err
    assert fake_provider.requests(second) == []


def test_connection_dropped_mid_stream_is_an_error_after_the_text(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    config, _first, second = _two(fake_provider, tmp_path, Behaviour(chunks=CHUNKS, drop_after=1))
    code, out, _err = run_chat("-c", str(config), "m", "hi")
    assert (code, out) == (1, "Hel\n")
    assert fake_provider.requests(second) == []


def test_error_event_before_any_text_still_fails_over(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    config, _first, _second = _two(fake_provider, tmp_path, Behaviour(chunks=CHUNKS, fail_after=0))
    code, out, _ = run_chat("-c", str(config), "m", "hi")
    assert (code, out) == (0, "Fallback answer\n")


def test_missing_key_fails_that_attempt_and_continues(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UNSET_CHAT_KEY", raising=False)
    config, first, _second = _two(
        fake_provider, tmp_path, Behaviour(), primary_key_var="UNSET_CHAT_KEY"
    )
    code, out, err = run_chat("-c", str(config), "m", "hi", "-v")
    assert (code, out) == (0, "Fallback answer\n")
    assert "missing_key" in err and "UNSET_CHAT_KEY is not set" in err
    assert fake_provider.requests(first) == []


def test_every_backend_failing_names_each_attempt_and_exits_1(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    config, first, second = _two(fake_provider, tmp_path, Behaviour(status=503))
    fake_provider.set_behaviour(second, Behaviour(status=529))
    code, out, err = run_chat("-c", str(config), "m", "hi")
    assert (code, out) == (1, "")
    (line,) = err.splitlines()
    assert "2 attempts" in line
    assert f"1) {first}/test-model" in line and "HTTP 503" in line
    assert f"2) {second}/test-model" in line and "HTTP 529" in line


def test_no_fallback_tries_only_the_primary(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    config, first, second = _two(fake_provider, tmp_path, Behaviour(status=500))
    code, out, _ = run_chat("-c", str(config), "m", "hi", "--no-fallback", "--json")
    assert code == 1
    data = json.loads(out)
    assert [a["backend"] for a in data["attempts"]] == [first]
    assert fake_provider.requests(second) == []


def test_unreachable_backend_fails_over(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    from fakeprovider.server import free_port

    config, first, _second = _two(fake_provider, tmp_path, Behaviour())
    text = config.read_text().replace(
        fake_provider.base_url(first), f"http://127.0.0.1:{free_port()}/v1"
    )
    config.write_text(text)
    code, out, _ = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0
    assert [a["outcome"] for a in json.loads(out)["attempts"]] == ["unreachable", "ok"]


def test_timeout_fails_over(fake_provider: FakeProvider, tmp_path: Path, run_chat: Run) -> None:
    config, _first, _second = _two(fake_provider, tmp_path, Behaviour(delay=2.0))
    code, out, _ = run_chat("-c", str(config), "m", "hi", "--json", "--timeout", "0.2")
    assert code == 0
    assert [a["outcome"] for a in json.loads(out)["attempts"]] == ["timeout", "ok"]


@pytest.mark.parametrize(
    "bad_key",
    [CANARY + "\r", CANARY + "\n", "sk-canary-é-9f8e7d6c5b4a", CANARY + "\t", CANARY + " "],
)
def test_unsendable_key_fails_over_without_showing_it(
    fake_provider: FakeProvider,
    tmp_path: Path,
    run_chat: Run,
    monkeypatch: pytest.MonkeyPatch,
    bad_key: str,
) -> None:
    # a key pasted with a stray line break (a CRLF .env) or a non-ASCII character cannot go
    # in a header; httpx and h11 would quote the whole value in their own error
    config, first, _second = _two(fake_provider, tmp_path, Behaviour(), primary_key_var="BAD_KEY")
    monkeypatch.setenv("BAD_KEY", bad_key)
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json", "-v")
    assert code == 0, err
    data = json.loads(out)
    assert [a["outcome"] for a in data["attempts"]] == ["auth", "ok"]
    assert "Authorization header" in data["attempts"][0]["detail"]
    assert bad_key.strip() not in out + err
    assert bad_key[:12] not in out + err
    assert fake_provider.requests(first) == []


def test_a_non_ascii_header_that_is_not_the_key_is_sent_as_utf8(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    # OpenRouter shows X-Title as the app's name, which may have accents
    config, first, _second = _two(fake_provider, tmp_path, Behaviour())
    text = config.read_text().replace(
        f"{first}:\n", f"{first}:\n    headers: {{X-Title: Café Bot}}\n", 1
    )
    config.write_text(text)
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0, err
    assert [a["outcome"] for a in json.loads(out)["attempts"]] == ["ok"]
    sent = fake_provider.requests(first)[0].headers["x-title"]
    assert sent.encode("latin-1").decode("utf-8") == "Café Bot"


@pytest.mark.parametrize("mode", [(), ("--no-stream",)])
def test_a_redirect_is_not_an_empty_answer_but_fails_over(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, mode: tuple[str, ...]
) -> None:
    # redirects are not followed (the key would go along); an out-of-date base_url must fail
    # that attempt, naming where the server points, not pass with no text
    moved = Behaviour(status=301, location="https://moved.example/v1/chat/completions?key=abc")
    config, _first, _second = _two(fake_provider, tmp_path, moved)
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json", *mode)
    assert code == 0, err
    data = json.loads(out)
    assert data["text"] == "Fallback answer"
    first = data["attempts"][0]
    assert (first["outcome"], first["http_status"]) == ("unreachable", 301)
    assert "redirected to https://moved.example/v1/chat/completions?key=***" in first["detail"]
    assert "base_url" in first["detail"]


@pytest.mark.parametrize("base", ["http://127.0.0.1:99999/v1", "http://[::1/v1"])
def test_a_base_url_that_cannot_be_a_url_fails_over(
    fake_provider: FakeProvider,
    tmp_path: Path,
    run_chat: Run,
    monkeypatch: pytest.MonkeyPatch,
    base: str,
) -> None:
    config, first, _second = _two(fake_provider, tmp_path, Behaviour())
    monkeypatch.setenv("BASE", base)
    config.write_text(config.read_text().replace(fake_provider.base_url(first), "${BASE}"))
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json")
    assert code == 0, err
    attempts = json.loads(out)["attempts"]
    assert [a["outcome"] for a in attempts] == ["unreachable", "ok"]
    assert "invalid URL" in attempts[0]["detail"]


@pytest.mark.parametrize("protocol", ["openai", "anthropic", "google"])
def test_a_key_echoed_where_a_long_error_body_is_cut_is_still_masked(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, protocol: str
) -> None:
    # a plain-text error body is shortened for the message: the key must be masked first,
    # or the cut leaves part of it that no longer matches the whole key
    echo = Behaviour(status=401, raw_error="x" * 185 + " key " + CANARY + " rejected")
    config, _first, _second = _two(fake_provider, tmp_path, echo, protocols=(protocol, "openai"))
    code, out, err = run_chat("-c", str(config), "m", "hi", "--json", "-v")
    assert code == 0, err
    assert "xxxxx key sk-***" in json.loads(out)["attempts"][0]["detail"]
    assert CANARY[:6] not in out + err


@pytest.mark.parametrize("mode", [(), ("--no-stream",), ("--json", "-v")])
def test_credentials_in_the_base_url_are_never_shown(
    fake_provider: FakeProvider,
    tmp_path: Path,
    run_chat: Run,
    monkeypatch: pytest.MonkeyPatch,
    mode: tuple[str, ...],
) -> None:
    # a provider that echoes the request: the query string and the Basic token httpx makes
    # of the base_url's user:password
    import base64

    secret = "urlsecret-7f6e5d4c3b2a"
    config, first, _second = _two(fake_provider, tmp_path, Behaviour(status=401, echo=True))
    served = fake_provider.base_url(first)
    monkeypatch.setenv("URL_SECRET", secret)
    url = served.replace("//", "//bob:${URL_SECRET}@", 1) + "?code=${URL_SECRET}"
    config.write_text(config.read_text().replace(served, url))
    code, out, err = run_chat("-c", str(config), "m", "hi", "--no-fallback", *mode)
    assert code == 1, err
    assert "HTTP 401" in out + err
    basic = base64.b64encode(f"bob:{secret}".encode()).decode()
    assert secret[:6] not in out + err
    assert basic[:12] not in out + err


def test_a_key_shaped_value_the_provider_echoes_is_masked_even_if_not_the_backends_key(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    # another key sent as a parameter (-o user=...), quoted back in a 400
    other = "sk-proj-Other0key1of2another3backend4"
    rejected = Behaviour(status=400, message=f"Invalid value for 'user': {other}")
    config, _first, _second = _two(fake_provider, tmp_path, rejected)
    code, out, err = run_chat("-c", str(config), "m", "hi", "-o", f"user={other}", "--json")
    assert code == 1, err
    assert "Invalid value for 'user': sk-p..." in out
    assert other[6:] not in out + err
