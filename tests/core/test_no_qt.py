"""The core and the command line never load Qt: they start fast and run headless."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

PROBE = """
import io, sys
import app.core, app.core.run, app.core.outputs.document, app.cli
from app.cli import Streams, main
out = io.StringIO()
code = main(["check", "--json", "--only", "firmware,matrix", "--model", "cp6000",
             "--firmware", "2024.03.00.428", "--link", "up", "--vpn", "connected"],
            Streams(out, io.StringIO()))
assert code == 0, (code, out.getvalue())
print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6")))
"""


def test_core_and_check_command_load_no_qt_module() -> None:
    assert importlib.util.find_spec("PySide6") is not None, "PySide6 is installed: a real test"
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
