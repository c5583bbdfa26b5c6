"""Shared fixtures: real loopback servers from tests/helpers, started per test, stopped after."""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import helpers
import pytest
import trustme
import wine_gaps
from helpers import DnsServer, SntpServer, TlsServer, Zone

# Qt tests must never need a display; set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A proxy in the shell that runs the tests is the runner's, not the laptop's under test: the
# laptop check reads its own (tests/core/test_laptop.py, and the lab's scenario sets one).
for _name in [n for n in os.environ if n.lower() in ("https_proxy", "http_proxy", "all_proxy")]:
    del os.environ[_name]


# --- No traffic leaves the machine ----------------------------------------------------------


def _is_loopback_host(host: Any) -> bool:
    """127.0.0.0/8, ::1 (with or without a zone), `localhost`; no host at all (a bind)."""
    if host is None or host == "":
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", errors="replace")
    if not isinstance(host, str):
        return False
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False  # a name: resolving it would already ask a real DNS server


def _is_loopback_address(address: Any) -> bool:
    """A socket address: (host, port, ...) for IP; a path (AF_UNIX) never leaves the machine."""
    if isinstance(address, str | bytes):
        return True
    if isinstance(address, tuple) and address:
        return _is_loopback_host(address[0])
    return False


@pytest.fixture(autouse=True)
def no_traffic_beyond_loopback(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    """Fail any test whose code connects, sends or resolves beyond loopback.

    The attempt is refused with an error, and also recorded: the product turns socket errors
    into results (a port "unreachable"), so the refusal alone could pass unnoticed. The lab's
    tests (`lab` marker) run in network namespaces with addresses of their own and are exempt.
    """
    attempts: list[str] = []
    if request.node.get_closest_marker("lab") is not None:
        yield attempts
        return

    def refuse(what: str) -> OSError:
        attempts.append(what)
        return PermissionError(f"test network guard: {what} is not loopback")

    def guard(name: str, original: Callable[..., Any], where: Callable[..., Any]) -> None:
        @functools.wraps(original)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            target = where(*args, **kwargs)
            if not _is_loopback_address(target):
                raise refuse(f"{name}({target!r})")
            return original(*args, **kwargs)

        owner, attribute = name.rsplit(".", 1)
        monkeypatch.setattr(
            socket.socket if owner == "socket.socket" else socket, attribute, guarded
        )

    guard("socket.socket.connect", socket.socket.connect, lambda sock, address: address)
    guard("socket.socket.connect_ex", socket.socket.connect_ex, lambda sock, address: address)
    guard("socket.socket.sendto", socket.socket.sendto, lambda sock, data, *rest: rest[-1])
    guard("socket.getaddrinfo", socket.getaddrinfo, lambda host, *args, **kwargs: (host,))
    guard(
        "socket.create_connection",
        socket.create_connection,
        lambda address, *args, **kwargs: address,
    )
    yield attempts
    if attempts:
        pytest.fail(f"the test tried to reach beyond loopback: {attempts}", pytrace=False)


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


@pytest.fixture
def trust_test_ca(monkeypatch: pytest.MonkeyPatch, ca_bundle: Path) -> Path:
    """The product trusts `tls_ca` (and only it) for this test: the loopback TLS servers'
    certificates verify. Modules whose every test needs it name it in `pytestmark`."""
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_bundle))
    return ca_bundle


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


# --- Under Wine: the tests that meet a gap of Wine's, named in tests/wine_gaps.py ------------


_WINE_GAPS_FOUND = pytest.StashKey[list[wine_gaps.WineGap]]()


def _wine_gaps_found(config: pytest.Config) -> list[wine_gaps.WineGap]:
    """The gaps whose probe finds them here, probed once per run (under Wine only)."""
    found = config.stash.get(_WINE_GAPS_FOUND, None)
    if found is None:
        found = [gap for gap in wine_gaps.GAPS if gap.probe()] if wine_gaps.UNDER_WINE else []
        config.stash[_WINE_GAPS_FOUND] = found
    return found


def pytest_report_header(config: pytest.Config) -> list[str]:
    if not wine_gaps.UNDER_WINE:
        return []
    found = _wine_gaps_found(config)
    names = ", ".join(gap.name for gap in found) or "none"
    return [f"under Wine (SNC_UNDER_WINE=1); Wine gaps its probes find: {names}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    gaps = {test: gap for gap in _wine_gaps_found(config) for test in gap.tests}
    for item in items:
        gap = gaps.get(item.nodeid.split("[", 1)[0])
        if gap is not None:
            item.add_marker(
                pytest.mark.xfail(reason=f"{gap.name}: {gap.reason}", strict=True, run=gap.runs)
            )
