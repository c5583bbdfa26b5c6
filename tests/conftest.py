"""Shared fixtures: real loopback servers from tests/helpers, started per test, stopped after."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import helpers
import pytest
import trustme
from helpers import DnsServer, SntpServer, TlsServer, Zone

# Qt tests must never need a display; set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def dns_server() -> Iterator[Callable[..., DnsServer]]:
    """Factory: `dns_server(zone, delay=0.0)` -> a running DnsServer."""
    with ExitStack() as stack:

        def start(zone: Zone, **kwargs: Any) -> DnsServer:
            return stack.enter_context(DnsServer(zone, **kwargs))

        yield start


@pytest.fixture
def sntp_server() -> Iterator[Callable[..., SntpServer]]:
    """Factory: `sntp_server(offset=0.0, stratum=2, ...)` -> a running SntpServer."""
    with ExitStack() as stack:

        def start(**kwargs: Any) -> SntpServer:
            return stack.enter_context(SntpServer(**kwargs))

        yield start


@pytest.fixture(scope="session")
def tls_ca() -> trustme.CA:
    """The CA the product is told to trust (through `ca_bundle`)."""
    return trustme.CA(organization_name="Station Network Check Test CA")


@pytest.fixture(scope="session")
def ca_bundle(tls_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PEM file of `tls_ca`, e.g. for `monkeypatch.setenv("SSL_CERT_FILE", str(ca_bundle))`."""
    path = tmp_path_factory.mktemp("ca") / "ca-bundle.pem"
    tls_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def inspection_ca() -> trustme.CA:
    """An untrusted CA with O="Acme Firewall TLS Inspection", as a re-signing middlebox has."""
    return helpers.inspection_ca()


@pytest.fixture
def tls_server(tls_ca: trustme.CA) -> Iterator[Callable[..., TlsServer]]:
    """Factory: `tls_server(hostname, ca=None, **issue_cert_kwargs)` -> a running TlsServer
    whose leaf is for `hostname`, issued by `ca` (default `tls_ca`)."""
    with ExitStack() as stack:

        def start(hostname: str, ca: trustme.CA | None = None, **cert_kwargs: Any) -> TlsServer:
            cert = (ca or tls_ca).issue_cert(hostname, **cert_kwargs)
            return stack.enter_context(TlsServer(cert))

        yield start


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A 127.0.0.1 port that accepts TCP connections."""
    with helpers.listening_port() as port:
        yield port


@pytest.fixture
def closed_port() -> int:
    """A 127.0.0.1 port where a TCP connect is refused."""
    return helpers.closed_port()


@pytest.fixture
def blackhole_port() -> Iterator[int]:
    """A 127.0.0.1 port where a TCP connect gets no answer and times out."""
    with helpers.blackhole_port() as port:
        yield port
