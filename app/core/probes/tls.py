"""A TLS handshake with SNI, judged against public roots, as a station with no site CA would.

The laptop's own store may trust a site's inspection CA (it is often pushed to company
laptops); the station does not. So the chain is checked against Mozilla's roots (certifi),
or against `SSL_CERT_FILE` when it is set.
"""

from __future__ import annotations

import enum
import os
import socket
import ssl
import threading
import time
from dataclasses import dataclass

import certifi
from cryptography import x509
from cryptography.x509.oid import NameOID

from app.core.probes.sockets import PortState, tcp_connect

# OpenSSL verify codes meaning "signed by a CA nobody trusts": what inspection looks like.
_UNTRUSTED_ISSUER = {2, 18, 19, 20, 21}


class TlsOutcome(enum.StrEnum):
    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"
    FAILED = "failed"
    NOT_CONNECTED = "not_connected"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Certificate:
    subject: str
    issuer: str
    issuer_organization: str | None
    not_before: str
    not_after: str

    @classmethod
    def from_der(cls, der: bytes) -> Certificate:
        cert = x509.load_der_x509_certificate(der)
        organization = cert.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        return cls(
            subject=cert.subject.rfc4514_string(),
            issuer=cert.issuer.rfc4514_string(),
            issuer_organization=str(organization[0].value) if organization else None,
            not_before=cert.not_valid_before_utc.isoformat(),
            not_after=cert.not_valid_after_utc.isoformat(),
        )

    def issuer_name(self) -> str:
        common = [part for part in self.issuer.split(",") if part.startswith("CN=")]
        return self.issuer_organization or (common[0][3:] if common else self.issuer)


@dataclass(frozen=True)
class TlsReport:
    outcome: TlsOutcome
    ms: int
    port_state: PortState | None = None
    certificate: Certificate | None = None
    version: str | None = None
    error: str | None = None
    verify_code: int | None = None


def trust_store() -> str:
    return os.environ.get("SSL_CERT_FILE") or certifi.where()


def _context(verify: bool) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if verify:
        context.load_verify_locations(cafile=trust_store())
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _handshake(sock: socket.socket, host: str, verify: bool, timeout: float
               ) -> tuple[ssl.SSLSocket, bytes | None]:
    sock.settimeout(timeout)
    tls = _context(verify).wrap_socket(sock, server_hostname=host)
    return tls, tls.getpeercert(binary_form=True)


def handshake(address: str, port: int, host: str, connect_timeout: float, timeout: float,
              source: str | None = None, cancel: threading.Event | None = None) -> TlsReport:
    start = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - start) * 1000)

    connect, sock = tcp_connect(address, port, connect_timeout, source, cancel)
    if sock is None:
        outcome = TlsOutcome.CANCELLED if connect.state == PortState.CANCELLED \
            else TlsOutcome.NOT_CONNECTED
        return TlsReport(outcome, elapsed(), connect.state, error=connect.error)
    try:
        tls, der = _handshake(sock, host, True, timeout)
        with tls:
            certificate = Certificate.from_der(der) if der else None
            return TlsReport(TlsOutcome.TRUSTED, elapsed(), connect.state, certificate,
                             tls.version())
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        code = exc.verify_code
        outcome = TlsOutcome.UNTRUSTED if code in _UNTRUSTED_ISSUER else TlsOutcome.FAILED
        certificate = _unverified_certificate(address, port, host, connect_timeout, timeout,
                                              source, cancel)
        return TlsReport(outcome, elapsed(), connect.state, certificate,
                         error=exc.verify_message or str(exc), verify_code=code)
    except (OSError, ValueError) as exc:
        sock.close()
        return TlsReport(TlsOutcome.FAILED, elapsed(), connect.state, error=str(exc) or
                         type(exc).__name__)


def _unverified_certificate(address: str, port: int, host: str, connect_timeout: float,
                            timeout: float, source: str | None,
                            cancel: threading.Event | None) -> Certificate | None:
    """Who signed the certificate that failed: a second handshake that verifies nothing."""
    _, sock = tcp_connect(address, port, connect_timeout, source, cancel)
    if sock is None:
        return None
    try:
        tls, der = _handshake(sock, host, False, timeout)
        with tls:
            return Certificate.from_der(der) if der else None
    except (OSError, ValueError):
        sock.close()
        return None
