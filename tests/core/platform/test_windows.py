"""The Windows adapter reader, exercised on any OS with synthetic IP Helper structures in memory.

The lists are built the way GetAdaptersAddresses lays them out (nodes linked by `Next`, addresses
behind SOCKET_ADDRESS pointers, Windows address family numbers), so the conversion that runs on a
technician's laptop is the one tested here.
"""

from __future__ import annotations

import ctypes
import ipaddress
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from app.core.checks.adapter import pick_adapter
from app.core.platform import windows as win
from app.core.platform.base import AdapterInfo, AdapterKind, IPv4Address, LinkHealth

IS_64_BIT = ctypes.sizeof(ctypes.c_void_p) == 8
only_64_bit = pytest.mark.skipif(not IS_64_BIT, reason="sizes and offsets known for x64 only")

DHCP = win.IP_ADAPTER_DHCP_ENABLED
IPV4_ENABLED = 0x80  # IP_ADAPTER_IPV4_ENABLED: set on real adapters, must not read as DHCP
IPV6_ENABLED = 0x100


@dataclass
class Adapter:
    """What one synthetic IP_ADAPTER_ADDRESSES_LH node holds."""

    if_index: int
    name: str
    friendly_name: str
    description: str
    if_type: int
    oper_status: int = 1
    mac: bytes = b""
    flags: int = IPV4_ENABLED | IPV6_ENABLED
    ipv4_metric: int = 25
    unicast: Sequence[tuple[str, int]] = ()
    gateways: Sequence[str] = ()
    dns: Sequence[str] = ()
    ipv6_if_index: int | None = None
    extra_sockaddrs: Sequence[Any] = field(default_factory=tuple)


class Memory:
    """Builds linked IP Helper structures and keeps every piece alive while the test runs."""

    def __init__(self) -> None:
        self.keep: list[Any] = []

    def socket_address(self, text: str) -> win.SOCKET_ADDRESS:
        ip = ipaddress.ip_address(text)
        sockaddr: ctypes.Structure
        if ip.version == 4:
            sockaddr = win.SOCKADDR_IN(sin_family=win.AF_INET)
            sockaddr.sin_addr[:] = list(ip.packed)
        else:
            sockaddr = win.SOCKADDR_IN6(sin6_family=win.AF_INET6)
            sockaddr.sin6_addr[:] = list(ip.packed)
            if ip.is_link_local:
                sockaddr.sin6_scope_id = 12
        return self.raw_socket_address(sockaddr)

    def raw_socket_address(self, sockaddr: ctypes.Structure) -> win.SOCKET_ADDRESS:
        self.keep.append(sockaddr)
        pointer = ctypes.cast(ctypes.pointer(sockaddr), ctypes.POINTER(win.SOCKADDR))
        return win.SOCKET_ADDRESS(lpSockaddr=pointer, iSockaddrLength=ctypes.sizeof(sockaddr))

    def chain(self, structure: type[ctypes.Structure], nodes: Sequence[ctypes.Structure]) -> Any:
        """Link the nodes through `Next`; a pointer to the first, NULL when there is none."""
        self.keep.extend(nodes)
        for node, following in zip(nodes, nodes[1:], strict=False):
            node.Next = ctypes.pointer(following)
        return ctypes.pointer(nodes[0]) if nodes else ctypes.POINTER(structure)()

    def unicast_list(self, entries: Sequence[tuple[str, int]], extra: Sequence[Any]) -> Any:
        nodes = []
        for text, prefix in entries:
            node = win.IP_ADAPTER_UNICAST_ADDRESS_LH(
                Address=self.socket_address(text), OnLinkPrefixLength=prefix
            )
            node.Length = ctypes.sizeof(win.IP_ADAPTER_UNICAST_ADDRESS_LH)
            nodes.append(node)
        for sockaddr in extra:
            nodes.append(win.IP_ADAPTER_UNICAST_ADDRESS_LH(Address=sockaddr))
        return self.chain(win.IP_ADAPTER_UNICAST_ADDRESS_LH, nodes)

    def address_list(self, structure: type[ctypes.Structure], texts: Sequence[str]) -> Any:
        nodes = [structure(Address=self.socket_address(text)) for text in texts]
        for node in nodes:
            node.Length = ctypes.sizeof(structure)
        return self.chain(structure, nodes)

    def adapter(self, spec: Adapter) -> win.IP_ADAPTER_ADDRESSES_LH:
        node = win.IP_ADAPTER_ADDRESSES_LH()
        node.Length = ctypes.sizeof(win.IP_ADAPTER_ADDRESSES_LH)
        node.IfIndex = spec.if_index
        node.Ipv6IfIndex = spec.if_index if spec.ipv6_if_index is None else spec.ipv6_if_index
        node.AdapterName = spec.name.encode("ascii")
        node.FriendlyName = spec.friendly_name
        node.Description = spec.description
        node.DnsSuffix = ""
        node.PhysicalAddress[: len(spec.mac)] = list(spec.mac)
        node.PhysicalAddressLength = len(spec.mac)
        node.Flags = spec.flags
        node.Mtu = 1500
        node.IfType = spec.if_type
        node.OperStatus = spec.oper_status
        node.Ipv4Metric = spec.ipv4_metric
        node.Ipv6Metric = spec.ipv4_metric
        node.FirstUnicastAddress = self.unicast_list(spec.unicast, spec.extra_sockaddrs)
        node.FirstGatewayAddress = self.address_list(
            win.IP_ADAPTER_GATEWAY_ADDRESS_LH, spec.gateways
        )
        node.FirstDnsServerAddress = self.address_list(
            win.IP_ADAPTER_DNS_SERVER_ADDRESS_XP, spec.dns
        )
        return node

    def adapters(self, specs: Sequence[Adapter]) -> Any:
        return self.chain(win.IP_ADAPTER_ADDRESSES_LH, [self.adapter(spec) for spec in specs])

    def if_table(self, rows: Sequence[tuple[int, bool, int]]) -> Any:
        """A MIB_IF_TABLE2 of (index, hardware, MediaConnectState) rows, laid out as Windows does:
        the rows continue past the one-element array the structure declares.
        """
        size = win.MIB_IF_TABLE2.Table.offset + len(rows) * ctypes.sizeof(win.MIB_IF_ROW2)
        buffer = ctypes.create_string_buffer(max(size, ctypes.sizeof(win.MIB_IF_TABLE2)))
        self.keep.append(buffer)
        table = win.MIB_IF_TABLE2.from_buffer(buffer)
        table.NumEntries = len(rows)
        first_row = ctypes.addressof(buffer) + win.MIB_IF_TABLE2.Table.offset
        for position, (index, hardware, media) in enumerate(rows):
            row = win.MIB_IF_ROW2.from_address(
                first_row + position * ctypes.sizeof(win.MIB_IF_ROW2)
            )
            row.InterfaceIndex = index
            row.InterfaceAndOperStatusFlags.HardwareInterface = hardware
            # Neighbouring bits set on purpose: only HardwareInterface may count.
            row.InterfaceAndOperStatusFlags.FilterInterface = not hardware
            row.InterfaceAndOperStatusFlags.ConnectorPresent = True
            row.MediaConnectState = media
        return ctypes.pointer(table)

    def route_table(self, rows: Sequence[tuple[int, str, int]]) -> Any:
        """A MIB_IPFORWARD_TABLE2 of (interface index, destination prefix, route metric)."""
        size = win.MIB_IPFORWARD_TABLE2.Table.offset + len(rows) * ctypes.sizeof(
            win.MIB_IPFORWARD_ROW2
        )
        buffer = ctypes.create_string_buffer(max(size, ctypes.sizeof(win.MIB_IPFORWARD_TABLE2)))
        self.keep.append(buffer)
        table = win.MIB_IPFORWARD_TABLE2.from_buffer(buffer)
        table.NumEntries = len(rows)
        first_row = ctypes.addressof(buffer) + win.MIB_IPFORWARD_TABLE2.Table.offset
        for position, (index, destination, metric) in enumerate(rows):
            row = win.MIB_IPFORWARD_ROW2.from_address(
                first_row + position * ctypes.sizeof(win.MIB_IPFORWARD_ROW2)
            )
            network = ipaddress.ip_network(destination)
            row.InterfaceIndex = index
            row.DestinationPrefix.PrefixLength = network.prefixlen
            if network.version == 4:
                row.DestinationPrefix.Prefix.Ipv4.sin_family = win.AF_INET
                row.DestinationPrefix.Prefix.Ipv4.sin_addr[:] = list(network.network_address.packed)
            else:
                row.DestinationPrefix.Prefix.Ipv6.sin6_family = win.AF_INET6
            row.Metric = metric
        return ctypes.pointer(table)


