"""Secrets: keys written into the file, and keys sent over plain HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from modelmap import envvars
from modelmap.config.model import Config
from modelmap.lint.base import Finding, LintContext, Rule
from modelmap.lint.rules.common import SECRET_KEYS, index, is_placeholder, lookup
from modelmap.lint.rules.keyshapes import key_shape, may_hold_key
from modelmap.loader import Path
from modelmap.problems import Severity
from modelmap.provider_types import provider_type
from modelmap.urls import credential_parts

LITERAL_SECRET = "MM501"
INSECURE_HTTP_KEY = "MM503"
URL_CREDENTIAL = "MM505"

RULES = (
    Rule(
        LITERAL_SECRET,
        "literal-secret",
        Severity.ERROR,
        "A credential written into the file, which gets committed: an 'api_key' (or token, "
        "secret, password) that is not a ${VAR} reference, a credential-like header "
        "(Authorization, x-api-key, ...) with a literal value, a password written in a URL "
        "(https://user:password@host), or any value or name (of a model, parameter, "
        "backend, header or catalog entry) shaped like a well-known key (sk-..., "
        "sk-ant-..., AIza..., hf_..., gsk_..., AKIA..., ghp_..., xai-...). Local placeholders "
        "are fine: EMPTY, none, null, ollama, dummy, not-needed, no-key, lm-studio, "
        "sk-no-key-required and the empty string. Messages show at most the first 4 "
        "characters.",
    ),
    Rule(
        INSECURE_HTTP_KEY,
        "insecure-http-key",
        Severity.WARNING,
        "A backend that sends a key (its api_key, its provider's conventional key, or a "
        "credential header) to an http:// base_url whose host is not loopback: the key "
        "crosses the network in clear text. Use https://.",
    ),
    Rule(
        URL_CREDENTIAL,
        "url-credential",
        Severity.ERROR,
        "A backend's base_url that carries a credential written literally: a query (or "
        "fragment) parameter named key, api_key, apikey, token, access_token, sig, "
        "signature, code, secret or password (any case; also names such as x-api-key, "
        "auth_token, client_secret), or a userinfo without a password "
        "(https://TOKEN@host; a literal password, https://user:password@host, is MM501). "
        "The file gets committed, and the URL is shown by resolve and export. Write the "
        "value as ${VAR} (?code=${FUNC_KEY}, https://${TOKEN}@host) and set that variable: "
        "outputs then show the reference, and mask the value wherever a URL is shown.",
    ),
)

_CREDENTIAL_WORDS = (
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "cookie",
    "credential",
    "credentials",
)
_NAME_WORDS = re.compile(r"[^a-z0-9]+")
_SCHEMES = ("bearer ", "basic ", "token ")
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]*:([^/\s@]+)@")


def shown(value: str) -> str:
    """The most of a secret a message may show: its first 4 characters, if it is long."""
    return f" (starts {value[:4]!r}...)" if len(value) >= 12 else ""


def is_credential_header(name: str) -> bool:
    """True for header names whose values are credentials.

    Judged by the words of the name, so that 'X-Api-Key', 'xi-api-key', 'apikey' and
    'Proxy-Authorization' are, and 'X-Tokenizer' or 'X-Max-Tokens' are not.
    """
    return any(
        word.endswith(_CREDENTIAL_WORDS) or word.startswith("auth")
        for word in _NAME_WORDS.split(name.lower())
    )


def is_literal(value: str) -> bool:
    """True when ``value`` is a written-out credential: no ${VAR}, not a placeholder."""
    try:
        if envvars.references(value):
            return False
    except envvars.EnvSyntaxError:
        return False  # reported as MM502
    stripped = value.strip()
    lowered = stripped.lower()
    for scheme in _SCHEMES:
        if lowered.startswith(scheme):
            stripped = stripped[len(scheme) :]
    return not is_placeholder(stripped)


def check(context: LintContext) -> Iterator[Finding]:
    """Look at every string value for credentials, then at each backend's transport."""
    data = context.document.data
    for path, value in index(context).strings():
        key = path[-1] if path else None
        if isinstance(key, str) and key.lower() in SECRET_KEYS and is_literal(value):
            yield Finding(
                LITERAL_SECRET,
                path,
                f"{key} is written in the file{shown(value)}; write "
                f'{key}: "${{{_variable(context, path)}}}" and set that variable instead',
                at_key=False,
            )
        elif (
            isinstance(key, str)
            and len(path) >= 2
            and path[-2] == "headers"
            and is_credential_header(key)
            and len(value) >= 8  # 'X-Auth-Mode: oauth' names a scheme, it is not one
            and is_literal(value)
        ):
            yield Finding(
                LITERAL_SECRET,
                path,
                f"header {key!r} holds a literal credential{shown(value)}; use a ${{VAR}} "
                "reference",
                at_key=False,
            )
        elif "@" in value and (password := _url_password(value)) is not None:
            yield Finding(
                LITERAL_SECRET,
                path,
                f"this URL holds a literal password{shown(password)}; write "
                "'https://user:${VAR}@host/...' and set that variable instead",
                at_key=False,
            )
        else:
            found = key_shape(value)
            if found is not None:
                yield Finding(
                    LITERAL_SECRET,
                    path,
                    f"this value contains what looks like {found[0]}{shown(found[1])}; "
                    "move it to an environment variable and write ${VAR} here",
                    at_key=False,
                )
    for path, name in _names(context.config):
        found = key_shape(name)
        if found is not None:
            yield Finding(
                LITERAL_SECRET,
                path,
                f"this name contains what looks like {found[0]}{shown(found[1])}; a key "
                "does not belong here: rename it, and keep the key in an environment variable",
            )
    for backend in context.config.backends.values():
        raw = lookup(data, backend.path)
        if isinstance(raw, dict):
            yield from _insecure(backend.name, raw, backend.path, backend.provider)
        if backend.declared and backend.base_url:
            yield from _url_credentials(backend.name, backend.base_url, backend.path)


