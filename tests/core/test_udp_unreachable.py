"""A UDP query to a port where nothing listens: the ICMP "port unreachable" that comes back
is reported the same way on Linux (ECONNREFUSED) and on Windows (WSAECONNRESET, 10054)."""

from __future__ import annotations

import socket

import pytest

from app.core.probes import dns, ntp
from app.core.probes.sockets import udp_exchange

WSAECONNRESET = 10054


def closed_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_closed_udp_port_is_unreachable_and_said_to_refuse() -> None:
    port = closed_udp_port()
    ntp_reply = ntp.query("127.0.0.1", port, timeout=2.0)
    dns_answer = dns.query_a("station.example", "127.0.0.1", port, timeout=2.0)
    assert ntp_reply.outcome == ntp.NtpOutcome.UNREACHABLE
    assert dns_answer.outcome == dns.DnsOutcome.UNREACHABLE
    assert "refused" in (ntp_reply.error or "").lower()
    assert "refused" in (dns_answer.error or "").lower()


def test_windows_connection_reset_on_udp_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """What Windows raises from recv() on a connected UDP socket after an ICMP port
    unreachable, made here by hand: not "connection forcibly closed", a refused port."""
    port = closed_udp_port()

    def reset(self: socket.socket, *args: object) -> bytes:
        raise ConnectionResetError(
            WSAECONNRESET, "An existing connection was forcibly closed by the remote host"
        )

    monkeypatch.setattr(socket.socket, "recv", reset)
    with pytest.raises(ConnectionRefusedError):
        udp_exchange("127.0.0.1", port, b"x", 2.0, lambda data: True)
    answer = dns.query_a("station.example", "127.0.0.1", port, timeout=2.0)
    assert answer.outcome == dns.DnsOutcome.UNREACHABLE
    assert "refused" in (answer.error or "").lower()
    assert "forcibly" not in (answer.error or "")
