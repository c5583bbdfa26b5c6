"""A loopback SNTP server whose clock, stratum, mode and honesty are set by the test.

The product's NTP check must notice a large clock offset, an unsynchronised or wrong-mode
server, a reply that does not echo its request (spoofed/stale), and silence; each is a knob here.
"""

from __future__ import annotations

import socket
import struct
import time
from typing import NamedTuple

from .tcp import LOOPBACK, BackgroundServer, RecordLog

NTP_UNIX_EPOCH_DELTA = 2_208_988_800
"""Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01)."""
NTP_PACKET = struct.Struct("!BBbbII4sQQQQ")
"""LI/VN/mode, stratum, poll, precision, root delay, root dispersion, reference id,
reference, originate, receive and transmit timestamps: the 48-byte NTPv4 header (RFC 5905)."""
MODE_CLIENT = 3
MODE_SERVER = 4
DEFAULT_REFERENCE_ID = socket.inet_aton("192.0.2.123")
"""For stratum >= 2 the reference id is the upstream server's IPv4 address (TEST-NET-1 here)."""


def unix_to_ntp(unix_time: float) -> int:
    """Unix time -> 64-bit NTP timestamp (era 0: 32-bit seconds since 1900, 32-bit fraction).

    Era 0 ends 2036-02-07; outside it the value would wrap silently, so this raises instead.
    """
    timestamp = round((unix_time + NTP_UNIX_EPOCH_DELTA) * 2**32)
    if not 0 <= timestamp < 2**64:
        raise ValueError(f"Unix time {unix_time} is outside NTP era 0 (1900-2036)")
    return timestamp


def ntp_to_unix(timestamp: int) -> float:
    """64-bit NTP timestamp (era 0) -> Unix time."""
    return timestamp / 2**32 - NTP_UNIX_EPOCH_DELTA


class SntpRequest(NamedTuple):
    """One request as received; `transmit` is the client's raw 64-bit transmit timestamp."""

    address: str
    port: int
    version: int
    mode: int
    transmit: int


class SntpReply(NamedTuple):
    """A decoded NTP header, so tests can read replies without the product's code."""

    leap: int
    version: int
    mode: int
    stratum: int
    poll: int
    precision: int
    root_delay: int
    root_dispersion: int
    reference_id: bytes
    reference: int
    originate: int
    receive: int
    transmit: int

    @classmethod
    def parse(cls, packet: bytes) -> SntpReply:
        first, *rest = NTP_PACKET.unpack(packet[: NTP_PACKET.size])
        return cls(first >> 6, (first >> 3) & 7, first & 7, *rest)


def client_request(transmit: int, version: int = 4) -> bytes:
    """A minimal SNTP client request (mode 3) carrying `transmit` as its transmit timestamp."""
    return NTP_PACKET.pack(version << 3 | MODE_CLIENT, 0, 0, 0, 0, 0, b"\0" * 4, 0, 0, 0, transmit)


class SntpServer(BackgroundServer):
    """Answer SNTP requests on 127.0.0.1/UDP with a clock `offset` seconds off real time.

    `echo_originate=False` puts a timestamp that is not the client's in the originate field (a
    client must reject it); `drop=True` never answers. `stratum`, `mode`, `leap` and
    `reference_id` go into the reply as given (e.g. stratum=0 with reference_id=b"RATE" is a
    kiss-o'-death). Attributes may be changed while the server runs.
    """

    def __init__(
        self,
        offset: float = 0.0,
        stratum: int = 2,
        mode: int = MODE_SERVER,
        echo_originate: bool = True,
        drop: bool = False,
        leap: int = 0,
        *,
        reference_id: bytes = DEFAULT_REFERENCE_ID,
    ) -> None:
        super().__init__()
        self.offset = offset
        self.stratum = stratum
        self.mode = mode
        self.echo_originate = echo_originate
        self.drop = drop
        self.leap = leap
        self.reference_id = reference_id
        self._requests: RecordLog[SntpRequest] = RecordLog()

    @property
    def requests(self) -> list[SntpRequest]:
        """Every well-formed request received so far (a copy)."""
        return self._requests.snapshot()

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        return self._requests.wait_for(count, timeout)

    def _bind(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((LOOPBACK, 0))
        self.port = sock.getsockname()[1]
        self._register(sock, self._on_packet)

    def _on_packet(self, sock: socket.socket) -> None:
        data, addr = sock.recvfrom(2048)
        received = time.time() + self.offset
        if len(data) < NTP_PACKET.size:
            return  # not NTP; a real server ignores it too
        request = SntpReply.parse(data)
        self._requests.append(
            SntpRequest(addr[0], addr[1], request.version, request.mode, request.transmit)
        )
        if self.drop:
            return
        originate = request.transmit
        if not self.echo_originate:
            originate = (originate + 2**32) & 0xFFFF_FFFF_FFFF_FFFF  # one second off: not ours
        reply = NTP_PACKET.pack(
            (self.leap & 3) << 6 | (request.version or 4) << 3 | (self.mode & 7),
            self.stratum,
            request.poll,
            -20,  # precision: about a microsecond
            0x0000_0100,  # root delay, 16.16 fixed point: ~4 ms
            0x0000_0100,  # root dispersion
            self.reference_id[:4].ljust(4, b"\0"),
            unix_to_ntp(received - 16),  # reference: last synchronised shortly before
            originate,
            unix_to_ntp(received),
            unix_to_ntp(time.time() + self.offset),
        )
        sock.sendto(reply, addr)
