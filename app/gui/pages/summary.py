"""The summary: one verdict in plain words, each step's status and code, the next steps,
and the report to save or copy.
"""

from __future__ import annotations

from app.core.model import RunReport, Status
from app.core.outputs.refcode import reference_or_none
from app.gui import i18n
from app.gui.flow import STEPS, Actions
from app.gui.qt import (
    QAbstractItemView,
    QColor,
    QEvent,
    QFont,
    QFontDatabase,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from app.gui.widgets import status as look
from app.gui.widgets.fit import FittingTable, FlowLayout, PageScroll


class SummaryPage(QWidget):
    save_requested = Signal()
    copy_requested = Signal()
    it_request_requested = Signal()
    firewall_rules_requested = Signal()
    watch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: RunReport | None = None
        self.running = False
        self.allowed: Actions | None = None
        self.heading = QLabel()
        font = QFont()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.context = QLabel()
        self.context.setTextFormat(Qt.TextFormat.PlainText)
        self.context.setWordWrap(True)
        # The verdict banner: colour, icon and words, the largest thing on the page.
        self.banner = QFrame()
        self.banner.setObjectName("verdictBanner")
        self.verdict_icon = QLabel()
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        verdict_font = QFont()
        verdict_font.setPointSizeF(verdict_font.pointSizeF() * 1.7)
        verdict_font.setBold(True)
        self.verdict.setFont(verdict_font)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict_text = QLabel()
        self.verdict_text.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_text.setWordWrap(True)
        # The result code: for support, smaller and quieter than the words.
        self.verdict_code = look.secondary(QLabel())
        self.verdict_code.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict_code.setObjectName("secondary")
        # The code support asks for on the phone: below the verdict, fixed-width, selectable.
        self.reference_label = QLabel()
        self.reference = QLabel()
        self.reference.setTextFormat(Qt.TextFormat.PlainText)
        reference_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        reference_font.setPointSizeF(reference_font.pointSizeF() * 1.3)
        reference_font.setBold(True)
        self.reference.setFont(reference_font)
        self.reference.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.reference_label.setBuddy(self.reference)
        self.table = FittingTable(0, 4)
        self.table.fold_when_narrow((1, 2), into=3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
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
        self.firewall_button = QPushButton()
        self.firewall_button.clicked.connect(self.firewall_rules_requested)
        self.watch_button = QPushButton()
        self.watch_button.clicked.connect(self.watch_requested)

        banner = QHBoxLayout(self.banner)
        banner.addWidget(self.verdict_icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(self.verdict)
        words.addWidget(self.verdict_text)
        words.addWidget(self.verdict_code)
        banner.addLayout(words, 1)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.context)
        layout.addWidget(self.banner)
        reference_row = FlowLayout()
        reference_row.addWidget(self.reference_label)
        reference_row.addWidget(self.reference)
        layout.addLayout(reference_row)
        layout.addWidget(self.steps_label)
        layout.addWidget(self.steps)
        # A row that flows onto a second line when the page is narrow: never cut at its edge.
        buttons = FlowLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.copy_button)
        # What a failing site calls for: a request for its IT, then a retest while they fix.
        buttons.addWidget(self.it_button)
        buttons.addWidget(self.firewall_button)
        buttons.addWidget(self.watch_button)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        layout.addStretch(1)
        scroll = PageScroll(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.retranslate()

    def set_context(self, text: str) -> None:
        self.context.setText(text)

    def show_report(
        self, report: RunReport, running: bool = False, actions: Actions | None = None
    ) -> None:
        """The run so far; while it runs, a verdict is not yet earned and the actions on it
        wait."""
        self.report = report
        self.running = running
        self.allowed = actions
        self.retranslate()

    def _paint_banner(self, status: Status | None, colour: str, symbol: str) -> None:
        self.verdict_icon.setPixmap(look.symbol_pixmap(colour, symbol, 44))
        tint = look.TINTS.get(status, "#f6f8fa") if status is not None else "#f6f8fa"
        self.banner.setStyleSheet(
            f"#verdictBanner {{ background: {tint}; border-left: 8px solid {colour}; "
            "border-radius: 4px; }"
        )

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
        self.firewall_button.setText(self.tr("&Firewall rules…"))
        self.firewall_button.setToolTip(
            self.tr(
                "The rules the site's firewall needs, as a table (CSV) or for nftables or "
                "iptables, to copy or save."
            )
        )
        self.watch_button.setText(self.tr("&Retest until fixed…"))
        self.reference_label.setText(self.tr("Reference code:"))
        self.steps_label.setText(self.tr("Next steps, in order:"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Step"), self.tr("Status"), self.tr("Code"), self.tr("Result")]
        )
        report, actions = self.report, self.allowed
        has_results = bool(report and report.results) and not self.running
        self.save_button.setEnabled(actions.save if actions else has_results)
        self.copy_button.setEnabled(actions.copy if actions else has_results)
        self.it_button.setVisible(bool(actions and actions.it_request))
        self.firewall_button.setVisible(bool(actions and actions.firewall_rules))
        self.watch_button.setVisible(bool(actions and actions.retest))
        reference = reference_or_none(report) if has_results and report else None
        self.reference.setText(reference or "")
        self.reference.setAccessibleName(self.tr("Reference code"))
        self.reference_label.setVisible(bool(reference))
        self.reference.setVisible(bool(reference))
        self._fill_table()
        if self.running:
            self._paint_banner(None, look.RUNNING_COLOUR, "…")
            self.verdict.setText(self.tr("Checks in progress…"))
            self.verdict_text.setText(
                self.tr("The verdict comes when the checks end; Cancel (Esc) stops them.")
            )
            self._hide_verdict_details()
            return
        if report is None or not report.results:
            self._paint_banner(None, look.NOT_RUN_COLOUR, "")
            self.verdict.setText(self.tr("Nothing has been checked yet."))
            self.verdict_text.setText(
                self.tr(
                    "Choose the region on step 1, then press “Run all”, or run the steps "
                    "one by one."
                )
            )
            self._hide_verdict_details()
            return
        words = i18n.words()
        verdict = words.text(report.verdict.code, report.verdict.params)
        if report.cancelled:
            status_word = self.tr("Cancelled")
            self._paint_banner(None, look.NOT_RUN_COLOUR, "–")
        else:
            status = report.verdict.status
            status_word = look.word(status)
            self._paint_banner(status, look.COLOURS[status], look.SYMBOLS[status])
        self.verdict.setText(look.labelled(status_word, verdict.title))
        self.verdict.setAccessibleName(f"{verdict.title} ({report.verdict.code})")
        self.verdict_text.setText(verdict.explanation)
        self.verdict_code.setText(report.verdict.code)
        self.verdict_code.setVisible(True)
        steps = look.steps_html(report.verdict.next_steps)
        self.steps.setText(steps)
        self.steps_label.setVisible(bool(steps))
        self.steps.setVisible(bool(steps))

    def _hide_verdict_details(self) -> None:
        self.verdict.setAccessibleName("")
        self.verdict_code.setText("")
        self.verdict_code.setVisible(False)
        self.steps.setText("")
        self.steps.setVisible(False)
        self.steps_label.setVisible(False)

    def _fill_table(self) -> None:
        """Every check's row, each one on screen: the table is as tall as its rows."""
        report = self.report
        words = i18n.words()
        by_id = {r.id: r for r in report.results} if report else {}
        rows = [(number, check_id) for number, s in enumerate(STEPS, 1) for check_id in s.checks]
        self.table.setRowCount(len(rows))
        for index, (number, check_id) in enumerate(rows):
            result = by_id.get(check_id)
            name = words.check_name(check_id)
            cells = [
                f"{number}. {name}",
                look.word(result.status) if result else self.tr("Not run"),
                result.code if result else "—",
                words.title(result.code, result.params) if result else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1 and result is not None:
                    item.setIcon(look.icon(result.status))
                if column == 2:
                    item.setFont(look.code_font())
                    item.setForeground(QColor(look.SECONDARY_COLOUR))
                self.table.setItem(index, column, item)
        self.table.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
