"""``modelmap chat`` as a real process: piped stdin, Ctrl-C, usage errors, no secrets."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from chat_helpers import CANARY, CHUNKS, Run, backend_entry, run_cli, write_config
from fakeprovider import Behaviour, FakeProvider


def _one(
    fake: FakeProvider,
    tmp_path: Path,
    protocol: str = "openai",
    behaviour: Behaviour | None = None,
    model: dict[str, object] | None = None,
) -> str:
    name = f"{protocol}-{uuid.uuid4().hex[:8]}"
    fake.add(name, protocol, key=None if protocol == "ollama" else CANARY, behaviour=behaviour)
    entry = {"backend": f"{name}/test-model", **(model or {})}
    write_config(
        tmp_path / "modelmap.yaml", {"m": entry}, {name: backend_entry(fake, name, protocol)}
    )
    return name


def _user_text(fake: FakeProvider, name: str) -> str:
    (seen,) = fake.requests(name)
    return str(seen.json["messages"][-1]["content"])


def test_piped_stdin_follows_the_argument(fake_provider: FakeProvider, tmp_path: Path) -> None:
    name = _one(fake_provider, tmp_path)
    result = run_cli(["m", "Summarise this:"], tmp_path, stdin="line one\nline two\n")
    assert result.returncode == 0, result.stderr
    assert _user_text(fake_provider, name) == "Summarise this:\n\nline one\nline two"


def test_dash_reads_only_stdin(fake_provider: FakeProvider, tmp_path: Path) -> None:
    name = _one(fake_provider, tmp_path)
    result = run_cli(["m", "-"], tmp_path, stdin="only piped\n")
    assert result.returncode == 0, result.stderr
    assert _user_text(fake_provider, name) == "only piped"


def test_piped_stdin_alone_is_the_prompt(fake_provider: FakeProvider, tmp_path: Path) -> None:
    name = _one(fake_provider, tmp_path)
    result = run_cli(["m"], tmp_path, stdin="from a pipe")
    assert result.returncode == 0, result.stderr
    assert _user_text(fake_provider, name) == "from a pipe"


@pytest.mark.parametrize("args", [["m"], ["m", "   "], ["m", "-"]])
def test_empty_prompt_is_a_usage_error(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run, args: list[str]
) -> None:
    name = _one(fake_provider, tmp_path)
    code, out, err = run_chat("-c", str(tmp_path / "modelmap.yaml"), *args, stdin="")
    assert (code, out) == (2, "")
    assert "empty prompt" in err
    assert fake_provider.requests(name) == []


def test_model_without_chat_capability_exits_2(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    name = _one(fake_provider, tmp_path, model={"capabilities": ["embedding"]})
    code, _, err = run_chat("-c", str(tmp_path / "modelmap.yaml"), "m", "hi")
    assert code == 2
    assert "'chat' capability" in err
    assert fake_provider.requests(name) == []


def test_unknown_model_and_bad_option_exit_2(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    _one(fake_provider, tmp_path)
    config = str(tmp_path / "modelmap.yaml")
    code, _, err = run_chat("-c", config, "mm", "hi")
    assert code == 2 and "did you mean 'm'" in err
    code, _, err = run_chat("-c", config, "m", "hi", "-o", "temperature")
    assert code == 2 and "key=value" in err
    for value in ("nan", "inf"):  # pass the min=0.001 check, but are no timeout
        code, _, err = run_chat("-c", config, "m", "hi", "--timeout", value)
        assert code == 2 and "finite" in err


def test_a_known_parameter_of_the_wrong_type_or_range_is_refused_before_sending(
    fake_provider: FakeProvider, tmp_path: Path, run_chat: Run
) -> None:
    name = _one(fake_provider, tmp_path)
    config = str(tmp_path / "modelmap.yaml")
    for option, said in [
        ("temperature=warm", "-o temperature: must be a number, not string"),
        ("top_p=3", "-o top_p: must be at most 1, not 3"),
        ("max_tokens=0", "-o max_tokens: must be greater than 0, not 0"),
    ]:
        code, out, err = run_chat("-c", config, "m", "hi", "-o", option)
        assert (code, out) == (2, "")
        assert said in err
    assert fake_provider.requests(name) == []
    code, _, err = run_chat("-c", config, "m", "hi", "-o", "my_vendor_knob=warm")
    assert code == 0, err  # unknown names pass through, as in the config


def test_ctrl_c_keeps_printed_text_and_exits_130(
    fake_provider: FakeProvider, tmp_path: Path
) -> None:
    # the server sends one delta, then would wait 20 s before the next
    _one(
        fake_provider,
        tmp_path,
        behaviour=Behaviour(chunks=["first part", " never"], chunk_delay=20),
    )
    env = {**os.environ, "CHAT_KEY": CANARY}
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelmap", "chat", "--no-env-file", "m", "hi"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        received = b""
        while b"first part" not in received:  # wait on the output itself, not on a timer
            chunk = os.read(proc.stdout.fileno(), 4096)
            assert chunk, "the process ended before streaming"
            received += chunk
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert received + rest == b"first part"  # nothing more on stdout
    assert b"Traceback" not in err


def test_canary_key_never_appears_in_any_output(
    fake_provider: FakeProvider, tmp_path: Path
) -> None:
    # every provider fails with a message that echoes the key; then one answers
    tag = uuid.uuid4().hex[:8]
    models, backends = {}, {}
    protocols = ["anthropic", "google", "openai", "ollama"]
    for i, protocol in enumerate(protocols):
        name = f"{protocol}-{tag}"
        status = 401 if protocol != "ollama" else 0
        fake_provider.add(
            name,
            protocol,
            key=None if protocol == "ollama" else CANARY,
            behaviour=Behaviour(
                status=status or None, message=f"key {CANARY} rejected", chunks=CHUNKS
            ),
        )
        backends[name] = backend_entry(fake_provider, name, protocol)
        backends[name]["headers"] = {"X-Extra": "${CHAT_KEY}"}
        models[f"m{i}"] = {"backend": f"{name}/test-model"}
    models["m0"]["fallbacks"] = ["m1", "m2", "m3"]
    write_config(tmp_path / "modelmap.yaml", models, backends)
    for args in (["m0", "hi", "-v"], ["m0", "hi", "--json", "-v"], ["m0", "hi", "--no-fallback"]):
        result = run_cli(args, tmp_path)
        assert CANARY not in result.stdout + result.stderr
        assert CANARY[:12] not in result.stdout + result.stderr
    ok = run_cli(["m0", "hi", "--json"], tmp_path)
    data = json.loads(ok.stdout)
    assert [a["outcome"] for a in data["attempts"]] == ["auth", "auth", "auth", "ok"]
    assert "rejected" in data["attempts"][0]["detail"]


def test_reader_going_away_stops_quietly(fake_provider: FakeProvider, tmp_path: Path) -> None:
    _one(fake_provider, tmp_path, behaviour=Behaviour(chunks=["first", " second"], chunk_delay=1))
    proc = subprocess.Popen(
        [sys.executable, "-m", "modelmap", "chat", "--no-env-file", "m", "hi"],
        cwd=tmp_path,
        env={**os.environ, "CHAT_KEY": CANARY},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert os.read(proc.stdout.fileno(), 100) == b"first"
    proc.stdout.close()  # like `| head -c 5`: the next write hits a closed pipe
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert b"Traceback" not in err and b"internal error" not in err
