"""What every command shares: the one error handler, stderr messages, colour decisions."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TextIO

import typer

from modelmap.errors import ConfigError, ModelmapError, UsageError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal that is not ``TERM=dumb``, and never when NO_COLOR is set
    (https://no-color.org); FORCE_COLOR asks for colour anyway."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":  # as rich decides for list, resolve and ping
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def error(message: str) -> None:
    """One line on stderr, prefixed so it is recognisable in a CI log. Key-shaped text is
    cut to its first 4 characters, as in validate's messages: a key pasted where a name
    belongs (``modelmap chat $OPENAI_API_KEY hi``) must not land in a CI log."""
    from modelmap.lint.rules.keyshapes import redact

    sys.stderr.write(f"modelmap: error: {redact(message)}\n")
    sys.stderr.flush()


def emit(text: str, output: Path | None, what: str) -> None:
    """``text`` on stdout, or into the file ``output`` (a usage error when it cannot be).

    An existing regular file is replaced atomically (temporary file + rename), so a failed
    write never leaves it truncated; a device or pipe such as /dev/stdout is written to.
    """
    if output is None:
        sys.stdout.write(text)
        return
    data = text.encode("utf-8")
    try:
        if output.exists() and not output.is_file():
            output.write_bytes(data)
            return
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the {what}: {exc.strerror}") from exc
    from modelmap.migrate.files import write_atomic

    try:
        write_atomic(output, data)
    except ModelmapError as exc:
        cause = exc.__cause__
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else exc
        raise UsageError(f"{output}: cannot write the {what}: {reason}") from exc


def _report_config_error(exc: ConfigError) -> None:
    if exc.problems:
        from modelmap.report.text import format_problem

        color = use_color(sys.stderr)
        for problem in exc.problems:
            sys.stderr.write(format_problem(problem, color=color) + "\n")
    error(str(exc))


_fast_exit = False


def enable_fast_exit() -> None:
    """Let commands end the process without tearing the interpreter down.

    Only the console-script entry point calls this; in-process runners (tests, embedding
    applications) keep the normal exit.
    """
    global _fast_exit
    _fast_exit = True


def run(body: Callable[[], int]) -> NoReturn:
    """Run a command body and exit with its code; the one place errors become exit codes.

    Under the console script the process then ends with ``os._exit`` once stdout and
    stderr are flushed: freeing a large loaded file object by object, and tearing down
    asyncio, httpx and typer, cost 0.1 s or more for memory the system reclaims anyway.
    """
    try:
        code = body()
    except ConfigError as exc:
        _report_config_error(exc)
        code = exc.exit_code
    except ModelmapError as exc:
        error(str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader of stdout went away (``| head``): stop quietly, as chat does; point
        # stdout at devnull so that no later flush raises again
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_FAILED
    except (typer.Exit, typer.Abort, SystemExit):
        raise
    except Exception as exc:  # the one broad handler: never show a traceback by default
        debug = os.environ.get("MODELMAP_DEBUG") == "1"
        if debug:  # the traceback, and still exit 3: 1 would read as "the check failed"
            import traceback

            traceback.print_exc(file=sys.stderr)
        error(
            f"internal error: {type(exc).__name__}: {exc}"
            + (
                " (please report it)"
                if debug
                else " (set MODELMAP_DEBUG=1 for the traceback, and please report it)"
            )
        )
        code = EXIT_INTERNAL
    if _fast_exit:
        try:
            sys.stdout.flush()
        except BrokenPipeError:  # the reader went away (`| head`) before the last write
            code = code or EXIT_FAILED
        except OSError:
            pass
        with contextlib.suppress(OSError):
            sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)
