"""`migrate -w` never loses an edit made meanwhile, and says why it refuses."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

import modelmap.migrate
from modelmap.errors import ModelmapError, UsageError
from modelmap.migrate import migrate_file, write_back

LEGACY = "models:\n  - name: gpt-4\n  - name: claude-3-haiku\n"


def _legacy(tmp_path: Path, name: str = "models.yaml") -> Path:
    path = tmp_path / name
    path.write_text(LEGACY, encoding="utf-8")
    return path


def _edit_after_reading(
    monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None], which: str | None = None
) -> None:
    """Make migrate_file run ``edit`` on the file just after reading it: a concurrent edit
    between migrate's read and its write, with no sleeping."""
    real = modelmap.migrate.migrate_file

    def reading_then_edited(path: Path, *args: Any, **kwargs: Any) -> Any:
        migration = real(path, *args, **kwargs)
        if which is None or path.name == which:
            edit(path)
        return migration

    monkeypatch.setattr(modelmap.migrate, "migrate_file", reading_then_edited)


def _append(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("  - name: gpt-4o   # added by someone else\n")


def _same_size_same_mtime(path: Path) -> None:
    info = path.stat()
    path.write_text(LEGACY.replace("gpt-4", "gpt-5"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


@pytest.mark.parametrize("edit", [_append, _same_size_same_mtime])
def test_library_write_back_refuses_a_file_changed_since_it_was_read(
    tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    path = _legacy(tmp_path)
    migration = migrate_file(path)
    assert migration.stamp is not None
    edit(path)
    edited = path.read_bytes()
    with pytest.raises(ModelmapError, match="changed since migrate read it"):
        write_back(path, migration.migrated, migration.stamp, force=False)
    with pytest.raises(ModelmapError, match="changed since migrate read it"):
        write_back(path, migration.migrated, migration.stamp, force=True)  # --force: still no
    assert path.read_bytes() == edited


@pytest.mark.parametrize("edit", [_append, _same_size_same_mtime])
def test_cli_write_refuses_and_keeps_the_concurrent_edit(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None]
) -> None:
    path = _legacy(tmp_path)
    _edit_after_reading(monkeypatch, edit)
    result = invoke("-w", str(path))
    edited = path.read_bytes()
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"modelmap: error: {path}: changed since migrate read it (edited meanwhile?); nothing "
        "was written, so no edit is lost: run migrate again"
    ]
    assert edited != LEGACY.encode()  # the other edit is there, not migrate's result
    assert b"backend:" not in edited
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models.yaml"]


def test_with_several_files_one_edited_means_none_is_written(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _legacy(tmp_path, "a.yaml"), _legacy(tmp_path, "b.yaml")
    _edit_after_reading(monkeypatch, _append, which="b.yaml")
    result = invoke("-w", str(first), str(second))
    assert result.exit_code == 2
    assert f"{second}: changed since migrate read it" in result.stderr
    assert first.read_text(encoding="utf-8") == LEGACY


def test_an_unchanged_file_is_written(invoke: Invoke, tmp_path: Path) -> None:
    path = _legacy(tmp_path)
    result = invoke("-w", str(path))
    assert result.exit_code == 0, result.stderr
    assert 'backend: "openai/gpt-4"' in path.read_text(encoding="utf-8")


def test_a_read_only_file_is_refused_unless_forced(invoke: Invoke, tmp_path: Path) -> None:
    path = _legacy(tmp_path)
    path.chmod(0o444)
    result = invoke("-w", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"modelmap: error: {path}: is read-only; nothing was written (pass --force to replace it)\n"
    )
    assert path.read_text(encoding="utf-8") == LEGACY
    result = invoke("-w", "--force", str(path))
    assert result.exit_code == 0, result.stderr
    assert 'backend: "openai/gpt-4"' in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_output_to_a_directory_says_so(invoke: Invoke, tmp_path: Path) -> None:
    path = _legacy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    for extra in ([], ["--force"]):
        result = invoke(str(path), "-o", str(out), *extra)
        assert result.exit_code == 2
        assert result.stderr == (
            f"modelmap: error: {out} is a directory; -o takes the name of the file to write\n"
        )
    assert list(out.iterdir()) == []


def test_write_new_names_a_directory_before_asking_for_force(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is a directory"):
        modelmap.migrate.write_new(tmp_path, b"x\n", force=False, mode=0o644)
