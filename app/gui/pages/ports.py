"""Step 3: TCP 443, 52007, 52017, NTP on UDP 123 and the HTTPS certificate, port by port."""

from __future__ import annotations

from app.core.messages import catalogue
from app.core.model import Probe
from app.gui import i18n
from app.gui.pages.base import StepPage
from app.gui.widgets.probe_table import ProbeTable, state_word


class PortsPage(StepPage):
    def __init__(self, step, number, parent=None) -> None:
        super().__init__(step, number, parent)
        self.retranslate()

    def make_table(self) -> ProbeTable:
        def columns() -> list[str]:
            return [
                self.tr("Port"),
                self.tr("Protocol"),
                self.tr("Use"),
                self.tr("Target"),
                self.tr("State"),
                self.tr("Time"),
            ]

        def row(probe: Probe) -> list[str]:
            detail = probe.detail
            ms = detail.get("ms")
            time = f"{ms} ms" if ms is not None else ""
            if probe.check_id == "ntp":
                if detail.get("offset_s") is not None:
                    words, lang = catalogue(), i18n.current()
                    time = self.tr("{rtt} ms, clock offset {offset} s").format(
                        rtt=words.number(detail["rtt_ms"], ".0f", lang),
                        offset=words.number(detail["offset_s"], "+.3f", lang),
                    )
                return ["123", "UDP", "NTP", probe.key, state_word(probe), time]
            if probe.check_id == "tls":
                return [
                    probe.key.split("/")[0],
                    "TCP",
                    "HTTPS (TLS)",
                    probe.key.split(" ")[-1],
                    state_word(probe),
                    time,
                ]
            return [
                str(detail.get("port", "")),
                "TCP",
                str(detail.get("use", "")).upper(),
                str(detail.get("address", "")),
                state_word(probe),
                time,
            ]

        return ProbeTable(columns, row, check_order=self.step.checks)

    def title(self) -> str:
        return self.tr("Ports")

    def explanation(self) -> str:
        return self.tr(
            "The station must reach ChargePoint through the site's firewall: HTTPS on TCP 443, "
            "the VPN on TCP 52007 and 52017, and time servers (NTP) on UDP 123. Each one is "
            "tried from this laptop, all at once."
        )
