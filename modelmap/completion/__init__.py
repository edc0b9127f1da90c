"""Shell completion: the scripts for bash, zsh and fish, and model names from the config.

A shell asks for candidates by running ``modelmap`` with ``_MODELMAP_COMPLETE`` set, on
every Tab press, so this path must stay fast: ``modelmap.completion.engine`` answers from
the plain data of ``spec.json`` (what the CLI accepts) and a plain YAML load of the
config (model names), and never imports typer, rich, pydantic, httpx or the linter.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

PROG_NAME = "modelmap"
COMPLETE_VAR = "_MODELMAP_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
# The same names, in the same order, as modelmap.config.load.DEFAULT_NAMES (a test checks);
# importing that module would pull in the whole linter on every Tab press.
DEFAULT_NAMES = ("modelmap.yaml", "modelmap.yml", "models.yaml", "models.yml")
CONFIG_ENV = "MODELMAP_CONFIG"


def completion_script(shell: str) -> str:
    """The completion script for ``shell`` (bash, zsh or fish), ending with a newline."""
    if shell not in SHELLS:
        from modelmap.errors import UsageError

        raise UsageError(f"unsupported shell {shell!r}: choose one of {', '.join(SHELLS)}")
    from modelmap.completion.scripts import SCRIPTS

    return SCRIPTS[shell]


def find_config(explicit: str | os.PathLike[str] | None, cwd: Path | None = None) -> Path | None:
    """The config a command would use (``-c``, then $MODELMAP_CONFIG, then the default names)."""
    if explicit:
        path = Path(explicit)
        return path if path.is_file() else None
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        path = Path(from_env)
        return path if path.is_file() else None
    base = cwd if cwd is not None else Path.cwd()
    for name in DEFAULT_NAMES:
        if (base / name).is_file():
            return base / name
    return None


def _read(path: Path) -> Any:
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, RecursionError, yaml.YAMLError):
        return None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _entries(data: Any) -> list[tuple[str, dict[str, Any]]]:
    models = data.get("models") if isinstance(data, dict) else None
    if isinstance(models, dict):  # the mapping format
        return [
            (name, entry if isinstance(entry, dict) else {})
            for name, entry in models.items()
            if isinstance(name, str)
        ]
    entries: list[tuple[str, dict[str, Any]]] = []
    for item in models if isinstance(models, list) else []:  # the legacy list
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            entries.append((item["name"], item))
    return entries


def model_names(path: Path) -> list[tuple[str, str]]:
    """Every enabled model name and alias in ``path`` with a short help text, names first.

    Unreadable or broken files give no candidates rather than an error: completion must
    never print a traceback into the user's command line.
    """
    names: list[tuple[str, str]] = []
    aliases: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name, entry in _entries(_read(path)):
        if entry.get("enabled", True) is False or name in seen:
            continue
        seen.add(name)
        description = entry.get("description")
        target = entry.get("backend") or entry.get("model") or ""
        help_text = description if isinstance(description, str) else str(target)
        names.append((name, help_text))
        aliases.extend((alias, f"alias of {name}") for alias in _strings(entry.get("aliases")))
    return names + [(a, h) for a, h in aliases if a not in seen]
