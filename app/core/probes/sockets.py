"""TCP connects and UDP exchanges that never block past their deadline or a cancel request."""

from __future__ import annotations

import contextlib
import enum
import errno
import select
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

# Route is a platform type (the adapter and its address), kept where the evidence can hold it
# without loading socket code; the probes import it from here too.
from app.core.platform.base import Route as Route

# How often a waiting probe looks at the cancel flag.
_SLICE = 0.05

# Errors that mean "the network said no route" rather than "the host said no".
_UNREACHABLE = {
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.EACCES,
    errno.EPERM,
    getattr(errno, "WSAEHOSTUNREACH", 10065),
    getattr(errno, "WSAENETUNREACH", 10051),
    getattr(errno, "WSAEACCES", 10013),
}
_REFUSED = {errno.ECONNREFUSED, getattr(errno, "WSAECONNREFUSED", 10061)}
_IN_PROGRESS = {
    errno.EINPROGRESS,
    errno.EWOULDBLOCK,
    errno.EALREADY,
    getattr(errno, "WSAEWOULDBLOCK", 10035),
    getattr(errno, "WSAEINPROGRESS", 10036),
}


class PortState(enum.StrEnum):
    OPEN = "open"
    REFUSED = "refused"
    """The host answered with a reset: reachable, nothing listening or a reject rule."""
    FILTERED = "filtered"
    """No answer before the time-out: a firewall dropped the packets."""
    UNREACHABLE = "unreachable"
    """An ICMP error or no route: the network refused to carry the packets."""
    CANCELLED = "cancelled"


class Cancelled(Exception):
    pass


@dataclass(frozen=True)
class ConnectOutcome:
    state: PortState
    ms: int
    error: str | None = None


# Windows' options that send a socket's packets out of one interface whatever the routing
# table says (ws2ipdef.h); the same that `Test-NetConnection -ConstrainInterface` uses.
IP_UNICAST_IF = 31
IPV6_UNICAST_IF = 31
# Linux's, when the socket module does not name it.
SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)


class _Socket(Protocol):
    @property
    def family(self) -> int: ...

    def setsockopt(self, level: int, option: int, value: bytes, /) -> None: ...


def _family(address: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def bind_to_interface(sock: _Socket, route: Route, platform: str = sys.platform) -> None:
    """Tie `sock` to the route's adapter, so no packet of it follows another adapter's route.

    Linux: SO_BINDTODEVICE with the interface name. Windows: IP_UNICAST_IF with the interface
    index in network byte order (IPv4), IPV6_UNICAST_IF with it in host order (IPv6), as
    Microsoft documents them. Raises OSError when the system refuses (privileges, an old
    kernel, an adapter gone) or cannot do it.
    """
    if platform.startswith("linux"):
        if not route.interface:
            raise OSError(errno.ENODEV, "no interface name to bind to")
        sock.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, route.interface.encode("utf-8") + b"\0")
    elif platform == "win32":
        if route.index is None:
            raise OSError(errno.ENODEV, "no interface index to bind to")
        if sock.family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, IPV6_UNICAST_IF, struct.pack("=I", route.index))
        else:
            sock.setsockopt(socket.IPPROTO_IP, IP_UNICAST_IF, struct.pack("!I", route.index))
    else:
        raise OSError(errno.EOPNOTSUPP, f"binding to an interface is not supported on {platform}")


def open_socket(
    address: str, kind: socket.SocketKind, route: Route | None, protocol: int = 0
) -> socket.socket:
    """The one way the core makes a socket: for `address`, tied to the tested adapter and
    bound to its address. A refused interface binding was said once by the adapter check
    (`interface_binding_error`); here the socket then goes on bound to the address alone."""
    sock = socket.socket(_family(address), kind, protocol)
    if route is None:
        return sock
    try:
        if route.interface_bound and (route.interface or route.index is not None):
            with contextlib.suppress(OSError):
                bind_to_interface(sock, route)
        if route.source and _family(route.source) == sock.family:
            sock.bind((route.source, 0))
    except BaseException:
        sock.close()
        raise
    return sock


