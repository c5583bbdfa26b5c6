"""One SNTP (RFC 4330) request over UDP, with the reply checked before it is believed."""

from __future__ import annotations

import enum
import os
import struct
import threading
import time
from dataclasses import dataclass

from app.core.probes.sockets import Cancelled, Route, udp_exchange

NTP_EPOCH_OFFSET = 2208988800  # seconds from 1900-01-01 to 1970-01-01
_PACKET = struct.Struct("!BBbb11I")
_CLIENT_MODE, _SERVER_MODE = 3, 4


class NtpOutcome(enum.StrEnum):
    ANSWER = "answer"
    UNUSABLE = "unusable"
    """A genuine reply from a server that gives no time: a kiss-o'-death (stratum 0) or not
    synchronised (leap 3). It still proves the NTP port gets through."""
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class NtpReply:
    server: str
    port: int
    outcome: NtpOutcome
    ms: int
    offset_s: float | None = None
    rtt_ms: float | None = None
    stratum: int | None = None
    error: str | None = None
    leap: int | None = None
    kiss_code: str | None = None
    """The kiss-o'-death's four letters (`RATE`, `DENY`…) when stratum is 0."""


_ERA = 2**32
"""Seconds in an NTP era: a timestamp's seconds wrap every 136 years (next on 2036-02-07)."""


def to_ntp(unix_time: float) -> int:
    """Unix time as a 64-bit NTP timestamp: its era is not in it (RFC 5905, 6)."""
    return int((unix_time + NTP_EPOCH_OFFSET) * 2**32) & 0xFFFFFFFFFFFFFFFF


def from_ntp(timestamp: int, near: float) -> float:
    """A 64-bit NTP timestamp as Unix time, in the era that puts it nearest `near` (Unix
    time, the laptop's clock): RFC 5905's era arithmetic, right within 68 years of the
    laptop's clock whichever era both are in, so a correct server still reads correct after
    2036."""
    near_ntp = near + NTP_EPOCH_OFFSET
    seconds = timestamp / 2**32 + (near_ntp // _ERA) * _ERA
    if seconds - near_ntp > _ERA / 2:
        seconds -= _ERA
    elif near_ntp - seconds > _ERA / 2:
        seconds += _ERA
    return seconds - NTP_EPOCH_OFFSET


def request_packet(transmit: int) -> bytes:
    first = (0 << 6) | (4 << 3) | _CLIENT_MODE  # no leap warning, version 4, client
    return _PACKET.pack(
        first, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, transmit >> 32, transmit & 0xFFFFFFFF
    )


def valid_reply(data: bytes, transmit: int) -> bool:
    """A server-mode reply to this very request, whether or not the server can give the time.

    The echoed originate timestamp proves the reply answers our request (not a stale or
    spoofed packet); `usable` then says whether it carries a time worth reading.
    """
    if len(data) < _PACKET.size:
        return False
    fields = _PACKET.unpack_from(data)
    mode, version = fields[0] & 0x7, (fields[0] >> 3) & 0x7
    originate = (fields[9] << 32) | fields[10]
    return mode == _SERVER_MODE and version in (3, 4) and originate == transmit


def usable(data: bytes) -> bool:
    """A synchronised server's time: stratum 1 to 15, no alarm (leap 3), a receive and a
    transmit time (a zero one is RFC 5905's "unknown", not 1900)."""
    fields = _PACKET.unpack_from(data)
    stratum: int = fields[1]
    leap: int = fields[0] >> 6
    server_receive: int = (fields[11] << 32) | fields[12]
    server_transmit: int = (fields[13] << 32) | fields[14]
    return 1 <= stratum <= 15 and leap != 3 and server_receive != 0 and server_transmit != 0


def _kiss_code(data: bytes) -> str | None:
    """The reference id of a stratum-0 reply, as its ASCII letters (RFC 5905, 7.4)."""
    if data[1] != 0:
        return None
    text = data[12:16].rstrip(b"\0").decode("ascii", errors="replace")
    return text if text.isprintable() else None


def query(
    server: str,
    port: int,
    timeout: float = 3.0,
    route: Route | None = None,
    cancel: threading.Event | None = None,
) -> NtpReply:
    start = time.monotonic()
    # Random low bits make the originate timestamp unguessable for a spoofed reply.
    t1_unix = time.time()
    transmit = (to_ntp(t1_unix) & ~0xFFFF) | int.from_bytes(os.urandom(2), "big")

    def elapsed() -> int:
        return int((time.monotonic() - start) * 1000)

    try:
        data = udp_exchange(
            server,
            port,
            request_packet(transmit),
            timeout,
            lambda d: valid_reply(d, transmit),
            route,
            cancel,
        )
    except Cancelled:
        return NtpReply(server, port, NtpOutcome.CANCELLED, elapsed())
    except OSError as exc:
        return NtpReply(server, port, NtpOutcome.UNREACHABLE, elapsed(), error=str(exc))
    t4 = time.time()
    if data is None:
        return NtpReply(server, port, NtpOutcome.TIMEOUT, elapsed())
    fields = _PACKET.unpack_from(data)
    if not usable(data):
        return NtpReply(
            server,
            port,
            NtpOutcome.UNUSABLE,
            elapsed(),
            stratum=fields[1],
            leap=fields[0] >> 6,
            kiss_code=_kiss_code(data),
        )
    t1 = from_ntp(transmit, t1_unix)
    t2 = from_ntp((fields[11] << 32) | fields[12], t1_unix)
    t3 = from_ntp((fields[13] << 32) | fields[14], t1_unix)
    offset = ((t2 - t1) + (t3 - t4)) / 2
    rtt = max(0.0, (t4 - t1) - (t3 - t2))
    return NtpReply(
        server,
        port,
        NtpOutcome.ANSWER,
        elapsed(),
        offset,
        rtt * 1000,
        fields[1],
        leap=fields[0] >> 6,
    )
