"""What well-known API keys look like: to find them in values and to keep them out of messages.

Not a rule module (MM501 in secrets.py uses it); the registry also passes every rule's
message through :func:`redact`, so a key pasted where a name belongs (a parameter, an
alias, a backend) is never echoed back.
"""

from __future__ import annotations

import re

_SHAPES = (
    ("an Anthropic API key", r"sk-ant-[A-Za-z0-9_\-]{24,}"),
    ("an OpenAI API key", r"sk-[A-Za-z0-9_\-]{29,}"),
    ("a Google API key", r"AIza[0-9A-Za-z_\-]{35}"),
    ("a Hugging Face token", r"hf_[A-Za-z0-9]{30,}"),
    ("a Groq API key", r"gsk_[A-Za-z0-9]{40,}"),
    ("an AWS access key id", r"AKIA[0-9A-Z]{16}"),
    ("a GitHub token", r"gh[pousr]_[A-Za-z0-9]{36,}"),
    ("an xAI API key", r"xai-[A-Za-z0-9]{40,}"),
)
KEY_SHAPE = re.compile(
    "(?<![A-Za-z0-9])(?:" + "|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(_SHAPES)) + ")"
)


# Where each shape starts (its pattern up to the repeated part): a cheap scan that rules
# most strings out before KEY_SHAPE runs (its look-behind makes the engine try every position).
_PREFIX = re.compile(
    "|".join(re.sub(r"\[[^\]]*\]\{.*", "", pattern, count=1) for _, pattern in _SHAPES)
)


def may_hold_key(value: str) -> bool:
    """True when ``value`` contains text shaped like a well-known key (maybe a false alarm)."""
    return (
        len(value) >= 16
        # every shape's prefix holds one of these: substring tests cost a third of _PREFIX
        and (
            "sk-" in value or "_" in value or "AIza" in value or "AKIA" in value or "xai-" in value
        )
        and _PREFIX.search(value) is not None
        and KEY_SHAPE.search(value) is not None
    )


def _is_key(match: re.Match[str]) -> bool:
    text = match.group()
    # sk- keys are random; hyphenated words such as 'sk-learn-gradient-boosting' have no digit.
    return match.lastgroup is not None and (
        not text.startswith("sk-") or any(c.isdigit() for c in text)
    )


def key_shape(value: str) -> tuple[str, str] | None:
    """(what it looks like, the matching text) when ``value`` contains a well-known key."""
    if len(value) < 16:
        return None
    for match in KEY_SHAPE.finditer(value):
        if _is_key(match) and match.lastgroup is not None:
            return _SHAPES[int(match.lastgroup[1:])][0], match.group()
    return None


def redact(text: str) -> str:
    """``text`` with every well-known key cut to its first 4 characters."""
    if len(text) < 16 or _PREFIX.search(text) is None or KEY_SHAPE.search(text) is None:
        return text
    return KEY_SHAPE.sub(lambda m: m.group()[:4] + "..." if _is_key(m) else m.group(), text)
