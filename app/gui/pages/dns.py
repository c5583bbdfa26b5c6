"""Step 2: the region's VPN endpoint resolved through the site's DNS, as nslookup shows it."""

from __future__ import annotations

from app.core.messages import catalogue
from app.core.model import Probe, RunInputs
from app.gui import i18n
from app.gui.pages.base import StepPage, replace
from app.gui.qt import QComboBox, QFormLayout, QLabel, QVBoxLayout
from app.gui.widgets.probe_table import ProbeTable, state_word


class DnsPage(StepPage):
    def __init__(self, step, number, regions: dict[str, str], parent=None) -> None:
        self.regions = regions
        super().__init__(step, number, parent)
        self.cards["dns"].details_button.setChecked(True)
        self.retranslate()

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.region = QComboBox()
        for region in self.regions:
            self.region.addItem(region, region)
        self.region.currentIndexChanged.connect(self.inputs_changed)
        self.region_label = QLabel()
        self.region_label.setBuddy(self.region)
        self.endpoint = QLabel()
        form = QFormLayout()
        form.addRow(self.region_label, self.region)
        form.addRow("", self.endpoint)
        layout.addLayout(form)
        self.region.currentIndexChanged.connect(self.retranslate_inputs)

    def make_table(self) -> ProbeTable:
        def columns() -> list[str]:
            return [self.tr("DNS server"), self.tr("State"), self.tr("Time"), self.tr("Addresses")]

        def row(probe: Probe) -> list[str]:
            ms = probe.detail.get("ms")
            return [
                str(probe.detail.get("server", probe.key)),
                state_word(probe),
                f"{ms} ms" if ms is not None else "",
                ", ".join(probe.detail.get("addresses", [])),
            ]

        return ProbeTable(columns, row)

    def title(self) -> str:
        return self.tr("DNS")

    def explanation(self) -> str:
        return self.tr(
            "The station finds ChargePoint's VPN server by its name. The site's DNS server, "
            "asked through this adapter, must resolve the VPN endpoint of your region to its "
            "public addresses, as <i>nslookup</i> would."
        )

    def retranslate_inputs(self) -> None:
        self.region_label.setText(self.tr("&Region:"))
        self.region.setAccessibleName(self.tr("Region"))
        words = catalogue()
        for index in range(self.region.count()):
            code = self.region.itemData(index)
            self.region.setItemText(index, words.term(f"REGION_{code.upper()}", i18n.current()))
        code = self.region.currentData()
        if code:
            self.endpoint.setText(self.tr("VPN endpoint: {host}").format(host=self.regions[code]))

    def set_region(self, region: str | None) -> None:
        index = self.region.findData(region)
        if index >= 0:
            self.region.setCurrentIndex(index)

    def apply(self, inputs: RunInputs) -> RunInputs:
        return replace(inputs, region=self.region.currentData() or "us")
