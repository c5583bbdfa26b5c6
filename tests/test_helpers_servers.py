"""The test servers must behave as specified, or every product test built on them lies.

These tests talk to the servers with plain dnspython / socket / ssl clients, never the product.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import dns.resolver
import pytest
import trustme
from cryptography import x509
from cryptography.x509.oid import NameOID
from helpers import (
    INSPECTION_ORG,
    DnsQuery,
    DnsServer,
    HoldingServer,
    SntpReply,
    SntpServer,
    TcpListener,
    TlsServer,
    ntp_to_unix,
    unix_to_ntp,
)
from helpers.ntp_server import NTP_UNIX_EPOCH_DELTA, client_request
from hypothesis import given
from hypothesis import strategies as st

TIMEOUT = 2.0
SHORT = 0.3  # for answers that must NOT come; anything on loopback arrives far sooner
PROMPT = 2.0  # stop() must return well within this even with work pending

CHAIN_ZONE = {
    "vpn.na.prod.chargepointnetwork.net": [("CNAME", "default-us.chargepoint.com")],
    "Default-US.chargepoint.com.": [("CNAME", "default-us.chargepoint.com.cdn.cloudflare.net.")],
    "default-us.chargepoint.com.cdn.cloudflare.net": [
        ("A", "104.18.1.1"),
        ("A", "104.18.2.2"),
        ("AAAA", "2606:4700::6812:101"),
    ],
}


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Runs outside the server fixtures, so it sees their teardown: no thread may survive."""
    before = set(threading.enumerate())
    yield
    leaked = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert leaked == []


# -- DNS ----------------------------------------------------------------------------------------


def ask(
    server: DnsServer, name: str, rdtype: str = "A", *, tcp: bool = False, **query_kwargs: object
) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype, **query_kwargs)  # type: ignore[arg-type]
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, server.host, timeout=TIMEOUT, port=server.port)


def answer_of(response: dns.message.Message) -> list[tuple[str, str, list[str]]]:
    return [
        (rrset.name.to_text(), dns.rdatatype.to_text(rrset.rdtype), [r.to_text() for r in rrset])
        for rrset in response.answer
    ]


@pytest.mark.parametrize("tcp", [False, True], ids=["udp", "tcp"])
def test_dns_a_query_returns_whole_cname_chain_then_addresses(
    dns_server: Callable[..., DnsServer], tcp: bool
) -> None:
    server = dns_server(CHAIN_ZONE)

    response = ask(server, "vpn.na.prod.chargepointnetwork.net.", tcp=tcp)

    assert response.rcode() == dns.rcode.NOERROR
    assert response.flags & dns.flags.RA
    assert answer_of(response) == [
        ("vpn.na.prod.chargepointnetwork.net.", "CNAME", ["default-us.chargepoint.com."]),
        (
            "default-us.chargepoint.com.",
            "CNAME",
            ["default-us.chargepoint.com.cdn.cloudflare.net."],
        ),
        ("default-us.chargepoint.com.cdn.cloudflare.net.", "A", ["104.18.1.1", "104.18.2.2"]),
    ]


def test_dns_names_are_case_insensitive_and_resolver_sees_canonical_name(
    dns_server: Callable[..., DnsServer],
) -> None:
    server = dns_server(CHAIN_ZONE)
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [server.host]
    resolver.port = server.port

    answer = resolver.resolve("VPN.NA.Prod.ChargePointNetwork.net", "A", lifetime=TIMEOUT)

    assert answer.canonical_name.to_text() == "default-us.chargepoint.com.cdn.cloudflare.net."
    assert sorted(r.address for r in answer) == ["104.18.1.1", "104.18.2.2"]
    assert [r.address for r in resolver.resolve("default-us.chargepoint.com", "AAAA")] == [
        "2606:4700::6812:101"
    ]


def test_dns_cname_query_is_not_followed(dns_server: Callable[..., DnsServer]) -> None:
    server = dns_server(CHAIN_ZONE)

    response = ask(server, "vpn.na.prod.chargepointnetwork.net", "CNAME")

    assert answer_of(response) == [
        ("vpn.na.prod.chargepointnetwork.net.", "CNAME", ["default-us.chargepoint.com."])
    ]


