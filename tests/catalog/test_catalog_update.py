"""``modelmap catalog update`` against a server on 127.0.0.1, and the regenerate script."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from catalog_helpers import SMALL
from typer.testing import CliRunner

from modelmap.catalog import load_catalog
from modelmap.catalog.load import BUNDLED
from modelmap.catalog.regenerate import build
from modelmap.catalog.snapshot import loads
from modelmap.cli.main import app

# A few entries in LiteLLM's own format: what the source publishes.
COST_MAP = {
    "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers"},
    "gpt-4o": {
        "litellm_provider": "openai",
        "mode": "chat",
        "max_input_tokens": 128000,
        "max_output_tokens": 16384,
        "input_cost_per_token": 2.5e-06,
        "output_cost_per_token": 1e-05,
        "supports_vision": True,
        "deprecation_date": "2027-01-14",
        "successor_model": "gpt-5",
    },
    "ft:gpt-4o-2024-08-06": {"litellm_provider": "openai", "mode": "chat"},
    "low/1024-x-1024/gpt-image-1": {"litellm_provider": "openai", "mode": "image_generation"},
    "claude-sonnet-4-6": {
        "litellm_provider": "anthropic",
        "mode": "chat",
        "max_input_tokens": 1000000,
        "input_cost_per_token": 3e-06,
        "output_cost_per_token": 1.5e-05,
    },
    "gemini/gemini-2.5-pro": {
        "litellm_provider": "gemini",
        "max_input_tokens": 1048576,
        "deprecation_date": "2026-06-01",
        "successor_model": "gemini/gemini-3-pro",
    },
    "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": {"litellm_provider": "together_ai"},
    "together-ai-4.1b-8b": {"litellm_provider": "together_ai"},
    "bedrock/anthropic.claude-v2": {"litellm_provider": "bedrock"},
}


def test_the_parser_converts_the_source_format(tmp_path: Path) -> None:
    source = tmp_path / "map.json"
    source.write_text(json.dumps(COST_MAP), encoding="utf-8")
    catalog = loads(build(source, "test", date(2026, 3, 1)), "x")
    assert catalog.info.complete == ("anthropic", "google", "openai")
    assert {p: catalog.ids(p) for p in catalog.providers()} == {
        "openai": ["gpt-4o"],
        "anthropic": ["claude-sonnet-4-6"],
        "google": ["gemini-2.5-pro"],
        "together": ["meta-llama/Llama-3.3-70B-Instruct-Turbo"],
    }
    gpt = catalog.get("openai", "gpt-4o")
    assert gpt is not None
    assert (gpt.context_window, gpt.price_input, gpt.price_output) == (128000, 0.0025, 0.01)
    assert gpt.capabilities == ("chat", "vision")
    assert (gpt.deprecated, gpt.retired, gpt.successor) == (
        date(2026, 3, 1),
        date(2027, 1, 14),
        "gpt-5",
    )
    gemini = catalog.get("gemini", "gemini-2.5-pro")
    assert gemini is not None and gemini.successor == "gemini-3-pro"
    assert (gemini.deprecated, gemini.retired) == (date(2026, 3, 1), date(2026, 6, 1))


def test_the_bundled_snapshot_parses_and_names_its_source() -> None:
    catalog = loads(BUNDLED.read_bytes(), str(BUNDLED))
    assert catalog.info.source == "LiteLLM model cost map"
    assert catalog.info.licence.startswith("MIT")
    assert catalog.info.complete == ("anthropic", "google", "openai")
    for provider, model_id in (
        ("openai", "gpt-4o"),
        ("openai", "gpt-4o-mini"),
        ("anthropic", "claude-sonnet-4-6"),
        ("google", "gemini-2.5-flash-lite"),
    ):
        entry = catalog.get(provider, model_id)
        assert entry is not None and entry.context_window, (provider, model_id)
    assert catalog.get("openai", "gpt-4o-mnii") is None


def test_the_bundled_snapshot_is_what_the_parser_makes_of_installed_litellm() -> None:
    pytest.importorskip("litellm")
    from modelmap.catalog.regenerate import installed_source

    source, generator = installed_source()
    bundled = json.loads(BUNDLED.read_text(encoding="utf-8"))
    rebuilt = json.loads(build(source, generator, date.fromisoformat(bundled["snapshot"])))
    # same format and columns; ids may differ only if litellm was upgraded since
    assert rebuilt.keys() == bundled.keys()
    assert rebuilt["columns"] == bundled["columns"]
    if rebuilt["generator"] == bundled["generator"]:
        assert rebuilt == bundled


class _Server:
    """Serves ``body`` (with ``status``) at every path, on 127.0.0.1."""

    def __init__(self) -> None:
        self.body = b""
        self.status = 200
        self.length: int | None = None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(owner.status)
                size = owner.length if owner.length is not None else len(owner.body)
                self.send_header("Content-Length", str(size))
                self.end_headers()
                self.wfile.write(owner.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/map.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)


@pytest.fixture
def server() -> Iterator[_Server]:
    served = _Server()
    served.thread.start()
    yield served
    served.httpd.shutdown()
    served.httpd.server_close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("MODELMAP_CATALOG")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "modelmap" / "catalog.json"


def test_update_from_a_local_server_then_a_corrupt_download(server: _Server, cache: Path) -> None:
    runner = CliRunner()
    assert load_catalog().info.origin == "bundled"
    server.body = json.dumps(COST_MAP).encode()
    result = runner.invoke(app, ["catalog", "update", "--from", server.url])
    assert result.exit_code == 0, result.stderr
    assert cache.is_file()
    assert load_catalog().info.origin == str(cache)
    info = runner.invoke(app, ["catalog", "--info", "--json"])
    assert json.loads(info.stdout)["loaded_from"] == str(cache)
    before = cache.read_bytes()
    for body, status in (
        (server.body[: len(server.body) // 2], 200),  # truncated
        (b"<html>rate limited</html>", 200),  # not JSON
        (json.dumps({"models": []}).encode(), 200),  # JSON of another shape
        (b"{}", 500),
    ):
        server.body, server.status = body, status
        failed = runner.invoke(app, ["catalog", "update", "--from", server.url])
        assert failed.exit_code == 1, failed.stdout
        assert failed.stderr.startswith("modelmap: error: ") and failed.stderr[-1] == "\n"
        assert cache.read_bytes() == before  # the old catalog stays


def test_update_refuses_an_oversized_download(server: _Server, cache: Path) -> None:
    from modelmap.catalog.update import UpdateError, update

    server.body = json.dumps(COST_MAP).encode()
    with pytest.raises(UpdateError, match="larger than"):
        update(server.url, limit=100)
    assert not cache.exists()


def test_update_from_a_file_and_a_catalog_flag(tmp_path: Path, cache: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["catalog", "update", "--from", str(SMALL)])
    assert result.exit_code == 0, result.stderr
    assert load_catalog().info.source == "modelmap test catalog"
    missing = runner.invoke(app, ["catalog", "update", "--from", str(tmp_path / "no.json")])
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    listed = runner.invoke(app, ["catalog", "anthropic", "--catalog", str(SMALL)])
    assert "claude-3-haiku-20240307" in listed.stdout and "gpt-4o" not in listed.stdout
    found = runner.invoke(
        app, ["catalog", "--search", "4O-MINI", "--json", "--catalog", str(SMALL)]
    )
    assert [m["model_id"] for m in json.loads(found.stdout)["models"]] == ["gpt-4o-mini"]
    bad = runner.invoke(app, ["catalog", "gemni"])
    assert bad.exit_code == 2 and "did you mean 'gemini'" in bad.stderr
