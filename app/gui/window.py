"""The main window: the step list along the side, one page a step, Run all, Cancel, Back, Next."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from app import APP_NAME, __version__
from app.core.messages import catalogue
from app.core.model import NETWORK_CHECKS, CheckResult, Probe, RunInputs, RunReport
from app.core.outputs.compare import ReportFileError, load_report
from app.core.outputs.document import to_document
from app.core.outputs.it_request import build_it_request
from app.core.outputs.privacy import Privacy
from app.core.outputs.report_html import render_html
from app.core.outputs.text import summary_text
from app.core.run import run_checks
from app.core.util.files import write_all_atomic
from app.gui import i18n
from app.gui.dialogs.compare import CompareDialog
from app.gui.dialogs.watch import WatchDialog
from app.gui.flow import PAGES, STEPS, SUMMARY, WizardState, probes_from
from app.gui.pages.adapter import AdapterPage
from app.gui.pages.base import StepPage
from app.gui.pages.dns import DnsPage
from app.gui.pages.firmware import FirmwarePage
from app.gui.pages.matrix import MatrixPage
from app.gui.pages.ports import PortsPage
from app.gui.pages.summary import SummaryPage
from app.gui.qt import (
    QAction,
    QActionGroup,
    QApplication,
    QCloseEvent,
    QEvent,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QShortcut,
    QStackedWidget,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.gui.settings import Settings
from app.gui.widgets import status as look
from app.gui.worker import RunController, WatchController

OFFLINE = ("firmware", "matrix")
"""Checks that send nothing: they are evaluated at once, as the user types."""


class MainWindow(QMainWindow):
    def __init__(
        self, controller: RunController, settings: Settings, translations: i18n.Translations
    ) -> None:
        super().__init__()
        self.controller, self.settings, self.translations = controller, settings, translations
        self.state = WizardState()
        self.running_checks: tuple[str, ...] = ()
        rules = controller.rules

        self.step_list = QListWidget()
        self.step_list.setMaximumWidth(230)
        self.pages = QStackedWidget()
        self.step_pages: dict[str, StepPage] = {
            "adapter": AdapterPage(STEPS[0], 1, controller.list_adapters),
            "dns": DnsPage(STEPS[1], 2, rules.regions),
            "ports": PortsPage(STEPS[2], 3),
            "firmware": FirmwarePage(STEPS[3], 4, rules.firmware),
            "matrix": MatrixPage(STEPS[4], 5),
        }
        self.summary = SummaryPage()
        for page_id in PAGES:
            self.pages.addWidget(self.summary if page_id == SUMMARY else self.step_pages[page_id])
            self.step_list.addItem(QListWidgetItem())
        for page in self.step_pages.values():
            page.run_requested.connect(self._on_page_run_requested)
            page.inputs_changed.connect(self._on_page_inputs_changed)
        self.summary.save_requested.connect(self._on_summary_save_requested)
        self.summary.copy_requested.connect(self._on_summary_copy_requested)
        self.summary.it_request_requested.connect(self._on_summary_it_request_requested)
        self.summary.watch_requested.connect(self._on_summary_watch_requested)
        self.watch_dialog: WatchDialog | None = None
        self.step_list.currentRowChanged.connect(self._on_step_list_row_changed)

        self.run_all_button = QPushButton()
        self.cancel_button = QPushButton()
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.run_all_button.clicked.connect(self.run_all)
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.pages.currentIndex() + 1))
        # Window-wide keys, not button shortcuts: a button's label (with its own &-mnemonic)
        # replaces a shortcut set on the button each time the language changes.
        self.run_all_shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        self.run_all_shortcut.activated.connect(self._on_run_all_shortcut_activated)
        self.cancel_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Cancel), self)
        self.cancel_shortcut.activated.connect(self.controller.cancel)

        nav = QHBoxLayout()
        nav.addWidget(self.run_all_button)
        nav.addWidget(self.cancel_button)
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addLayout(nav)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.step_list)
        layout.addLayout(right, 1)
        self.setCentralWidget(central)
        self._build_menus()

        controller.probe_reported.connect(self._on_controller_probe_reported)
        controller.result_ready.connect(self._on_controller_result_ready)
        controller.run_finished.connect(self._on_controller_run_finished)
        controller.run_failed.connect(self._on_controller_run_failed)
        translations.language_changed.connect(self._on_translations_language_changed)

        self.step_pages["dns"].set_region(settings.region)  # type: ignore[attr-defined]
        self.step_pages["firmware"].set_model(settings.model)  # type: ignore[attr-defined]
        if settings.geometry:
            self.restoreGeometry(settings.geometry)
        else:
            self.resize(1024, 680)
        self.setMinimumSize(720, 480)
        self.step_list.setCurrentRow(0)
        self.retranslate()
        self._update_buttons()

    # Menus and words.
    def _build_menus(self) -> None:
        self.language_menu = self.menuBar().addMenu("")
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in (("en", "English"), ("fr", "Français")):
            action = QAction(name, self, checkable=True)
            action.setData(lang)
            action.triggered.connect(lambda _=False, chosen=lang: self.set_language(chosen))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.report_menu = self.menuBar().addMenu("")
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_action.triggered.connect(self._on_open_triggered)
        self.compare_action = QAction(self)
        self.compare_action.triggered.connect(self._on_compare_triggered)
        self.report_menu.addAction(self.open_action)
        self.report_menu.addAction(self.compare_action)
        self.help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.help_menu.addAction(self.about_action)

    def set_language(self, lang: str) -> None:
        self.translations.apply(lang)
        self.settings.language = lang

    def retranslate(self) -> None:
        self.setWindowTitle(APP_NAME)
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.report_menu.setTitle(self.tr("Re&port"))
        self.open_action.setText(self.tr("&Open a saved report…"))
        self.compare_action.setText(self.tr("&Compare two reports…"))
        self.step_list.setAccessibleName(self.tr("Steps"))
        self.about_action.setText(self.tr("&About {name}").format(name=APP_NAME))
        self.language_actions[i18n.current()].setChecked(True)
        self.run_all_button.setText(self.tr("R&un all"))
        self.run_all_button.setToolTip(self.tr("Run every automatic check at once (Ctrl+R)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the checks (Esc)"))
        self.back_button.setText(self.tr("< &Back"))
        self.next_button.setText(self.tr("&Next >"))
        self._update_step_list()

    def _update_step_list(self) -> None:
        for row, page_id in enumerate(PAGES):
            item = self.step_list.item(row)
            if page_id == SUMMARY:
                item.setText(self.tr("Summary"))
                report = self.state.report()
                item.setIcon(look.icon(report.verdict.status if report.results else None))
                continue
            page = self.step_pages[page_id]
            status = self.state.step_status(page_id)
            running = bool(set(page.step.checks) & set(self.running_checks))
            item.setText(f"{row + 1}. {page.title()}")
            item.setIcon(look.icon(status, running=running))
            word = (
                self.tr("checking")
                if running
                else (look.word(status) if status else self.tr("not run"))
            )
            item.setToolTip(word)
            # Screen readers read the step's status with its name: never colour alone.
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                look.labelled(f"{row + 1}. {page.title()}", word),
            )

    # Navigation.
    def go(self, index: int) -> None:
        if 0 <= index < self.pages.count():
            self.step_list.setCurrentRow(index)

    def _on_step_list_row_changed(self, row: int) -> None:
        if row >= 0:
            self.pages.setCurrentIndex(row)
            if PAGES[row] == SUMMARY:
                self.summary.show_report(self.state.report())
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        running = self.controller.is_running()
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.pages.count() - 1)
        self.run_all_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for page in self.step_pages.values():
            page.set_running(running and bool(set(page.step.checks) & set(self.running_checks)))
            page.run_button.setEnabled(not running and page.valid())

    # Running.
    def current_inputs(self) -> RunInputs:
        inputs = self.state.inputs
        for page in self.step_pages.values():
            inputs = page.apply(inputs)
        return inputs

    def run_all(self) -> None:
        checks = tuple(c for step in STEPS if step.automatic for c in step.checks)
        if self.step_pages["firmware"].valid():
            checks += ("firmware",)
        if self.step_pages["matrix"].valid():
            checks += ("matrix",)
        self.start(checks)

    def start(self, checks: tuple[str, ...]) -> bool:
        if self.controller.is_running():
            return False
        self.state.inputs = self.current_inputs()
        self._remember_inputs()
        self.state.begin(checks)
        self.running_checks = self.state.checks_run_by(checks)
        for page in self.step_pages.values():
            page.begin(self.running_checks)
        started = self.controller.start(
            self.state.run_inputs(checks), known=self.state.known_for(checks)
        )
        self.statusBar().showMessage(self.tr("Checking…"))
        self._update_buttons()
        self._update_step_list()
        return started

    def _remember_inputs(self) -> None:
        self.settings.region = self.state.inputs.region
        if self.state.inputs.model:
            self.settings.model = self.state.inputs.model

    def _on_page_run_requested(self, checks: tuple[str, ...]) -> None:
        if set(checks) <= set(OFFLINE):
            self.evaluate_offline(checks)
        else:
            self.start(checks)

    def _on_run_all_shortcut_activated(self) -> None:
        if self.run_all_button.isEnabled():
            self.run_all()

    def _on_page_inputs_changed(self) -> None:
        """Firmware and readings are judged as they are typed: they send nothing. A new region
        makes the network results, taken for another endpoint, meaningless: they go."""
        inputs = self.current_inputs()
        if inputs.region != self.state.inputs.region and not self.controller.is_running():
            for check_id in self.state.forget(("dns",)):
                for page in self.step_pages.values():
                    page.forget(check_id)
            for page_id in ("dns", "ports"):
                table = self.step_pages[page_id].table
                if table is not None:
                    table.clear_rows()
        self.state.inputs = inputs
        self._remember_inputs()
        ready = tuple(check for check in OFFLINE if self.step_pages[check].valid())
        cleared = tuple(check for check in OFFLINE if check not in ready)
        for check in cleared:
            self.state.results.pop(check, None)
            self.step_pages[check].forget(check)
        if ready and not self.controller.is_running():
            self.evaluate_offline(ready)
        else:
            self._refresh()

    def evaluate_offline(self, checks: tuple[str, ...]) -> None:
        self.state.inputs = self.current_inputs()
        self._remember_inputs()
        report = run_checks(
            self.state.run_inputs(checks),
            self.controller.rules,
            adapters=self.controller.list_adapters,
            known=self.state.known_for(checks),
        )
        for result in report.results:
            self._record(result)
        self._refresh()

    def _record(self, result: CheckResult) -> None:
        self.state.record(result)
        for page in self.step_pages.values():
            page.show_result(result)

    def _refresh(self) -> None:
        self._update_step_list()
        self._update_buttons()
        if PAGES[self.pages.currentIndex()] == SUMMARY:
            self.summary.show_report(self.state.report())

    def _on_controller_probe_reported(self, probe: Probe) -> None:
        for page in self.step_pages.values():
            page.show_probe(probe)

    def _on_controller_result_ready(self, result: CheckResult) -> None:
        self._record(result)
        self._update_step_list()

    def _on_controller_run_finished(self, report: RunReport) -> None:
        self.running_checks = ()
        self.state.cancelled = report.cancelled
        message = self.tr("Stopped.") if report.cancelled else self.tr("Done.")
        self.statusBar().showMessage(message, 8000)
        # The station's readings are ranked again with the laptop's new evidence.
        offline = tuple(
            c
            for c in OFFLINE
            if self.step_pages[c].valid() and c not in {r.id for r in report.results}
        )
        if offline:
            self.evaluate_offline(offline)
        self._refresh()

    def _on_controller_run_failed(self, message: str) -> None:
        self.running_checks = ()
        self._refresh()
        QMessageBox.warning(
            self, APP_NAME, self.tr("The checks could not run: {error}").format(error=message)
        )

    def load_report(self, report: RunReport) -> None:
        """Show a saved run as if it had just happened: its inputs, rows and results."""
        self.state = WizardState(
            inputs=report.inputs, started_at=report.started_at, cancelled=report.cancelled
        )
        dns, firmware = self.step_pages["dns"], self.step_pages["firmware"]
        matrix = self.step_pages["matrix"]
        dns.set_region(report.inputs.region)  # type: ignore[attr-defined]
        firmware.set_model(report.inputs.model)  # type: ignore[attr-defined]
        firmware.version.setText(report.inputs.firmware or "")  # type: ignore[attr-defined]
        for name, combo in matrix.readings.items():  # type: ignore[attr-defined]
            combo.setCurrentIndex(max(combo.findData(getattr(report.inputs, name)), 0))
        for page in self.step_pages.values():
            page.begin(page.step.checks)
        for result in report.results:
            for probe in probes_from(result):
                self._on_controller_probe_reported(probe)
            self._record(result)
        self.state.made_by = report.made_by  # its reference code is the one given that day
        self._refresh()

    # Report.
    def _on_summary_save_requested(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        suggested = str(Path.home() / f"station-network-check-{stamp}.html")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save report"), suggested, self.tr("Web page (*.html)")
        )
        if path and self._may_replace_json_beside(Path(path)):
            self.save_report(Path(path))

    def _may_replace_json_beside(self, html_path: Path) -> bool:
        """The file dialog asks before replacing the page; the .json beside it is asked about
        here when it alone exists (it belongs to another report then)."""
        json_path = html_path.with_suffix(".json")
        if html_path.exists() or not json_path.exists():
            return True
        answer = QMessageBox.question(
            self,
            APP_NAME,
            self.tr("{name} already exists beside it. Replace it with this report's data?").format(
                name=json_path.name
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_report(self, path: Path) -> tuple[Path, Path] | None:
        """The HTML page and, beside it, the same JSON document as `check --json`."""
        html_path = path if path.suffix.lower() in (".html", ".htm") else path.with_suffix(".html")
        json_path = html_path.with_suffix(".json")
        report, lang = self.state.report(), i18n.current()
        privacy = Privacy.of_this_machine()  # one filter for the page and its data
        try:
            # Both files or neither: the .json beside the page is what support reads back.
            write_all_atomic(
                {
                    html_path: render_html(report, lang, privacy=privacy),
                    json_path: json.dumps(
                        to_document(report, lang, privacy=privacy), indent=2, ensure_ascii=False
                    )
                    + "\n",
                }
            )
        except OSError as exc:
            QMessageBox.warning(
                self,
                APP_NAME,
                self.tr(
                    "The report could not be saved in {folder}: {error}. Nothing was lost: choose "
                    "another place and try again."
                ).format(folder=str(html_path.parent), error=catalogue().os_error(exc, lang)),
            )
            return None
        self.statusBar().showMessage(self.tr("Report saved: {path}").format(path=str(html_path)))
        return html_path, json_path

    def _on_summary_copy_requested(self) -> None:
        QApplication.clipboard().setText(self.summary_text())
        self.statusBar().showMessage(self.tr("Summary copied."), 5000)

    def summary_text(self) -> str:
        return summary_text(self.state.report(), catalogue(), i18n.current())

    def _on_summary_it_request_requested(self) -> None:
        request = build_it_request(self.state.report(), i18n.current(), rules=self.controller.rules)
        if request is None:
            return
        QApplication.clipboard().setText(request.text())
        self.statusBar().showMessage(
            self.tr(
                "Request for IT copied: paste it into an email to the site's network administrator."
            ),
            8000,
        )

    def _on_summary_watch_requested(self) -> None:
        if self.controller.is_running():
            return
        if self.watch_dialog is not None:
            self.watch_dialog.close()
        watcher = WatchController(
            self.controller.list_adapters, self.controller.rules, self.controller.pool, self
        )
        dialog = self.watch_dialog = WatchDialog(self.state.report(), watcher, self)
        dialog.report_updated.connect(self._on_watch_dialog_report_updated)
        dialog.show()

    def _on_watch_dialog_report_updated(self, report: RunReport) -> None:
        """The site as it is now: each retested network check's latest result replaces the
        one the watch started from. A result changed in the window meanwhile (a step run
        again) is newer and stays; firmware and the readings are judged again as typed."""
        started_from = self.watch_dialog.report if self.watch_dialog is not None else None
        for result in report.results:
            if result.id not in NETWORK_CHECKS or started_from is None:
                continue
            if self.state.results.get(result.id) is started_from.result(result.id):
                self._record(result)
        if not self.controller.is_running():
            offline = tuple(c for c in OFFLINE if self.step_pages[c].valid())
            if offline:
                self.evaluate_offline(offline)
        self._refresh()

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a saved report"), str(Path.home()), self.tr("Saved report (*.json)")
        )
        if path:
            self.open_report(Path(path))

    def open_report(self, path: Path) -> bool:
        """Show a report saved earlier (its .json file), as it was when it was saved."""
        if self.controller.is_running():
            return False
        try:
            report = load_report(path)
        except ReportFileError as exc:
            QMessageBox.warning(self, APP_NAME, exc.text(catalogue(), i18n.current()))
            return False
        self.load_report(report)
        self.go(PAGES.index(SUMMARY))
        return True

    def _on_compare_triggered(self) -> None:
        CompareDialog(parent=self).exec()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            APP_NAME,
            self.tr(
                "{name} {version}\nTells why a ChargePoint CP6000 or Express Plus station cannot "
                "get online over Ethernet, and what to do about it."
            ).format(name=APP_NAME, version=__version__),
        )

    # Window events.
    def _on_translations_language_changed(self, _lang: str) -> None:
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.settings.geometry = bytes(self.saveGeometry().data())
        self.controller.cancel()
        self.controller.wait(5.0)
        if self.watch_dialog is not None:
            self.watch_dialog.controller.cancel()
            self.watch_dialog.controller.wait(5.0)
        super().closeEvent(event)
