"""Writing a file so that a failure never leaves half of it, nor loses the old one."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


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
            if target.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((temporary, target))
            # mkstemp makes the file private (0600); a report is an ordinary file, made with
            # the mode any new file of the user gets.
            os.chmod(temporary, 0o666 & ~_umask())
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        for temporary, target in staged:
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask: Python reads it only by setting it, so it is set straight back."""
    current = os.umask(0o022)
    os.umask(current)
    return current
