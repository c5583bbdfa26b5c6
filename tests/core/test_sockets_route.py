"""Every probe's socket is tied to the tested adapter: the options each system is given, and
real sockets on this machine's loopback that leave from the address and interface asked."""

from __future__ import annotations

import socket
import struct
import sys
from collections.abc import Iterator

import pytest
from helpers.dns_server import DnsServer
from helpers.tcp import TcpListener

from app.core.probes import dns
from app.core.probes.sockets import (
    IP_UNICAST_IF,
    IPV6_UNICAST_IF,
    SO_BINDTODEVICE,
    PortState,
    Route,
    bind_to_interface,
    interface_binding_error,
    open_socket,
    tcp_connect,
)

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SO_BINDTODEVICE is Linux's"
)
windows_only = pytest.mark.skipif(
    sys.platform != "win32", reason="IP_UNICAST_IF and IPV6_UNICAST_IF are Winsock's"
)


class RecordingSocket:
    """Stands for a socket where the system under test is not this one: records each call."""

    def __init__(self, family: int) -> None:
        self.family = family
        self.calls: list[tuple[int, int, bytes]] = []

    def setsockopt(self, level: int, option: int, value: bytes, /) -> None:
        self.calls.append((level, option, value))


def test_windows_ipv4_binds_by_interface_index_in_network_byte_order() -> None:
    sock = RecordingSocket(socket.AF_INET)
    bind_to_interface(sock, Route("192.0.2.10", "{GUID}", 0x01020304), platform="win32")
    # IPPROTO_IP (0), IP_UNICAST_IF (31), the index big-endian: what ws2ipdef.h documents.
    assert sock.calls == [(0, 31, b"\x01\x02\x03\x04")]
    assert IP_UNICAST_IF == 31


def test_windows_ipv6_binds_by_interface_index_in_host_byte_order() -> None:
    sock = RecordingSocket(socket.AF_INET6)
    bind_to_interface(sock, Route("2001:db8::10", "{GUID}", 0x01020304), platform="win32")
    # IPPROTO_IPV6 (41), IPV6_UNICAST_IF (31), the index as the (little-endian) host has it.
    assert sock.calls == [(41, 31, (0x01020304).to_bytes(4, sys.byteorder))]
    assert IPV6_UNICAST_IF == 31


def test_windows_without_an_index_is_refused() -> None:
    with pytest.raises(OSError):
        bind_to_interface(RecordingSocket(socket.AF_INET), Route("192.0.2.10", "x"), "win32")


def test_linux_binds_by_interface_name() -> None:
    sock = RecordingSocket(socket.AF_INET)
    bind_to_interface(sock, Route("192.0.2.10", "enp0s31f6", 3), platform="linux")
    assert sock.calls == [(socket.SOL_SOCKET, 25, b"enp0s31f6\0")]
    assert SO_BINDTODEVICE == 25


@linux_only
def test_a_real_socket_is_tied_to_the_interface_and_bound_to_the_address() -> None:
    with open_socket("127.0.0.1", socket.SOCK_DGRAM, Route("127.0.0.5", "lo", 1)) as sock:
        device = sock.getsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, 16).rstrip(b"\0")
        assert device == b"lo"
        assert sock.getsockname()[0] == "127.0.0.5"


@linux_only
def test_an_interface_the_system_refuses_is_said_and_the_address_still_bound() -> None:
    route = Route("127.0.0.5", "no-such-if0", 999)
    assert interface_binding_error(route) is not None
    with open_socket("127.0.0.1", socket.SOCK_STREAM, route) as sock:
        assert sock.getsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, 16).rstrip(b"\0") == b""
        assert sock.getsockname()[0] == "127.0.0.5"


@linux_only
def test_a_tied_socket_never_leaves_by_another_interface() -> None:
    """Tied to an interface that has no route to loopback, the connect cannot go out at all."""
    other = next(
        (name for _, name in socket.if_nameindex() if name != "lo"),
        None,
    )
    if other is None:
        pytest.skip("this machine has no interface but loopback")
    with TcpListener() as listener:
        outcome, sock = tcp_connect("127.0.0.1", listener.port, 1.0, Route(None, other, 0))
        opened = sock is not None
        if sock is not None:
            sock.close()
        assert not opened and outcome.state != PortState.OPEN
        outcome, sock = tcp_connect("127.0.0.1", listener.port, 1.0, Route(None, "lo", 1))
        assert outcome.state == PortState.OPEN
        assert sock is not None
        sock.close()


def _loopback_index() -> int:
    from app.core.platform import windows
    from app.core.platform.base import AdapterKind

    for adapter in windows.list_adapters():
        if adapter.kind is AdapterKind.LOOPBACK and adapter.index:
            return adapter.index
    pytest.fail("Windows lists no loopback adapter with an index")


def _tie_and_connect(family: socket.AddressFamily, address: str, unpacked: str) -> None:
    """The option set on a real Winsock socket, with the index Windows' own adapter list gives:
    Winsock takes it (no error), holds the index as given, and the socket connects."""
    index = _loopback_index()
    route = Route(address, None, index)
    level, option = (
        (socket.IPPROTO_IPV6, IPV6_UNICAST_IF)
        if family == socket.AF_INET6
        else (socket.IPPROTO_IP, IP_UNICAST_IF)
    )
    with (
        socket.create_server((address, 0), family=family) as listener,
        socket.socket(family, socket.SOCK_STREAM) as sock,
    ):
        bind_to_interface(sock, route)
        assert struct.unpack(unpacked, sock.getsockopt(level, option, 4)) == (index,)
        sock.settimeout(5.0)
        sock.connect(listener.getsockname()[:2])
        assert sock.getsockname()[0] == address


@windows_only
def test_a_real_winsock_socket_is_tied_to_the_loopback_adapter_by_ip_unicast_if() -> None:
    assert interface_binding_error(Route("127.0.0.1", None, _loopback_index())) is None
    _tie_and_connect(socket.AF_INET, "127.0.0.1", "!I")  # network byte order


@windows_only
def test_a_real_winsock_socket_is_tied_to_the_loopback_adapter_by_ipv6_unicast_if() -> None:
    _tie_and_connect(socket.AF_INET6, "::1", "=I")  # host byte order


@pytest.fixture
def truncating_dns() -> Iterator[DnsServer]:
    with DnsServer({"station.example": ["truncate", ("A", "192.0.2.1")]}) as server:
        yield server


@linux_only
def test_dns_over_tcp_leaves_by_the_same_route_as_over_udp(truncating_dns: DnsServer) -> None:
    route = Route("127.0.0.5", "lo", 1)
    answer = dns.query_a("station.example", "127.0.0.1", truncating_dns.port, 2.0, route)
    assert answer.addresses == ("192.0.2.1",)
    asked = [(q.transport, q.address) for q in truncating_dns.queries]
    assert asked == [("udp", "127.0.0.5"), ("tcp", "127.0.0.5")]
