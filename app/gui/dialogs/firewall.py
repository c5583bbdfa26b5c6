"""Firewall rules for the site's IT, in the words of `python -m app firewall-rules`: pick a
format, read the rules, copy them or save them to a file."""

from __future__ import annotations

from pathlib import Path

from app.core.model import RunReport
from app.core.outputs.firewall import FORMATS, firewall_plan, render
from app.core.rules import Rules
from app.core.util.files import write_atomic
from app.gui import i18n
from app.gui.qt import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFileDialog,
    QFontDatabase,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)

_SUFFIX = {"csv": ".csv", "nftables": ".nft", "iptables": ".rules"}


class FirewallRulesDialog(QDialog):
    """The run's rules in one of FORMATS; Copy puts them on the clipboard, Save writes them."""

    saved = Signal(str)

    def __init__(self, report: RunReport, rules: Rules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = firewall_plan(report, rules)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.format_label = QLabel()
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(fmt, fmt)
        self.format_label.setBuddy(self.format)
        self.format.currentIndexChanged.connect(self._on_format_current_index_changed)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        chooser = QHBoxLayout()
        chooser.addWidget(self.format_label)
        chooser.addWidget(self.format)
        chooser.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(chooser)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self.resize(860, 540)
        self.retranslate()

    def current_format(self) -> str:
        return str(self.format.currentData())

    def rules_text(self) -> str:
        return render(self.plan, i18n.words(), self.current_format())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Firewall rules"))
        self.intro.setText(
            self.tr(
                "Rules for the site's firewall that let the station out: by name, and by the "
                "addresses this run saw. Send them to the site's network administrator."
            )
        )
        self.format_label.setText(self.tr("&Format:"))
        self.copy_button.setText(self.tr("&Copy"))
        self.save_button.setText(self.tr("&Save…"))
        self.text.setAccessibleName(self.tr("Firewall rules"))
        self.text.setPlainText(self.rules_text())

    def _on_format_current_index_changed(self, _index: int) -> None:
        self.status.clear()
        self.text.setPlainText(self.rules_text())

    def copy(self) -> None:
        QApplication.clipboard().setText(self.rules_text())
        self.status.setText(self.tr("Copied."))

    def _on_save_button_clicked(self) -> None:
        suffix = _SUFFIX[self.current_format()]
        name = f"firewall-rules{suffix}"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save firewall rules"), str(Path.home() / name)
        )
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> bool:
        """Write the rules shown to `path`, whole or not at all; say which it was."""
        try:
            write_atomic(path, self.rules_text())
        except OSError as exc:
            reason = i18n.words().os_error(exc)
            self.status.setText(
                self.tr("Not saved: {path}: {reason}").format(path=str(path), reason=reason)
            )
            return False
        self.status.setText(self.tr("Saved: {path}").format(path=str(path)))
        self.saved.emit(str(path))
        return True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
