"""Files named by the user: read only when they are ordinary files of a bounded size, written
so that a failure never leaves half of one, nor loses the old one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path


class NotAFileError(OSError):
    """The path names a pipe, a device or a socket, not an ordinary file: reading it could
    wait for ever or never end, writing over it would replace something that is not ours."""

    term = "OS_NOT_A_FILE"

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not an ordinary file", path)


def _kind_error(path: str, mode: int) -> OSError | None:
    """Why a file of this kind cannot be read or replaced, or None for an ordinary file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    return NotAFileError(path)


def read_bytes(path: str | Path, limit: int) -> bytes:
    """The bytes of the ordinary file at `path`, at most `limit` of them.

    A pipe, a device or a folder is refused before anything is read (a FIFO would wait for a
    writer for ever, `/dev/zero` never ends); the file is opened without waiting, and a file
    longer than `limit` is refused (EFBIG) after `limit` bytes. Raises OSError.
    """
    name = os.fspath(path)
    problem = _kind_error(name, os.stat(name).st_mode)
    if problem:
        raise problem
    descriptor = os.open(
        name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    )
    with os.fdopen(descriptor, "rb") as stream:
        # The file named may have been swapped between the two looks.
        problem = _kind_error(name, os.fstat(stream.fileno()).st_mode)
        if problem:
            raise problem
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, os.strerror(errno.EFBIG), name)
    return data


def read_text(path: str | Path, limit: int) -> str:
    """`read_bytes` as UTF-8 text; a byte-order mark at its start (Notepad writes one) is
    dropped. Raises OSError, or UnicodeDecodeError for a file that is not UTF-8."""
    return read_bytes(path, limit).decode("utf-8-sig")


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` (UTF-8) beside `path`, then rename it over `path` in one step."""
    write_all_atomic({path: text})


def write_all_atomic(files: Mapping[str | Path, str]) -> None:
    """Several files (a report and its JSON) written together: each is written in full beside
    its place first, and only when all are ready do they take their names. A file that cannot
    be written leaves every old file as it was and no new one behind."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            target = Path(path)
            old = _replaceable(target)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((temporary, target))
            # mkstemp makes the file private (0600). A report replacing one keeps that one's
            # mode (a report made private stays so); a new one gets the mode any new file of
            # the user gets.
            os.chmod(temporary, stat.S_IMODE(old.st_mode) if old else 0o666 & ~_umask())
            if old is not None and hasattr(os, "chown"):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(temporary, old.st_uid, old.st_gid)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, target in staged:
            _replaceable(target)  # still what it was when the writing began
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise


def _replaceable(target: Path) -> os.stat_result | None:
    """The ordinary file at `target` that a new one may replace, or None where there is
    none. Raises OSError for anything else at the path: a folder, and also a symbolic link,
    a pipe or a device, which a rename would replace by a file (`/dev/stdout` included)."""
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(found.st_mode):
        raise NotAFileError(str(target))
    problem = _kind_error(str(target), found.st_mode)
    if problem:
        raise problem
    return found


def write_problem(path: str | Path) -> OSError | None:
    """Why a file could not be written at `path`, found without writing anything (so that a
    run does not end on a report it cannot save), or None when it looks writable."""
    target = Path(path)
    if not str(path).strip():
        return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    try:
        old = _replaceable(target)
    except OSError as exc:
        return exc
    folder = target.parent
    if not folder.is_dir():
        return FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(folder))
    if _read_only(folder):
        return OSError(errno.EROFS, os.strerror(errno.EROFS), str(folder))
    if not os.access(folder, os.W_OK) or (old is not None and not os.access(target, os.W_OK)):
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))
    return None


def _read_only(folder: Path) -> bool:
    """Whether `folder` is on a disk mounted read-only (where the system has a way to ask)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _umask() -> int:
    """The process's umask: Python reads it only by setting it, so it is set straight back."""
    current = os.umask(0o022)
    os.umask(current)
    return current