# --- A technician's laptop: every kind of adapter a site visit meets -----------------------------

ETHERNET = Adapter(
    if_index=12,
    name="{3F5A1C2E-8B7D-4E21-9A0B-6C4D2E1F0A11}",
    friendly_name="Ethernet",
    description="Intel(R) Ethernet Connection (7) I219-LM",
    if_type=6,
    mac=bytes.fromhex("00e04c68129a"),
    flags=DHCP | IPV4_ENABLED | IPV6_ENABLED,
    ipv4_metric=25,
    unicast=[("fe80::1c2d:3e4f:5a6b:7c8d", 64), ("172.16.98.88", 23)],
    gateways=["172.16.98.1"],
    dns=["172.16.0.10", "172.16.0.11"],
)
WIFI = Adapter(
    if_index=18,
    name="{A1B2C3D4-0000-4000-8000-00000000BEEF}",
    friendly_name="Wi-Fi",
    description="Intel(R) Wi-Fi 6 AX201 160MHz",
    if_type=71,
    mac=bytes.fromhex("a4c3f0112233"),
    flags=DHCP | IPV4_ENABLED | IPV6_ENABLED,
    ipv4_metric=20,
    unicast=[("192.168.1.34", 24), ("2a01:cb00:1234:5600::17", 128)],
    gateways=["fe80::1", "192.168.1.1"],
    dns=["192.168.1.1", "2001:4860:4860::8888"],
)
UNPLUGGED = Adapter(
    if_index=7,
    name="{0B1C2D3E-4F50-4617-8899-AABBCCDDEEFF}",
    friendly_name="Ethernet 2",
    description="Realtek USB GbE Family Controller",
    if_type=6,
    oper_status=7,  # IfOperStatusLowerLayerDown: ipconfig's "Media disconnected"
    mac=bytes.fromhex("00e04c360001"),
    flags=DHCP | IPV4_ENABLED | IPV6_ENABLED,
    unicast=[("fe80::a0b:c0d:e0f:1011", 64)],
    dns=["fec0:0:0:ffff::1"],
)
HYPER_V = Adapter(
    if_index=31,
    name="{C0FFEE00-1234-4ABC-8DEF-0123456789AB}",
    friendly_name="vEthernet (Default Switch)",
    description="Hyper-V Virtual Ethernet Adapter",
    if_type=6,
    mac=bytes.fromhex("00155d01ab02"),
    flags=IPV4_ENABLED | IPV6_ENABLED,
    ipv4_metric=5000,
    unicast=[("172.29.160.1", 20)],
)
LOOPBACK = Adapter(
    if_index=1,
    name="{6A1F2B3C-0D4E-11EE-BE56-0242AC120002}",
    friendly_name="Loopback Pseudo-Interface 1",
    description="Software Loopback Interface 1",
    if_type=24,
    ipv4_metric=75,
    unicast=[("::1", 128), ("127.0.0.1", 8)],
)
APIPA = Adapter(
    if_index=22,
    name="{DEADBEEF-0000-4000-8000-000000000022}",
    friendly_name="Ethernet 3",
    description="ASIX AX88179 USB 3.0 to Gigabit Ethernet Adapter",
    if_type=6,
    mac=bytes.fromhex("000ec6aabbcc"),
    flags=DHCP | IPV4_ENABLED | IPV6_ENABLED,
    unicast=[("fe80::2", 64), ("169.254.23.7", 16)],
    dns=["fec0:0:0:ffff::1", "fec0:0:0:ffff::2"],
)

