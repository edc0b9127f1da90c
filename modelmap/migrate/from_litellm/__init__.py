"""``modelmap migrate --from litellm``: a LiteLLM proxy ``config.yaml`` in the mapping format.

``model_list`` groups become models (the first deployment the primary, the others its
chain, or weights), provider prefixes provider types, each distinct endpoint and key a
backend. Literal keys become ``${VAR}`` references; everything without an equivalent is
listed with its line, on stderr and as a comment in the output, which must validate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelmap.errors import ConfigError
from modelmap.migrate.from_litellm.build import (
    Built,
    KeyToSet,
    add_backend,
    add_group,
    name_backends,
)
from modelmap.migrate.from_litellm.deployments import Deployment, Listed, Notes, read_deployment
from modelmap.migrate.from_litellm.settings import (
    Settings,
    read_litellm_settings,
    read_router_settings,
    read_top_level,
)

__all__ = ["KeyToSet", "Listed", "LiteLLMImport", "import_litellm", "import_litellm_file"]


@dataclass(frozen=True)
class LiteLLMImport:
    """The converted mapping file, what it could not map, and the keys to set."""

    path: str
    text: str
    data: dict[str, Any]
    listed: tuple[Listed, ...]
    keys: tuple[KeyToSet, ...]


def _export_chain(group: str, target: str) -> bool:
    """Whether ``target`` is a group ``export --format litellm`` made for ``group``'s chain."""
    return re.fullmatch(re.escape(group) + r"/fallback-\d+-*", target) is not None


