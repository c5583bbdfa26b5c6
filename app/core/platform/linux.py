"""Adapter facts on Linux: `/sys/class/net`, `/proc/net/route`, resolv.conf, and ifaddr."""

from __future__ import annotations

import ipaddress
import os
import socket
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import ifaddr

from app.core.platform.base import (
    AdapterInfo,
    AdapterKind,
    IPv4Address,
    LinkHealth,
    ProxySetting,
    without_credentials,
)

# ARPHRD_* values from <linux/if_arp.h>.
_ARPHRD_ETHER = 1
_ARPHRD_LOOPBACK = 772
# Point-to-point links with no Ethernet header: PPP, IP-in-IP, IPv6-in-IPv4 (sit), GRE, IPv6
# GRE, and NONE (tun devices and WireGuard).
_ARPHRD_TUNNELS = frozenset({"512", "768", "769", "776", "778", "823", "65534"})
# systemd-resolved's local stub; its upstream servers are in the file below.
_STUB_RESOLVERS = {"127.0.0.53", "127.0.0.54"}
_RESOLVED_UPSTREAM = "/run/systemd/resolve/resolv.conf"


@dataclass(frozen=True)
class DefaultRoute:
    interface: str
    gateway: str
    metric: int


def parse_routes(text: str) -> list[DefaultRoute]:
    """IPv4 default routes from the text of `/proc/net/route` (addresses are little-endian hex)."""
    routes = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        iface, dest, gateway, flags, metric, mask = (
            fields[0],
            fields[1],
            fields[2],
            int(fields[3], 16),
            int(fields[6]),
            fields[7],
        )
        route_up = flags & 0x1
        if dest == "00000000" and mask == "00000000" and route_up:
            address = socket.inet_ntoa(struct.pack("<I", int(gateway, 16)))
            routes.append(DefaultRoute(iface, address, metric))
    return routes


def parse_resolv_conf(text: str) -> list[str]:
    servers = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            address = fields[1].split("%", 1)[0]
            try:
                ipaddress.ip_address(address)
            except ValueError:
                continue
            servers.append(fields[1])
    return servers


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None


def _kind(sysfs: Path) -> AdapterKind:
    arp_type = _read(sysfs / "type")
    if arp_type == str(_ARPHRD_LOOPBACK):
        return AdapterKind.LOOPBACK
    if (sysfs / "wireless").exists() or (sysfs / "phy80211").exists():
        return AdapterKind.WIRELESS
    # tun_flags: a tun or tap device, what OpenVPN and most VPN clients make (a tap one calls
    # itself Ethernet).
    if (sysfs / "tun_flags").exists() or arp_type in _ARPHRD_TUNNELS:
        return AdapterKind.TUNNEL
    if not (sysfs / "device").exists():
        return AdapterKind.VIRTUAL
    if arp_type == str(_ARPHRD_ETHER):
        return AdapterKind.WIRED
    return AdapterKind.OTHER


def _link_up(sysfs: Path) -> bool | None:
    carrier = _read(sysfs / "carrier")
    if carrier in ("0", "1"):
        return carrier == "1"
    # An administratively down interface refuses to say its carrier; operstate still knows.
    return {"up": True, "down": False, "lowerlayerdown": False, "dormant": False}.get(
        _read(sysfs / "operstate") or ""
    )


def _number(path: Path) -> int | None:
    """A counter or a speed from sysfs; None when absent, unreadable (the link is down) or not
    a plain number (`-1`: the driver does not know)."""
    text = _read(path)
    return int(text) if text and text.isdigit() else None


def link_health(sysfs: Path) -> LinkHealth | None:
    """`speed` (Mb/s), `duplex` and `statistics/{rx,tx}_errors` of one interface."""
    duplex = _read(sysfs / "duplex")
    health = LinkHealth(
        speed_mbps=_number(sysfs / "speed"),
        duplex=duplex if duplex in ("full", "half") else None,
        rx_errors=_number(sysfs / "statistics" / "rx_errors"),
        tx_errors=_number(sysfs / "statistics" / "tx_errors"),
    )
    return None if health == LinkHealth() else health


def system_dns_servers(root: Path = Path("/")) -> list[str]:
    resolv = _read(root / "etc/resolv.conf") or ""
    servers = parse_resolv_conf(resolv)
    if servers and set(servers) <= _STUB_RESOLVERS:
        upstream = parse_resolv_conf(_read(root / _RESOLVED_UPSTREAM.lstrip("/")) or "")
        if upstream:
            return upstream
    return servers


def list_adapters(
    sys_class_net: Path = Path("/sys/class/net"),
    proc_route: Path = Path("/proc/net/route"),
    root: Path = Path("/"),
) -> list[AdapterInfo]:
    routes = parse_routes(_read(proc_route) or "")
    dns_servers = tuple(system_dns_servers(root))
    addresses = {a.nice_name: a for a in ifaddr.get_adapters(include_unconfigured=True)}
    adapters = []
    names = sorted(p.name for p in sys_class_net.iterdir()) if sys_class_net.is_dir() else []
    for name in names:
        sysfs = sys_class_net / name
        kind = _kind(sysfs)
        ips = addresses.get(name)
        ipv4 = tuple(
            IPv4Address(ip.ip, ip.network_prefix)
            for ip in (ips.ips if ips else ())
            if isinstance(ip.ip, str)
        )
        ipv6 = tuple(
            f"{ip.ip[0]}%{ip.ip[2]}" if ip.ip[2] else ip.ip[0]
            for ip in (ips.ips if ips else ())
            if isinstance(ip.ip, tuple)
        )
        own_routes = [r for r in routes if r.interface == name]
        mac = _read(sysfs / "address")
        index = _read(sysfs / "ifindex")
        adapters.append(
            AdapterInfo(
                name=name,
                friendly_name=name,
                description=_description(sysfs),
                kind=kind,
                link_up=_link_up(sysfs),
                mac=mac.upper().replace(":", "-") if mac and kind != AdapterKind.LOOPBACK else None,
                ipv4=ipv4,
                ipv6=ipv6,
                gateways=tuple(r.gateway for r in own_routes),
                dns_servers=dns_servers if kind != AdapterKind.LOOPBACK else (),
                dhcp=None,
                default_route_metric=min((r.metric for r in own_routes), default=None),
                index=int(index) if index and index.isdigit() else None,
                link=link_health(sysfs) if kind != AdapterKind.LOOPBACK else None,
            )
        )
    return adapters


def _description(sysfs: Path) -> str:
    uevent = _read(sysfs / "device" / "uevent") or ""
    driver = next(
        (line.split("=", 1)[1] for line in uevent.splitlines() if line.startswith("DRIVER=")), None
    )
    devtype = next(
        (
            line.split("=", 1)[1]
            for line in (_read(sysfs / "uevent") or "").splitlines()
            if line.startswith("DEVTYPE=")
        ),
        None,
    )
    # No driver and no device type (a veth, a bridge): nothing to add to the kind, shown beside.
    return driver or devtype or ""


PROXY_VARIABLES = ("https_proxy", "http_proxy", "all_proxy")
"""The variables command-line programs and most libraries take a proxy from, in any case."""


def proxy_settings(environ: Mapping[str, str] | None = None) -> list[ProxySetting]:
    """The proxies set in the environment (`https_proxy`, `HTTPS_PROXY`, `Http_Proxy`…)."""
    environ = os.environ if environ is None else environ
    found = []
    for name, value in sorted(environ.items()):
        if name.lower() in PROXY_VARIABLES and value.strip():
            found.append(ProxySetting(name, without_credentials(value.strip())))
    return found
