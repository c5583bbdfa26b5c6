"""The main window: the step list along the side, one page a step, Run all, Cancel, Back, Next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app import APP_NAME, __version__
from app.core.evidence import AdapterEvidence
from app.core.model import CheckResult, Probe, RunInputs, RunReport
from app.core.outputs.compare import ReportFileError, load_report
from app.core.outputs.document import to_document
from app.core.outputs.it_request import build_it_request
from app.core.outputs.privacy import Privacy
from app.core.outputs.refcode import (
    MAX_STEPS,
    Reference,
    decode,
    reference_or_none,
    reference_report,
)
from app.core.outputs.report_html import render_html
from app.core.outputs.text import summary_text
from app.core.run import run_checks
from app.core.util.controls import json_text
from app.core.util.files import write_all_atomic
from app.gui import i18n
from app.gui.dialogs.compare import CompareDialog
from app.gui.dialogs.firewall import FirewallRulesDialog
from app.gui.dialogs.reference import ReferenceDialog
from app.gui.dialogs.watch import WatchDialog
from app.gui.flow import (
    OFFLINE,
    PAGES,
    STEPS,
    SUMMARY,
    Step,
    StepStatus,
    WizardState,
    default_region,
    probes_from,
    run_all_checks,
    saved_data_path,
)
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
    QDesktopServices,
    QEvent,
    QFileDialog,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QLocale,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QShortcut,
    QSize,
    QStackedWidget,
    Qt,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
)
from app.gui.settings import Settings
from app.gui.widgets import status as look
from app.gui.worker import RunController, WatchController


class Notice(QFrame):
    """A line across the window, for what the window says about itself: a saved report on
    screen, a report just saved. Its text is plain: it can hold a file's or a report's words."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.buttons: list[QPushButton] = []
        # The words take the whole width and the buttons go below them: the width the text
        # wraps at is then the banner's own, known on the first layout pass, not what the
        # buttons beside it leave once their (translated) words are measured.
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        self.row = QHBoxLayout()
        self.row.addStretch(1)
        column.addLayout(self.row)
        self.hide()

    def show_text(self, text: str) -> None:
        """Show `text`, laid out at once: the window's layout runs again now, so the new
        height is taken in this pass, never cut until the next one."""
        self.text.setText(text)
        self.show()
        self.updateGeometry()  # forget the height kept for the old words
        holder = self.parentWidget()
        layout = holder.layout() if holder is not None else None
        if layout is not None:
            layout.invalidate()
            layout.activate()

    def add_button(self) -> QPushButton:
        button = QPushButton()
        self.row.addWidget(button)
        self.buttons.append(button)
        return button


