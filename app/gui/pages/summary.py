"""The summary: one verdict in plain words, each step's status and code, the next actions,
and the report to save or copy.
"""

from __future__ import annotations

from app.core.messages import catalogue
from app.core.model import RunReport
from app.core.outputs.it_request import needs_it_request
from app.core.outputs.refcode import reference_or_none
from app.core.outputs.watch import failing_checks
from app.gui import i18n
from app.gui.flow import STEPS
from app.gui.qt import (
    QAbstractItemView,
    QEvent,
    QFont,
    QFontDatabase,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.gui.widgets import status as look


class SummaryPage(QWidget):
    save_requested = Signal()
    copy_requested = Signal()
    it_request_requested = Signal()
    watch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: RunReport | None = None
        self.heading = QLabel()
        font = QFont()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.verdict_icon = QLabel()
        self.verdict = QLabel()
        verdict_font = QFont()
        verdict_font.setPointSizeF(verdict_font.pointSizeF() * 1.25)
        verdict_font.setBold(True)
        self.verdict.setFont(verdict_font)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_text = QLabel()
        self.verdict_text.setWordWrap(True)
        # The code support asks for on the phone: large, fixed-width, selectable.
        self.reference_label = QLabel()
        self.reference = QLabel()
        reference_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        reference_font.setPointSizeF(reference_font.pointSizeF() * 1.5)
        reference_font.setBold(True)
        self.reference.setFont(reference_font)
        self.reference.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.reference_label.setBuddy(self.reference)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.steps_label = QLabel()
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_requested)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_requested)
        self.it_button = QPushButton()
        self.it_button.clicked.connect(self.it_request_requested)
        self.watch_button = QPushButton()
        self.watch_button.clicked.connect(self.watch_requested)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.verdict_icon, 0, Qt.AlignmentFlag.AlignTop)
        verdict_row.addWidget(self.verdict, 1)
        layout.addLayout(verdict_row)
        layout.addWidget(self.verdict_text)
        reference_row = QHBoxLayout()
        reference_row.addWidget(self.reference_label)
        reference_row.addWidget(self.reference)
        reference_row.addStretch(1)
        layout.addLayout(reference_row)
        layout.addWidget(self.table)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.steps)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # What a failing site calls for: a request for its IT, then a retest while they fix.
        fixes = QHBoxLayout()
        fixes.addWidget(self.it_button)
        fixes.addWidget(self.watch_button)
        fixes.addStretch(1)
        layout.addLayout(fixes)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()

    def show_report(self, report: RunReport) -> None:
        self.report = report
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Summary"))
        self.save_button.setText(self.tr("&Save report…"))
        self.copy_button.setText(self.tr("&Copy summary"))
        self.it_button.setText(self.tr("Copy request for &IT"))
        self.it_button.setToolTip(
            self.tr(
                "A ready-to-send message for the site's network administrator: what the station "
                "needs and what failed."
            )
        )
        self.watch_button.setText(self.tr("&Retest until fixed…"))
        self.reference_label.setText(self.tr("Reference code:"))
        self.steps_label.setText(self.tr("Next actions, in order:"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Step"), self.tr("Status"), self.tr("Code"), self.tr("Result")]
        )
        report = self.report
        has_results = bool(report and report.results)
        self.save_button.setEnabled(has_results)
        self.copy_button.setEnabled(has_results)
        self.it_button.setVisible(report is not None and needs_it_request(report))
        self.watch_button.setVisible(report is not None and bool(failing_checks(report)))
        reference = reference_or_none(report) if report and report.results else None
        self.reference.setText(reference or "")
        self.reference.setAccessibleName(self.tr("Reference code"))
        self.reference_label.setVisible(bool(reference))
        self.reference.setVisible(bool(reference))
        if report is None:
            self.verdict.setText(self.tr("Nothing has been checked yet."))
            self.verdict_text.setText(self.tr("Use “Run all” or run the steps one by one."))
            return
        words, lang = catalogue(), i18n.current()
        verdict = words.text(report.verdict.code, lang, report.verdict.params)
        self.verdict_icon.setPixmap(look.pixmap(report.verdict.status, 36))
        self.verdict.setText(look.labelled(look.word(report.verdict.status), verdict.title))
        self.verdict.setAccessibleName(f"{verdict.title} ({report.verdict.code})")
        self.verdict_text.setText(f"{verdict.explanation}\n{report.verdict.code}")
        by_id = {r.id: r for r in report.results}
        rows = [(step.id, check_id) for step in STEPS for check_id in step.checks]
        self.table.setRowCount(len(rows))
        for index, (step_id, check_id) in enumerate(rows):
            number = next(n for n, s in enumerate(STEPS, 1) if s.id == step_id)
            result = by_id.get(check_id)
            name = words.check_name(check_id, lang)
            cells = [
                f"{number}. {name}",
                look.word(result.status) if result else self.tr("Not run"),
                result.code if result else "—",
                words.title(result.code, lang, result.params) if result else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1 and result is not None:
                    item.setIcon(look.icon(result.status))
                self.table.setItem(index, column, item)
        steps = look.steps_html(report.verdict.next_steps)
        self.steps.setText(steps)
        self.steps_label.setVisible(bool(steps))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
