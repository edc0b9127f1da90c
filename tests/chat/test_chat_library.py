"""The library API (chat, chat_stream) against httpx.MockTransport: failover, retries with
an injected sleep, partial answers, and the injected client."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

import modelmap
from modelmap.chat import ChatStream
from modelmap.config.load import load_config_text
from modelmap.config.model import Config
from modelmap.errors import CapabilityError, ChatFailedError, UnknownModelError

ENV = {"KEY_A": "sk-a-000000000000", "KEY_B": "sk-b-000000000000"}

CONFIG = """\
version: 2
models:
  m:
    backend: a/model-a
    fallbacks: [b/model-b]
    parameters: {temperature: 0.5}
  completer:
    backend: a/model-a
    capabilities: [completion]
backends:
  a: {provider: custom, base_url: "http://a.test/v1", api_key: "${KEY_A}"}
  b:
    provider: custom
    base_url: "http://b.test/v1"
    api_key: "${KEY_B}"
    models:
      model-b: {pricing: {input: 1.0, output: 2.0}}
"""

Handler = Callable[[httpx.Request], httpx.Response]


def _config() -> Config:
    return load_config_text(CONFIG)


def _whole(text: str) -> httpx.Response:
    body = {
        "choices": [{"index": 0, "message": {"content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 20},
    }
    return httpx.Response(200, json=body)


def _sse(*texts: str, error: str | None = None) -> httpx.Response:
    lines = [
        "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": t}}]}) + "\n\n"
        for t in texts
    ]
    if error:
        lines.append("data: " + json.dumps({"error": {"message": error}}) + "\n\n")
    else:
        lines.append("data: [DONE]\n\n")
    return httpx.Response(
        200, content="".join(lines).encode(), headers={"content-type": "text/event-stream"}
    )


def _client(handler: Handler, seen: list[httpx.Request]) -> httpx.Client:
    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    return httpx.Client(transport=httpx.MockTransport(record))


def test_chat_fails_over_and_reports_attempts_and_cost() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            return httpx.Response(503, json={"error": {"message": "busy"}})
        return _whole("from b")

    with _client(handler, seen) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    assert (answer.text, answer.backend, answer.model_id) == ("from b", "b", "model-b")
    assert [(a.backend, a.outcome, a.http_status) for a in answer.attempts] == [
        ("a", "server", 503),
        ("b", "ok", 200),
    ]
    assert answer.cost_usd == pytest.approx((10 * 1.0 + 20 * 2.0) / 1000)
    assert [json.loads(r.content)["model"] for r in seen] == ["model-a", "model-b"]
    # the fallback backend ref keeps the primary's merged parameters
    assert json.loads(seen[1].content)["temperature"] == 0.5


def test_cost_has_no_float_noise() -> None:
    from modelmap.chat import cost_usd
    from modelmap.providers.base import Usage
    from modelmap.resolution import Target

    target = Target("b", "openai", "m", "https://x", price_input=0.07, price_output=0.0)
    # 1 * 0.07 / 1000 is 7.000000000000001e-05 in floating point
    assert cost_usd(target, Usage(input_tokens=1, output_tokens=0)) == 7e-05


def test_the_answering_status_is_recorded_as_sent() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        whole = _whole("made")
        return httpx.Response(201, content=whole.content, headers=whole.headers)

    with _client(handler, []) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    assert [(a.outcome, a.http_status) for a in answer.attempts] == [("ok", 201)]


def test_injected_client_is_not_closed() -> None:
    seen: list[httpx.Request] = []
    client = _client(lambda r: _whole("ok"), seen)
    modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    assert not client.is_closed
    client.close()


def test_stream_yields_deltas_and_then_the_answer() -> None:
    seen: list[httpx.Request] = []
    with _client(lambda r: _sse("a", "b", "c"), seen) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        assert isinstance(stream, ChatStream)
        assert list(stream) == ["a", "b", "c"]
    assert stream.answer.text == "abc"
    assert json.loads(seen[0].content)["stream"] is True


def test_a_compressed_stream_is_decoded() -> None:
    # Uncompressed streams skip httpx's decoders; a gzip one must still go through them.
    import gzip

    plain = _sse("zip", "ped")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=iter([gzip.compress(plain.content)]),  # an iterator: streamed, not read
            headers={"content-type": "text/event-stream", "content-encoding": "gzip"},
        )

    with _client(handler, []) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        assert list(stream) == ["zip", "ped"]


def test_next_and_a_for_loop_share_one_stream() -> None:
    with _client(lambda r: _sse("a", "b", "c"), []) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        assert next(stream) == "a"
        assert list(stream) == ["b", "c"]
    assert stream.answer.text == "abc"


def test_stream_fails_over_before_the_first_delta() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            return _sse(error="overloaded before any text")
        return _sse("from ", "b")

    with _client(handler, seen) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        assert "".join(stream) == "from b"
    assert [a.outcome for a in stream.answer.attempts] == ["server", "ok"]


def test_stream_error_after_a_delta_raises_with_the_partial_text() -> None:
    seen: list[httpx.Request] = []
    with _client(lambda r: _sse("part", error="broke"), seen) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        got: list[str] = []
        with pytest.raises(ChatFailedError) as info:
            for text in stream:
                got.append(text)
    assert got == ["part"]
    assert info.value.partial == "part"
    assert "broke" in str(info.value) and "no failover" in str(info.value)
    assert len(seen) == 1  # backend b never asked


def test_short_retry_after_sleeps_through_the_injected_sleep_and_retries_once() -> None:
    seen: list[httpx.Request] = []
    slept: list[float] = []
    answers = iter([httpx.Response(429, headers={"Retry-After": "2"}), _whole("after wait")])
    with _client(lambda r: next(answers), seen) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, sleep=slept.append)
    assert slept == [2.0]
    assert (answer.text, answer.backend) == ("after wait", "a")
    assert [a.outcome for a in answer.attempts] == ["rate_limited", "ok"]


def test_long_retry_after_moves_on_without_sleeping() -> None:
    seen: list[httpx.Request] = []
    slept: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            return httpx.Response(429, headers={"Retry-After": "30"})
        return _whole("from b")

    with _client(handler, seen) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, sleep=slept.append)
    assert slept == []
    assert answer.backend == "b"


def test_429_without_retry_after_moves_on() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            return httpx.Response(429, json={"error": {"message": "quota"}})
        return _whole("from b")

    with _client(handler, seen) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    assert [a.backend for a in answer.attempts] == ["a", "b"]


def test_connection_error_fails_over_and_all_failing_raises_with_every_attempt() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            raise httpx.ConnectError("refused", request=request)
        raise httpx.ReadTimeout("slow", request=request)

    with _client(handler, seen) as client, pytest.raises(ChatFailedError) as info:
        modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    attempts = info.value.attempts
    assert [(a.backend, a.outcome) for a in attempts] == [("a", "unreachable"), ("b", "timeout")]
    assert info.value.exit_code == 1
    assert "1) a/model-a" in str(info.value) and "2) b/model-b" in str(info.value)


def test_a_multi_line_error_page_still_gives_a_one_line_error() -> None:
    page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n"
    with (
        _client(lambda r: httpx.Response(502, text=page), []) as client,
        pytest.raises(ChatFailedError) as info,
    ):
        modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    assert "\n" not in str(info.value) and "\r" not in str(info.value)
    assert "<title>502 Bad Gateway</title></head> <body>nginx" in str(info.value)
    assert all("\n" not in a.detail for a in info.value.attempts)


def test_bad_request_is_not_sent_elsewhere() -> None:
    seen: list[httpx.Request] = []
    response = httpx.Response(400, json={"error": {"message": "bad temperature"}})
    with _client(lambda r: response, seen) as client, pytest.raises(ChatFailedError) as info:
        modelmap.chat(_config(), "m", "hi", environ=ENV, client=client)
    assert len(seen) == 1
    assert "bad temperature" in str(info.value)


def test_missing_key_skips_to_the_next_entry() -> None:
    seen: list[httpx.Request] = []
    with _client(lambda r: _whole("from b"), seen) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ={"KEY_B": "sk-b-1"}, client=client)
    assert answer.backend == "b"
    first = answer.attempts[0]
    assert first.outcome == "missing_key" and "KEY_A is not set" in first.detail
    assert [r.url.host for r in seen] == ["b.test"]


def test_options_override_parameters_and_system_is_sent() -> None:
    seen: list[httpx.Request] = []
    with _client(lambda r: _whole("ok"), seen) as client:
        modelmap.chat(
            _config(),
            "m",
            "hi",
            system="Be terse.",
            options={"temperature": 0.1},
            environ=ENV,
            client=client,
        )
    body = json.loads(seen[0].content)
    assert body["temperature"] == 0.1
    assert body["messages"][0] == {"role": "system", "content": "Be terse."}


def test_no_fallback_and_capability_and_unknown_model() -> None:
    seen: list[httpx.Request] = []
    response = httpx.Response(500, json={"error": {"message": "down"}})
    with _client(lambda r: response, seen) as client:
        with pytest.raises(ChatFailedError):
            modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, fallback=False)
        assert len(seen) == 1
        with pytest.raises(CapabilityError):
            modelmap.chat(_config(), "completer", "hi", environ=ENV, client=client)
        with pytest.raises(UnknownModelError):
            modelmap.chat(_config(), "nope", "hi", environ=ENV, client=client)


def test_answer_before_the_end_is_an_error() -> None:
    seen: list[httpx.Request] = []
    with _client(lambda r: _sse("a", "b"), seen) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        next(stream)
        with pytest.raises(RuntimeError):
            _ = stream.answer
        stream.close()


def test_a_whole_json_answer_to_a_streamed_request_is_used() -> None:
    # some OpenAI-compatible servers ignore "stream": true and answer with one JSON body
    seen: list[httpx.Request] = []
    with _client(lambda r: _whole("all at once"), seen) as client:
        stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
        assert list(stream) == ["all at once"]
    assert stream.answer.usage.output_tokens == 20
    assert stream.answer.finish_reason == "stop"


def test_a_streamed_200_without_any_event_fails_over() -> None:
    answers = [
        httpx.Response(200, json={"error": {"message": "quota gone"}}),
        httpx.Response(200, html="<html>a login page</html>"),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0) if request.url.host == "a.test" else _sse("from ", "b")

    with _client(handler, []) as client:
        for details in (["quota gone"], ["no stream events", "text/html"]):
            stream = modelmap.chat_stream(_config(), "m", "hi", environ=ENV, client=client)
            assert "".join(stream) == "from b"
            first = stream.answer.attempts[0]
            assert first.outcome == "server"
            assert all(d in first.detail for d in details), first.detail


def test_usage_of_a_failed_attempt_is_not_carried_into_the_answer() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            usage = {"choices": [], "usage": {"prompt_tokens": 99, "completion_tokens": 0}}
            error = {"error": {"message": "x"}}
            body = f"data: {json.dumps(usage)}\n\ndata: {json.dumps(error)}\n\n"
            return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})
        return _sse("from ", "b")

    with _client(handler, []) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, stream=True)
    assert answer.backend == "b"
    assert (answer.usage.input_tokens, answer.usage.output_tokens) == (None, None)
    assert answer.cost_usd is None


def test_an_event_stream_labelled_as_json_is_still_read_as_a_stream() -> None:
    streamed = _sse("a", "b")
    mislabelled = httpx.Response(
        200, content=streamed.content, headers={"content-type": "application/json"}
    )
    with _client(lambda r: mislabelled, []) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, stream=True)
    assert answer.text == "ab"


@pytest.mark.parametrize("stream", [True, False])
def test_json_in_a_shape_no_provider_sends_fails_that_backend(stream: bool) -> None:
    odd = {"choices": [{"index": 0, "delta": "x", "message": "x"}]}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            if stream:
                body = f"data: {json.dumps(odd)}\n\n"
                return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})
            return httpx.Response(200, json=odd)
        return _sse("from b") if stream else _whole("from b")

    with _client(handler, []) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, stream=stream)
    assert answer.text == "from b"
    first = answer.attempts[0]
    assert first.outcome == "server"
    assert "not in the provider's shape" in first.detail


@pytest.mark.parametrize("stream", [True, False])
def test_a_body_that_cannot_be_decoded_fails_that_backend(stream: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "a.test":
            headers = {"content-type": "text/event-stream", "content-encoding": "gzip"}
            return httpx.Response(200, content=b"not gzip", headers=headers)
        return _sse("from b") if stream else _whole("from b")

    with _client(handler, []) as client:
        answer = modelmap.chat(_config(), "m", "hi", environ=ENV, client=client, stream=stream)
    assert answer.text == "from b"
    assert answer.attempts[0].outcome == "server"
    assert "could not be decoded" in answer.attempts[0].detail
