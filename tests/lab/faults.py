"""Site faults made with real tools, each a context manager that undoes itself.

Every fault leaves the lab as it found it, also when the test inside fails: undoing ends by
polling the laptop's view of the site until it is healthy again, so a fault that did not come
undone fails its own scenario instead of the next one.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from helpers import INSPECTION_ORG, inspection_ca

from .netns import LabError, Namespace
from .network import (
    ANSWER_ALL_PORT,
    BIG_CHAIN_PORT,
    ENDPOINT,
    GATEWAY,
    HEALTHY_ZONE,
    INSPECTION_PORT,
    LAN_PREFIX,
    LAPTOP_ADDRESS,
    LAPTOP_IF,
    SERVFAIL_UPSTREAM,
    STATION_TCP_PORTS,
    Lab,
)

NTP_PORT = 123
LINK_TIMEOUT = 5.0
_tables = itertools.count(1)
PortFault = Callable[..., contextlib.AbstractContextManager[None]]
"""drop, reject_with_reset, reject_with_icmp: `fault(lab, *ports, proto=...)`."""


@contextlib.contextmanager
def undone(lab: Lab, undo: Callable[[], None]) -> Iterator[None]:
    """Run `undo` after the block, whatever happens, then wait for a healthy site.

    When the block raised, its exception is the one that propagates (a lab that does not come
    back only adds a note to it), and after Ctrl-C the lab is not waited for at all.
    """
    try:
        yield
    except BaseException as exc:
        try:
            undo()
            if isinstance(exc, Exception):
                lab.wait_until_healthy()
        except Exception as cleanup:
            exc.add_note(f"and undoing the fault failed: {cleanup}")
        raise
    undo()
    lab.wait_until_healthy()


def wait_for(predicate: Callable[[], bool], what: str, timeout: float = LINK_TIMEOUT) -> None:
    """Poll `predicate` (each poll runs `ip`, which paces the loop) until true or too late."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise LabError(f"timed out waiting for {what}")


# -- nftables in the site router --------------------------------------------------------------


@contextlib.contextmanager
def firewall(lab: Lab, *rules: str, hook: str = "forward") -> Iterator[None]:
    """nftables `rules` in a table of their own on the router's `hook` (forward: traffic the
    site sends to the Internet; input: traffic to the router itself, e.g. its DNS)."""
    table = f"lab_fault_{next(_tables)}"
    body = "\n        ".join(rules)
    lab.router.nft(f"""
table inet {table} {{
    chain filter {{
        type filter hook {hook} priority 0; policy accept;
        {body}
    }}
}}
""")
    with undone(lab, lambda: lab.router.exec("nft", "delete", "table", "inet", table)):
        yield


def _ports(ports: tuple[int, ...]) -> str:
    return "{ " + ", ".join(str(p) for p in ports) + " }"


def drop(lab: Lab, *ports: int, proto: str = "tcp") -> contextlib.AbstractContextManager[None]:
    """The firewall drops the site's packets to these ports: the laptop hears nothing."""
    return firewall(lab, f"{proto} dport {_ports(ports)} drop")


def drop_from(lab: Lab, router_if: str, *ports: int) -> contextlib.AbstractContextManager[None]:
    """The firewall drops these TCP ports only for what comes in on `router_if`: one of the
    laptop's two paths to the Internet (lan0, the wired one; lan1, the second adapter's)."""
    return firewall(lab, f'iifname "{router_if}" tcp dport {_ports(ports)} drop')


def drop_to(lab: Lab, address: str, *ports: int) -> contextlib.AbstractContextManager[None]:
    """The firewall lets these TCP ports through to the endpoint's other addresses, and drops
    them to `address`: a rule written for the address nslookup showed one day."""
    return firewall(lab, f"ip daddr {address} tcp dport {_ports(ports)} drop")


def reject_with_reset(lab: Lab, *ports: int) -> contextlib.AbstractContextManager[None]:
    """The firewall answers a SYN to these TCP ports with a reset: "refused"."""
    return firewall(lab, f"tcp dport {_ports(ports)} reject with tcp reset")


def reject_with_icmp(
    lab: Lab, *ports: int, proto: str = "tcp"
) -> contextlib.AbstractContextManager[None]:
    """The firewall answers with ICMP administratively prohibited: "unreachable"."""
    return firewall(lab, f"{proto} dport {_ports(ports)} reject with icmpx type admin-prohibited")


