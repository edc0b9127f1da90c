"""The Router: the mapping inside a running application (README "Router (in your
application)")."""

from __future__ import annotations

from modelmap.router.core import Router

__all__ = ["Router"]
