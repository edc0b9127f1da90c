"""The ping core with httpx.MockTransport: how probes are planned and interpreted."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx

from modelmap.ping import BackendPlan, PingResult, ping_async
from modelmap.resolution import Target


def _plan(provider: str, base: str, *ids: str) -> BackendPlan:
    target = Target(backend="b", provider=provider, model_id=ids[0], base_url=base, api_key="k")
    return BackendPlan("b", target, ids)


def _run(plan: BackendPlan, handler: httpx.MockTransport) -> tuple[list[PingResult], list[str]]:
    seen: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        return handler.handle_request(request)

    async def main() -> list[PingResult]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
            return await ping_async([plan], {}, client)

    return asyncio.run(main()), seen


def test_ids_missing_from_the_list_are_looked_up() -> None:
    # Anthropic lists dated ids; an alias such as "-latest" only resolves on lookup.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/models":
            return httpx.Response(
                200, json={"data": [{"id": "claude-x-20241022"}], "has_more": False}
            )
        if request.url.path == "/v1/models/claude-x-latest":
            return httpx.Response(200, json={"id": "claude-x-20241022", "type": "model"})
        return httpx.Response(
            404,
            json={"type": "error", "error": {"type": "not_found_error", "message": "model: nope"}},
        )

    plan = _plan("anthropic", "https://a", "claude-x-20241022", "claude-x-latest", "nope")
    results, seen = _run(plan, httpx.MockTransport(handler))
    assert [(r.model_id, r.status) for r in results] == [
        ("claude-x-20241022", "ok"),
        ("claude-x-latest", "ok"),
        ("nope", "model_not_found"),
    ]
    assert seen[0] == "GET /v1/models" and len(seen) == 3


def test_a_list_call_that_fails_fails_every_id_of_the_backend() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, json={"error": {"message": "bad key", "code": "invalid_api_key"}}
        )

    results, seen = _run(_plan("openai", "https://o/v1", "a", "b"), httpx.MockTransport(handler))
    assert [(r.status, r.http_status, r.detail.split(";")[0]) for r in results] == [
        ("auth_failed", 401, "bad key")
    ] * 2
    assert seen == ["GET /v1/models"]


def test_no_list_endpoint_falls_back_to_lookups() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/models/a":
            return httpx.Response(200, json={"id": "a"})
        return httpx.Response(404, text="404 page not found")

    results, seen = _run(_plan("custom", "https://c/v1", "a", "b"), httpx.MockTransport(handler))
    assert [(r.model_id, r.status) for r in results] == [("a", "ok"), ("b", "model_not_found")]
    assert sorted(seen) == ["GET /v1/models", "GET /v1/models/a", "GET /v1/models/b"]


def test_one_model_also_uses_the_list_call() -> None:
    # A list answers for ids that a lookup URL cannot carry, such as "org/model" ids.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"object": "list", "data": [{"id": "meta-llama/Llama-3-8b"}]}
        )

    results, seen = _run(
        _plan("together", "https://t/v1", "meta-llama/Llama-3-8b"), httpx.MockTransport(handler)
    )
    assert results[0].status == "ok" and seen == ["GET /v1/models"]


def test_importing_the_cli_does_not_import_http_rich_or_providers() -> None:
    code = (
        "import sys, modelmap.cli.main\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('httpx', 'rich')"
        " or m.startswith(('modelmap.providers', 'modelmap.ping'))]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_body_that_cannot_be_decoded_is_a_server_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/json", "content-encoding": "gzip"}
        return httpx.Response(200, content=b"not gzip", headers=headers)

    results, _seen = _run(_plan("openai", "https://a/v1", "m"), httpx.MockTransport(handler))
    assert [(r.status, r.http_status) for r in results] == [("server_error", None)]
    assert "could not be decoded" in results[0].detail


def test_a_model_list_sent_as_a_bare_array_is_read() -> None:
    # Together's GET /v1/models answers a JSON array of models, not {"data": [...]}.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/models":
            return httpx.Response(200, json=[{"id": "meta-llama/Llama-3-8b", "object": "model"}])
        return httpx.Response(404, json={"error": {"message": "no", "code": "model_not_found"}})

    plan = _plan("together", "https://t/v1", "meta-llama/Llama-3-8b", "gone")
    results, seen = _run(plan, httpx.MockTransport(handler))
    assert [(r.model_id, r.status, r.http_status) for r in results] == [
        ("meta-llama/Llama-3-8b", "ok", 200),
        ("gone", "model_not_found", 404),
    ]
    assert seen == ["GET /v1/models", "GET /v1/models/gone"]


def test_a_json_array_is_not_a_model_list_for_the_other_protocols() -> None:
    # Only OpenAI-style servers list models as an array: elsewhere it proves nothing, so
    # each id is looked up.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/models":
            return httpx.Response(200, json=[])
        return httpx.Response(
            404,
            json={"type": "error", "error": {"type": "not_found_error", "message": "model: m"}},
        )

    results, seen = _run(_plan("anthropic", "https://a", "m"), httpx.MockTransport(handler))
    assert [(r.status, r.http_status) for r in results] == [("model_not_found", 404)]
    assert seen == ["GET /v1/models", "GET /v1/models/m"]
