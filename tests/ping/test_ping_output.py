"""Rendering of ping results: the table, and the progress display only on a terminal."""

from __future__ import annotations

import io

import pytest

from modelmap.cli.commands import ping as ping_command
from modelmap.ping import PingResult

RESULT = PingResult("b", "openai", "m", "ok", 200, 12.4, "")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Tty()
    monkeypatch.setattr("sys.stderr", stream)
    update, stop = ping_command._progress(1)
    update(RESULT)
    stop()
    assert "pinging" in stream.getvalue()


def test_no_progress_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    update, stop = ping_command._progress(1)
    update(RESULT)
    stop()
    assert stream.getvalue() == ""


def test_table_columns_align() -> None:
    fail = PingResult(
        "longer-backend", "anthropic", "claude", "timeout", None, None, "read timed out"
    )
    lines = ping_command.render_table([RESULT, fail]).splitlines()
    assert lines[0].index("status") == lines[1].index("ok") == lines[2].index("timeout")
    assert lines[2].split()[4:6] == ["-", "-"]
    assert lines[1].split()[4:6] == ["200", "12"]
