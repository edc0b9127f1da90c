"""The Router: the mapping inside a running application (README "Router (in your
application)"). ``Router`` is imported on first use, so that ``resolve --explain`` can
read the settings (``modelmap.router.explain``) without the chat engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelmap.router.core import Router

__all__ = ["Router"]


def __getattr__(name: str) -> Any:
    if name == "Router":
        from modelmap.router.core import Router

        return Router
    raise AttributeError(f"module 'modelmap.router' has no attribute {name!r}")