def drop_every_station_port(lab: Lab) -> contextlib.AbstractContextManager[None]:
    """Nothing the station needs gets out: TCP 443, 52007, 52017 and UDP 123 dropped."""
    return firewall(
        lab, f"tcp dport {_ports(STATION_TCP_PORTS)} drop", f"udp dport {NTP_PORT} drop"
    )


@contextlib.contextmanager
def default_deny(lab: Lab) -> Iterator[None]:
    """The site's router as many sites run it: the conventional `inet filter` table whose
    `forward` chain drops what it does not allow; replies and DNS (the site's own) get through,
    nothing else the station needs."""
    lab.router.nft("""
table inet filter {
    chain forward {
        type filter hook forward priority 0; policy drop;
        ct state established,related accept
        udp dport 53 accept
        tcp dport 53 accept
    }
}
""")
    with undone(lab, lambda: lab.router.exec("nft", "delete", "table", "inet", "filter")):
        yield


def dns_not_answering(lab: Lab) -> contextlib.AbstractContextManager[None]:
    """The site's DNS server gets the queries and never answers (UDP and TCP 53 dropped)."""
    return firewall(lab, "udp dport 53 drop", "tcp dport 53 drop", hook="input")


# -- the laptop's adapter -----------------------------------------------------------------------


def _carrier(host: Namespace, interface: str) -> bool:
    flags = host.ip("-o", "link", "show", interface).stdout
    return "LOWER_UP" in flags and "NO-CARRIER" not in flags


@contextlib.contextmanager
def cable_unplugged(lab: Lab) -> Iterator[None]:
    """The router's end of the cable goes down, so the laptop's adapter loses its carrier."""
    lab.router.ip("link", "set", "lan0", "down")
    wait_for(lambda: not _carrier(lab.laptop, LAPTOP_IF), "the laptop to lose its carrier")

    def plug() -> None:
        lab.router.ip("link", "set", "lan0", "up")
        wait_for(lambda: _carrier(lab.laptop, LAPTOP_IF), "the laptop's carrier")

    with undone(lab, plug):
        yield


def _readdress(lab: Lab, address: str) -> None:
    lab.laptop.ip("addr", "flush", "dev", LAPTOP_IF)
    lab.laptop.ip("addr", "add", address, "dev", LAPTOP_IF)


@contextlib.contextmanager
def dhcp_failed(lab: Lab) -> Iterator[None]:
    """No DHCP answer: the adapter holds only its self-assigned 169.254 address, no route."""
    _readdress(lab, "169.254.77.10/16")

    def restore() -> None:
        _readdress(lab, f"{LAPTOP_ADDRESS}/{LAN_PREFIX}")
        lab.restore_default_route()

    with undone(lab, restore):
        yield


@contextlib.contextmanager
def no_default_route(lab: Lab) -> Iterator[None]:
    """A static address with no gateway: the site can be reached, the Internet cannot."""
    lab.laptop.ip("route", "del", "default")
    with undone(lab, lab.restore_default_route):
        yield


@contextlib.contextmanager
def second_adapter(lab: Lab, metric: int = 50) -> Iterator[str]:
    """Another adapter (say the laptop's Wi-Fi) with a default route of lower metric."""
    name = "lab1"
    lab.laptop.ip(
        "link", "add", name, "type", "veth", "peer", "name", "lan1", "netns", lab.router.name
    )
    lab.laptop.ip("addr", "add", "198.51.100.130/25", "dev", name)
    lab.router.ip("addr", "add", "198.51.100.129/25", "dev", "lan1")
    lab.router.ip("link", "set", "lan1", "up")
    lab.laptop.ip("link", "set", name, "up")
    wait_for(lambda: _carrier(lab.laptop, name), f"{name}'s carrier")
    lab.laptop.ip(
        "route", "add", "default", "via", "198.51.100.129", "dev", name, "metric", str(metric)
    )
    with undone(lab, lambda: lab.laptop.ip("link", "del", name)):
        yield name


_HOLD_TUN = """
import fcntl, os, struct, sys, time
fd = os.open("/dev/net/tun", os.O_RDWR)
fcntl.ioctl(fd, 0x400454CA, struct.pack("16sH", sys.argv[1].encode(), 0x0001 | 0x1000))
print("ready", flush=True)
time.sleep(3600)
"""


