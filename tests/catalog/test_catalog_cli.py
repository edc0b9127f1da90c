"""validate's catalog options, start-up, and ping's drift note."""

from __future__ import annotations

import asyncio
import json
from datetime import date
from pathlib import Path

import httpx
import pytest
from catalog_helpers import SMALL
from importtime import imported_modules
from typer.testing import CliRunner

from modelmap.catalog import load_catalog
from modelmap.catalog.drift import drift, drift_text, listed_ids
from modelmap.cli.main import app
from modelmap.ping import BackendPlan, ping_async
from modelmap.resolution import Target

FILE = "models:\n  a: {backend: openai/gpt-4-0613}\n  b: {backend: openai/gpt-4o-mnii}\n"


def _validate(tmp_path: Path, *args: str) -> tuple[int, list[tuple[int, int, str]]]:
    path = tmp_path / "m.yaml"
    path.write_text(FILE, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(path), *args])
    if result.exit_code == 2:
        return 2, []
    found = json.loads(result.stdout)["diagnostics"]
    return result.exit_code, [(d["line"], d["column"], d["code"]) for d in found]


def test_validate_catalog_options(tmp_path: Path) -> None:
    on = ["--catalog", str(SMALL)]
    assert _validate(tmp_path, *on, "--as-of", "2026-06-01") == (
        0,
        [(2, 16, "MM702"), (3, 16, "MM701")],
    )
    assert _validate(tmp_path, *on, "--as-of", "2026-09-01") == (
        1,
        [(2, 16, "MM703"), (3, 16, "MM701")],
    )
    assert _validate(tmp_path, *on, "--no-catalog") == (0, [])
    assert _validate(tmp_path, *on, "--as-of", "June")[0] == 2
    assert _validate(tmp_path, "--catalog", str(tmp_path / "none.json"))[0] == 2


def test_validate_uses_the_bundled_catalog_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MODELMAP_CATALOG")
    _, found = _validate(tmp_path, "--as-of", "2026-01-01")
    assert (3, 16, "MM701") in found  # gpt-4o-mnii: a typo of a well-known id


def test_explain_a_catalog_rule() -> None:
    result = CliRunner().invoke(app, ["validate", "--explain", "MM703"])
    assert result.stdout.startswith("MM703 retired-model [error]")


def test_the_catalog_is_loaded_only_for_files_that_need_it(tmp_path: Path) -> None:
    local = tmp_path / "local.yaml"
    local.write_text("models:\n  a: {backend: ollama/llama3.1:8b}\n", encoding="utf-8")
    modules, _ = imported_modules(["validate", str(local)], tmp_path)
    assert "modelmap.lint.rules.provider_catalog" in modules
    assert not any(m.startswith("modelmap.catalog") for m in modules)
    hosted = tmp_path / "hosted.yaml"
    hosted.write_text("models:\n  a: {backend: openai/gpt-4o}\n", encoding="utf-8")
    modules, _ = imported_modules(["validate", str(hosted)], tmp_path, exit_codes=(0, 1))
    assert "modelmap.catalog.load" in modules
    assert "httpx" not in modules and "modelmap.catalog.update" not in modules


def test_drift_between_a_model_list_and_the_catalog() -> None:
    catalog = load_catalog(SMALL)
    body = {
        "object": "list",
        "data": [{"id": "gpt-4o"}, {"id": "gpt-5-turbo"}, {"id": "text-embedding-3-small"}],
    }
    found = drift("openai", "openai", body, catalog, date(2026, 6, 1))
    assert found is not None
    assert found.not_in_catalog == ("gpt-5-turbo",)
    assert found.not_listed == ("gpt-4o-mini",)  # deprecated gpt-4-0613 is not expected
    assert "1 listed id not in the catalog (gpt-5-turbo)" in drift_text(found)
    gemini = {"models": [{"name": "models/gemini-2.5-pro"}, {"name": "models/gemini-2.0-flash"}]}
    assert listed_ids(gemini) == {"gemini-2.5-pro", "gemini-2.0-flash"}
    assert drift("g", "google", gemini, catalog, date(2026, 6, 1)) is None
    assert drift("t", "together", [{"id": "x/y"}], catalog, date(2026, 6, 1)) is None


def test_ping_hands_each_answered_model_list_to_on_list() -> None:
    body = {"data": [{"id": "gpt-4o"}]}
    target = Target(
        backend="b", provider="openai", model_id="gpt-4o", base_url="http://h/v1", api_key="k"
    )
    seen: list[tuple[str, object]] = []

    async def main() -> None:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
        async with httpx.AsyncClient(transport=transport) as client:
            await ping_async(
                [BackendPlan("b", target, ("gpt-4o",))],
                {},
                client,
                on_list=lambda item, answer: seen.append((item.backend, answer)),
            )

    asyncio.run(main())
    assert seen == [("b", body)]


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_clean_against_the_bundled_catalog(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MODELMAP_CATALOG")
    day = load_catalog().info.snapshot.isoformat()  # fails here first when examples age
    result = CliRunner().invoke(app, ["validate", "-f", "json", "--as-of", day, str(path)])
    found = [d["code"] for d in json.loads(result.stdout)["diagnostics"]]
    assert [c for c in found if c.startswith("MM7")] == []


def test_ping_compares_only_backends_on_the_providers_default_url() -> None:
    from modelmap.cli.commands.ping import _drifts

    def plan(backend: str, base_url: str) -> BackendPlan:
        target = Target(backend=backend, provider="openai", model_id="gpt-4o", base_url=base_url)
        return BackendPlan(backend, target, ("gpt-4o",))

    body = {"data": [{"id": "gpt-4o"}, {"id": "o9-preview"}]}
    lists = [(plan("openai", "https://api.openai.com/v1"), body), (plan("proxy", "http://h"), body)]
    found = _drifts(lists, load_catalog(SMALL))
    assert list(found) == ["openai"]
    assert found["openai"].not_in_catalog == ("o9-preview",)
    assert _drifts(lists, None) == {}
