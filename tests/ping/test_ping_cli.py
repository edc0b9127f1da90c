"""``modelmap ping`` end to end against the fake provider server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fakeprovider import Behaviour, FakeProvider
from fakeprovider.server import free_port
from ping_helpers import CANARY, Run, rows

Write = Callable[[dict[str, Any]], Path]
PROVIDERS = {"openai": "openai", "anthropic": "anthropic", "google": "google", "ollama": "ollama"}


def _backend(
    base_url: str, provider: str = "openai", key: str | None = "${PING_KEY}"
) -> dict[str, Any]:
    entry: dict[str, Any] = {"provider": provider, "base_url": base_url}
    if key is not None:
        entry["api_key"] = key
    return entry


def test_healthy_backends_of_every_protocol_pass(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    backends = {}
    models = {}
    for provider in PROVIDERS:
        name = f"ok-{provider}"
        base = fake_provider.add(name, provider, key=CANARY, models=["alpha", "beta:1b"])
        backends[name] = _backend(base, provider)
        models[f"{provider}-a"] = {"backend": f"{name}/alpha"}
        models[f"{provider}-b"] = {"backend": f"{name}/beta:1b"}
    path = write_config({"models": models, "backends": backends})
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 0, err
    found = rows(out)
    assert len(found) == 8
    assert {r["status"] for r in found.values()} == {"ok"}
    assert all(r["http_status"] == 200 and r["latency_ms"] >= 0 for r in found.values())
    assert all(round(r["latency_ms"], 1) == r["latency_ms"] for r in found.values())
    for provider in PROVIDERS:  # one list call serves both model ids of a backend
        assert len(fake_provider.requests(f"ok-{provider}")) == 1


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_bad_key_is_auth_failed(
    provider: str, fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    name = f"badkey-{provider}"
    base = fake_provider.add(name, provider, key="the-right-key", models=["m"])
    path = write_config(
        {"models": {"x": {"backend": f"{name}/m"}}, "backends": {name: _backend(base, provider)}}
    )
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 1
    (row,) = rows(out).values()
    assert row["status"] == "auth_failed"
    assert row["http_status"] == (400 if provider == "google" else 401)
    assert CANARY not in out + err


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_unknown_model_is_model_not_found(
    provider: str, fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    name = f"nomodel-{provider}"
    base = fake_provider.add(name, provider, key=CANARY, models=["real"])
    path = write_config(
        {
            "models": {"a": {"backend": f"{name}/real"}, "b": {"backend": f"{name}/retired"}},
            "backends": {name: _backend(base, provider)},
        }
    )
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    found = rows(out)
    assert found[(name, "real")]["status"] == "ok"
    assert found[(name, "retired")]["status"] == "model_not_found"
    assert found[(name, "retired")]["http_status"] == 404


def test_unreachable_port(write_config: Write, run_ping: Run) -> None:
    base = f"http://127.0.0.1:{free_port()}/v1"
    path = write_config(
        {"models": {"a": {"backend": "dead/m"}}, "backends": {"dead": _backend(base)}}
    )
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    (row,) = rows(out).values()
    assert (row["status"], row["http_status"]) == ("unreachable", None)
    assert "127.0.0.1" in row["detail"]


def test_timeout(fake_provider: FakeProvider, write_config: Write, run_ping: Run) -> None:
    base = fake_provider.add("slow", key=CANARY, models=["m"], behaviour=Behaviour(delay=1.0))
    path = write_config(
        {"models": {"a": {"backend": "slow/m"}}, "backends": {"slow": _backend(base)}}
    )
    code, out, _ = run_ping("-c", str(path), "--json", "--timeout", "0.1")
    assert code == 1
    (row,) = rows(out).values()
    assert row["status"] == "timeout"


def test_rate_limit_reports_retry_after(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    base = fake_provider.add(
        "busy", key=CANARY, models=["m"], behaviour=Behaviour(status=429, retry_after="7")
    )
    path = write_config(
        {"models": {"a": {"backend": "busy/m"}}, "backends": {"busy": _backend(base)}}
    )
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    (row,) = rows(out).values()
    assert (row["status"], row["http_status"]) == ("rate_limited", 429)
    assert "retry after 7s" in row["detail"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [(500, "server_error"), (503, "server_error"), (529, "overloaded"), (403, "auth_failed")],
)
def test_server_side_statuses(
    status: int, expected: str, fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    name = f"status-{status}"
    base = fake_provider.add(
        name, "anthropic", key=CANARY, models=["m"], behaviour=Behaviour(status=status)
    )
    path = write_config(
        {"models": {"a": {"backend": f"{name}/m"}}, "backends": {name: _backend(base, "anthropic")}}
    )
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    (row,) = rows(out).values()
    assert (row["status"], row["http_status"]) == (expected, status)


def test_missing_key_fails_without_a_request(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    base = fake_provider.add("nokey", key=CANARY, models=["m"])
    backend = _backend(base, key="${PING_UNSET_KEY}")
    path = write_config({"models": {"a": {"backend": "nokey/m"}}, "backends": {"nokey": backend}})
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    (row,) = rows(out).values()
    assert row["status"] == "missing_key"
    assert "PING_UNSET_KEY" in row["detail"]
    assert fake_provider.requests("nokey") == []


def test_names_ping_only_their_chains(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    base = fake_provider.add("chain", key=CANARY, models=["one", "two", "three"])
    models = {
        "first": {"backend": "chain/one", "fallbacks": ["second"]},
        "second": {"backend": "chain/two"},
        "third": {"backend": "chain/three"},
    }
    path = write_config({"models": models, "backends": {"chain": _backend(base)}})
    code, out, _ = run_ping("-c", str(path), "--json", "first")
    assert code == 0
    assert set(rows(out)) == {("chain", "one"), ("chain", "two")}


def test_disabled_models_are_not_pinged_by_default(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    base = fake_provider.add("dis", key=CANARY, models=["on"])
    models = {"a": {"backend": "dis/on"}, "b": {"backend": "dis/off", "enabled": False}}
    path = write_config({"models": models, "backends": {"dis": _backend(base)}})
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 0
    assert set(rows(out)) == {("dis", "on")}


def test_unknown_name_is_a_usage_error(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    base = fake_provider.add("u", key=CANARY, models=["m"])
    path = write_config(
        {"models": {"known": {"backend": "u/m"}}, "backends": {"u": _backend(base)}}
    )
    code, out, err = run_ping("-c", str(path), "knwon")
    assert code == 2
    assert "known" in err and out == ""


def test_table_output_has_no_escape_codes(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    base = fake_provider.add("tbl", key=CANARY, models=["m"])
    path = write_config(
        {
            "models": {"a": {"backend": "tbl/m"}, "b": {"backend": "tbl/gone"}},
            "backends": {"tbl": _backend(base)},
        }
    )
    code, out, err = run_ping("-c", str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["backend", "provider", "model", "id"]
    assert any(line.split()[:4] == ["tbl", "openai", "m", "ok"] for line in lines)
    assert any(
        line.split()[:5] == ["tbl", "openai", "gone", "model_not_found", "404"] for line in lines
    )
    assert "\x1b[" not in out + err
    assert "1 ok, 1 failed (1 backend)\n" in err


def test_key_echoed_by_the_provider_is_redacted(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    behaviour = Behaviour(status=401, message=f"Incorrect API key provided: {CANARY}")
    base = fake_provider.add("echo", key=CANARY, models=["m"], behaviour=behaviour)
    path = write_config(
        {"models": {"a": {"backend": "echo/m"}}, "backends": {"echo": _backend(base)}}
    )
    for args in (["--json"], []):
        code, out, err = run_ping("-c", str(path), *args)
        assert code == 1
        assert CANARY not in out + err
        assert "Incorrect API key provided: sk-***" in out


def test_the_network_guard_keeps_ping_off_the_internet(write_config: Write, run_ping: Run) -> None:
    # api.openai.com is the provider's default URL: the autouse guard must stop the request.
    path = write_config(
        {
            "models": {"a": {"backend": "openai/gpt-4o"}},
            "backends": {"openai": {"api_key": "${PING_KEY}"}},
        }
    )
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    (row,) = rows(out).values()
    assert row["status"] == "unreachable"
    assert "tests may only use 127.0.0.1" in row["detail"]


def test_a_broken_config_is_exit_2(tmp_path: Path, run_ping: Run) -> None:
    path = tmp_path / "modelmap.yaml"
    path.write_text("models:\n  a: {backend: 'nope/m'}\n")
    code, out, err = run_ping("-c", str(path))
    assert code == 2
    assert out == "" and "nope" in err


def test_the_cli_default_concurrency_is_the_core_default() -> None:
    import inspect

    from modelmap.cli.commands import ping as ping_command
    from modelmap.ping import DEFAULT_CONCURRENCY

    option = inspect.signature(ping_command.command).parameters["concurrency"].default
    assert option.default == DEFAULT_CONCURRENCY


@pytest.mark.parametrize(
    "bad_key", [CANARY + "\r", "sk-canary-é-5e4d3c2b1a09", CANARY + "\t", CANARY + " "]
)
def test_unsendable_key_is_auth_failed_without_showing_it(
    bad_key: str,
    fake_provider: FakeProvider,
    write_config: Write,
    run_ping: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = fake_provider.add("crlf-key", key=CANARY, models=["m"])
    monkeypatch.setenv("BAD_KEY", bad_key)
    path = write_config(
        {
            "models": {"a": {"backend": "crlf-key/m"}},
            "backends": {"crlf-key": _backend(base, key="${BAD_KEY}")},
        }
    )
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 1, err
    (row,) = rows(out).values()
    assert (row["status"], row["http_status"]) == ("auth_failed", None)
    assert row["latency_ms"] is None  # never sent: no time to show
    assert "Authorization header" in row["detail"]
    assert bad_key[:12] not in out + err


@pytest.mark.parametrize(
    ("behaviour", "status", "detail"),
    [
        # an out-of-date base_url: redirects are not followed (the key would go along)
        (
            Behaviour(status=308, location="https://moved.example/v2"),
            ("unreachable", 308),
            "redirected to https://moved.example/v2",
        ),
        # a web page or captive portal at the base_url proves nothing about the API
        (Behaviour(malformed=True), ("server_error", 200), "not a JSON object"),
    ],
    ids=["redirect", "not-json"],
)
@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_an_answer_that_is_not_the_api_is_not_ok(
    provider: str,
    behaviour: Behaviour,
    status: tuple[str, int],
    detail: str,
    fake_provider: FakeProvider,
    write_config: Write,
    run_ping: Run,
) -> None:
    name = f"odd-{provider}-{status[1]}"
    base = fake_provider.add(name, provider, key=CANARY, models=["m"], behaviour=behaviour)
    path = write_config(
        {"models": {"a": {"backend": f"{name}/m"}}, "backends": {name: _backend(base, provider)}}
    )
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 1, err
    (row,) = rows(out).values()
    assert (row["status"], row["http_status"]) == status
    assert detail in row["detail"]


@pytest.mark.parametrize("base", ["http://127.0.0.1:99999/v1", "http://[::1/v1"])
def test_a_base_url_that_cannot_be_a_url_is_unreachable(
    base: str, write_config: Write, run_ping: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # from a variable, so validate could not see it
    monkeypatch.setenv("BASE", base)
    path = write_config(
        {"models": {"a": {"backend": "odd/m"}}, "backends": {"odd": _backend("${BASE}")}}
    )
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 1, err
    (row,) = rows(out).values()
    assert (row["status"], row["http_status"]) == ("unreachable", None)
    assert "invalid URL" in row["detail"]


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_a_key_echoed_where_a_long_error_body_is_cut_is_still_masked(
    provider: str, fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    name = f"echo-{provider}"
    echo = Behaviour(status=401, raw_error="x" * 185 + " key " + CANARY + " rejected")
    base = fake_provider.add(name, provider, key=CANARY, models=["m"], behaviour=echo)
    path = write_config(
        {"models": {"a": {"backend": f"{name}/m"}}, "backends": {name: _backend(base, provider)}}
    )
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 1, err
    (row,) = rows(out).values()
    assert "xxxxx key sk-***" in row["detail"]
    assert CANARY[:6] not in out + err


@pytest.mark.parametrize(
    "base",
    [
        "http://bob:${URL_SECRET}@{host}/b/{name}",  # httpx sends it as Basic auth
        "http://{host}/b/{name}?code=${URL_SECRET}",  # Azure Functions style
        "${WHOLE_URL}",  # the whole URL, credentials and all, from one variable
    ],
    ids=["userinfo", "query", "whole-url"],
)
def test_credentials_in_the_base_url_are_never_shown(
    base: str,
    fake_provider: FakeProvider,
    write_config: Write,
    run_ping: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import base64

    secret = "urlsecret-7f6e5d4c3b2a"
    basic = base64.b64encode(f"bob:{secret}".encode()).decode()
    name = "url-creds"
    served = fake_provider.add(
        name, key=None, models=["m"], behaviour=Behaviour(status=401, echo=True)
    )
    host = served.split("//")[1].split("/")[0]
    monkeypatch.setenv("URL_SECRET", secret)
    monkeypatch.setenv("WHOLE_URL", f"http://bob:{secret}@{host}/b/{name}?code={secret}")
    url = base.replace("{host}", host).replace("{name}", name)
    path = write_config(
        {
            "models": {"a": {"backend": f"{name}/m"}},
            "backends": {name: {"provider": "custom", "base_url": url}},
        }
    )
    for args in (["--json"], []):
        code, out, err = run_ping("-c", str(path), *args)
        assert code == 1, err
        assert "401" in out
        assert secret[:6] not in out + err
        assert basic[:12] not in out + err


def test_a_key_in_a_redirects_location_is_masked(
    fake_provider: FakeProvider, write_config: Write, run_ping: Run
) -> None:
    # a key of some other account in the path, where no query-name rule can see it
    other = "sk-proj-Other0key1of2another3backend4"
    moved = Behaviour(status=302, location=f"https://moved.example/{other}/v1")
    base = fake_provider.add("moved-key", key=CANARY, models=["m"], behaviour=moved)
    path = write_config(
        {"models": {"a": {"backend": "moved-key/m"}}, "backends": {"moved-key": _backend(base)}}
    )
    code, out, err = run_ping("-c", str(path), "--json")
    assert code == 1, err
    assert "redirected to https://moved.example/sk-p.../v1" in out
    assert other[6:] not in out + err


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
def test_a_timeout_that_is_not_a_finite_number_is_a_usage_error(
    value: str, write_config: Write, run_ping: Run
) -> None:
    path = write_config({"models": {"a": {"backend": "openai/gpt-4o"}}})
    code, out, err = run_ping("-c", str(path), "--timeout", value)
    assert code == 2, err
    assert out == "" and "Traceback" not in err
    assert "--timeout" in err and "finite" in err


def test_missing_key_detail_says_where_and_what_to_set(
    fake_provider: FakeProvider,
    write_config: Write,
    run_ping: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = fake_provider.add("nohdr", key=CANARY, models=["m"])
    backend = {**_backend(base), "headers": {"X-Project": "${PING_PROJECT:?the project id}"}}
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("PING_PROJECT", raising=False)
    path = write_config(
        {
            "models": {"a": {"backend": "nohdr/m"}, "g": {"backend": "google/gemini-2.0-flash"}},
            "backends": {"nohdr": backend},
        }
    )
    code, out, _ = run_ping("-c", str(path), "--json")
    assert code == 1
    found = rows(out)
    header = found[("nohdr", "m")]
    assert header["status"] == "missing_key"
    assert "header 'X-Project'" in header["detail"] and "the project id" in header["detail"]
    google = found[("google", "gemini-2.0-flash")]
    assert google["status"] == "missing_key"
    assert "GEMINI_API_KEY or GOOGLE_API_KEY" in google["detail"]
    assert fake_provider.requests("nohdr") == []
