"""Probes sent from inside a lab namespace by the test process itself, never by the product.

The lab uses them to wait until a service answers (instead of sleeping), and the benchmark uses
them as the manual procedure's baseline: one DNS lookup, then one TCP connect after another,
then one NTP query, each bounded by the same time-out the product gets.
"""

from __future__ import annotations

import errno
import socket
import struct
import time
from dataclasses import dataclass, field

import dns.exception
import dns.message
import dns.rcode
import dns.rdatatype
from helpers.ntp_server import MODE_SERVER, SntpReply, client_request, unix_to_ntp

from .netns import Namespace


@dataclass(frozen=True)
class DnsResult:
    rcode: str | None
    """None when no answer came back in time."""
    addresses: tuple[str, ...] = ()
    names: tuple[str, ...] = field(default_factory=tuple)


def dns_query(host: Namespace, name: str, server: str, timeout: float) -> DnsResult:
    """One A query over UDP from `host`; the chain of owner names and the final addresses."""
    query = dns.message.make_query(name, dns.rdatatype.A)
    deadline = time.monotonic() + timeout
    with host.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect((server, 53))
            sock.send(query.to_wire())
            while (remaining := deadline - time.monotonic()) > 0:
                sock.settimeout(remaining)
                response = dns.message.from_wire(sock.recv(65535), ignore_trailing=True)
                if query.is_response(response):
                    break
            else:
                return DnsResult(None)
        except (OSError, dns.exception.DNSException):
            return DnsResult(None)
    addresses = tuple(
        r.address for rrset in response.answer if rrset.rdtype == dns.rdatatype.A for r in rrset
    )
    names = tuple(rrset.name.to_text(omit_final_dot=True) for rrset in response.answer)
    return DnsResult(dns.rcode.to_text(response.rcode()), addresses, names)


def tcp_connect(host: Namespace, address: str, port: int, timeout: float) -> str:
    """`open`, `refused`, `filtered` (no answer in time) or `unreachable`, like the product."""
    with host.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect((address, port))
        except TimeoutError:
            return "filtered"
        except ConnectionRefusedError:
            return "refused"
        except OSError as exc:
            return "filtered" if exc.errno == errno.ETIMEDOUT else "unreachable"
    return "open"


def ntp_query(host: Namespace, server: str, timeout: float) -> float | None:
    """One SNTP exchange on UDP 123; the server's stratum, or None on silence or an error."""
    transmit = unix_to_ntp(time.time())
    deadline = time.monotonic() + timeout
    with host.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect((server, 123))
            sock.send(client_request(transmit))
            while (remaining := deadline - time.monotonic()) > 0:
                sock.settimeout(remaining)
                data = sock.recv(2048)
                reply = SntpReply.parse(data)
                if reply.mode == MODE_SERVER and reply.originate == transmit:
                    return float(reply.stratum)
        except (OSError, struct.error):
            return None
    return None


@dataclass(frozen=True)
class ManualRun:
    """What the technician's sequential procedure saw, and how long it took."""

    seconds: float
    dns: str | None
    ports: dict[int, str]
    ntp: bool


def manual_procedure(
    host: Namespace,
    name: str,
    dns_server: str,
    ports: tuple[int, ...],
    ntp_server: str,
    timeout: float,
) -> ManualRun:
    """nslookup, then Test-NetConnection port by port, then one NTP query: one at a time."""
    started = time.perf_counter()
    answer = dns_query(host, name, dns_server, timeout)
    states: dict[int, str] = {}
    if answer.addresses:
        for port in ports:
            states[port] = tcp_connect(host, answer.addresses[0], port, timeout)
    ntp = ntp_query(host, ntp_server, timeout) is not None
    return ManualRun(time.perf_counter() - started, answer.rcode, states, ntp)
