"""Runs the core's checks off the GUI thread; everything comes back by signal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from app.core.model import CheckResult, RunInputs, RunReport
from app.core.outputs.watch import SYSTEM_CLOCK, Clock, watch
from app.core.platform import AdapterInfo, list_adapters
from app.core.rules import Rules, load_rules
from app.core.run import run_checks
from app.gui.qt import QObject, QThreadPool, Signal


class _Controller(QObject):
    """One piece of work at a time on the thread pool, cancellable, waited for on close.

    Subclasses start their work with `_launch(work, finished, failed)`: `work(cancel)` runs in
    the pool; its return value reaches `finished`, an exception's text reaches `failed`.
    """

    def __init__(
        self,
        adapters: Callable[[], list[AdapterInfo]] = list_adapters,
        rules: Rules | None = None,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.list_adapters = adapters
        self.rules = rules or load_rules()
        self.pool = pool or QThreadPool.globalInstance()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._done.set()

    def is_running(self) -> bool:
        return not self._done.is_set()

    def _launch(self, work: Callable[[threading.Event], Any], finished: Any, failed: Any) -> bool:
        if self.is_running():
            return False
        cancel = self._cancel = threading.Event()
        self._done.clear()

        def run() -> None:
            try:
                outcome = work(cancel)
            except Exception as exc:  # noqa: BLE001 - shown to the user, never lost
                self._done.set()
                failed.emit(f"{type(exc).__name__}: {exc}")
            else:
                self._done.set()
                finished.emit(outcome)

        self.pool.start(run)
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work ends (used when a window closes)."""
        return self._done.wait(timeout)


class RunController(_Controller):
    """One run at a time. Signals arrive in the GUI thread (queued across threads)."""

    probe_reported = Signal(object)
    """A `Probe`: one row of live progress (a port, a server) started or ended."""
    result_ready = Signal(object)
    """A `CheckResult`, as soon as that check ends."""
    run_finished = Signal(object)
    """The `RunReport`, also after Cancel."""
    run_failed = Signal(str)
    """The run itself broke (not a check: those become CHECK_CRASHED results)."""

    def start(self, inputs: RunInputs, known: Mapping[str, CheckResult] | None = None) -> bool:
        return self._launch(
            lambda cancel: run_checks(
                inputs,
                self.rules,
                adapters=self.list_adapters,
                cancel=cancel,
                on_probe=self.probe_reported.emit,
                on_result=self.result_ready.emit,
                known=known,
            ),
            self.run_finished,
            self.run_failed,
        )


class WatchController(_Controller):
    """Retest until fixed: the core's `watch` loop in a worker, its news back by signal."""

    round_done = Signal(object)
    """A `WatchRound`: the round's results and what still fails."""
    transition = Signal(object)
    """A `Transition`: a check turned green (or failed again), with the time it was seen."""
    watch_finished = Signal(object)
    """The `WatchOutcome`, also after Stop."""
    watch_failed = Signal(str)
    clock: Clock = SYSTEM_CLOCK
    """The time the watch waits on; a test gives one that moves when it says."""

    def start(self, report: RunReport, interval: float, bound: float) -> bool:
        return self._launch(
            lambda cancel: watch(
                report,
                self.rules,
                interval=interval,
                bound=bound,
                adapters=self.list_adapters,
                cancel=cancel,
                on_round=self.round_done.emit,
                on_transition=self.transition.emit,
                clock=self.clock,
            ),
            self.watch_finished,
            self.watch_failed,
        )
