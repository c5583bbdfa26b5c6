"""Adapter facts on Windows, read from the IP Helper API through ctypes.

Why not `ipconfig` or `netsh`: their output is translated into the user's language and its layout
changes between Windows releases; the IP Helper structures do not. `GetAdaptersAddresses` gives
names, addresses, gateways, DNS servers and flags; `GetIfTable2` adds what it lacks: whether an
interface is real hardware (so a Hyper-V or VPN "Ethernet" is not mistaken for the laptop's port)
and the media (cable) state; `GetIpForwardTable2` gives the default routes' own metrics, which
Windows adds to the interface metric to choose the adapter its traffic leaves by.

The module imports on any operating system: the structures are plain ctypes declarations and the
DLL is loaded only inside `list_adapters`. The conversion from structures to `AdapterInfo` is a
pure function, `adapters_from_addresses`, so it is tested on Linux against synthetic lists.
"""

from __future__ import annotations

import ctypes
import functools
import ipaddress
import socket
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from app.core.platform.base import AdapterInfo, AdapterKind, IPv4Address, LinkHealth

__all__ = [
    "IP_ADAPTER_ADDRESSES_LH",
    "MIB_IF_ROW2",
    "MIB_IF_TABLE2",
    "MIB_IPFORWARD_ROW2",
    "MIB_IPFORWARD_TABLE2",
    "InterfaceState",
    "adapters_from_addresses",
    "default_route_metrics",
    "interfaces_from_table",
    "links_from_table",
    "list_adapters",
]

# Windows integer types with their Windows widths: ctypes.c_ulong is 8 bytes on 64-bit Linux,
# which would silently shift every field when the tests build structures there.
UCHAR = ctypes.c_uint8
USHORT = ctypes.c_uint16
ULONG = ctypes.c_uint32
INT = ctypes.c_int32
ULONG64 = ctypes.c_uint64

# Address families as Windows numbers them (Linux uses 10 for AF_INET6, so never socket.AF_*).
AF_UNSPEC = 0
AF_INET = 2
AF_INET6 = 23

GAA_FLAG_SKIP_ANYCAST = 0x0002
GAA_FLAG_SKIP_MULTICAST = 0x0004
GAA_FLAG_INCLUDE_PREFIX = 0x0010
GAA_FLAG_INCLUDE_GATEWAYS = 0x0080
GAA_FLAGS = (
    GAA_FLAG_SKIP_ANYCAST
    | GAA_FLAG_SKIP_MULTICAST
    | GAA_FLAG_INCLUDE_PREFIX
    | GAA_FLAG_INCLUDE_GATEWAYS
)

ERROR_SUCCESS = 0
ERROR_BUFFER_OVERFLOW = 111
ERROR_NO_DATA = 232

IP_ADAPTER_DHCP_ENABLED = 0x0004

IF_TYPE_ETHERNET_CSMACD = 6
IF_TYPE_PPP = 23
IF_TYPE_SOFTWARE_LOOPBACK = 24
IF_TYPE_PROP_VIRTUAL = 53
IF_TYPE_IEEE80211 = 71
IF_TYPE_TUNNEL = 131

IF_OPER_STATUS_UP = 1
IF_OPER_STATUS_DOWN = 2
IF_OPER_STATUS_LOWER_LAYER_DOWN = 7

MEDIA_CONNECT_STATE_CONNECTED = 1
MEDIA_CONNECT_STATE_DISCONNECTED = 2

_MEDIA_CONNECTED = {MEDIA_CONNECT_STATE_CONNECTED: True, MEDIA_CONNECT_STATE_DISCONNECTED: False}

MAX_ADAPTER_ADDRESS_LENGTH = 8
MAX_DHCPV6_DUID_LENGTH = 130
IF_MAX_STRING_SIZE = 256
IF_MAX_PHYS_ADDRESS_LENGTH = 32