@contextlib.contextmanager
def laptop_vpn(lab: Lab, name: str = "vpn0") -> Iterator[str]:
    """A VPN client's tunnel on the laptop: a TUN device held open by a process (what a VPN
    client is), up, with an address and the default route at a lower metric than the wired
    adapter's. Nothing reads the tunnel: what would go through it goes nowhere."""
    holder = lab.spawn(lab.laptop, "vpn", [sys.executable, "-c", _HOLD_TUN, name])
    lab.laptop.ip("addr", "add", "192.0.2.7/32", "dev", name)
    lab.laptop.ip("link", "set", name, "up")
    wait_for(lambda: _carrier(lab.laptop, name), f"{name}'s carrier")
    lab.laptop.ip("route", "add", "default", "dev", name, "metric", "5")

    with undone(lab, lambda: lab.stop(holder)):
        yield name


# -- the site's DNS server ----------------------------------------------------------------------


@contextlib.contextmanager
def dns_zone(lab: Lab, *lines: str) -> Iterator[None]:
    """dnsmasq restarted with `lines` instead of the healthy records, then restored."""
    lab.serve_dns(lines)
    with undone(lab, lambda: lab.serve_dns(HEALTHY_ZONE)):
        yield


def dns_nxdomain(lab: Lab) -> contextlib.AbstractContextManager[None]:
    """The site's DNS claims the whole vendor domain and knows no endpoint in it."""
    return dns_zone(lab, "local=/chargepointnetwork.net/")


def dns_servfail(lab: Lab) -> contextlib.AbstractContextManager[None]:
    """dnsmasq forwards the name to a lame upstream that answers SERVFAIL, and relays that.

    Verified on dnsmasq 2.90: an upstream that is silent makes dnsmasq silent too (the client
    times out), an upstream with no route gives REFUSED (see dns_upstream_unroutable); only an
    upstream that answers SERVFAIL gives the client SERVFAIL.
    """
    return dns_zone(lab, f"server=/{ENDPOINT}/{SERVFAIL_UPSTREAM}")


@contextlib.contextmanager
def dns_upstream_unroutable(lab: Lab) -> Iterator[None]:
    """dnsmasq forwards the name to an upstream the router has no route to: REFUSED."""
    dead = "203.0.113.99"
    lab.router.ip("route", "add", "unreachable", f"{dead}/32")
    try:
        with dns_zone(lab, f"server=/{ENDPOINT}/{dead}"):
            yield
    finally:
        lab.router.ip("route", "del", "unreachable", f"{dead}/32")


def dns_private_answer(
    lab: Lab, address: str = "192.168.1.10"
) -> contextlib.AbstractContextManager[None]:
    """The site's DNS rewrites the endpoint to a private address (captive portal, filter)."""
    return dns_zone(lab, f"address=/{ENDPOINT}/{address}")


# -- TLS inspection -----------------------------------------------------------------------------


@contextlib.contextmanager
def tls_inspection(lab: Lab) -> Iterator[str]:
    """The router intercepts TCP 443 (nftables redirect) to a TLS server that re-signs the
    endpoint's name with its own CA, as an inspecting firewall does. Yields the CA's name."""
    ca = inspection_ca()
    chain, key = lab.write_leaf(ca, "inspection")
    proxy = lab.spawn(
        lab.router,
        "inspection",
        lab.python_script("servers.py", f"--tls=0.0.0.0:{INSPECTION_PORT}:{chain}:{key}"),
    )
    table = f"lab_fault_{next(_tables)}"
    lab.router.nft(f"""
table ip {table} {{
    chain prerouting {{
        type nat hook prerouting priority dstnat; policy accept;
        iifname "lan0" tcp dport 443 redirect to :{INSPECTION_PORT}
    }}
}}
""")

    def undo() -> None:
        lab.router.exec("nft", "delete", "table", "ip", table)
        lab.stop(proxy)

    with undone(lab, undo):
        yield INSPECTION_ORG


@contextlib.contextmanager
def answer_every_handshake(lab: Lab) -> Iterator[None]:
    """The router completes every TCP handshake from the site itself, whatever the address
    (an nftables redirect of all TCP to a listener of its own), as a transparent proxy or a
    firewall answering for the Internet does: every port looks open."""
    listener = lab.spawn(
        lab.router,
        "answer-all",
        lab.python_script("servers.py", f"--listen=0.0.0.0:{ANSWER_ALL_PORT}"),
    )
    table = f"lab_fault_{next(_tables)}"
    lab.router.nft(f"""
table ip {table} {{
    chain prerouting {{
        type nat hook prerouting priority dstnat; policy accept;
        iifname "lan0" ip daddr != {GATEWAY} meta l4proto tcp redirect to :{ANSWER_ALL_PORT}
    }}
}}
""")

    def undo() -> None:
        lab.router.exec("nft", "delete", "table", "ip", table)
        lab.stop(listener)

    with undone(lab, undo):
        yield


