"""Hostile inputs, as a misleading network or a crafted file holds them.

`HOSTILE` packs what takes over a terminal or a page: a screen clear and a window title (ESC
sequences), a bell, a C1 CSI introducer, DEL, a bidirectional override, a carriage return and
a forged line, and markup with a script and an event attribute.
"""

from __future__ import annotations

import copy
import json
import socket
import time
from pathlib import Path
from typing import Any

import dns.flags
import dns.message
from helpers.ntp_server import NTP_UNIX_EPOCH_DELTA
from helpers.tcp import LOOPBACK, BackgroundServer, tcp_listener_socket

from app.core.util.resources import resource_path

HOSTILE = (
    "\x1b[2J\x1b[H\x1b]0;pwned\x07\x9b31m\u202eEvil CA"
    " <script>alert(1)</script><img src=x onerror=alert(1)>\x7f\x08\r\nPASS  VERDICT_READY"
)

RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\x7f", "\x08", "\r")
"""Characters that must never reach a terminal as they are."""


def raw_in(text: str) -> list[str]:
    """The raw control characters of `RAW` found in `text` (none, for a safe output)."""
    return [repr(char) for char in RAW if char in text]


def sample_document() -> dict[str, Any]:
    """A real saved report (the lab's blocked site)."""
    return json.loads(resource_path("samples/blocked-site.json").read_text(encoding="utf-8"))


def hostile_document(text: str = HOSTILE) -> dict[str, Any]:
    """The sample with `text` wherever a saved report holds words from the network or a
    person: the certificate's issuer, DNS names, the adapter's name, the inputs, a code."""
    document = copy.deepcopy(sample_document())
    checks = {check["id"]: check for check in document["checks"]}
    checks["tls"]["params"]["issuer"] = text
    checks["dns"]["params"]["endpoint"] = text
    checks["dns"]["evidence"]["cname_chain"] = [text, text]
    checks["adapter"]["params"]["name"] = text
    checks["ntp"]["code"] = "NTP_" + text
    document["inputs"]["interface"] = text
    document["verdict"]["code"] = "VERDICT_" + text
    return document


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# --- Hostile servers ------------------------------------------------------------------------


class TruncatingSilentDns(BackgroundServer):
    """A DNS server that says "truncated, ask over TCP" to every question over UDP, then takes
    the TCP connection and never answers: the TCP fallback must still end on time or Cancel."""

    def _bind(self) -> None:
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind((LOOPBACK, 0))
        self.port = self.udp.getsockname()[1]
        self.tcp = tcp_listener_socket(self.port)
        self.held: list[socket.socket] = []
        self._register(self.udp, self._on_udp)
        self._register(self.tcp, self._on_accept)

    def _on_udp(self, sock: socket.socket) -> None:
        data, peer = sock.recvfrom(65535)
        reply = dns.message.make_response(dns.message.from_wire(data))
        reply.flags |= dns.flags.TC
        sock.sendto(reply.to_wire(), peer)

    def _on_accept(self, sock: socket.socket) -> None:
        conn, _ = sock.accept()
        self.held.append(conn)  # read nothing, answer nothing

    def stop(self) -> None:
        for conn in self.held:
            conn.close()
        super().stop()


class CraftedSntp(BackgroundServer):
    """An SNTP server answering with the receive and transmit times it is given: `seconds`
    from now (wrapped into its NTP era as a real server's clock would be), or a raw 0."""

    def __init__(self, *, seconds: float = 0.0, receive_zero: bool = False) -> None:
        super().__init__()
        self.seconds, self.receive_zero = seconds, receive_zero

    def _bind(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((LOOPBACK, 0))
        self.port = sock.getsockname()[1]
        self._register(sock, self._on_request)

    def _on_request(self, sock: socket.socket) -> None:
        data, peer = sock.recvfrom(512)
        originate = data[40:48]
        now = int((time.time() + self.seconds + NTP_UNIX_EPOCH_DELTA) * 2**32) % 2**64
        stamp = now.to_bytes(8, "big")
        receive = bytes(8) if self.receive_zero else stamp
        header = bytes([(0 << 6) | (4 << 3) | 4, 2, 6, 0xEC]) + bytes(8) + b"\xc0\x00\x02\x7b"
        sock.sendto(header + stamp + originate + receive + stamp, peer)
