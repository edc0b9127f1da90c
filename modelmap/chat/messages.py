"""A conversation as the Router takes it: a prompt string or a list of ``{role, content}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from modelmap.errors import UsageError
from modelmap.providers.base import Message

MessagesOrPrompt = str | Sequence[Mapping[str, Any]] | Sequence[Message]
ROLES = ("system", "user", "assistant")


def to_messages(
    value: MessagesOrPrompt, system: str | None = None, where: str = "messages"
) -> tuple[list[Message], str | None]:
    """The messages and the separate system prompt; raises :class:`UsageError` naming the
    item at fault (``messages[2].role``) for anything else."""
    if isinstance(value, str):
        return [Message("user", value)], system
    if not isinstance(value, Sequence) or not value:
        raise UsageError(
            f"{where} must be a prompt string or a non-empty list of {{role, content}} objects"
        )
    out: list[Message] = []
    for i, item in enumerate(value):
        if isinstance(item, Message):
            out.append(item)
            continue
        if not isinstance(item, Mapping):
            raise UsageError(f"{where}[{i}] must be an object with 'role' and 'content'")
        role, content = item.get("role"), item.get("content")
        if role not in ROLES:
            raise UsageError(f"{where}[{i}].role must be one of {', '.join(ROLES)}, not {role!r}")
        if not isinstance(content, str):
            raise UsageError(f"{where}[{i}].content must be a string")
        out.append(Message(role, content))
    if all(m.role == "system" for m in out):
        raise UsageError(f"{where} holds only system messages; add a user message")
    return out, system
