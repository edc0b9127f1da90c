"""${VAR} references: malformed ones always, unset ones with --check-env."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from modelmap import envvars
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import SECRET_KEYS, index
from modelmap.lint.rules.secrets import is_credential_header
from modelmap.loader import Path
from modelmap.problems import Severity
from modelmap.provider_types import provider_type

MALFORMED_ENV_REF = "MM502"
UNSET_ENV = "MM504"

RULES = (
    Rule(
        MALFORMED_ENV_REF,
        "malformed-env-ref",
        Severity.ERROR,
        "A '${' that does not form a reference: ${VAR}, ${VAR:-default}, ${VAR-default}, "
        "${VAR:?message} or ${VAR?message}, where VAR is letters, digits and '_'. Write '$$' "
        "for a literal '$'.",
    ),
    Rule(
        UNSET_ENV,
        "unset-env",
        Severity.ERROR,
        "Only with --check-env: a variable that a value needs (a reference without a "
        "default) is not set in the environment or the .env file. A backend of a keyed "
        "provider type without 'api_key' needs its conventional variable (OPENAI_API_KEY, "
        "ANTHROPIC_API_KEY, GEMINI_API_KEY or GOOGLE_API_KEY, TOGETHER_API_KEY, HF_TOKEN).",
    ),
)


def _is_secret_place(path: Path) -> bool:
    key = path[-1] if path else None
    if not isinstance(key, str):
        return False
    return key.lower() in SECRET_KEYS or (
        len(path) >= 2 and path[-2] == "headers" and is_credential_header(key)
    )


def _unset(ref: envvars.EnvRef, environ: Mapping[str, str]) -> bool:
    value = environ.get(ref.name)
    return not value if ref.op == ":?" else value is None


def check(context: LintContext) -> Iterator[Finding]:
    """Parse every ${...}; with --check-env, report what is unset."""
    environ = context.options.environ
    for path, value in index(context).strings():
        if "$" not in value:
            continue
        try:
            refs = envvars.references(value)
        except envvars.EnvSyntaxError as exc:
            # The parse error quotes the reference, which in a secret may be the secret.
            detail = (
                f"at character {exc.offset + 1}; write ${{NAME}}, ${{NAME:-default}} or "
                "${NAME:?message}"
                if _is_secret_place(path)
                else str(exc)  # key shapes in it are redacted by the registry
            )
            yield Finding(
                MALFORMED_ENV_REF, path, f"malformed variable reference {detail}", at_key=False
            )
            continue
        if context.options.check_env:
            reported: set[str] = set()
            for ref in refs:
                if ref.required and ref.name not in reported and _unset(ref, environ):
                    reported.add(ref.name)
                    why = f" ({ref.arg})" if ref.op in (":?", "?") and ref.arg else ""
                    yield Finding(
                        UNSET_ENV,
                        path,
                        f"${{{ref.name}}} is not set{why}; export it or add it to .env",
                        at_key=False,
                    )
    if context.options.check_env:
        yield from _conventional_keys(context)


def _conventional_keys(context: LintContext) -> Iterator[Finding]:
    environ = context.options.environ
    tables = index(context)
    seen: set[str] = set()
    places: list[tuple[str, Path, bool]] = [
        (name, backend.path, True)
        for name, backend in context.config.backends.items()
        if backend.api_key is None
    ]
    places += [(ref.backend, ref.path, False) for ref in tables.refs]
    for name, path, at_key in places:
        if name in seen:
            continue
        seen.add(name)
        backend = tables.backend(name)
        if backend is None or backend.api_key is not None:
            continue
        kind = provider_type(backend.provider)
        if kind is None or not kind.key_required or not kind.key_vars:
            continue
        if any(environ.get(var) for var in kind.key_vars):
            continue
        names = " or ".join(kind.key_vars)
        whose = (
            f"backend {name!r} has no api_key, so it"
            if backend.declared
            else f"the {name!r} provider (no backend of that name is declared)"
        )
        yield Finding(
            UNSET_ENV,
            path,
            f"{whose} uses {names}, which is not set; export it or add it to .env",
            at_key=at_key,
        )
