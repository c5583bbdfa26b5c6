"""A TLS handshake with SNI, judged against public roots, as a station with no site CA would.

The laptop's own store may trust a site's inspection CA (it is often pushed to company
laptops); the station does not. So the chain is checked against Mozilla's roots (certifi),
or against `SSL_CERT_FILE` when it is set.
"""

from __future__ import annotations

import enum
import errno
import functools
import os
import select
import socket
import ssl
import threading
import time
from dataclasses import dataclass

import certifi
from cryptography import x509
from cryptography.x509.oid import NameOID

from app.core.probes.sockets import Cancelled, PortState, Route, tcp_connect
from app.core.util.controls import visible
from app.core.util.files import read_bytes

# OpenSSL verify codes meaning "signed by a CA nobody trusts": what inspection looks like.
_UNTRUSTED_ISSUER = {2, 18, 19, 20, 21}
# X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CERT_HAS_EXPIRED: usually the laptop's clock.
_BAD_DATES = {9, 10}
X509_V_ERR_HOSTNAME_MISMATCH = 62

# How often a waiting handshake looks at the cancel flag.
_SLICE = 0.05


class TlsOutcome(enum.StrEnum):
    TRUSTED = "trusted"
    UNTRUSTED = "untrusted"
    FAILED = "failed"
    NOT_CONNECTED = "not_connected"
    CANCELLED = "cancelled"


class TlsFailure(enum.StrEnum):
    """Why a FAILED handshake failed: each points at a different next step."""

    TRUST_STORE = "trust_store"
    """The trusted certificates file cannot be read: nothing was sent."""
    DATES = "dates"
    """Certificate expired or not yet valid: usually a wrong laptop clock."""
    HOSTNAME = "hostname"
    """The certificate is for another name: the name led to another server."""
    CERTIFICATE = "certificate"
    """Another certificate error."""
    RESET = "reset"
    """The connection was cut during the handshake: a firewall filtering HTTPS."""
    TIMEOUT = "timeout"
    """No answer to the handshake in time: a firewall dropping HTTPS."""
    PROTOCOL = "protocol"
    """The server answered, but not with TLS: something else answers on the port."""


@dataclass(frozen=True)
class Certificate:
    subject: str
    issuer: str
    issuer_organization: str | None
    not_before: str
    not_after: str

    @classmethod
    def from_der(cls, der: bytes) -> Certificate:
        """The fields a person reads, as whoever made the certificate wrote them, with any
        control character spelled out (`\\x1b`): a name in a certificate is the server's say."""
        cert = x509.load_der_x509_certificate(der)
        organization = cert.issuer.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        return cls(
            subject=visible(cert.subject.rfc4514_string()),
            issuer=visible(cert.issuer.rfc4514_string()),
            issuer_organization=visible(str(organization[0].value)) if organization else None,
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
    failure: TlsFailure | None = None
    """Why, when `outcome` is FAILED."""


def trust_store() -> str:
    return os.environ.get("SSL_CERT_FILE") or certifi.where()


def _base_context() -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    # A certificate naming the endpoint only in its subject's CN, with no subjectAltName, is
    # refused by browsers (and by the station): it must not pass here.
    context.hostname_checks_common_name = False
    return context


def _verifying_context(store: str) -> ssl.SSLContext:
    """Raises OSError (ssl.SSLError included) when the store cannot be read or holds no CA.

    Reading a trust store takes tens of milliseconds: the context is kept, and read again
    only when the file changes (a new SSL_CERT_FILE, an updated bundle). A context is safe
    to share between the threads that open connections with it.
    """
    state = os.stat(store)
    return _context_for(store, state.st_mtime_ns, state.st_size)


TRUST_STORE_LIMIT = 16 * 1024 * 1024
"""The largest trusted-certificates file read: Mozilla's roots are about 300 kB."""


@functools.lru_cache(maxsize=4)
def _context_for(store: str, _mtime_ns: int, _size: int) -> ssl.SSLContext:
    # Read here, as an ordinary file of a bounded size, rather than by OpenSSL: a FIFO or a
    # device named by SSL_CERT_FILE would hold OpenSSL's read for ever, beyond any Ctrl+C.
    pem = read_bytes(store, TRUST_STORE_LIMIT)
    context = _base_context()
    # PEM is ASCII; the comments between certificates (certifi's name their issuers) may not be.
    context.load_verify_locations(cadata=pem.decode("ascii", errors="ignore"))
    return context


def _open_context() -> ssl.SSLContext:
    context = _base_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _handshake(
    sock: socket.socket,
    context: ssl.SSLContext,
    host: str,
    deadline: float,
    cancel: threading.Event | None,
) -> ssl.SSLSocket:
    """The handshake in 50 ms slices, so a cancel or the deadline stops it at once.

    A blocking handshake would sit in one `recv` until its time-out whatever the user asks.
    Raises Cancelled, TimeoutError, or the handshake's own error; the socket is closed then.
    """
    sock.setblocking(False)
    try:
        tls = context.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    except BaseException:
        sock.close()
        raise
    try:
        while True:
            try:
                tls.do_handshake()
                return tls
            except ssl.SSLWantReadError:
                readers, writers = [tls], []
            except ssl.SSLWantWriteError:
                readers, writers = [], [tls]
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the TLS handshake timed out")
            select.select(readers, writers, [], min(_SLICE, remaining))
    except BaseException:
        tls.close()
        raise


# Errors of a connection cut on the way (a reset, an ICMP error), not of a server's answer.
_CUT = {
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EPIPE,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    getattr(errno, "WSAECONNRESET", 10054),
    getattr(errno, "WSAECONNABORTED", 10053),
}
_TIMED_OUT = {errno.ETIMEDOUT, getattr(errno, "WSAETIMEDOUT", 10060)}


def _failure(exc: BaseException) -> TlsFailure:
    """A cut or silent handshake is the network's doing; any other answer is the server's."""
    if isinstance(exc, TimeoutError) or getattr(exc, "errno", None) in _TIMED_OUT:
        return TlsFailure.TIMEOUT
    if isinstance(exc, ssl.SSLEOFError | ssl.SSLZeroReturnError | ConnectionError):
        return TlsFailure.RESET
    if isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError) and exc.errno in _CUT:
        return TlsFailure.RESET
    return TlsFailure.PROTOCOL


