"""The library reads ``./.env`` as the CLI does: one rule for the key a request sends."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import modelmap
from modelmap.config.load import load_config_text
from modelmap.errors import ChatFailedError

CONFIG = """\
models:
  m: {backend: a/model-a}
backends:
  a: {provider: custom, base_url: "http://a.test/v1", api_key: "${DOTENV_KEY}"}
"""
WHOLE = {"choices": [{"index": 0, "message": {"content": "hi"}, "finish_reason": "stop"}]}


def _ask(environ: dict[str, str] | None = None) -> list[str]:
    keys: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        keys.append(request.headers.get("authorization", ""))
        return httpx.Response(200, json=WHOLE)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        modelmap.chat(load_config_text(CONFIG), "m", "hi", client=client, environ=environ)
    return keys


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DOTENV_KEY", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_chat_reads_the_key_from_dotenv_in_the_current_directory(project: Path) -> None:
    (project / ".env").write_text("DOTENV_KEY=sk-from-dotenv-0000\n", encoding="utf-8")
    assert _ask() == ["Bearer sk-from-dotenv-0000"]


def test_the_process_environment_wins_over_dotenv(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".env").write_text("DOTENV_KEY=sk-from-dotenv-0000\n", encoding="utf-8")
    monkeypatch.setenv("DOTENV_KEY", "sk-from-process-00")
    assert _ask() == ["Bearer sk-from-process-00"]


def test_an_explicit_environ_replaces_both(project: Path) -> None:
    (project / ".env").write_text("DOTENV_KEY=sk-from-dotenv-0000\n", encoding="utf-8")
    assert _ask({"DOTENV_KEY": "sk-given-000000"}) == ["Bearer sk-given-000000"]


def test_an_unset_key_names_dotenv_which_is_read(project: Path) -> None:
    with pytest.raises(ChatFailedError, match=r"DOTENV_KEY is not set.*add it to \.env"):
        _ask()
