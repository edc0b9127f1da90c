"""``modelmap migrate``: rewrite legacy list-format files in the mapping format."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import typer

from modelmap.cli.common import EXIT_FAILED, EXIT_OK, run


def _note(message: str) -> None:
    sys.stderr.write(f"modelmap: {message}\n")


def _stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _check_options(
    files: list[Path], output: Path | None, write: bool, diff: bool, check: bool
) -> None:
    from modelmap.errors import UsageError

    if output is not None and write:
        raise UsageError("-o/--output and -w/--write exclude each other")
    if (check or diff) and (output is not None or write):
        raise UsageError("--check and --diff change nothing; drop -o/-w")
    if output is not None and len(files) != 1:
        raise UsageError("-o/--output takes a single FILE; use -w to rewrite several in place")
    if not (output or write or diff or check) and len(files) != 1:
        raise UsageError("printing to stdout takes a single FILE; use -w, --diff or --check")


def _check_only(files: list[Path]) -> int:
    from modelmap.migrate import is_legacy

    pending = [path for path in files if is_legacy(path)]
    for path in pending:
        _note(f"{path}: would be migrated (legacy list format); run 'modelmap migrate {path} -w'")
    if pending:
        count = len(pending)
        _note(f"{count} file{'s' if count != 1 else ''} still in the legacy format")
        return EXIT_FAILED
    return EXIT_OK


def _from_other(
    source_format: str,
    files: list[Path],
    output: Path | None,
    write: bool,
    check: bool,
    diff: bool,
    force: bool,
) -> int:
    """``--from litellm FILE [-o OUT]``: convert, list what did not map, print or write."""
    from modelmap.errors import UsageError

    if source_format != "litellm":
        raise UsageError(f"unknown --from format {source_format!r}: choose litellm")
    if write:
        raise UsageError(
            "-w would replace the LiteLLM config with a modelmap file; use -o modelmap.yaml"
        )
    if check or diff:
        raise UsageError("--check and --diff work on legacy modelmap files, not with --from")
    if len(files) != 1:
        raise UsageError("--from litellm takes a single FILE")
    (path,) = files
    if output is not None and output.exists() and output.samefile(path):
        raise UsageError(f"-o {output} is the LiteLLM config itself; choose another file")
    from modelmap.migrate import write_new
    from modelmap.migrate.from_litellm import import_litellm_file

    result = import_litellm_file(path, force=force)
    for item in result.listed:
        _note(f"{path}:{item.line}: not mapped: {item.where}: {item.why}")
    for key in result.keys:
        _note(
            f"{path}:{key.line}: the literal {'api_key' if key.what == 'key' else key.what} "
            f"is not copied: set {key.variable} "
            f"(backend {key.backend})"
        )
    data = result.text.encode("utf-8")
    if output is not None:
        write_new(output, data, force=force, mode=0o644)
        _note(f"{path}: {len(result.data['models'])} models written to {output}")
    else:
        _stdout_bytes(data)
    return EXIT_OK


def command(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILES...",
        help="Configuration files in the legacy list format (with --from: one file of that tool).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the result to this new file (one FILE only).",
    ),
    write: bool = typer.Option(False, "--write", "-w", help="Rewrite the files in place."),
    check: bool = typer.Option(
        False, "--check", help="Change nothing; exit 1 if any file still needs migrating."
    ),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff instead of the result."),
    default_backend: str | None = typer.Option(
        None,
        "--default-backend",
        metavar="B",
        help="Backend (name or provider type) for models whose provider cannot be inferred.",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Migrate despite validate errors; let -o replace a file and -w a read-only one.",
    ),
    source_format: str | None = typer.Option(
        None,
        "--from",
        metavar="FORMAT",
        help="Convert another tool's file instead: litellm (a LiteLLM proxy config.yaml).",
    ),
) -> None:
    """Rewrite legacy list-format files in the mapping format, keeping comments.

    With --from litellm, convert a LiteLLM proxy config.yaml instead (stdout, or -o).
    """

    def body() -> int:
        if source_format is not None:
            return _from_other(source_format, files, output, write, check, diff, force)
        _check_options(files, output, write, diff, check)
        if check and not diff:
            return _check_only(files)
        from modelmap.migrate import (
            MigrateOptions,
            check_unchanged,
            migrate_file,
            unified_diff,
            write_back,
            write_new,
        )

        options = MigrateOptions(default_backend=default_backend, force=force)
        # Plan every file before writing any, so one bad file leaves all of them untouched.
        migrations = [migrate_file(path, options) for path in files]
        if write:  # likewise a file edited meanwhile, or read-only, before any is written
            for path, migration in zip(files, migrations, strict=True):
                if migration.changed and migration.stamp is not None:
                    check_unchanged(path, migration.stamp, force=force)
        for path, migration in zip(files, migrations, strict=True):
            for note in migration.notes:
                _note(f"note: {note}")
            if not migration.legacy:
                _note(f"{path}: already migrated")
            if diff:
                sys.stdout.write(unified_diff(str(path), migration.original, migration.migrated))
            elif write:
                if migration.changed and migration.stamp is not None:
                    write_back(path, migration.migrated, migration.stamp, force=force)
                    _note(
                        f"{path}: migrated {migration.models} "
                        f"model{'s' if migration.models != 1 else ''} "
                        f"(backends: {', '.join(migration.backends) or 'none'})"
                    )
            elif output is not None:
                write_new(
                    output,
                    migration.migrated,
                    force=force,
                    mode=stat.S_IMODE(path.stat().st_mode),
                )
                _note(f"{path}: written to {output}")
            else:
                _stdout_bytes(migration.migrated)
        if check and any(m.changed for m in migrations):
            return EXIT_FAILED
        return EXIT_OK

    run(body)
