"""The fake provider's answers match the providers' published schemas (so tests mean something)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
import yaml
from fakeprovider import FakeProvider

# The providers' published API specs (OpenAPI files) are not part of this repository:
# MODELMAP_PROVIDER_SPECS names the directory that holds them; without it, the checks that
# need them are skipped.
SPECS = Path(os.environ.get("MODELMAP_PROVIDER_SPECS") or "/nonexistent")


def _spec_text(name: str) -> str:
    if not (SPECS / name).is_file():
        pytest.skip(f"{name}: set MODELMAP_PROVIDER_SPECS to the directory of provider specs")
    return (SPECS / name).read_text()


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0 ``nullable: true`` as JSON Schema (``type: [T, "null"]``, ``None`` in enums)."""
    if isinstance(node, list):
        return [_nullable(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable(v) for k, v in node.items()}
    if out.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
        if isinstance(out.get("enum"), list):
            out["enum"] = [*out["enum"], None]
    return out


def _load(name: str) -> dict[str, Any]:
    text = _spec_text(name)
    return dict(_nullable(json.loads(text) if name.endswith(".json") else yaml.safe_load(text)))


def _check(spec: dict[str, Any], schema: str, instance: Any) -> None:
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
    )
    validator.validate(instance)


def _sse_data(text: str) -> list[Any]:
    out = []
    for line in text.splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            out.append(json.loads(line[6:]))
    return out


@pytest.fixture(scope="module")
def client() -> Any:
    with httpx.Client(timeout=5) as c:
        yield c


def test_openai_answers(fake_provider: FakeProvider, client: httpx.Client) -> None:
    spec = _load("openai-chat-models-subset.json")
    base = fake_provider.add("conf-oa", "openai", key=None, models=["m"])
    _check(spec, "ListModelsResponse", client.get(f"{base}/models").json())
    _check(spec, "Model", client.get(f"{base}/models/m").json())
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    _check(
        spec,
        "CreateChatCompletionResponse",
        client.post(f"{base}/chat/completions", json=body).json(),
    )
    streamed = client.post(
        f"{base}/chat/completions",
        json={**body, "stream": True, "stream_options": {"include_usage": True}},
    )
    chunks = _sse_data(streamed.text)
    assert chunks and streamed.text.rstrip().endswith("data: [DONE]")
    for chunk in chunks:
        _check(spec, "CreateChatCompletionStreamResponse", chunk)
    _check(spec, "ErrorResponse", client.get(f"{base}/models/unknown").json())


def test_anthropic_answers(fake_provider: FakeProvider, client: httpx.Client) -> None:
    spec = _load("anthropic-langchain_dart-curated.yaml")
    # The curated spec omits that the real API sends "stop_sequence": null (its own
    # description says the value is non-null only when a stop sequence matched).
    spec["components"]["schemas"]["Message"]["properties"]["stop_sequence"]["type"] = [
        "string",
        "null",
    ]
    base = fake_provider.add("conf-an", "anthropic", key=None, models=["claude-x"])
    _check(spec, "ListModelsResponse", client.get(f"{base}/v1/models").json())
    _check(spec, "ModelInfo", client.get(f"{base}/v1/models/claude-x").json())
    body = {"model": "claude-x", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    _check(spec, "Message", client.post(f"{base}/v1/messages", json=body).json())


def test_ollama_answers(fake_provider: FakeProvider, client: httpx.Client) -> None:
    spec = _load("ollama-openapi.yaml")
    base = fake_provider.add("conf-ol", "ollama", key=None, models=["llama3.1:8b"])
    _check(spec, "ListResponse", client.get(f"{base}/api/tags").json())
    _check(
        spec, "ShowResponse", client.post(f"{base}/api/show", json={"model": "llama3.1:8b"}).json()
    )
    body = {"model": "llama3.1:8b", "messages": [{"role": "user", "content": "hi"}]}
    _check(
        spec, "ChatResponse", client.post(f"{base}/api/chat", json={**body, "stream": False}).json()
    )
    lines = client.post(f"{base}/api/chat", json=body).text.splitlines()
    assert len(lines) > 1
    for line in lines:
        _check(spec, "ChatStreamEvent", json.loads(line))
