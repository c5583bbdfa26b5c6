"""Retest until fixed: while the site's IT changes its rules, the failing checks run again every
few seconds, and each one's turn to green is shown with its time; stops by itself."""

from __future__ import annotations

import math
from datetime import datetime

from app.core.inputs import (
    DEFAULT_WATCH_BOUND_S,
    DEFAULT_WATCH_INTERVAL_S,
    WATCH_BOUND_S,
    WATCH_INTERVAL_S,
)
from app.core.model import RunReport
from app.core.outputs.watch import (
    Transition,
    WatchOutcome,
    WatchRound,
    failing_checks,
)
from app.gui import i18n
from app.gui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.gui.widgets import status as look
from app.gui.worker import WatchController


def local_time(iso: str) -> str:
    """`2026-11-30T09:12:05+00:00` → `09:12:05` on the laptop's clock."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return iso


class WatchDialog(QDialog):
    report_updated = Signal(object)
    """The run with each watched check's latest result: what the site looks like now."""

    def __init__(
        self, report: RunReport, controller: WatchController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.controller = controller
        self.watched = failing_checks(report)
        self.outcome: WatchOutcome | None = None
        self.last_round: WatchRound | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.interval = QSpinBox()
        # The command line's limits; the time limit in whole minutes within them.
        self.interval.setRange(math.ceil(WATCH_INTERVAL_S.low), math.floor(WATCH_INTERVAL_S.high))
        self.interval.setValue(int(DEFAULT_WATCH_INTERVAL_S))
        self.bound = QSpinBox()
        self.bound.setRange(math.ceil(WATCH_BOUND_S.low / 60), math.floor(WATCH_BOUND_S.high / 60))
        self.bound.setValue(int(DEFAULT_WATCH_BOUND_S // 60))
        self.interval_label, self.bound_label = QLabel(), QLabel()
        self.interval_label.setBuddy(self.interval)
        self.bound_label.setBuddy(self.bound)
        self.start_button, self.stop_button = QPushButton(), QPushButton()
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.controller.cancel)
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        self.log = QTableWidget(0, 4)
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.setTabKeyNavigation(False)
        self.log.verticalHeader().hide()
        self.log.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.log.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.interval_label, self.interval)
        form.addRow(self.bound_label, self.bound)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.state)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.buttons)

        controller.round_done.connect(self._on_controller_round_done)
        controller.transition.connect(self._on_controller_transition)
        controller.watch_finished.connect(self._on_controller_watch_finished)
        controller.watch_failed.connect(self._on_controller_watch_failed)
        self.resize(700, 460)
        self.retranslate()
        self._update_buttons()

    # Words.
    def _names(self, check_ids: tuple[str, ...] | list[str]) -> str:
        words = i18n.words()
        return words.check_names(check_ids)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Retest until fixed"))
        self.intro.setText(
            self.tr(
                "While the site's network administrator changes the firewall or DNS, these checks "
                "run again every few seconds, and each one that starts to pass is shown with the "
                "time. The watch stops by itself when they all pass or when the time is up.\n"
                "Checks to retest: {checks}"
            ).format(checks=self._names(self.watched))
        )
        self.interval_label.setText(self.tr("&Every (seconds):"))
        self.bound_label.setText(self.tr("&Stop after (minutes):"))
        self.start_button.setText(self.tr("S&tart"))
        self.stop_button.setText(self.tr("Sto&p"))
        self.log.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Check"), self.tr("Now"), self.tr("Code")]
        )
        self.log.setAccessibleName(self.tr("Changes seen"))
        self._show_state()

    def _show_state(self) -> None:
        if self.outcome is not None:
            ended = self.outcome.ended
            if ended == "all_green":
                text = self.tr("Everything that failed now passes ({rounds} rounds).").format(
                    rounds=self.outcome.rounds
                )
            elif ended == "time_up":
                text = self.tr("Time is up; still failing: {checks}.").format(
                    checks=self._names(self.outcome.failing)
                )
            elif ended == "nothing_to_watch":
                text = self.tr("Nothing is failing: there is nothing to retest.")
            else:
                text = self.tr("Stopped; still failing: {checks}.").format(
                    checks=self._names(self.outcome.failing)
                )
        elif self.last_round is not None:
            minutes, seconds = divmod(int(self.last_round.seconds_left), 60)
            text = self.tr(
                "Round {number}: still failing: {checks}. {minutes}:{seconds:02d} left."
            ).format(
                number=self.last_round.number,
                checks=self._names(self.last_round.failing),
                minutes=minutes,
                seconds=seconds,
            )
        elif self.controller.is_running():
            text = self.tr("Watching…")
        elif not self.watched:
            text = self.tr("Nothing is failing: there is nothing to retest.")
        else:
            text = self.tr("Press Start when the administrator begins the changes.")
        self.state.setText(text)

    # Watching.
    def start(self) -> bool:
        if not self.watched or self.controller.is_running():
            return False
        self.outcome, self.last_round = None, None
        self.log.setRowCount(0)
        started = self.controller.start(
            self.report, float(self.interval.value()), float(self.bound.value() * 60)
        )
        self._update_buttons()
        self._show_state()
        return started

    def _update_buttons(self) -> None:
        running = self.controller.is_running()
        self.start_button.setEnabled(bool(self.watched) and not running)
        self.stop_button.setEnabled(running)
        self.interval.setEnabled(not running)
        self.bound.setEnabled(not running)

    def _on_controller_round_done(self, watch_round: WatchRound) -> None:
        self.last_round = watch_round
        self._show_state()

    def _on_controller_transition(self, transition: Transition) -> None:
        words = i18n.words()
        after = transition.after
        now = self.tr("Passes now") if transition.green else self.tr("Fails again")
        row = self.log.rowCount()
        self.log.insertRow(row)
        cells = [
            local_time(transition.at),
            words.check_name(after.id),
            look.labelled(now, words.title(after.code, after.params)),
            after.code,
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 2:
                item.setIcon(look.icon(after.status))
            self.log.setItem(row, column, item)
        self.log.scrollToBottom()

    def _on_controller_watch_finished(self, outcome: WatchOutcome) -> None:
        self.outcome = outcome
        self._update_buttons()
        self._show_state()
        self.report_updated.emit(outcome.report)

    def _on_controller_watch_failed(self, message: str) -> None:
        self._update_buttons()
        self.state.setText(self.tr("The retest could not run: {error}").format(error=message))

    # Qt events.
    def done(self, result: int) -> None:
        """Closing the window stops the watch (it never goes on unseen)."""
        self.controller.cancel()
        super().done(result)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
