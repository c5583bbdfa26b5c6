"""Report → Read a reference code…: the agent types the code the site host reads out; a
mistyped code is caught here, as `decode` catches it, and a good one opens the run it tells
in the wizard, read-only."""

from __future__ import annotations

from app.core.outputs.refcode import RefCodeError, Reference, decode
from app.gui import i18n
from app.gui.qt import (
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFont,
    QFontDatabase,
    QLabel,
    QLineEdit,
    Qt,
    QVBoxLayout,
    QWidget,
)


class ReferenceDialog(QDialog):
    """One field for the code; `reference` holds what it decoded to once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reference: Reference | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.label = QLabel()
        self.code = QLineEdit()
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.code.setFont(font)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XX")
        self.code.setMaxLength(40)
        self.label.setBuddy(self.code)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont()
        bold.setBold(True)
        self.error.setFont(bold)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.read)
        self.buttons.rejected.connect(self.reject)
        self.code.textChanged.connect(self._on_code_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.label)
        layout.addWidget(self.code)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(520, 220)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Read a reference code"))
        self.intro.setText(
            self.tr(
                "Type the code the site host reads out from the Summary (12 to 30 letters "
                "and digits). The wizard then shows that run's steps, results, verdict and "
                "next steps, read-only, in your language."
            )
        )
        self.label.setText(self.tr("Reference &code:"))
        self.code.setAccessibleName(self.tr("Reference code"))

    def _on_code_text_changed(self, _text: str) -> None:
        self.error.hide()

    def read(self) -> bool:
        """Decode what was typed: accept with the reference, or say why it cannot be read."""
        words = i18n.words()
        typed = self.code.text()
        try:
            self.reference = decode(typed)
        except RefCodeError as exc:
            reason = words.term(f"REFCODE_{exc.reason.upper()}", exc.detail)
            self.error.setText(
                words.term("REFCODE_NOT_READ", {"code": typed.strip(), "reason": reason})
            )
            self.error.show()
            self.reference = None
            return False
        self.accept()
        return True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