_INITIAL_BUFFER_SIZE = 15_000
"""Microsoft's advice for GetAdaptersAddresses: start at 15 KB, it fits most machines at once."""
_MAX_BUFFER_TRIES = 5
"""Adapters may appear between two calls; a few retries, then give up rather than loop forever."""
_MAX_LIST_LENGTH = 100_000
"""No real list is this long: past it the memory is not what we think it is."""

InterfaceState = tuple[bool, bool | None]
"""(hardware interface, media connected or None when unknown) for one interface index."""


# --- Structures (ws2def.h, iptypes.h, ifdef.h, netioapi.h) ---------------------------------------


class GUID(ctypes.Structure):
    _fields_ = [
        ("Data1", ULONG),
        ("Data2", USHORT),
        ("Data3", USHORT),
        ("Data4", UCHAR * 8),
    ]


class SOCKADDR(ctypes.Structure):
    _fields_ = [("sa_family", USHORT), ("sa_data", ctypes.c_char * 14)]


class SOCKADDR_IN(ctypes.Structure):
    _fields_ = [
        ("sin_family", USHORT),
        ("sin_port", USHORT),
        ("sin_addr", UCHAR * 4),
        ("sin_zero", ctypes.c_char * 8),
    ]


class SOCKADDR_IN6(ctypes.Structure):
    _fields_ = [
        ("sin6_family", USHORT),
        ("sin6_port", USHORT),
        ("sin6_flowinfo", ULONG),
        ("sin6_addr", UCHAR * 16),
        ("sin6_scope_id", ULONG),
    ]


class SOCKET_ADDRESS(ctypes.Structure):
    _fields_ = [("lpSockaddr", ctypes.POINTER(SOCKADDR)), ("iSockaddrLength", INT)]


class _LengthFlags(ctypes.Structure):
    _fields_ = [("Length", ULONG), ("Flags", ULONG)]


class _LengthFlagsHeader(ctypes.Union):
    """`union { ULONGLONG Alignment; struct { ULONG Length; DWORD Flags; }; }`."""

    _anonymous_ = ("_s",)
    _fields_ = [("Alignment", ctypes.c_uint64), ("_s", _LengthFlags)]


class _LengthReserved(ctypes.Structure):
    _fields_ = [("Length", ULONG), ("Reserved", ULONG)]


class _LengthReservedHeader(ctypes.Union):
    _anonymous_ = ("_s",)
    _fields_ = [("Alignment", ctypes.c_uint64), ("_s", _LengthReserved)]


class _LengthIfIndex(ctypes.Structure):
    _fields_ = [("Length", ULONG), ("IfIndex", ULONG)]


class _LengthIfIndexHeader(ctypes.Union):
    _anonymous_ = ("_s",)
    _fields_ = [("Alignment", ctypes.c_uint64), ("_s", _LengthIfIndex)]


class IP_ADAPTER_UNICAST_ADDRESS_LH(ctypes.Structure):
    pass


IP_ADAPTER_UNICAST_ADDRESS_LH._anonymous_ = ("_header",)
IP_ADAPTER_UNICAST_ADDRESS_LH._fields_ = [
    ("_header", _LengthFlagsHeader),
    ("Next", ctypes.POINTER(IP_ADAPTER_UNICAST_ADDRESS_LH)),
    ("Address", SOCKET_ADDRESS),
    ("PrefixOrigin", INT),
    ("SuffixOrigin", INT),
    ("DadState", INT),
    ("ValidLifetime", ULONG),
    ("PreferredLifetime", ULONG),
    ("LeaseLifetime", ULONG),
    ("OnLinkPrefixLength", UCHAR),
]


class IP_ADAPTER_DNS_SERVER_ADDRESS_XP(ctypes.Structure):
    pass


IP_ADAPTER_DNS_SERVER_ADDRESS_XP._anonymous_ = ("_header",)
IP_ADAPTER_DNS_SERVER_ADDRESS_XP._fields_ = [
    ("_header", _LengthReservedHeader),
    ("Next", ctypes.POINTER(IP_ADAPTER_DNS_SERVER_ADDRESS_XP)),
    ("Address", SOCKET_ADDRESS),
]


class IP_ADAPTER_GATEWAY_ADDRESS_LH(ctypes.Structure):
    pass


