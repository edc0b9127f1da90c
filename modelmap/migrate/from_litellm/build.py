"""Turn the read deployments into models and backends: one backend per distinct endpoint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from modelmap.migrate.from_litellm.deployments import Deployment, Notes
from modelmap.migrate.from_litellm.providers import variable_name
from modelmap.provider_types import provider_type


@dataclass(frozen=True)
class KeyToSet:
    """A literal key of the source, replaced by a variable the user must set."""

    variable: str
    backend: str
    line: int
    what: str = "key"  # or the part of api_base it was: "base_url parameter 'key'"


@dataclass
class Built:
    """The mapping-format data being assembled, and the literal keys it replaced."""

    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    backends: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: list[KeyToSet] = field(default_factory=list)
    primaries: dict[str, Deployment] = field(default_factory=dict)  # group -> first deployment
    groups: dict[str, list[Deployment]] = field(default_factory=dict)


def _implicit(d: Deployment) -> bool:
    """Whether the provider type's implicit backend is the same endpoint with the same key."""
    kind = provider_type(d.provider.type)
    if d.provider.type == "custom" or kind is None or d.base_url is not None:
        return False
    if d.key is None:
        return True
    return d.key[0] == "env" and d.key[1] == "${" + kind.key_vars[0] + "}"


def _host(d: Deployment) -> str | None:
    if d.base_url is None or d.base_url.startswith("${"):
        return None
    host = urlsplit(d.base_url).hostname
    if not host:
        return None
    label = host if host.replace(".", "").isdigit() else host.split(".")[0]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-") or None


def _stem(d: Deployment) -> str:
    if d.provider.type != "custom":
        return d.provider.type
    if d.provider.prefix not in ("openai", ""):
        return d.provider.prefix
    host = _host(d)
    return f"openai-{host}" if host else "openai-compatible"


def name_backends(deployments: list[Deployment]) -> None:
    """Give each deployment its backend name: readable, and one per distinct identity."""
    by_stem: dict[str, list[tuple[Any, ...]]] = {}
    first: dict[tuple[Any, ...], Deployment] = {}

    def key(d: Deployment) -> tuple[Any, ...]:
        return (d.provider.type, None, None) if _implicit(d) else d.identity

    for d in deployments:
        identity = key(d)
        if identity not in first:
            first[identity] = d
            by_stem.setdefault(_stem(d), []).append(identity)
    names: dict[tuple[Any, ...], str] = {}
    for stem, identities in by_stem.items():
        # The implicit backend keeps the bare type name, so a declared one never shadows it.
        identities.sort(key=lambda i: not _implicit(first[i]))
        hosts = [_host(first[i]) for i in identities]
        distinct = len(identities) > 1 and None not in hosts and len(set(hosts)) == len(hosts)
        for n, identity in enumerate(identities):
            if len(identities) == 1 or (n == 0 and _implicit(first[identity])):
                names[identity] = stem
            elif distinct and not _implicit(first[identity]):
                host = str(hosts[n])
                # a host named for its service (ollama-large) reads well alone
                implicit = any(_implicit(first[i]) for i in identities)
                alone = host.startswith(stem) and (host != stem or not implicit)
                names[identity] = host if alone else f"{stem}-{host}"
            else:
                names[identity] = f"{stem}-{n + 1}"
    taken: set[str] = set()
    for identity, name in names.items():
        while name in taken:
            name += "-x"
        taken.add(name)
        names[identity] = name
    for d in deployments:
        d.backend = names[key(d)]


def add_backend(built: Built, d: Deployment, notes: Notes) -> None:
    """Declare ``d``'s backend (once), with its key as a variable and its catalog facts."""
    name = d.backend
    declared = built.backends.get(name)
    if declared is None:
        declared = {}
        if not _implicit(d):
            if d.provider.type != name:
                declared["provider"] = d.provider.type
            if d.key is not None:
                kind, value = d.key
                if kind == "literal":
                    variable = variable_name(name)
                    built.keys.append(KeyToSet(variable, name, notes.line(_key_path(d))))
                    value = "${" + variable + "}"
                declared["api_key"] = value
            if d.base_url is not None:
                declared["base_url"] = _url_without_secrets(built, d, notes)
        if d.timeout is not None:
            declared["timeout"] = d.timeout
        if d.limits:
            declared["rate_limits"] = dict(d.limits)
        built.backends[name] = declared
    else:
        _differs(declared, d, "timeout", d.timeout, notes)
        for key, limit in d.limits.items():
            limits = declared.setdefault("rate_limits", {})
            if limits.get(key, limit) != limit:
                notes.add(
                    ("model_list", d.index, "litellm_params"),
                    f"{key} {limit} differs from the first deployment on backend {name!r} "
                    f"({limits[key]}); modelmap keeps one limit per backend",
                )
            limits.setdefault(key, limit)
    if d.catalog:
        catalog = declared.setdefault("models", {})
        entry = catalog.setdefault(d.provider.model_id, {})
        for key, value in d.catalog.items():
            entry.setdefault(key, value)


def _url_without_secrets(built: Built, d: Deployment, notes: Notes) -> str:
    """``d``'s base URL with each literal credential in it (a ``?key=`` parameter, a
    userinfo) replaced by a variable the user must set, as a literal api_key is."""
    from modelmap.lint.rules.secrets import is_literal
    from modelmap.urls import replace_credentials

    stem = variable_name(d.backend).removesuffix("_API_KEY")
    line = notes.line(("model_list", d.index, "litellm_params", "api_base"))

    def replace(part: str, value: str) -> str | None:
        if not is_literal(value):
            return None
        variable = f"{stem}_URL_" + (
            re.sub(r"[^A-Za-z0-9]+", "_", part).strip("_").upper() or "KEY"
        )
        what = (
            f"base_url {part}" if part in ("password", "token") else f"base_url parameter {part!r}"
        )
        built.keys.append(KeyToSet(variable, d.backend, line, what))
        return "${" + variable + "}"

    return replace_credentials(str(d.base_url), replace)


def _key_path(d: Deployment) -> tuple[str | int, ...]:
    return ("model_list", d.index, "litellm_params", "api_key")


def _differs(declared: dict[str, Any], d: Deployment, key: str, value: Any, notes: Notes) -> None:
    if value is None:
        return
    if key not in declared:
        declared[key] = value
    elif declared[key] != value:
        notes.add(
            ("model_list", d.index, "litellm_params", key),
            f"{key} {value} differs from the first deployment on backend {d.backend!r} "
            f"({declared[key]}); modelmap keeps one per backend",
        )


def add_group(built: Built, group: str, members: list[Deployment], notes: Notes) -> None:
    """Model ``group``: the first deployment its primary, the others its chain (or weights)."""
    primary = members[0]
    entry: dict[str, Any] = {"backend": primary.ref}
    if primary.parameters:
        entry["parameters"] = dict(primary.parameters)
    refs: list[str] = []
    for d in members[1:]:
        if d.ref == primary.ref or d.ref in refs:
            notes.add(
                ("model_list", d.index),
                f"a second deployment of {group!r} on the same endpoint and model "
                f"({d.ref}); modelmap needs one",
            )
            continue
        if d.parameters != primary.parameters:
            notes.add(
                ("model_list", d.index, "litellm_params"),
                f"parameters differ from the first deployment of {group!r}; in modelmap a "
                "backend fallback is sent the model's own parameters",
            )
        refs.append(d.ref)
    if refs:
        entry["fallbacks"] = refs
    built.models[group] = entry
    built.primaries[group] = primary
    built.groups[group] = members
