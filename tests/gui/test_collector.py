"""Cycles are collected on the window's thread, never in a check's worker thread."""

from __future__ import annotations

import gc
import threading

import pytest

from app.gui.collector import GuiThreadCollector

pytestmark = pytest.mark.gui


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_worker_thread_never_collects_and_the_window_thread_does(
    qtbot, collect_on_the_window_thread: GuiThreadCollector
) -> None:
    collected_in: list[str] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            collected_in.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        assert not gc.isenabled()

        def allocate() -> None:
            for _ in range(50 * gc.get_threshold()[0]):
                Cycle()

        worker = threading.Thread(target=allocate, name="check-worker")
        worker.start()
        worker.join()
        assert "check-worker" not in collected_in
        qtbot.waitUntil(lambda: threading.main_thread().name in collected_in, timeout=3000)
    finally:
        gc.callbacks.remove(note)


def test_stopping_gives_automatic_collection_back(qapp) -> None:
    collector = GuiThreadCollector(qapp)
    collector.start()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled()
