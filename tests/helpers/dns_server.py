"""A loopback DNS server that answers like a site's recursive resolver, with scripted failures.

The product's DNS check must tell "no such name" from "resolver broken" from "resolver silent"
from "answer too big for UDP", so each of these is a per-name behaviour here. The server speaks
real DNS (dnspython messages) over UDP and TCP on the same port, and records who asked what.
"""

from __future__ import annotations

import socket
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple, get_args

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from .tcp import LOOPBACK, BackgroundServer, RecordLog, tcp_listener_socket

Behaviour = Literal["nxdomain", "servfail", "refused", "drop", "empty", "truncate"]
BEHAVIOURS: frozenset[str] = frozenset(get_args(Behaviour))
Record = tuple[str, str] | tuple[str, str, int]
"""(type, value) or (type, value, ttl), e.g. ("A", "203.0.113.10") or ("CNAME", "cdn.example.")."""
ZoneEntry = Behaviour | Sequence[Record | Behaviour]
Zone = Mapping[str, ZoneEntry]

DEFAULT_TTL = 300
TCP_IDLE_TIMEOUT = 10.0
MAX_CNAME_CHAIN = 16
Transport = Literal["udp", "tcp"]


class DnsQuery(NamedTuple):
    """One query as received. `qname` is lower-case without the trailing dot."""

    address: str
    port: int
    qname: str
    transport: Transport


class _Entry(NamedTuple):
    behaviours: frozenset[str]
    rrsets: tuple[dns.rrset.RRset, ...]


class _Answer(NamedTuple):
    rcode: dns.rcode.Rcode
    rrsets: list[dns.rrset.RRset]
    behaviours: frozenset[str]


class DnsServer(BackgroundServer):
    """Serve `zone` on 127.0.0.1 (UDP and TCP, one port), answering like a recursive resolver.

    Zone keys are names (case-insensitive, trailing dot optional). A value is a behaviour
    string or a list of records and behaviours, e.g. `["truncate", ("A", "192.0.2.1")]`.
    A/AAAA queries follow CNAMEs inside the zone and return the whole chain then the final
    records, in zone order (dnspython would shuffle them; tests want determinism).

    Behaviours met anywhere on the chain apply: "nxdomain", "servfail", "refused", "drop"
    (never answer), "empty" (NOERROR, no answer), "truncate" (UDP reply has TC set and no
    records; TCP gets the full answer). Names not in the zone are NXDOMAIN. `delay` holds every
    answer back that many seconds (without blocking other queries or shutdown). Answers too big
    for the client's UDP size (512, or its EDNS payload) are truncated as a real server would.
    """

    def __init__(self, zone: Zone, *, delay: float = 0.0, recursion_available: bool = True) -> None:
        super().__init__()
        self.delay = delay
        self.recursion_available = recursion_available
        self._zone = {_name(key): _parse_entry(key, value) for key, value in zone.items()}
        self._queries: RecordLog[DnsQuery] = RecordLog()

    @property
    def queries(self) -> list[DnsQuery]:
        """Every query received so far, in arrival order (a copy)."""
        return self._queries.snapshot()

    def wait_for_queries(self, count: int, timeout: float = 5.0) -> bool:
        return self._queries.wait_for(count, timeout)

    # -- sockets -----------------------------------------------------------------------------

    def _bind(self) -> None:
        # Find a port free for both UDP and TCP: bind UDP to port 0, then TCP to the same port.
        for _ in range(20):
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind((LOOPBACK, 0))
            port = udp.getsockname()[1]
            try:
                tcp = tcp_listener_socket(port)
            except OSError:
                udp.close()
                continue
            self.port = port
            self._register(udp, self._on_udp)
            self._register(tcp, self._on_accept)
            return
        raise RuntimeError("no port free for both UDP and TCP on 127.0.0.1")

    def _on_udp(self, sock: socket.socket) -> None:
        data, addr = sock.recvfrom(65535)
        reply = self._reply(data, (addr[0], addr[1]), "udp")
        if reply is None:
            return
        if self.delay > 0:
            self._spawn(self._send_udp_later, sock, reply, addr)
        else:
            sock.sendto(reply, addr)

    def _send_udp_later(self, sock: socket.socket, reply: bytes, addr: tuple[str, int]) -> None:
        if not self._stopping.wait(self.delay):
            sock.sendto(reply, addr)

    def _on_accept(self, sock: socket.socket) -> None:
        conn, addr = sock.accept()
        conn.settimeout(TCP_IDLE_TIMEOUT)
        self._spawn(self._serve_tcp, conn, (addr[0], addr[1]))

    def _serve_tcp(self, conn: socket.socket, addr: tuple[str, int]) -> None:
        with conn, self._tracked(conn):
            while not self._stopping.is_set():
                header = _recv_exact(conn, 2)
                if header is None:
                    return
                data = _recv_exact(conn, int.from_bytes(header, "big"))
                if data is None:
                    return
                reply = self._reply(data, addr, "tcp")
                if reply is None:
                    continue  # "drop": stay silent, keep the connection as a hung server would
                if self.delay > 0 and self._stopping.wait(self.delay):
                    return
                conn.sendall(len(reply).to_bytes(2, "big") + reply)

    # -- DNS ---------------------------------------------------------------------------------

    def _reply(self, wire: bytes, addr: tuple[str, int], transport: Transport) -> bytes | None:
        """Wire-format reply to `wire`, or None to stay silent."""
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        if not query.question:
            response = dns.message.make_response(query)
            response.set_rcode(dns.rcode.FORMERR)
            return response.to_wire(want_shuffle=False)
        question = query.question[0]
        qname = question.name.to_text(omit_final_dot=True).lower()
        self._queries.append(DnsQuery(addr[0], addr[1], qname, transport))

        answer = self._resolve(question.name, question.rdtype)
        if "drop" in answer.behaviours:
            return None
        response = dns.message.make_response(query)
        if self.recursion_available:
            response.flags |= dns.flags.RA
        response.set_rcode(answer.rcode)
        if transport == "udp" and "truncate" in answer.behaviours:
            response.flags |= dns.flags.TC
            return response.to_wire(want_shuffle=False)
        response.answer.extend(answer.rrsets)
        if transport == "tcp":
            return response.to_wire(want_shuffle=False)
        limit = max(512, query.payload) if query.edns >= 0 else 512
        try:
            return response.to_wire(max_size=limit, want_shuffle=False)
        except dns.exception.TooBig:
            response.answer.clear()
            response.flags |= dns.flags.TC
            return response.to_wire(want_shuffle=False)

    def _resolve(self, qname: dns.name.Name, rdtype: dns.rdatatype.RdataType) -> _Answer:
        """Walk the CNAME chain from `qname` as a recursive resolver would."""
        rrsets: list[dns.rrset.RRset] = []
        behaviours: set[str] = set()
        owner = qname
        seen: set[dns.name.Name] = set()
        for _ in range(MAX_CNAME_CHAIN):
            seen.add(owner)
            entry = self._zone.get(owner)
            if entry is None:
                return _Answer(dns.rcode.NXDOMAIN, rrsets, frozenset(behaviours))
            behaviours |= entry.behaviours
            for failure, rcode in (
                ("refused", dns.rcode.REFUSED),
                ("servfail", dns.rcode.SERVFAIL),
            ):
                if failure in behaviours:
                    return _Answer(rcode, [], frozenset(behaviours))
            if "nxdomain" in behaviours:
                return _Answer(dns.rcode.NXDOMAIN, rrsets, frozenset(behaviours))
            if "empty" in behaviours:
                return _Answer(dns.rcode.NOERROR, rrsets, frozenset(behaviours))
            cname = next((r for r in entry.rrsets if r.rdtype == dns.rdatatype.CNAME), None)
            if cname is not None and rdtype != dns.rdatatype.CNAME:
                rrsets.append(_with_owner(cname, owner))
                owner = cname[0].target
                if owner in seen:  # a CNAME loop: real resolvers give up with SERVFAIL
                    return _Answer(dns.rcode.SERVFAIL, [], frozenset(behaviours))
                continue
            rrsets.extend(_with_owner(r, owner) for r in entry.rrsets if r.rdtype == rdtype)
            return _Answer(dns.rcode.NOERROR, rrsets, frozenset(behaviours))
        return _Answer(dns.rcode.SERVFAIL, [], frozenset(behaviours))


