"""The procedure's facts as data: load `resources/rules.toml` once and validate every field."""

from __future__ import annotations

import functools
import ipaddress
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.inputs import READINGS
from app.core.model import CHECK_IDS, RunInputs, Status
from app.core.util.files import read_text
from app.core.util.hosts import HOST_NAME, without_root
from app.core.util.resources import resource_path
from app.core.util.versions import EXPECTED_FORM, parse_version

_CODE_RE = re.compile(r"[A-Z][A-Z0-9_]+")
"""A result or step code; matched whole (`fullmatch`), so a trailing line break never passes."""


DEFAULT_CONTROL_ADDRESS = "192.0.2.1"
"""The control connection's address when a rules file written before it names none: the
first of RFC 5737's TEST-NET-1, which no host on the Internet holds."""

DEFAULT_ECHO_SIZES = (1500, 1400, 1280, 1000, 576)
"""The path-MTU echoes' sizes when a rules file written before them names none: Ethernet's
full 1500 bytes, then what PPPoE, tunnels and the smallest links carry."""

REQUIRED_PORTS = (("https", "tcp"), ("ntp", "udp"))
"""Ports the checks cannot do without: the TLS check's and the NTP check's."""


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the bad field."""


@dataclass(frozen=True)
class PortRule:
    use: str
    protocol: str
    port: int


@dataclass(frozen=True)
class FirmwareRule:
    model: str
    minimum: str
    aliases: tuple[str, ...]
    name: str
    """As the station's documentation writes it: `CP6000`, `Express Plus`."""


@dataclass(frozen=True)
class MatrixRow:
    readings: dict[str, str]
    code: str
    status: Status
    steps: tuple[str, ...]
    steps_when_site_passes: tuple[str, ...] = ()
    """The steps instead of `steps` when every laptop check passed: the readings likely
    date from before the site was fixed, and the steps that check the site are done."""

    def matches(self, readings: dict[str, str]) -> bool:
        return all(readings.get(name) == value for name, value in self.readings.items())


@dataclass(frozen=True)
class Timeouts:
    dns: float
    tcp: float
    ntp: float
    tls: float
    path_mtu: float = 2.0
    """After a stalled handshake, how long the echoes looking for a path-MTU black hole wait."""


@dataclass(frozen=True)
class Rules:
    source: str
    regions: dict[str, str]
    ports: tuple[PortRule, ...]
    ntp_servers: tuple[str, ...]
    clock_skew_warn_seconds: float
    timeouts: Timeouts
    firmware: dict[str, FirmwareRule]
    matrix_rows: tuple[MatrixRow, ...]
    matrix_evidence: dict[str, tuple[str, ...]]
    suspicious_answers: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    """DNS answers that cannot be the real endpoint: a captive portal or DNS rewriting."""
    max_addresses: int = 4
    """How many of the endpoint's addresses the ports are probed on: the station may get any."""
    degraded_speed_mbps: int = 10
    """A wired link at this speed or slower is degraded (ADAPTER_LINK_DEGRADED)."""
    control_address: str = DEFAULT_CONTROL_ADDRESS
    echo_sizes: tuple[int, ...] = DEFAULT_ECHO_SIZES
    """The packet sizes (bytes, IP header included) echoed after a stalled handshake, largest
    first: the first is the full size the station's packets have."""
    """Where the ports check's control connection goes: an address reserved for
    documentation that no server holds, so only a middlebox answering every handshake itself
    can make it connect (PORTS_INTERCEPTED)."""

    def endpoint(self, region: str) -> str:
        return self.regions[region]

    def endpoint_for(self, inputs: RunInputs) -> str:
        """The endpoint a run tests: the one asked for (`--endpoint`), else its region's."""
        return without_root(inputs.endpoint or self.endpoint(inputs.region))

    @property
    def control_port(self) -> int:
        """The control connection's port: the station's first VPN port, the one a middlebox
        would have to answer to make the VPN ports look open."""
        tcp = self.tcp_ports()
        return next((p.port for p in tcp if p.use == "vpn"), tcp[0].port)

    def tcp_ports(self) -> tuple[PortRule, ...]:
        return tuple(p for p in self.ports if p.protocol == "tcp")

    def port_for(self, use: str, protocol: str) -> PortRule | None:
        return next((p for p in self.ports if p.use == use and p.protocol == protocol), None)

    @property
    def ntp_port(self) -> int:
        """The time servers' port (a loaded rules file always has one)."""
        return self._required("ntp", "udp")

    @property
    def https_port(self) -> int:
        """The endpoint's HTTPS port (a loaded rules file always has one)."""
        return self._required("https", "tcp")

    def _required(self, use: str, protocol: str) -> int:
        rule = self.port_for(use, protocol)
        if rule is None:
            raise RulesError(f"{self.source}: ports: no {protocol} port for {use}")
        return rule.port

    def model_for(self, name: str) -> FirmwareRule | None:
        key = name.strip().lower().replace(" ", "-").replace("_", "-")
        for rule in self.firmware.values():
            if key == rule.model or key in rule.aliases:
                return rule
        return None


