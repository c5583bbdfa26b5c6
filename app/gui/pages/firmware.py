"""Step 4: the firmware version read on the station's screen, checked as it is typed: judged
only once it has its four parts, and shown as it was typed."""

from __future__ import annotations

from app.core.model import RunInputs, Status
from app.core.rules import FirmwareRule
from app.gui.flow import firmware_entry
from app.gui.pages.base import StepPage, replace
from app.gui.qt import QComboBox, QLabel, QLineEdit, Qt, QVBoxLayout, QWidget
from app.gui.widgets import status as look
from app.gui.widgets.fit import fitting_form, narrow_combo
from app.gui.widgets.station_screen import StationScreen


class FirmwarePage(StepPage):
    def __init__(self, step, number, models: dict[str, FirmwareRule], parent=None) -> None:
        self.models = models
        super().__init__(step, number, parent)
        self.retranslate()

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.model = narrow_combo(QComboBox())
        for key, rule in self.models.items():
            self.model.addItem(rule.name, key)
        self.model.currentIndexChanged.connect(self.inputs_changed)
        self.version = QLineEdit()
        self.version.textChanged.connect(self._on_version_text_changed)
        self.version.returnPressed.connect(self._on_run_clicked)
        self.validity = QLabel()
        self.validity.setWordWrap(True)
        self.validity.setTextFormat(Qt.TextFormat.PlainText)
        self.model_label, self.version_label = QLabel(), QLabel()
        self.model_label.setBuddy(self.model)
        self.version_label.setBuddy(self.version)
        # Where the version is on the station: "?" → gear → About, drawn.
        self.drawing = StationScreen("about")
        layout.addWidget(self.drawing)
        form = fitting_form()
        form.addRow(self.model_label, self.model)
        form.addRow(self.version_label, self.version)
        form.addRow("", self.validity)
        layout.addLayout(form)

    def input_widgets(self) -> list[QWidget]:
        return [self.model, self.version]

    def title(self) -> str:
        return self.tr("Firmware")

    def explanation(self) -> str:
        return self.tr(
            "Below the minimum firmware version, Ethernet cannot be enabled on the station. "
            "On the station's screen, touch the <b>?</b> icon (bottom right), then the "
            "<b>gear</b>, then <b>About</b>, and type the version shown."
        )

    def format_hint(self) -> str:
        """The form of a version, never a real one: a real one would look typed in."""
        return self.tr("four numbers, like 2025.01.00.100")

    def retranslate_inputs(self) -> None:
        self.model_label.setText(self.tr("Station &model:"))
        self.version_label.setText(self.tr("Firmware &version:"))
        self.model.setAccessibleName(self.tr("Station model"))
        self.version.setAccessibleName(self.tr("Firmware version"))
        self.version.setPlaceholderText(self.format_hint())
        self._show_validity()

    def entry(self) -> str:
        return firmware_entry(self.version.text())

    def valid(self) -> bool:
        return self.entry() == "complete"

    def _show_validity(self) -> None:
        """Whether the field holds a version; the card below says whether it is recent enough."""
        entry = self.entry()
        if entry == "empty":
            self.validity.setText(self.tr("Type the version shown under About."))
            self.validity.setStyleSheet("")
        elif entry == "incomplete":
            self.validity.setText(
                self.tr("Incomplete: a version has four parts, {hint}.").format(
                    hint=self.format_hint()
                )
            )
            self.validity.setStyleSheet("")
        elif entry == "invalid":
            self.validity.setText(
                self.tr("✖ Not a version: type it as it is shown, {hint}.").format(
                    hint=self.format_hint()
                )
            )
            self.validity.setStyleSheet(f"color: {look.COLOURS[Status.FAIL]}")
        else:
            self.validity.setText("")
            self.validity.setStyleSheet("")
        self.validity.setVisible(bool(self.validity.text()))
        if not self.read_only:
            self.run_button.setEnabled(self.valid() and not self.running)

    def _on_version_text_changed(self, _text: str) -> None:
        self._show_validity()
        self.inputs_changed.emit()

    def set_model(self, key: str | None) -> None:
        index = self.model.findData(key)
        if index >= 0:
            self.model.setCurrentIndex(index)

    def apply(self, inputs: RunInputs) -> RunInputs:
        version = self.version.text().strip()
        return replace(
            inputs, model=self.model.currentData() if version else None, firmware=version or None
        )

    def show_inputs(self, inputs: RunInputs) -> None:
        blocked = self.model.blockSignals(True), self.version.blockSignals(True)
        index = self.model.findData(inputs.model)
        if index >= 0:
            self.model.setCurrentIndex(index)
        self.version.setText(inputs.firmware or "")
        self.model.blockSignals(blocked[0])
        self.version.blockSignals(blocked[1])
        self._show_validity()