LAPTOP = [ETHERNET, WIFI, UNPLUGGED, HYPER_V, LOOPBACK, APIPA]
LAPTOP_INTERFACES: dict[int, tuple[bool, bool | None]] = {
    12: (True, True),
    18: (True, True),
    7: (True, False),
    31: (False, True),
    1: (False, True),
    22: (True, True),
}

EXPECTED = [
    AdapterInfo(
        name="{3F5A1C2E-8B7D-4E21-9A0B-6C4D2E1F0A11}",
        friendly_name="Ethernet",
        description="Intel(R) Ethernet Connection (7) I219-LM",
        kind=AdapterKind.WIRED,
        link_up=True,
        mac="00-E0-4C-68-12-9A",
        ipv4=(IPv4Address("172.16.98.88", 23),),
        ipv6=("fe80::1c2d:3e4f:5a6b:7c8d",),
        gateways=("172.16.98.1",),
        dns_servers=("172.16.0.10", "172.16.0.11"),
        dhcp=True,
        default_route_metric=25,
        index=12,
    ),
    AdapterInfo(
        name="{A1B2C3D4-0000-4000-8000-00000000BEEF}",
        friendly_name="Wi-Fi",
        description="Intel(R) Wi-Fi 6 AX201 160MHz",
        kind=AdapterKind.WIRELESS,
        link_up=True,
        mac="A4-C3-F0-11-22-33",
        ipv4=(IPv4Address("192.168.1.34", 24),),
        ipv6=("2a01:cb00:1234:5600::17",),
        gateways=("192.168.1.1",),
        dns_servers=("192.168.1.1", "2001:4860:4860::8888"),
        dhcp=True,
        default_route_metric=20,
        index=18,
    ),
    AdapterInfo(
        name="{0B1C2D3E-4F50-4617-8899-AABBCCDDEEFF}",
        friendly_name="Ethernet 2",
        description="Realtek USB GbE Family Controller",
        kind=AdapterKind.WIRED,
        link_up=False,
        mac="00-E0-4C-36-00-01",
        ipv4=(),
        ipv6=("fe80::a0b:c0d:e0f:1011",),
        gateways=(),
        dns_servers=(),  # Windows' site-local placeholder is no server
        dhcp=True,
        default_route_metric=None,
        index=7,
    ),
    AdapterInfo(
        name="{C0FFEE00-1234-4ABC-8DEF-0123456789AB}",
        friendly_name="vEthernet (Default Switch)",
        description="Hyper-V Virtual Ethernet Adapter",
        kind=AdapterKind.VIRTUAL,
        link_up=True,
        mac="00-15-5D-01-AB-02",
        ipv4=(IPv4Address("172.29.160.1", 20),),
        ipv6=(),
        gateways=(),
        dns_servers=(),
        dhcp=False,
        default_route_metric=None,
        index=31,
    ),
    AdapterInfo(
        name="{6A1F2B3C-0D4E-11EE-BE56-0242AC120002}",
        friendly_name="Loopback Pseudo-Interface 1",
        description="Software Loopback Interface 1",
        kind=AdapterKind.LOOPBACK,
        link_up=True,
        mac=None,
        ipv4=(IPv4Address("127.0.0.1", 8),),
        ipv6=("::1",),
        gateways=(),
        dns_servers=(),
        dhcp=False,
        default_route_metric=None,
        index=1,
    ),
    AdapterInfo(
        name="{DEADBEEF-0000-4000-8000-000000000022}",
        friendly_name="Ethernet 3",
        description="ASIX AX88179 USB 3.0 to Gigabit Ethernet Adapter",
        kind=AdapterKind.WIRED,
        link_up=True,
        mac="00-0E-C6-AA-BB-CC",
        ipv4=(IPv4Address("169.254.23.7", 16),),
        ipv6=("fe80::2",),
        gateways=(),
        dns_servers=(),
        dhcp=True,
        default_route_metric=None,
        index=22,
    ),
]


def convert(specs: Sequence[Adapter], interfaces: dict[int, tuple[bool, bool | None]]) -> Any:
    memory = Memory()
    return win.adapters_from_addresses(memory.adapters(specs), interfaces)