@pytest.mark.parametrize(
    ("entry", "rcode"),
    [
        ("nxdomain", dns.rcode.NXDOMAIN),
        ("servfail", dns.rcode.SERVFAIL),
        ("refused", dns.rcode.REFUSED),
        ("empty", dns.rcode.NOERROR),
        ([("AAAA", "2001:db8::1")], dns.rcode.NOERROR),  # an A query: the name has no A
    ],
)
def test_dns_failure_behaviours_give_rcode_and_no_answer(
    dns_server: Callable[..., DnsServer], entry: object, rcode: dns.rcode.Rcode
) -> None:
    server = dns_server({"station.example": entry})

    for tcp in (False, True):
        response = ask(server, "station.example", tcp=tcp)
        assert (response.rcode(), response.answer) == (rcode, [])


def test_dns_unknown_names_are_nxdomain(dns_server: Callable[..., DnsServer]) -> None:
    server = dns_server({"known.example": [("A", "192.0.2.1")]})

    assert ask(server, "unknown.example").rcode() == dns.rcode.NXDOMAIN


def test_dns_cname_to_missing_name_is_nxdomain_with_the_cname(
    dns_server: Callable[..., DnsServer],
) -> None:
    server = dns_server({"alias.example": [("CNAME", "gone.example")]})

    response = ask(server, "alias.example")

    assert response.rcode() == dns.rcode.NXDOMAIN
    assert answer_of(response) == [("alias.example.", "CNAME", ["gone.example."])]


def test_dns_failure_along_the_chain_applies(dns_server: Callable[..., DnsServer]) -> None:
    server = dns_server(
        {"alias.example": [("CNAME", "broken.example")], "broken.example": "servfail"}
    )

    assert ask(server, "alias.example").rcode() == dns.rcode.SERVFAIL


def test_dns_drop_never_answers_but_records_the_query(
    dns_server: Callable[..., DnsServer],
) -> None:
    server = dns_server({"silent.example": "drop"})

    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(
            dns.message.make_query("silent.example", "A"), server.host, SHORT, server.port
        )

    assert [q.qname for q in server.queries] == ["silent.example"]


def test_dns_truncate_sets_tc_over_udp_and_answers_over_tcp(
    dns_server: Callable[..., DnsServer],
) -> None:
    server = dns_server({"big.example": ["truncate", ("A", "192.0.2.7")]})

    udp = ask(server, "big.example")
    response, used_tcp = dns.query.udp_with_fallback(
        dns.message.make_query("big.example", "A"), server.host, TIMEOUT, server.port
    )

    assert udp.flags & dns.flags.TC and udp.answer == []
    assert used_tcp
    assert answer_of(response) == [("big.example.", "A", ["192.0.2.7"])]
    assert [q.transport for q in server.queries] == ["udp", "udp", "tcp"]


def test_dns_answer_too_big_for_udp_is_truncated_unless_edns_allows_it(
    dns_server: Callable[..., DnsServer],
) -> None:
    many = [("A", f"198.51.100.{i}") for i in range(1, 60)]  # ~16 bytes each: > 512 in total
    server = dns_server({"many.example": many})

    plain = ask(server, "many.example")
    with_edns = ask(server, "many.example", use_edns=0, payload=4096)

    assert plain.flags & dns.flags.TC and plain.answer == []
    assert not with_edns.flags & dns.flags.TC
    assert len(with_edns.answer[0]) == len(many)


def test_dns_records_source_address_port_name_and_transport(
    dns_server: Callable[..., DnsServer],
) -> None:
    server = dns_server({"station.example": [("A", "192.0.2.1")]})

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        dns.query.udp(
            dns.message.make_query("Station.Example.", "A"),
            server.host,
            TIMEOUT,
            server.port,
            sock=sock,
        )
        source_port = sock.getsockname()[1]

    assert server.queries == [DnsQuery("127.0.0.1", source_port, "station.example", "udp")]


