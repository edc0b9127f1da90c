"""Resolution: model names to backends, failover chains and endpoints (README, "Resolve and list").

``from modelmap.resolve import resolve, endpoint_for`` is the way in for other modules.
"""

from __future__ import annotations

from modelmap.resolve.chain import (
    lookup_backend,
    make_target,
    merge_parameters,
    require_capability,
    resolve,
)
from modelmap.resolve.endpoint import (
    SecretStatus,
    endpoint_for,
    fill_parameters,
    header_status,
    key_status,
    secret_status,
)
from modelmap.resolve.listing import ModelSummary, list_models, summarise
from modelmap.resolve.overrides import check_overrides, parse_overrides, parse_value
from modelmap.resolve.present import resolution_dict, summary_dict, target_dict

__all__ = [
    "ModelSummary",
    "SecretStatus",
    "check_overrides",
    "endpoint_for",
    "fill_parameters",
    "header_status",
    "key_status",
    "list_models",
    "lookup_backend",
    "make_target",
    "merge_parameters",
    "parse_overrides",
    "parse_value",
    "require_capability",
    "resolution_dict",
    "resolve",
    "secret_status",
    "summarise",
    "summary_dict",
    "target_dict",
]
