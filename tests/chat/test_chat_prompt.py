"""Prompt assembly: argument, piped stdin, both, or '-'."""

from __future__ import annotations

import io

import pytest

from modelmap.chat import assemble
from modelmap.errors import UsageError


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_argument_then_piped_text_separated_by_a_blank_line() -> None:
    assert assemble("Explain:", io.StringIO("x = 1\n")) == "Explain:\n\nx = 1"


def test_a_terminal_stdin_is_not_read() -> None:
    stdin = _Tty("typed ahead")
    assert assemble("hello", stdin) == "hello"
    assert stdin.tell() == 0


def test_dash_reads_stdin_even_from_a_terminal() -> None:
    assert assemble("-", _Tty("from tty\n")) == "from tty"


def test_no_stdin() -> None:
    assert assemble("just this", None) == "just this"


@pytest.mark.parametrize(
    ("argument", "stdin"), [(None, ""), ("", "\n\n"), ("-", " "), (None, None)]
)
def test_empty_prompt_is_a_usage_error(argument: str | None, stdin: str | None) -> None:
    with pytest.raises(UsageError, match="empty prompt"):
        assemble(argument, io.StringIO(stdin) if stdin is not None else None)
