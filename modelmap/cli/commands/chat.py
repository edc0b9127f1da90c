"""``modelmap chat``: ask a model through its configured chain, streaming the answer."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from modelmap.cli.common import EXIT_FAILED, EXIT_OK, run
from modelmap.cli.options import (
    CATALOG_FILE,
    CONFIG,
    ENV_FILE,
    NO_CATALOG,
    NO_ENV_FILE,
    OVERRIDES,
    finite_seconds,
)

if TYPE_CHECKING:
    from modelmap.chat import Attempt, ChatAnswer, ChatStream


def describe_attempt(attempt: Attempt) -> str:
    """One stderr line for ``-v``: which entry was tried and what happened."""
    status = f" HTTP {attempt.http_status}" if attempt.http_status is not None else ""
    latency = f" in {attempt.latency_ms:.0f} ms" if attempt.latency_ms is not None else ""
    detail = f": {attempt.detail}" if attempt.detail and not attempt.ok else ""
    return (
        f"modelmap: {attempt.backend}/{attempt.model_id} ({attempt.provider}) "
        f"{attempt.outcome}{status}{latency}{detail}\n"
    )


def summary(answer: ChatAnswer) -> str:
    """The stderr line after an answer: who answered, tokens and cost."""
    usage = answer.usage
    tokens = (
        f"{usage.input_tokens if usage.input_tokens is not None else '?'} in, "
        f"{usage.output_tokens if usage.output_tokens is not None else '?'} out"
    )
    cost = f"${answer.cost_usd:.6f}" if answer.cost_usd is not None else "cost unknown"
    return f"[{answer.backend}/{answer.model_id}: {tokens} tokens, {cost}]\n"


def _overrides(
    options: list[str] | None, temperature: float | None, max_tokens: int | None
) -> dict[str, Any]:
    from modelmap.resolve import check_overrides, parse_overrides

    overrides = parse_overrides(options or [])
    if temperature is not None:
        overrides["temperature"] = temperature
    if max_tokens is not None:
        overrides["max_tokens"] = max_tokens
    check_overrides(overrides)
    return overrides


def read_messages(path: Path, prompt: str | None) -> list[dict[str, Any]]:
    """The conversation of ``--messages FILE`` (a JSON list of {role, content}), with
    ``prompt`` (when given) as a last user message; UsageError naming file and place."""
    from modelmap.chat.messages import to_messages
    from modelmap.errors import UsageError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the messages file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: the messages file is not UTF-8") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not JSON ({exc}); write a list of {{role, content}}") from None
    if not isinstance(data, list):
        raise UsageError(f'{path}: must hold a JSON list of {{"role", "content"}} objects')
    if prompt is not None:
        data.append({"role": "user", "content": prompt})
    try:
        to_messages(data, where="messages")
    except UsageError as exc:
        raise UsageError(f"{path}: {exc}") from None
    return data


def _finish(out: TextIO, text: str) -> None:
    if not text.endswith("\n"):
        out.write("\n")
    out.flush()


def command(
    name: str = typer.Argument(
        ...,
        metavar="NAME",
        help="Model name, alias or backend/model-id reference.",
    ),
    prompt: str | None = typer.Argument(
        None,
        metavar="PROMPT",
        help="The prompt. Piped stdin is appended after it; '-' reads only stdin.",
        show_default=False,
    ),
    config: Path | None = CONFIG,
    system: str | None = typer.Option(
        None, "-s", "--system", metavar="S", help="System prompt.", show_default=False
    ),
    options: list[str] | None = OVERRIDES,
    temperature: float | None = typer.Option(
        None,
        "--temperature",
        metavar="T",
        min=0.0,
        max=2.0,
        help="Same as -o temperature=T.",
        show_default=False,
    ),
    max_tokens: int | None = typer.Option(
        None,
        "--max-tokens",
        metavar="N",
        min=1,
        help="Same as -o max_tokens=N.",
        show_default=False,
    ),
    messages: Path | None = typer.Option(
        None,
        "--messages",
        metavar="FILE",
        help='A conversation: a JSON list of {"role", "content"} (system, user, assistant); '
        "PROMPT, if given, is added as the last user message.",
        show_default=False,
    ),
    no_stream: bool = typer.Option(False, "--no-stream", help="Wait for the whole answer."),
    as_json: bool = typer.Option(
        False, "--json", help="One JSON object on stdout (implies --no-stream)."
    ),
    timeout: float | None = typer.Option(
        None,
        "--timeout",
        metavar="S",
        min=0.001,
        callback=finite_seconds,
        help="Seconds to connect, between bytes and for each attempt as a whole "
        "(default: the backend's timeout, else 60 between bytes and 600 per attempt).",
        show_default=False,
    ),
    no_fallback: bool = typer.Option(False, "--no-fallback", help="Try only the primary backend."),
    verbose: bool = typer.Option(
        False, "-v", "--verbose", help="Name each attempt, then usage and cost, on stderr."
    ),
    env_file: Path | None = ENV_FILE,
    no_env_file: bool = NO_ENV_FILE,
    catalog: Path | None = CATALOG_FILE,
    no_catalog: bool = NO_CATALOG,
) -> None:
    """Ask a model; fail over along its chain; stream the answer to stdout."""

    def body() -> int:
        from modelmap.chat import assemble, chat_stream
        from modelmap.cli.options import catalog_for, load_for_command

        overrides = _overrides(options, temperature, max_tokens)
        loaded = load_for_command(config, env_file, no_env_file)
        conversation: Any = (
            assemble(prompt, sys.stdin)
            if messages is None
            else read_messages(messages, None if prompt is None else assemble(prompt, sys.stdin))
        )
        streaming = not (no_stream or as_json)
        err = sys.stderr
        deferred: list[str] = []  # attempt lines after printed text wait for its newline

        def on_attempt(attempt: Attempt) -> None:
            if stream.printed:
                deferred.append(describe_attempt(attempt))
                return
            err.write(describe_attempt(attempt))
            err.flush()

        stream = chat_stream(
            loaded.config,
            name,
            conversation,
            system=system,
            options=overrides,
            environ=loaded.environ,
            timeout=timeout,
            fallback=not no_fallback,
            stream=streaming,
            on_attempt=on_attempt if verbose else None,
            catalog=catalog_for(catalog, no_catalog),
        )
        try:
            return _print(stream, streaming, as_json, verbose, deferred)
        except BrokenPipeError:
            # the reader went away (``| head``): stop quietly; point stdout at devnull so the
            # interpreter's final flush does not raise again
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_FAILED

    run(body)


def _print(
    stream: ChatStream, streaming: bool, as_json: bool, verbose: bool, deferred: list[str]
) -> int:
    """Write the answer (streamed or whole) and the stderr lines; return the exit code."""
    from modelmap.errors import ChatFailedError

    out, err = sys.stdout, sys.stderr
    try:
        write, flush = out.write, out.flush
        with stream:
            for delta in stream:
                write(delta)
                flush()  # per event: the reader sees each delta as it arrives
    except ChatFailedError as exc:
        if stream.printed:
            _finish(out, stream.text)
        err.write("".join(deferred))
        if as_json:
            failed = {
                "model": stream.resolution.model,
                "error": str(exc),
                "attempts": [a.as_dict() for a in stream.attempts],
            }
            out.write(json.dumps(failed, indent=2) + "\n")
        raise
    answer = stream.answer
    if as_json:
        out.write(json.dumps(answer.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        if not streaming:
            out.write(answer.text)
        _finish(out, answer.text)
    err.write("".join(deferred))
    if verbose or err.isatty():
        err.write(summary(answer))
    return EXIT_OK