def one(spec: Adapter, interface: tuple[bool, bool | None] | None = None) -> AdapterInfo:
    interfaces = {} if interface is None else {spec.if_index: interface}
    (adapter,) = convert([spec], interfaces)
    return adapter


def test_laptop_adapters_every_field() -> None:
    adapters = convert(LAPTOP, LAPTOP_INTERFACES)

    assert adapters == EXPECTED  # dataclass equality: every field, in Windows' order


def test_laptop_adapters_as_the_diagnosis_reads_them() -> None:
    ethernet, wifi, unplugged, hyper_v, loopback, apipa = convert(LAPTOP, LAPTOP_INTERFACES)

    assert ethernet.usable_ipv4() == IPv4Address("172.16.98.88", 23)
    assert ethernet.usable_ipv4().netmask == "255.255.254.0"
    assert wifi.default_route_metric < ethernet.default_route_metric  # Wi-Fi wins the route
    assert ethernet.matches("ethernet") and ethernet.matches(ETHERNET.name.lower())
    assert unplugged.link_up is False and unplugged.ipv4 == ()
    assert hyper_v.kind is AdapterKind.VIRTUAL
    assert loopback.mac is None
    assert apipa.ipv4[0].self_assigned and apipa.usable_ipv4() == apipa.ipv4[0]
    assert apipa.as_dict()["ipv4"] == [
        {"address": "169.254.23.7", "prefix": 16, "netmask": "255.255.0.0"}
    ]


def test_dns_placeholders_are_dropped_and_link_local_servers_keep_their_zone() -> None:
    spec = Adapter(
        if_index=12,
        name="{X}",
        friendly_name="Ethernet",
        description="x",
        if_type=6,
        unicast=[("172.16.98.88", 23)],
        gateways=["172.16.98.1"],
        dns=[
            "fec0:0:0:ffff::1",
            "fe80::1",
            "172.16.0.10",
            "fec0:0:0:ffff::3",
            "2001:db8::53",
            "febf::1",
        ],
    )

    # fe80::1 names no server without its interface: Memory gives it scope 12, as Windows does.
    assert one(spec).dns_servers == ("fe80::1%12", "172.16.0.10", "2001:db8::53", "febf::1%12")


def test_a_link_local_dns_server_without_a_zone_stays_as_it_is() -> None:
    memory = Memory()
    node = memory.adapter(
        Adapter(if_index=5, name="{X}", friendly_name="x", description="x", if_type=6)
    )
    sockaddr = win.SOCKADDR_IN6(sin6_family=win.AF_INET6)
    sockaddr.sin6_addr[:] = list(ipaddress.ip_address("fe80::53").packed)
    server = win.IP_ADAPTER_DNS_SERVER_ADDRESS_XP(Address=memory.raw_socket_address(sockaddr))
    node.FirstDnsServerAddress = memory.chain(win.IP_ADAPTER_DNS_SERVER_ADDRESS_XP, [server])
    (adapter,) = win.adapters_from_addresses(ctypes.pointer(node), {})

    assert adapter.dns_servers == ("fe80::53",)


def test_empty_list_gives_no_adapter() -> None:
    assert win.adapters_from_addresses(ctypes.POINTER(win.IP_ADAPTER_ADDRESSES_LH)(), {}) == []
    assert win.adapters_from_addresses(None, {}) == []


@pytest.mark.parametrize(
    ("if_type", "interface", "kind"),
    [
        (6, (True, True), AdapterKind.WIRED),
        (6, None, AdapterKind.WIRED),  # GetIfTable2 does not know it: take IfType at face value
        (6, (False, True), AdapterKind.VIRTUAL),  # Hyper-V, TAP, VirtualBox host-only
        (71, (True, True), AdapterKind.WIRELESS),
        (71, (False, False), AdapterKind.VIRTUAL),  # Wi-Fi Direct virtual adapter
        (24, (False, True), AdapterKind.LOOPBACK),
        (131, (False, True), AdapterKind.TUNNEL),
        (53, (False, True), AdapterKind.TUNNEL),
        (23, (False, True), AdapterKind.TUNNEL),
        (243, (True, True), AdapterKind.OTHER),  # mobile broadband
        (1, None, AdapterKind.OTHER),
    ],
)
def test_kind(if_type: int, interface: tuple[bool, bool | None] | None, kind: AdapterKind) -> None:
    spec = Adapter(if_index=9, name="{X}", friendly_name="x", description="x", if_type=if_type)

    assert one(spec, interface).kind is kind


@pytest.mark.parametrize(
    ("oper_status", "media", "link_up"),
    [
        (1, None, True),
        (1, True, True),
        (1, False, False),  # the media state knows better
        (2, None, False),
        (2, True, False),
        (7, None, False),
        (7, False, False),
        (3, None, None),  # testing
        (4, None, None),  # unknown
        (5, None, None),  # dormant
        (5, True, True),  # dormant, e.g. waiting for 802.1X, but the cable is there
        (5, False, False),
        (6, None, None),  # notPresent
    ],
)
def test_link_up(oper_status: int, media: bool | None, link_up: bool | None) -> None:
    spec = Adapter(
        if_index=9,
        name="{X}",
        friendly_name="x",
        description="x",
        if_type=6,
        oper_status=oper_status,
    )

    assert one(spec, (True, media)).link_up is link_up


