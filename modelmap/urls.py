"""Credentials written into URLs: which parts are credentials, and the one way to show a URL.

A ``base_url`` may carry a credential in its userinfo (``https://user:pass@host``,
``https://token@host``) or in a query parameter (``?key=...``, ``?code=...``). Every output
that shows a URL (resolve, export, ping and chat errors, ``Endpoint`` repr) passes it
through :func:`mask_url`, which replaces each such part written literally by ``***`` and
keeps ``${VAR}`` parts as written: they are the value's source, not the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

MASK = "***"
# Query parameter names that carry a credential, whole (any case, '-' or '_')...
CREDENTIAL_PARAMS = frozenset(
    {"key", "api_key", "apikey", "token", "access_token", "sig", "signature", "code"}
    | {"secret", "password", "passwd", "pwd", "auth", "credential", "credentials"}
)
# ...or with a word of the name ending so (x-api-key, auth_token, client_secret)
_WORD_ENDINGS = ("key", "token", "secret", "password", "passwd", "credential", "credentials")
_WORDS = re.compile(r"[^a-z0-9]+")


def is_credential_param(name: str) -> bool:
    """Whether a query parameter named ``name`` carries a credential."""
    lowered = unquote(name).lower()
    if lowered.replace("-", "_") in CREDENTIAL_PARAMS:
        return True
    return any(
        word.endswith(_WORD_ENDINGS) or word.startswith("auth") for word in _WORDS.split(lowered)
    )


def _is_source(value: str) -> bool:
    """A part shown as written: empty, or taken from a ``${VAR}``."""
    return not value or "${" in value


def _split(url: str) -> tuple[str, str, str, str, str]:
    """``url`` as (scheme and '://', userinfo with its '@', host and path, query with its
    '?', fragment with its '#'), by plain text: a ``${VAR}`` anywhere stays intact."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    else:
        scheme += sep
    rest, hash_sep, fragment = rest.partition("#")
    rest, query_sep, query = rest.partition("?")
    userinfo = ""
    if sep:
        slash = rest.find("/")
        authority = rest if slash < 0 else rest[:slash]
        if "@" in authority:
            userinfo = authority[: authority.rfind("@") + 1]
            rest = rest[len(userinfo) :]
    return scheme, userinfo, rest, query_sep + query, hash_sep + fragment


def _params(text: str) -> list[tuple[str, str]]:
    """(name, value) of each ``name=value`` of a query or fragment (after its ?/#)."""
    found = []
    for item in text[1:].split("&"):
        name, eq, value = item.partition("=")
        if eq:
            found.append((name, value))
    return found


def credential_parts(url: str) -> list[tuple[str, str]]:
    """Each literal credential of ``url``: ('token', the userinfo) for a userinfo without a
    password (``https://TOKEN@host``), ('password', it) for a userinfo's password, and
    ('param', 'NAME=VALUE') for a credential-named query or fragment parameter."""
    _, userinfo, _, query, fragment = _split(url)
    found: list[tuple[str, str]] = []
    user, colon, password = userinfo[:-1].partition(":")
    if colon and not _is_source(password):
        found.append(("password", password))
    elif not colon and not _is_source(user):
        found.append(("token", user))
    for name, value in [*_params(query), *_params(fragment)]:
        if is_credential_param(name) and not _is_source(value):
            found.append(("param", f"{name}={value}"))
    return found


def _mask_params(text: str) -> str:
    if "=" not in text:
        return text
    items = []
    for item in text[1:].split("&"):
        name, eq, value = item.partition("=")
        masked = eq and not _is_source(value) and is_credential_param(name)
        items.append(f"{name}={MASK}" if masked else item)
    return text[0] + "&".join(items)


def mask_url(url: str) -> str:
    """``url`` with every literal credential (userinfo parts, credential-named query and
    fragment values) replaced by ``***``; ``${VAR}`` parts are kept as written."""
    if "@" not in url and "=" not in url:
        return url
    scheme, userinfo, rest, query, fragment = _split(url)
    user, colon, password = userinfo[:-1].partition(":")
    if not _is_source(password):  # a user with a literal password may be a token too
        userinfo = f"{MASK}:{MASK}@" if not _is_source(user) else f"{user}:{MASK}@"
    elif not colon and not _is_source(user):
        userinfo = f"{MASK}@"
    return scheme + userinfo + rest + _mask_params(query) + _mask_params(fragment)


def _replace_params(text: str, replace: Callable[[str, str], str | None]) -> str:
    if "=" not in text:
        return text
    items = []
    for item in text[1:].split("&"):
        name, eq, value = item.partition("=")
        new = replace(name, value) if eq and is_credential_param(name) else None
        items.append(item if new is None or _is_source(value) else f"{name}={new}")
    return text[0] + "&".join(items)


def replace_credentials(url: str, replace: Callable[[str, str], str | None]) -> str:
    """``url`` with each credential part written literally put through ``replace(part,
    value)``: part is 'password' or 'token' (the userinfo) or the query or fragment
    parameter's name; a None answer keeps the value. ``${VAR}`` parts are left alone."""
    if "@" not in url and "=" not in url:
        return url
    scheme, userinfo, rest, query, fragment = _split(url)
    if userinfo:
        user, colon, password = userinfo[:-1].partition(":")
        if colon and not _is_source(password):
            password = replace("password", password) or password
        elif not colon and not _is_source(user):
            user = replace("token", user) or user
        userinfo = user + colon + password + "@"
    return (
        scheme
        + userinfo
        + rest
        + _replace_params(query, replace)
        + _replace_params(fragment, replace)
    )
