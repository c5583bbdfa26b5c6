"""Windows' ICMP echoes with Don't Fragment: `IcmpSendEcho2Ex` from iphlpapi, through ctypes.

Windows lets any user send echoes through the ICMP helper (no raw socket, no administrator
rights). `IcmpSendEcho2Ex` takes the source address, so each echo leaves from the tested
adapter's address as every other probe does; `IP_OPTION_INFORMATION.Flags = IP_FLAG_DF` sets
Don't Fragment. Each call blocks until its reply or its time-out, so the sizes go out at once,
one thread each. The arguments are built by `echo_arguments`, tested on recorded calls on any
system; the calls themselves run on Windows (and under Wine, in the Windows lane).
"""

from __future__ import annotations

import ctypes
import socket
import struct
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from app.core.evidence import EchoProbe, PathMtu
from app.core.probes.sockets import Route

IP_FLAG_DF = 0x2
HEADERS = 20 + 8
"""An IPv4 header and the ICMP echo header: `size - HEADERS` bytes of data per echo."""
# ipexport.h: the reply's Status.
IP_SUCCESS = 0
IP_PACKET_TOO_BIG = 11009
IP_REQ_TIMED_OUT = 11010
INVALID_HANDLE_VALUE = ctypes.c_void_p(-1).value
_TTL = 128
_REPLY_SLACK = 8 + 64
"""Room in the reply buffer beyond the reply structure and the echoed data: an ICMP error's
header and the start of the packet it quotes (Microsoft documents 8 bytes; more does no harm)."""


class IP_OPTION_INFORMATION(ctypes.Structure):  # noqa: N801 - Windows' own name
    _fields_ = [
        ("Ttl", ctypes.c_ubyte),
        ("Tos", ctypes.c_ubyte),
        ("Flags", ctypes.c_ubyte),
        ("OptionsSize", ctypes.c_ubyte),
        ("OptionsData", ctypes.c_void_p),
    ]


class ICMP_ECHO_REPLY(ctypes.Structure):  # noqa: N801 - Windows' own name
    _fields_ = [
        ("Address", ctypes.c_uint32),
        ("Status", ctypes.c_uint32),
        ("RoundTripTime", ctypes.c_uint32),
        ("DataSize", ctypes.c_uint16),
        ("Reserved", ctypes.c_uint16),
        ("Data", ctypes.c_void_p),
        ("Options", IP_OPTION_INFORMATION),
    ]


def ip_address_value(address: str) -> int:
    """An `IPAddr` as Windows takes it: the address's four bytes in network order, read as
    the machine's own 32-bit integer (`inet_addr`'s result)."""
    return int(struct.unpack("=I", socket.inet_aton(address))[0])


@dataclass(frozen=True)
class EchoArguments:
    """What one `IcmpSendEcho2Ex` call is given, besides the handle and the buffers."""

    source: int
    destination: int
    data: bytes
    ttl: int
    flags: int
    timeout_ms: int
    reply_size: int


def echo_arguments(
    source: str | None, destination: str, size: int, timeout: float
) -> EchoArguments:
    data = bytes(i & 0xFF for i in range(max(size - HEADERS, 0)))
    return EchoArguments(
        source=ip_address_value(source) if source else 0,
        destination=ip_address_value(destination),
        data=data,
        ttl=_TTL,
        flags=IP_FLAG_DF,
        timeout_ms=max(int(timeout * 1000), 1),
        reply_size=ctypes.sizeof(ICMP_ECHO_REPLY) + len(data) + _REPLY_SLACK,
    )


@dataclass(frozen=True)
class EchoReply:
    """What a call returned: the count of replies and the first reply's status and time."""

    count: int
    status: int
    rtt_ms: int
    error: int = 0
    """GetLastError() when `count` is 0."""


SendEcho = Callable[[EchoArguments], EchoReply]


