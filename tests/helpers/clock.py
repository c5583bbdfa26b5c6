"""A watch's clock that moves only when the watch waits: its rounds run back to back."""

from __future__ import annotations

import threading
from collections.abc import Callable


class FakeClock:
    """Time starts at 0 and moves by exactly what the watch waits for; `on_wait` runs at
    each wait, before the time moves (a test sets the cancel there, as Ctrl+C would)."""

    def __init__(self, on_wait: Callable[[float], None] | None = None) -> None:
        self.time = 0.0
        self.waits: list[float] = []
        self.on_wait = on_wait

    def now(self) -> float:
        return self.time

    def wait(self, cancel: threading.Event, seconds: float) -> bool:
        self.waits.append(seconds)
        if self.on_wait is not None:
            self.on_wait(seconds)
        if cancel.is_set():
            return True
        self.time += seconds
        return False


class SteppedClock(FakeClock):
    """For a watch in another thread: each wait holds until the test lets the time pass with
    `step()` (or the watch is cancelled), so the test acts between two rounds, never racing
    the next one."""

    def __init__(self) -> None:
        super().__init__()
        self._steps = threading.Semaphore(0)

    def step(self) -> None:
        self._steps.release()

    def wait(self, cancel: threading.Event, seconds: float) -> bool:
        self.waits.append(seconds)
        while not cancel.is_set():
            if self._steps.acquire(timeout=0.05):
                self.time += seconds
                return False
        return True