def test_index_falls_back_to_ipv6_when_ipv4_is_disabled() -> None:
    spec = Adapter(
        if_index=0,
        ipv6_if_index=14,
        name="{X}",
        friendly_name="Ethernet 4",
        description="x",
        if_type=6,
        flags=IPV6_ENABLED,
    )

    adapter = one(spec, None)
    assert adapter.index == 14

    (virtual,) = convert([spec], {14: (False, True)})
    assert virtual.kind is AdapterKind.VIRTUAL


def test_no_index_at_all() -> None:
    spec = Adapter(
        if_index=0, ipv6_if_index=0, name="{X}", friendly_name="x", description="x", if_type=6
    )

    assert one(spec, None).index is None


def test_missing_names_and_long_hardware_addresses() -> None:
    memory = Memory()
    node = memory.adapter(
        Adapter(if_index=3, name="{TEREDO}", friendly_name="", description="", if_type=131)
    )
    node.FriendlyName = None
    node.Description = None
    # Tunnel adapters report 8-byte hardware addresses; ipconfig prints all 8.
    node.PhysicalAddress[:] = [0, 0, 0, 0, 0, 0, 0, 0xE0]
    node.PhysicalAddressLength = 8
    (adapter,) = win.adapters_from_addresses(ctypes.pointer(node), {})

    assert adapter.friendly_name == "{TEREDO}"
    assert adapter.description == ""
    assert adapter.mac == "00-00-00-00-00-00-00-E0"

    node.AdapterName = None
    node.FriendlyName = "Teredo"
    node.PhysicalAddressLength = 200  # never read past the 8-byte array
    (adapter,) = win.adapters_from_addresses(ctypes.pointer(node), {})
    assert adapter.name == ""
    assert adapter.friendly_name == "Teredo"
    assert adapter.mac == "00-00-00-00-00-00-00-E0"


def test_unusable_socket_addresses_are_skipped() -> None:
    memory = Memory()
    truncated = memory.raw_socket_address(win.SOCKADDR_IN(sin_family=win.AF_INET))
    truncated.iSockaddrLength = 8
    linux_af_inet6 = memory.raw_socket_address(win.SOCKADDR_IN6(sin6_family=10))
    spec = Adapter(
        if_index=5,
        name="{X}",
        friendly_name="x",
        description="x",
        if_type=6,
        unicast=[("10.20.30.40", 8)],
        extra_sockaddrs=[truncated, linux_af_inet6, win.SOCKET_ADDRESS()],
    )
    node = memory.adapter(spec)
    (adapter,) = win.adapters_from_addresses(ctypes.pointer(node), {})

    assert adapter.ipv4 == (IPv4Address("10.20.30.40", 8),)
    assert adapter.ipv6 == ()


def test_implausible_prefix_is_refused_not_returned() -> None:
    spec = Adapter(
        if_index=5,
        name="{X}",
        friendly_name="x",
        description="x",
        if_type=6,
        unicast=[("10.20.30.40", 40)],
    )

    with pytest.raises(OSError, match="prefix"):
        one(spec)


def test_a_list_that_loops_is_refused() -> None:
    memory = Memory()
    first = memory.adapters([ETHERNET, WIFI])
    first.contents.Next.contents.Next = first  # Wi-Fi -> Ethernet -> Wi-Fi ...

    with pytest.raises(OSError, match="loops"):
        win.adapters_from_addresses(first, LAPTOP_INTERFACES)


def test_interface_table() -> None:
    memory = Memory()
    table = memory.if_table(
        [
            (12, True, win.MEDIA_CONNECT_STATE_CONNECTED),
            (7, True, win.MEDIA_CONNECT_STATE_DISCONNECTED),
            (31, False, win.MEDIA_CONNECT_STATE_CONNECTED),
            (40, False, 0),  # MediaConnectStateUnknown
        ]
    )

    assert win.interfaces_from_table(table) == {
        12: (True, True),
        7: (True, False),
        31: (False, True),
        40: (False, None),
    }
    assert win.interfaces_from_table(memory.if_table([])) == {}


def row_at(table: Any, position: int) -> Any:
    first_row = ctypes.addressof(table.contents) + win.MIB_IF_TABLE2.Table.offset
    return win.MIB_IF_ROW2.from_address(first_row + position * ctypes.sizeof(win.MIB_IF_ROW2))


def test_link_speed_and_errors_from_the_interface_table() -> None:
    memory = Memory()
    table = memory.if_table([(12, True, 1), (7, True, 1), (31, False, 1), (40, True, 2)])
    # (ReceiveLinkSpeed, TransmitLinkSpeed) in bits per second, InErrors, OutErrors.
    links = {
        0: (1_000_000_000, 1_000_000_000, 3, 1),
        1: (100_000_000, 10_000_000, 0, 0),  # the slower direction is the link's speed
        2: (2**64 - 1, 2**64 - 1, 0, 0),  # Windows' "unknown"
        3: (0, 0, 0, 0),  # unplugged
    }
    for position, (rx, tx, in_errors, out_errors) in links.items():
        row = row_at(table, position)
        row.ReceiveLinkSpeed, row.TransmitLinkSpeed = rx, tx
        row.InErrors, row.OutErrors = in_errors, out_errors
        row.InDiscards = row.OutDiscards = 99  # neighbouring counters: never read as errors

    assert win.links_from_table(table) == {
        12: LinkHealth(speed_mbps=1000, rx_errors=3, tx_errors=1),
        7: LinkHealth(speed_mbps=10, rx_errors=0, tx_errors=0),
        31: LinkHealth(speed_mbps=None, rx_errors=0, tx_errors=0),
        40: LinkHealth(speed_mbps=None, rx_errors=0, tx_errors=0),
    }
    adapters = win.adapters_from_addresses(
        memory.adapters([ETHERNET]), LAPTOP_INTERFACES, win.links_from_table(table)
    )
    assert adapters[0].link == LinkHealth(speed_mbps=1000, rx_errors=3, tx_errors=1)
    assert adapters[0].as_dict()["link"] == {
        "speed_mbps": 1000,
        "duplex": None,
        "rx_errors": 3,
        "tx_errors": 1,
    }