def _name(text: str) -> dns.name.Name:
    return dns.name.from_text(text.strip().lower(), origin=dns.name.root)


def _with_owner(rrset: dns.rrset.RRset, owner: dns.name.Name) -> dns.rrset.RRset:
    """Copy of `rrset` named as asked (keeps the client's letter case, like resolvers do)."""
    copy = dns.rrset.RRset(owner, rrset.rdclass, rrset.rdtype)
    copy.update_ttl(rrset.ttl)
    for rdata in rrset:
        copy.add(rdata)
    return copy


def _parse_entry(key: str, value: ZoneEntry) -> _Entry:
    """Validate one zone entry up front so a typo fails the test setup, not the assertion."""
    items: Sequence[Record | str] = [value] if isinstance(value, str) else value
    behaviours: set[str] = set()
    by_type: dict[dns.rdatatype.RdataType, dns.rrset.RRset] = {}
    owner = _name(key)
    for item in items:
        if isinstance(item, str):
            if item not in BEHAVIOURS:
                raise ValueError(f"{key!r}: unknown behaviour {item!r}, use one of {BEHAVIOURS}")
            behaviours.add(item)
            continue
        rtype, text, *rest = item
        ttl = int(rest[0]) if rest else DEFAULT_TTL
        rdtype = dns.rdatatype.from_text(rtype)
        rdata = dns.rdata.from_text(
            dns.rdataclass.IN, rdtype, text, origin=dns.name.root, relativize=False
        )
        rrset = by_type.setdefault(rdtype, dns.rrset.RRset(owner, dns.rdataclass.IN, rdtype))
        rrset.add(rdata, ttl)
    cname = by_type.get(dns.rdatatype.CNAME)
    if cname is not None and (len(cname) > 1 or len(by_type) > 1):
        raise ValueError(f"{key!r}: a CNAME must be the only record of its name")
    return _Entry(frozenset(behaviours), tuple(by_type.values()))


def _recv_exact(conn: socket.socket, size: int) -> bytes | None:
    """Read exactly `size` bytes, or None if the peer closed or the connection was cut."""
    data = bytearray()
    while len(data) < size:
        try:
            chunk = conn.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return bytes(data)
