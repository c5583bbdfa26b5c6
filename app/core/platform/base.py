"""What the diagnosis needs to know about one network adapter, whatever the operating system."""

from __future__ import annotations

import enum
import ipaddress
from dataclasses import dataclass
from typing import Any


class AdapterKind(enum.StrEnum):
    WIRED = "wired"
    WIRELESS = "wireless"
    VIRTUAL = "virtual"
    """Not hardware, yet may carry the station's cable: a virtual machine's or container's
    adapter, a bridge, a Hyper-V switch bound to the real port."""
    TUNNEL = "tunnel"
    """A VPN client's or tunnel's adapter (tun/tap, WireGuard, PPP, IP-in-IP): never the
    station's cable."""
    LOOPBACK = "loopback"
    OTHER = "other"


@dataclass(frozen=True)
class IPv4Address:
    address: str
    prefix: int

    @property
    def netmask(self) -> str:
        return str(ipaddress.IPv4Network(f"0.0.0.0/{self.prefix}").netmask)

    @property
    def self_assigned(self) -> bool:
        """169.254.0.0/16: the operating system's fallback when DHCP got no answer."""
        return ipaddress.IPv4Address(self.address).is_link_local


@dataclass(frozen=True)
class LinkHealth:
    """What the port says of the cable: the negotiated speed and duplex, and its error
    counters (received and sent frames that were damaged). None where the system does not say.
    """

    speed_mbps: int | None = None
    duplex: str | None = None
    """`full`, `half`, or None when unknown (Windows does not say)."""
    rx_errors: int | None = None
    tx_errors: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "speed_mbps": self.speed_mbps,
            "duplex": self.duplex,
            "rx_errors": self.rx_errors,
            "tx_errors": self.tx_errors,
        }

    @staticmethod
    def from_dict(data: Any) -> LinkHealth | None:
        """A link recorded in a saved report; None for anything that is not one."""
        if not isinstance(data, dict):
            return None

        def count(key: str) -> int | None:
            value = data.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        duplex = data.get("duplex")
        return LinkHealth(
            speed_mbps=count("speed_mbps"),
            duplex=duplex if duplex in ("full", "half") else None,
            rx_errors=count("rx_errors"),
            tx_errors=count("tx_errors"),
        )


@dataclass(frozen=True)
class AdapterInfo:
    name: str
    """System name: `eth0` on Linux, the adapter GUID on Windows. Stable, used by --interface."""
    friendly_name: str
    """What the user sees: `Ethernet 2` on Windows; the same as `name` on Linux."""
    description: str
    kind: AdapterKind
    link_up: bool | None
    mac: str | None = None
    ipv4: tuple[IPv4Address, ...] = ()
    ipv6: tuple[str, ...] = ()
    gateways: tuple[str, ...] = ()
    """IPv4 default gateways through this adapter."""
    dns_servers: tuple[str, ...] = ()
    dhcp: bool | None = None
    default_route_metric: int | None = None
    """Metric of this adapter's IPv4 default route, None when it has none."""
    index: int | None = None
    link: LinkHealth | None = None
    """Speed, duplex and error counters of the port, when the system gives them."""

    def usable_ipv4(self) -> IPv4Address | None:
        """The first address that is not self-assigned, else the first one."""
        for addr in self.ipv4:
            if not addr.self_assigned:
                return addr
        return self.ipv4[0] if self.ipv4 else None

    def matches(self, wanted: str) -> bool:
        wanted = wanted.strip().casefold()
        return wanted in (self.name.casefold(), self.friendly_name.casefold())

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "friendly_name": self.friendly_name,
            "description": self.description,
            "kind": self.kind.value,
            "link_up": self.link_up,
            "mac": self.mac,
            "ipv4": [
                {"address": a.address, "prefix": a.prefix, "netmask": a.netmask} for a in self.ipv4
            ],
            "ipv6": list(self.ipv6),
            "gateways": list(self.gateways),
            "dns_servers": list(self.dns_servers),
            "dhcp": self.dhcp,
            "default_route_metric": self.default_route_metric,
            "index": self.index,
            "link": self.link.as_dict() if self.link else None,
        }


def adapter_from_dict(data: dict[str, Any]) -> AdapterInfo:
    """The inverse of `AdapterInfo.as_dict`: an adapter recorded in a saved report."""
    return AdapterInfo(
        name=data["name"],
        friendly_name=data["friendly_name"],
        description=data["description"],
        kind=AdapterKind(data["kind"]),
        link_up=data["link_up"],
        mac=data.get("mac"),
        ipv4=tuple(IPv4Address(a["address"], a["prefix"]) for a in data.get("ipv4", [])),
        ipv6=tuple(data.get("ipv6", [])),
        gateways=tuple(data.get("gateways", [])),
        dns_servers=tuple(data.get("dns_servers", [])),
        dhcp=data.get("dhcp"),
        default_route_metric=data.get("default_route_metric"),
        index=data.get("index"),
        link=LinkHealth.from_dict(data.get("link")),
    )


@dataclass(frozen=True)
class Route:
    """Where every probe leaves from: the tested adapter itself and its address.

    A source address alone does not choose the interface (on Linux a packet from the wired
    adapter's address still follows the default route, out of Wi-Fi if Wi-Fi holds it), so
    a probe is also tied to the adapter: by its name on Linux, by its index on Windows.
    """

    source: str | None = None
    interface: str | None = None
    """The adapter's system name (`eth0`; the GUID on Windows)."""
    index: int | None = None
    """The adapter's interface index (what Windows binds by)."""
    interface_bound: bool = True
    """False when the system refused to tie sockets to the adapter: the address alone is bound."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "interface": self.interface,
            "index": self.index,
            "source": self.source,
            "interface_bound": self.interface_bound,
        }


@dataclass(frozen=True)
class ProxySetting:
    """A proxy the laptop's own programs go through: the station has none of them.

    `source` says where it was read: `https_proxy`, `http_proxy`, `all_proxy` (an environment
    variable, in the case it was written), `ProxyServer`, `AutoConfigURL`, `AutoDetect` (the
    user's Internet Settings on Windows), `WinHTTP` (the machine's WinHTTP proxy). `value`
    is the proxy or script address without any user name or password ("" for AutoDetect)."""

    source: str
    value: str


def without_credentials(value: str) -> str:
    """A proxy address with any `user:password@` left out: it is shown and saved."""
    scheme, sep, rest = value.partition("://")
    if not sep:
        scheme, rest = "", value
    authority, slash, path = rest.partition("/")
    host = authority.rpartition("@")[2]
    return f"{scheme}{sep}{host}{slash}{path}"