def test_flag_bits_follow_msvc_order() -> None:
    """HardwareInterface is the lowest bit of the byte, as the Windows SDK compiler lays it out."""
    flags = win.InterfaceAndOperStatusFlags()
    flags.HardwareInterface = 1
    assert bytes(flags) == b"\x01"
    flags = win.InterfaceAndOperStatusFlags()
    flags.EndPointInterface = 1
    assert bytes(flags) == b"\x80"
    assert ctypes.sizeof(win.InterfaceAndOperStatusFlags) == 1


# --- Layout: the numbers the Windows SDK gives on x64 ---------------------------------------------


@only_64_bit
@pytest.mark.parametrize(
    ("structure", "size"),
    [
        (win.IP_ADAPTER_ADDRESSES_LH, 448),
        (win.MIB_IF_ROW2, 1352),
        (win.IP_ADAPTER_UNICAST_ADDRESS_LH, 64),
        (win.IP_ADAPTER_GATEWAY_ADDRESS_LH, 32),
        (win.IP_ADAPTER_DNS_SERVER_ADDRESS_XP, 32),
        (win.SOCKET_ADDRESS, 16),
        (win.SOCKADDR_IN, 16),
        (win.SOCKADDR_IN6, 28),
        (win.SOCKADDR_INET, 28),
        (win.IP_ADDRESS_PREFIX, 32),
        (win.MIB_IPFORWARD_ROW2, 104),
        (win.GUID, 16),
    ],
)
def test_structure_sizes_on_x64(structure: type[ctypes.Structure], size: int) -> None:
    assert ctypes.sizeof(structure) == size


@only_64_bit
def test_adapter_addresses_offsets_on_x64() -> None:
    expected = {
        "IfIndex": 4,
        "Next": 8,
        "AdapterName": 16,
        "FirstUnicastAddress": 24,
        "FirstDnsServerAddress": 48,
        "Description": 64,
        "FriendlyName": 72,
        "PhysicalAddress": 80,
        "PhysicalAddressLength": 88,
        "Flags": 92,
        "IfType": 100,
        "OperStatus": 104,
        "Ipv6IfIndex": 108,
        "ZoneIndices": 112,
        "FirstPrefix": 176,
        "TransmitLinkSpeed": 184,
        "FirstGatewayAddress": 208,
        "Ipv4Metric": 216,
        "Luid": 224,
        "Dhcpv4Server": 232,
        "CompartmentId": 248,
        "NetworkGuid": 252,
        "ConnectionType": 268,
        "TunnelType": 272,
        "Dhcpv6Server": 280,
        "Dhcpv6ClientDuid": 296,
        "Dhcpv6ClientDuidLength": 428,
        "Dhcpv6Iaid": 432,
        "FirstDnsSuffix": 440,
    }

    actual = {name: getattr(win.IP_ADAPTER_ADDRESSES_LH, name).offset for name in expected}
    assert actual == expected
    assert win.IP_ADAPTER_UNICAST_ADDRESS_LH.Address.offset == 16
    assert win.IP_ADAPTER_UNICAST_ADDRESS_LH.OnLinkPrefixLength.offset == 56
    assert win.IP_ADAPTER_GATEWAY_ADDRESS_LH.Address.offset == 16
    assert win.IP_ADAPTER_DNS_SERVER_ADDRESS_XP.Address.offset == 16


@only_64_bit
def test_if_row_offsets_on_x64() -> None:
    expected = {
        "InterfaceIndex": 8,
        "InterfaceGuid": 12,
        "Alias": 28,
        "Description": 542,
        "PhysicalAddressLength": 1056,
        "Type": 1128,
        "InterfaceAndOperStatusFlags": 1152,
        "OperStatus": 1156,
        "AdminStatus": 1160,
        "MediaConnectState": 1164,
        "NetworkGuid": 1168,
        "ConnectionType": 1184,
        "TransmitLinkSpeed": 1192,
        "InOctets": 1208,
        "OutQLen": 1344,
    }

    actual = {name: getattr(win.MIB_IF_ROW2, name).offset for name in expected}
    assert actual == expected
    assert win.MIB_IF_TABLE2.Table.offset == 8


# --- list_adapters against a stand-in for iphlpapi.dll --------------------------------------------


