"""Round trip: ``export --format litellm`` then ``migrate --from litellm`` resolves alike.

For a config C, every enabled name and alias of C resolves in the migrated file to the
same chain: provider, model id, base URL and parameters of each entry, in order.
Not covered, because the LiteLLM file cannot carry it: which backend *name* serves (a
backend is recovered from its endpoint and key, and named after them), disabled models
(export leaves them out; the generator makes some, which the others skip as fallbacks),
and ``openai`` versus ``custom`` at the same URL: LiteLLM writes both as ``openai/`` plus
``api_base``, so an OpenAI host reads back as ``openai`` and any other as ``custom`` (the
generator writes each type only where it reads back as itself).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelmap.config.load import load_config_text
from modelmap.config.model import Config
from modelmap.export.litellm import export_litellm
from modelmap.migrate.from_litellm import import_litellm
from modelmap.resolve import resolve

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


def _chains(config: Config) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    for name, model in config.names().items():
        if not config.models[model].enabled:
            continue
        chain = resolve(config, name).chain
        out[name] = [
            (t.provider, t.model_id, t.base_url.rstrip("/"), dict(t.parameters)) for t in chain
        ]
    return out


def _round_trip(config: Config) -> Config:
    exported = export_litellm(config).render().encode("utf-8")
    imported = import_litellm(exported, "config.yaml")
    return load_config_text(imported.text, "migrated.yaml")


def _same(config: Config) -> None:
    before = _chains(config)
    if not before:
        return  # every model disabled: export writes no group, and migrate refuses that
    after = _chains(_round_trip(config))
    for name, chain in before.items():
        assert after.get(name) == chain, name


def test_every_example_round_trips() -> None:
    checked = 0
    for example in EXAMPLES:
        text = example.read_text(encoding="utf-8")
        try:
            config = load_config_text(text, example.name)
        except Exception:
            continue
        _same(config)
        checked += 1
    assert checked >= 5


_IDS = st.sampled_from(["gpt-4o", "claude-3-5-haiku-latest", "llama3.1:8b", "org/model-1", "m"])
_PARAMS = st.dictionaries(
    st.sampled_from(["temperature", "top_p"]), st.sampled_from([0.1, 0.5, 1]), max_size=2
) | st.just({"max_tokens": 256})
_BACKENDS: dict[str, dict[str, Any]] = {
    "openai": {},
    "anthropic": {},
    "ollama": {},
    "together": {},
    "huggingface": {},
    "gemini-eu": {"provider": "google", "base_url": "https://eu.example.com/v1beta"},
    "vllm": {"provider": "custom", "base_url": "http://127.0.0.1:8000/v1"},
    "groq": {
        "provider": "custom",
        "base_url": "https://api.groq.com/openai/v1",
        "api_key": "${GROQ_API_KEY}",
    },
    "openai-eu": {
        "provider": "openai",
        "base_url": "https://eu.api.openai.com/v1",
        "api_key": "${OPENAI_EU_KEY}",
    },
}


@st.composite
def _configs(draw: st.DrawFn) -> str:
    names = draw(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, unique=True))
    models: dict[str, Any] = {}
    taken = set(names)
    for name in names:
        backend = draw(st.sampled_from(sorted(_BACKENDS)))
        entry: dict[str, Any] = {"backend": f"{backend}/{draw(_IDS)}"}
        params = draw(_PARAMS)
        if params:
            entry["parameters"] = params
        aliases = [a for a in draw(st.lists(st.sampled_from(["x", "y", "z"]), unique=True))]
        aliases = [a for a in aliases if a not in taken]
        taken.update(aliases)
        if aliases:
            entry["aliases"] = aliases
        fallbacks = draw(
            st.lists(
                st.one_of(
                    st.sampled_from([n for n in names if n != name] or ["openai/gpt-4o"]),
                    st.sampled_from(sorted(_BACKENDS)).map(lambda b: f"{b}/gpt-4o-mini"),
                ),
                max_size=3,
                unique=True,
            )
        )
        fallbacks = [f for f in fallbacks if f != entry["backend"]]  # itself: MM209
        if fallbacks:
            entry["fallbacks"] = fallbacks
        if draw(st.integers(0, 5)) == 0:
            entry["enabled"] = False  # left out by export; others skip it as a fallback
        models[name] = entry
    data: dict[str, Any] = {"models": models, "backends": _BACKENDS}
    if draw(st.booleans()):
        data["model_defaults"] = {"max_tokens": 512}
    if draw(st.booleans()):
        data["fallback_providers"] = [
            {"provider": "anthropic", "model": "claude-3-5-haiku-latest"},
            "ollama",  # serves a model only if its catalog lists it: skipped here
        ]
    return yaml.safe_dump(data, sort_keys=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_configs())
def test_generated_configs_round_trip(text: str) -> None:
    _same(load_config_text(text, "generated.yaml"))
