"""What every command shares: a reader that goes away, terminals, help texts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import BAD, Invoke

Write = Callable[[str, str], Path]
MANY_GOOD = "models:\n" + "".join(f'  m{i}:\n    backend: "openai/gpt-{i}"\n' for i in range(500))
MANY_BAD = MANY_GOOD.replace("\n  m1:", "\n    bakend: x\n  m1:")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "-q", "many.yaml", "good.yaml"],
        ["validate", "-f", "json", "many.yaml"],
        ["list", "-c", "good.yaml"],
        ["schema"],
        ["export", "-c", "good.yaml"],
        ["completion", "zsh"],
    ],
)
def test_a_closed_stdout_stops_quietly(write: Write, args: list[str]) -> None:
    # like `modelmap schema | head -c 10`, with the reader gone before the first write
    write("many.yaml", MANY_BAD)
    cwd = write("good.yaml", MANY_GOOD).parent
    read, written = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "modelmap", *args],
            cwd=cwd,
            stdout=written,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    finally:
        os.close(written)
    assert result.stderr == ""
    assert result.returncode == 1


def _on_a_terminal(args: list[str], cwd: Path, **env: str) -> str:
    """Run the console script with stdout on a pseudo-terminal; return what it showed."""
    import pty

    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    environ.update(env)
    master, slave = pty.openpty()
    try:
        subprocess.run(
            [sys.executable, "-m", "modelmap", *args],
            cwd=cwd,
            env=environ,
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal has no writer left
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    return shown.decode()


def test_colour_on_a_terminal_but_not_a_dumb_one(write: Write) -> None:
    cwd = write("bad.yaml", BAD).parent
    assert "\x1b[" in _on_a_terminal(["validate", "bad.yaml"], cwd, TERM="xterm")
    dumb = _on_a_terminal(["validate", "bad.yaml"], cwd, TERM="dumb")
    assert "MM101" in dumb
    assert "\x1b" not in dumb


COMMANDS = ["validate", "resolve", "list", "schema", "completion", "export", "ping", "migrate"]


@pytest.mark.parametrize("command", [*COMMANDS, "chat", "diff", "cost", "catalog", "rules"])
def test_help_names_every_value_in_capitals(invoke: Invoke, command: str) -> None:
    # `-c, --config FILE`, `--timeout S`, `NAME`, as the README writes them; not click's
    # `<path>`, `<float range>` or a lower-case argument name
    help_text = invoke(command, "--help").stdout
    usage = help_text.splitlines()[0]
    assert usage.startswith(f"Usage: modelmap {command} [OPTIONS]")
    assert re.search(r"<\w[\w ]*>", help_text) is None, help_text
    assert "{" not in usage, usage  # NAME, not typer's {NAME}
    arguments = usage.split("[OPTIONS]", 1)[1]
    assert arguments == arguments.upper(), usage


def test_help_shows_every_command_summary_whole(invoke: Invoke) -> None:
    help_text = invoke("--help").stdout
    listed = help_text.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == [
        *COMMANDS,
        "chat",
        "diff",
        "cost",
        "catalog",
        "rules",
    ]
    assert not [line for line in listed if line.endswith("...")], help_text


@pytest.mark.parametrize("debug", [False, True])
def test_an_internal_error_exits_3_with_the_traceback_only_in_debug(
    invoke: Invoke, write: Write, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    import modelmap.report.registry

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setitem(modelmap.report.registry.REPORTERS, "text", broken)
    env = {"MODELMAP_DEBUG": "1"} if debug else {}
    result = invoke("validate", str(write("c.yaml", BAD)), env=env)
    assert result.exit_code == 3
    assert ("Traceback" in result.stderr) is debug
    assert result.stderr.splitlines()[-1].startswith("modelmap: error: internal error: ")
