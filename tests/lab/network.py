"""The site-network lab: three test hosts in network namespaces, joined by veth pairs.

    laptop (lab0 198.51.100.10/25) ── lan0 198.51.100.1  ROUTER  wan0 203.0.113.1 ── INTERNET
      product runs here                 dnsmasq (site DNS)        net0 203.0.113.2/24 and:
      resolv.conf -> 198.51.100.1       nftables (faults)           .10 .11  VPN endpoint: TCP
                                        TUN relay (latency, loss)            52007, 52017, TLS 443
                                                                    .53      upstream: SERVFAIL
                                                                    .123-.125 chronyd (NTP)

Only documentation ranges are used and no namespace is linked to the host's own network, so
nothing can leave the lab; a guard table in the laptop also drops anything addressed elsewhere.
The endpoint name resolves like the vendor guide's sample, through a CNAME chain served by
dnsmasq from its own records (`no-resolv`, no upstream): nothing is ever forwarded out.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trustme

from . import probes
from .netns import PREFIX, Daemon, LabError, Namespace, command_env, remove_stale

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TOOLS = ("ip", "nft", "dnsmasq", "chronyd")

LAPTOP_IF = "lab0"
LAPTOP_ADDRESS = "198.51.100.10"
LAN_PREFIX = 25
GATEWAY = "198.51.100.1"
LAPTOP_METRIC = 100
WAN_ROUTER = "203.0.113.1"
WAN_INTERNET = "203.0.113.2"
ENDPOINT = "vpn.na.prod.chargepointnetwork.net"
CNAME_CHAIN = (
    ENDPOINT,
    "default-us.chargepoint.com",
    "default-us.chargepoint.com.cdn.cloudflare.net",
)
ENDPOINT_ADDRESSES = ("203.0.113.10", "203.0.113.11")
SERVFAIL_UPSTREAM = "203.0.113.53"
NTP_SERVERS = ("203.0.113.123", "203.0.113.124", "203.0.113.125")
"""One chronyd on three addresses, as the product's default asks three servers."""
VPN_PORTS = (52007, 52017)
HTTPS_PORT = 443
STATION_TCP_PORTS = (HTTPS_PORT, *VPN_PORTS)
READY_NAME = "ready.lab.test"
"""A name dnsmasq always answers, so every DNS variant can be waited for the same way."""
INSPECTION_PORT = 8443
BIG_CHAIN_PORT = 8445
"""Where the endpoint's HTTPS is served with a large certificate chain (faults.py)."""
ANSWER_ALL_PORT = 8444
"""Where a router that answers every TCP handshake itself sends them (faults.py)."""
STARTUP_TIMEOUT = 10.0
CHECK_TIMEOUT = 120.0

HEALTHY_ZONE = (
    f"cname={CNAME_CHAIN[0]},{CNAME_CHAIN[1]}",
    f"cname={CNAME_CHAIN[1]},{CNAME_CHAIN[2]}",
    *(f"host-record={CNAME_CHAIN[2]},{address}" for address in ENDPOINT_ADDRESSES),
)


@dataclass(repr=False)
class Report:
    """The product's JSON document, with lookups that keep scenario tests to a few lines."""

    document: dict[str, Any]
    wall_s: float
    stderr: str = ""

    def check(self, check_id: str) -> dict[str, Any]:
        return next(c for c in self.document["checks"] if c["id"] == check_id)

    def code(self, check_id: str) -> str:
        return str(self.check(check_id)["code"])

    def status(self, check_id: str) -> str:
        return str(self.check(check_id)["status"])

    def evidence(self, check_id: str) -> dict[str, Any]:
        return dict(self.check(check_id)["evidence"])

    def steps(self, check_id: str) -> list[str]:
        return [step["code"] for step in self.check(check_id)["next_steps"]]

    @property
    def codes(self) -> dict[str, str]:
        return {c["id"]: c["code"] for c in self.document["checks"]}

    @property
    def verdict(self) -> str:
        return str(self.document["verdict"]["code"])

    @property
    def exit_code(self) -> int:
        return int(self.document["exit_code"])

    @property
    def duration_s(self) -> float:
        return float(self.document["duration_ms"]) / 1000

    def __repr__(self) -> str:  # what pytest shows when an assertion on a report fails
        return f"Report(verdict={self.verdict}, codes={self.codes})"


