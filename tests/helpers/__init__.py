"""Real loopback servers (DNS, SNTP, TLS, TCP) that the tests point the product at.

They bind 127.0.0.1 only, run in background threads, are context managers and never print.
"""

from .dns_server import DnsQuery, DnsServer, Zone
from .ntp_server import SntpReply, SntpRequest, SntpServer, ntp_to_unix, unix_to_ntp
from .tcp import (
    LOOPBACK,
    HoldingServer,
    TcpListener,
    blackhole_port,
    closed_port,
    listening_port,
)
from .tls_server import INSPECTION_ORG, TlsConnection, TlsServer, inspection_ca

__all__ = [
    "INSPECTION_ORG",
    "LOOPBACK",
    "DnsQuery",
    "DnsServer",
    "HoldingServer",
    "SntpReply",
    "SntpRequest",
    "SntpServer",
    "TcpListener",
    "TlsConnection",
    "TlsServer",
    "Zone",
    "blackhole_port",
    "closed_port",
    "inspection_ca",
    "listening_port",
    "ntp_to_unix",
    "unix_to_ntp",
]
