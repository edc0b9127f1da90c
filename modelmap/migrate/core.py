"""Migrate one file's bytes: load, refuse what is broken, plan, rewrite, verify."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from modelmap.config.build import detect_format
from modelmap.config.load import check_loaded
from modelmap.errors import ConfigError
from modelmap.loader import load_bytes, load_file, load_text
from modelmap.migrate.files import FileStamp, stamp_of
from modelmap.migrate.plan import plan
from modelmap.migrate.rewrite import rewrite
from modelmap.migrate.source import compose, decode, find_comments
from modelmap.migrate.verify import verify


@dataclass(frozen=True)
class MigrateOptions:
    """How to migrate: the backend for models with none, and whether to ignore errors."""

    default_backend: str | None = None
    force: bool = False


@dataclass(frozen=True)
class Migration:
    """One file's migration: the bytes before and after, and what to tell the user."""

    path: str
    original: bytes
    migrated: bytes
    legacy: bool  # False: already in the mapping format, ``migrated == original``
    models: int = 0
    backends: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())
    stamp: FileStamp | None = None  # the file as it was read (migrate_file only)

    @property
    def changed(self) -> bool:
        """Whether the migrated bytes differ from the original."""
        return self.migrated != self.original


def is_legacy(path: Path, display: str | None = None) -> bool:
    """Whether the file is in the legacy list format (raises when it cannot be loaded)."""
    shown = display if display is not None else str(path)
    result = load_file(path, shown)
    if result.document is None:
        raise ConfigError(f"{shown}: cannot be loaded", result.problems)
    return detect_format(result.document.data) == 1


def _check_result(new_text: str, path: str) -> None:
    """Refuse a result that validate would fail, such as a carried-over section that the
    list format ignored and the mapping format checks."""
    shown = f"{path} (after migration)"
    errors = check_loaded(load_text(new_text, shown), shown).errors
    if errors:
        count = len(errors)
        raise ConfigError(
            f"{path}: the migrated file would not validate ({count} error"
            f"{'s' if count != 1 else ''} above, at lines of the result); fix the original, "
            "or pass --force to migrate anyway",
            errors,
        )


def migrate_bytes(raw: bytes, path: str, options: MigrateOptions | None = None) -> Migration:
    """Migrate the content of a file named ``path``; a mapping-format file comes back as is."""
    options = options or MigrateOptions()
    loaded = load_bytes(raw, path)
    if loaded.document is None:
        raise ConfigError(f"{path}: cannot be loaded; nothing was migrated", loaded.problems)
    data = loaded.document.data
    if detect_format(data) != 1:
        return Migration(path, raw, raw, legacy=False)
    checked = check_loaded(loaded, path)
    if checked.errors and not options.force:
        count = len(checked.errors)
        raise ConfigError(
            f"{path}: {count} error{'s' if count != 1 else ''}; fix "
            f"{'them' if count != 1 else 'it'} first or pass --force to migrate anyway",
            checked.errors,
        )
    source = decode(raw)
    root = compose(source.text)
    assert isinstance(root, yaml.MappingNode)
    planned = plan(root, data, source.text, path, options.default_backend)
    comments = find_comments(source.text)
    new_text = rewrite(source.text, comments, planned)
    verify(comments.values(), new_text, data, planned, path)
    if not options.force:
        _check_result(new_text, path)
    return Migration(
        path,
        raw,
        source.encode(new_text),
        legacy=True,
        models=len(planned.items),
        backends=tuple(dict.fromkeys(item.ref.partition("/")[0] for item in planned.items)),
        notes=planned.notes,
    )


def migrate_file(path: Path, options: MigrateOptions | None = None) -> Migration:
    """Read and migrate one file (nothing is written)."""
    try:
        raw = path.read_bytes()
        stamp = stamp_of(path, raw)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    return dataclasses.replace(migrate_bytes(raw, str(path), options), stamp=stamp)
