"""Fill a target's secrets in from the environment, only when a request is about to go out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from modelmap.envvars import EnvSyntaxError, UnsetVariableError, interpolate, references
from modelmap.errors import ConfigError, MissingKeyError
from modelmap.provider_types import provider_type
from modelmap.resolution import Endpoint, Target


def _fill(text: str, environ: Mapping[str, str], where: str) -> str:
    try:
        return interpolate(text, environ)
    except UnsetVariableError as exc:
        ref = exc.ref
        hint = ref.arg if ref.op in (":?", "?") else ""
        raise MissingKeyError(ref.name, where, hint) from None
    except EnvSyntaxError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _api_key(target: Target, environ: Mapping[str, str]) -> str | None:
    where = f"backend {target.backend!r} api_key"
    if target.key_vars:
        for var in target.key_vars:
            if environ.get(var):
                return environ[var]
        alternatives = " or ".join(target.key_vars)
        raise MissingKeyError(
            target.key_vars[0],
            f"{where} (the {target.provider} default)",
            f"set {alternatives}, or write api_key under backends.{target.backend}",
        )
    if target.api_key is None:
        return None
    key = _fill(target.api_key, environ, where)
    kind = provider_type(target.provider)
    if not key and kind is not None and kind.key_required:
        refs = references(target.api_key)
        variable = refs[0].name if refs else "api_key"
        raise MissingKeyError(variable, where, "it is empty")
    return key or None


def endpoint_for(target: Target, environ: Mapping[str, str]) -> Endpoint:
    """``target`` with base URL, key and headers interpolated from ``environ``.

    Raises :class:`MissingKeyError` naming the variable and where the config uses it.
    Headers whose value comes out empty (``${VAR:-}`` with VAR unset) are left out.
    """
    base_url = _fill(target.base_url, environ, f"backend {target.backend!r} base_url")
    api_key = _api_key(target, environ)
    headers = {}
    for name, value in target.headers.items():
        filled = _fill(value, environ, f"backend {target.backend!r} header {name!r}")
        if filled:
            headers[name] = filled
    return Endpoint(
        target=target,
        base_url=base_url,
        api_key=api_key,
        headers=MappingProxyType(headers),
        timeout=target.timeout,
    )


def fill_parameters(target: Target, environ: Mapping[str, str]) -> Mapping[str, Any]:
    """``target``'s parameters with ``${VAR}`` references in their string values (at any
    depth) filled in from ``environ``, as they are about to be sent.

    Raises :class:`MissingKeyError` naming the variable and the parameter.
    """

    def fill(value: Any, where: str) -> Any:
        if isinstance(value, str):
            return _fill(value, environ, where) if "$" in value else value
        if isinstance(value, Mapping):
            return {k: fill(v, f"{where}.{k}") for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [fill(v, f"{where}[{i}]") for i, v in enumerate(value)]
        return value

    where = f"model {target.model or target.model_id!r} parameter"
    return {name: fill(value, f"{where} {name!r}") for name, value in target.parameters.items()}


@dataclass(frozen=True)
class SecretStatus:
    """Where a secret comes from (``${VAR}``) and whether it is available; never the value."""

    source: str | None  # None: no key at all
    is_set: bool

    def __str__(self) -> str:
        if self.source is None:
            return "(none)"
        return f"{self.source} ({'set' if self.is_set else 'unset'})"


def secret_status(written: str | None, environ: Mapping[str, str]) -> SecretStatus:
    """The source of a secret value as written in the config, and whether it resolves."""
    if written is None:
        return SecretStatus(None, False)
    try:
        refs = references(written)
    except EnvSyntaxError:
        return SecretStatus("(malformed ${...})", False)
    if not refs:
        return SecretStatus("(literal in config)", True)
    try:
        filled = interpolate(written, environ)
    except UnsetVariableError:
        filled = ""
    return SecretStatus(" ".join(f"${{{r.name}}}" for r in refs), bool(filled))


def key_status(target: Target, environ: Mapping[str, str]) -> SecretStatus:
    """The source of the target's API key and whether it is set."""
    if target.key_vars:
        for var in target.key_vars:
            if environ.get(var):
                return SecretStatus(f"${{{var}}}", True)
        return SecretStatus(f"${{{target.key_vars[0]}}}", False)
    return secret_status(target.api_key, environ)


def header_status(target: Target, environ: Mapping[str, str]) -> dict[str, SecretStatus]:
    """The source of every header value, by header name."""
    return {name: secret_status(value, environ) for name, value in target.headers.items()}
