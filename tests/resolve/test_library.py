"""The public library API: what an application imports from ``modelmap``."""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

import modelmap
from modelmap.resolve import list_models

ROOT = Path(__file__).resolve().parents[2]


def test_exports_resolve_even_after_the_submodule_is_imported() -> None:
    importlib.import_module("modelmap.resolve")
    assert callable(modelmap.resolve)
    assert modelmap.resolve.__name__ == "resolve"
    for name in modelmap.__all__:
        assert getattr(modelmap, name) is not None


def test_application_flow_from_text() -> None:
    config = modelmap.load_config_text(
        "models:\n  smart:\n    backend: ollama/llama3.1:8b\n    capabilities: [chat]\n"
    )
    resolution = modelmap.resolve(config, "smart", {"temperature": 0})
    modelmap.require_capability(resolution, "chat")
    endpoint = modelmap.endpoint_for(resolution.primary, {})
    assert (endpoint.base_url, resolution.primary.model_id) == (
        "http://localhost:11434",
        "llama3.1:8b",
    )
    assert resolution.primary.parameters["temperature"] == 0


def test_parameters_are_filled_in_for_an_application_as_chat_sends_them() -> None:
    config = modelmap.load_config_text(
        "models:\n  smart:\n    backend: ollama/x\n    parameters: {user: '${APP_USER}'}\n"
    )
    target = modelmap.resolve(config, "smart").primary
    assert target.parameters["user"] == "${APP_USER}"  # as written
    assert modelmap.fill_parameters(target, {"APP_USER": "ann"})["user"] == "ann"
    with pytest.raises(modelmap.MissingKeyError):
        modelmap.fill_parameters(target, {})


def test_list_models_filters_by_capability_and_provider() -> None:
    config = modelmap.load_config("examples/model_config_example.yaml")
    assert [m.name for m in list_models(config)] == ["gpt-4", "claude-3", "fast", "local"]
    assert [m.name for m in list_models(config, capability="vision")] == ["claude-3"]
    assert [m.name for m in list_models(config, provider="custom")] == ["fast"]
    assert [m.name for m in list_models(config, provider="groq")] == ["fast"]
    row = list_models(config, provider="openai")[0]
    assert (row.name, row.aliases, row.context_window, row.price_input) == (
        "gpt-4",
        ("gpt4", "smart"),
        1050000,
        0.0025,
    )


USER_PROGRAM = """\
import modelmap

config = modelmap.load_config_text("models: {}")
reveal_type(modelmap.load_config)
reveal_type(modelmap.resolve(config, "smart"))
reveal_type(modelmap.chat)
reveal_type(modelmap.ConfigError("x").problems)
reveal_type(modelmap.ChatFailedError("x").attempts)
modelmap.chat(config, "smart", "hi", timeout="5")  # E: a str timeout
"""


@pytest.mark.slow
def test_a_users_type_checker_sees_the_exports_typed(tmp_path: Path) -> None:
    """``import modelmap`` is lazy at run time; mypy must still see real types, not Any."""
    (tmp_path / "app.py").write_text(USER_PROGRAM, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            "app.py",
        ],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    revealed = [
        line.split("Revealed type is ")[1]
        for line in done.stdout.splitlines()
        if "Revealed" in line
    ]
    assert 'Argument "timeout" to "chat" has incompatible type "str"' in done.stdout
    assert "Found 1 error" in done.stdout
    assert len(revealed) == 5
    assert '"Any"' not in revealed
    assert "-> modelmap.config.model.Config" in revealed[0]
    assert revealed[1] == '"modelmap.resolution.Resolution"'
    assert "-> modelmap.chat.result.ChatAnswer" in revealed[2]
    assert "modelmap.problems.Problem" in revealed[3]
    assert "modelmap.chat.result.Attempt" in revealed[4]


def test_all_lists_every_lazy_export() -> None:
    assert set(modelmap.__all__) == {"__version__", *modelmap._EXPORTS}


def test_dir_shows_the_exports_before_first_use() -> None:
    code = "import modelmap; print(' '.join(dir(modelmap)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert set(modelmap.__all__) <= set(done.stdout.split())


def _raised(call: Callable[[], object]) -> modelmap.ModelmapError:
    with pytest.raises(modelmap.ModelmapError) as info:
        call()
    return info.value


def test_every_error_survives_pickling_with_its_message_and_attributes() -> None:
    """Errors cross process boundaries (multiprocessing, concurrent.futures) intact."""
    config = modelmap.load_config_text(
        "models:\n  smart:\n    backend: openai/gpt-4o\n  local:\n    backend: ollama/x\n"
    )
    target = modelmap.resolve(config, "smart").primary
    errors = [
        _raised(lambda: modelmap.load_config_text("models: [")),
        _raised(lambda: modelmap.resolve(config, "smrt")),
        _raised(lambda: modelmap.endpoint_for(target, {})),
        modelmap.ProviderError("down", backend="a", status=503, provider_message="busy"),
        modelmap.ChatFailedError("failed", attempts=(), partial="Hel"),
    ]
    down = httpx.MockTransport(lambda request: httpx.Response(503, json={"error": "busy"}))
    with httpx.Client(transport=down) as client:
        errors.append(_raised(lambda: modelmap.chat(config, "local", "hi", client=client)))
    assert modelmap.ChatFailedError in {type(e) for e in errors}
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        assert vars(copy) == vars(error)


def test_loading_from_several_threads_gives_each_its_config_and_keeps_gc_on() -> None:
    """An application server loading configs in worker threads: right answers, and the
    garbage collector the loader pauses is running again afterwards."""

    def work(worker: int, wrong: list[int]) -> None:
        for i in range(worker * 1000, worker * 1000 + 50):
            config = modelmap.load_config_text(f"models:\n  m{i}:\n    backend: ollama/x-{i}\n")
            if modelmap.resolve(config, f"m{i}").primary.model_id != f"x-{i}":
                wrong.append(i)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _round in range(3):
            wrong: list[int] = []
            workers = [threading.Thread(target=work, args=(w, wrong)) for w in range(4)]
            for thread in workers:
                thread.start()
            for thread in workers:
                thread.join()
            assert wrong == []
            assert gc.isenabled()
    finally:
        sys.setswitchinterval(interval)
        gc.enable()
