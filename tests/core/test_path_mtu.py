"""The path-MTU echoes: packets built right, replies read right, Windows' calls built right.

The black hole itself is made in the site-network lab (tests/lab: a smaller MTU on the site's
path, ICMP "fragmentation needed" dropped); here, the parts each platform's code is made of.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import socket
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.evidence import EchoProbe, PathMtu
from app.core.platform.base import Route
from app.core.probes import windows_echo
from app.core.probes.path_mtu import HEADERS, _checksum, echo_packet, probe_path_mtu, read_reply
from app.core.probes.windows_echo import (
    ICMP_ECHO_REPLY,
    IP_FLAG_DF,
    IP_OPTION_INFORMATION,
    IP_PACKET_TOO_BIG,
    IP_REQ_TIMED_OUT,
    IP_SUCCESS,
    EchoArguments,
    EchoReply,
    echo_arguments,
    send_echoes,
)

SIZES = (1500, 1400, 1280, 1000, 576)


def test_an_echo_request_makes_a_packet_of_the_size_asked_with_a_valid_checksum() -> None:
    packet = echo_packet(0x1234, 7, 1280)
    assert len(packet) + 20 == 1280
    kind, code, _, ident, sequence = struct.unpack("!BBHHH", packet[:8])
    assert (kind, code, ident, sequence) == (8, 0, 0x1234, 7)
    assert _checksum(packet) == 0, "a packet with its checksum sums to zero"


def test_replies_are_read_from_icmp_and_raw_sockets_alike() -> None:
    icmp = struct.pack("!BBHHH", 0, 0, 0, 0x4242, 3) + b"data"
    ip_header = bytes([0x45]) + bytes(19)
    assert read_reply(icmp, raw=False) == (0x4242, 3)
    assert read_reply(ip_header + icmp, raw=True) == (0x4242, 3)
    assert read_reply(ip_header + icmp, raw=False) is None, "not an echo reply: an IP header"
    request = struct.pack("!BBHHH", 8, 0, 0, 1, 1)
    assert read_reply(request, raw=False) is None
    assert read_reply(b"\x00\x00", raw=False) is None


def test_a_black_hole_is_small_echoes_answered_and_full_size_lost() -> None:
    def path(*states: str) -> PathMtu:
        echoes = tuple(EchoProbe(size, state) for size, state in zip(SIZES, states, strict=True))
        return PathMtu("203.0.113.10", "raw_socket", echoes)

    hole = path("no_answer", "no_answer", "answered", "answered", "answered")
    assert hole.black_hole and (hole.largest_answered, hole.full_size) == (1280, 1500)
    assert not path(*["answered"] * 5).black_hole, "full size passes"
    assert not path(*["no_answer"] * 5).black_hole, "no echo at all: ICMP is blocked"
    assert path("too_big", "too_big", "answered", "answered", "answered").black_hole
    assert not PathMtu("203.0.113.10", None, error="no ICMP socket").tested


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's ICMP sockets")
def test_echoes_on_loopback_come_back_at_every_size() -> None:
    route = Route("127.0.0.1", "lo", socket.if_nametoindex("lo"))
    path = probe_path_mtu("127.0.0.1", SIZES, 1.0, route)
    if path.method is None:
        pytest.skip(f"this system allows neither an ICMP nor a raw socket: {path.error}")
    assert [e.state for e in path.echoes] == ["answered"] * len(SIZES), path
    assert [e.size for e in path.echoes] == list(SIZES)
    assert path.route == route and not path.black_hole


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's local MTU")
def test_an_echo_larger_than_the_adapter_carries_is_refused_here_not_lost() -> None:
    route = Route("127.0.0.1", "lo", socket.if_nametoindex("lo"))
    path = probe_path_mtu("127.0.0.1", (70000, 576), 1.0, route)
    if path.method is None:
        pytest.skip(f"this system allows neither an ICMP nor a raw socket: {path.error}")
    assert [(e.size, e.state) for e in path.echoes] == [(70000, "too_big"), (576, "answered")]


def test_ipv6_is_said_not_tested() -> None:
    path = probe_path_mtu("2001:db8::1", SIZES, 1.0)
    assert path.method is None and path.error and not path.tested


# -- Windows: IcmpSendEcho2Ex's arguments, on recorded calls ------------------------------------


def test_windows_structures_have_windows_layout() -> None:
    pointer = ctypes.sizeof(ctypes.c_void_p)
    # ipexport.h: four UCHARs then a PUCHAR; the reply's three ULONGs, two USHORTs, a PVOID and
    # the options.
    assert ctypes.sizeof(IP_OPTION_INFORMATION) == (16 if pointer == 8 else 8)
    assert ctypes.sizeof(ICMP_ECHO_REPLY) == (40 if pointer == 8 else 28)
    assert ICMP_ECHO_REPLY.Options.offset == (24 if pointer == 8 else 20)


def test_windows_echo_arguments_set_dont_fragment_and_addresses_in_network_order() -> None:
    arguments = echo_arguments("198.51.100.10", "203.0.113.10", 1400, 2.0)
    # IPAddr is the address's bytes in network order, whatever the machine's byte order.
    assert struct.pack("=I", arguments.source) == socket.inet_aton("198.51.100.10")
    assert struct.pack("=I", arguments.destination) == socket.inet_aton("203.0.113.10")
    assert arguments.flags == IP_FLAG_DF == 0x2
    assert len(arguments.data) + HEADERS == 1400
    assert arguments.timeout_ms == 2000 and arguments.ttl > 0
    assert arguments.reply_size >= ctypes.sizeof(ICMP_ECHO_REPLY) + len(arguments.data) + 8
    assert echo_arguments(None, "203.0.113.10", 576, 0.0001).source == 0
    assert echo_arguments(None, "203.0.113.10", 576, 0.0001).timeout_ms == 1


def test_windows_echoes_over_a_1280_byte_path_read_as_a_black_hole() -> None:
    calls: list[EchoArguments] = []

    def path_of_1280(arguments: EchoArguments) -> EchoReply:
        calls.append(arguments)
        if len(arguments.data) + HEADERS <= 1280:
            return EchoReply(1, IP_SUCCESS, 12)
        return EchoReply(0, 0, 0, IP_REQ_TIMED_OUT)

    route = Route("198.51.100.10", "{GUID}", 7)
    path = send_echoes("203.0.113.10", SIZES, 2.0, route, send=path_of_1280)
    assert path.method == "icmp_send_echo" and path.route == route
    assert [(e.size, e.state) for e in path.echoes] == [
        (1500, "no_answer"),
        (1400, "no_answer"),
        (1280, "answered"),
        (1000, "answered"),
        (576, "answered"),
    ]
    assert path.black_hole and path.largest_answered == 1280
    assert sorted(len(c.data) + HEADERS for c in calls) == sorted(SIZES)
    assert {c.flags for c in calls} == {IP_FLAG_DF}
    assert {c.source for c in calls} == {windows_echo.ip_address_value("198.51.100.10")}


def test_windows_reply_statuses_are_told_apart() -> None:
    outcome = windows_echo.echo_outcome
    assert outcome(1500, EchoReply(1, IP_SUCCESS, 3)) == EchoProbe(1500, "answered", 3)
    assert outcome(1500, EchoReply(1, IP_PACKET_TOO_BIG, 0)).state == "too_big"
    assert outcome(1500, EchoReply(0, 0, 0, IP_REQ_TIMED_OUT)).state == "no_answer"
    assert outcome(1500, EchoReply(1, 11003, 0)).state == "error"  # destination unreachable


def test_windows_without_the_icmp_helper_says_it_could_not_test() -> None:
    def missing(arguments: EchoArguments) -> EchoReply:
        raise AttributeError("function 'IcmpSendEcho2Ex' not found")

    path = send_echoes("203.0.113.10", SIZES, 1.0, send=missing)
    assert path.method is None and "IcmpSendEcho2Ex" in (path.error or "")


@pytest.mark.skipif(sys.platform != "win32", reason="Windows' iphlpapi")
def test_windows_echoes_to_loopback_come_back() -> None:
    path = probe_path_mtu("127.0.0.1", (1500, 576), 1.0, Route("127.0.0.1", None, 1))
    assert path.method == "icmp_send_echo", path
    assert [e.state for e in path.echoes] == ["answered", "answered"], path


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("setpriv") is None,
    reason="drops root's privileges with setpriv (Linux, as root)",
)
def test_without_an_icmp_or_raw_socket_the_evidence_says_why_it_could_not_test() -> None:
    # A user outside net.ipv4.ping_group_range and without CAP_NET_RAW: neither socket opens.
    groups = Path("/proc/sys/net/ipv4/ping_group_range").read_text().split()
    if int(groups[0]) <= 65534 <= int(groups[1]):
        pytest.skip("this system lets every group open ICMP sockets")
    script = (
        "from app.core.probes.path_mtu import probe_path_mtu; "
        "p = probe_path_mtu('127.0.0.1', (1500, 576), 0.5); "
        "print(p.method); print(p.error)"
    )
    done = subprocess.run(
        [
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            sys.executable,
            "-c",
            script,
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    method, error = done.stdout.splitlines()[:2]
    assert method == "None", done.stdout + done.stderr
    assert "icmp_socket:" in error and "raw_socket:" in error
