"""Atomic writes: a failed write leaves the original intact and no temporary file behind."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke

from modelmap.errors import ModelmapError, UsageError
from modelmap.migrate import unified_diff, write_atomic, write_new

ORIGINAL = b"models:\n  - name: gpt-4\n"


def _fail(*args: Any, **kwargs: Any) -> None:
    raise OSError(28, "No space left on device")


def _interrupt(*args: Any, **kwargs: Any) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize("target", ["fsync", "replace"])
def test_failed_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    path = tmp_path / "models.yaml"
    path.write_bytes(ORIGINAL)
    monkeypatch.setattr(os, target, _fail)
    with pytest.raises(ModelmapError, match="No space left on device; the file is unchanged"):
        write_atomic(path, b"new content\n")
    assert path.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir()] == ["models.yaml"]


def test_interrupted_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "models.yaml"
    path.write_bytes(ORIGINAL)
    monkeypatch.setattr(os, "fsync", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new content\n")
    assert path.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir()] == ["models.yaml"]


def test_cli_write_failure_exits_2_and_keeps_the_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "models.yaml"
    path.write_bytes(ORIGINAL)
    monkeypatch.setattr(os, "fsync", _fail)
    result = invoke("-w", str(path))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == ORIGINAL
    assert [p.name for p in tmp_path.iterdir()] == ["models.yaml"]


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o640])
def test_write_keeps_permission_bits(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "models.yaml"
    path.write_bytes(ORIGINAL)
    path.chmod(mode)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "models.yaml"
    real.parent.mkdir()
    real.write_bytes(ORIGINAL)
    real.chmod(0o640)
    link = tmp_path / "models.yaml"
    link.symlink_to(real)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["models.yaml"]


def test_write_new_refuses_existing_files(tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    write_new(path, b"one\n", force=False, mode=0o644)
    assert path.read_bytes() == b"one\n"
    with pytest.raises(UsageError, match="already exists"):
        write_new(path, b"two\n", force=False, mode=0o644)
    assert path.read_bytes() == b"one\n"
    write_new(path, b"two\n", force=True, mode=0o644)
    assert path.read_bytes() == b"two\n"


def test_output_copies_the_source_mode(
    invoke: Invoke, fixture_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    source = fixture_copy("items")
    source.chmod(0o600)
    out = tmp_path / "out.yaml"
    assert invoke(str(source), "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_output_into_a_missing_directory_is_a_clear_error(
    invoke: Invoke, fixture_copy: Callable[[str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "no" / "such" / "dir.yaml"
    result = invoke(str(fixture_copy("items")), "-o", str(out))
    assert result.exit_code == 2
    assert f"modelmap: error: {out}: cannot write: No such file" in result.stderr
    assert not out.exists()


def test_diff_lines_split_at_newlines_only() -> None:
    # str.splitlines() also splits at U+2028 and NEL, which a quoted value may hold.
    before = 'models:\n  - name: gpt-4\n    description: "a\u2028b"\n'.encode()
    after = 'models:\n  gpt-4:\n    description: "a\u2028b"\n'.encode()
    assert unified_diff("m.yaml", before, after) == (
        "--- a/m.yaml\n+++ b/m.yaml\n@@ -1,3 +1,3 @@\n models:\n"
        "-  - name: gpt-4\n+  gpt-4:\n"
        '     description: "a\u2028b"\n'
    )


def test_diff_header_of_a_name_with_spaces_ends_with_a_tab() -> None:
    # As git writes it: without the tab, `patch` takes the name to end at the space.
    diff = unified_diff("my models.yaml", b"a: 1\n", b"a: 2\n")
    assert diff.splitlines()[:2] == ["--- a/my models.yaml\t", "+++ b/my models.yaml\t"]
    assert unified_diff("m.yaml", b"a: 1\n", b"a: 2\n").startswith("--- a/m.yaml\n")


def test_diff_keeps_the_bom_so_that_the_patch_applies_exactly() -> None:
    # The BOM is part of the first line in the file; without it the context does not match.
    diff = unified_diff("m.yaml", b"\xef\xbb\xbf# h\nmodels: 1\n", b"\xef\xbb\xbf# h\nmodels: 2\n")
    assert diff.splitlines()[3:] == [" \ufeff# h", "-models: 1", "+models: 2"]
