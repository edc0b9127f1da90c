"""The schema's quick validity predicates never hide a finding the checker would report."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelmap.schema import check

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_fuzz import configs, trees

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.y*ml"))
NUMBERS = st.one_of(
    st.integers(-5, 5), st.floats(-3, 3), st.sampled_from([0, 0.0, 1.0, 2, 2.0001, -0.0, True])
)


def _explained(data: Any, format_: int) -> list[check.SchemaFinding]:
    """Findings of the explaining checker alone, every subtree walked."""
    checker = check._Checker(check.load_schema())
    checker.quick.of = lambda schema: lambda value: False  # type: ignore[method-assign]
    found: list[check.SchemaFinding] = []
    definition = "MappingConfig" if format_ == 2 else "LegacyConfig"
    checker.check(data, {"$ref": f"#/$defs/{definition}"}, (), found)
    return found


def _same(data: Any) -> None:
    for format_ in (1, 2):
        assert check.check_data(data, format_) == _explained(data, format_)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(configs, trees))
def test_random_configs_get_the_same_findings(data: Any) -> None:
    _same(data)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(EXAMPLES),
    st.sampled_from(
        ["temperature", "top_p", "top_k", "max_tokens", "context_window", "input", "seed"]
    ),
    NUMBERS,
)
def test_numbers_at_and_around_the_bounds(path: Path, key: str, number: float) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    def plant(node: Any) -> None:
        if isinstance(node, dict):
            for k in list(node):
                if k == key:
                    node[k] = number
                plant(node[k])
        elif isinstance(node, list):
            for item in node:
                plant(item)

    plant(data)
    _same(data)


def test_valid_examples_pass_quickly_and_broken_ones_are_explained() -> None:
    for path in EXAMPLES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _same(data)
    broken = {"version": 2, "models": {"m": {"backend": "", "enabled": "yes"}}, "extra": 1}
    codes = sorted(f.code for f in check.check_data(broken, 2))
    assert codes == ["MM101", "MM102", "MM105"]


def test_a_thread_never_uses_a_predicate_another_thread_is_still_compiling() -> None:
    """Two application threads loading their first configs at once both get an answer."""
    checker = check._Checker(check.load_schema())
    resolve = checker.quick.resolve
    calls = 0
    paused, resume = threading.Event(), threading.Event()

    def slow_resolve(schema: dict[str, Any]) -> dict[str, Any]:
        nonlocal calls
        if threading.current_thread() is first:
            calls += 1
            if calls == 2:  # inside the first compilation, after the root's placeholder
                paused.set()
                resume.wait(5)
        return resolve(schema)

    checker.quick.resolve = slow_resolve
    root = {"$ref": "#/$defs/MappingConfig"}
    data = yaml.safe_load(EXAMPLES[0].read_text(encoding="utf-8"))
    results: dict[str, Any] = {}

    def judge(name: str) -> None:
        try:
            results[name] = checker.quick.of(root)(data)
        except RecursionError as exc:
            results[name] = exc

    first = threading.Thread(target=judge, args=("first",))
    second = threading.Thread(target=judge, args=("second",))
    first.start()
    assert paused.wait(5)
    second.start()
    second.join(0.2)  # it fails at once, or waits for the compilation to finish
    resume.set()
    first.join(5)
    second.join(5)
    assert results == {"first": True, "second": True}