def interface_binding_error(route: Route) -> str | None:
    """None when this system lets a socket be tied to the route's adapter, else why not."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            bind_to_interface(sock, route)
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__
    return None


def tcp_connect(
    address: str,
    port: int,
    timeout: float,
    route: Route | None = None,
    cancel: threading.Event | None = None,
) -> tuple[ConnectOutcome, socket.socket | None]:
    """Open a TCP connection; the open socket is returned (blocking mode) for a caller to use."""
    start = time.monotonic()
    deadline = start + timeout

    def outcome(state: PortState, error: str | None = None) -> ConnectOutcome:
        return ConnectOutcome(state, int((time.monotonic() - start) * 1000), error)

    try:
        sock = open_socket(address, socket.SOCK_STREAM, route)
    except OSError as exc:
        return _classify(exc.errno or 0, outcome, str(exc)), None
    try:
        sock.setblocking(False)
        code = sock.connect_ex((address, port))
        if code not in (0, *_IN_PROGRESS):
            sock.close()
            return _classify(code, outcome), None
        while True:
            if cancel is not None and cancel.is_set():
                sock.close()
                return outcome(PortState.CANCELLED), None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                # An ICMP error that came while the system was still retrying the SYN is kept
                # as a "soft" error: the network did answer, so the port is unreachable, not
                # filtered.
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                sock.close()
                if code:
                    return _classify(code, outcome), None
                return outcome(PortState.FILTERED), None
            _, writable, failed = select.select([], [sock], [sock], min(_SLICE, remaining))
            if writable or failed:
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code == 0:
                    sock.setblocking(True)
                    return outcome(PortState.OPEN), sock
                sock.close()
                return _classify(code, outcome), None
    except OSError as exc:
        sock.close()
        return _classify(exc.errno or 0, outcome, str(exc)), None


def _classify(
    code: int, outcome: Callable[..., ConnectOutcome], text: str | None = None
) -> ConnectOutcome:
    message = text or (errno.errorcode.get(code, str(code)) if code else None)
    if code in _REFUSED:
        return outcome(PortState.REFUSED, message)
    if code in _UNREACHABLE:
        return outcome(PortState.UNREACHABLE, message)
    if code in (errno.ETIMEDOUT, getattr(errno, "WSAETIMEDOUT", 10060)):
        return outcome(PortState.FILTERED, message)
    return outcome(PortState.UNREACHABLE, message)


def probe_port(
    address: str,
    port: int,
    timeout: float,
    route: Route | None = None,
    cancel: threading.Event | None = None,
) -> ConnectOutcome:
    result, sock = tcp_connect(address, port, timeout, route, cancel)
    if sock is not None:
        sock.close()
    return result


def udp_exchange(
    address: str,
    port: int,
    payload: bytes,
    timeout: float,
    accept: Callable[[bytes], bool],
    route: Route | None = None,
    cancel: threading.Event | None = None,
) -> bytes | None:
    """Send one datagram and wait for a reply that `accept` recognises; None on time-out.

    Raises OSError for an ICMP error the system reports (port or host unreachable) and
    Cancelled when asked to stop.
    """
    deadline = time.monotonic() + timeout
    with open_socket(address, socket.SOCK_DGRAM, route) as sock:
        sock.connect((address, port))
        sock.send(payload)
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([sock], [], [], min(_SLICE, remaining))
            if readable:
                try:
                    data = sock.recv(65535)
                except ConnectionResetError as exc:
                    # Windows reports the ICMP "port unreachable" on a UDP socket as
                    # WSAECONNRESET ("connection forcibly closed"); Linux as ECONNREFUSED.
                    # The same answer: the report says "refused" on both.
                    raise ConnectionRefusedError(
                        errno.ECONNREFUSED, "Connection refused (ICMP port unreachable)"
                    ) from exc
                if accept(data):
                    return data


def tcp_exchange(
    sock: socket.socket,
    payload: bytes,
    deadline: float,
    cancel: threading.Event | None = None,
    read: Callable[[bytes], int | None] = lambda received: None,
) -> bytes | None:
    """Send `payload` on a connected TCP socket, then read until `read(received)` says how
    many bytes the answer holds and they are all in; None at `deadline` (monotonic time).

    In 50 ms slices, like every probe here, so Cancel stops it at once: a library's blocking
    exchange would hold the thread until its own time-out. Raises Cancelled, or OSError (a
    connection closed before the answer is whole is ConnectionResetError).
    """
    sock.setblocking(False)
    unsent, received = memoryview(payload), b""
    while True:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        readable, writable, _ = select.select(
            [sock], [sock] if unsent else [], [], min(_SLICE, remaining)
        )
        if writable and unsent:
            with contextlib.suppress(BlockingIOError):
                unsent = unsent[sock.send(unsent) :]
        if readable:
            try:
                chunk = sock.recv(65535)
            except BlockingIOError:
                continue
            if not chunk:
                raise ConnectionResetError(errno.ECONNRESET, "closed before the whole answer")
            received += chunk
            size = read(received)
            if size is not None and len(received) >= size:
                return received[:size]
