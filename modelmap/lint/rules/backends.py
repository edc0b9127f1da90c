"""Backends: provider types, base URLs, and backends that nothing uses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from modelmap import envvars
from modelmap.config.model import Backend
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import index, lookup
from modelmap.problems import Severity
from modelmap.provider_types import known_provider_names, provider_type
from modelmap.suggest import did_you_mean

UNKNOWN_PROVIDER = "MM203"
CUSTOM_NEEDS_BASE_URL = "MM205"
INVALID_URL = "MM206"
UNUSED_BACKEND = "MM211"

RULES = (
    Rule(
        UNKNOWN_PROVIDER,
        "unknown-provider",
        Severity.ERROR,
        "A backend's 'provider' (or a legacy model's 'provider') is not a provider type: "
        "openai, anthropic, google (or its synonym gemini), ollama, together, huggingface, "
        "custom. A backend without 'provider' must be named after a provider type; for any "
        "other OpenAI-compatible service write 'provider: custom' and its 'base_url'.",
    ),
    Rule(
        CUSTOM_NEEDS_BASE_URL,
        "custom-needs-base-url",
        Severity.ERROR,
        "A 'custom' backend has no default address: give it a 'base_url' (for example "
        "https://api.groq.com/openai/v1 or http://localhost:8000/v1). Also reported where a "
        "model names the implicit 'custom' backend without declaring it.",
    ),
    Rule(
        INVALID_URL,
        "invalid-url",
        Severity.ERROR,
        "A 'base_url' must be an http:// or https:// URL with a host. Parts written as "
        "${VAR} are not checked; the rest is.",
    ),
    Rule(
        UNUSED_BACKEND,
        "unused-backend",
        Severity.INFO,
        "A backend declared under 'backends' that no model, fallback or fallback provider "
        "names. Remove it or use it.",
    ),
)

_SENTINEL = "envvalue"


def url_problem(url: str) -> str | None:
    """What is wrong with a base URL, or None; ${...} parts are assumed to be fine."""
    if url.startswith("${"):
        return None  # the whole address comes from the environment
    try:
        parts = envvars.parse(url)
    except envvars.EnvSyntaxError:
        return None  # reported as a malformed reference (MM502)
    text = "".join(p if isinstance(p, str) else _SENTINEL for p in parts)
    if any(c.isspace() for c in text):
        return "contains whitespace"
    try:
        split = urlsplit(text)
        from_env = _SENTINEL in split.netloc  # host or port given by a variable: trust it
        has_host = from_env or bool(split.hostname)
        if not from_env:
            _ = split.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        return "is not a valid URL (check the host and port)"
    if _SENTINEL not in split.scheme and split.scheme.lower() not in ("http", "https"):
        return "must start with http:// or https://"
    if not has_host:
        return "has no host"
    return None


def check(context: LintContext) -> Iterator[Finding]:
    """Check every declared backend, legacy providers and implicit 'custom' references."""
    config = context.config
    tables = index(context)
    for name, backend in config.backends.items():
        raw = lookup(context.document.data, backend.path)
        if raw is not None and not isinstance(raw, dict):
            continue  # a wrong type, reported by the schema
        yield from _provider(name, backend.provider, raw or {})
        base_url = (raw or {}).get("base_url")
        if backend.provider == "custom" and base_url is None:
            yield Finding(
                CUSTOM_NEEDS_BASE_URL,
                backend.path,
                f"backend {name!r} is 'custom' but has no 'base_url'; add the address of its "
                "OpenAI-compatible API",
            )
        if isinstance(base_url, str):
            problem = url_problem(base_url)
            if problem is not None:
                yield Finding(
                    INVALID_URL,
                    (*backend.path, "base_url"),
                    f"base_url of {name!r} {problem}",
                    at_key=False,
                )
        if name not in tables.used_backends:
            yield Finding(
                UNUSED_BACKEND,
                backend.path,
                f"backend {name!r} is declared but no model, fallback or fallback provider uses it"
                + _synonym_hint(backend, config.backends, tables.used_backends),
            )
    for ref in tables.refs:
        if ref.backend == "custom" and "custom" not in config.backends:
            yield Finding(
                CUSTOM_NEEDS_BASE_URL,
                ref.path,
                "the implicit 'custom' backend has no address; declare a backend with "
                "'provider: custom' and a 'base_url' and name that instead",
                at_key=False,
            )
    if config.format == 1:
        yield from _legacy_providers(context)


def _synonym_hint(backend: Backend, declared: Mapping[str, Any], used: set[str]) -> str:
    """For an unused backend named after a provider type ('gemini') while references name
    its synonym ('google/...'), which is then the implicit backend, not this one."""
    kind = provider_type(backend.name)
    if kind is None or kind is not provider_type(backend.provider):
        return ""
    for other in sorted(used):
        if other != backend.name and other not in declared and provider_type(other) is kind:
            return (
                f"; '{other}/...' references use the implicit {other!r} backend, not this "
                f"one: write '{backend.name}/<model id>' to use it"
            )
    return ""


def _provider(name: str, kind: str | None, raw: dict[str, Any]) -> Iterator[Finding]:
    if kind is not None:
        return
    written = raw.get("provider")
    if isinstance(written, str):
        yield Finding(
            UNKNOWN_PROVIDER,
            ("backends", name, "provider"),
            f"backend {name!r}: unknown provider type {written!r}"
            f"{did_you_mean(written, known_provider_names())}; for another OpenAI-compatible "
            "service use 'custom' with a base_url",
            at_key=False,
        )
    elif written is None:
        yield Finding(
            UNKNOWN_PROVIDER,
            ("backends", name),
            f"backend {name!r} has no 'provider' and its name is not a provider type"
            f"{did_you_mean(name, known_provider_names())}; add 'provider:' (custom for any "
            "OpenAI-compatible service)",
        )


def _legacy_providers(context: LintContext) -> Iterator[Finding]:
    for model in context.config.models.values():
        entry = lookup(context.document.data, model.path)
        written = entry.get("provider") if isinstance(entry, dict) else None
        if isinstance(written, str) and written and provider_type(written) is None:
            yield Finding(
                UNKNOWN_PROVIDER,
                (*model.path, "provider"),
                f"model {model.name!r}: unknown provider type {written!r}"
                f"{did_you_mean(written, known_provider_names())}",
                at_key=False,
            )