def _iphlpapi_send(arguments: EchoArguments) -> EchoReply:
    """One real call: IcmpCreateFile, IcmpSendEcho2Ex (no event, no APC: it waits), close."""
    iphlpapi = ctypes.WinDLL("iphlpapi", use_last_error=True)  # type: ignore[attr-defined]
    create = iphlpapi.IcmpCreateFile
    create.restype = ctypes.c_void_p
    send = iphlpapi.IcmpSendEcho2Ex
    send.restype = ctypes.c_uint32
    send.argtypes = [
        ctypes.c_void_p,  # IcmpHandle
        ctypes.c_void_p,  # Event
        ctypes.c_void_p,  # ApcRoutine
        ctypes.c_void_p,  # ApcContext
        ctypes.c_uint32,  # SourceAddress
        ctypes.c_uint32,  # DestinationAddress
        ctypes.c_void_p,  # RequestData
        ctypes.c_uint16,  # RequestSize
        ctypes.POINTER(IP_OPTION_INFORMATION),
        ctypes.c_void_p,  # ReplyBuffer
        ctypes.c_uint32,  # ReplySize
        ctypes.c_uint32,  # Timeout (ms)
    ]
    close = iphlpapi.IcmpCloseHandle
    close.argtypes = [ctypes.c_void_p]
    handle = create()
    if handle in (None, INVALID_HANDLE_VALUE):
        return EchoReply(0, 0, 0, ctypes.get_last_error())  # type: ignore[attr-defined]
    try:
        request = ctypes.create_string_buffer(arguments.data, len(arguments.data) or 1)
        reply = ctypes.create_string_buffer(arguments.reply_size)
        options = IP_OPTION_INFORMATION(arguments.ttl, 0, arguments.flags, 0, None)
        count = send(
            handle,
            None,
            None,
            None,
            arguments.source,
            arguments.destination,
            request,
            len(arguments.data),
            ctypes.byref(options),
            reply,
            arguments.reply_size,
            arguments.timeout_ms,
        )
        if count == 0:
            return EchoReply(0, 0, 0, ctypes.get_last_error())  # type: ignore[attr-defined]
        first = ICMP_ECHO_REPLY.from_buffer_copy(reply.raw[: ctypes.sizeof(ICMP_ECHO_REPLY)])
        return EchoReply(int(count), int(first.Status), int(first.RoundTripTime))
    finally:
        close(handle)


def echo_outcome(size: int, reply: EchoReply) -> EchoProbe:
    """A call's result as the evidence says it: a reply only counts with IP_SUCCESS."""
    if reply.count and reply.status == IP_SUCCESS:
        return EchoProbe(size, "answered", reply.rtt_ms)
    status = reply.status if reply.count else reply.error
    if status == IP_PACKET_TOO_BIG:
        return EchoProbe(size, "too_big", error=f"IP status {status}")
    if status in (IP_REQ_TIMED_OUT, 0):
        return EchoProbe(size, "no_answer")
    return EchoProbe(size, "error", error=f"IP status {status}")


def send_echoes(
    address: str,
    sizes: Sequence[int],
    timeout: float,
    route: Route | None = None,
    cancel: threading.Event | None = None,
    send: SendEcho | None = None,
) -> PathMtu:
    """One echo of each size at once, from the route's address; `send` is the real call
    unless a test records them."""
    call = send or _iphlpapi_send
    source = route.source if route else None

    def one(size: int) -> EchoProbe:
        if cancel is not None and cancel.is_set():
            return EchoProbe(size, "cancelled")
        try:
            return echo_outcome(size, call(echo_arguments(source, address, size, timeout)))
        except OSError as exc:
            return EchoProbe(size, "error", error=exc.strerror or str(exc))

    try:
        with ThreadPoolExecutor(max_workers=len(sizes) or 1) as pool:
            echoes = list(pool.map(one, sizes))
    except (OSError, AttributeError) as exc:
        return PathMtu(address, None, error=f"IcmpSendEcho2Ex: {exc}", route=route)
    ordered = tuple(sorted(echoes, key=lambda echo: echo.size, reverse=True))
    return PathMtu(address, "icmp_send_echo", ordered, route=route)