class MainWindow(QMainWindow):
    def __init__(
        self, controller: RunController, settings: Settings, translations: i18n.Translations
    ) -> None:
        super().__init__()
        self.controller, self.settings, self.translations = controller, settings, translations
        self.state = WizardState()
        rules = controller.rules

        self.step_list = QListWidget()
        # A long step name wraps in a narrow window rather than scroll the list sideways.
        self.step_list.setWordWrap(True)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.step_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._step_list_shown: list[tuple[str, StepStatus, str]] = []
        # Results arrive in bursts (every probe of a run ends at once): one paint for a burst.
        self.paint_timer = QTimer(self)
        self.paint_timer.setSingleShot(True)
        self.paint_timer.setInterval(0)
        self.paint_timer.timeout.connect(self._paint)
        self.pages = QStackedWidget()
        # One page a step of the procedure, numbered in its order (a step without a page
        # here stops the window from being built: tests/gui/test_steps_and_pages.py).
        page_for: dict[str, Callable[[Step, int], StepPage]] = {
            "adapter": lambda step, n: AdapterPage(
                step, n, controller.list_adapters, rules.regions
            ),
            "dns": DnsPage,
            "ports": lambda step, n: PortsPage(step, n, rules.ports),
            "firmware": lambda step, n: FirmwarePage(step, n, rules.firmware),
            "matrix": MatrixPage,
        }
        self.step_pages: dict[str, StepPage] = {
            step.id: page_for[step.id](step, number) for number, step in enumerate(STEPS, 1)
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
        self.summary.firewall_rules_requested.connect(self._on_summary_firewall_rules_requested)
        self.summary.watch_requested.connect(self._on_summary_watch_requested)
        self.watch_dialog: WatchDialog | None = None
        self.firewall_dialog: FirewallRulesDialog | None = None
        self.reference_dialog: ReferenceDialog | None = None
        """The code and the run it told, while that run is on screen."""
        self.step_list.currentRowChanged.connect(self._on_step_list_row_changed)

        self.run_all_button = QPushButton()
        # The one primary action: filled, bold, the same in both languages.
        self.run_all_button.setObjectName("primary")
        self.run_all_button.setStyleSheet(look.PRIMARY_STYLE)
        self.run_all_button.setDefault(True)
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
        # A saved report on screen says so above every page, with the way back.
        self.saved_banner = Notice("savedBanner")
        self.live_button = self.saved_banner.add_button()
        self.live_button.clicked.connect(self.back_to_live)
        self.saved_notice = Notice("savedNotice")
        self.open_saved_button = self.saved_notice.add_button()
        self.show_folder_button = self.saved_notice.add_button()
        self.dismiss_notice_button = self.saved_notice.add_button()
        self.open_saved_button.clicked.connect(self._on_open_saved_clicked)
        self.show_folder_button.clicked.connect(self._on_show_folder_clicked)
        self.dismiss_notice_button.clicked.connect(self.saved_notice.hide)
        self.saved_paths: tuple[Path, Path] | None = None
        right = QVBoxLayout()
        right.addWidget(self.saved_banner)
        right.addWidget(self.saved_notice)
        right.addWidget(self.pages, 1)
        top = QHBoxLayout()
        top.addWidget(self.step_list)
        top.addLayout(right, 1)
        top.setStretch(0, 0)
        # Run all, Cancel, Back and Next across the whole window: room for their words in
        # both languages even when a large scale leaves the window narrow.
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top, 1)
        layout.addLayout(nav)
        self.setCentralWidget(central)
        self._build_menus()

        controller.probe_reported.connect(self._on_controller_probe_reported)
        controller.result_ready.connect(self._on_controller_result_ready)
        controller.run_finished.connect(self._on_controller_run_finished)
        controller.run_failed.connect(self._on_controller_run_failed)
        translations.language_changed.connect(self._on_translations_language_changed)

        locale = QLocale.system().name()
        region = default_region(locale, settings.region, rules.regions)
        self.adapter_page.show_inputs(RunInputs(region=region or ""))
        self.step_pages["firmware"].show_inputs(RunInputs(model=settings.model))
        self.state.inputs = self.current_inputs()
        self.fit_to_screen(settings.geometry)
        self.step_list.setCurrentRow(0)
        self.retranslate()
        self._paint()

    @property
    def adapter_page(self) -> AdapterPage:
        page = self.step_pages["adapter"]
        assert isinstance(page, AdapterPage)
        return page

    def fit_to_screen(self, geometry: bytes | None = None) -> None:
        """The first size and the minimum from the screen's available room, at any scale:
        Run all, Back and Next are always on the screen; a remembered size is kept when it
        still fits."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        # The title bar and borders are outside the window's own size.
        frame = QSize(16, 40)
        width, height = room.width() - frame.width(), room.height() - frame.height()
        self.setMinimumSize(min(560, width), min(360, height))
        self.step_list.setMaximumWidth(max(120, min(230, width // 4)))
        restored = bool(geometry) and self.restoreGeometry(geometry or b"")
        if restored and self.width() <= width and self.height() <= height:
            return
        self.resize(min(1100, int(width * 0.92)), min(760, int(height * 0.92)))
        self.move(
            room.x() + (room.width() - self.width()) // 2,
            room.y() + (room.height() - self.height() - frame.height()) // 2,
        )

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
        self.reference_action = QAction(self)
        self.reference_action.triggered.connect(self._on_reference_triggered)
        self.report_menu.addAction(self.open_action)
        self.report_menu.addAction(self.reference_action)
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
        self.reference_action.setText(self.tr("&Read a reference code…"))
        self.step_list.setAccessibleName(self.tr("Steps"))
        self.about_action.setText(self.tr("&About {name}").format(name=APP_NAME))
        self.language_actions[i18n.current()].setChecked(True)
        self.run_all_button.setText(self.tr("R&un all"))
        self.run_all_button.setToolTip(self.tr("Run every automatic check at once (Ctrl+R)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the checks (Esc)"))
        self.back_button.setText(self.tr("< &Back"))
        self.next_button.setText(self.tr("&Next >"))
        self.live_button.setText(self.tr("Back to live chec&ks"))
        self.open_saved_button.setText(self.tr("&Open"))
        self.show_folder_button.setText(self.tr("Show fol&der"))
        self.dismiss_notice_button.setText(self.tr("Close"))
        self._paint()

    def _status_word(self, status: StepStatus) -> str:
        if status.running:
            return self.tr("checking")
        if status.cancelled:
            return self.tr("Cancelled")
        if status.status is None:
            return self.tr("not run")
        return look.word(status.status)

    def _update_step_list(self) -> None:
        shown: list[tuple[str, StepStatus, str]] = []
        for row, page_id in enumerate(PAGES):
            item = self.step_list.item(row)
            if page_id == SUMMARY:
                status = self.state.summary_status()
                name = self.tr("Summary")
            else:
                status = self.state.step_status(page_id)
                name = f"{row + 1}. {self.step_pages[page_id].title()}"
            word = self._status_word(status)
            shown.append((name, status, word))
            if self._step_list_shown[row : row + 1] == [(name, status, word)]:
                continue  # unchanged: each item change lays the list out again
            item.setText(name)
            item.setIcon(look.step_icon(status.status, status.running, status.cancelled))
            item.setToolTip(word)
            # Screen readers read the step's status with its name: never colour alone.
            item.setData(Qt.ItemDataRole.AccessibleTextRole, look.labelled(name, word))
        if [n for n, _, _ in shown] != [n for n, _, _ in self._step_list_shown]:
            self._fit_step_list([n for n, _, _ in shown])
        self._step_list_shown = shown

    def _fit_step_list(self, names: list[str]) -> None:
        """Wide enough for the longest word of a step's name: names wrap between words,
        never inside one."""
        metrics = self.step_list.fontMetrics()
        longest = max(metrics.horizontalAdvance(w) for name in names for w in name.split())
        chrome = self.step_list.iconSize().width() + 2 * self.step_list.frameWidth() + 48
        self.step_list.setMinimumWidth(longest + chrome)

    # Navigation.
    def go(self, index: int) -> None:
        if 0 <= index < self.pages.count():
            self.step_list.setCurrentRow(index)

    def _on_step_list_row_changed(self, row: int) -> None:
        if row >= 0:
            self.pages.setCurrentIndex(row)
        self._paint()

    def _paint(self) -> None:
        """Draw what the flow says: each step's status, the pages' cards, the summary, which
        buttons act, what the run is for."""
        self._update_step_list()
        actions = self.state.actions()
        index = self.pages.currentIndex()
        running = set(self.state.running)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.pages.count() - 1)
        self.run_all_button.setEnabled(actions.run)
        self.cancel_button.setEnabled(bool(running))
        context = self._context_text()
        live = self.state.saved is None
        for page in self.step_pages.values():
            page.set_running(live and bool(set(page.step.checks) & running))
            page.set_can_run(actions.run)
            # Inputs a running check rests on wait for its answer; what sends nothing does not.
            page.set_read_only(not live or (page is self.adapter_page and bool(running)))
            page.set_context(context)
        if PAGES[index] == SUMMARY:
            self.summary.set_context(context)
            self.summary.show_report(
                self.state.report(), running=bool(running) and live, actions=actions
            )
        self._show_saved_banner()

    def _context_text(self) -> str:
        """Region, endpoint and adapter of what is shown, in every page's header."""
        inputs = self.state.shown_inputs()
        words = i18n.words()
        chosen = self.state.saved is not None or self.adapter_page.valid()
        if chosen and inputs.region in self.controller.rules.regions:
            region = words.term(f"REGION_{inputs.region.upper()}")
            # What was tested, when a run or a saved report says; else what a run would test.
            shown = self.state.shown_endpoint()
            endpoint = shown or self.controller.rules.endpoint_for(inputs)
            where = self.tr("Region: {region} ({endpoint})").format(
                region=region, endpoint=endpoint
            )
        else:
            where = self.tr("Region: not chosen yet (step 1)")
        adapter = inputs.interface
        result = self.state.shown_results().get("adapter")
        found = result.evidence_as(AdapterEvidence) if result is not None else None
        if found is not None and found.adapter is not None and found.adapter.friendly_name:
            adapter = found.adapter.friendly_name
        shown = adapter or self.tr("automatic")
        return self.tr("{where} · Adapter: {adapter}").format(where=where, adapter=shown)

    # Running.
    def current_inputs(self) -> RunInputs:
        inputs = self.state.inputs
        for page in self.step_pages.values():
            inputs = page.apply(inputs)
        return inputs

    def run_all(self) -> bool:
        ready = tuple(c for c in OFFLINE if self.step_pages[c].valid())
        return self.start(run_all_checks(ready))

    def start(self, checks: tuple[str, ...]) -> bool:
        """Run `checks` on the live site, once the run is for a chosen region."""
        if self.controller.is_running() or self.state.saved is not None:
            return False
        if not self.adapter_page.valid():
            self.go(PAGES.index("adapter"))
            self.adapter_page.region.setFocus()
            self.statusBar().showMessage(
                self.tr(
                    "Choose the station's region first: it decides which VPN endpoint is tested."
                )
            )
            return False
        self._take_inputs()
        running = self.state.begin(checks)
        for page in self.step_pages.values():
            page.begin(running)
        started = self.controller.start(
            self.state.run_inputs(checks), known=self.state.known_for(checks)
        )
        if not started:
            self.state.fail()
        self.statusBar().showMessage(self.tr("Checking…"))
        self._paint()
        return started

    def _take_inputs(self) -> set[str]:
        """The pages' inputs become the live ones; results resting on the old ones go."""
        dropped = self.state.change_inputs(self.current_inputs())
        for check_id in dropped:
            for page in self.step_pages.values():
                page.forget(check_id)
        self.settings.region = self.state.inputs.region
        if self.state.inputs.model:
            self.settings.model = self.state.inputs.model
        return dropped

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
        or adapter makes the network results, taken for another, meaningless: they go."""
        if self.state.saved is not None:
            return
        self._take_inputs()
        ready = tuple(check for check in OFFLINE if self.step_pages[check].valid())
        for check in OFFLINE:
            if check not in ready and self.state.results.pop(check, None) is not None:
                self.step_pages[check].forget(check)
        if ready and not self.controller.is_running():
            self.evaluate_offline(ready)
        else:
            self._paint()

    def evaluate_offline(self, checks: tuple[str, ...]) -> None:
        if self.state.saved is not None:
            return
        self._take_inputs()
        report = run_checks(
            self.state.run_inputs(checks),
            self.controller.rules,
            adapters=self.controller.list_adapters,
            known=self.state.known_for(checks),
        )
        for result in report.results:
            self._record(result)
        self._paint()

    def _record(self, result: CheckResult) -> None:
        self.state.record(result)
        if self.state.saved is None:
            for page in self.step_pages.values():
                page.show_result(result)

    def _show_live_results(self) -> None:
        """The cards show exactly the live state's results (a Cancel's unfinished ones go)."""
        for page in self.step_pages.values():
            page.show_results(self.state.results)

    def _on_controller_probe_reported(self, probe: Probe) -> None:
        if self.state.saved is None:
            for page in self.step_pages.values():
                page.show_probe(probe)

    def _on_controller_result_ready(self, result: CheckResult) -> None:
        self._record(result)
        self.paint_timer.start()

    def _on_controller_run_finished(self, report: RunReport) -> None:
        offline = self.state.finish(report, (c for c in OFFLINE if self.step_pages[c].valid()))
        self._show_live_results()
        message = self.tr("Cancelled.") if report.cancelled else self.tr("Done.")
        self.statusBar().showMessage(message, 8000)
        # The station's readings are ranked again with the laptop's new evidence.
        if offline:
            self.evaluate_offline(offline)
        self._paint()

    def _on_controller_run_failed(self, message: str) -> None:
        self.state.fail()
        self._paint()
        QMessageBox.warning(
            self, APP_NAME, self.tr("The checks could not run: {error}").format(error=message)
        )

    def replay(self, report: RunReport) -> None:
        """Show a recorded run as if it had just happened here (the screenshots' run): its
        inputs, rows and results become the live ones."""
        self.state = WizardState(
            inputs=report.inputs,
            started_at=report.started_at,
            cancelled=report.cancelled,
            endpoint=report.endpoint,
        )
        for page in self.step_pages.values():
            page.show_inputs(report.inputs)
        self._paint_results({r.id: r for r in report.results})
        for result in report.results:
            self.state.record(result)
        self.state.made_by = report.made_by  # its reference code is the one given that day
        self._paint()

    def _paint_results(self, results: dict[str, CheckResult]) -> None:
        for page in self.step_pages.values():
            page.clear()
            for check_id in page.step.checks:
                if check_id in results:
                    page.show_rows(check_id, probes_from(results[check_id]))
            page.show_results(results)

    def show_saved(self, report: RunReport, reference: str | None = None) -> None:
        """A saved report, read-only, as it was that day: the live inputs and results wait
        underneath, untouched, for Back to live checks. `reference`: the code it was read
        from, when it was."""
        self.state.open_saved(report, reference)
        for page in self.step_pages.values():
            page.show_inputs(report.inputs)
        self._paint_results({r.id: r for r in report.results})
        self._paint()

    def back_to_live(self) -> None:
        self.state.close_saved()
        for page in self.step_pages.values():
            page.show_inputs(self.state.inputs)
        self._paint_results(self.state.results)
        self._paint()

    def _show_saved_banner(self) -> None:
        report = self.state.saved
        if report is None:
            self.saved_banner.hide()
            return
        self.saved_banner.show_text(self._saved_description(report))

    def _saved_description(self, report: RunReport) -> str:
        if self.state.saved_reference is not None:
            return self._reference_description(self.state.saved_reference, report)
        try:
            when = datetime.fromisoformat(report.started_at).astimezone()
            shown = when.strftime("%Y-%m-%d %H:%M")
        except ValueError:
            shown = report.started_at
        adapter = report.inputs.interface or ""
        result = report.result("adapter")
        found = result.evidence_as(AdapterEvidence) if result is not None else None
        if found is not None and found.adapter is not None and found.adapter.friendly_name:
            adapter = found.adapter.friendly_name
        return self.tr(
            "Saved report, not the live site: checked {when} · Adapter: {adapter} · "
            "Version {version} · Reference code {reference}. Run all and retests act on the "
            "live site: go back to live checks first."
        ).format(
            when=shown,
            adapter=adapter or self.tr("automatic"),
            version=report.made_by or __version__,
            reference=reference_or_none(report) or "—",
        )

    def _reference_description(self, code: str, report: RunReport) -> str:
        """Only what is true: when the code was read out here (a code does not carry when
        its run was made), and what it cannot carry."""
        when = datetime.fromisoformat(report.started_at).astimezone().strftime("%Y-%m-%d %H:%M")
        words = i18n.words()
        parts = [
            self.tr(
                "From reference code {code} (version {version}), read out here at {when}: the "
                "site host's results, not the live site; the code does not say when they ran."
            ).format(code=code, when=when, version=report.made_by or __version__),
            words.term("REFCODE_NOT_CARRIED_SHORT"),
        ]
        reference = decode(code)
        if reference.steps is None:
            parts.append(words.term("REFCODE_NO_STEPS"))
        elif reference.more_steps:
            parts.append(words.term("REFCODE_MORE_STEPS", {"count": MAX_STEPS}))
        return " ".join(parts)

    # Report.
    def _on_summary_save_requested(self) -> None:
        if not self.state.actions().save:
            return
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
        report, words = self.state.report(), i18n.words()
        privacy = Privacy.of_this_machine()  # one filter for the page and its data
        try:
            # Both files or neither: the .json beside the page is what support reads back.
            write_all_atomic(
                {
                    html_path: render_html(report, words, privacy=privacy),
                    json_path: json_text(to_document(report, words, privacy=privacy)) + "\n",
                }
            )
        except OSError as exc:
            QMessageBox.warning(
                self,
                APP_NAME,
                self.tr(
                    "The report could not be saved in {folder}: {error}. Nothing was lost: choose "
                    "another place and try again."
                ).format(folder=str(html_path.parent), error=words.os_error(exc)),
            )
            return None
        self.saved_paths = (html_path, json_path)
        self.saved_notice.show_text(
            self.tr(
                "Report saved: {page}. Its data ({data}) was written beside it, for support "
                "and for Compare."
            ).format(page=str(html_path), data=json_path.name)
        )
        return html_path, json_path

    def _on_open_saved_clicked(self) -> None:
        if self.saved_paths is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_paths[0])))

    def _on_show_folder_clicked(self) -> None:
        if self.saved_paths is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_paths[0].parent)))

    def _on_summary_copy_requested(self) -> None:
        QApplication.clipboard().setText(self.summary_text())
        self.statusBar().showMessage(self.tr("Summary copied."), 5000)

    def summary_text(self) -> str:
        return summary_text(self.state.report(), i18n.words())

    def _on_summary_it_request_requested(self) -> None:
        request = build_it_request(self.state.report(), i18n.words(), rules=self.controller.rules)
        if request is None:
            return
        QApplication.clipboard().setText(request.text())
        self.statusBar().showMessage(
            self.tr(
                "Request for IT copied: paste it into an email to the site's network administrator."
            ),
            8000,
        )

    def _on_summary_firewall_rules_requested(self) -> None:
        if self.firewall_dialog is not None:
            self.firewall_dialog.close()
        dialog = FirewallRulesDialog(self.state.report(), self.controller.rules, self)
        self.firewall_dialog = dialog
        dialog.show()

    def _on_summary_watch_requested(self) -> None:
        if not self.state.actions().retest:
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
        """The site as it is now: each retested check's latest result replaces the one the
        watch started from, in the card, in the live table and in the summary alike."""
        if self.watch_dialog is None:
            return
        for result in self.state.retest_replaces(self.watch_dialog.report, report):
            self._record(result)
            for page in self.step_pages.values():
                page.show_rows(result.id, probes_from(result))
        if not self.controller.is_running() and self.state.saved is None:
            offline = tuple(c for c in OFFLINE if self.step_pages[c].valid())
            if offline:
                self.evaluate_offline(offline)
        self._paint()

    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a saved report"),
            str(Path.home()),
            self.tr("Saved report (*.json *.html)"),
        )
        if path:
            self.open_report(Path(path))

    def open_report(self, path: Path) -> bool:
        """Show a report saved earlier (its .json, or the page with its .json beside it),
        read-only, as it was when it was saved."""
        if self.controller.is_running():
            return False
        data = saved_data_path(path)
        if data != path and not data.exists():
            QMessageBox.warning(
                self,
                APP_NAME,
                self.tr(
                    "{page} is a report's page; its data, {data}, is not beside it. Open the "
                    ".json file saved with it."
                ).format(page=path.name, data=data.name),
            )
            return False
        try:
            report = load_report(data)
        except ReportFileError as exc:
            QMessageBox.warning(self, APP_NAME, exc.text(i18n.words()))
            return False
        self.show_saved(report)
        self.go(PAGES.index(SUMMARY))
        return True

    def _on_reference_triggered(self) -> None:
        if self.controller.is_running():
            return
        dialog = ReferenceDialog(self)
        self.reference_dialog = dialog
        if dialog.exec() and dialog.reference is not None:
            self.show_reference(dialog.reference)

    def show_reference(self, reference: Reference, read_at: datetime | None = None) -> None:
        """The run a reference code tells, in the saved-report view: the same steps, results,
        codes and verdict as the site host's window, and a banner saying where they came
        from and what the code cannot carry."""
        moment = (read_at or datetime.now(UTC)).isoformat(timespec="seconds")
        self.show_saved(reference_report(reference, moment), reference.code)
        self.go(PAGES.index(SUMMARY))

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
        self._paint()

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
