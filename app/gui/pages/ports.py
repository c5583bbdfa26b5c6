"""Step 3: the station's outbound ports (from the rules), NTP and the HTTPS certificate, port by
port."""

from __future__ import annotations

from app.core.evidence import NtpServer, PortProbe, TlsEvidence
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
                self.tr("Target"),
                self.tr("State"),
                self.tr("Time"),
            ]

        def row(probe: Probe) -> list[str]:
            line = probe.row
            running = probe.state == "running"
            if isinstance(line, NtpServer):
                time = "" if running or line.ms is None else f"{line.ms} ms"
                if line.offset_s is not None:
                    words = i18n.words()
                    time = self.tr("{rtt} ms, clock offset {offset} s").format(
                        rtt=words.number(line.rtt_ms or 0.0, ".0f"),
                        offset=words.number(line.offset_s, "+.3f"),
                    )
                return [
                    port_cell("udp", line.port or self._ntp_port_of(line.server), "ntp"),
                    line.server,
                    state_word(probe),
                    time,
                ]
            if isinstance(line, TlsEvidence):
                cell = port_cell("tcp", line.port, "tls")
                return [cell, line.address, state_word(probe), ""]
            if isinstance(line, PortProbe):
                return [
                    port_cell(line.protocol, line.port, line.use),
                    line.address,
                    state_word(probe),
                    "" if running else f"{line.ms} ms",
                ]
            return []

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


def port_cell(protocol: str, port: object, use: str) -> str:
    """Protocol, port and use in one cell, as the page's explanation writes them: one
    column, not three, so the table fits a narrow page."""
    return f"{protocol.upper()} {port} ({use.upper()})"