IP_ADAPTER_GATEWAY_ADDRESS_LH._anonymous_ = ("_header",)
IP_ADAPTER_GATEWAY_ADDRESS_LH._fields_ = [
    ("_header", _LengthReservedHeader),
    ("Next", ctypes.POINTER(IP_ADAPTER_GATEWAY_ADDRESS_LH)),
    ("Address", SOCKET_ADDRESS),
]


class IP_ADAPTER_ADDRESSES_LH(ctypes.Structure):
    """One adapter of the list GetAdaptersAddresses writes (Vista SP1 and later layout)."""


IP_ADAPTER_ADDRESSES_LH._anonymous_ = ("_header",)
IP_ADAPTER_ADDRESSES_LH._fields_ = [
    ("_header", _LengthIfIndexHeader),
    ("Next", ctypes.POINTER(IP_ADAPTER_ADDRESSES_LH)),
    ("AdapterName", ctypes.c_char_p),
    ("FirstUnicastAddress", ctypes.POINTER(IP_ADAPTER_UNICAST_ADDRESS_LH)),
    ("FirstAnycastAddress", ctypes.c_void_p),
    ("FirstMulticastAddress", ctypes.c_void_p),
    ("FirstDnsServerAddress", ctypes.POINTER(IP_ADAPTER_DNS_SERVER_ADDRESS_XP)),
    ("DnsSuffix", ctypes.c_wchar_p),
    ("Description", ctypes.c_wchar_p),
    ("FriendlyName", ctypes.c_wchar_p),
    ("PhysicalAddress", UCHAR * MAX_ADAPTER_ADDRESS_LENGTH),
    ("PhysicalAddressLength", ULONG),
    ("Flags", ULONG),
    ("Mtu", ULONG),
    ("IfType", ULONG),
    ("OperStatus", INT),
    ("Ipv6IfIndex", ULONG),
    ("ZoneIndices", ULONG * 16),
    ("FirstPrefix", ctypes.c_void_p),
    ("TransmitLinkSpeed", ULONG64),
    ("ReceiveLinkSpeed", ULONG64),
    ("FirstWinsServerAddress", ctypes.c_void_p),
    ("FirstGatewayAddress", ctypes.POINTER(IP_ADAPTER_GATEWAY_ADDRESS_LH)),
    ("Ipv4Metric", ULONG),
    ("Ipv6Metric", ULONG),
    ("Luid", ULONG64),  # IF_LUID: a union of ULONG64 and bit fields, 8 bytes.
    ("Dhcpv4Server", SOCKET_ADDRESS),
    ("CompartmentId", ULONG),
    ("NetworkGuid", GUID),
    ("ConnectionType", INT),
    ("TunnelType", INT),
    ("Dhcpv6Server", SOCKET_ADDRESS),
    ("Dhcpv6ClientDuid", UCHAR * MAX_DHCPV6_DUID_LENGTH),
    ("Dhcpv6ClientDuidLength", ULONG),
    ("Dhcpv6Iaid", ULONG),
    ("FirstDnsSuffix", ctypes.c_void_p),
]


class InterfaceAndOperStatusFlags(ctypes.Structure):
    """The BOOLEAN bit fields of MIB_IF_ROW2, one byte, least significant bit first (MSVC)."""

    _fields_ = [
        ("HardwareInterface", UCHAR, 1),
        ("FilterInterface", UCHAR, 1),
        ("ConnectorPresent", UCHAR, 1),
        ("NotAuthenticated", UCHAR, 1),
        ("NotMediaConnected", UCHAR, 1),
        ("Paused", UCHAR, 1),
        ("LowPower", UCHAR, 1),
        ("EndPointInterface", UCHAR, 1),
    ]


