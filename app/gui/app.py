"""Starting the wizard: the application, its language, its settings, and a safety net that
turns any unexpected error into a plain dialog and a log file instead of a crash.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from app import APP_ID, APP_NAME, __version__
from app.core.rules import RulesError
from app.core.util.resources import resource_path
from app.gui import i18n
from app.gui.collector import GuiThreadCollector
from app.gui.qt import (
    QApplication,
    QGuiApplication,
    QIcon,
    QMessageBox,
    QObject,
    QStandardPaths,
    Qt,
    QWidget,
    Signal,
)
from app.gui.settings import Settings
from app.gui.window import MainWindow
from app.gui.worker import RunController

log = logging.getLogger("station_network_check")


def log_path() -> Path:
    """`%LOCALAPPDATA%\\Station Network Check\\logs` on Windows, `~/.local/share/...` on Linux.

    Not AppLocalDataLocation: it adds the organisation and the application name, which are
    the same here, so the folder's name would appear twice.
    """
    folder = (
        Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation))
        / APP_NAME
        / "logs"
    )
    return folder / "station-network-check.log"


def start_logging() -> Path:
    """The log, readable by its user only: it holds tracebacks, and their paths and values
    can name the user and the site."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(path, 0o600)  # a log made by an earlier version was open to everyone
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info("%s %s started", APP_NAME, __version__)
    return path


class ErrorReporter(QObject):
    """Catches what nothing else caught, logs it with its traceback, and says so plainly.

    An error in a worker thread is logged there, and its dialog is shown by the window's
    thread (a signal crosses over): widgets are never touched from a worker.
    """

    error_raised = Signal(str)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__()
        self.path, self.owner = path, parent
        self.shown = 0
        self.error_raised.connect(self._on_error_raised)

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(
            args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
        )

    def handle(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, trace)))
        if QApplication.instance() is not None:
            self.error_raised.emit(f"{kind.__name__}: {error}")

    def _on_error_raised(self, error: str) -> None:
        if self.shown >= 3:
            return
        self.shown += 1
        QMessageBox.critical(
            self.owner,
            APP_NAME,
            QApplication.translate(
                "ErrorReporter",
                "Something went wrong inside {name}: {error}\n\nThe details are in {path}. "
                "Send that file to support. You can go on using the window.",
            ).format(name=APP_NAME, error=error, path=str(self.path)),
        )


def no_display() -> bool:
    """On Linux, no X11 or Wayland display and no platform chosen: Qt would abort."""
    if not sys.platform.startswith("linux"):
        return False
    return not any(
        os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    )


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication: the running one, or a new one."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # 125 % and 150 % are scales, not 100 % or 200 %: rounding them would make the window a
    # quarter too large or too small for the screen it was sized for.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    return QApplication(argv or [sys.argv[0]])


def build_window(
    app: QApplication, settings: Settings | None = None, controller: RunController | None = None
) -> MainWindow:
    settings = settings or Settings()
    # Windows does not take the window's icon from the .exe: every window gets it from here.
    app.setWindowIcon(QIcon(str(resource_path("icons", "app.png"))))
    translations = i18n.Translations(app)
    translations.apply(i18n.default_language(settings.language))
    window = MainWindow(controller or RunController(), settings, translations)
    return window


def run_gui(argv: Sequence[str]) -> int:
    if no_display() and QApplication.instance() is None:
        sys.stderr.write(
            f"{APP_ID}: no display to open the window on; run it on a desktop, "
            "or use the command line: python -m app check --help\n"
        )
        return 2
    app = application([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    reporter = ErrorReporter(start_logging())
    reporter.install()
    try:
        window = build_window(app)
    except RulesError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 2
    reporter.owner = window
    collector = GuiThreadCollector(app)
    collector.start()
    window.show()
    try:
        return app.exec()
    finally:
        collector.stop()
