"""Expected failures. The CLI maps each to an exit code; the core only raises them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from modelmap.chat.result import Attempt
    from modelmap.problems import Problem


class ModelmapError(Exception):
    """Base of every error modelmap raises on purpose.

    ``exit_code`` follows the README's "Exit codes".
    """

    exit_code = 2

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild from the message and the attributes without calling __init__, whose
        # parameters differ from ``args``, so every error pickles (multiprocessing).
        return (_rebuild, (type(self), self.args), self.__dict__)


def _rebuild(cls: type[ModelmapError], args: tuple[Any, ...]) -> ModelmapError:
    return cls.__new__(cls, *args)


class UsageError(ModelmapError):
    """The command line asked for something impossible."""


class ConfigError(ModelmapError):
    """The configuration cannot be found, read or used. Carries diagnostics when it has them."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems)


class EnvFileNotFoundError(ConfigError, FileNotFoundError):
    """An env file named explicitly does not exist."""


class UnknownModelError(ModelmapError):
    """A name that is neither a model, an alias, nor a resolvable ``backend/model-id``."""

    def __init__(self, name: str, candidates: Sequence[str] = ()) -> None:
        self.name = name
        self.candidates: tuple[str, ...] = tuple(candidates)
        hint = f"; did you mean {', '.join(repr(c) for c in candidates)}?" if candidates else ""
        super().__init__(f"unknown model {name!r}{hint}")


class CapabilityError(ModelmapError):
    """The model does not declare a capability the command needs."""


class DisabledModelError(ModelmapError):
    """The name designates a model written with ``enabled: false``."""


class MissingKeyError(ModelmapError):
    """A required environment variable is not set."""

    def __init__(self, variable: str, where: str, hint: str = "") -> None:
        self.variable = variable
        self.where = where
        self.hint = hint
        extra = f" ({hint})" if hint else ""
        super().__init__(
            f"environment variable {variable} is not set; {where} needs it{extra}. "
            f"Export it or add it to .env"
        )


class ProviderError(ModelmapError):
    """A backend answered with an error or could not be reached."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        backend: str = "",
        url: str = "",
        status: int | None = None,
        kind: str = "server",
        provider_message: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.backend = backend
        self.url = url
        self.status = status
        self.kind = kind
        self.provider_message = provider_message
        self.retry_after = retry_after


class ChatFailedError(ProviderError):
    """A chat that no chain entry could answer, or that broke mid-answer; carries the
    attempts (``modelmap.chat.Attempt`` values) and any text already received."""

    def __init__(self, message: str, attempts: Sequence[Attempt] = (), partial: str = "") -> None:
        super().__init__(message)
        self.attempts: tuple[Attempt, ...] = tuple(attempts)
        self.partial = partial
