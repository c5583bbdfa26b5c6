"""What every step page has: a title, what it checks and why, its inputs, a Run button,
live progress rows and one result card a check.
"""

from __future__ import annotations

import dataclasses

from app.core.model import CheckResult, Probe, RunInputs
from app.gui.flow import Step
from app.gui.qt import (
    QEvent,
    QFont,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.gui.widgets.fit import PageScroll
from app.gui.widgets.probe_table import ProbeTable
from app.gui.widgets.result_card import ResultCard


class StepPage(QWidget):
    run_requested = Signal(object)
    """The checks to run, a tuple of ids."""
    inputs_changed = Signal()

    def __init__(self, step: Step, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step, self.number = step, number
        self.heading = QLabel()
        font = QFont()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        # What the run is for (region, endpoint, adapter): the window writes it, as text.
        self.context = QLabel()
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setWordWrap(True)
        self.context.setObjectName("pageContext")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.run_button = QPushButton()
        self.run_button.clicked.connect(self._on_run_clicked)
        self.busy = QLabel()
        self.table: ProbeTable | None = self.make_table()
        self.cards = {check_id: ResultCard() for check_id in step.checks}

        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.addWidget(self.heading)
        self.body.addWidget(self.context)
        self.body.addWidget(self.intro)
        self.build_inputs(self.body)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.busy, 1)
        self.body.addLayout(run_row)
        if self.table is not None:
            self.body.addWidget(self.table)
        for card in self.cards.values():
            self.body.addWidget(card)
        self.body.addStretch(1)
        scroll = PageScroll(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.running = False
        self.read_only = False

    # Hooks a step page fills in.
    def make_table(self) -> ProbeTable | None:
        return None

    def build_inputs(self, layout: QVBoxLayout) -> None:
        """Add the page's own input widgets."""

    def title(self) -> str:
        raise NotImplementedError

    def explanation(self) -> str:
        raise NotImplementedError

    def apply(self, inputs: RunInputs) -> RunInputs:
        """Write the page's widget values into the run's inputs."""
        return inputs

    def show_inputs(self, inputs: RunInputs) -> None:
        """The inverse of `apply`: show these inputs in the page's widgets, without telling
        anyone they changed (the live inputs, or a saved report's)."""

    def input_widgets(self) -> list[QWidget]:
        """The widgets a saved report's view makes read-only."""
        return []

    def valid(self) -> bool:
        return True

    def retranslate_inputs(self) -> None:
        """Translate the page's own input widgets."""

    # Shared behaviour.
    def retranslate(self) -> None:
        self.heading.setText(
            self.tr("Step {number} · {title}").format(number=self.number, title=self.title())
        )
        self.intro.setText(self.explanation())
        self.run_button.setText(self.run_label())
        self.run_button.setAccessibleName(self.run_label())
        self.busy.setText(self.tr("Checking…") if self.running else "")
        self.retranslate_inputs()
        if self.table is not None:
            self.table.retranslate()
        for card in self.cards.values():
            card.retranslate()

    def run_label(self) -> str:
        done = any(card.result is not None for card in self.cards.values())
        return self.tr("Run this step again") if done else self.tr("Run this step")

    def set_running(self, running: bool) -> None:
        self.running = running
        self.busy.setText(self.tr("Checking…") if running else "")

    def set_can_run(self, allowed: bool) -> None:
        """Runs act on the live site: never during a run nor in a saved report's view."""
        self.run_button.setEnabled(allowed and not self.running and self.valid())

    def set_read_only(self, read_only: bool) -> None:
        if read_only == self.read_only:
            return
        self.read_only = read_only
        for widget in self.input_widgets():
            widget.setEnabled(not read_only)

    def set_context(self, text: str) -> None:
        self.context.setText(text)

    def begin(self, checks: tuple[str, ...]) -> None:
        """A run of `checks` starts: clear what the page showed of them."""
        for check_id in checks:
            self.forget(check_id)

    def show_probe(self, probe: Probe) -> None:
        if self.table is not None and probe.check_id in self.step.checks:
            self.table.show_probe(probe)

    def show_result(self, result: CheckResult) -> None:
        card = self.cards.get(result.id)
        if card is not None:
            card.set_result(result)
        self.run_button.setText(self.run_label())

    def show_results(self, results: dict[str, CheckResult]) -> None:
        """Exactly these results on the cards: a check without one shows nothing."""
        for check_id, card in self.cards.items():
            if card.result is not results.get(check_id):
                card.set_result(results.get(check_id))
        self.run_button.setText(self.run_label())

    def show_rows(self, check_id: str, probes: list[Probe]) -> None:
        """Replace the check's live rows by these (a finished result's, or a saved one's)."""
        if self.table is not None and check_id in self.step.checks:
            self.table.drop_rows(check_id)
            for probe in probes:
                self.table.show_probe(probe)

    def forget(self, check_id: str) -> None:
        if check_id in self.cards:
            self.cards[check_id].set_result(None)
            if self.table is not None:
                self.table.drop_rows(check_id)
        self.run_button.setText(self.run_label())

    def clear(self) -> None:
        for check_id in self.step.checks:
            self.forget(check_id)

    def _on_run_clicked(self) -> None:
        self.run_requested.emit(self.step.checks)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def replace(inputs: RunInputs, **changes: object) -> RunInputs:
    return dataclasses.replace(inputs, **changes)  # type: ignore[arg-type]
