"""Step 1: where the run starts: the region (which VPN endpoint) and the wired adapter, picked
automatically or by the user, and its ipconfig card."""

from __future__ import annotations

from collections.abc import Callable

from app.core.model import RunInputs
from app.core.platform import AdapterInfo
from app.gui import i18n
from app.gui.pages.base import StepPage, replace
from app.gui.qt import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
)
from app.gui.widgets.fit import fitting_form, narrow_combo


class AdapterPage(StepPage):
    def __init__(
        self,
        step,
        number,
        list_adapters: Callable[[], list[AdapterInfo]],
        regions: dict[str, str],
        parent=None,
    ) -> None:
        self.list_adapters = list_adapters
        self.regions = regions
        super().__init__(step, number, parent)
        self.cards["adapter"].details_button.setChecked(True)
        self.refresh()
        self.retranslate()

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.region = narrow_combo(QComboBox())
        self.region.addItem("", None)  # no region yet: the wizard asks for one
        for region in self.regions:
            self.region.addItem(region, region)
        self.region.currentIndexChanged.connect(self.inputs_changed)
        self.region.currentIndexChanged.connect(self.retranslate_inputs)
        self.region_label = QLabel()
        self.region_label.setBuddy(self.region)
        self.endpoint = QLabel()
        self.endpoint.setTextFormat(Qt.TextFormat.PlainText)
        self.endpoint.setWordWrap(True)
        self.picker = narrow_combo(QComboBox())
        self.picker.currentIndexChanged.connect(self._on_picker_index_changed)
        self.picker_label = QLabel()
        self.picker_label.setBuddy(self.picker)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.refresh_button)
        form = fitting_form()
        form.addRow(self.region_label, self.region)
        form.addRow("", self.endpoint)
        form.addRow(self.picker_label, row)
        layout.addLayout(form)
        self._listing = False

    def input_widgets(self) -> list[QWidget]:
        return [self.region, self.picker, self.refresh_button]

    def refresh(self) -> None:
        """List the adapters again (after plugging a cable or a USB adapter)."""
        chosen = self.picker.currentData()
        self._listing = True
        self.picker.clear()
        self.picker.addItem("", None)
        try:
            adapters = self.list_adapters()
        except Exception:  # noqa: BLE001 - the adapter check reports it; the list stays usable
            adapters = []
        words = i18n.words()
        for adapter in adapters:
            kind = words.term(f"KIND_{adapter.kind.name}")
            self.picker.addItem(f"{adapter.friendly_name} — {kind}", adapter.name)
        index = self.picker.findData(chosen)
        self.picker.setCurrentIndex(max(index, 0))
        self._listing = False
        self.retranslate_inputs()
        if self.picker.currentData() != chosen:
            self.inputs_changed.emit()

    def _on_picker_index_changed(self, _index: int) -> None:
        if not self._listing:
            self.inputs_changed.emit()

    def title(self) -> str:
        return self.tr("Adapter")

    def explanation(self) -> str:
        return self.tr(
            "Plug the Ethernet cable meant for the station into this laptop's RJ45 port. "
            "The wired adapter must show a link, an IPv4 address, a subnet mask and a default "
            "gateway: that proves the cable reaches the site's router."
        )

    def retranslate_inputs(self) -> None:
        self.region_label.setText(self.tr("&Region:"))
        self.region.setAccessibleName(self.tr("Region"))
        words = i18n.words()
        self.region.setItemText(0, self.tr("Choose the station's region…"))
        for index in range(1, self.region.count()):
            code = self.region.itemData(index)
            self.region.setItemText(index, words.term(f"REGION_{code.upper()}"))
        code = self.region.currentData()
        self.endpoint.setText(
            self.tr("VPN endpoint: {host}").format(host=self.regions[code]) if code else ""
        )
        self.endpoint.setVisible(bool(code))
        self.picker_label.setText(self.tr("&Adapter to test:"))
        self.picker.setItemText(0, self.tr("Automatic (the wired adapter)"))
        self.picker.setAccessibleName(self.tr("Adapter to test"))
        self.refresh_button.setText(self.tr("Re&fresh list"))

    def valid(self) -> bool:
        """No run before a region is chosen: an unchosen region is never a default one."""
        return self.region.currentData() is not None

    def apply(self, inputs: RunInputs) -> RunInputs:
        region = self.region.currentData()
        return replace(inputs, region=region or inputs.region, interface=self.picker.currentData())

    def show_inputs(self, inputs: RunInputs) -> None:
        blocked = self.region.blockSignals(True), self.picker.blockSignals(True)
        self.region.setCurrentIndex(max(self.region.findData(inputs.region), 0))
        index = self.picker.findData(inputs.interface)
        if index < 0 and inputs.interface:
            # A saved report's adapter, not on this laptop: shown by its name.
            self.picker.addItem(inputs.interface, inputs.interface)
            index = self.picker.count() - 1
        self.picker.setCurrentIndex(max(index, 0))
        self.region.blockSignals(blocked[0])
        self.picker.blockSignals(blocked[1])
        self.retranslate_inputs()

    def set_region(self, region: str | None) -> None:
        index = self.region.findData(region)
        if index >= 0:
            self.region.setCurrentIndex(index)
