"""`check --watch` as the command line runs it, on a clock the lab test moves: each wait between
two rounds lasts until the test writes a line on this program's standard input (end of input:
the watch is stopped, as by Ctrl+C). The rounds themselves are the real probes in the laptop
namespace; only the intervals are the test's, so no scenario waits real seconds for them.

    python tests/lab/watch_driver.py check --watch 1 … < steps
"""

from __future__ import annotations

import sys
import threading

from app.cli import main


class StdinClock:
    """Time starts at 0 and moves by what the watch waits for, one line of input a wait."""

    def __init__(self) -> None:
        self.time = 0.0

    def now(self) -> float:
        return self.time

    def wait(self, cancel: threading.Event, seconds: float) -> bool:
        if cancel.is_set() or not sys.stdin.readline():
            return True
        self.time += seconds
        return False


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], clock=StdinClock()))