def test_dns_tcp_connection_serves_several_queries(dns_server: Callable[..., DnsServer]) -> None:
    server = dns_server(CHAIN_ZONE)

    with socket.create_connection((server.host, server.port), TIMEOUT) as sock:
        client_port = sock.getsockname()[1]
        for name in ("default-us.chargepoint.com", "vpn.na.prod.chargepointnetwork.net"):
            response = dns.query.tcp(
                dns.message.make_query(name, "A"), server.host, TIMEOUT, sock=sock
            )
            assert response.answer[-1].rdtype == dns.rdatatype.A

    assert [q.port for q in server.queries] == [client_port, client_port]


def test_dns_delay_holds_answers_back(dns_server: Callable[..., DnsServer]) -> None:
    server = dns_server({"slow.example": [("A", "192.0.2.1")]}, delay=0.4)

    started = time.monotonic()
    response = ask(server, "slow.example")

    assert time.monotonic() - started >= 0.4
    assert answer_of(response) == [("slow.example.", "A", ["192.0.2.1"])]


def test_dns_stops_promptly_with_delayed_answer_and_idle_tcp_pending() -> None:
    server = DnsServer({"slow.example": [("A", "192.0.2.1")], "silent.example": "drop"}, delay=30)
    with server, socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(dns.message.make_query("slow.example", "A").to_wire(), server.address)
        tcp = socket.create_connection(server.address, TIMEOUT)
        wire = dns.message.make_query("silent.example", "A").to_wire()
        tcp.sendall(len(wire).to_bytes(2, "big") + wire)
        assert server.wait_for_queries(2, TIMEOUT)
        started = time.monotonic()
    try:
        assert time.monotonic() - started < PROMPT
        tcp.settimeout(TIMEOUT)
        assert tcp.recv(10) == b""  # the server hung up instead of leaving the client hanging
    finally:
        tcp.close()
    assert server.errors == []


@pytest.mark.parametrize(
    "zone",
    [
        {"x.example": "explode"},
        {"x.example": [("CNAME", "a.example"), ("A", "192.0.2.1")]},
        {"x.example": [("A", "not-an-address")]},
    ],
)
def test_dns_rejects_bad_zone_at_construction(zone: dict[str, object]) -> None:
    with pytest.raises((ValueError, dns.exception.SyntaxError)):
        DnsServer(zone)  # type: ignore[arg-type]


# -- SNTP ---------------------------------------------------------------------------------------


