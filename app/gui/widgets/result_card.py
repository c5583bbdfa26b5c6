"""One check's result: icon, colour and words, the code to read out, Details, next steps."""

from __future__ import annotations

from app.core.model import CheckResult, Status
from app.core.outputs.text import details
from app.gui import i18n
from app.gui.qt import (
    QApplication,
    QColor,
    QEvent,
    QFont,
    QFontDatabase,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPalette,
    QPushButton,
    QShowEvent,
    Qt,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from app.gui.widgets import status as look
from app.gui.widgets.fit import FittedText


class ResultCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: CheckResult | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("resultCard")
        self.icon = QLabel()
        self.status_word = QLabel()
        self.title = QLabel()
        bold = QFont()
        bold.setBold(True)
        self.status_word.setFont(bold)
        self.title.setFont(bold)
        self.title.setWordWrap(True)
        # The code to read out on the phone: under the title, smaller and quieter.
        self.code = look.secondary(QLabel())
        self.code.setObjectName("resultCode")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Words filled with what the network or a file said (an issuer, a name): never markup.
        for label in (self.status_word, self.title, self.code, self.explanation):
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.steps = QLabel()
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.details_button = QToolButton()
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._on_details_toggled)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self._on_copy_clicked)
        # As tall as its lines and wrapped at the card's width: the page scrolls, not the box.
        self.details = FittedText()
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.hide()

        head = QHBoxLayout()
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.status_word, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.title)
        words.addWidget(self.code)
        head.addLayout(words, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        # The status's colour down the card's left side: a widget of its own, so that a new
        # colour restyles that strip alone, not every label of the card.
        self.stripe = QFrame()
        self.stripe.setFixedWidth(5)
        self.stripe.setAutoFillBackground(True)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stripe)
        layout = QVBoxLayout()
        outer.addLayout(layout, 1)
        layout.addLayout(head)
        layout.addWidget(self.explanation)
        layout.addWidget(self.steps)
        layout.addLayout(buttons)
        layout.addWidget(self.details)
        self.hide()
        self.retranslate()

    def set_result(self, result: CheckResult | None) -> None:
        self.result = result
        self.setVisible(result is not None)
        self.retranslate()

    def details_text(self) -> str:
        if self.result is None:
            return ""
        return details(self.result, i18n.words())

    def retranslate(self) -> None:
        self.details_button.setText(self.tr("Details"))
        self.copy_button.setText(self.tr("Copy details"))
        result = self.result
        if result is None:
            return
        words = i18n.words()
        text = words.text(result.code, result.params)
        colour = look.COLOURS[result.status]
        self.icon.setPixmap(look.pixmap(result.status))
        self.status_word.setText(look.word(result.status))
        if self.property("colour") != colour:
            self.setProperty("colour", colour)
            for widget, role in (
                (self.status_word, QPalette.ColorRole.WindowText),
                (self.stripe, QPalette.ColorRole.Window),
            ):
                palette = widget.palette()
                palette.setColor(role, QColor(colour))
                widget.setPalette(palette)
        self.title.setText(text.title)
        self.code.setText(result.code)
        self.explanation.setText(text.explanation)
        steps = look.steps_html(result.next_steps, " style='margin-left:0'")
        self.steps.setText(steps)
        self.steps.setVisible(bool(steps))
        evidence = self.details_text()
        self.details.setPlainText(evidence)
        self.details_button.setVisible(bool(evidence))
        self.copy_button.setVisible(result.status == Status.ERROR)
        self.setAccessibleName(
            look.labelled(look.word(result.status), f"{text.title} ({result.code})")
        )
        # A screen reader reads the code itself, and says what it is.
        self.code.setAccessibleDescription(self.tr("Result code"))

    def _on_details_toggled(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _on_copy_clicked(self) -> None:
        if self.result is not None:
            text = f"{self.result.code}: {self.explanation.text()}\n\n{self.details_text()}"
            QApplication.clipboard().setText(text)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # Filled or resized on a hidden page, the card's layout is not redone (Qt skips a
        # hidden widget's layout requests), and the page keeps the height it had then: a
        # blank band around the words. Shown, it says its height may have changed.
        super().showEvent(event)
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
