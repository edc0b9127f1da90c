"""Inputs that once took quadratic time: counted in operations, not seconds.

tests/bench/bench_corners.py times the same corners at full size.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from modelmap import suggest
from modelmap.config.build import build_config
from modelmap.lint.base import LintOptions
from modelmap.lint.engine import lint_loaded
from modelmap.loader import load_text
from modelmap.resolution import Target
from modelmap.resolve import chain, resolve


@pytest.fixture
def matches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every word difflib is asked to match while the test runs."""
    asked: list[str] = []
    real = difflib.get_close_matches

    def counting(word: str, *args: Any, **kwargs: Any) -> list[str]:
        asked.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(suggest.difflib, "get_close_matches", counting)
    return asked


def _findings(text: str) -> list[tuple[int, str, str]]:
    problems = lint_loaded(load_text(text, "t.yaml"), LintOptions())[1]
    return [(p.line, p.code, p.message) for p in problems]


def _model(lines: list[str], key: str = "parameters") -> str:
    return "models:\n  m:\n    backend: openai/gpt-4o\n" + f"    {key}:\n" + "".join(lines)


def test_many_distinct_unknown_parameters_are_matched_a_bounded_number_of_times(
    matches: list[str],
) -> None:
    count = 5_000
    found = _findings(_model([f"      temprature{i}: 1\n" for i in range(count)]))
    assert len(found) == count
    assert all(code == "MM401" for _, code, _ in found)
    assert len(matches) <= 2 * suggest.BUDGET // 20  # not once or twice per name
    assert "did you mean 'temperature'" in found[0][2]


def test_many_distinct_unknown_capabilities_too(matches: list[str]) -> None:
    count = 5_000
    found = _findings(_model([f"      - vison{i}\n" for i in range(count)], "capabilities"))
    assert [code for _, code, _ in found] == ["MM402"] * count
    assert len(matches) <= 2 * suggest.BUDGET // 15
    assert "did you mean 'vision'" in found[0][2]


def test_one_typo_repeated_in_every_model_is_matched_once(matches: list[str]) -> None:
    text = "models:\n" + "".join(
        f"  m{i}:\n    backend: openai/x\n    parameters: {{temprature: 1}}\n"
        f"    capabilities: [vison]\n"
        for i in range(2_000)
    )
    found = _findings(text)
    assert len(found) == 4_000
    assert all("did you mean" in message for _, _, message in found)
    assert matches.count("temprature") <= 2 and matches.count("vison") <= 2


def test_many_unknown_keys_are_matched_a_bounded_number_of_times(matches: list[str]) -> None:
    text = "models:\n  m:\n    backend: openai/x\n" + "".join(
        f"    bakend{i}: 1\n" for i in range(3_000)
    )
    found = _findings(text)
    assert [code for _, code, _ in found] == ["MM101"] * 3_000
    assert len(matches) <= 2 * 500
    assert "did you mean 'backend'" in found[0][2]


def test_many_unknown_fallbacks_are_matched_a_bounded_number_of_times(
    matches: list[str],
) -> None:
    names = "".join(f"  f{i}: {{backend: openai/m{i}}}\n" for i in range(1_000))
    fallbacks = "".join(f"      - g{i}\n" for i in range(2_000))
    found = _findings(f"models:\n  m:\n    backend: openai/x\n    fallbacks:\n{fallbacks}{names}")
    assert [code for _, code, _ in found] == ["MM204"] * 2_000
    assert len(matches) <= 2 * (suggest.BUDGET // 1_000 + 1)


class _Counted(Target):
    """A Target that counts how often its backend is read."""

    reads: ClassVar[list[int]] = [0]

    def __getattribute__(self, name: str) -> Any:
        if name == "backend":
            _Counted.reads[0] += 1
        return super().__getattribute__(name)


def test_resolving_many_fallbacks_reads_each_target_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    count = 3_000
    real: Callable[..., Target] = chain.make_target

    def counted(*args: Any, **kwargs: Any) -> Target:
        target = real(*args, **kwargs)
        return _Counted(**{f.name: getattr(target, f.name) for f in dataclasses.fields(Target)})

    monkeypatch.setattr(chain, "make_target", counted)
    models: dict[str, Any] = {
        "m": {"backend": "openai/gpt-4o", "fallbacks": [f"f{i}" for i in range(count)]},
        "f7": {"backend": "openai/gpt-4o"},  # the primary again: skipped, naming entry 1
    }
    models |= {f"f{i}": {"backend": f"openai/model-{i}"} for i in range(count) if i != 7}
    config = build_config({"models": models}, "<test>")
    _Counted.reads[0] = 0
    resolution = resolve(config, "m")
    assert len(resolution.chain) == count
    assert [s.reason for s in resolution.skipped] == ["same backend and model id as chain entry 1"]
    assert _Counted.reads[0] <= 10 * count  # the old scan read it count**2 / 2 times
