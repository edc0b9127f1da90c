"""End to end per protocol: streamed and whole answers, --json, and where the system
prompt and options land in each provider's request."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from chat_helpers import (
    CANARY,
    CHUNKS,
    PROTOCOLS,
    Run,
    backend_entry,
    run_cli,
    write_config,
)
from fakeprovider import Behaviour, FakeProvider


def _setup(
    fake: FakeProvider, tmp_path: Path, protocol: str, behaviour: Behaviour | None = None
) -> str:
    name = f"{protocol}-{uuid.uuid4().hex[:8]}"
    fake.add(
        name,
        protocol,
        key=None if protocol == "ollama" else CANARY,
        models=["test-model"],
        behaviour=behaviour or Behaviour(chunks=CHUNKS),
    )
    backend = backend_entry(fake, name, protocol)
    backend["models"] = {"test-model": {"pricing": {"input": 0.5, "output": 2.0}}}
    write_config(
        tmp_path / "modelmap.yaml", {"m": {"backend": f"{name}/test-model"}}, {name: backend}
    )
    return name


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_streamed_text_is_the_deltas_joined(
    fake_provider: FakeProvider, tmp_path: Path, protocol: str
) -> None:
    name = _setup(fake_provider, tmp_path, protocol)
    result = run_cli(["m", "Say hello"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "".join(CHUNKS) + "\n"
    assert "\x1b" not in result.stdout
    (seen,) = fake_provider.requests(name)
    if protocol == "google":
        assert seen.path.endswith(":streamGenerateContent")
        assert seen.query == {"alt": ["sse"]}
    else:
        assert seen.json["stream"] is True


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_no_stream_asks_for_a_whole_answer(
    fake_provider: FakeProvider, tmp_path: Path, protocol: str, run_chat: Run
) -> None:
    name = _setup(fake_provider, tmp_path, protocol)
    code, out, _ = run_chat("-c", str(tmp_path / "modelmap.yaml"), "m", "Say hello", "--no-stream")
    assert (code, out) == (0, "Hello, world\n")
    (seen,) = fake_provider.requests(name)
    if protocol == "google":
        assert seen.path.endswith(":generateContent")
    else:
        assert seen.json["stream"] is False


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_json_answer_has_usage_cost_and_attempts(
    fake_provider: FakeProvider, tmp_path: Path, protocol: str, run_chat: Run
) -> None:
    name = _setup(fake_provider, tmp_path, protocol, Behaviour(chunks=CHUNKS, usage=(1000, 500)))
    code, out, _ = run_chat("-c", str(tmp_path / "modelmap.yaml"), "m", "Say hello", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["model"] == "m"
    assert (data["backend"], data["provider"], data["model_id"]) == (name, protocol, "test-model")
    assert data["text"] == "Hello, world"
    assert data["usage"] == {"input_tokens": 1000, "output_tokens": 500}
    assert data["cost_usd"] == pytest.approx(0.5 + 1.0)  # USD per 1,000 tokens
    (attempt,) = data["attempts"]
    assert attempt["outcome"] == "ok" and attempt["http_status"] == 200
    assert attempt["latency_ms"] >= 0
    # --json implies no streaming
    assert fake_provider.requests(name)[0].json.get("stream") in (False, None)


def test_cost_is_null_without_catalog_pricing(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    name = f"np-{uuid.uuid4().hex[:8]}"
    fake_provider.add(name, "openai", key=CANARY)
    backend = backend_entry(fake_provider, name, "openai")
    write_config(tmp_path / "c.yaml", {"m": {"backend": f"{name}/test-model"}}, {name: backend})
    code, out, _ = run_chat("-c", str(tmp_path / "c.yaml"), "m", "hi", "--json")
    assert code == 0
    assert json.loads(out)["cost_usd"] is None


def _fields(protocol: str, body: dict[str, Any]) -> tuple[Any, ...]:
    """(system prompt, user text, temperature, max tokens, top_p) as the wire has them."""
    if protocol == "openai":
        system, user = body["messages"]
        return (
            system["content"] if system["role"] == "system" else None,
            user["content"],
            body["temperature"],
            body["max_completion_tokens"],  # OpenAI itself: max_tokens is deprecated
            body["top_p"],
        )
    if protocol == "anthropic":
        (user,) = body["messages"]
        return (
            body["system"],
            user["content"],
            body["temperature"],
            body["max_tokens"],
            body["top_p"],
        )
    if protocol == "google":
        (content,) = body["contents"]
        config = body["generationConfig"]
        return (
            body["systemInstruction"]["parts"][0]["text"],
            content["parts"][0]["text"],
            config["temperature"],
            config["maxOutputTokens"],
            config["topP"],
        )
    system, user = body["messages"]
    options = body["options"]
    return (
        system["content"] if system["role"] == "system" else None,
        user["content"],
        options["temperature"],
        options["num_predict"],
        options["top_p"],
    )


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_system_prompt_and_options_land_in_the_provider_fields(
    fake_provider: FakeProvider, tmp_path: Path, protocol: str, run_chat: Run
) -> None:
    name = _setup(fake_provider, tmp_path, protocol)
    args = ["-s", "Be brief.", "--temperature", "0.3", "--max-tokens", "50", "-o", "top_p=0.9"]
    code, _, err = run_chat("-c", str(tmp_path / "modelmap.yaml"), "m", "Question?", *args)
    assert code == 0, err
    (seen,) = fake_provider.requests(name)
    assert _fields(protocol, seen.json) == ("Be brief.", "Question?", 0.3, 50, 0.9)


def test_environment_references_in_parameters_are_filled_in_when_sent(
    fake_provider: FakeProvider,
    tmp_path: Path,
    run_chat: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    name = f"env-{uuid.uuid4().hex[:8]}"
    fake_provider.add(name, "openai", key=CANARY)
    backend = backend_entry(fake_provider, name, "custom")
    params = {"user": "${APP_USER}", "metadata": {"team": "${TEAM:-core}"}, "stop": ["$$END"]}
    model = {"backend": f"{name}/test-model", "parameters": params}
    write_config(tmp_path / "c.yaml", {"m": model}, {name: backend})
    monkeypatch.setenv("APP_USER", "alice")
    code, _, err = run_chat("-c", str(tmp_path / "c.yaml"), "m", "hi")
    assert code == 0, err
    body = fake_provider.requests(name)[0].json
    assert (body["user"], body["metadata"], body["stop"]) == ("alice", {"team": "core"}, ["$END"])
    monkeypatch.delenv("APP_USER")
    code, out, err = run_chat("-c", str(tmp_path / "c.yaml"), "m", "hi", "--json")
    assert code == 1
    (attempt,) = json.loads(out)["attempts"]
    assert attempt["outcome"] == "missing_key"
    assert "APP_USER" in attempt["detail"] and "parameter 'user'" in attempt["detail"]
    assert len(fake_provider.requests(name)) == 1  # nothing sent the second time


def test_option_overrides_model_parameters(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    name = f"ov-{uuid.uuid4().hex[:8]}"
    fake_provider.add(name, "openai", key=CANARY)
    backend = backend_entry(fake_provider, name, "custom")
    model = {"backend": f"{name}/test-model", "parameters": {"temperature": 0.7, "max_tokens": 99}}
    write_config(tmp_path / "c.yaml", {"m": model}, {name: backend})
    code, _, err = run_chat("-c", str(tmp_path / "c.yaml"), "m", "hi", "-o", "temperature=1.5")
    assert code == 0, err
    body = fake_provider.requests(name)[0].json
    assert (body["temperature"], body["max_tokens"]) == (1.5, 99)  # custom: max_tokens
