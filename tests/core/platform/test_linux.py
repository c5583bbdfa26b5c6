"""Linux adapter facts from a recorded /sys/class/net tree, /proc/net/route and resolv.conf."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.core.platform import AdapterKind, linux
from app.core.platform.base import LinkHealth

ROUTES = """\
Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
enp0s31f6\t00000000\t016210AC\t0003\t0\t0\t100\t00000000\t0\t0\t0
enp0s31f6\t006210AC\t00000000\t0001\t0\t0\t100\t00FEFFFF\t0\t0\t0
docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
"""


def _iface(
    root: Path,
    name: str,
    *,
    arp_type: int = 1,
    carrier: str | None = "1",
    operstate: str = "up",
    device: bool = True,
    wireless: bool = False,
    mac: str = "aa:bb:cc:dd:ee:ff",
    index: int = 2,
) -> None:
    path = root / name
    path.mkdir(parents=True)
    (path / "type").write_text(f"{arp_type}\n")
    if carrier is not None:
        (path / "carrier").write_text(carrier + "\n")
    (path / "operstate").write_text(operstate + "\n")
    (path / "address").write_text(mac + "\n")
    (path / "ifindex").write_text(f"{index}\n")
    if device:
        (path / "device").mkdir()
        (path / "device" / "uevent").write_text("DRIVER=e1000e\nPCI_ID=8086:15BB\n")
    if wireless:
        (path / "wireless").mkdir()


def test_default_routes_are_read_from_little_endian_hex() -> None:
    routes = linux.parse_routes(ROUTES)
    assert [(r.interface, r.gateway, r.metric) for r in routes] == [
        ("wlan0", "192.168.1.1", 600),
        ("enp0s31f6", "172.16.98.1", 100),
    ]


def test_resolv_conf_nameservers_skip_comments_and_junk() -> None:
    text = (
        "# generated\nsearch corp.example\nnameserver 172.16.98.1\nnameserver fe80::1%eth0\n"
        "nameserver not-an-address\noptions edns0\n;nameserver 9.9.9.9\n"
    )
    assert linux.parse_resolv_conf(text) == ["172.16.98.1", "fe80::1%eth0"]


def test_systemd_stub_is_replaced_by_its_upstream_servers(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/resolv.conf").write_text("nameserver 127.0.0.53\n")
    upstream = tmp_path / "run/systemd/resolve"
    upstream.mkdir(parents=True)
    (upstream / "resolv.conf").write_text("nameserver 198.51.100.53\n")
    assert linux.system_dns_servers(tmp_path) == ["198.51.100.53"]


def test_recorded_sysfs_gives_kinds_links_routes_and_dns(tmp_path: Path) -> None:
    net = tmp_path / "sys/class/net"
    _iface(net, "enp0s31f6", index=2)
    _iface(net, "wlan0", wireless=True, index=3)
    _iface(net, "enx00e04c", carrier="0", operstate="down", index=4)
    _iface(net, "docker0", device=False, index=5)
    _iface(net, "lo", arp_type=772, device=False, mac="00:00:00:00:00:00", index=1)
    _iface(net, "eth9", carrier=None, operstate="down", index=6)
    route = tmp_path / "route"
    route.write_text(ROUTES)
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/resolv.conf").write_text("nameserver 172.16.98.1\n")

    adapters = {a.name: a for a in linux.list_adapters(net, route, tmp_path)}
    wired = adapters["enp0s31f6"]
    assert wired.kind == AdapterKind.WIRED and wired.link_up is True
    assert wired.gateways == ("172.16.98.1",) and wired.default_route_metric == 100
    assert wired.dns_servers == ("172.16.98.1",)
    assert wired.mac == "AA-BB-CC-DD-EE-FF" and wired.description == "e1000e"
    assert wired.index == 2
    assert adapters["wlan0"].kind == AdapterKind.WIRELESS
    assert adapters["wlan0"].default_route_metric == 600
    assert adapters["enx00e04c"].link_up is False
    assert adapters["docker0"].kind == AdapterKind.VIRTUAL
    assert adapters["docker0"].description == "", "no English kind name in its place"
    assert adapters["lo"].kind == AdapterKind.LOOPBACK and adapters["lo"].mac is None
    assert adapters["lo"].dns_servers == ()
    assert adapters["eth9"].link_up is False, "admin-down: no carrier file, operstate down"


def test_recorded_link_speed_duplex_and_error_counters(tmp_path: Path) -> None:
    net = tmp_path / "sys/class/net"
    _iface(net, "enp0s31f6", index=2)
    _iface(net, "enx00e04c", carrier="0", operstate="down", index=4)
    _iface(net, "eth1", index=5)
    _iface(net, "lo", arp_type=772, device=False, mac="00:00:00:00:00:00", index=1)
    wired = net / "enp0s31f6"
    (wired / "speed").write_text("10\n")
    (wired / "duplex").write_text("half\n")
    (wired / "statistics").mkdir()
    (wired / "statistics" / "rx_errors").write_text("37\n")
    (wired / "statistics" / "tx_errors").write_text("2\n")
    (wired / "statistics" / "rx_dropped").write_text("999\n")
    # A port without a link: the kernel answers -1 and "unknown" (or refuses to read).
    (net / "enx00e04c" / "speed").write_text("-1\n")
    (net / "enx00e04c" / "duplex").write_text("unknown\n")
    (net / "lo" / "statistics").mkdir()
    (net / "lo" / "statistics" / "rx_errors").write_text("0\n")
    route = tmp_path / "route"
    route.write_text(ROUTES)

    adapters = {a.name: a for a in linux.list_adapters(net, route, tmp_path)}
    assert adapters["enp0s31f6"].link == LinkHealth(
        speed_mbps=10, duplex="half", rx_errors=37, tx_errors=2
    )
    assert adapters["enx00e04c"].link is None
    assert adapters["eth1"].link is None, "no speed, duplex or counters: nothing to show"
    assert adapters["lo"].link is None


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="reads this machine's /sys/class/net, which Windows does not have",
)
def test_this_machine_has_a_loopback_adapter_with_its_address() -> None:
    lo = next(a for a in linux.list_adapters() if a.kind == AdapterKind.LOOPBACK)
    assert any(address.address == "127.0.0.1" for address in lo.ipv4)


def test_tunnels_are_told_from_virtual_adapters(tmp_path: Path) -> None:
    """A VPN's or tunnel's adapter is never the station's cable; a bridge, a macvlan or a
    virtual machine's adapter may be."""
    net = tmp_path / "sys/class/net"
    _iface(net, "tun0", arp_type=65534, device=False, index=2)  # OpenVPN tun, WireGuard
    _iface(net, "tap0", device=False, index=3)  # an Ethernet-looking tap: tun_flags says it
    (net / "tap0" / "tun_flags").write_text("0x1002\n")
    _iface(net, "ppp0", arp_type=512, device=False, index=4)
    _iface(net, "gre1", arp_type=778, device=False, index=5)
    _iface(net, "br0", device=False, index=6)
    _iface(net, "macvlan0", device=False, index=7)
    route = tmp_path / "route"
    route.write_text(ROUTES)
    kinds = {a.name: a.kind for a in linux.list_adapters(net, route, tmp_path)}
    assert kinds == {
        "tun0": AdapterKind.TUNNEL,
        "tap0": AdapterKind.TUNNEL,
        "ppp0": AdapterKind.TUNNEL,
        "gre1": AdapterKind.TUNNEL,
        "br0": AdapterKind.VIRTUAL,
        "macvlan0": AdapterKind.VIRTUAL,
    }