@dataclass
class Lab:
    """The running lab. `check()` runs the real command in the laptop namespace."""

    workdir: Path
    tag: str = field(default_factory=lambda: f"{PREFIX}{os.getpid()}")
    laptop: Namespace = field(init=False)
    router: Namespace = field(init=False)
    internet: Namespace = field(init=False)
    ca_file: Path = field(init=False)
    dns: Daemon | None = field(default=None, init=False)
    _daemons: list[Daemon] = field(default_factory=list, init=False)
    _ca: trustme.CA = field(init=False)

    def __post_init__(self) -> None:
        self.laptop = Namespace(f"{self.tag}-lap")
        self.router = Namespace(f"{self.tag}-rtr")
        self.internet = Namespace(f"{self.tag}-net")
        self.workdir.mkdir(parents=True, exist_ok=True)

    # -- building and tearing down -------------------------------------------------------------

    def start(self) -> Lab:
        remove_stale()
        try:
            self._build()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Stop every daemon by pid and delete the namespaces; safe to call more than once."""
        for daemon in reversed(self._daemons):
            with contextlib.suppress(Exception):
                daemon.stop()
        self._daemons.clear()
        self.dns = None
        for host in (self.laptop, self.router, self.internet):
            host.delete()

    def __enter__(self) -> Lab:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _build(self) -> None:
        for host in (self.laptop, self.router, self.internet):
            host.create()
        self.router.sysctl("net.ipv4.ip_forward", "1")
        # A firewall that rejects with ICMP answers every SYN: no rate limit on the router's
        # ICMP errors, or a scenario right after another would see some of them withheld.
        self.router.sysctl("net.ipv4.icmp_ratelimit", "0")
        self._link(
            self.laptop,
            LAPTOP_IF,
            f"{LAPTOP_ADDRESS}/{LAN_PREFIX}",
            self.router,
            "lan0",
            f"{GATEWAY}/{LAN_PREFIX}",
        )
        self._link(
            self.router, "wan0", f"{WAN_ROUTER}/24", self.internet, "net0", f"{WAN_INTERNET}/24"
        )
        for address in (*ENDPOINT_ADDRESSES, SERVFAIL_UPSTREAM, *NTP_SERVERS):
            self.internet.ip("addr", "add", f"{address}/24", "dev", "net0")
        self.restore_default_route()
        self.internet.ip("route", "add", "default", "via", WAN_ROUTER)
        self.laptop.nft(_GUARD)
        etc = self.laptop.etc_dir()
        etc.mkdir(parents=True, exist_ok=True)
        (etc / "resolv.conf").write_text(f"nameserver {GATEWAY}\n")
        self._certificates()
        self._start_peers()
        self._start_ntp()
        self.serve_dns(HEALTHY_ZONE)
        self.wait_until_healthy()

    def _link(
        self, a: Namespace, a_if: str, a_address: str, b: Namespace, b_if: str, b_address: str
    ) -> None:
        """A veth pair made directly inside the two namespaces: the host never sees it."""
        a.ip("link", "add", a_if, "type", "veth", "peer", "name", b_if, "netns", b.name)
        a.ip("addr", "add", a_address, "dev", a_if)
        b.ip("addr", "add", b_address, "dev", b_if)
        a.ip("link", "set", a_if, "up")
        b.ip("link", "set", b_if, "up")

    def restore_default_route(self) -> None:
        self.laptop.ip(
            "route",
            "replace",
            "default",
            "via",
            GATEWAY,
            "dev",
            LAPTOP_IF,
            "metric",
            str(LAPTOP_METRIC),
        )

    @property
    def ca(self) -> trustme.CA:
        """The CA the product is told to trust in the lab."""
        return self._ca

    def _certificates(self) -> None:
        self._ca = trustme.CA(organization_name="Station Network Check Lab CA")
        self.ca_file = self.workdir / "lab-ca.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_file))
        self.endpoint_cert = self.write_leaf(self._ca, "endpoint")

    def write_leaf(self, ca: trustme.CA, stem: str, intermediates: int = 0) -> tuple[Path, Path]:
        """A certificate for the endpoint name issued by `ca`, through `intermediates` CAs
        of its own: (chain file, key file)."""
        issuer = ca
        for _ in range(intermediates):
            issuer = issuer.create_child_ca()
        leaf = issuer.issue_cert(ENDPOINT)
        chain, key = self.workdir / f"{stem}-chain.pem", self.workdir / f"{stem}-key.pem"
        chain.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
        leaf.private_key_pem.write_to_path(str(key))
        return chain, key

    def spawn(
        self, host: Namespace, name: str, argv: Sequence[str], ready_line: str | None = "ready"
    ) -> Daemon:
        """Start a daemon in `host`, tracked so that close() stops it whatever happens."""
        daemon = host.spawn(name, argv, self.workdir / f"{name}.log")
        self._daemons.append(daemon)
        if ready_line is not None:
            daemon.wait_for_line(ready_line, STARTUP_TIMEOUT)
        return daemon

    def stop(self, daemon: Daemon) -> str:
        if daemon in self._daemons:
            self._daemons.remove(daemon)
        return daemon.stop()

    def python_script(self, name: str, *args: str) -> list[str]:
        return [sys.executable, str(HERE / name), *args]

    def _start_peers(self) -> None:
        chain, key = self.endpoint_cert
        self.spawn(
            self.internet,
            "peers",
            self.python_script(
                "servers.py",
                *(f"--listen=0.0.0.0:{port}" for port in VPN_PORTS),
                f"--tls=0.0.0.0:{HTTPS_PORT}:{chain}:{key}",
                f"--servfail={SERVFAIL_UPSTREAM}:53",
            ),
        )

    def _start_ntp(self) -> None:
        """chronyd as a real NTP server: `local stratum` serves its own clock with no source.

        `-x` keeps it off the system clock (namespaces do not separate clocks), `-u root`
        lets it use this run's files, and `cmdport 0` plus `bindcmdaddress /` leave no
        control socket that a second run could collide with.
        """
        conf = self.workdir / "chrony.conf"
        conf.write_text(
            "\n".join(
                [
                    "local stratum 8",
                    "allow 198.51.100.0/24",
                    "cmdport 0",
                    "bindcmdaddress /",
                    f"pidfile {self.workdir / 'chronyd.pid'}",
                ]
            )
            + "\n"
        )
        self.spawn(
            self.internet,
            "chronyd",
            ["chronyd", "-x", "-n", "-d", "-u", "root", "-f", str(conf)],
            ready_line=None,
        )

    def serve_dns(self, zone: Sequence[str]) -> None:
        """(Re)start the site's dnsmasq with `zone` lines after the fixed part of its config.

        dnsmasq rereads only its hosts files on SIGHUP, not `cname=`/`address=`, so a new
        zone means a new process; waiting for its answer takes a few milliseconds. It stays
        root (`user=root`): a change of user would clear the signal that ends it with the lab.
        """
        if self.dns is not None:
            self.stop(self.dns)
            self.dns = None
        conf = self.workdir / "dnsmasq.conf"
        conf.write_text(
            "\n".join(
                [
                    "no-resolv",
                    "no-hosts",
                    "no-poll",
                    "bind-interfaces",
                    f"listen-address={GATEWAY}",
                    "port=53",
                    "pid-file=",
                    "log-facility=-",
                    "user=root",
                    "group=root",
                    "log-queries",
                    f"host-record={READY_NAME},{GATEWAY}",
                    *zone,
                ]
            )
            + "\n"
        )
        self.dns = self.spawn(
            self.router,
            "dnsmasq",
            ["dnsmasq", "--keep-in-foreground", f"--conf-file={conf}"],
            ready_line=None,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while probes.dns_query(self.laptop, READY_NAME, GATEWAY, 0.2).rcode != "NOERROR":
            if self.dns.process.poll() is not None or time.monotonic() > deadline:
                raise LabError(f"dnsmasq did not answer: {self.dns.log_text()}")

    def wait_until_healthy(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Poll, from the laptop, every service a healthy check needs, until all answer."""
        deadline = time.monotonic() + timeout
        waiting = self.unhealthy()
        while waiting:
            if time.monotonic() > deadline:
                raise LabError(f"lab not healthy after {timeout:g} s: {waiting}")
            waiting = self.unhealthy()

    def unhealthy(self) -> list[str]:
        """What the laptop cannot reach right now (empty when the site is healthy)."""
        problems = []
        answer = probes.dns_query(self.laptop, ENDPOINT, GATEWAY, 0.5)
        if sorted(answer.addresses) != sorted(ENDPOINT_ADDRESSES):
            problems.append(f"dns {answer}")
        for port in STATION_TCP_PORTS:
            for address in ENDPOINT_ADDRESSES:
                state = probes.tcp_connect(self.laptop, address, port, 0.5)
                if state != "open":
                    problems.append(f"{address}:{port} {state}")
        for server in NTP_SERVERS:
            if probes.ntp_query(self.laptop, server, 0.5) is None:
                problems.append(f"ntp {server}")
        return problems

    # -- running the product -------------------------------------------------------------------

    def check_argv(
        self, *args: str, timeout: float | None = 2.0, interface: str | None = LAPTOP_IF
    ) -> list[str]:
        """The real command line, always aimed at the lab's endpoint and time servers; the
        adapter is named unless `interface` is None (the product then picks one itself)."""
        argv = [sys.executable, "-m", "app", "check", "--json", "--lang", "en"]
        if interface is not None:
            argv += ["--interface", interface]
        argv += ["--endpoint", ENDPOINT]
        for server in NTP_SERVERS:
            argv += ["--ntp-server", server]
        if timeout is not None:
            argv += ["--timeout", f"{timeout:g}"]
        return self.laptop.exec_argv(*argv, *args)

    def check(
        self,
        *args: str,
        timeout: float | None = 2.0,
        interface: str | None = LAPTOP_IF,
        source: Path = REPO,
        env: dict[str, str] | None = None,
    ) -> Report:
        """Run `check --json` in the laptop namespace, as a technician would on the cable.

        `source` is the checkout whose code runs (a benchmark's baseline; this one by default).
        """
        resolv = self.laptop.etc_dir() / "resolv.conf"
        assert resolv.read_text().strip() == f"nameserver {GATEWAY}", "laptop DNS not the lab's"
        env = command_env(
            {"SSL_CERT_FILE": str(self.ca_file), "PYTHONPATH": str(source), **(env or {})}
        )
        started = time.perf_counter()
        done = subprocess.run(
            self.check_argv(*args, timeout=timeout, interface=interface),
            cwd=source,
            env=env,
            capture_output=True,
            text=True,
            timeout=CHECK_TIMEOUT,
        )
        wall = time.perf_counter() - started
        try:
            document = json.loads(done.stdout)
        except json.JSONDecodeError:
            raise LabError(
                f"check printed no JSON (exit {done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()}"
            ) from None
        assert document["exit_code"] == done.returncode
        return Report(document, wall, done.stderr)


# The laptop may talk to the site LAN and the lab's "Internet" only: a last line of defence
# should a scenario ever make the product aim elsewhere (e.g. at a private DNS answer). The
# ports check's control connection (the rules' 192.0.2.1, on the first VPN port) goes out to
# the router, which has no route for it: only a router answering every handshake completes it.
_GUARD = """
table inet lab_guard {
    chain out {
        type filter hook output priority 0; policy accept;
        oifname "lo" accept
        ip daddr { 198.51.100.0/24, 203.0.113.0/24 } accept
        ip daddr 192.0.2.0/24 tcp dport 52007 accept
        counter drop
    }
}
"""


@contextlib.contextmanager
def running_lab(workdir: Path) -> Iterator[Lab]:
    with Lab(workdir) as lab:
        yield lab
