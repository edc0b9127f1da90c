"""Router tests build configs from data; this loads one as the library would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from modelmap.config.load import load_config_text
from modelmap.config.model import Config


@pytest.fixture
def load() -> Callable[[dict[str, Any]], Config]:
    """Turn config data into a checked Config (errors raise, as for a file)."""

    def make(data: dict[str, Any]) -> Config:
        return load_config_text(yaml.safe_dump(data, sort_keys=False), "<test>")

    return make
