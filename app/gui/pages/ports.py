"""Step 3: the station's outbound ports (from the rules), NTP and the HTTPS certificate, port by
port."""

from __future__ import annotations

from app.core.messages import catalogue
from app.core.model import Probe
from app.core.rules import PortRule
from app.core.util.hosts import parse_server
from app.gui import i18n
from app.gui.pages.base import StepPage
from app.gui.widgets.probe_table import ProbeTable, state_word


class PortsPage(StepPage):
    def __init__(self, step, number, ports: tuple[PortRule, ...], parent=None) -> None:
        self.ports = ports
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
                return [
                    str(detail.get("port") or self._ntp_port_of(detail.get("server"))),
                    "UDP",
                    "NTP",
                    probe.key,
                    state_word(probe),
                    time,
                ]
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

    def _ntp_port_of(self, server: object) -> int | str:
        """A row saved before rows named their port: the one written after the server's name,
        else the rules' NTP port."""
        default = next(p.port for p in self.ports if p.use == "ntp" and p.protocol == "udp")
        try:
            return parse_server(str(server), default)[1] if server else default
        except ValueError:
            return ""

    def title(self) -> str:
        return self.tr("Ports")

    def explanation(self) -> str:
        ports = ", ".join(f"{p.protocol.upper()} {p.port} ({p.use.upper()})" for p in self.ports)
        return self.tr(
            "The station must reach ChargePoint through the site's firewall, outbound: {ports}. "
            "Each one is tried from this laptop, all at once."
        ).format(ports=ports)
