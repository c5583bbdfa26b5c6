"""ICMP echoes with Don't Fragment at decreasing sizes: does the path drop large packets?

A TLS handshake that opens on the HTTPS port and then hears nothing is, on DSL and PPPoE sites, most
often a path-MTU black hole: a link on the way carries less than 1500 bytes, the router there
drops the larger packets (the server's certificate chain is the first), and the ICMP
"fragmentation needed" that would tell the server to send smaller ones is filtered. Echoes of
every size go out at once from the tested adapter; when the small ones come back and the
full-size one does not, that is the black hole.

Linux: an ICMP datagram socket (no privilege, where `net.ipv4.ping_group_range` admits the
user's group), else a raw socket (root), else the evidence says why it could not test;
`IP_MTU_DISCOVER` = `IP_PMTUDISC_DO` sets Don't Fragment. Windows: `IcmpSendEcho2Ex` from
iphlpapi with `IP_FLAG_DF` (`windows_echo.py`), which needs no administrator rights.
"""

from __future__ import annotations

import errno
import os
import select
import socket
import struct
import sys
import threading
import time
from collections.abc import Sequence

from app.core.evidence import EchoProbe, PathMtu
from app.core.probes.sockets import Route, open_socket

# Linux's options (linux/in.h), which the socket module does not name.
IP_MTU_DISCOVER = 10
IP_PMTUDISC_DO = 2
"""Always set Don't Fragment, and refuse locally what the known path MTU cannot carry."""

HEADERS = 20 + 8
"""An IPv4 header without options and the ICMP echo header: a packet of `size` bytes carries
`size - HEADERS` bytes of data."""
ECHO_REQUEST, ECHO_REPLY = 8, 0
_SLICE = 0.05
_TOO_BIG = {errno.EMSGSIZE, getattr(errno, "WSAEMSGSIZE", 10040)}


def echo_packet(ident: int, sequence: int, size: int) -> bytes:
    """An ICMP echo request making an IPv4 packet of `size` bytes, its checksum filled in."""
    data = bytes(i & 0xFF for i in range(size - HEADERS))
    header = struct.pack("!BBHHH", ECHO_REQUEST, 0, 0, ident, sequence)
    checksum = _checksum(header + data)
    return struct.pack("!BBHHH", ECHO_REQUEST, 0, checksum, ident, sequence) + data


def _checksum(packet: bytes) -> int:
    if len(packet) % 2:
        packet += b"\0"
    total = int(sum(struct.unpack(f"!{len(packet) // 2}H", packet)))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def read_reply(data: bytes, raw: bool) -> tuple[int, int] | None:
    """(identifier, sequence) of an echo reply; None for any other ICMP message. A raw
    socket's datagrams start with the IP header, an ICMP socket's with the ICMP header."""
    if raw:
        if len(data) < 20:
            return None
        data = data[(data[0] & 0x0F) * 4 :]
    if len(data) < 8 or data[0] != ECHO_REPLY:
        return None
    ident, sequence = struct.unpack("!HH", data[4:8])
    return ident, sequence


def probe_path_mtu(
    address: str,
    sizes: Sequence[int],
    timeout: float,
    route: Route | None = None,
    cancel: threading.Event | None = None,
    platform: str = sys.platform,
) -> PathMtu:
    """One echo of each size to `address`, all at once, each waited for until `timeout`."""
    if ":" in address:
        return PathMtu(address, None, error="IPv6 echoes are not sent", route=route)
    if platform == "win32":
        from app.core.probes.windows_echo import send_echoes

        return send_echoes(address, sizes, timeout, route, cancel)
    return _linux_echoes(address, sizes, timeout, route, cancel)


def _open_echo_socket(address: str, route: Route | None) -> tuple[socket.socket, str]:
    failures = []
    for kind, method in ((socket.SOCK_DGRAM, "icmp_socket"), (socket.SOCK_RAW, "raw_socket")):
        try:
            sock = open_socket(address, kind, route, socket.IPPROTO_ICMP)
        except OSError as exc:
            failures.append(f"{method}: {exc.strerror or exc}")
            continue
        try:
            sock.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DO)
        except OSError as exc:
            sock.close()
            failures.append(f"{method}: Don't Fragment refused: {exc.strerror or exc}")
            continue
        return sock, method
    raise OSError("; ".join(failures))


def _linux_echoes(
    address: str,
    sizes: Sequence[int],
    timeout: float,
    route: Route | None,
    cancel: threading.Event | None,
) -> PathMtu:
    try:
        sock, method = _open_echo_socket(address, route)
    except OSError as exc:
        return PathMtu(address, None, error=str(exc), route=route)
    raw = method == "raw_socket"
    # An ICMP socket's identifier is its port, set by the system; a raw socket's is ours.
    ident = os.getpid() & 0xFFFF
    sent: dict[int, tuple[int, float]] = {}
    echoes: dict[int, EchoProbe] = {}
    with sock:
        sock.setblocking(False)
        for sequence, size in enumerate(sizes, 1):
            try:
                sock.sendto(echo_packet(ident, sequence, size), (address, 0))
            except OSError as exc:
                state = "too_big" if exc.errno in _TOO_BIG else "error"
                echoes[size] = EchoProbe(size, state, error=exc.strerror or str(exc))
                continue
            sent[sequence] = (size, time.monotonic())
        deadline = time.monotonic() + timeout
        while sent:
            if cancel is not None and cancel.is_set():
                for size, _ in sent.values():
                    echoes[size] = EchoProbe(size, "cancelled")
                sent.clear()
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            readable, _, _ = select.select([sock], [], [], min(_SLICE, remaining))
            if not readable:
                continue
            try:
                data, sender = sock.recvfrom(65535)
            except BlockingIOError:
                continue
            except OSError as exc:
                # An ICMP error for one of the echoes (unreachable, fragmentation needed): the
                # others may still come back.
                error = exc.strerror or str(exc)
                if exc.errno in _TOO_BIG:
                    continue
                for size, _ in sent.values():
                    echoes[size] = EchoProbe(size, "error", error=error)
                sent.clear()
                break
            reply = read_reply(data, raw)
            if reply is None or sender[0] != address or (raw and reply[0] != ident):
                continue
            if reply[1] in sent:
                size, at = sent.pop(reply[1])
                echoes[size] = EchoProbe(size, "answered", int((time.monotonic() - at) * 1000))
    for size, _ in sent.values():
        echoes[size] = EchoProbe(size, "no_answer")
    ordered = tuple(echoes[size] for size in sorted(echoes, reverse=True))
    return PathMtu(address, method, ordered, route=route)
