"""migrate --from litellm: a literal credential inside api_base is replaced by a variable,
as a literal api_key is, so the result validates and carries no secret."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from modelmap.cli.main import app

SOURCE = """\
model_list:
  - model_name: smart
    litellm_params:
      model: openai/gpt-4o
      api_base: https://proxy.example.com/v1?api-version=2&key=Zq7Lp2Xv9Rt4Wm8N
  - model_name: local
    litellm_params:
      model: openai/llama3
      api_base: https://me:Hj5KwQ9e8R7t@vllm.example.com/v1
"""


def test_literal_url_credentials_become_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("config.yaml").write_text(SOURCE)
    result = CliRunner().invoke(app, ["migrate", "--from", "litellm", "config.yaml"])
    assert result.exit_code == 0, result.stderr
    assert "Zq7Lp2Xv9Rt4Wm8N" not in result.output and "Hj5KwQ9e8R7t" not in result.output
    backends = yaml.safe_load(result.stdout)["backends"]
    urls = sorted(b["base_url"] for b in backends.values())
    assert "https://proxy.example.com/v1?api-version=2&key=${OPENAI_PROXY_URL_KEY}" in urls
    assert "https://me:${OPENAI_VLLM_URL_PASSWORD}@vllm.example.com/v1" in urls
    assert (
        "config.yaml:5: the literal base_url parameter 'key' is not copied: set "
        "OPENAI_PROXY_URL_KEY (backend openai-proxy)"
    ) in result.stderr
    assert "set OPENAI_VLLM_URL_PASSWORD (backend openai-vllm)" in result.stderr
    assert (
        "# - OPENAI_PROXY_URL_KEY (backend openai-proxy, base_url parameter 'key' at line 5)"
        in (result.stdout)
    )
