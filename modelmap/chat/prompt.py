"""The prompt of ``modelmap chat``: from the argument, from piped stdin, or both."""

from __future__ import annotations

from typing import TextIO

from modelmap.errors import UsageError


def assemble(argument: str | None, stdin: TextIO | None) -> str:
    """The prompt text (README, "Chat").

    ``argument`` ``-`` means stdin only; otherwise piped stdin (``stdin`` not a terminal)
    is appended after the argument, separated by a blank line. Pass ``stdin=None`` when
    there is no stdin to read. Raises :class:`UsageError` for an empty prompt.
    """
    piped = ""
    only_stdin = argument == "-"
    if stdin is not None and (only_stdin or not _isatty(stdin)):
        piped = stdin.read()
    parts = [piped] if only_stdin else [p for p in (argument or "", piped) if p.strip()]
    prompt = "\n\n".join(p.strip("\n") for p in parts)
    if not prompt.strip():
        raise UsageError(
            "empty prompt: give it as an argument, pipe it on stdin, or use '-' to read stdin"
        )
    return prompt


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
