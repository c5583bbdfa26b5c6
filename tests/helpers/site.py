"""A whole site on loopback: a wired adapter, the site's DNS, the endpoint's ports, NTP, TLS.

The product runs unchanged against it: only the adapter list (the platform layer) and the
rules' port numbers point at the servers the test started.
"""

from __future__ import annotations

import dataclasses
import socket
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import trustme

from app.core.model import RunInputs
from app.core.platform import AdapterInfo, AdapterKind, IPv4Address
from app.core.rules import PortRule, Rules, load_rules
from app.core.util.resources import resource_path

from .dns_server import DnsServer, Zone
from .ntp_server import SntpServer
from .tcp import TcpListener, blackhole_port, closed_port, tcp_listener_socket
from .tls_server import TlsServer

ENDPOINT = "vpn.test.example"
EDGE = "edge.test.example"
HEALTHY_ZONE: Zone = {ENDPOINT: [("CNAME", EDGE + ".")], EDGE: [("A", "127.0.0.1")]}
CONTROL_ADDRESS = "127.0.3.1"
"""The ports check's control connection in tests: a loopback address nobody listens on (the
servers bind 127.0.0.1 only), so it is refused at once and never leaves the machine, where the
rules' default (192.0.2.1) would, from the host's own network."""
RUN_TIMEOUT_MS = 15000
"""How long a test waits for a whole run on this site to end (milliseconds, as pytest-qt's
waits take it): a run costs at most a probe time-out or two, this leaves room for a busy CI."""


def _loopback_interface() -> tuple[str, int]:
    """The system's loopback interface, so that probes tied to the adapter really can be:
    `lo` on Linux (bound by name), index 1 on Windows (bound by index)."""
    if sys.platform.startswith("linux"):
        return "lo", socket.if_nametoindex("lo")
    return "{4D36E972-TEST}", 1


LOOPBACK_NAME, LOOPBACK_INDEX = _loopback_interface()


def loopback_adapter(dns_port: int, **changes: object) -> AdapterInfo:
    """A wired adapter on 127.0.0.1 whose 'router' is loopback and whose DNS is the test's."""
    adapter = AdapterInfo(
        name=LOOPBACK_NAME,
        friendly_name="Ethernet 2",
        description="Test Ethernet",
        kind=AdapterKind.WIRED,
        link_up=True,
        mac="02-00-00-00-00-01",
        ipv4=(IPv4Address("127.0.0.1", 8),),
        gateways=("127.0.0.1",),
        dns_servers=(f"127.0.0.1:{dns_port}",),
        dhcp=True,
        default_route_metric=25,
        index=LOOPBACK_INDEX,
    )
    return dataclasses.replace(adapter, **changes)  # type: ignore[arg-type]


def loopback_rules(https: int, vpn: tuple[int, int], ntp: int) -> Rules:
    """The bundled rules with the test's port numbers, loopback allowed as an answer, and the
    control connection aimed at loopback."""
    rules = load_rules()
    ports = (
        PortRule("https", "tcp", https),
        PortRule("ntp", "udp", ntp),
        PortRule("vpn", "tcp", vpn[0]),
        PortRule("vpn", "tcp", vpn[1]),
    )
    allowed = tuple(n for n in rules.suspicious_answers if not n.is_loopback)
    return dataclasses.replace(
        rules, ports=ports, suspicious_answers=allowed, control_address=CONTROL_ADDRESS
    )


@dataclass
class LoopbackSite:
    dns: DnsServer
    sntp: SntpServer
    https: int
    vpn: tuple[int, int]
    adapters_list: list[AdapterInfo] = field(default_factory=list)

    @property
    def rules(self) -> Rules:
        return loopback_rules(self.https, self.vpn, self.sntp.port)

    def adapters(self) -> list[AdapterInfo]:
        return list(self.adapters_list)

    def inputs(self, **changes: object) -> RunInputs:
        base = RunInputs(
            endpoint=ENDPOINT, ntp_servers=(f"127.0.0.1:{self.sntp.port}",), timeout=1.0
        )
        return dataclasses.replace(base, **changes)  # type: ignore[arg-type]

    def cli_args(self) -> list[str]:
        return [
            "--endpoint",
            ENDPOINT,
            "--ntp-server",
            f"127.0.0.1:{self.sntp.port}",
            "--timeout",
            "1",
        ]

    def rules_file(self, folder: Path) -> Path:
        """The bundled rules file, edited as support would: this site's ports, loopback allowed,
        the control connection aimed at loopback."""
        text = resource_path("rules.toml").read_text(encoding="utf-8")
        for old, new in (
            ("port = 443", f"port = {self.https}"),
            ("port = 52007", f"port = {self.vpn[0]}"),
            ("port = 52017", f"port = {self.vpn[1]}"),
            ('"127.0.0.0/8", ', ""),
            ('control_address = "192.0.2.1"', f'control_address = "{CONTROL_ADDRESS}"'),
        ):
            assert old in text, old
            text = text.replace(old, new)
        path = folder / "site-rules.toml"
        path.write_text(text, encoding="utf-8")
        return path


@contextmanager
def loopback_site(
    ca: trustme.CA,
    *,
    zone: Zone | None = None,
    https: str = "tls",
    vpn: tuple[str, str] = ("open", "open"),
    sntp: dict | None = None,
    tls_ca: trustme.CA | None = None,
) -> Iterator[LoopbackSite]:
    """Start a site. Ports are "open", "closed" (refused), "dropped" or "silent" (opens, never
    answers); https may be "tls"."""
    with ExitStack() as stack:

        def port(kind: str) -> int:
            if kind == "open":
                return stack.enter_context(TcpListener()).port
            if kind == "closed":
                return closed_port()
            if kind == "dropped":
                return stack.enter_context(blackhole_port())
            if kind == "silent":
                # Listening, never accepting: the system completes the handshake, and what
                # is sent then is never read or answered, as behind a stalling path.
                listener = stack.enter_context(tcp_listener_socket())
                return int(listener.getsockname()[1])
            raise ValueError(kind)

        https_port = (
            stack.enter_context(TlsServer((tls_ca or ca).issue_cert(ENDPOINT))).port
            if https == "tls"
            else port(https)
        )
        dns = stack.enter_context(DnsServer(HEALTHY_ZONE if zone is None else zone))
        ntp = stack.enter_context(SntpServer(**(sntp or {})))
        site = LoopbackSite(dns, ntp, https_port, (port(vpn[0]), port(vpn[1])))
        site.adapters_list = [loopback_adapter(dns.port)]
        yield site
