"""The program run as a technician runs it: the built executable (or `python -m app`) started
from a folder of its own, with nothing of the checkout on its path, its output read back.

The packaging tests and the executable's start-up benchmark all start it this way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

SOURCE = (sys.executable, "-m", "app")
"""The program from source, as `python -m app`."""

OFFLINE_CHECK = (
    "check",
    "--json",
    "--only",
    "firmware,matrix",
    "--model",
    "cp6000",
    "--firmware",
    "2024.03.00.428",
    "--link",
    "up",
    "--vpn",
    "disconnected",
    "--cloud",
    "disconnected",
)
"""A whole `check` that sends nothing on the network: the firmware and the station's readings
only (exit code 1: the readings show the VPN down)."""


def clean_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without what would let a bundle borrow the checkout's
    Python (`PYTHONPATH`, `PYTHONHOME`), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(extra or {})
    return env


def run_program(
    program: Sequence[str] | Path,
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
    **options: Any,
) -> subprocess.CompletedProcess:
    """`program args…` from `cwd` in the clean environment (with `env` added); `options` go to
    `subprocess.run` (`capture_output`, `encoding`, `preexec_fn`…)."""
    command = [str(program)] if isinstance(program, Path) else list(program)
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        env=clean_environment(env),
        timeout=timeout,
        check=False,
        **options,
    )


def without_streams() -> dict[str, Any]:
    """`run_program` options that start it with no standard streams at all, as Windows starts
    a windowed program from Explorer: there, detached from any console; elsewhere, its
    descriptors 1 and 2 closed before it starts."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.DETACHED_PROCESS}  # type: ignore[attr-defined]

    def close_streams() -> None:
        os.close(1)
        os.close(2)

    return {"preexec_fn": close_streams}