class FakeIpHelper:
    """Answers like iphlpapi.dll: first ERROR_BUFFER_OVERFLOW with the size it needs, then the
    list; GetIfTable2 hands out a table that FreeMibTable must get back.
    """

    def __init__(self, memory: Memory, specs: Sequence[Adapter], rows: Sequence[Any]) -> None:
        self.first = memory.adapters(specs)
        self.table = memory.if_table(rows)
        # A default route of metric 0 on each adapter with a gateway: the interface metric
        # alone ranks them, as in EXPECTED.
        self.routes = memory.route_table(
            [(spec.if_index, "0.0.0.0/0", 0) for spec in specs if spec.gateways]
        )
        self.route_families: list[int] = []
        self.needed = ctypes.sizeof(win.IP_ADAPTER_ADDRESSES_LH) * max(len(specs), 1) + 20_000
        self.addresses_code: int | None = None
        self.table_code = win.ERROR_SUCCESS
        self.sizes_offered: list[int] = []
        self.calls: list[tuple[int, int]] = []
        self.freed: list[int] = []

    def GetAdaptersAddresses(  # noqa: N802 - the DLL's name
        self, family: int, flags: int, reserved: Any, buffer: Any, size: Any
    ) -> int:
        self.calls.append((family, flags))
        self.sizes_offered.append(size.contents.value)
        if self.addresses_code is not None:
            return self.addresses_code
        if size.contents.value < self.needed:
            size.contents.value = self.needed
            return win.ERROR_BUFFER_OVERFLOW
        # Copy the head node into the caller's buffer; the rest of the list stays where the
        # test built it, as the head's Next pointer says.
        ctypes.memmove(buffer, self.first, ctypes.sizeof(win.IP_ADAPTER_ADDRESSES_LH))
        return win.ERROR_SUCCESS

    def GetIfTable2(self, table_pointer: Any) -> int:  # noqa: N802
        if self.table_code != win.ERROR_SUCCESS:
            return self.table_code
        table_pointer[0] = self.table
        return win.ERROR_SUCCESS

    def GetIpForwardTable2(self, family: int, table_pointer: Any) -> int:  # noqa: N802
        self.route_families.append(family)
        table_pointer[0] = self.routes
        return win.ERROR_SUCCESS

    def FreeMibTable(self, table: Any) -> None:  # noqa: N802
        self.freed.append(ctypes.addressof(table.contents))


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeIpHelper:
    memory = Memory()
    rows = [
        (index, hardware, 2 if media is False else 1)
        for index, (hardware, media) in LAPTOP_INTERFACES.items()
    ]
    helper = FakeIpHelper(memory, LAPTOP, rows)
    helper.memory = memory  # type: ignore[attr-defined]  # keep the structures alive
    monkeypatch.setattr(win, "_iphlpapi", lambda: helper)
    return helper


def test_list_adapters_grows_the_buffer_and_frees_the_table(fake: FakeIpHelper) -> None:
    adapters = win.list_adapters()

    # Every interface of the table has its counters (zero here) and no speed it can give.
    counted = [a.index in LAPTOP_INTERFACES for a in EXPECTED]
    assert [a.link for a in adapters] == [
        LinkHealth(rx_errors=0, tx_errors=0) if known else None for known in counted
    ]
    assert [replace(a, link=None) for a in adapters] == EXPECTED
    assert fake.sizes_offered == [15_000, fake.needed]
    assert all(call == (win.AF_UNSPEC, win.GAA_FLAGS) for call in fake.calls)
    assert win.GAA_FLAGS & win.GAA_FLAG_INCLUDE_GATEWAYS
    assert fake.route_families == [win.AF_INET]
    assert fake.freed == [
        ctypes.addressof(fake.table.contents),
        ctypes.addressof(fake.routes.contents),
    ]


def test_list_adapters_without_any_adapter(fake: FakeIpHelper) -> None:
    fake.addresses_code = win.ERROR_NO_DATA

    assert win.list_adapters() == []
    assert len(fake.freed) == 2  # the interface table and the route table


def test_list_adapters_raises_the_windows_error(fake: FakeIpHelper) -> None:
    fake.addresses_code = 87  # ERROR_INVALID_PARAMETER

    with pytest.raises(OSError, match="GetAdaptersAddresses") as caught:
        win.list_adapters()
    assert caught.value.winerror == 87  # type: ignore[attr-defined]
    assert len(fake.freed) == 2


def test_list_adapters_gives_up_when_the_list_keeps_growing(fake: FakeIpHelper) -> None:
    original = fake.GetAdaptersAddresses

    def always_more(family: int, flags: int, reserved: Any, buffer: Any, size: Any) -> int:
        fake.needed = size.contents.value + 1_000
        return original(family, flags, reserved, buffer, size)

    fake.GetAdaptersAddresses = always_more  # type: ignore[method-assign]

    with pytest.raises(OSError) as caught:
        win.list_adapters()
    assert caught.value.winerror == win.ERROR_BUFFER_OVERFLOW  # type: ignore[attr-defined]
    assert len(fake.sizes_offered) == 5


def test_list_adapters_raises_when_the_interface_table_fails(fake: FakeIpHelper) -> None:
    fake.table_code = 8  # ERROR_NOT_ENOUGH_MEMORY

    with pytest.raises(OSError, match="GetIfTable2") as caught:
        win.list_adapters()
    assert caught.value.winerror == 8  # type: ignore[attr-defined]
    assert fake.freed == []
    assert fake.calls == []


def test_the_table_is_freed_even_when_reading_it_fails(
    fake: FakeIpHelper, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(table: Any) -> dict[int, tuple[bool, bool | None]]:
        raise OSError("boom")

    monkeypatch.setattr(win, "interfaces_from_table", broken)

    with pytest.raises(OSError, match="boom"):
        win.list_adapters()
    assert len(fake.freed) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="checks the behaviour off Windows")
def test_off_windows_the_api_is_refused_not_crashed() -> None:
    win._iphlpapi.cache_clear()

    with pytest.raises(OSError, match="only on Windows"):
        win.list_adapters()


