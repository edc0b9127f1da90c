"""Build only the command being run, and parse its plain options without pydantic.

Typer turns every registered command into a click command before parsing anything, which
means importing every command module (chat and ping pull in their option types and
helpers) for a ``modelmap validate``. ``LazyGroup`` lists the commands from their names
and one-line summaries and imports the module of the one command being run.

typer 0.29 and later coerce every option value through a pydantic ``TypeAdapter``, and
importing that machinery costs more than the rest of ``validate`` (about 100 ms). Options
of plain types (``str``, ``Path``, lists of them) need no such machinery, so ``lighten``
gives them a plain coercion; anything else keeps typer's own. typer 0.28 coerces with
click types and is left as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

_PLAIN = (str, Path, bool, int, float)
_NUMBERS = {int: "integer", float: "float"}


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name and summary; ``module.command`` is imported when run."""

    name: str
    module: str
    short_help: str


def build(entry: LazyCommand) -> Any:
    """The click command of ``entry``, built as typer builds a registered command."""
    # __import__ rather than importlib.import_module: -X importtime (which the start-up
    # tests read) sees only imports made through the import statement's machinery
    module = __import__(entry.module, fromlist=["command"])
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.command(entry.name, cls=LightCommand, short_help=entry.short_help)(module.command)
    command = typer.main.get_command(single)
    command.name = entry.name
    return command


class LightCommand(TyperCommand):
    """A typer command whose plain parameters are parsed without pydantic (see ``lighten``)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Lighten the parameters (the help option included), then parse as typer does."""
        lighten(self, ctx)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS] NAME [FILES...]``: metavars as the README writes them, not typer's
        ``{NAME}`` for a required argument."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name != "argument":
                pieces.extend(param.get_usage_pieces(ctx))
                continue
            name = param.metavar or (param.name or "").upper()
            if param.nargs != 1 and not name.endswith("..."):
                name += "..."
            optional = not param.required and not name.startswith("[")  # "[PROVIDER]" as is
            pieces.append(f"[{name}]" if optional else name)
        return pieces

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """typer's help, without the ``<str>`` type labels typer 0.29 adds to arguments
        (the metavar already says what a value is)."""
        for param in self.get_params(ctx):
            if param.param_type_name == "argument" and hasattr(param, "display_type_rich"):
                param.display_type_rich = _no_type_label
        super().format_help(ctx, formatter)


def _no_type_label(ctx: Any = None) -> str:
    return ""


class LazyGroup(TyperGroup):
    """A typer group whose lazy commands are built only when invoked (or asked for help)."""

    lazy: ClassVar[dict[str, LazyCommand]] = {}

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Lighten the group's own options, then parse as typer does."""
        lighten(self, ctx)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        """Eagerly registered commands first, then the lazy ones, in registration order."""
        return [*self.commands, *(n for n in self.lazy if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The named command, built on first use."""
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in self.lazy:
            command = self.commands[cmd_name] = build(self.lazy[cmd_name])
        elif command is not None:
            lighten(command)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As typer resolves it, with "did you mean" over the lazy commands too (typer
        suggests only among the commands already built)."""
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:
            message = getattr(exc, "message", None)
            if isinstance(message, str) and args and "Did you mean" not in message:
                from difflib import get_close_matches

                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    suggestions = ", ".join(f"{m!r}" for m in matches)
                    exc.message = f"{message.rstrip('.')}. Did you mean {suggestions}?"  # type: ignore[attr-defined]
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of ``--help`` from the summaries, without building commands."""
        rows = []
        for name in self.list_commands(ctx):
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width)))
            else:
                rows.append((name, self.lazy[name].short_help))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def lighten(command: Any, ctx: Any = None) -> None:
    """Give the plain-typed parameters of ``command`` a coercion that needs no pydantic.

    A no-op on typer releases that coerce with click types (0.28 and earlier).
    """
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import coerce_cli_path
    except ImportError:
        return
    for param in command.params if ctx is None else command.get_params(ctx):
        if getattr(param, "_runtime_param", False) is not None:
            continue  # already built, or a parameter class without the hook
        descriptor = getattr(param, "type_descriptor", None)
        info = getattr(descriptor, "parameter_info", None)
        annotation = getattr(descriptor, "annotation", None)
        item = get_args(annotation)[0] if get_origin(annotation) is list else annotation
        if info is None or info.parser is not None or item not in _PLAIN:
            continue
        if item in _NUMBERS and getattr(info, "clamp", False):
            continue
        if getattr(descriptor, "file_annotation", None) is not None:
            continue
        param._runtime_param = _plain_class(RuntimeParam, coerce_cli_path, build_runtime_param)(
            parameter_info=info, annotation=annotation
        )


_classes: dict[type, type] = {}


def _plain_class(base: type, coerce_path: Any, typer_own: Any) -> Any:
    """A ``RuntimeParam`` subclass for ``str``, ``Path`` and flag values (made once)."""
    if base in _classes:
        return _classes[base]

    @dataclass(frozen=True)
    class PlainRuntimeParam(base):  # type: ignore[misc]
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation: Any = self.annotation
            listed = get_origin(annotation) is list
            item = get_args(annotation)[0] if listed else annotation
            if isinstance(value, (list, tuple)):
                return [self._one(item, v, param, ctx) for v in value]
            return self._one(item, value, param, ctx)

        def _one(self, item: Any, value: Any, param: Any, ctx: Any) -> Any:
            if item in _NUMBERS:
                return _number(item, value, self.parameter_info, param, ctx)
            if item is bool:
                if isinstance(value, bool):
                    return value
                # "--flag=yes" or an environment variable: typer's own parsing
                return typer_own(param.type_descriptor)._coerce_value(value, param, ctx)
            if isinstance(value, bytes):
                value = os.fsdecode(value)
            if item is str:
                return str(value)
            if isinstance(value, Path):
                return value
            checked = coerce_path(value, self.parameter_info, path_type=None, param=param, ctx=ctx)
            return Path(os.fsdecode(checked))

    _classes[base] = PlainRuntimeParam
    return PlainRuntimeParam


def _number(kind: type, value: Any, info: Any, param: Any, ctx: Any) -> Any:
    """``value`` as an int or float within ``info.min``/``info.max``, worded as click words
    it (so typer 0.28 and 0.29 refuse a bad number alike). NaN passes the range check, as
    with click: a callback such as ``finite_seconds`` refuses it by name."""
    if not isinstance(value, kind) or isinstance(value, bool):
        try:
            value = kind(value)
        except (TypeError, ValueError):
            ranged = " range" if info.min is not None or info.max is not None else ""
            raise typer.BadParameter(
                f"{value!r} is not a valid {_NUMBERS[kind]}{ranged}.", ctx=ctx, param=param
            ) from None
    low, high = info.min, info.max
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            bounds = f"{low}<=x<={high}"
        else:
            bounds = f"x>={low}" if low is not None else f"x<={high}"
        raise typer.BadParameter(f"{value} is not in the range {bounds}.", ctx=ctx, param=param)
    return value
