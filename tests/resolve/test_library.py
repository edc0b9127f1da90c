"""The public library API: what an application imports from ``modelmap``."""

from __future__ import annotations

import importlib

import modelmap
from modelmap.resolve import list_models


def test_exports_resolve_even_after_the_submodule_is_imported() -> None:
    importlib.import_module("modelmap.resolve")
    assert callable(modelmap.resolve)
    assert modelmap.resolve.__name__ == "resolve"
    for name in modelmap.__all__:
        assert getattr(modelmap, name) is not None


def test_application_flow_from_text() -> None:
    config = modelmap.load_config_text(
        "models:\n  smart:\n    backend: ollama/llama3.1:8b\n    capabilities: [chat]\n"
    )
    resolution = modelmap.resolve(config, "smart", {"temperature": 0})
    modelmap.require_capability(resolution, "chat")
    endpoint = modelmap.endpoint_for(resolution.primary, {})
    assert (endpoint.base_url, resolution.primary.model_id) == (
        "http://localhost:11434",
        "llama3.1:8b",
    )
    assert resolution.primary.parameters["temperature"] == 0


def test_list_models_filters_by_capability_and_provider() -> None:
    config = modelmap.load_config("examples/model_config_example.yaml")
    assert [m.name for m in list_models(config)] == ["gpt-4", "claude-3", "fast", "local"]
    assert [m.name for m in list_models(config, capability="vision")] == ["claude-3"]
    assert [m.name for m in list_models(config, provider="custom")] == ["fast"]
    assert [m.name for m in list_models(config, provider="groq")] == ["fast"]
    row = list_models(config, provider="openai")[0]
    assert (row.name, row.aliases, row.context_window, row.price_input) == (
        "gpt-4",
        ("gpt4", "smart"),
        8192,
        0.03,
    )