class MIB_IF_ROW2(ctypes.Structure):
    """One interface of the table GetIfTable2 allocates."""

    _fields_ = [
        ("InterfaceLuid", ULONG64),
        ("InterfaceIndex", ULONG),
        ("InterfaceGuid", GUID),
        ("Alias", ctypes.c_uint16 * (IF_MAX_STRING_SIZE + 1)),  # WCHAR: 2 bytes on Windows
        ("Description", ctypes.c_uint16 * (IF_MAX_STRING_SIZE + 1)),
        ("PhysicalAddressLength", ULONG),
        ("PhysicalAddress", UCHAR * IF_MAX_PHYS_ADDRESS_LENGTH),
        ("PermanentPhysicalAddress", UCHAR * IF_MAX_PHYS_ADDRESS_LENGTH),
        ("Mtu", ULONG),
        ("Type", ULONG),
        ("TunnelType", INT),
        ("MediaType", INT),
        ("PhysicalMediumType", INT),
        ("AccessType", INT),
        ("DirectionType", INT),
        ("InterfaceAndOperStatusFlags", InterfaceAndOperStatusFlags),
        ("OperStatus", INT),
        ("AdminStatus", INT),
        ("MediaConnectState", INT),
        ("NetworkGuid", GUID),
        ("ConnectionType", INT),
        ("TransmitLinkSpeed", ULONG64),
        ("ReceiveLinkSpeed", ULONG64),
        ("InOctets", ULONG64),
        ("InUcastPkts", ULONG64),
        ("InNUcastPkts", ULONG64),
        ("InDiscards", ULONG64),
        ("InErrors", ULONG64),
        ("InUnknownProtos", ULONG64),
        ("InUcastOctets", ULONG64),
        ("InMulticastOctets", ULONG64),
        ("InBroadcastOctets", ULONG64),
        ("OutOctets", ULONG64),
        ("OutUcastPkts", ULONG64),
        ("OutNUcastPkts", ULONG64),
        ("OutDiscards", ULONG64),
        ("OutErrors", ULONG64),
        ("OutUcastOctets", ULONG64),
        ("OutMulticastOctets", ULONG64),
        ("OutBroadcastOctets", ULONG64),
        ("OutQLen", ULONG64),
    ]


class MIB_IF_TABLE2(ctypes.Structure):
    """`ULONG NumEntries; MIB_IF_ROW2 Table[ANY_SIZE];`: the rows go on past the declared one."""

    _fields_ = [("NumEntries", ULONG), ("Table", MIB_IF_ROW2 * 1)]


class SOCKADDR_INET(ctypes.Union):
    _fields_ = [("Ipv4", SOCKADDR_IN), ("Ipv6", SOCKADDR_IN6), ("si_family", USHORT)]


class IP_ADDRESS_PREFIX(ctypes.Structure):
    _fields_ = [("Prefix", SOCKADDR_INET), ("PrefixLength", UCHAR)]


class MIB_IPFORWARD_ROW2(ctypes.Structure):
    """One route of the table GetIpForwardTable2 allocates."""

    _fields_ = [
        ("InterfaceLuid", ULONG64),
        ("InterfaceIndex", ULONG),
        ("DestinationPrefix", IP_ADDRESS_PREFIX),
        ("NextHop", SOCKADDR_INET),
        ("SitePrefixLength", UCHAR),
        ("ValidLifetime", ULONG),
        ("PreferredLifetime", ULONG),
        ("Metric", ULONG),
        ("Protocol", INT),
        ("Loopback", UCHAR),
        ("AutoconfigureAddress", UCHAR),
        ("Publish", UCHAR),
        ("Immortal", UCHAR),
        ("Age", ULONG),
        ("Origin", INT),
    ]


class MIB_IPFORWARD_TABLE2(ctypes.Structure):
    """`ULONG NumEntries; MIB_IPFORWARD_ROW2 Table[ANY_SIZE];`."""

    _fields_ = [("NumEntries", ULONG), ("Table", MIB_IPFORWARD_ROW2 * 1)]


# --- Pure conversion: structures in memory -> AdapterInfo ----------------------------------------


def _walk(first: Any) -> Iterator[Any]:
    """Follow `Next` pointers; refuse a list that loops, which only corrupt memory would make."""
    node = first
    seen: set[int] = set()
    while node:
        item = node.contents
        address = ctypes.addressof(item)
        if address in seen or len(seen) >= _MAX_LIST_LENGTH:
            raise OSError(f"malformed {type(item).__name__} list: it loops or never ends")
        seen.add(address)
        yield item
        node = item.Next


