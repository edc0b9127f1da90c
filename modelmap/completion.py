"""Shell completion: the scripts for bash, zsh and fish, and model names from the config.

A shell asks for candidates by running ``modelmap`` with ``_MODELMAP_COMPLETE`` set, on
every Tab press, so this path must stay fast: it reads the config with a plain YAML load
(no linting, no pydantic) and never imports httpx, rich or provider code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

PROG_NAME = "modelmap"
COMPLETE_VAR = "_MODELMAP_COMPLETE"
SHELLS = ("bash", "zsh", "fish")
# The same names, in the same order, as modelmap.config.load.DEFAULT_NAMES (a test checks);
# importing that module would pull in the whole linter on every Tab press.
DEFAULT_NAMES = ("modelmap.yaml", "modelmap.yml", "models.yaml", "models.yml")
CONFIG_ENV = "MODELMAP_CONFIG"


def completion_script(shell: str) -> str:
    """The completion script for ``shell`` (bash, zsh or fish), ending with a newline."""
    from typer._completion_shared import get_completion_script

    if shell not in SHELLS:
        from modelmap.errors import UsageError

        raise UsageError(f"unsupported shell {shell!r}: choose one of {', '.join(SHELLS)}")
    return get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell) + "\n"


def register_shells() -> None:
    """Teach the CLI to answer completion requests (typer does this only with add_completion).

    zsh and fish show help text beside each candidate; typer's own classes pass that text
    through rich, which costs ~100 ms per Tab press, so ours print it as it is (modelmap's
    help has no markup).
    """
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    def _zsh_escape(text: str) -> str:
        return (
            text.replace('"', '""')
            .replace("'", "''")
            .replace("$", "\\$")
            .replace("`", "\\`")
            .replace(":", r"\\:")
        )

    class PlainZsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if item.help:
                return f'"{_zsh_escape(item.value)}":"{_zsh_escape(item.help)}"'
            return f'"{_zsh_escape(item.value)}"'

    class PlainFish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if item.help:
                return f"{item.value}\t{' '.join(item.help.split())}"
            return f"{item.value}"

    add_completion_class(BashComplete, "bash")
    add_completion_class(PlainZsh, "zsh")
    add_completion_class(PlainFish, "fish")


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


def _config_option(ctx: typer.Context) -> Any:
    """The value already given to -c/--config on this command line, if any."""
    for param in ctx.command.params:
        if "--config" in getattr(param, "opts", ()) and param.name:
            return ctx.params.get(param.name)
    return None


def complete_model_name(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Typer ``autocompletion`` callback: model names and aliases starting with ``incomplete``.

    Use it on the NAME argument of a command:
    ``typer.Argument(..., autocompletion=complete_model_name)``.
    """
    path = find_config(_config_option(ctx))
    if path is None:
        return []
    taken = {v for value in ctx.params.values() if isinstance(value, (list, tuple)) for v in value}
    return [
        (name, help_text)
        for name, help_text in model_names(path)
        if name.startswith(incomplete) and name not in taken
    ]
