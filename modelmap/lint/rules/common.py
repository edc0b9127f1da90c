"""Lookup tables the cross-reference rules share, built once per lint run.

Not a rule module: it is not listed in the registry. Every rule that needs names, backends
or references asks :func:`index` for the tables instead of scanning the models again, so a
file with 10,000 models is walked a fixed number of times, never once per model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from modelmap.config.model import Backend, Config, Model, split_ref
from modelmap.lint.base import LintContext
from modelmap.lint.rules.keyshapes import may_hold_key
from modelmap.loader import Key, Path
from modelmap.provider_types import known_provider_names, provider_type
from modelmap.suggest import Suggester

# Values that stand in for "no key" with local servers (vLLM, LM Studio, llama.cpp, ollama).
PLACEHOLDERS = frozenset(
    {"", "empty", "none", "null", "ollama", "dummy", "not-needed", "no-key", "lm-studio"}
    | {"sk-no-key-required"}
)


# Keys whose string values are credentials wherever they appear (legacy files keep extra
# sections such as `providers: {openai: {api_key: ...}}`).
SECRET_KEYS = frozenset(
    {"api_key", "apikey", "api-key", "api_token", "access_token", "auth_token", "token"}
    | {"secret", "secret_key", "client_secret", "password"}
)


def is_placeholder(value: str) -> bool:
    """True for the local 'no key' stand-ins, which are not secrets."""
    return value.strip().lower() in PLACEHOLDERS


def effective_max_tokens(model: Model, defaults: Any) -> tuple[int, bool] | None:
    """The ``max_tokens`` a model's requests carry, and whether its own parameters set it
    (else it comes from ``model_defaults``); None when neither states an integer."""
    own = "max_tokens" in model.parameters
    value = model.parameters["max_tokens"] if own else defaults.get("max_tokens")
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value, own


def lookup(data: Any, path: Path) -> Any:
    """The value at ``path`` in loaded data, or None when the path does not exist."""
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def string_items(entry: Any, key: str) -> list[tuple[int, str]]:
    """(index, item) for the string items of the list ``entry[key]``, if it is one."""
    value = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, str)]


def suspect_strings(data: Any) -> list[tuple[Path, str]]:
    """The string values (never keys) that the secret and environment rules need, with paths:
    those with a '$' or an '@' (a URL's password), those containing a well-known key shape,
    and those under a secret key or in a ``headers`` mapping. Most strings are none of
    these and get no path tuple, which keeps a 10,000-model file fast.
    """
    found: list[tuple[Path, str]] = []
    secret: dict[Key, bool] = {}  # key -> is it a secret key; files repeat their keys

    def mapping(path: Path, items: Iterable[tuple[Key, Any]], headers: bool) -> None:
        for key, value in items:
            kind = value.__class__  # the loader builds plain str, dict and list only
            if kind is str:
                is_secret = secret.get(key)
                if is_secret is None:
                    is_secret = secret[key] = str(key).lower() in SECRET_KEYS
                if (
                    headers
                    or is_secret
                    or "$" in value
                    or "@" in value
                    or (len(value) >= 16 and may_hold_key(value))
                ):
                    found.append(((*path, key), value))
            elif kind is dict:
                mapping((*path, key), value.items(), key == "headers")
            elif kind is list:
                sequence((*path, key), value)

    def sequence(path: Path, items: list[Any]) -> None:
        for i, value in enumerate(items):
            kind = value.__class__
            if kind is str:
                if "$" in value or "@" in value or (len(value) >= 16 and may_hold_key(value)):
                    found.append(((*path, i), value))
            elif kind is dict:
                mapping((*path, i), value.items(), False)
            elif kind is list:
                sequence((*path, i), value)

    if isinstance(data, dict):
        mapping((), data.items(), False)
    return found


_SPACE = re.compile(r"\s")


def ref_problem(ref: str) -> str | None:
    """What is wrong with the form of a ``backend/model-id`` reference, or None."""
    if "${" in ref:
        return (
            f"{ref!r} uses a ${{...}} reference; references are checked without your "
            "environment, so write the backend and model id out"
        )
    if "/" not in ref:
        return f"{ref!r} has no '/'; write '<backend>/<model id>'"
    backend, model_id = split_ref(ref)
    if not backend:
        return f"{ref!r} has no backend name before the '/'"
    if not model_id:
        return f"{ref!r} has no model id after the '/'"
    if _SPACE.search(ref):
        return f"{ref!r} contains whitespace"
    return None


class Ref(NamedTuple):
    """A place that names a backend: a model's backend, a fallback ref, a fallback provider."""

    backend: str
    model_id: str | None  # None: a fallback provider without a model
    path: Path  # the value to point at
    model: str | None  # the model that holds it, if any
    kind: str  # "model", "fallback" or "fallback_provider"


def model_ref_path(model: Model, entry: Any) -> Path:
    """Where a model names its backend: ``backend:``, a legacy ``provider:``, else its name."""
    if isinstance(model.path[-1], str):
        return (*model.path, "backend")
    if isinstance(entry, dict):
        return (*model.path, "provider" if "provider" in entry else "name")
    return model.path


class Index:
    """Names, backends and references of one configuration, computed once."""

    def __init__(self, config: Config, data: Any) -> None:
        self.config = config
        self._data = data
        self.names = config.names()
        self.entries: dict[str, Any] = {
            name: lookup(data, model.path) for name, model in config.models.items()
        }
        self.backend_choices = [*config.backends, *known_provider_names()]
        self._implicit: dict[str, Backend | None] = {}
        self.used_backends: set[str] = set()
        self.refs: list[Ref] = []
        self._strings: list[tuple[Path, str]] | None = None
        self._hints: dict[str, Suggester] = {}
        self._collect(config)

    def suggest_name(self, word: str) -> str:
        """'; did you mean ...' with the closest model name or alias (bounded work per run)."""
        return self._hint("names", self.names).did_you_mean(word)

    def suggest_backend(self, word: str) -> str:
        """'; did you mean ...' with the closest backend or provider type."""
        return self._hint("backends", self.backend_choices).did_you_mean(word)

    def _hint(self, kind: str, candidates: Iterable[str]) -> Suggester:
        found = self._hints.get(kind)
        if found is None:
            found = self._hints[kind] = Suggester(candidates)
        return found

    def strings(self) -> list[tuple[Path, str]]:
        """The string values that may hold a secret or a ${...} reference, with paths."""
        if self._strings is None:
            self._strings = suspect_strings(self._data)
        return self._strings

    def backend(self, name: str) -> Backend | None:
        """The backend ``name`` designates (README, "Models and backends"): declared, else
        implicit, else None."""
        declared = self.config.backends.get(name)
        if declared is not None:
            return declared
        if name not in self._implicit:
            kind = provider_type(name)
            self._implicit[name] = (
                Backend(name=name, provider=kind.name, provider_raw=None, declared=False)
                if kind is not None
                else None
            )
        return self._implicit[name]

    def _collect(self, config: Config) -> None:
        for model in config.models.values():
            entry = self.entries[model.name]
            if model.backend_ref:
                self._add(model.backend_ref, model_ref_path(model, entry), model.name, "model")
            if config.format != 2:
                continue  # a legacy entry has no fallbacks (the key is MM101)
            for j, item in string_items(entry, "fallbacks"):
                if item not in self.names and "/" in item:
                    self._add(item, (*model.path, "fallbacks", j), model.name, "fallback")
        for fallback in config.fallback_providers:
            where = fallback.path
            if isinstance(lookup(self._data, where), dict):
                where = (*where, "provider")
            self.used_backends.add(fallback.provider)
            self.refs.append(
                Ref(fallback.provider, fallback.model, where, None, "fallback_provider")
            )

    def _add(self, ref: str, path: Path, model: str, kind: str) -> None:
        backend, _, model_id = ref.partition("/")
        self.used_backends.add(backend)
        if backend and model_id and "${" not in ref and _SPACE.search(ref) is None:
            # ref_problem(ref) is None: a malformed reference is MM201 only
            self.refs.append(Ref(backend, model_id, path, model, kind))


_last: list[tuple[Config, Index]] = []


def index(context: LintContext) -> Index:
    """The tables for this lint run (built on first use, shared by every rule)."""
    if _last and _last[0][0] is context.config:
        return _last[0][1]
    built = Index(context.config, context.document.data)
    _last[:] = [(context.config, built)]
    return built