class _Assembler:
    def __init__(self, data: dict[str, Any], notes: Notes) -> None:
        self.data = data
        self.notes = notes
        self.built = Built()
        self.settings = Settings()
        self.folded: set[str] = set()
        self.alias_of: dict[str, str] = {}

    def run(self) -> dict[str, Any]:
        # router_settings first: where both sections set something, it wins (as in LiteLLM)
        if "router_settings" in self.data:
            read_router_settings(self.data["router_settings"], self.settings, self.notes)
        if "litellm_settings" in self.data:
            read_litellm_settings(self.data["litellm_settings"], self.settings, self.notes)
        for key, value in self.data.items():
            if key == "general_settings" and isinstance(value, dict):
                for name in value:
                    self.notes.add((key, name), "a proxy setting, not part of a mapping")
            elif key not in ("model_list", "router_settings", "litellm_settings"):
                read_top_level(key, self.notes)
        self._models()
        self._fallbacks()
        self._aliases()
        return self._result()

    def _models(self) -> None:
        model_list = self.data.get("model_list")
        if not isinstance(model_list, list):
            raise ConfigError(
                f"{self.notes.document.path}: no model_list: this is not a LiteLLM proxy config"
            )
        deployments: list[Deployment] = []
        for index, entry in enumerate(model_list):
            d = read_deployment(index, entry, self.notes)
            if d is not None:
                deployments.append(d)
        name_backends(deployments)
        groups: dict[str, list[Deployment]] = {}
        for d in deployments:
            groups.setdefault(d.group, []).append(d)
        for d in deployments:
            add_backend(self.built, d, self.notes)
        for group, members in groups.items():
            add_group(self.built, group, members, self.notes)
            if len(members) > 1:
                self._strategy(group, members)

    def _strategy(self, group: str, members: list[Deployment]) -> None:
        entry = self.built.models[group]
        weights = {d.ref: d.weight for d in members if d.weight is not None}
        strategy = "weighted" if weights else self.settings.strategy
        if strategy is None:
            return
        entry["strategy"] = strategy
        if weights:
            entry["weights"] = {d.ref: d.weight if d.weight is not None else 1 for d in members}

    def _hint(self, name: str) -> str:
        """Say which group a fallback key meant when it is a deployment's model string."""
        for entry in self.data.get("model_list") or []:
            params = entry.get("litellm_params") if isinstance(entry, dict) else None
            if isinstance(params, dict) and params.get("model") == name and "model_name" in entry:
                return (
                    f" (it is the litellm_params.model of {entry['model_name']!r}; "
                    "fallbacks name model groups)"
                )
        return ""

    def _made_by_export(self, name: str) -> bool:
        found = re.fullmatch(r"(.+)/fallback-\d+-*", name)
        return found is not None and found.group(1) in self.built.models

    def _target(self, group: str, target: str, path: Any) -> str | None:
        """The chain entry a fallback group contributes, or None (listed) when none."""
        built = self.built
        if target not in built.models and self.alias_of.get(target) in built.models:
            return target  # an alias names its model in modelmap too
        if target not in built.models:
            self.notes.add(path, f"fallback {target!r} is not a model_name of model_list")
            return None
        if not _export_chain(group, target) or len(built.groups[target]) != 1:
            return target
        # A group export made for one chain entry: fold it back into the chain, as the
        # model it copies (same endpoint and parameters), or as a backend reference.
        primary = built.primaries[target]
        self.folded.add(target)
        for name, other in built.primaries.items():
            same = other.ref == primary.ref and other.parameters == primary.parameters
            if same and name != target and not self._made_by_export(name):
                return name
        if primary.parameters == built.primaries[group].parameters:
            return primary.ref
        self.folded.discard(target)
        return target

    def _fallbacks(self) -> None:
        models = self.built.models
        aliases = self.alias_of = {alias: group for alias, group, _ in self.settings.aliases}
        chains: dict[str, list[str]] = {}
        for group, targets, path in self.settings.fallbacks:
            if group in aliases and group not in models:
                continue  # export keys the chain by each alias too; checked below
            if group not in models:
                self.notes.add(
                    path, f"{group!r} is not a model_name of model_list" + self._hint(group)
                )
                continue
            chain = chains.setdefault(group, [])
            for target in targets:
                entry = self._target(group, target, path)
                itself = entry == group or aliases.get(entry or "") == group
                if entry is not None and not itself and entry not in chain:
                    chain.append(entry)
        for group, chain in chains.items():
            own = models[group].setdefault("fallbacks", [])
            own.extend(e for e in chain if e not in own)
        for group, targets, path in self.settings.fallbacks:
            if group in aliases and group not in models:
                expected = [t for t in self.settings.fallbacks if t[0] == aliases[group]]
                if not expected or expected[0][1] != targets:
                    self.notes.add(
                        path,
                        f"fallbacks keyed by the alias {group!r} differ from those of "
                        f"{aliases[group]!r}; modelmap gives an alias its model's chain",
                    )
        for name in self.folded:
            del models[name]

    def _aliases(self) -> None:
        models = self.built.models
        seen: set[str] = set()
        for alias, group, path in self.settings.aliases:
            if group not in models:
                self.notes.add(path, f"alias of {group!r}, which is not a model_name here")
            elif alias in models or alias in seen:
                self.notes.add(path, f"alias {alias!r} is already a model name or alias")
            else:
                seen.add(alias)
                models[group].setdefault("aliases", []).append(alias)

    def _result(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": 2, "models": self.built.models}
        used: dict[str, None] = {}
        for entry in self.built.models.values():
            used[entry["backend"].partition("/")[0]] = None
            for ref in entry.get("fallbacks", []):
                if ref not in self.built.models and ref not in self.alias_of:
                    used[ref.partition("/")[0]] = None  # a backend ref, not a model name
        backends = {n: b for n, b in self.built.backends.items() if n in used}
        if self.settings.timeout is not None:
            for name in used:
                backends.setdefault(name, {}).setdefault("timeout", self.settings.timeout)
        backends = {n: b for n, b in backends.items() if b or n not in _TYPES}
        if backends:
            out["backends"] = {n: (b or None) for n, b in backends.items()}
        if self.settings.router:
            out["router"] = self.settings.router
        return out


_TYPES = frozenset({"openai", "anthropic", "google", "ollama", "together", "huggingface"})


def import_litellm(raw: bytes, path: str, *, force: bool = False) -> LiteLLMImport:
    """Convert the LiteLLM proxy config ``raw`` (read from ``path``) to the mapping format.

    Raises :class:`ConfigError` when the file cannot be read as YAML, is no LiteLLM
    config, maps no model, or (unless ``force``) the result would not validate.
    """
    from modelmap.loader import load_bytes
    from modelmap.migrate.from_litellm.render import check, listed_problem, render

    loaded = load_bytes(raw, path)
    if loaded.document is None or loaded.problems:
        raise ConfigError(f"{path}: cannot be loaded; nothing was migrated", loaded.problems)
    data = loaded.document.data
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: not a LiteLLM proxy config (no model_list)")
    notes = Notes(loaded.document)
    assembler = _Assembler(data, notes)
    result = assembler.run()
    listed = tuple(sorted(notes.items, key=lambda item: item.line))
    keys = tuple(assembler.built.keys)
    shown = [listed_problem(path, item) for item in listed]
    if not result["models"]:
        raise ConfigError(
            f"{path}: no model_list entry maps to a modelmap model ({len(listed)} "
            "fields listed above); nothing was migrated",
            shown,
        )
    text = render(path, result, listed, keys)
    errors = check(text, path)
    if errors and not force:
        count = len(errors)
        raise ConfigError(
            f"{path}: the migrated file would not validate ({count} error"
            f"{'s' if count != 1 else ''} above, at lines of the result); nothing was "
            "migrated (--force writes it anyway)",
            [*shown, *errors],
        )
    return LiteLLMImport(path, text, result, listed, keys)


def import_litellm_file(path: Path, *, force: bool = False) -> LiteLLMImport:
    """Read and convert one LiteLLM proxy config (nothing is written)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    return import_litellm(raw, str(path), force=force)
