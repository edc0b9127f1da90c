"""Writing results safely: atomic replacement, no surprise overwrites, and diffs."""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from modelmap.errors import ModelmapError, UsageError


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` all at once: readers see the old or the new file.

    The bytes go to a temporary file in the same directory (so the rename cannot cross a
    file system), are flushed and fsynced, get ``mode`` (default: the current file's
    permission bits, or those a new file gets under the umask), and only then replace the
    file. On any failure the original is untouched and the temporary file is removed. A
    symbolic link is written through: the file it points to is replaced and the link stays.
    """
    target = Path(os.path.realpath(path))
    try:
        if mode is None:
            mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else _new_file_mode()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from exc
        raise


def _new_file_mode() -> int:
    umask = os.umask(0)  # the only way to read it is to set it
    os.umask(umask)
    return 0o666 & ~umask


def _cannot_write(path: Path, exc: OSError) -> ModelmapError:
    return ModelmapError(f"{path}: cannot write: {exc.strerror or exc}; the file is unchanged")


def write_new(path: Path, data: bytes, *, force: bool, mode: int) -> None:
    """Write ``data`` to ``path``, refusing to replace an existing file unless ``force``."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory; -o takes the name of the file to write")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; pass --force to overwrite it")
    write_atomic(path, data, mode)


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read: enough to tell whether it changed since."""

    size: int
    mtime_ns: int
    digest: str  # SHA-256 of the bytes read


def stamp_of(path: Path, raw: bytes) -> FileStamp:
    """The stamp of ``path``, whose content was just read as ``raw``."""
    info = path.stat()
    return FileStamp(len(raw), info.st_mtime_ns, hashlib.sha256(raw).hexdigest())


def check_unchanged(path: Path, stamp: FileStamp, *, force: bool) -> None:
    """Refuse to replace ``path`` when it changed since ``stamp`` was taken (someone edited
    it meanwhile: that edit would be lost), or when it is read-only and not ``force``."""
    try:
        info = path.stat()
        same = (info.st_size, info.st_mtime_ns) == (stamp.size, stamp.mtime_ns)
        same = same and hashlib.sha256(path.read_bytes()).hexdigest() == stamp.digest
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    if not same:
        raise ModelmapError(
            f"{path}: changed since migrate read it (edited meanwhile?); nothing was written, "
            "so no edit is lost: run migrate again"
        )
    if not force and (not info.st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise UsageError(f"{path}: is read-only; nothing was written (pass --force to replace it)")


def write_back(path: Path, data: bytes, stamp: FileStamp, *, force: bool) -> None:
    """Replace ``path`` with ``data`` (atomically, keeping its mode), unless it changed since
    ``stamp`` or is read-only (see :func:`check_unchanged`)."""
    check_unchanged(path, stamp, force=force)
    write_atomic(path, data)


def _lines(raw: bytes) -> list[str]:
    """The lines of ``raw``, each with its ``\\n``: not ``splitlines()``, which also splits
    at U+2028 and NEL, and these may stand inside a quoted value."""
    parts = raw.decode("utf-8").split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """A unified diff of a file's migration, as ``git diff`` shows one."""
    old, new = _lines(before), _lines(after)
    relative = not Path(path).is_absolute()
    before_name, after_name = (f"a/{path}", f"b/{path}") if relative else (path, path)
    if " " in path:  # as git does: a tab ends the name, which `patch` would end at the space
        before_name, after_name = before_name + "\t", after_name + "\t"
    lines = difflib.unified_diff(old, new, fromfile=before_name, tofile=after_name)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