def _sockaddr_text(sockaddr: SOCKET_ADDRESS) -> tuple[int, str] | None:
    """(Windows address family, text) of a SOCKET_ADDRESS; None for empty or other families."""
    pointer = sockaddr.lpSockaddr
    if not pointer:
        return None
    family = pointer.contents.sa_family
    length = sockaddr.iSockaddrLength
    if family == AF_INET and length >= ctypes.sizeof(SOCKADDR_IN):
        sin = ctypes.cast(pointer, ctypes.POINTER(SOCKADDR_IN)).contents
        return AF_INET, str(ipaddress.IPv4Address(bytes(sin.sin_addr)))
    if family == AF_INET6 and length >= ctypes.sizeof(SOCKADDR_IN6):
        sin6 = ctypes.cast(pointer, ctypes.POINTER(SOCKADDR_IN6)).contents
        return AF_INET6, socket.inet_ntop(socket.AF_INET6, bytes(sin6.sin6_addr))
    return None


# Windows lists these site-local resolvers (fec0:0:0:ffff::1, ::2, ::3) on any adapter that has
# no DNS server of its own: placeholders from a withdrawn RFC draft, never a real server.
_PLACEHOLDER_DNS = ipaddress.IPv6Network("fec0::/10")


def _dns_server_text(sockaddr: SOCKET_ADDRESS) -> str | None:
    """A DNS server as a probe can use it: link-local IPv6 keeps its zone (`fe80::1%12`), since
    without it the address names no interface; Windows' placeholders are left out."""
    found = _sockaddr_text(sockaddr)
    if found is None:
        return None
    family, text = found
    if family != AF_INET6:
        return text
    ip = ipaddress.IPv6Address(text)
    if ip in _PLACEHOLDER_DNS:
        return None
    if ip.is_link_local:
        scope = ctypes.cast(sockaddr.lpSockaddr, ctypes.POINTER(SOCKADDR_IN6)).contents
        if scope.sin6_scope_id:
            return f"{text}%{scope.sin6_scope_id}"
    return text


VPN_DESCRIPTIONS = (
    "vpn",
    "tap-windows",
    "tap-win32",
    "wintun",
    "wireguard",
    "openvpn",
    "anyconnect",
    "globalprotect",
    "pangp",
    "fortinet",
    "zscaler",
)
"""Words in the description of VPN clients' virtual adapters that call themselves Ethernet
(IfType 6): OpenVPN's TAP-Windows, Cisco AnyConnect, Palo Alto GlobalProtect (PANGP),
FortiClient, Zscaler… Read only for an adapter that is not hardware."""


def _kind(if_type: int, hardware: bool | None, description: str = "") -> AdapterKind:
    """IANA ifType, corrected by GetIfTable2: Hyper-V, VPN TAP and VirtualBox adapters call
    themselves Ethernet, and Wi-Fi Direct adapters call themselves 802.11, but are not hardware.

    Tunnels (131: Teredo, IP-HTTPS, 6to4), PPP links (23: dial-up and the built-in VPN client's
    PPTP, L2TP, SSTP, IKEv2 connections) and proprietary virtual interfaces (53: Wintun, which
    WireGuard and most recent VPN clients use) are VPN or tunnel adapters: never the station's
    cable, and a sign of a VPN when one holds the default route.
    """
    if if_type in (IF_TYPE_ETHERNET_CSMACD, IF_TYPE_IEEE80211) and hardware is False:
        named = description.casefold()
        if any(word in named for word in VPN_DESCRIPTIONS):
            return AdapterKind.TUNNEL
        return AdapterKind.VIRTUAL
    if if_type == IF_TYPE_ETHERNET_CSMACD:
        return AdapterKind.WIRED
    if if_type == IF_TYPE_IEEE80211:
        return AdapterKind.WIRELESS
    if if_type == IF_TYPE_SOFTWARE_LOOPBACK:
        return AdapterKind.LOOPBACK
    if if_type in (IF_TYPE_TUNNEL, IF_TYPE_PROP_VIRTUAL, IF_TYPE_PPP):
        return AdapterKind.TUNNEL
    return AdapterKind.OTHER