def sntp_exchange(
    server: SntpServer, transmit: int, *, version: int = 4, timeout: float = TIMEOUT
) -> tuple[SntpReply, float]:
    """Send one request; return the decoded reply and the Unix time it arrived."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(client_request(transmit, version), (server.host, server.port))
        data = sock.recv(512)
        return SntpReply.parse(data), time.time()


def test_sntp_reply_echoes_originate_and_carries_offset_clock(
    sntp_server: Callable[..., SntpServer],
) -> None:
    server = sntp_server(offset=3600.0)
    sent = time.time()
    transmit = unix_to_ntp(sent)

    reply, arrived = sntp_exchange(server, transmit)

    t2, t3 = ntp_to_unix(reply.receive), ntp_to_unix(reply.transmit)
    offset = ((t2 - sent) + (t3 - arrived)) / 2
    assert reply.originate == transmit
    assert (reply.leap, reply.version, reply.mode, reply.stratum) == (0, 4, 4, 2)
    assert abs(offset - 3600.0) < 0.5
    assert t2 <= t3


def test_sntp_records_requests(sntp_server: Callable[..., SntpServer]) -> None:
    server = sntp_server()
    transmit = unix_to_ntp(time.time())

    sntp_exchange(server, transmit, version=3)

    [request] = server.requests
    assert (request.address, request.version, request.mode, request.transmit) == (
        "127.0.0.1",
        3,
        3,
        transmit,
    )


def test_sntp_reply_fields_follow_configuration(sntp_server: Callable[..., SntpServer]) -> None:
    server = sntp_server(stratum=0, mode=5, leap=3, reference_id=b"RATE")

    reply, _ = sntp_exchange(server, unix_to_ntp(time.time()))

    assert (reply.leap, reply.mode, reply.stratum, reply.reference_id) == (3, 5, 0, b"RATE")


def test_sntp_wrong_originate_when_asked(sntp_server: Callable[..., SntpServer]) -> None:
    server = sntp_server(echo_originate=False)
    transmit = unix_to_ntp(time.time())

    reply, _ = sntp_exchange(server, transmit)

    assert reply.originate != transmit


def test_sntp_drop_never_answers(sntp_server: Callable[..., SntpServer]) -> None:
    server = sntp_server(drop=True)

    with pytest.raises(TimeoutError):
        sntp_exchange(server, unix_to_ntp(time.time()), timeout=SHORT)

    assert len(server.requests) == 1


def test_sntp_ignores_short_packets(sntp_server: Callable[..., SntpServer]) -> None:
    server = sntp_server()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(TIMEOUT)
        sock.sendto(b"hello", (server.host, server.port))
        sock.sendto(client_request(1234), (server.host, server.port))
        reply = SntpReply.parse(sock.recv(512))  # the only reply is to the real request

    assert reply.originate == 1234
    assert [r.transmit for r in server.requests] == [1234]


def test_ntp_timestamp_conversion_known_values() -> None:
    assert unix_to_ntp(0.0) == NTP_UNIX_EPOCH_DELTA << 32
    assert unix_to_ntp(1.5) == (NTP_UNIX_EPOCH_DELTA + 1) << 32 | 1 << 31
    assert ntp_to_unix(NTP_UNIX_EPOCH_DELTA << 32) == 0.0


@given(st.floats(min_value=-NTP_UNIX_EPOCH_DELTA, max_value=2**32 - NTP_UNIX_EPOCH_DELTA - 1))
def test_ntp_timestamp_round_trip(unix_time: float) -> None:
    assert ntp_to_unix(unix_to_ntp(unix_time)) == pytest.approx(unix_time, abs=1e-6)


@pytest.mark.parametrize("unix_time", [-NTP_UNIX_EPOCH_DELTA - 1, 2**32 - NTP_UNIX_EPOCH_DELTA])
def test_ntp_timestamp_outside_era_0_is_refused(unix_time: float) -> None:
    with pytest.raises(ValueError):
        unix_to_ntp(unix_time)


# -- TLS ----------------------------------------------------------------------------------------


def tls_connect(
    server: TlsServer, context: ssl.SSLContext, server_hostname: str | None
) -> x509.Certificate:
    """Handshake with `server` and return the certificate it presented."""
    with (
        socket.create_connection((server.host, server.port), TIMEOUT) as sock,
        context.wrap_socket(sock, server_hostname=server_hostname) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    assert der is not None
    return x509.load_der_x509_certificate(der)


def unverified_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def test_tls_handshake_with_trusted_cert_via_ssl_cert_file(
    tls_server: Callable[..., TlsServer], trust_test_ca: Path
) -> None:
    server = tls_server("station.example")
    context = ssl.create_default_context()  # reads SSL_CERT_FILE now

    cert = tls_connect(server, context, "station.example")

    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["station.example"]
    assert server.server_names == ["station.example"]
    assert server.wait_for_connections(1)
    [connection] = server.connections
    assert (connection.server_name, connection.ok) == ("station.example", True)


def test_tls_inspection_ca_is_rejected_and_recognisable(
    tls_server: Callable[..., TlsServer], tls_ca: trustme.CA, inspection_ca: trustme.CA
) -> None:
    server = tls_server("station.example", ca=inspection_ca)
    trusting = ssl.create_default_context(cadata=tls_ca.cert_pem.bytes().decode())

    with pytest.raises(ssl.SSLCertVerificationError):
        tls_connect(server, trusting, "station.example")
    cert = tls_connect(server, unverified_context(), "station.example")  # server survived

    assert cert.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == (
        INSPECTION_ORG
    )
    assert server.wait_for_connections(2)
    assert [c.ok for c in server.connections] == [False, True]
    assert server.server_names == ["station.example", "station.example"]


def test_tls_records_missing_sni_and_wrong_hostname(
    tls_server: Callable[..., TlsServer], tls_ca: trustme.CA
) -> None:
    server = tls_server("station.example")
    context = ssl.create_default_context(cadata=tls_ca.cert_pem.bytes().decode())

    tls_connect(server, unverified_context(), None)
    with pytest.raises(ssl.SSLCertVerificationError, match="match"):
        tls_connect(server, context, "other.example")

    assert server.server_names == [None, "other.example"]


def test_tls_survives_garbage_and_serves_concurrent_clients(
    tls_server: Callable[..., TlsServer],
) -> None:
    server = tls_server("station.example")
    with socket.create_connection((server.host, server.port), TIMEOUT) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert server.wait_for_connections(1, TIMEOUT)
    assert not server.connections[0].ok
    clients = 8
    barrier = threading.Barrier(clients, timeout=TIMEOUT)
    results: list[str] = []

    def client() -> None:
        barrier.wait()
        try:
            tls_connect(server, unverified_context(), "station.example")
            results.append("ok")
        except OSError as exc:
            results.append(repr(exc))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT * 2)

    assert results == ["ok"] * clients
    assert server.wait_for_connections(clients + 1)
    assert [c.ok for c in server.connections].count(False) == 1


def test_tls_stops_promptly_with_a_stalled_handshake(tls_ca: trustme.CA) -> None:
    server = TlsServer(tls_ca.issue_cert("station.example"))
    client = unverified_context().wrap_bio(
        ssl.MemoryBIO(), outgoing := ssl.MemoryBIO(), server_hostname="station.example"
    )
    with server, socket.create_connection((server.host, server.port), TIMEOUT) as sock:
        with pytest.raises(ssl.SSLWantReadError):
            client.do_handshake()
        sock.sendall(outgoing.read())  # ClientHello, then never another byte
        assert server.wait_for_server_names(1, TIMEOUT)
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < PROMPT
    assert [c.ok for c in server.connections] == [False]


# -- TCP ----------------------------------------------------------------------------------------


def test_listening_port_accepts_then_closes(listening_port: int) -> None:
    with socket.create_connection(("127.0.0.1", listening_port), TIMEOUT) as sock:
        sock.settimeout(TIMEOUT)
        assert sock.recv(1) == b""


def test_tcp_listener_records_clients() -> None:
    with TcpListener() as listener, socket.create_connection(listener.address, TIMEOUT):
        assert listener.wait_for_connections(1, TIMEOUT)
        assert listener.connections[0][0] == "127.0.0.1"


def test_holding_server_answers_nothing_until_released_and_says_who_hung_up() -> None:
    with HoldingServer() as holder:
        socket.create_connection(holder.address, TIMEOUT).close()  # a port probe: no word
        with socket.create_connection(holder.address, TIMEOUT) as quitter:
            quitter.sendall(b"hello")
            gave_up = quitter.getsockname()[:2]
            assert holder.wait_for_held(1, TIMEOUT)
            quitter.settimeout(SHORT)
            with pytest.raises(TimeoutError):
                quitter.recv(1)
        assert holder.wait_for_hung_up(1, TIMEOUT)
        with socket.create_connection(holder.address, TIMEOUT) as patient:
            patient.sendall(b"hello")
            assert holder.wait_for_held(2, TIMEOUT)
            holder.release()
            patient.settimeout(TIMEOUT)
            assert patient.recv(1) == b"", "the release closes what is still held"
        assert holder.released
        assert holder.hung_up == [gave_up] == holder.held[:1], (
            "not the silent one, not the released"
        )


def test_closed_port_refuses(closed_port: int) -> None:
    # Windows retries a SYN that was answered with a reset for about 2 s before it reports
    # the refusal: TIMEOUT (2 s) would race it there, so this waits longer for the same error.
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", closed_port), 5.0).close()


def test_blackhole_port_times_out_instead_of_refusing(blackhole_port: int) -> None:
    for _ in range(2):  # and it stays a blackhole after a client gave up
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            socket.create_connection(("127.0.0.1", blackhole_port), 1.0).close()
        assert time.monotonic() - started >= 0.9
