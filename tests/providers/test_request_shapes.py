"""Request shape per provider: URL, headers and body, checked against the published specs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from modelmap.providers import anthropic, google, ollama, openai
from modelmap.providers.base import ChatRequest, Message
from modelmap.resolution import Endpoint, Target

# The providers' published API specs (OpenAPI files) are not part of this repository:
# MODELMAP_PROVIDER_SPECS names the directory that holds them; without it, the checks that
# need them are skipped.
SPECS = Path(os.environ.get("MODELMAP_PROVIDER_SPECS") or "/nonexistent")


def _spec_text(name: str) -> str:
    if not (SPECS / name).is_file():
        pytest.skip(f"{name}: set MODELMAP_PROVIDER_SPECS to the directory of provider specs")
    return (SPECS / name).read_text()


KEY = "sk-shape-0123456789"
PARAMS = {"temperature": 0.3, "top_p": 0.9, "top_k": 40, "max_tokens": 128, "stop": "END"}


def _endpoint(
    provider: str, base: str, key: str | None = KEY, headers: dict[str, str] | None = None
) -> Endpoint:
    target = Target(backend="b", provider=provider, model_id="m", base_url=base)
    return Endpoint(target, base, key, headers or {})


def _request(stream: bool = True, params: dict[str, Any] | None = None) -> ChatRequest:
    return ChatRequest(
        "m",
        [Message("user", "hi"), Message("assistant", "hello"), Message("user", "more")],
        system="be brief",
        parameters=PARAMS if params is None else params,
        stream=stream,
    )


def _validator(doc: dict[str, Any], schema: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": doc["components"]}
    )


@pytest.fixture(scope="module")
def openai_spec() -> dict[str, Any]:
    return dict(json.loads(_spec_text("openai-chat-models-subset.json")))


@pytest.fixture(scope="module")
def anthropic_spec() -> dict[str, Any]:
    return dict(yaml.safe_load(_spec_text("anthropic-langchain_dart-curated.yaml")))


@pytest.fixture(scope="module")
def ollama_spec() -> dict[str, Any]:
    return dict(yaml.safe_load(_spec_text("ollama-openapi.yaml")))


def test_openai_chat_request(openai_spec: dict[str, Any]) -> None:
    req = openai.chat_request(
        _endpoint("openai", "https://api.example/v1/", headers={"OpenAI-Project": "p"}), _request()
    )
    assert (req.method, req.url) == ("POST", "https://api.example/v1/chat/completions")
    assert req.headers["Authorization"] == f"Bearer {KEY}"
    assert req.headers["OpenAI-Project"] == "p"
    body = req.json
    assert body["messages"][0] == {"role": "system", "content": "be brief"}
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "user"]
    assert body["max_completion_tokens"] == 128 and "max_tokens" not in body
    assert "top_k" not in body  # OpenAI rejects it
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert (body["temperature"], body["top_p"], body["stop"]) == (0.3, 0.9, "END")
    _validator(openai_spec, "CreateChatCompletionRequest").validate(body)


@pytest.mark.parametrize("provider", ["together", "huggingface", "custom"])
def test_compatible_servers_take_max_tokens_and_top_k(
    provider: str, openai_spec: dict[str, Any]
) -> None:
    req = openai.chat_request(
        _endpoint(provider, "http://127.0.0.1:8000/v1"), _request(stream=False)
    )
    body = req.json
    assert body["max_tokens"] == 128 and "max_completion_tokens" not in body
    assert body["top_k"] == 40
    assert body["stream"] is False and "stream_options" not in body


def test_a_query_on_the_base_url_stays_a_query() -> None:
    # Azure OpenAI deployments are addressed as .../deployments/NAME?api-version=...
    base = "https://r.openai.azure.com/openai/deployments/gpt4o?api-version=2024-06-01"
    req = openai.chat_request(_endpoint("custom", base), _request())
    assert req.url == (
        "https://r.openai.azure.com/openai/deployments/gpt4o/chat/completions"
        "?api-version=2024-06-01"
    )
    probe = openai.probe_request(_endpoint("custom", base), None)
    assert probe.url.endswith("/deployments/gpt4o/models?api-version=2024-06-01")
    gemini = google.chat_request(_endpoint("google", "https://g.example/v1beta?x=1"), _request())
    assert gemini.url == "https://g.example/v1beta/models/m:streamGenerateContent?alt=sse&x=1"


def test_openai_passes_unknown_parameters_through_at_top_level() -> None:
    req = openai.chat_request(
        _endpoint("openai", "https://x/v1"), _request(params={"seed": 7, "reasoning_effort": "low"})
    )
    assert req.json["seed"] == 7 and req.json["reasoning_effort"] == "low"


def test_custom_without_key_sends_no_authorization() -> None:
    req = openai.chat_request(_endpoint("custom", "http://127.0.0.1:8080/v1", key=None), _request())
    assert "Authorization" not in req.headers


def test_anthropic_chat_request(anthropic_spec: dict[str, Any]) -> None:
    req = anthropic.chat_request(_endpoint("anthropic", "https://api.example"), _request())
    assert (req.method, req.url) == ("POST", "https://api.example/v1/messages")
    assert req.headers["x-api-key"] == KEY and req.headers["anthropic-version"] == "2023-06-01"
    assert "Authorization" not in req.headers
    body = req.json
    assert body["system"] == "be brief"
    assert [m["role"] for m in body["messages"]] == ["user", "assistant", "user"]
    assert (body["max_tokens"], body["top_k"], body["stop_sequences"]) == (128, 40, ["END"])
    assert "stop" not in body
    _validator(anthropic_spec, "CreateMessageRequest").validate(body)


def test_anthropic_requires_max_tokens_so_a_default_is_sent() -> None:
    req = anthropic.chat_request(
        _endpoint("anthropic", "https://api.example"), _request(params={"seed": 1})
    )
    assert req.json["max_tokens"] == anthropic.DEFAULT_MAX_TOKENS
    assert "seed" not in req.json  # unsupported by the Messages API


def test_google_chat_request() -> None:
    base = "https://generativelanguage.example/v1beta"
    req = google.chat_request(_endpoint("google", base), _request())
    assert req.url == f"{base}/models/m:streamGenerateContent?alt=sse"
    assert req.headers["x-goog-api-key"] == KEY
    assert KEY not in req.url
    body = req.json
    assert body["systemInstruction"] == {"parts": [{"text": "be brief"}]}
    assert [c["role"] for c in body["contents"]] == ["user", "model", "user"]
    assert body["generationConfig"] == {
        "temperature": 0.3,
        "topP": 0.9,
        "topK": 40,
        "maxOutputTokens": 128,
        "stopSequences": ["END"],
    }
    whole = google.chat_request(_endpoint("google", base), _request(stream=False))
    assert whole.url == f"{base}/models/m:generateContent"


def test_ollama_chat_request(ollama_spec: dict[str, Any]) -> None:
    req = ollama.chat_request(
        _endpoint("ollama", "http://localhost:11434", key=None), _request(stream=False)
    )
    assert (req.method, req.url) == ("POST", "http://localhost:11434/api/chat")
    assert "Authorization" not in req.headers
    body = req.json
    assert body["messages"][0] == {"role": "system", "content": "be brief"}
    assert body["stream"] is False
    assert body["options"] == {
        "temperature": 0.3,
        "top_p": 0.9,
        "top_k": 40,
        "num_predict": 128,
        "stop": ["END"],
    }
    _validator(ollama_spec, "ChatRequest").validate(body)


@pytest.mark.parametrize(
    ("module", "provider", "base", "list_url", "lookup_url", "auth_header"),
    [
        (
            openai,
            "openai",
            "https://h/v1",
            "https://h/v1/models",
            "https://h/v1/models/m",
            "Authorization",
        ),
        (
            anthropic,
            "anthropic",
            "https://h",
            "https://h/v1/models?limit=1000",
            "https://h/v1/models/m",
            "x-api-key",
        ),
        (
            google,
            "google",
            "https://h/v1beta",
            "https://h/v1beta/models?pageSize=1000",
            "https://h/v1beta/models/m",
            "x-goog-api-key",
        ),
        (
            ollama,
            "ollama",
            "https://h",
            "https://h/api/tags",
            "https://h/api/show",
            "Authorization",
        ),
    ],
)
def test_probe_requests(
    module: Any, provider: str, base: str, list_url: str, lookup_url: str, auth_header: str
) -> None:
    ep = _endpoint(provider, base)
    listing = module.probe_request(ep, None)
    lookup = module.probe_request(ep, "m")
    assert (listing.method, listing.url) == ("GET", list_url)
    assert lookup.url == lookup_url
    assert KEY in listing.headers[auth_header]
    assert KEY not in listing.url + lookup.url
    if module is ollama:
        assert (lookup.method, lookup.json) == ("POST", {"model": "m"})
    else:
        assert lookup.method == "GET"
