"""Before and after: two saved runs side by side, in the words of `python -m app compare`."""

from __future__ import annotations

from pathlib import Path

from app.core.messages import catalogue
from app.core.outputs.compare import (
    Comparison,
    ReportFileError,
    compare_reports,
    comparison_text,
    load_report,
)
from app.gui import i18n
from app.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QFont,
    QFontDatabase,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)


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
        words, lang = catalogue(), i18n.current()
        paths = (self.before_path.text().strip(), self.after_path.text().strip())
        if not all(paths):
            return self._fail(self.tr("Choose both reports first."))
        try:
            before, after = (load_report(path) for path in paths)
        except ReportFileError as exc:
            return self._fail(exc.text(words, lang))
        self.shown = (compare_reports(before, after), (Path(paths[0]).name, Path(paths[1]).name))
        self._show()
        return True

    def _show(self) -> None:
        """What was compared, in the language of the moment (the files are not read again)."""
        if self.shown is None:
            return
        comparison, names = self.shown
        self.error.hide()
        self.changes.setPlainText(comparison_text(comparison, i18n.current(), catalogue(), names))

    def _fail(self, message: str) -> bool:
        self.shown = None
        self.changes.clear()
        self.error.setText(message)
        self.error.show()
        return False

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
