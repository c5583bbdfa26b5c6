"""Every test that cannot pass under Wine, named in this one place, each with the gap in Wine it
meets and a probe that shows that gap.

The Wine lane (`.ci/windows-under-wine`) runs the suite under Windows CPython with
`SNC_UNDER_WINE=1`; only then does `tests/conftest.py` run the probes and mark the tests of each
gap a probe finds as expected to fail. Elsewhere nothing here applies: on Linux and on real
Windows (`.github/workflows/windows.yml`) every one of these tests runs. A gap whose probe finds
it no more leaves its tests to run as usual, and `tests/test_wine_gaps.py` then fails under
Wine, so that the entry is taken out.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import socket
import struct
import subprocess
import sys
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

UNDER_WINE = os.environ.get("SNC_UNDER_WINE") == "1"
"""Set by the Wine lane only: a real Windows never has it."""

_PROBE_TIMEOUT = 1.0


@dataclass(frozen=True)
class WineGap:
    """A behaviour of Windows that Wine does not have, and the tests that rely on it."""

    name: str
    reason: str
    probe: Callable[[], bool]
    """True when the gap is there: the behaviour the tests rely on is missing."""
    tests: tuple[str, ...]
    """Node ids, without parameters (`tests/path.py::test_name`)."""
    runs: bool = True
    """False when a test meeting the gap would leave threads behind: it is not started."""


def udp_source_address_is_lost() -> bool:
    """A datagram sent from a socket bound to 127.0.0.2 reaches the server as from 127.0.0.1."""
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as client,
    ):
        server.bind(("127.0.0.1", 0))
        server.settimeout(_PROBE_TIMEOUT)
        client.bind(("127.0.0.2", 0))
        client.sendto(b"probe", server.getsockname())
        try:
            _, (host, _port) = server.recvfrom(16)
        except TimeoutError:
            return True
        return host != "127.0.0.2"


def udp_port_unreachable_is_never_reported() -> bool:
    """A connected UDP socket that sends to a closed port never hears of the ICMP "port
    unreachable" (Windows: WSAECONNRESET from recv; Linux: ECONNREFUSED)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as closed:
        closed.bind(("127.0.0.1", 0))
        address = closed.getsockname()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(address)
        sock.send(b"probe")
        readable, _, _ = select.select([sock], [], [], _PROBE_TIMEOUT)
        if not readable:
            return True
        try:
            sock.recv(16)
        except (ConnectionResetError, ConnectionRefusedError):
            return False
        return True


