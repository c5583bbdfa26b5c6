"""One DNS question to one server, sent from a chosen address, with dnspython messages."""

from __future__ import annotations

import enum
import threading
import time
from dataclasses import dataclass, field

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype

from app.core.probes.sockets import (
    Cancelled,
    PortState,
    Route,
    tcp_connect,
    tcp_exchange,
    udp_exchange,
)


class DnsOutcome(enum.StrEnum):
    ANSWER = "answer"
    NXDOMAIN = "nxdomain"
    SERVFAIL = "servfail"
    REFUSED = "refused"
    NO_ANSWER = "no_answer"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class DnsAnswer:
    server: str
    port: int
    outcome: DnsOutcome
    ms: int
    cname_chain: tuple[str, ...] = ()
    """The asked name, then each canonical name in turn, as nslookup shows them."""
    addresses: tuple[str, ...] = ()
    rcode: str | None = None
    error: str | None = None
    records: tuple[dict[str, object], ...] = field(default_factory=tuple)
    route: Route | None = None
    """The adapter and address the question left from."""


def query_a(
    name: str,
    server: str,
    port: int = 53,
    timeout: float = 3.0,
    route: Route | None = None,
    cancel: threading.Event | None = None,
) -> DnsAnswer:
    """Ask `server` for the A records of `name` (recursion desired), follow the CNAME chain."""
    start = time.monotonic()
    query = dns.message.make_query(name, dns.rdatatype.A)

    def elapsed() -> int:
        return int((time.monotonic() - start) * 1000)

    def is_reply(data: bytes) -> bool:
        try:
            return query.is_response(dns.message.from_wire(data, ignore_trailing=True))
        except Exception:
            return False

    try:
        wire = udp_exchange(server, port, query.to_wire(), timeout, is_reply, route, cancel)
    except Cancelled:
        return DnsAnswer(server, port, DnsOutcome.CANCELLED, elapsed())
    except OSError as exc:
        return DnsAnswer(server, port, DnsOutcome.UNREACHABLE, elapsed(), error=str(exc))
    if wire is None:
        return DnsAnswer(server, port, DnsOutcome.TIMEOUT, elapsed())
    response = dns.message.from_wire(wire, ignore_trailing=True)
    if response.flags & dns.flags.TC:
        remaining = max(0.1, timeout - (time.monotonic() - start))
        # Over TCP too the question leaves by the tested adapter: dnspython is handed a socket
        # made the core's one way, connected, rather than making its own.
        connect, sock = tcp_connect(server, port, remaining, route, cancel)
        if sock is None:
            if connect.state == PortState.CANCELLED:
                return DnsAnswer(server, port, DnsOutcome.CANCELLED, elapsed())
            return DnsAnswer(server, port, DnsOutcome.TIMEOUT, elapsed(), error=connect.error)
        try:
            with sock:
                # The same deadline as the question over UDP, and Cancel heard within 50 ms.
                wire = tcp_exchange(
                    sock, _length_prefixed(query.to_wire()), start + timeout, cancel, _tcp_size
                )
        except Cancelled:
            return DnsAnswer(server, port, DnsOutcome.CANCELLED, elapsed())
        except OSError as exc:
            return DnsAnswer(server, port, DnsOutcome.TIMEOUT, elapsed(), error=str(exc))
        if wire is None:
            return DnsAnswer(server, port, DnsOutcome.TIMEOUT, elapsed())
        try:
            response = dns.message.from_wire(wire[2:], ignore_trailing=True)
            if not query.is_response(response):
                raise ValueError("the answer over TCP is not to this question")
        except Exception as exc:  # noqa: BLE001 - any damaged answer is no answer
            return DnsAnswer(server, port, DnsOutcome.TIMEOUT, elapsed(), error=str(exc))
    return _interpret(query, response, server, port, elapsed())


def _length_prefixed(wire: bytes) -> bytes:
    """A DNS message as TCP carries it: its length in two bytes first (RFC 1035, 4.2.2)."""
    return len(wire).to_bytes(2, "big") + wire


def _tcp_size(received: bytes) -> int | None:
    """How many bytes the answer over TCP holds, once its two length bytes are in."""
    return 2 + int.from_bytes(received[:2], "big") if len(received) >= 2 else None


def _interpret(
    query: dns.message.Message, response: dns.message.Message, server: str, port: int, ms: int
) -> DnsAnswer:
    rcode = response.rcode()
    rcode_text = dns.rcode.to_text(rcode)
    records = tuple(
        {
            "name": rrset.name.to_text(),
            "type": dns.rdatatype.to_text(rrset.rdtype),
            "ttl": rrset.ttl,
            "data": [rdata.to_text() for rdata in rrset],
        }
        for rrset in response.answer
    )
    if rcode == dns.rcode.NXDOMAIN:
        return DnsAnswer(server, port, DnsOutcome.NXDOMAIN, ms, rcode=rcode_text, records=records)
    if rcode == dns.rcode.REFUSED:
        return DnsAnswer(server, port, DnsOutcome.REFUSED, ms, rcode=rcode_text)
    if rcode != dns.rcode.NOERROR:
        return DnsAnswer(server, port, DnsOutcome.SERVFAIL, ms, rcode=rcode_text)

    current = query.question[0].name
    chain = [current.to_text(omit_final_dot=True)]
    seen = {current}
    addresses: list[str] = []
    while True:
        cname = response.get_rrset(response.answer, current, dns.rdataclass.IN, dns.rdatatype.CNAME)
        if cname is None:
            break
        current = cname[0].target
        if current in seen:
            break
        seen.add(current)
        chain.append(current.to_text(omit_final_dot=True))
    a_set = response.get_rrset(response.answer, current, dns.rdataclass.IN, dns.rdatatype.A)
    if a_set is not None:
        addresses = [rdata.address for rdata in a_set]
    outcome = DnsOutcome.ANSWER if addresses else DnsOutcome.NO_ANSWER
    return DnsAnswer(
        server, port, outcome, ms, tuple(chain), tuple(addresses), rcode_text, records=records
    )
