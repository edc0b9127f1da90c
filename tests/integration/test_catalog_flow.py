"""Catalog facts reach the features built beside the catalog: cost, diff, the policies,
the Router's cheapest strategy and chat's cost, for models whose config states none."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app

SMALL = Path(__file__).resolve().parent.parent / "fixtures" / "catalog" / "small.json"
EMPTY = SMALL.with_name("empty.json")

# No prices or context windows in the file: everything below comes from the catalog.
PRIMARY = """\
version: 2
models:
  smart:
    backend: "openai/gpt-4o"
    fallbacks: ["openai/gpt-4-0613", "ollama/llama3"]
"""


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def small_catalog(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The hand-written test catalog is the active one; the cwd is the temp dir."""
    monkeypatch.setenv("MODELMAP_CATALOG", str(SMALL))
    monkeypatch.delenv("MODELMAP_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cost_prices_a_model_from_the_catalog(small_catalog: Path) -> None:
    (small_catalog / "m.yaml").write_text(PRIMARY)
    code, out, _ = _cli(
        "cost", "-c", "m.yaml", "--input-tokens", "1000", "--output-tokens", "1000", "--json"
    )
    assert code == 0
    (smart,) = json.loads(out)["models"]
    assert smart["primary"]["entry"] == "openai/gpt-4o"
    assert smart["primary"]["price"]["sources"] == {"input": "catalog", "output": "catalog"}
    assert smart["primary"]["cost"] == pytest.approx(0.0125)  # 0.0025 + 0.01 per 1,000
    assert smart["most_expensive"]["entry"] == "openai/gpt-4-0613"
    assert smart["most_expensive"]["cost"] == pytest.approx(0.09)
    code, text, _ = _cli(
        "cost", "-c", "m.yaml", "--input-tokens", "1000", "--output-tokens", "1000"
    )
    assert "openai/gpt-4o (catalog)" in text


def test_a_diff_of_only_the_model_id_shows_the_catalogs_price_and_window(
    small_catalog: Path,
) -> None:
    (small_catalog / "old.yaml").write_text(PRIMARY)
    (small_catalog / "new.yaml").write_text(
        PRIMARY.replace('"openai/gpt-4o"', '"openai/gpt-4o-mini"')
    )
    code, out, _ = _cli("diff", "old.yaml", "new.yaml", "--format", "json")
    assert code == 0
    kinds = {c["kind"]: c for c in json.loads(out)["changes"]}
    assert kinds["model_id"]["before"] == "gpt-4o"
    price = kinds["price"]
    assert price["before"]["input"] == pytest.approx(2.5)  # per 1M tokens
    assert price["after"]["input"] == pytest.approx(0.15)
    assert price["after"]["sources"] == {"input": "catalog", "output": "catalog"}
    (small_catalog / "old.yaml").write_text(
        PRIMARY.replace('"openai/gpt-4o"', '"openai/gpt-3.5-turbo-0301"')
    )
    code, text, _ = _cli("diff", "old.yaml", "new.yaml")
    assert code == 0
    assert "context window: 4096 tokens -> 128000 tokens" in text
    assert "(catalog)" in text


POLICY = """\
[policy]
fallback-context = true
max-price = { input = 0.01, output = 0.03, scope = "chains" }
"""


def _policy_codes(out: str) -> list[tuple[str, str]]:
    return [(d["code"], d["message"]) for d in json.loads(out)["diagnostics"] if d["code"] < "MM7"]


def test_policies_read_catalog_facts_and_say_so(small_catalog: Path) -> None:
    (small_catalog / "m.yaml").write_text(PRIMARY)
    (small_catalog / ".modelmap.toml").write_text(POLICY)
    code, out, _ = _cli("validate", "-f", "json", "m.yaml")
    assert code == 1
    found = _policy_codes(out)
    context = [m for c, m in found if c == "MM603"]
    assert len(context) == 1
    assert "8192 tokens (from the catalog)" in context[0]
    assert "the primary's 128000 (from the catalog)" in context[0]
    prices = [m for c, m in found if c == "MM604"]
    assert len(prices) == 2 and all("(from the catalog)" in m for m in prices)


@pytest.mark.parametrize("choice", [["--no-catalog"], ["--catalog", str(EMPTY)]])
def test_policies_use_no_catalog_facts_when_told_not_to(
    small_catalog: Path, choice: list[str]
) -> None:
    """--no-catalog (or another catalog) leaves the facts unknown: MM608 says so, and
    nothing fails on the active catalog's prices."""
    (small_catalog / "m.yaml").write_text(PRIMARY)
    (small_catalog / ".modelmap.toml").write_text(POLICY)
    code, out, _ = _cli("validate", "-f", "json", *choice, "m.yaml")
    assert code == 0, out
    found = _policy_codes(out)
    assert {c for c, _ in found} == {"MM608"}
    assert any("context window of primary 'openai/gpt-4o' is unknown" in m for _, m in found)
    assert not any("from the catalog" in m for _, m in found)


def test_router_cheapest_orders_by_catalog_prices(
    fake_provider: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from modelmap.config.load import load_config_text
    from modelmap.router import Router

    monkeypatch.setenv("MODELMAP_CATALOG", str(SMALL))
    ids = {"cat-dear": "gpt-4-0613", "cat-mid": "gpt-4o", "cat-cheap": "gpt-4o-mini"}
    for name, model_id in ids.items():
        fake_provider.add(name, key="k-test", models=[model_id])
    backends = {
        name: {"provider": "openai", "base_url": fake_provider.base_url(name), "api_key": "${K}"}
        for name in ids
    }
    refs = [f"{name}/{model_id}" for name, model_id in ids.items()]
    data = {
        "version": 2,
        "models": {"a": {"backend": refs[0], "fallbacks": refs[1:], "strategy": "cheapest"}},
        "backends": backends,
    }
    config = load_config_text(yaml.safe_dump(data, sort_keys=False), "<test>")
    with Router(config, environ={"K": "k-test"}) as router:
        answer = router.chat("a", "hi")
    assert answer.backend == "cat-cheap"
    assert [a.backend for a in answer.attempts] == ["cat-cheap"]
    assert answer.cost_usd == pytest.approx((5 * 0.00015 + 3 * 0.0006) / 1000)


def test_chat_json_cost_comes_from_catalog_prices(
    fake_provider: Any, small_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_provider.add("cat-chat", key="k-test", models=["gpt-4o"])
    monkeypatch.setenv("CAT_KEY", "k-test")
    (small_catalog / "m.yaml").write_text(
        textwrap.dedent(
            f"""\
            version: 2
            models:
              smart: {{backend: "cat-chat/gpt-4o"}}
            backends:
              cat-chat:
                provider: openai
                base_url: "{fake_provider.base_url("cat-chat")}"
                api_key: "${{CAT_KEY}}"
            """
        )
    )
    code, out, err = _cli("chat", "--no-env-file", "-c", "m.yaml", "smart", "hi", "--json")
    assert code == 0, err
    answer = json.loads(out)
    # the fake reports 5 input and 3 output tokens; gpt-4o costs 0.0025 / 0.01 per 1,000
    assert answer["cost_usd"] == pytest.approx((5 * 0.0025 + 3 * 0.01) / 1000)
    code, out, _ = _cli(
        "chat", "--no-env-file", "-c", "m.yaml", "--no-catalog", "smart", "hi", "--json"
    )
    assert code == 0 and json.loads(out)["cost_usd"] is None
