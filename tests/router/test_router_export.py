"""``export --format litellm`` carries router: and strategy into LiteLLM's settings."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app

CONFIG = """\
router:
  retries: 2
  backoff: {initial: 0.5, max: 8}
  max_retry_after: 30
  cooldown: {failures: 3, seconds: 45}
  max_wait: 10
backends:
  east: {provider: openai, base_url: "https://east.example.com/v1", api_key: "${EAST_KEY}"}
  west: {provider: openai, base_url: "https://west.example.com/v1", api_key: "${WEST_KEY}"}
models:
  gpt-4o:
    backend: east/gpt-4o
    fallbacks: [west/gpt-4o, openai/gpt-4o]
    strategy: weighted
    weights: {east/gpt-4o: 2, west/gpt-4o: 1, openai/gpt-4o: 0}
  mini:
    backend: openai/gpt-4o-mini
"""


def _export(tmp_path: Path) -> tuple[str, dict[str, object]]:
    path = tmp_path / "modelmap.yaml"
    path.write_text(CONFIG)
    result = CliRunner().invoke(app, ["export", "--format", "litellm", "-c", str(path)])
    assert result.exit_code == 0, result.output
    return result.stdout, yaml.safe_load(result.stdout)


def test_router_settings_and_weights_carry_over(tmp_path: Path) -> None:
    text, data = _export(tmp_path)
    settings = data["router_settings"]
    assert isinstance(settings, dict)
    assert settings["num_retries"] == 2
    assert (settings["allowed_fails"], settings["cooldown_time"]) == (2, 45.0)
    assert settings["routing_strategy"] == "simple-shuffle"
    model_list = data["model_list"]
    assert isinstance(model_list, list)
    group = [
        (e["litellm_params"].get("api_base"), e["litellm_params"].get("weight"))
        for e in model_list
        if e["model_name"] == "gpt-4o"
    ]
    assert group == [("https://east.example.com/v1", 2), ("https://west.example.com/v1", 1)]
    assert settings["fallbacks"] == [{"gpt-4o": ["gpt-4o/fallback-1", "gpt-4o/fallback-2"]}]
    assert "router.max_wait 10 s" in text
    assert "max_retry_after 30 s" in text
    assert "mini use(s) strategy ordered" in text


@pytest.mark.slow
@pytest.mark.interop
def test_litellm_accepts_the_exported_router_settings(tmp_path: Path) -> None:
    if importlib.util.find_spec("litellm") is None:
        pytest.skip("litellm is not installed")
    text, _ = _export(tmp_path)
    exported = tmp_path / "config.yaml"
    exported.write_text(text)
    script = (
        "import json, sys, warnings, yaml; warnings.simplefilter('ignore'); import litellm\n"
        "d = yaml.safe_load(open(sys.argv[1]))\n"
        "r = litellm.Router(model_list=d['model_list'], **d['router_settings'])\n"
        "print(json.dumps([r.num_retries, r.allowed_fails, r.cooldown_time, r.routing_strategy,"
        " len(r.get_model_list(model_name='gpt-4o'))]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(exported)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"LITELLM_LOCAL_MODEL_COST_MAP": "True", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2, 2, 45.0, "simple-shuffle", 2]