def _link_up(oper_status: int, media_connected: bool | None) -> bool | None:
    """OperStatus, refined by the media state: a known unplugged cable wins over everything, and
    a plugged one settles the statuses that say nothing about the link (dormant, unknown...).
    """
    if oper_status == IF_OPER_STATUS_UP:
        up: bool | None = True
    elif oper_status in (IF_OPER_STATUS_DOWN, IF_OPER_STATUS_LOWER_LAYER_DOWN):
        up = False
    else:
        up = None
    if media_connected is False:
        return False
    if up is None and media_connected is True:
        return True
    return up


def _mac(adapter: IP_ADAPTER_ADDRESSES_LH) -> str | None:
    """`AA-BB-CC-DD-EE-FF`, as ipconfig prints it, so users can compare with what they see."""
    length = min(adapter.PhysicalAddressLength, MAX_ADAPTER_ADDRESS_LENGTH)
    if length == 0:
        return None
    return "-".join(f"{byte:02X}" for byte in bytes(adapter.PhysicalAddress)[:length])


def _default_route_metric(
    adapter: IP_ADAPTER_ADDRESSES_LH,
    index: int | None,
    gateways: list[str],
    route_metrics: Mapping[int, int] | None,
) -> int | None:
    """The metric Windows ranks this adapter's IPv4 default route by: the route's own metric
    plus the interface's (automatic, or set by hand in the adapter's settings). Without the
    route table, the interface metric alone, for an adapter with a gateway."""
    if route_metrics is None:
        return adapter.Ipv4Metric if gateways else None
    route = route_metrics.get(index) if index else None
    return None if route is None else route + adapter.Ipv4Metric


def _adapter_info(
    adapter: IP_ADAPTER_ADDRESSES_LH,
    interfaces: Mapping[int, InterfaceState],
    links: Mapping[int, LinkHealth],
    route_metrics: Mapping[int, int] | None = None,
) -> AdapterInfo:
    # IfIndex is 0 when IPv4 is disabled on the interface; the index is shared with IPv6.
    index = adapter.IfIndex or adapter.Ipv6IfIndex or None
    state = interfaces.get(index) if index else None
    hardware = state[0] if state is not None else None
    media_connected = state[1] if state is not None else None

    ipv4: list[IPv4Address] = []
    ipv6: list[str] = []
    for unicast in _walk(adapter.FirstUnicastAddress):
        found = _sockaddr_text(unicast.Address)
        if found is None:
            continue
        family, text = found
        if family == AF_INET:
            prefix = unicast.OnLinkPrefixLength
            if prefix > 32:
                raise OSError(f"implausible IPv4 prefix length {prefix} for {text}")
            ipv4.append(IPv4Address(text, prefix))
        else:
            ipv6.append(text)

    gateways: list[str] = []
    for gateway in _walk(adapter.FirstGatewayAddress):
        found = _sockaddr_text(gateway.Address)
        if found is not None and found[0] == AF_INET:
            gateways.append(found[1])

    dns_servers: list[str] = []
    for server in _walk(adapter.FirstDnsServerAddress):
        server_text = _dns_server_text(server.Address)
        if server_text is not None:
            dns_servers.append(server_text)

    raw_name = adapter.AdapterName
    name = raw_name.decode("ascii", errors="replace") if raw_name else ""
    return AdapterInfo(
        name=name,
        friendly_name=adapter.FriendlyName or name,
        description=adapter.Description or "",
        kind=_kind(adapter.IfType, hardware, adapter.Description or ""),
        link_up=_link_up(adapter.OperStatus, media_connected),
        mac=_mac(adapter),
        ipv4=tuple(ipv4),
        ipv6=tuple(ipv6),
        gateways=tuple(gateways),
        dns_servers=tuple(dns_servers),
        dhcp=bool(adapter.Flags & IP_ADAPTER_DHCP_ENABLED),
        default_route_metric=_default_route_metric(adapter, index, gateways, route_metrics),
        index=index,
        link=links.get(index) if index else None,
    )


