"""Step 1: the wired adapter, picked automatically or by the user, and its ipconfig card."""

from __future__ import annotations

from collections.abc import Callable

from app.core.messages import catalogue
from app.core.model import RunInputs
from app.core.platform import AdapterInfo
from app.gui import i18n
from app.gui.pages.base import StepPage, replace
from app.gui.qt import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout


class AdapterPage(StepPage):
    def __init__(
        self, step, number, list_adapters: Callable[[], list[AdapterInfo]], parent=None
    ) -> None:
        self.list_adapters = list_adapters
        super().__init__(step, number, parent)
        self.cards["adapter"].details_button.setChecked(True)
        self.refresh()
        self.retranslate()

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.picker = QComboBox()
        self.picker_label = QLabel()
        self.picker_label.setBuddy(self.picker)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.refresh_button)
        form = QFormLayout()
        form.addRow(self.picker_label, row)
        layout.addLayout(form)

    def refresh(self) -> None:
        """List the adapters again (after plugging a cable or a USB adapter)."""
        chosen = self.picker.currentData()
        self.picker.clear()
        self.picker.addItem("", None)
        try:
            adapters = self.list_adapters()
        except Exception:  # noqa: BLE001 - the adapter check reports it; the list stays usable
            adapters = []
        words = catalogue()
        for adapter in adapters:
            kind = words.term(f"KIND_{adapter.kind.name}", i18n.current())
            self.picker.addItem(f"{adapter.friendly_name} — {kind}", adapter.name)
        index = self.picker.findData(chosen)
        self.picker.setCurrentIndex(max(index, 0))
        self.retranslate_inputs()

    def title(self) -> str:
        return self.tr("Adapter")

    def explanation(self) -> str:
        return self.tr(
            "Plug the Ethernet cable meant for the station into this laptop's RJ45 port. "
            "The wired adapter must show a link, an IPv4 address, a subnet mask and a default "
            "gateway: that proves the cable reaches the site's router."
        )

    def retranslate_inputs(self) -> None:
        self.picker_label.setText(self.tr("&Adapter to test:"))
        self.picker.setItemText(0, self.tr("Automatic (the wired adapter)"))
        self.picker.setAccessibleName(self.tr("Adapter to test"))
        self.refresh_button.setText(self.tr("&Refresh list"))

    def apply(self, inputs: RunInputs) -> RunInputs:
        return replace(inputs, interface=self.picker.currentData())
