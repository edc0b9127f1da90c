"""Property: for every model and alias in examples/, the library and ``resolve --json`` agree
(or, for an override validate would reject, the command refuses it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from modelmap.cli.main import app
from modelmap.config.load import load_config
from modelmap.envvars import load_environment
from modelmap.errors import UsageError
from modelmap.resolve import check_overrides, resolution_dict, resolve

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.y*ml"))
CASES = [
    (path, name)
    for path, config in ((p, load_config(p)) for p in EXAMPLES)
    for name, model in sorted(config.names().items())
    if config.models[model].enabled
]

VALUES = st.one_of(
    st.integers(-10, 100_000),
    st.floats(0, 2, allow_nan=False).map(lambda f: round(f, 3)),
    st.booleans(),
    st.lists(st.sampled_from(["###", "\n\n", "END"]), max_size=2),
)
OVERRIDES = st.dictionaries(
    st.sampled_from(["temperature", "max_tokens", "top_p", "stop", "seed"]), VALUES, max_size=3
)


def test_the_examples_have_names() -> None:
    assert len(CASES) >= 8


@settings(max_examples=40, deadline=None)
@given(case=st.sampled_from(CASES), overrides=OVERRIDES)
def test_library_and_cli_agree(case: tuple[Path, str], overrides: dict[str, Any]) -> None:
    path, name = case
    args = ["resolve", name, "-c", str(path), "--json", "--no-env-file"]
    for key, value in overrides.items():
        args += ["-o", f"{key}={json.dumps(value)}"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    try:
        check_overrides(overrides)
    except UsageError as exc:  # a value validate would reject (top_p=5): refused, exit 2
        assert (result.exit_code, result.stderr) == (2, f"modelmap: error: {exc}\n")
        return
    assert result.exit_code == 0, result.stderr
    expected = resolution_dict(
        resolve(load_config(path), name, overrides), load_environment(use_env_file=False)
    )
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))
