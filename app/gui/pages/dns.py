"""Step 2: the region's VPN endpoint resolved through the site's DNS, as nslookup shows it."""

from __future__ import annotations

from app.core.evidence import DnsAnswer
from app.core.model import Probe
from app.gui.pages.base import StepPage
from app.gui.widgets.probe_table import ProbeTable, state_word


class DnsPage(StepPage):
    def __init__(self, step, number, parent=None) -> None:
        super().__init__(step, number, parent)
        self.cards["dns"].details_button.setChecked(True)
        self.retranslate()

    def make_table(self) -> ProbeTable:
        def columns() -> list[str]:
            return [self.tr("DNS server"), self.tr("State"), self.tr("Time"), self.tr("Addresses")]

        def row(probe: Probe) -> list[str]:
            answer = probe.row
            if not isinstance(answer, DnsAnswer):
                return []
            running = probe.state == "running"
            return [
                answer.server,
                state_word(probe),
                "" if running else f"{answer.ms} ms",
                ", ".join(answer.addresses),
            ]

        return ProbeTable(columns, row, check_order=self.step.checks)

    def title(self) -> str:
        return self.tr("DNS")

    def explanation(self) -> str:
        return self.tr(
            "The station finds ChargePoint's VPN server by its name. The site's DNS server, "
            "asked through this adapter, must resolve the VPN endpoint of your region to its "
            "public addresses, as <i>nslookup</i> would."
        )