def _verify_failure(code: int) -> tuple[TlsOutcome, TlsFailure | None]:
    if code in _UNTRUSTED_ISSUER:
        return TlsOutcome.UNTRUSTED, None
    if code in _BAD_DATES:
        return TlsOutcome.FAILED, TlsFailure.DATES
    if code == X509_V_ERR_HOSTNAME_MISMATCH:
        return TlsOutcome.FAILED, TlsFailure.HOSTNAME
    return TlsOutcome.FAILED, TlsFailure.CERTIFICATE


def handshake(
    address: str,
    port: int,
    host: str,
    connect_timeout: float,
    timeout: float,
    route: Route | None = None,
    cancel: threading.Event | None = None,
) -> TlsReport:
    """Connect (bounded by `connect_timeout`), then handshake; the handshakes, the verified one
    and the second one that reads a refused certificate, share one `timeout` deadline."""
    start = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - start) * 1000)

    # Read the trust store first and outside the handshake: a bad file is the laptop's problem
    # and must never look like a network that cuts HTTPS. Nothing is sent then.
    store = trust_store()
    try:
        context = _verifying_context(store)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return TlsReport(
            TlsOutcome.FAILED, elapsed(), error=f"{store}: {reason}", failure=TlsFailure.TRUST_STORE
        )

    connect, sock = tcp_connect(address, port, connect_timeout, route, cancel)
    if sock is None:
        outcome = (
            TlsOutcome.CANCELLED
            if connect.state == PortState.CANCELLED
            else TlsOutcome.NOT_CONNECTED
        )
        return TlsReport(outcome, elapsed(), connect.state, error=connect.error)
    deadline = time.monotonic() + timeout
    try:
        with _handshake(sock, context, host, deadline, cancel) as tls:
            der = tls.getpeercert(binary_form=True)
            certificate = Certificate.from_der(der) if der else None
            return TlsReport(
                TlsOutcome.TRUSTED, elapsed(), connect.state, certificate, tls.version()
            )
    except Cancelled:
        return TlsReport(TlsOutcome.CANCELLED, elapsed(), connect.state)
    except ssl.SSLCertVerificationError as exc:
        code = exc.verify_code
        outcome, failure = _verify_failure(code)
        try:
            certificate = _unverified_certificate(
                address, port, host, connect_timeout, deadline, route, cancel
            )
        except Cancelled:
            return TlsReport(TlsOutcome.CANCELLED, elapsed(), connect.state)
        return TlsReport(
            outcome,
            elapsed(),
            connect.state,
            certificate,
            error=exc.verify_message or str(exc),
            verify_code=code,
            failure=failure,
        )
    except (OSError, ValueError) as exc:
        return TlsReport(
            TlsOutcome.FAILED,
            elapsed(),
            connect.state,
            error=str(exc) or type(exc).__name__,
            failure=_failure(exc),
        )


def _unverified_certificate(
    address: str,
    port: int,
    host: str,
    connect_timeout: float,
    deadline: float,
    route: Route | None,
    cancel: threading.Event | None,
) -> Certificate | None:
    """Who signed the certificate that failed: a second handshake that verifies nothing.

    Raises Cancelled when asked to stop; any other failure only means no certificate to show.
    """
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None
    connect, sock = tcp_connect(address, port, min(connect_timeout, remaining), route, cancel)
    if connect.state == PortState.CANCELLED:
        raise Cancelled()
    if sock is None:
        return None
    try:
        with _handshake(sock, _open_context(), host, deadline, cancel) as tls:
            der = tls.getpeercert(binary_form=True)
            return Certificate.from_der(der) if der else None
    except (OSError, ValueError):
        return None
