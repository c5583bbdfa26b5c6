"""A loopback TLS server presenting a chosen certificate chain, to test certificate checks.

With a leaf from the test CA it plays the real cloud endpoint; with a leaf from another CA
(e.g. one named like a firewall's "TLS inspection" CA) it plays a middlebox re-signing traffic.
It only handshakes, records the SNI the client sent, and hangs up.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable
from typing import NamedTuple

import trustme

from .tcp import BackgroundServer, RecordLog, tcp_listener_socket

INSPECTION_ORG = "Acme Firewall TLS Inspection"
HANDSHAKE_TIMEOUT = 10.0


def inspection_ca(organization_name: str = INSPECTION_ORG) -> trustme.CA:
    """A CA that a client does not trust, with an issuer name a human would recognise."""
    return trustme.CA(
        organization_name=organization_name, organization_unit_name="SSL Inspection CA"
    )


class TlsConnection(NamedTuple):
    """One client connection: who, which SNI (None if none sent), and whether the handshake
    completed (`error` holds the server-side reason when it did not)."""

    address: str
    port: int
    server_name: str | None
    ok: bool
    error: str | None


class TlsServer(BackgroundServer):
    """Accept TCP on 127.0.0.1, do a server-side TLS handshake with `cert`, then close.

    Each client is served in its own thread, so clients may be sequential or concurrent; a
    failed handshake is recorded in `.connections` and does not affect the next client.
    `configure` may adjust the SSLContext (TLS versions, ALPN, ...) before the server starts.
    """

    def __init__(
        self,
        cert: trustme.LeafCert,
        *,
        configure: Callable[[ssl.SSLContext], None] | None = None,
    ) -> None:
        super().__init__()
        self.cert = cert
        self._context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(self._context)
        self._context.sni_callback = self._on_sni
        if configure is not None:
            configure(self._context)
        self._sni = threading.local()
        self._server_names: RecordLog[str | None] = RecordLog()
        self._connections: RecordLog[TlsConnection] = RecordLog()

    @property
    def server_names(self) -> list[str | None]:
        """SNI of every ClientHello received (None when the client sent none), in order."""
        return self._server_names.snapshot()

    def wait_for_server_names(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until `count` ClientHellos were seen (the handshake may still be going on)."""
        return self._server_names.wait_for(count, timeout)

    @property
    def connections(self) -> list[TlsConnection]:
        """Every finished connection (handshake done or failed), in order of finishing."""
        return self._connections.snapshot()

    def wait_for_connections(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until `count` connections finished server-side. The client may finish its
        handshake before the server does (TLS 1.3), so tests wait here before asserting."""
        return self._connections.wait_for(count, timeout)

    def _bind(self) -> None:
        sock = tcp_listener_socket(backlog=64)
        self.port = sock.getsockname()[1]
        self._register(sock, self._on_accept)

    def _on_accept(self, sock: socket.socket) -> None:
        conn, addr = sock.accept()
        conn.settimeout(HANDSHAKE_TIMEOUT)
        self._spawn(self._handshake, conn, (addr[0], addr[1]))

    def _on_sni(
        self, _sslobj: ssl.SSLObject | ssl.SSLSocket, name: str | None, _ctx: ssl.SSLContext
    ) -> None:
        # Runs inside do_handshake on the worker's thread, hence the thread-local hand-over.
        self._sni.name = name
        self._server_names.append(name)

    def _handshake(self, conn: socket.socket, addr: tuple[str, int]) -> None:
        self._sni.name = None
        error: str | None = None
        with self._tracked(conn):
            try:
                with self._context.wrap_socket(
                    conn, server_side=True, do_handshake_on_connect=False
                ) as tls:
                    tls.do_handshake()
            except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                error = f"{type(exc).__name__}: {exc}"
            finally:
                conn.close()
        self._connections.append(TlsConnection(addr[0], addr[1], self._sni.name, not error, error))