class _Reader:
    """Walks the parsed TOML and raises RulesError naming the exact field."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> RulesError:
        return RulesError(f"{self.source}: {where}: {problem}")

    def table(self, data: Any, where: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(where, "expected a table")
        return data

    def get(self, data: dict[str, Any], key: str, where: str) -> Any:
        if key not in data:
            raise self.fail(f"{where}.{key}" if where else key, "missing")
        return data[key]

    def string(
        self, value: Any, where: str, pattern: re.Pattern[str] | None = None, form: str = ""
    ) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"expected text, got {value!r}")
        if pattern and not pattern.fullmatch(value):
            raise self.fail(where, f"expected {form}, got {value!r}")
        return value

    def number(self, value: Any, where: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"expected a number, got {value!r}")
        if not low <= value <= high:
            raise self.fail(where, f"expected a number from {low:g} to {high:g}, got {value!r}")
        return float(value)

    def strings(
        self,
        value: Any,
        where: str,
        pattern: re.Pattern[str] | None = None,
        form: str = "",
        allow_empty: bool = False,
    ) -> tuple[str, ...]:
        if not isinstance(value, list) or (not value and not allow_empty):
            wanted = "a list of text" if allow_empty else "a list of text, not empty"
            raise self.fail(where, f"expected {wanted}")
        return tuple(
            self.string(item, f"{where}[{i}]", pattern, form) for i, item in enumerate(value)
        )


def _need_words(r: Any, where: str, code: str) -> None:
    """A code the rules name must have its words, or the technician would read the bare code."""
    from app.core.messages import catalogue  # the catalogue reads the same resources folder

    if not catalogue().has(code):
        raise r.fail(
            where, f"{code!r} has no words in resources/messages.toml; use a code listed there"
        )


def parse_rules(data: dict[str, Any], source: str) -> Rules:
    r = _Reader(source)
    if data.get("schema") != 1:
        raise r.fail("schema", f"expected 1, got {data.get('schema')!r}")

    regions_table = r.table(r.get(data, "regions", ""), "regions")
    if not regions_table:
        raise r.fail("regions", "expected at least one region")
    regions = {}
    for name, region in regions_table.items():
        where = f"regions.{name}"
        region = r.table(region, where)
        regions[name] = r.string(
            r.get(region, "endpoint", where), f"{where}.endpoint", HOST_NAME, "a host name"
        )

    ports_list = r.get(data, "ports", "")
    if not isinstance(ports_list, list) or not ports_list:
        raise r.fail("ports", "expected a list of ports")
    ports = []
    for i, item in enumerate(ports_list):
        where = f"ports[{i}]"
        item = r.table(item, where)
        protocol = r.string(r.get(item, "protocol", where), f"{where}.protocol")
        if protocol not in ("tcp", "udp"):
            raise r.fail(f"{where}.protocol", f"expected 'tcp' or 'udp', got {protocol!r}")
        port = r.get(item, "port", where)
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise r.fail(f"{where}.port", f"expected a port from 1 to 65535, got {port!r}")
        ports.append(PortRule(r.string(r.get(item, "use", where), f"{where}.use"), protocol, port))
    if not any(p.protocol == "tcp" for p in ports):
        raise r.fail("ports", "expected at least one TCP port")
    for use, protocol in REQUIRED_PORTS:
        if not any(p.use == use and p.protocol == protocol for p in ports):
            raise r.fail("ports", f"expected a port with use = {use!r}, protocol = {protocol!r}")

    ntp = r.table(r.get(data, "ntp", ""), "ntp")
    ntp_servers = r.strings(r.get(ntp, "servers", "ntp"), "ntp.servers", HOST_NAME, "a host name")
    skew = r.number(
        r.get(ntp, "clock_skew_warn_seconds", "ntp"),
        "ntp.clock_skew_warn_seconds",
        0.001,
        86400 * 365,
    )

    t = r.table(r.get(data, "timeouts", ""), "timeouts")
    timeouts = Timeouts(
        dns=r.number(r.get(t, "dns", "timeouts"), "timeouts.dns", 0.1, 60),
        tcp=r.number(r.get(t, "tcp", "timeouts"), "timeouts.tcp", 0.1, 60),
        ntp=r.number(r.get(t, "ntp", "timeouts"), "timeouts.ntp", 0.1, 60),
        tls=r.number(r.get(t, "tls", "timeouts"), "timeouts.tls", 0.1, 60),
        # Optional, so that a rules file written before it still loads.
        path_mtu=r.number(t.get("path_mtu", 2.0), "timeouts.path_mtu", 0.1, 10),
    )

    fw_table = r.table(r.get(data, "firmware", ""), "firmware")
    firmware = {}
    for model, item in fw_table.items():
        where = f"firmware.{model}"
        item = r.table(item, where)
        minimum = r.string(r.get(item, "minimum", where), f"{where}.minimum")
        # The firmware check reads the minimum with this parser: what it refuses, refuse here.
        if parse_version(minimum) is None:
            raise r.fail(
                f"{where}.minimum", f"expected a version such as {EXPECTED_FORM}, got {minimum!r}"
            )
        aliases = r.strings(item.get("aliases", []), f"{where}.aliases", allow_empty=True)
        name = r.string(r.get(item, "name", where), f"{where}.name")
        firmware[model] = FirmwareRule(model, minimum, tuple(a.lower() for a in aliases), name)
    if not firmware:
        raise r.fail("firmware", "expected at least one model")

    matrix = r.table(r.get(data, "matrix", ""), "matrix")
    rows_list = r.get(matrix, "rows", "matrix")
    if not isinstance(rows_list, list) or not rows_list:
        raise r.fail("matrix.rows", "expected a list of rows")
    rows = []
    for i, item in enumerate(rows_list):
        where = f"matrix.rows[{i}]"
        item = r.table(item, where)
        readings = {}
        for name, allowed in READINGS.items():
            if name in item:
                value = r.string(item[name], f"{where}.{name}")
                if value not in allowed:
                    raise r.fail(
                        f"{where}.{name}", f"expected one of {', '.join(allowed)}, got {value!r}"
                    )
                readings[name] = value
        code = r.string(r.get(item, "code", where), f"{where}.code", _CODE_RE, "an upper-case code")
        status_text = r.string(r.get(item, "status", where), f"{where}.status")
        try:
            status = Status(status_text)
        except ValueError:
            raise r.fail(
                f"{where}.status", f"expected pass, warn or fail, got {status_text!r}"
            ) from None
        steps = r.strings(
            r.get(item, "steps", where), f"{where}.steps", _CODE_RE, "an upper-case code"
        )
        for j, known in enumerate((code, *steps)):
            _need_words(r, f"{where}.code" if j == 0 else f"{where}.steps[{j - 1}]", known)
        after_fix = r.strings(
            item.get("steps_when_site_passes", []),
            f"{where}.steps_when_site_passes",
            _CODE_RE,
            "an upper-case code",
            allow_empty=True,
        )
        for j, known in enumerate(after_fix):
            _need_words(r, f"{where}.steps_when_site_passes[{j}]", known)
        rows.append(MatrixRow(readings, code, status, steps, after_fix))

    evidence_table = r.table(matrix.get("evidence", {}), "matrix.evidence")
    evidence = {}
    for step, checks in evidence_table.items():
        _need_words(r, f"matrix.evidence.{step}", step)
        ids = r.strings(checks, f"matrix.evidence.{step}")
        for j, check_id in enumerate(ids):
            if check_id not in CHECK_IDS:
                raise r.fail(
                    f"matrix.evidence.{step}[{j}]",
                    f"expected one of {', '.join(CHECK_IDS)}, got {check_id!r}",
                )
        evidence[step] = ids

    dns = r.table(r.get(data, "dns", ""), "dns")
    networks = r.strings(
        r.get(dns, "suspicious_answers", "dns"), "dns.suspicious_answers", allow_empty=True
    )
    suspicious = []
    for i, text in enumerate(networks):
        try:
            suspicious.append(ipaddress.ip_network(text))
        except ValueError:
            raise r.fail(
                f"dns.suspicious_answers[{i}]",
                f"expected a network such as 10.0.0.0/8, got {text!r}",
            ) from None

    # Optional, so that a rules file written before it still loads.
    probing = r.table(data.get("probing", {}), "probing")
    max_addresses = probing.get("max_addresses", 4)
    if isinstance(max_addresses, bool) or not isinstance(max_addresses, int):
        raise r.fail("probing.max_addresses", f"expected a whole number, got {max_addresses!r}")
    if not 1 <= max_addresses <= 16:
        raise r.fail("probing.max_addresses", f"expected 1 to 16, got {max_addresses}")
    adapter = r.table(data.get("adapter", {}), "adapter")
    degraded = adapter.get("degraded_speed_mbps", 10)
    if isinstance(degraded, bool) or not isinstance(degraded, int) or not 0 <= degraded <= 100_000:
        raise r.fail(
            "adapter.degraded_speed_mbps", f"expected Mb/s from 0 to 100000, got {degraded!r}"
        )

    control = probing.get("control_address", DEFAULT_CONTROL_ADDRESS)
    if not isinstance(control, str) or not _is_control_address(control):
        raise r.fail(
            "probing.control_address",
            "expected an address reserved for documentation (192.0.2.0/24, 198.51.100.0/24, "
            f"203.0.113.0/24, 2001:db8::/32) or a loopback address, got {control!r}",
        )

    sizes = probing.get("echo_sizes", list(DEFAULT_ECHO_SIZES))
    if (
        not isinstance(sizes, list)
        or not sizes
        or any(isinstance(n, bool) or not isinstance(n, int) or not 68 <= n <= 9000 for n in sizes)
        or sizes != sorted(set(sizes), reverse=True)
    ):
        raise r.fail(
            "probing.echo_sizes",
            f"expected packet sizes from 68 to 9000 bytes, largest first, got {sizes!r}",
        )

    return Rules(
        source,
        regions,
        tuple(ports),
        ntp_servers,
        skew,
        timeouts,
        firmware,
        tuple(rows),
        evidence,
        tuple(suspicious),
        max_addresses,
        degraded,
        control,
        tuple(sizes),
    )


_DOCUMENTATION = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)


def _is_control_address(text: str) -> bool:
    """Only an address no server on the Internet can hold (RFC 5737, RFC 3849), or loopback
    (tests point it there): a rules file must never aim the control connection at a host."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    return address.is_loopback or any(address in network for network in _DOCUMENTATION)


def load_rules(path: str | Path | None = None) -> Rules:
    """Load and validate a rules file; the bundled one when no path is given."""
    if path is None:
        return _bundled_rules()
    return _load(Path(path))


@functools.cache
def _bundled_rules() -> Rules:
    return _load(resource_path("rules.toml"))


RULES_FILE_LIMIT = 1024 * 1024
"""The largest rules file read: the bundled one is a few kilobytes."""


def _load(path: Path) -> Rules:
    try:
        text = read_text(path, RULES_FILE_LIMIT)
    except OSError as exc:
        raise RulesError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RulesError(f"{path}: not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:
        raise RulesError(f"{path}: not valid TOML: nested too deeply") from None
    return parse_rules(data, str(path))
