"""Step 4: the firmware version read on the station's screen, checked as it is typed."""

from __future__ import annotations

from app.core.checks.firmware import EXPECTED_FORM, parse_version
from app.core.model import RunInputs
from app.core.rules import FirmwareRule
from app.gui.pages.base import StepPage, replace
from app.gui.qt import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout


class FirmwarePage(StepPage):
    def __init__(self, step, number, models: dict[str, FirmwareRule], parent=None) -> None:
        self.models = models
        super().__init__(step, number, parent)
        self.retranslate()

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.model = QComboBox()
        for key, rule in self.models.items():
            self.model.addItem(rule.name, key)
        self.model.currentIndexChanged.connect(self.inputs_changed)
        self.version = QLineEdit()
        self.version.setPlaceholderText(EXPECTED_FORM)
        self.version.textChanged.connect(self._on_version_text_changed)
        self.version.returnPressed.connect(self._on_run_clicked)
        self.validity = QLabel()
        self.validity.setWordWrap(True)
        self.model_label, self.version_label = QLabel(), QLabel()
        self.model_label.setBuddy(self.model)
        self.version_label.setBuddy(self.version)
        form = QFormLayout()
        form.addRow(self.model_label, self.model)
        form.addRow(self.version_label, self.version)
        form.addRow("", self.validity)
        layout.addLayout(form)

    def title(self) -> str:
        return self.tr("Firmware")

    def explanation(self) -> str:
        return self.tr(
            "Below the minimum firmware version, Ethernet cannot be enabled on the station. "
            "On the station's screen, touch the <b>?</b> icon (bottom right), then the "
            "<b>gear</b>, then <b>About</b>, and type the version shown."
        )

    def retranslate_inputs(self) -> None:
        self.model_label.setText(self.tr("Station &model:"))
        self.version_label.setText(self.tr("Firmware &version:"))
        self.model.setAccessibleName(self.tr("Station model"))
        self.version.setAccessibleName(self.tr("Firmware version"))
        self._show_validity()

    def valid(self) -> bool:
        return parse_version(self.version.text()) is not None

    def _show_validity(self) -> None:
        text = self.version.text()
        if not text.strip():
            self.validity.setText(self.tr("Type the version shown under About."))
            self.validity.setStyleSheet("")
        elif self.valid():
            self.validity.setText(self.tr("✔ A valid version."))
            self.validity.setStyleSheet("color: #1b7f3b")
        else:
            self.validity.setText(
                self.tr("✖ Not a version: type it like {form}.").format(form=EXPECTED_FORM)
            )
            self.validity.setStyleSheet("color: #b42318")
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