def test_inet_ntop_is_what_formats_ipv6() -> None:
    """Guard the test data: the expected strings are inet_ntop's compressed form."""
    packed = ipaddress.IPv6Address("fe80::1c2d:3e4f:5a6b:7c8d").packed
    assert socket.inet_ntop(socket.AF_INET6, packed) == "fe80::1c2d:3e4f:5a6b:7c8d"


# --- Which adapter holds the default route: what Wine cannot show (it reports every metric 0) --


def test_default_route_metrics_from_the_route_table() -> None:
    table = Memory().route_table(
        [
            (12, "0.0.0.0/0", 256),
            (12, "0.0.0.0/0", 10),  # two default routes: the lower one is the one used
            (12, "172.16.98.0/23", 0),  # on-link network, not a default route
            (18, "0.0.0.0/0", 0),
            (31, "::/0", 0),  # IPv6 default route: not what the IPv4 probes use
        ]
    )
    assert win.default_route_metrics(table) == {12: 10, 18: 0}


@only_64_bit
def test_route_row_offsets_on_x64() -> None:
    row = win.MIB_IPFORWARD_ROW2
    offsets = {name: getattr(row, name).offset for name in ("InterfaceIndex", "NextHop", "Metric")}
    assert offsets == {"InterfaceIndex": 8, "NextHop": 44, "Metric": 84}
    assert win.MIB_IPFORWARD_TABLE2.Table.offset == 8


def test_windows_ranks_default_routes_by_route_plus_interface_metric() -> None:
    """Ethernet's interface metric is the lower (25 against 50), but its route's metric (256,
    set by hand or by a VPN client) makes its default route 281: Wi-Fi's, at 50, is the one
    Windows uses, so the probes would leave through Wi-Fi."""
    from app.core.checks.adapter import route_holder

    memory = Memory()
    wifi = replace(WIFI, ipv4_metric=50)
    first = memory.adapters([ETHERNET, wifi])
    ranked = win.adapters_from_addresses(first, {}, route_metrics={12: 256, 18: 0})
    assert [a.default_route_metric for a in ranked] == [281, 50]
    assert route_holder(ranked, ranked[0]) == ranked[1]
    # By interface metrics alone the wrong adapter would seem to hold it.
    alone = win.adapters_from_addresses(first, {})
    assert [a.default_route_metric for a in alone] == [25, 50]
    assert route_holder(alone, alone[0]) is None


def test_an_adapter_without_a_default_route_holds_none() -> None:
    """A gateway in the adapter's settings but no default route in the table (removed by a
    VPN client, or "use default gateway on remote network"): it holds no default route."""
    first = Memory().adapters([ETHERNET, WIFI])
    ranked = win.adapters_from_addresses(first, {}, route_metrics={18: 0})
    assert [a.default_route_metric for a in ranked] == [None, 20]


@pytest.mark.skipif(sys.platform != "win32", reason="calls Windows' own IP Helper API")
def test_the_real_ip_helper_api_answers() -> None:
    """The three calls against the real DLL (Wine's iphlpapi in the Wine lane, in a namespace
    with one adapter and a default route; a runner's on real Windows)."""
    adapters = win.list_adapters()
    assert any(a.ipv4 and a.gateways for a in adapters), adapters
    routed = [a for a in adapters if a.default_route_metric is not None]
    assert routed and all(a.index for a in routed), adapters


def test_a_virtual_machines_adapter_is_tested_when_no_adapter_is_wired() -> None:
    """Windows in a virtual machine, or a Hyper-V external switch over the real port: the
    adapter with the address and the gateway is not hardware. A VPN client's Wintun adapter
    (IfType 53) beside it, holding a default route too, is never taken for the cable."""
    switch = Adapter(
        if_index=21,
        name="{HYPERV}",
        friendly_name="vEthernet (External)",
        description="Hyper-V Virtual Ethernet Adapter",
        if_type=6,
        unicast=[("172.16.98.88", 23)],
        gateways=["172.16.98.1"],
    )
    wintun = Adapter(
        if_index=22,
        name="{WG}",
        friendly_name="wg-office",
        description="WireGuard Tunnel",
        if_type=53,
        unicast=[("192.0.2.7", 32)],
        gateways=["0.0.0.0"],
    )
    adapters = convert([switch, wintun], {21: (False, True), 22: (False, True)})
    assert [a.kind for a in adapters] == [AdapterKind.VIRTUAL, AdapterKind.TUNNEL]
    assert pick_adapter(adapters, None) == adapters[0]
    assert pick_adapter(adapters[1:], None) is None


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("TAP-Windows Adapter V9", AdapterKind.TUNNEL),  # OpenVPN
        ("Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter", AdapterKind.TUNNEL),
        ("PANGP Virtual Ethernet Adapter", AdapterKind.TUNNEL),  # GlobalProtect
        ("Fortinet Virtual Ethernet Adapter (NDIS 6.30)", AdapterKind.TUNNEL),
        ("Hyper-V Virtual Ethernet Adapter", AdapterKind.VIRTUAL),
        ("VirtualBox Host-Only Ethernet Adapter", AdapterKind.VIRTUAL),
    ],
)
def test_vpn_clients_that_call_themselves_ethernet(description: str, kind: AdapterKind) -> None:
    spec = Adapter(if_index=9, name="{X}", friendly_name="x", description=description, if_type=6)
    assert one(spec, (False, True)).kind is kind
    # A real port is never taken for a VPN by its name.
    assert one(spec, (True, True)).kind is AdapterKind.WIRED
