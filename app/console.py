"""The command line from the windowed executable on Windows.

A windowed (GUI-subsystem) program starts with no standard streams: Python sets `sys.stdout`
and `sys.stderr` to None. Run from a terminal, the program attaches to that terminal's console
and writes there; started any other way (Explorer, a scheduled task), its output goes nowhere
and the exit code still tells. Streams the caller redirected (a pipe, a file) are kept.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, Literal, TextIO

ATTACH_PARENT_PROCESS = 0xFFFFFFFF
"""(DWORD)-1: the console of the process that started this one."""

Binding = Literal["inherited", "attached", "none"]


def _kernel32() -> Any:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.AttachConsole.argtypes = [wintypes.DWORD]
    kernel32.AttachConsole.restype = wintypes.BOOL
    return kernel32


def _open_console() -> TextIO:
    # CONOUT$ is the attached console's screen buffer; Python writes it as UTF-16 text, so
    # French is right whatever the console's code page.
    return open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115


def bind_console(
    kernel32: Any = None, open_console: Callable[[], TextIO] = _open_console
) -> Binding:
    """Gives `sys.stdout` and `sys.stderr` somewhere to write when they have none."""
    if sys.stdout is not None and sys.stderr is not None:
        return "inherited"
    if kernel32 is None and sys.platform == "win32":
        kernel32 = _kernel32()
    stream: TextIO | None = None
    if kernel32 is not None and kernel32.AttachConsole(ATTACH_PARENT_PROCESS):
        try:
            stream = open_console()
        except OSError:
            stream = None
    binding: Binding = "attached" if stream is not None else "none"
    if stream is None:
        stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    return binding
