"""Policies: rules that are off until the settings' ``[policy]`` table turns them on."""

from __future__ import annotations