def adapters_from_addresses(
    first: ctypes._Pointer[IP_ADAPTER_ADDRESSES_LH] | None,
    interfaces: Mapping[int, InterfaceState],
    links: Mapping[int, LinkHealth] | None = None,
    route_metrics: Mapping[int, int] | None = None,
) -> list[AdapterInfo]:
    """Every adapter of a GetAdaptersAddresses list, in the list's order (Windows' binding order).

    `interfaces` maps an interface index to `(hardware, media_connected)` from GetIfTable2; an
    index missing from it is taken at face value (its IfType and OperStatus alone). `links`
    maps an index to its speed and error counters, also from GetIfTable2. `route_metrics`
    maps an index to its lowest IPv4 default route metric, from GetIpForwardTable2.
    """
    return [
        _adapter_info(adapter, interfaces, links or {}, route_metrics) for adapter in _walk(first)
    ]


def default_route_metrics(table: ctypes._Pointer[MIB_IPFORWARD_TABLE2]) -> dict[int, int]:
    """`{InterfaceIndex: lowest metric of its IPv4 default routes (0.0.0.0/0)}` from a
    MIB_IPFORWARD_TABLE2 in memory."""
    count = table.contents.NumEntries
    rows_address = ctypes.addressof(table.contents) + MIB_IPFORWARD_TABLE2.Table.offset
    rows = (MIB_IPFORWARD_ROW2 * count).from_address(rows_address)
    metrics: dict[int, int] = {}
    for row in rows:
        prefix = row.DestinationPrefix
        if prefix.PrefixLength != 0 or prefix.Prefix.si_family != AF_INET:
            continue
        index = row.InterfaceIndex
        metrics[index] = min(metrics.get(index, row.Metric), row.Metric)
    return metrics


def interfaces_from_table(table: ctypes._Pointer[MIB_IF_TABLE2]) -> dict[int, InterfaceState]:
    """`{InterfaceIndex: (hardware, media_connected)}` from a MIB_IF_TABLE2 in memory."""
    count = table.contents.NumEntries
    rows_address = ctypes.addressof(table.contents) + MIB_IF_TABLE2.Table.offset
    rows = (MIB_IF_ROW2 * count).from_address(rows_address)
    states: dict[int, InterfaceState] = {}
    for row in rows:
        hardware = bool(row.InterfaceAndOperStatusFlags.HardwareInterface)
        states[row.InterfaceIndex] = (hardware, _MEDIA_CONNECTED.get(row.MediaConnectState))
    return states


_UNKNOWN_SPEED = 2**63
"""Link speeds at or past this are Windows' "unknown" (-1 as an unsigned 64-bit number)."""


def _speed_mbps(row: MIB_IF_ROW2) -> int | None:
    """The slower of the two directions, in Mb/s (Windows gives bits per second); None when
    the interface does not say (0, or the all-ones "unknown")."""
    speeds = [
        speed
        for speed in (row.ReceiveLinkSpeed, row.TransmitLinkSpeed)
        if 0 < speed < _UNKNOWN_SPEED
    ]
    return min(speeds) // 1_000_000 if speeds else None


def links_from_table(table: ctypes._Pointer[MIB_IF_TABLE2]) -> dict[int, LinkHealth]:
    """`{InterfaceIndex: LinkHealth}` from a MIB_IF_TABLE2: speed and InErrors / OutErrors.
    Windows does not report the duplex here, so it stays unknown."""
    count = table.contents.NumEntries
    rows_address = ctypes.addressof(table.contents) + MIB_IF_TABLE2.Table.offset
    rows = (MIB_IF_ROW2 * count).from_address(rows_address)
    return {
        row.InterfaceIndex: LinkHealth(
            speed_mbps=_speed_mbps(row), rx_errors=row.InErrors, tx_errors=row.OutErrors
        )
        for row in rows
    }


