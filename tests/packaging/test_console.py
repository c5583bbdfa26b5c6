"""The command line from the windowed executable: app/console.py with a fake kernel32, and
the real command with no standard streams at all (as Windows starts a windowed program)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TextIO

import pytest
from helpers.program import OFFLINE_CHECK, SOURCE, run_program, without_streams

from app.console import ATTACH_PARENT_PROCESS, bind_console

REPO = Path(__file__).resolve().parents[2]


class FakeKernel32:
    def __init__(self, attaches: bool) -> None:
        self.attaches = attaches
        self.calls: list[int] = []

    def AttachConsole(self, process_id: int) -> int:  # noqa: N802 - the Windows API's name
        self.calls.append(process_id)
        return 1 if self.attaches else 0


class FakeConsole(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.opened = 0

    def open(self) -> TextIO:
        self.opened += 1
        return self


def no_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the test itself: pytest's capture sets its own streams after fixtures run."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)


def test_attaches_to_the_parent_console_and_writes_there(monkeypatch: pytest.MonkeyPatch) -> None:
    no_streams(monkeypatch)
    kernel32, console = FakeKernel32(attaches=True), FakeConsole()
    assert bind_console(kernel32, console.open) == "attached"
    print("Station Network Check 0.1.0")
    print("vérifié", file=sys.stderr)
    assert kernel32.calls == [ATTACH_PARENT_PROCESS] == [0xFFFFFFFF]
    assert console.getvalue() == "Station Network Check 0.1.0\nvérifié\n"


def test_no_console_writes_nothing_and_does_not_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    no_streams(monkeypatch)
    kernel32, console = FakeKernel32(attaches=False), FakeConsole()
    assert bind_console(kernel32, console.open) == "none"
    print("nobody reads this")
    sys.stderr.write("nor this\n")
    assert console.opened == 0 and console.getvalue() == ""
    assert sys.stdout is not None and sys.stderr is not None


def test_a_console_that_cannot_be_opened_is_no_console(monkeypatch: pytest.MonkeyPatch) -> None:
    no_streams(monkeypatch)

    def refuse() -> TextIO:
        raise OSError("CONOUT$ is not available")

    assert bind_console(FakeKernel32(attaches=True), refuse) == "none"
    print("still fine")


def test_streams_the_caller_gave_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    kernel32 = FakeKernel32(attaches=True)
    assert bind_console(kernel32, FakeConsole().open) == "inherited"
    assert kernel32.calls == [] and sys.stdout is out and sys.stderr is err


def test_a_redirected_stdout_stays_and_stderr_goes_to_the_console(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `StationNetworkCheck check --json > report.json` in cmd: the JSON in the file, a usage
    # error still on the screen.
    out, console = io.StringIO(), FakeConsole()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", None)
    assert bind_console(FakeKernel32(attaches=True), console.open) == "attached"
    assert sys.stdout is out and sys.stderr is console


@pytest.mark.skipif(
    sys.platform == "win32", reason="closes the child's descriptors with a POSIX pre-exec hook"
)
@pytest.mark.parametrize(
    ("argv", "exit_code"),
    [
        (["--version"], 0),
        (list(OFFLINE_CHECK), 1),
        (["check", "--only", "nonsense"], 2),
    ],
    ids=["version", "check", "usage"],
)
def test_with_no_standard_streams_the_exit_code_still_tells(
    argv: list[str], exit_code: int
) -> None:
    done = run_program(SOURCE, *argv, cwd=REPO, timeout=60, **without_streams())
    assert done.returncode == exit_code
