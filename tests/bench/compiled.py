"""Compile modelmap's bytecode before a benchmark measures start-up.

An installed package has its ``.pyc`` files; a checkout edited since its last run may not,
and with ``PYTHONDONTWRITEBYTECODE`` set every run would recompile the edited modules and
count that as start-up.
"""

from __future__ import annotations

import compileall
import importlib.util


def compile_modelmap() -> None:
    """Write ``.pyc`` files for every modelmap module (quietly)."""
    spec = importlib.util.find_spec("modelmap")
    assert spec is not None and spec.submodule_search_locations
    for location in spec.submodule_search_locations:
        compileall.compile_dir(location, quiet=1)
