"""Run by test_export_litellm.py in a subprocess: what litellm.Router makes of exported files.

A separate process because importing litellm takes ~15 s and emits deprecation warnings
that the test suite turns into errors. Any connection to a non-loopback address fails.
Usage: python litellm_probe.py FILE NAME [NAME...] [-- FILE NAME...]; prints JSON.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
import warnings
from pathlib import Path
from typing import Any

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None and not ipaddress.ip_address(host).is_loopback:
        raise OSError(f"litellm tried to reach {host}")
    return _connect(self, address)


def _no_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
    raise OSError(f"litellm tried to resolve {host!r}")


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.getaddrinfo = _no_dns  # type: ignore[assignment]
warnings.simplefilter("ignore")

import litellm  # noqa: E402
import yaml  # noqa: E402
from litellm.router_utils.fallback_event_handlers import get_fallback_model_group  # noqa: E402


def _deployment(router: Any, group: str) -> dict[str, Any]:
    params = router.get_available_deployment(model=group)["litellm_params"]
    model_id, provider, _, _ = litellm.get_llm_provider(params["model"])
    return {"provider": provider, "model_id": model_id, "api_base": params.get("api_base")}


def _fallbacks(router: Any) -> list[dict[str, list[str]]]:
    # Router.settings() is new (the older Router.fallbacks attribute is deprecated there).
    settings = getattr(router, "settings", None)
    found = settings().fallbacks if callable(settings) else router.fallbacks
    return list(found or [])


def probe(path: str, names: list[str]) -> dict[str, Any]:
    exported = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    router_settings = exported.get("router_settings", {})
    fallbacks = router_settings.get("fallbacks", [])
    router = litellm.Router(
        model_list=exported["model_list"],
        fallbacks=fallbacks,
        model_group_alias=router_settings.get("model_group_alias", {}),
    )
    result: dict[str, Any] = {}
    for name in names:
        chain = [_deployment(router, name)]
        groups, _ = get_fallback_model_group(fallbacks=_fallbacks(router), model_group=name)
        chain += [_deployment(router, group) for group in groups or []]
        result[name] = chain
    return result


def main(argv: list[str]) -> None:
    out: dict[str, Any] = {}
    chunks: list[list[str]] = [[]]
    for arg in argv:
        if arg == "--":
            chunks.append([])
        else:
            chunks[-1].append(arg)
    for path, *names in chunks:
        out[path] = probe(path, names)
    sys.stdout.write(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
