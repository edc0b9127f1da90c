"""modelmap: map the model names your code uses to the provider backends that serve them.

The public library API is imported lazily so that ``modelmap validate`` starts fast.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same names, typed, for a user's type checker
    from modelmap.chat import Attempt, ChatAnswer, ChatStream, chat, chat_stream
    from modelmap.config.load import load_config, load_config_text
    from modelmap.config.model import Config
    from modelmap.envvars import load_environment
    from modelmap.errors import (
        CapabilityError,
        ChatFailedError,
        ConfigError,
        DisabledModelError,
        MissingKeyError,
        ModelmapError,
        ProviderError,
        UnknownModelError,
    )
    from modelmap.problems import Problem, Severity
    from modelmap.resolution import Endpoint, Resolution, Skipped, Target
    from modelmap.resolve import (
        ModelSummary,
        endpoint_for,
        fill_parameters,
        list_models,
        require_capability,
        resolve,
    )
    from modelmap.router import Router

__version__ = "0.1.0"

# name -> module that defines it; resolved on first attribute access.
_EXPORTS: dict[str, str] = {
    "Problem": "modelmap.problems",
    "Severity": "modelmap.problems",
    "ModelmapError": "modelmap.errors",
    "ConfigError": "modelmap.errors",
    "UnknownModelError": "modelmap.errors",
    "MissingKeyError": "modelmap.errors",
    "ProviderError": "modelmap.errors",
    "Config": "modelmap.config.model",
    "load_config": "modelmap.config.load",
    "load_config_text": "modelmap.config.load",
    "resolve": "modelmap.resolve",
    "endpoint_for": "modelmap.resolve",
    "fill_parameters": "modelmap.resolve",
    "require_capability": "modelmap.resolve",
    "list_models": "modelmap.resolve",
    "load_environment": "modelmap.envvars",
    "Resolution": "modelmap.resolution",
    "Target": "modelmap.resolution",
    "Skipped": "modelmap.resolution",
    "Endpoint": "modelmap.resolution",
    "ModelSummary": "modelmap.resolve",
    "CapabilityError": "modelmap.errors",
    "DisabledModelError": "modelmap.errors",
    "ChatFailedError": "modelmap.errors",
    "chat": "modelmap.chat",
    "chat_stream": "modelmap.chat",
    "ChatStream": "modelmap.chat",
    "ChatAnswer": "modelmap.chat",
    "Attempt": "modelmap.chat",
    "Router": "modelmap.router",
}

# Spelled out, not built from _EXPORTS, so that type checkers and linters can read it.
__all__ = [
    "Attempt",
    "CapabilityError",
    "ChatAnswer",
    "ChatFailedError",
    "ChatStream",
    "Config",
    "ConfigError",
    "DisabledModelError",
    "Endpoint",
    "MissingKeyError",
    "ModelSummary",
    "ModelmapError",
    "Problem",
    "ProviderError",
    "Resolution",
    "Router",
    "Severity",
    "Skipped",
    "Target",
    "UnknownModelError",
    "__version__",
    "chat",
    "chat_stream",
    "endpoint_for",
    "fill_parameters",
    "list_models",
    "load_config",
    "load_config_text",
    "load_environment",
    "require_capability",
    "resolve",
]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'modelmap' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """Keeps ``modelmap.resolve`` and ``modelmap.chat`` the functions: importing the
    submodule of the same name would otherwise rebind the package attribute to the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in ("resolve", "chat") and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