@dataclass
class BlackHole:
    mtu: int
    chain_bytes: int
    """The size of the certificate chain the endpoint sends (DER, all certificates)."""


@contextlib.contextmanager
def path_mtu_black_hole(lab: Lab, mtu: int = 1280) -> Iterator[BlackHole]:
    """A path-MTU black hole as DSL and PPPoE sites make one: the router's link to the site
    carries `mtu` bytes (the laptop's 1500-byte packets are lost on it), the router's ICMP
    "fragmentation needed" is dropped by nftables, and the endpoint's HTTPS sends a
    certificate chain larger than that MTU (a TLS server there with three intermediates)."""
    chain, key = lab.write_leaf(lab.ca, "big-chain", intermediates=3)
    size = sum(
        len(cert.public_bytes(serialization.Encoding.DER))
        for cert in x509.load_pem_x509_certificates(chain.read_bytes())
    )
    server = lab.spawn(
        lab.internet,
        "big-chain",
        lab.python_script("servers.py", f"--tls=0.0.0.0:{BIG_CHAIN_PORT}:{chain}:{key}"),
    )
    table = f"lab_fault_{next(_tables)}"
    lab.internet.nft(f"""
table ip {table} {{
    chain prerouting {{
        type nat hook prerouting priority dstnat; policy accept;
        tcp dport 443 redirect to :{BIG_CHAIN_PORT}
    }}
}}
""")
    lab.router.nft(f"""
table ip {table} {{
    chain output {{
        type filter hook output priority 0; policy accept;
        icmp type destination-unreachable icmp code frag-needed drop
    }}
}}
""")
    lab.router.ip("link", "set", "lan0", "mtu", str(mtu))

    def undo() -> None:
        lab.router.ip("link", "set", "lan0", "mtu", "1500")
        lab.router.exec("nft", "delete", "table", "ip", table)
        lab.internet.exec("nft", "delete", "table", "ip", table)
        lab.stop(server)

    with undone(lab, undo):
        yield BlackHole(mtu, size)


# -- latency and loss ---------------------------------------------------------------------------


@dataclass
class WanLink:
    rtt_ms: float
    loss: float
    stats: dict[str, int] = field(default_factory=dict)
    """The relay's counters (forwarded, dropped), filled in when the block ends."""


# Seed of the relay's drop decisions. With it, at 3 % loss, the 5th and the 24th packet through
# the relay is dropped, so every run of a lossy scenario really retransmits something.
LOSS_SEED = 12


@contextlib.contextmanager
def wan_link(
    lab: Lab, rtt_ms: float, loss: float = 0.0, seed: int = LOSS_SEED
) -> Iterator[WanLink]:
    """Every packet between the site and the Internet goes through the user-space relay
    (relay.py: the kernel here has no netem), delayed rtt_ms/2 each way, `loss` dropped."""
    link = WanLink(rtt_ms, loss)
    relay = lab.spawn(
        lab.router,
        "relay",
        lab.python_script(
            "relay.py",
            "--up=dly0",
            "--down=dly1",
            f"--delay-ms={rtt_ms / 2:g}",
            f"--loss={loss:g}",
            f"--seed={seed}",
        ),
    )
    router = lab.router
    for device in ("dly0", "dly1"):
        router.ip("link", "set", device, "up")
    router.ip("route", "add", "default", "dev", "dly0", "table", "100")
    router.ip("route", "add", "198.51.100.0/24", "dev", "dly1", "table", "101")
    router.ip("rule", "add", "iif", "lan0", "lookup", "100", "priority", "100")
    router.ip("rule", "add", "iif", "wan0", "lookup", "101", "priority", "101")

    def undo() -> None:
        router.ip("rule", "del", "priority", "100", check=False)
        router.ip("rule", "del", "priority", "101", check=False)
        out = lab.stop(relay).strip().splitlines()
        link.stats.update(json.loads(out[-1]) if out else {})

    with undone(lab, undo):
        yield link