# --- Calling Windows -----------------------------------------------------------------------------


def _windows_error(code: int, function: str) -> OSError:
    """OSError carrying the Windows error code, like ctypes.WinError, on every platform."""
    if sys.platform == "win32":
        text = ctypes.FormatError(code).strip()
    else:
        text = f"Windows error {code}"
    error = OSError(None, f"{function} failed: {text}", None, code)
    if getattr(error, "winerror", None) != code:  # OSError takes winerror on Windows only
        error.winerror = code  # type: ignore[attr-defined]
    return error


@functools.cache
def _iphlpapi() -> Any:
    """Our own handle on iphlpapi.dll, so our argtypes never clash with another module's."""
    if sys.platform != "win32":
        raise OSError("the IP Helper API exists only on Windows")
    lib = ctypes.WinDLL("iphlpapi")
    lib.GetAdaptersAddresses.argtypes = [
        ULONG,
        ULONG,
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.POINTER(ULONG),
    ]
    lib.GetAdaptersAddresses.restype = ULONG
    lib.GetIfTable2.argtypes = [ctypes.POINTER(ctypes.POINTER(MIB_IF_TABLE2))]
    lib.GetIfTable2.restype = ULONG
    lib.GetIpForwardTable2.argtypes = [USHORT, ctypes.POINTER(ctypes.POINTER(MIB_IPFORWARD_TABLE2))]
    lib.GetIpForwardTable2.restype = ULONG
    lib.FreeMibTable.argtypes = [ctypes.c_void_p]
    lib.FreeMibTable.restype = None
    return lib


def _interface_states(lib: Any) -> tuple[dict[int, InterfaceState], dict[int, LinkHealth]]:
    table = ctypes.POINTER(MIB_IF_TABLE2)()
    code = lib.GetIfTable2(ctypes.pointer(table))
    if code != ERROR_SUCCESS:
        raise _windows_error(code, "GetIfTable2")
    try:
        return interfaces_from_table(table), links_from_table(table)
    finally:
        lib.FreeMibTable(table)


def _route_metrics(lib: Any) -> dict[int, int]:
    table = ctypes.POINTER(MIB_IPFORWARD_TABLE2)()
    code = lib.GetIpForwardTable2(AF_INET, ctypes.pointer(table))
    if code != ERROR_SUCCESS:
        raise _windows_error(code, "GetIpForwardTable2")
    try:
        return default_route_metrics(table)
    finally:
        lib.FreeMibTable(table)


def _adapter_addresses(lib: Any) -> ctypes.Array[ctypes.c_char] | None:
    """The buffer GetAdaptersAddresses filled, None when the machine has no adapter at all.

    The list's pointers point into this buffer, so it must outlive the walk over the list.
    """
    size = ULONG(_INITIAL_BUFFER_SIZE)
    for _ in range(_MAX_BUFFER_TRIES):
        buffer = ctypes.create_string_buffer(max(size.value, 1))
        code = lib.GetAdaptersAddresses(AF_UNSPEC, GAA_FLAGS, None, buffer, ctypes.pointer(size))
        if code == ERROR_SUCCESS:
            return buffer
        if code == ERROR_NO_DATA:
            return None
        if code != ERROR_BUFFER_OVERFLOW:
            raise _windows_error(code, "GetAdaptersAddresses")
        # size now holds what Windows needs; adapters may still appear before the next call.
    raise _windows_error(ERROR_BUFFER_OVERFLOW, "GetAdaptersAddresses")


def list_adapters() -> list[AdapterInfo]:
    """Every network adapter Windows knows, in its binding order. Raises OSError on failure."""
    lib = _iphlpapi()
    interfaces, links = _interface_states(lib)
    route_metrics = _route_metrics(lib)
    buffer = _adapter_addresses(lib)
    if buffer is None:
        return []
    first = ctypes.cast(buffer, ctypes.POINTER(IP_ADAPTER_ADDRESSES_LH))
    return adapters_from_addresses(first, interfaces, links, route_metrics)
