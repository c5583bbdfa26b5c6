"""A real main window over the real core, its probes pointed at a loopback site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.gui.app import build_window
from app.gui.collector import GuiThreadCollector
from app.gui.qt import QApplication, QSettings
from app.gui.settings import Settings
from app.gui.window import MainWindow
from app.gui.worker import RunController


@pytest.fixture(autouse=True)
def collect_on_the_window_thread(qapp) -> Iterator[GuiThreadCollector]:
    """As the program does (app.run_gui): no cycle collection in a worker thread."""
    collector = GuiThreadCollector(qapp)
    collector.start()
    yield collector
    collector.stop()
    collector.deleteLater()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot, settings_file, trust_test_ca) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(
        site, lang: str = "en", adapters=None, path: Path | None = None, region: str | None = "us"
    ) -> MainWindow:
        settings = Settings(QSettings(str(path or settings_file), QSettings.Format.IniFormat))
        if settings.language is None:
            settings.language = lang
        if settings.region is None and region is not None:
            settings.region = region  # the test machine's locale names no country
        controller = RunController(adapters or site.adapters, site.rules)
        window = build_window(QApplication.instance(), settings, controller)
        # What the wizard has no field for (the test site's endpoint, NTP server, time-out).
        window.state.inputs = site.inputs()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.controller.cancel()
        window.controller.wait(5.0)
        window.translations.apply("en")
