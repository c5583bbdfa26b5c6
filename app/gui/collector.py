"""Python's cycle collector, run on the window's thread only.

Left automatic, the collector runs in whichever thread allocates when a threshold is reached:
a check's worker thread can then free a cycle holding a Qt object, and a Qt object deleted
outside the thread it lives in can crash the program (seen on Windows: an access violation
inside the adapter check's thread). So automatic collection is turned off while the window
lives, and a timer on the window's thread collects instead, generation by generation, as the
automatic collector would have.
"""

from __future__ import annotations

import gc

from app.gui.qt import QObject, QTimer


class GuiThreadCollector(QObject):
    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        gc.disable()
        self._timer.start(self.INTERVAL_MS)

    def stop(self) -> None:
        """Automatic collection back, after one last collection on this thread."""
        self._timer.stop()
        gc.collect()
        gc.enable()

    def _on_timer_timeout(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return
        if counts[2] > thresholds[2]:
            gc.collect(2)
        elif counts[1] > thresholds[1]:
            gc.collect(1)
        else:
            gc.collect(0)
