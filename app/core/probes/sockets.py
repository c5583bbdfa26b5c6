"""TCP connects and UDP exchanges that never block past their deadline or a cancel request."""

from __future__ import annotations

import enum
import errno
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

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


def _family(address: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def _bind_source(sock: socket.socket, source: str | None) -> None:
    if source and _family(source) == sock.family:
        sock.bind((source, 0))


def tcp_connect(
    address: str,
    port: int,
    timeout: float,
    source: str | None = None,
    cancel: threading.Event | None = None,
) -> tuple[ConnectOutcome, socket.socket | None]:
    """Open a TCP connection; the open socket is returned (blocking mode) for a caller to use."""
    start = time.monotonic()
    deadline = start + timeout
    sock = socket.socket(_family(address), socket.SOCK_STREAM)

    def outcome(state: PortState, error: str | None = None) -> ConnectOutcome:
        return ConnectOutcome(state, int((time.monotonic() - start) * 1000), error)

    try:
        _bind_source(sock, source)
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
    source: str | None = None,
    cancel: threading.Event | None = None,
) -> ConnectOutcome:
    result, sock = tcp_connect(address, port, timeout, source, cancel)
    if sock is not None:
        sock.close()
    return result


def udp_exchange(
    address: str,
    port: int,
    payload: bytes,
    timeout: float,
    accept: Callable[[bytes], bool],
    source: str | None = None,
    cancel: threading.Event | None = None,
) -> bytes | None:
    """Send one datagram and wait for a reply that `accept` recognises; None on time-out.

    Raises OSError for an ICMP error the system reports (port or host unreachable) and
    Cancelled when asked to stop.
    """
    deadline = time.monotonic() + timeout
    with socket.socket(_family(address), socket.SOCK_DGRAM) as sock:
        _bind_source(sock, source)
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
