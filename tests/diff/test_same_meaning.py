"""Files that say the same thing in other words give no changes."""

from __future__ import annotations

from pathlib import Path

import modelmap

from .conftest import Invoke

ROOT = Path(__file__).resolve().parents[2]

ORIGINAL = """\
version: 2
models:
  gpt-4:
    backend: "openai/gpt-4"
    aliases: [gpt4, smart]
    capabilities: [chat, tools]
    parameters: {temperature: 0.7, max_tokens: 512}
    fallbacks: [claude]
  claude:
    backend: "anthropic/claude-3-5-sonnet-latest"
backends:
  openai:
    api_key: "${OPENAI_API_KEY}"
    models:
      gpt-4: {context_window: 8192, pricing: {input: 0.03, output: 0.06}}
model_defaults: {top_p: 0.9}
"""

# The same meaning: reordered keys, models, aliases and capabilities, other quoting, block
# style, comments, an implicit backend spelled out, and `enabled: true` written.
REFORMATTED = """\
# reformatted by hand
model_defaults:
  top_p: 0.9
backends:
  openai:
    models:
      gpt-4:
        pricing:
          output: 0.06
          input: 0.03
        context_window: 8192
    api_key: ${OPENAI_API_KEY}
  anthropic: {}
models:
  claude:
    backend: anthropic/claude-3-5-sonnet-latest
    enabled: true
  gpt-4:
    fallbacks:
      - claude
    parameters:
      max_tokens: 512
      temperature: 0.7
    capabilities: [tools, chat]
    aliases:
      - smart
      - gpt4
    backend: 'openai/gpt-4'
"""


def test_reformatted_and_reordered_file_has_no_changes() -> None:
    old = modelmap.load_config_text(ORIGINAL)
    new = modelmap.load_config_text(REFORMATTED)
    assert modelmap.diff(old, new) == ()
    assert modelmap.diff(new, old) == ()


def test_legacy_file_and_its_migration_have_no_changes(invoke: Invoke, tmp_path: Path) -> None:
    legacy = ROOT / "examples" / "legacy_models.yaml"
    migrated = invoke("migrate", str(legacy))
    assert migrated.exit_code == 0
    assert "backends:" in migrated.stdout  # really the mapping format
    (tmp_path / "migrated.yaml").write_text(migrated.stdout, encoding="utf-8")
    for old, new in ((legacy, tmp_path / "migrated.yaml"), (tmp_path / "migrated.yaml", legacy)):
        result = invoke("diff", str(old), str(new), "--fail-on", "any")
        assert result.exit_code == 0, result.stdout + result.stderr
        assert result.stdout.splitlines()[-1] == "no changes"


def test_every_example_compared_with_itself_has_no_changes() -> None:
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        assert modelmap.diff(path, path) == (), path.name
