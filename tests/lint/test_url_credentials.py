"""Credentials written into a base_url: an MM505 error, and masked in every output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lint_helpers import lint, where
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.cli.resolve_view import plain_resolution
from modelmap.config.build import build_config
from modelmap.export.litellm import export_litellm
from modelmap.providers import http
from modelmap.resolve import endpoint_for, resolution_dict, resolve
from modelmap.urls import credential_parts, is_credential_param, mask_url

SECRET = "abc123def456ghi789"
NAMES = ["key", "api_key", "apikey", "token", "access_token", "sig", "signature", "code"]
NAMES += ["secret", "password", "KEY", "Api-Key", "x-api-key", "subscription-key", "Code"]


@pytest.mark.parametrize("name", NAMES)
def test_a_literal_credential_parameter_is_mm505(name: str) -> None:
    text = f"""\
    models:
      a: {{backend: fn/m}}
    backends:
      fn: {{provider: custom, base_url: "https://fn.example/api?v=1&{name}={SECRET}"}}
    """
    assert where(text, "MM5") == [(4, 36, "MM505")]
    assert all(SECRET[4:] not in p.message for p in lint(text))


def test_a_token_before_the_at_sign_is_mm505_and_a_password_stays_mm501() -> None:
    text = f"""\
    models:
      a: {{backend: gh/m}}
      b: {{backend: pw/m}}
    backends:
      gh: {{provider: custom, base_url: "https://{SECRET}@llm.example/v1"}}
      pw: {{provider: custom, base_url: "https://bob:{SECRET}@llm.example/v1"}}
    """
    assert where(text, "MM5") == [(5, 36, "MM505"), (6, 36, "MM501")]


@pytest.mark.parametrize(
    "url",
    [
        "https://fn.example/api?code=${FUNC_KEY}",
        "https://${TOKEN}@llm.example/v1?key=${K}",
        "https://bob:${PW}@llm.example/v1",
        "https://fn.example/api?api-version=2024-06-01&country_code=us&keyword=x",
        "https://fn.example/api?key=EMPTY&token=",
        "${WHOLE_URL}",
    ],
)
def test_references_placeholders_and_other_parameters_are_fine(url: str) -> None:
    text = f"""\
    models:
      a: {{backend: fn/m}}
    backends:
      fn: {{provider: custom, base_url: "{url}"}}
    """
    assert where(text, "MM5") == []


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h/v1?code=abc&x=1", "https://h/v1?code=***&x=1"),
        ("https://h/v1?code=${K}&x=1", "https://h/v1?code=${K}&x=1"),
        ("https://tok@h/v1", "https://***@h/v1"),
        ("https://${T}@h/v1", "https://${T}@h/v1"),
        ("https://bob:pw@h/v1", "https://***:***@h/v1"),
        ("https://bob:${PW}@h/v1", "https://bob:${PW}@h/v1"),
        ("https://h/cb#access_token=zz", "https://h/cb#access_token=***"),
        ("https://h/v1?api-version=1&Signature=s", "https://h/v1?api-version=1&Signature=***"),
        ("http://localhost:8080/v1", "http://localhost:8080/v1"),
    ],
)
def test_mask_url(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert http.safe_url(url) == shown  # ping and chat errors use the same function


def test_credential_names() -> None:
    assert all(is_credential_param(name) for name in NAMES)
    assert not any(is_credential_param(n) for n in ("api-version", "country_code", "alt", "v"))
    assert credential_parts("https://h/?a=1") == []


LITERAL = {
    "models": {"a": {"backend": "fn/m"}},
    "backends": {
        "fn": {
            "provider": "custom",
            "base_url": f"https://{SECRET}@fn.example/api?code={SECRET}&v=1",
            "api_key": "${FN_KEY}",
        }
    },
}


def test_every_output_of_a_target_masks_a_literal_credential() -> None:
    # built without linting (as a library caller may): the outputs must still mask it
    config = build_config(LITERAL, "<test>")
    resolution = resolve(config, "a")
    data = resolution_dict(resolution, {})
    shown = json.dumps(data)
    assert SECRET not in shown
    text = plain_resolution(data, explain=True)  # resolve's text view, chain included
    assert SECRET not in text and "https://***@fn.example/api?code=***&v=1" in text
    assert "https://***@fn.example/api?code=***&v=1" in shown
    exported = export_litellm(config)
    assert SECRET not in json.dumps(exported.data())
    assert exported.model_list[0]["litellm_params"]["api_base"] == (
        "https://***@fn.example/api?code=***&v=1"
    )
    assert any("literal credential" in note for note in exported.notes)
    endpoint = endpoint_for(resolution.primary, {"FN_KEY": "k" * 20})
    assert SECRET not in repr(endpoint)
    assert "***" in repr(endpoint)


def test_resolve_shows_references_as_written(tmp_path: Path) -> None:
    path = tmp_path / "models.yaml"
    url = "https://${FN_TOKEN}@fn.example/api?code=${FUNC_KEY}&v=1"
    path.write_text(
        f"models:\n  a: {{backend: fn/m}}\nbackends:\n"
        f'  fn: {{provider: custom, base_url: "{url}"}}\n',
        encoding="utf-8",
    )
    for extra in ([], ["--json"]):
        result = CliRunner().invoke(app, ["resolve", "a", "-c", str(path), *extra])
        assert result.exit_code == 0, result.output
        assert url in result.output


def test_a_file_with_a_literal_url_credential_does_not_load(tmp_path: Path) -> None:
    path = tmp_path / "models.yaml"
    url = f"https://fn.example/api?code={SECRET}"
    path.write_text(
        f"models:\n  a: {{backend: fn/m}}\nbackends:\n"
        f'  fn: {{provider: custom, base_url: "{url}"}}\n',
        encoding="utf-8",
    )
    for command in (["resolve", "a"], ["list"], ["export", "--format", "litellm"]):
        result = CliRunner().invoke(app, [*command, "-c", str(path)])
        assert result.exit_code == 2
        assert SECRET[4:] not in result.output
