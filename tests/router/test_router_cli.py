"""``modelmap chat --messages FILE`` and ``resolve --explain`` with router settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from router_helpers import KEY, backend, mapping
from typer.testing import CliRunner

from modelmap.cli.main import app


@pytest.fixture
def project(fake_provider: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    fake_provider.add("rc-cli", key=KEY, models=["m"])
    fake_provider.add("rc-cli2", key=KEY, models=["m"])
    backends = {n: backend(fake_provider, n) for n in ("rc-cli", "rc-cli2")}
    model = {
        "backend": "rc-cli/m",
        "fallbacks": ["rc-cli2/m"],
        "strategy": "weighted",
        "weights": {"rc-cli/m": 3, "rc-cli2/m": 1},
    }
    router = {"retries": 2, "cooldown": {"failures": 4, "seconds": 20}}
    (tmp_path / "modelmap.yaml").write_text(yaml.safe_dump(mapping({"a": model}, backends, router)))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROUTER_KEY", KEY)
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)
    return tmp_path


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def test_messages_file_sends_the_conversation_and_the_prompt_last(
    project: Path, fake_provider: Any
) -> None:
    talk = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}]
    (project / "talk.json").write_text(json.dumps(talk))
    result = _run("chat", "--no-env-file", "a", "Again?", "--messages", "talk.json", "--json")
    assert result.exit_code == 0, result.stderr
    sent = [r.json["messages"] for r in fake_provider.requests("rc-cli")]
    sent += [r.json["messages"] for r in fake_provider.requests("rc-cli2")]
    assert sent == [[*talk, {"role": "user", "content": "Again?"}]]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "talk.json: not JSON"),
        ('{"role": "user"}', "talk.json: must hold a JSON list"),
        ('[{"role": "bot", "content": "x"}]', "talk.json: messages[0].role must be one of"),
    ],
)
def test_a_bad_messages_file_is_a_one_line_usage_error(
    project: Path, content: str, words: str
) -> None:
    (project / "talk.json").write_text(content)
    result = _run("chat", "--no-env-file", "a", "--messages", "talk.json")
    assert result.exit_code == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_resolve_explain_shows_the_router_settings_and_strategy(project: Path) -> None:
    result = _run("resolve", "a", "--explain", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["router"]["strategy"] == "weighted"
    assert data["router"]["weights"] == {"rc-cli/m": 3.0, "rc-cli2/m": 1.0}
    assert data["router"]["retries"] == 2
    assert data["router"]["cooldown"] == {"failures": 4, "seconds": 20.0}
    text = _run("resolve", "a", "--explain")
    assert "strategy: weighted (rc-cli/m 3, rc-cli2/m 1)" in text.stdout
    assert "retries 2" in text.stdout