def shutdown_does_not_wake_recv() -> bool:
    """`shutdown()` from another thread does not end a `recv()` waiting on a socket with a
    time-out (Python waits in poll() first), which is how the test servers stop at once with a
    silent client connected."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        with socket.create_connection(listener.getsockname(), _PROBE_TIMEOUT) as client:
            conn, _ = listener.accept()
            conn.settimeout(3 * _PROBE_TIMEOUT)
            with conn:
                woken = threading.Event()

                def receive() -> None:
                    with contextlib.suppress(OSError):
                        conn.recv(16)
                    woken.set()

                reader = threading.Thread(target=receive, name="wine-probe-recv", daemon=True)
                reader.start()
                # The reader may not be in recv() yet; shutdown() must end it either way.
                conn.shutdown(socket.SHUT_RDWR)
                gap = not woken.wait(_PROBE_TIMEOUT)
                client.shutdown(socket.SHUT_RDWR)  # the peer's FIN ends the recv in any case
                reader.join(_PROBE_TIMEOUT)
                return gap


def console_script_launchers_fail() -> bool:
    """pip's console-script launcher (`Scripts\\pip.exe` and every `.exe` pip makes) ends at
    once with exit status 1 and not a word, so its script never starts."""
    pip = shutil.which("pip", path=sysconfig.get_path("scripts"))
    if pip is None:
        return False
    done = subprocess.run(
        [pip, "--version"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    return done.returncode != 0 and not (done.stdout or done.stderr)


def ipv6_unicast_if_is_refused() -> bool:
    """Winsock refuses IPV6_UNICAST_IF (WSAEINVAL) on an IPv6 socket given the loopback
    adapter's own index, which Windows takes (IPv4's IP_UNICAST_IF is taken under Wine too)."""
    if sys.platform != "win32":
        return False
    from app.core.platform import windows
    from app.core.platform.base import AdapterKind

    indexes = [
        adapter.index
        for adapter in windows.list_adapters()
        if adapter.kind is AdapterKind.LOOPBACK and adapter.index
    ]
    if not indexes:
        return False
    ipv6_unicast_if = 31  # ws2ipdef.h
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
        try:
            sock.setsockopt(socket.IPPROTO_IPV6, ipv6_unicast_if, struct.pack("=I", indexes[0]))
        except OSError:
            return True
    return False


def default_route_metrics_are_all_zero() -> bool:
    """Every IPv4 default route reads metric 0 (route metric plus interface metric, as Windows
    ranks them), so the adapter holding the default route cannot be told from the others.
    Asked of the running Windows, or from Linux of the Wine lane's own recording of Wine's IP
    Helper buffers (SNC_ADAPTER_RECORDING), when a Windows program runs under Wine from here."""
    if sys.platform == "win32":
        from app.core.platform import windows

        adapters = windows.list_adapters()
    elif os.environ.get("SNC_ADAPTER_RECORDING"):
        from helpers.iphlpapi_recording import Recording

        adapters = Recording.read(Path(os.environ["SNC_ADAPTER_RECORDING"])).adapters()
    else:
        return False
    metrics = [a.default_route_metric for a in adapters if a.default_route_metric is not None]
    return bool(metrics) and not any(metrics)


GAPS: tuple[WineGap, ...] = (
    WineGap(
        name="udp-source-address",
        reason="Wine: a UDP socket bound to 127.0.0.2 is seen by the server as 127.0.0.1",
        probe=udp_source_address_is_lost,
        tests=(
            "tests/core/test_checks_network.py::test_probes_are_sent_from_the_tested_adapters_address",
        ),
    ),
    WineGap(
        name="udp-port-unreachable",
        reason="Wine never reports an ICMP port unreachable on a UDP socket",
        probe=udp_port_unreachable_is_never_reported,
        tests=(
            "tests/core/test_udp_unreachable.py::test_a_closed_udp_port_is_unreachable_and_said_to_refuse",
            "tests/core/test_udp_unreachable.py::test_windows_connection_reset_on_udp_is_a_refusal",
        ),
    ),
    WineGap(
        name="shutdown-wakes-recv",
        reason="Wine: shutdown() from another thread does not wake a blocked recv()",
        probe=shutdown_does_not_wake_recv,
        tests=(
            "tests/test_helpers_servers.py::test_dns_stops_promptly_with_delayed_answer_and_idle_tcp_pending",
            "tests/test_helpers_servers.py::test_tls_stops_promptly_with_a_stalled_handshake",
        ),
        runs=False,
    ),
    WineGap(
        name="console-script-launcher",
        reason="Wine: pip's .exe launchers (Scripts\\*.exe) exit 1 without starting their script",
        probe=console_script_launchers_fail,
        tests=("tests/gui/test_translations.py::test_built_translation_matches_its_source",),
    ),
    WineGap(
        name="ipv6-unicast-if",
        reason="Wine refuses IPV6_UNICAST_IF (WSAEINVAL): an IPv6 socket cannot be tied to an "
        "adapter",
        probe=ipv6_unicast_if_is_refused,
        tests=(
            "tests/core/test_sockets_route.py::test_a_real_winsock_socket_is_tied_to_the_loopback_adapter_by_ipv6_unicast_if",
        ),
    ),
    WineGap(
        name="route-metrics",
        reason="Wine reports every route and interface metric as 0: no adapter is seen to hold "
        "the default route before another",
        probe=default_route_metrics_are_all_zero,
        tests=(
            "tests/lab/test_executable.py::test_executable_sees_a_second_adapter_holding_the_default_route",
        ),
    ),
)
