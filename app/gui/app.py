"""Starting the wizard: the application, its language, its settings, and a safety net that
turns any unexpected error into a plain dialog and a log file instead of a crash.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from app import APP_NAME, __version__
from app.core.rules import RulesError
from app.gui import i18n
from app.gui.qt import QApplication, QMessageBox, QStandardPaths, QWidget
from app.gui.settings import Settings
from app.gui.window import MainWindow
from app.gui.worker import RunController

log = logging.getLogger("station_network_check")


def log_path() -> Path:
    """`%LOCALAPPDATA%\\Station Network Check\\logs` on Windows, `~/.local/share/...` on Linux.

    Not AppLocalDataLocation: it adds the organisation and the application name, which are
    the same here, so the folder's name would appear twice.
    """
    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericDataLocation)) / APP_NAME / "logs"
    return folder / "station-network-check.log"


def start_logging() -> Path:
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.info("%s %s started", APP_NAME, __version__)
    return path


class ErrorReporter:
    """Catches what nothing else caught, logs it with its traceback, and says so plainly."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        self.path, self.parent = path, parent
        self.shown = 0

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(
            args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def handle(self, kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, trace)))
        if self.shown >= 3 or QApplication.instance() is None:
            return
        self.shown += 1
        QMessageBox.critical(self.parent, APP_NAME, QApplication.translate(
            "ErrorReporter",
            "Something went wrong inside {name}: {error}\n\nThe details are in {path}. "
            "Send that file to support. You can go on using the window.").format(
                name=APP_NAME, error=f"{kind.__name__}: {error}", path=str(self.path)))


def build_window(app: QApplication, settings: Settings | None = None,
                 controller: RunController | None = None) -> MainWindow:
    settings = settings or Settings()
    translations = i18n.Translations(app)
    translations.apply(i18n.default_language(settings.language))
    window = MainWindow(controller or RunController(), settings, translations)
    return window


def run_gui(argv: Sequence[str]) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
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
    reporter.parent = window
    window.show()
    return app.exec()