def _url_credentials(name: str, url: str, path: Path) -> Iterator[Finding]:
    """MM505 for each literal credential of a base_url (not its password: MM501)."""
    if ("@" not in url and "=" not in url) or key_shape(url) is not None:  # MM501 has it
        return
    for kind, text in credential_parts(url):
        if kind == "token" and is_literal(text):
            yield Finding(
                URL_CREDENTIAL,
                (*path, "base_url"),
                f"backend {name!r}: base_url holds a literal credential before '@'"
                f"{shown(text)}; write 'https://${{VAR}}@host/...' and set that variable",
                at_key=False,
            )
        elif kind == "param" and is_literal(value := text.partition("=")[2]):
            param = text.partition("=")[0]
            yield Finding(
                URL_CREDENTIAL,
                (*path, "base_url"),
                f"backend {name!r}: base_url parameter {param!r} holds a literal "
                f"credential{shown(value)}; write '{param}=${{VAR}}' and set that variable",
                at_key=False,
            )


def _shaped(names: Iterable[str]) -> set[str]:
    """The names that may hold a key. One search over all of them joined rules out the
    usual case at C speed (a key shape cannot span the newline between two names)."""
    listed = list(names)
    if not may_hold_key("\n".join(listed)):
        return set()
    return {name for name in listed if may_hold_key(name)}


def _names(config: Config) -> Iterator[tuple[Path, str]]:
    """The names that list, resolve and export print, written as mapping keys (models,
    parameters, backends, headers, catalog ids), that may hold a key: a key pasted as one
    of them would be shown. Taken from the configuration: a walk over every key of a
    large file costs more."""
    models = config.models.values()
    if config.format == 2:
        for name in _shaped(config.models):
            yield config.models[name].path, name
    parameters = _shaped({name for model in models for name in model.parameters})
    for model in models if parameters else ():
        for name in parameters.intersection(model.parameters):
            yield (*model.path, "parameters", name), name
    for name in _shaped(config.model_defaults):
        yield ("model_defaults", name), name
    declared = [backend for backend in config.backends.values() if backend.declared]
    for name in _shaped(backend.name for backend in declared):
        yield config.backends[name].path, name
    for kind, table in (("headers", "headers"), ("models", "catalog")):
        found = _shaped({name for backend in declared for name in getattr(backend, table)})
        for backend in declared if found else ():
            for name in found.intersection(getattr(backend, table)):
                yield (*backend.path, kind, name), name


def _url_password(value: str) -> str | None:
    """The written-out password of a URL's ``user:password@`` part, anywhere in ``value``."""
    for match in _URL_PASSWORD.finditer(value):
        if is_literal(match.group(1)):
            return match.group(1)
    return None


def _variable(context: LintContext, path: Path) -> str:
    """The conventional variable for a key at ``path``."""
    if len(path) == 3 and path[0] == "backends":
        backend = context.config.backends.get(str(path[1]))
        kind = provider_type(backend.provider if backend else None)
        if kind is not None and kind.key_vars:
            return kind.key_vars[0]
        name = re.sub(r"[^A-Za-z0-9]+", "_", str(path[1])).strip("_").upper()
        return f"{name or 'MY'}_API_KEY"
    return "MY_API_KEY"


def _is_local(host: str) -> bool:
    lowered = host.lower()
    if lowered == "localhost" or lowered.endswith(".localhost"):
        return True
    import ipaddress  # only for plain-http URLs, which are rare

    try:
        address = ipaddress.ip_address(lowered)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _insecure(
    name: str, raw: dict[str, Any], path: Path, provider: str | None
) -> Iterator[Finding]:
    url = raw.get("base_url")
    if not isinstance(url, str) or not url.lower().startswith("http://"):
        return
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return
    if not host or "${" in url.split("/")[2] or _is_local(host):
        return
    api_key = raw.get("api_key")
    kind = provider_type(provider)
    headers = raw.get("headers")
    sends_key = (
        (isinstance(api_key, str) and not is_placeholder(api_key))
        or (api_key is None and kind is not None and kind.key_required)
        or (isinstance(headers, dict) and any(is_credential_header(str(h)) for h in headers))
    )
    if sends_key:
        yield Finding(
            INSECURE_HTTP_KEY,
            (*path, "base_url"),
            f"backend {name!r} sends its key over plain http:// to {host!r}; use https:// "
            "(only loopback hosts are exempt)",
            at_key=False,
        )
