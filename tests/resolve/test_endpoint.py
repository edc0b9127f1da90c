"""endpoint_for: interpolation at use time, missing variables, secrets kept out of sight."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelmap.envvars import load_environment
from modelmap.errors import ConfigError, MissingKeyError
from modelmap.resolution import Target
from modelmap.resolve import endpoint_for, key_status, resolve, secret_status
from resolve.helpers import config_from

CANARY = "sk-canary-5f3a9c1e7b2d4e6f8a0b1c2d"


def target(**kwargs: object) -> Target:
    fields: dict[str, object] = {
        "backend": "b",
        "provider": "openai",
        "model_id": "m",
        "base_url": "https://api.example.com/v1",
        "api_key": "${KEY}",
    }
    fields.update(kwargs)
    return Target(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "environ", "expected"),
    [
        ("${HOST}", {"HOST": "h"}, "h"),
        ("${HOST:-d}", {}, "d"),
        ("${HOST:-d}", {"HOST": ""}, "d"),
        ("${HOST:-d}", {"HOST": "h"}, "h"),
        ("${HOST-d}", {}, "d"),
        ("${HOST-d}", {"HOST": ""}, ""),
        ("${HOST:?set HOST}", {"HOST": "h"}, "h"),
        ("$$HOST", {"HOST": "h"}, "$HOST"),
        ("http://${HOST}:${PORT:-80}/v1", {"HOST": "h"}, "http://h:80/v1"),
    ],
)
def test_every_interpolation_form_in_base_url(
    written: str, environ: dict[str, str], expected: str
) -> None:
    ep = endpoint_for(target(base_url=written), {"KEY": "k", **environ})
    assert ep.base_url == expected


@pytest.mark.parametrize(
    ("written", "where", "hint"),
    [
        ("${HOST}", "base_url", ""),
        ("${HOST:?the proxy host}", "base_url", "the proxy host"),
        ("${HOST?needed}", "base_url", "needed"),
    ],
)
def test_unset_required_variable_names_the_variable_and_place(
    written: str, where: str, hint: str
) -> None:
    with pytest.raises(MissingKeyError) as info:
        endpoint_for(target(base_url=written), {"KEY": "k"})
    assert info.value.variable == "HOST"
    message = str(info.value)
    assert "HOST" in message and "backend 'b'" in message and where in message
    assert hint in message


def test_missing_key_and_header_variables() -> None:
    with pytest.raises(MissingKeyError, match=r"KEY .*backend 'b' api_key"):
        endpoint_for(target(), {})
    with pytest.raises(MissingKeyError, match=r"ORG .*header 'X-Org'"):
        endpoint_for(target(headers={"X-Org": "${ORG}"}), {"KEY": "k"})


def test_empty_key_for_a_provider_that_requires_one() -> None:
    with pytest.raises(MissingKeyError, match="KEY"):
        endpoint_for(target(api_key="${KEY:-}"), {})


def test_headers_interpolated_and_empty_ones_dropped() -> None:
    ep = endpoint_for(
        target(headers={"X-Org": "${ORG}", "OpenAI-Project": "${PROJECT:-}"}),
        {"KEY": "k", "ORG": "acme"},
    )
    assert dict(ep.headers) == {"X-Org": "acme"}
    assert ep.api_key == "k"


def test_conventional_key_variables_first_set_wins() -> None:
    config = config_from("models: {g: {backend: google/gemini-1.5-pro}}")
    t = resolve(config, "g").primary
    assert endpoint_for(t, {"GOOGLE_API_KEY": "g2"}).api_key == "g2"
    assert endpoint_for(t, {"GOOGLE_API_KEY": "g2", "GEMINI_API_KEY": "g1"}).api_key == "g1"
    assert str(key_status(t, {"GOOGLE_API_KEY": "g2"})) == "${GOOGLE_API_KEY} (set)"
    assert str(key_status(t, {})) == "${GEMINI_API_KEY} (unset)"
    with pytest.raises(MissingKeyError, match="GEMINI_API_KEY or GOOGLE_API_KEY"):
        endpoint_for(t, {})


def test_keyless_providers_need_no_variable() -> None:
    config = config_from("models: {l: {backend: ollama/llama3.1:8b}}")
    ep = endpoint_for(resolve(config, "l").primary, {})
    assert (ep.api_key, ep.base_url) == (None, "http://localhost:11434")


def test_endpoint_never_shows_the_key() -> None:
    ep = endpoint_for(target(headers={"X-Secret": "${KEY}"}), {"KEY": CANARY})
    assert ep.api_key == CANARY
    assert CANARY not in repr(ep) and CANARY not in str(ep)


@pytest.mark.parametrize(
    "base_url",
    [
        "https://generativelanguage.googleapis.com/v1beta?key=${KEY}",
        "https://bob:${KEY}@llm.example.com/v1",
        "${URL}",
    ],
)
def test_endpoint_repr_never_shows_credentials_in_the_base_url(base_url: str) -> None:
    environ = {"KEY": CANARY, "URL": f"https://llm.example.com/v1?code={CANARY}"}
    ep = endpoint_for(target(base_url=base_url), environ)
    assert CANARY in ep.base_url
    assert CANARY[:8] not in repr(ep) + str(ep)
    assert "Endpoint(backend='b'" in repr(ep)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("${KEY}", "${KEY} (set)"),
        ("Bearer ${KEY}", "${KEY} (set)"),
        ("${NOPE}", "${NOPE} (unset)"),
        ("EMPTY", "(literal in config) (set)"),
        (None, "(none)"),
    ],
)
def test_secret_status_shows_only_the_source(written: str | None, shown: str) -> None:
    assert str(secret_status(written, {"KEY": CANARY})) == shown


def test_dotenv_fills_in_and_the_process_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("KEY=from-dotenv\nHOST=dotenv-host\n")
    (tmp_path / "other.env").write_text("KEY=from-other\n")
    monkeypatch.setenv("HOST", "process-host")
    monkeypatch.delenv("KEY", raising=False)
    t = target(base_url="https://${HOST}/v1")

    ep = endpoint_for(t, load_environment())
    assert (ep.api_key, ep.base_url) == ("from-dotenv", "https://process-host/v1")
    ep = endpoint_for(t, load_environment(tmp_path / "other.env"))
    assert ep.api_key == "from-other"
    assert endpoint_for(t, load_environment("other.env")).api_key == "from-other"  # a str path
    with pytest.raises(ConfigError, match=r"env file not found: missing\.env"):
        load_environment("missing.env")  # caught with the other modelmap errors
    with pytest.raises(MissingKeyError, match="KEY"):
        endpoint_for(t, load_environment(use_env_file=False))
    monkeypatch.setenv("KEY", "from-process")
    assert endpoint_for(t, load_environment()).api_key == "from-process"


def test_an_unparsable_env_line_is_named_with_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("GOOD=1\nthis is not an assignment\n")
    assert load_environment()["GOOD"] == "1"
    assert [r.getMessage() for r in caplog.records] == [
        ".env:2: cannot parse this line of the env file; it is ignored"
    ]
