"""Plain-data views of resolutions and model summaries, for ``--json`` and the renderers.

Secrets appear only as their source and whether they are set (README, "Environment
variables and secrets").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from modelmap.resolution import Resolution, Target
from modelmap.resolve.endpoint import SecretStatus, header_status, key_status
from modelmap.resolve.listing import ModelSummary
from modelmap.urls import mask_url


def _secret(status: SecretStatus) -> dict[str, Any] | None:
    if status.source is None:
        return None
    return {"source": status.source, "set": status.is_set}


def _pricing(price_input: float | None, price_output: float | None) -> dict[str, Any] | None:
    if price_input is None and price_output is None:
        return None
    return {"input": price_input, "output": price_output, "per_tokens": 1000}


def target_dict(target: Target, environ: Mapping[str, str]) -> dict[str, Any]:
    """One chain entry as JSON-ready data."""
    return {
        "backend": target.backend,
        "provider": target.provider,
        "model_id": target.model_id,
        "base_url": mask_url(target.base_url),
        "model": target.model,
        "via": target.via,
        "parameters": dict(target.parameters),
        "api_key": _secret(key_status(target, environ)),
        "timeout": target.timeout,
        "sources": dict(target.sources),
    }


def resolution_dict(resolution: Resolution, environ: Mapping[str, str]) -> dict[str, Any]:
    """The ``resolve --json`` object: the keys the README's "Resolve and list" documents."""
    primary = resolution.primary
    headers = header_status(primary, environ)
    return {
        "requested": resolution.requested,
        "model": resolution.model,
        "direct": resolution.direct,
        "description": resolution.description,
        "aliases": list(resolution.aliases),
        "backend": primary.backend,
        "provider": primary.provider,
        "model_id": primary.model_id,
        "base_url": mask_url(primary.base_url),
        "parameters": dict(primary.parameters),
        "capabilities": None if resolution.capabilities is None else list(resolution.capabilities),
        "api_key": _secret(key_status(primary, environ)),
        "headers": {name: _secret(status) for name, status in headers.items()},
        "timeout": primary.timeout,
        "context_window": primary.context_window,
        "max_output_tokens": primary.max_output_tokens,
        "pricing": _pricing(primary.price_input, primary.price_output),
        "sources": dict(primary.sources),
        "chain": [target_dict(t, environ) for t in resolution.chain],
        "skipped": [{"entry": s.entry, "reason": s.reason} for s in resolution.skipped],
    }


def summary_dict(row: ModelSummary) -> dict[str, Any]:
    """One ``list --json`` entry."""
    return {
        "name": row.name,
        "aliases": list(row.aliases),
        "backend": row.backend or None,
        "provider": row.provider,
        "model_id": row.model_id or None,
        "capabilities": None if row.capabilities is None else list(row.capabilities),
        "context_window": row.context_window,
        "max_output_tokens": row.max_output_tokens,
        "pricing": _pricing(row.price_input, row.price_output),
        "sources": dict(row.sources),
        "enabled": row.enabled,
        "description": row.description,
    }
