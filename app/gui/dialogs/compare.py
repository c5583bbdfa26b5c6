"""Before and after: two saved runs side by side, in the words of `python -m app compare`."""

from __future__ import annotations

from pathlib import Path

from app.core.model import Status
from app.core.outputs.compare import (
    Comparison,
    Outcome,
    ReportFileError,
    compare_reports,
    comparison_text,
    load_report,
    verdict_trend_term,
)
from app.gui import i18n
from app.gui.qt import (
    QAbstractItemView,
    QBrush,
    QColor,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QFont,
    QFontDatabase,
    QGridLayout,
    QHeaderView,
    QIcon,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from app.gui.widgets import status as look

# A change is coloured like a result: better as a pass, worse as a failure, a change of
# code at the same standing as a warning, and what ran in one run only as not run.
TREND_STATUS: dict[str, Status | None] = {
    "better": Status.PASS,
    "worse": Status.FAIL,
    "different": Status.WARN,
    "not_run": None,
}


class CompareDialog(QDialog):
    """Pick the run before the fix and the run after it; see what changed."""

    def __init__(
        self, before: Path | None = None, after: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.before_label, self.after_label = QLabel(), QLabel()
        self.before_path, self.after_path = QLineEdit(), QLineEdit()
        self.before_browse, self.after_browse = QPushButton(), QPushButton()
        self.before_label.setBuddy(self.before_path)
        self.after_label.setBuddy(self.after_path)
        self.before_browse.clicked.connect(lambda: self._browse(self.before_path))
        self.after_browse.clicked.connect(lambda: self._browse(self.after_path))
        self.compare_button = QPushButton()
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.compare)
        # Why the two may not be a before and an after of the same thing: said first.
        self.warnings = QLabel()
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)  # it names adapters and times
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("compareWarnings")
        self.warnings.setStyleSheet(
            f"#compareWarnings {{ background: {look.TINTS[Status.WARN]}; "
            f"border-left: 6px solid {look.COLOURS[Status.WARN]}; padding: 6px; }}"
        )
        self.warnings.hide()
        # What changed, each side with the window's icon, colour and word for its status.
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it names a file and its fault
        self.error.setWordWrap(True)
        bold = QFont()
        bold.setBold(True)
        self.error.setFont(bold)
        self.error.hide()
        self.shown: tuple[Comparison, tuple[str, str]] | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        files = QGridLayout()
        files.addWidget(self.before_label, 0, 0)
        files.addWidget(self.before_path, 0, 1)
        files.addWidget(self.before_browse, 0, 2)
        files.addWidget(self.after_label, 1, 0)
        files.addWidget(self.after_path, 1, 1)
        files.addWidget(self.after_browse, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(files)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.error)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.changes, 1)
        layout.addWidget(buttons)
        if before:
            self.before_path.setText(str(before))
        if after:
            self.after_path.setText(str(after))
        self.resize(760, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Compare two reports"))
        self.intro.setText(
            self.tr(
                "Open the report saved before a change on the site and the one saved after it "
                "(the .json file saved beside each report) to see what changed."
            )
        )
        self.before_label.setText(self.tr("&Before:"))
        self.after_label.setText(self.tr("&After:"))
        for button in (self.before_browse, self.after_browse):
            button.setText(self.tr("Browse…"))
        self.before_browse.setAccessibleName(self.tr("Choose the report before"))
        self.after_browse.setAccessibleName(self.tr("Choose the report after"))
        self.compare_button.setText(self.tr("&Compare"))
        self.changes.setAccessibleName(self.tr("What changed"))
        self.table.setAccessibleName(self.tr("What changed, before and after"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("What"), self.tr("Before"), self.tr("After"), self.tr("Change")]
        )
        self._show()

    def _browse(self, field: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a saved report"),
            field.text() or str(Path.home()),
            self.tr("Saved report (*.json)"),
        )
        if path:
            field.setText(path)

    def compare(self) -> bool:
        """Show what changed, or say plainly which file cannot be used. True when shown."""
        words = i18n.words()
        paths = (self.before_path.text().strip(), self.after_path.text().strip())
        if not all(paths):
            return self._fail(self.tr("Choose both reports first."))
        try:
            before, after = (load_report(path) for path in paths)
        except ReportFileError as exc:
            return self._fail(exc.text(words))
        self.shown = (compare_reports(before, after), (Path(paths[0]).name, Path(paths[1]).name))
        self._show()
        return True

    def _show(self) -> None:
        """What was compared, in the language of the moment (the files are not read again)."""
        if self.shown is None:
            return
        comparison, names = self.shown
        words = i18n.words()
        self.error.hide()
        warnings = [words.term(w.code, w.params) for w in comparison.warnings]
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self._fill_table(comparison)
        self.changes.setPlainText(comparison_text(comparison, words, names))

    def _fill_table(self, comparison: Comparison) -> None:
        words = i18n.words()

        def side(outcome: Outcome | None) -> QTableWidgetItem:
            if outcome is None:
                return self._item(words.term("LABEL_NOT_RUN"), look.icon(None))
            text = f"{look.word(outcome.status)} · {outcome.code}"
            item = self._item(text, look.icon(outcome.status))
            item.setToolTip(words.title(outcome.code, outcome.params))
            return item

        def port(state: str | None) -> QTableWidgetItem:
            if state is None:
                return self._item(words.term("LABEL_NOT_RUN"), look.icon(None))
            shown = look.icon(Status.PASS if state == "open" else Status.FAIL)
            return self._item(words.term(f"PORT_STATE_{state.upper()}"), shown)

        rows: list[tuple[str, QTableWidgetItem, QTableWidgetItem, str | None]] = []
        verdict = words.term("LABEL_VERDICT")
        rows.append(
            (
                verdict,
                side(comparison.verdict_before),
                side(comparison.verdict_after),
                comparison.verdict_trend,
            )
        )
        for change in comparison.checks:
            name = words.check_name(change.id)
            rows.append((name, side(change.before), side(change.after), change.trend))
        for moved in comparison.ports:
            name = f"{moved.protocol.upper()} {moved.port}"
            rows.append((name, port(moved.before), port(moved.after), moved.trend))
        self.table.setRowCount(len(rows))
        for row, (name, before, after, trend) in enumerate(rows):
            self.table.setItem(row, 0, self._item(name))
            self.table.setItem(row, 1, before)
            self.table.setItem(row, 2, after)
            self.table.setItem(row, 3, self._trend_item(trend, verdict=row == 0))
        self.table.resizeRowsToContents()

    def _trend_item(self, trend: str | None, verdict: bool = False) -> QTableWidgetItem:
        words = i18n.words()
        if trend is None:
            return self._item(words.term("COMPARE_SAME"))
        shown = TREND_STATUS[trend]
        term = verdict_trend_term(trend) if verdict else f"COMPARE_{trend.upper()}"
        item = self._item(words.term(term), look.icon(shown))
        colour = look.COLOURS[shown] if shown is not None else look.NOT_RUN_COLOUR
        item.setForeground(QBrush(QColor(colour)))
        return item

    @staticmethod
    def _item(text: str, icon: QIcon | None = None) -> QTableWidgetItem:
        item = QTableWidgetItem(text)  # plain text: a saved report's codes are data
        if icon is not None:
            item.setIcon(icon)
        return item

    def _fail(self, message: str) -> bool:
        self.shown = None
        self.table.setRowCount(0)
        self.warnings.hide()
        self.changes.clear()
        self.error.setText(message)
        self.error.show()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
