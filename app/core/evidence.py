"""What each check found, as typed records: from the probe to every reader, and back from a
saved report.

Each check's evidence is one frozen dataclass here, with `to_json()` (the `evidence` object of
the JSON document, whose keys README.md describes) and `from_json()`, which checks the shape
and raises `EvidenceError` on anything else: a missing field, a field of the wrong type, a
field this version does not write. A question about the data ("is this port blocked?",
"which rows go together?") is a method on the record, so every reader gets the same answer.

This module imports only the model and the platform's adapter types, never a probe: reading a
saved report or a reference code loads no socket code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, TypeVar

from app.core.model import Evidence, LiveRow
from app.core.platform.base import (
    AdapterInfo,
    AdapterKind,
    IPv4Address,
    LinkHealth,
    ProxySetting,
    Route,
)

JsonObject = dict[str, Any]
T = TypeVar("T")

OPEN = "open"
"""A port row's state when the connection was accepted."""


class EvidenceError(ValueError):
    """Evidence that does not have the shape this version writes; the message says where."""


class JsonFields:
    """Reads one JSON object field by field, each checked for its type, and raises
    `EvidenceError` naming the field otherwise; `done()` refuses any field that was not read.
    Saved reports are read with it too (`outputs/document.py`)."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise EvidenceError(f"{where}: expected an object, got {_kind(data)}")
        self.data: Mapping[str, object] = data
        self.where = where
        self.seen: set[str] = set()

    @classmethod
    def read(cls, data: object, where: str, build: Callable[[JsonFields], T]) -> T:
        """The one way a record is read back: `build` it from the object's fields, then
        refuse any field it did not read."""
        fields = cls(data, where)
        record = build(fields)
        fields.done()
        return record

    @classmethod
    def read_or_none(cls, data: object, where: str, build: Callable[[JsonFields], T]) -> T | None:
        """`read`, for a record written as null when there is none."""
        return None if data is None else cls.read(data, where, build)

    @staticmethod
    def reader(build: Callable[[JsonFields], T]) -> Callable[[object, str], T]:
        """`build` as a record reader (`from_json`'s shape), for `rows` and `record`."""
        return lambda data, where: JsonFields.read(data, where, build)

    def has(self, key: str) -> bool:
        return key in self.data

    def optional(self, key: str, read: Callable[[str], T]) -> T | None:
        """`read(key)` when the field is there, None when it is absent (a report written
        before the record had it): `f.optional("system", f.text)`."""
        return read(key) if key in self.data else None

    def record(self, read: Callable[[object, str], T]) -> Callable[[str], T]:
        """A reader of a field that is a record of its own, read by its `from_json`."""
        return lambda key: read(self._get(key), f"{self.where}.{key}")

    def rows_of(self, read: Callable[[object, str], T]) -> Callable[[str], tuple[T, ...]]:
        """A reader of a field that is a list of records, each read by its `from_json`."""
        return lambda key: self.rows(key, read)

    def value(self, key: str) -> object:
        """A field of any JSON type."""
        return self._get(key)

    def fields(self, key: str) -> JsonFields:
        """A field that is itself an object."""
        return JsonFields(self._get(key), f"{self.where}.{key}")

    def built(self, key: str, build: Callable[[JsonFields], T]) -> T:
        """A field that is an object, built by `build` from its fields (each one read)."""
        return JsonFields.read(self._get(key), f"{self.where}.{key}", build)

    def _get(self, key: str) -> object:
        self.seen.add(key)
        if key not in self.data:
            raise EvidenceError(f"{self.where}.{key}: missing")
        return self.data[key]

    def _fail(self, key: str, expected: str, value: object) -> EvidenceError:
        return EvidenceError(f"{self.where}.{key}: expected {expected}, got {_kind(value)}")

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise self._fail(key, "a string", value)
        return value

    def opt_text(self, key: str) -> str | None:
        return None if self._get(key) is None else self.text(key)

    def integer(self, key: str) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._fail(key, "an integer", value)
        return value

    def opt_integer(self, key: str) -> int | None:
        return None if self._get(key) is None else self.integer(key)

    def number(self, key: str) -> float:
        value = self._get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise self._fail(key, "a number", value)
        return float(value)

    def opt_number(self, key: str) -> float | None:
        return None if self._get(key) is None else self.number(key)

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false", value)
        return value

    def opt_bool(self, key: str) -> bool | None:
        value = self._get(key)
        if value is not None and not isinstance(value, bool):
            raise self._fail(key, "true, false or null", value)
        return value

    def items(self, key: str) -> list[object]:
        value = self._get(key)
        if not isinstance(value, list):
            raise self._fail(key, "a list", value)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self.items(key)
        for index, item in enumerate(items):
            if not isinstance(item, str):
                raise self._fail(f"{key}[{index}]", "a string", item)
        return tuple(str(item) for item in items)

    def rows(self, key: str, read: Callable[[object, str], T]) -> tuple[T, ...]:
        return tuple(
            read(item, f"{self.where}.{key}[{index}]") for index, item in enumerate(self.items(key))
        )

    def text_map(self, key: str) -> dict[str, str]:
        value = self._get(key)
        if not isinstance(value, Mapping):
            raise self._fail(key, "an object", value)
        for name, item in value.items():
            if not isinstance(item, str):
                raise self._fail(f"{key}.{name}", "a string", item)
        return {str(name): str(item) for name, item in value.items()}

    def texts_map(self, key: str) -> dict[str, tuple[str, ...]]:
        value = self._get(key)
        if not isinstance(value, Mapping):
            raise self._fail(key, "an object", value)
        inner = JsonFields(value, f"{self.where}.{key}")
        return {str(name): inner.texts(str(name)) for name in value}

    def text_maps(self, key: str) -> dict[str, dict[str, str]]:
        value = self._get(key)
        if not isinstance(value, Mapping):
            raise self._fail(key, "an object", value)
        inner = JsonFields(value, f"{self.where}.{key}")
        return {str(name): inner.text_map(str(name)) for name in value}

    def route(self) -> Route | None:
        """The `route` a probe took; reports written before probes named their route have
        none."""
        return (
            route_from_json(self._get("route"), f"{self.where}.route")
            if self.has("route")
            else None
        )

    def done(self) -> None:
        extra = sorted(set(self.data) - self.seen)
        if extra:
            raise EvidenceError(f"{self.where}: unexpected field {extra[0]!r}")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", str: "a string", int: "an integer", float: "a number"}.get(
        type(value), "a list" if isinstance(value, list) else "an object"
    )


def _put(data: JsonObject, key: str, value: object) -> None:
    """Add `key` only when the record has it (None: the check did not get that far)."""
    if value is not None:
        data[key] = list(value) if isinstance(value, tuple) else value


# -- adapter ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdapterSummary:
    """Another adapter of the laptop, named, not described: its MAC address stays private."""

    name: str
    friendly_name: str
    kind: str
    link_up: bool | None
    default_route_metric: int | None
    ipv4: tuple[str, ...] | None = None
    """Its IPv4 addresses (None: a report written before adapters were listed with them)."""

    @classmethod
    def of(cls, adapter: AdapterInfo) -> AdapterSummary:
        return cls(
            adapter.name,
            adapter.friendly_name,
            adapter.kind.value,
            adapter.link_up,
            adapter.default_route_metric,
            tuple(address.address for address in adapter.ipv4),
        )

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "name": self.name,
            "friendly_name": self.friendly_name,
            "kind": self.kind,
            "link_up": self.link_up,
            "default_route_metric": self.default_route_metric,
        }
        _put(data, "ipv4", self.ipv4)
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "adapters[]") -> AdapterSummary:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.text("name"),
                f.text("friendly_name"),
                f.text("kind"),
                f.opt_bool("link_up"),
                f.opt_integer("default_route_metric"),
                f.optional("ipv4", f.texts),
            ),
        )


def link_from_json(data: object, where: str = "link") -> LinkHealth | None:
    """A port's speed, duplex and error counters (`LinkHealth.as_dict()`), or None (null)."""
    return JsonFields.read_or_none(data, where, _link)


def _link(f: JsonFields) -> LinkHealth:
    facts = (f.opt_integer("speed_mbps"), f.opt_text("duplex"), f.opt_integer("rx_errors"))
    return LinkHealth(*facts, tx_errors=f.opt_integer("tx_errors"))


def adapter_from_json(data: object, where: str = "adapter") -> AdapterInfo:
    """An adapter card (`AdapterInfo.as_dict()`) read back, every field checked."""

    def address(a: JsonFields) -> IPv4Address:
        parsed = IPv4Address(a.text("address"), a.integer("prefix"))
        a.text("netmask")  # derived from the prefix, written for people
        return parsed

    def build(f: JsonFields) -> AdapterInfo:
        kind = f.text("kind")
        if kind not in {k.value for k in AdapterKind}:
            raise EvidenceError(f"{where}.kind: unknown kind {kind!r}")
        return AdapterInfo(
            name=f.text("name"),
            friendly_name=f.text("friendly_name"),
            description=f.text("description"),
            kind=AdapterKind(kind),
            link_up=f.opt_bool("link_up"),
            mac=f.opt_text("mac"),
            ipv4=f.rows("ipv4", JsonFields.reader(address)),
            ipv6=f.texts("ipv6"),
            gateways=f.texts("gateways"),
            dns_servers=f.texts("dns_servers"),
            dhcp=f.opt_bool("dhcp"),
            default_route_metric=f.opt_integer("default_route_metric"),
            index=f.opt_integer("index"),
            # Reports written before the cable's health was read have no link.
            link=f.optional("link", f.record(link_from_json)),
        )

    return JsonFields.read(data, where, build)


def route_from_json(data: object, where: str = "route") -> Route | None:
    """The route a probe took (`Route.as_dict()`), or None when the check wrote null."""
    return JsonFields.read_or_none(data, where, _route)


def _route(f: JsonFields) -> Route:
    where_from = (f.opt_text("source"), f.opt_text("interface"), f.opt_integer("index"))
    return Route(*where_from, interface_bound=f.flag("interface_bound"))


def _route_json(route: Route | None) -> JsonObject | None:
    return route.as_dict() if route else None


@dataclass(frozen=True)
class AdapterEvidence(Evidence):
    adapters: tuple[AdapterSummary, ...]
    system: str | None = None
    """The operating system, when it is one this program cannot read adapters on."""
    adapter: AdapterInfo | None = None
    """The tested adapter, once one was found."""
    source_address: str | None = None
    """Its IPv4 address, once it has a usable one and a gateway: every probe is sent from it."""
    route: Route | None = None
    """The adapter and address every probe leaves by, with the source address."""
    interface_binding_error: str | None = None
    """Why the system refused to tie the probes to the adapter (the address alone is bound)."""
    default_route_adapter: str | None = None
    """Another adapter whose default route wins over the tested one's."""
    link_problems: tuple[str, ...] | None = None
    """What is wrong with the cable (`LINK_SLOW`, `LINK_HALF_DUPLEX`, `LINK_ERRORS_ROSE`)."""
    link_end: LinkHealth | None = None
    """The link read again at the end of the run, to see whether its error counters rose."""

    check_id: ClassVar[str] = "adapter"

    def to_json(self) -> JsonObject:
        data: JsonObject = {"adapters": [a.to_json() for a in self.adapters]}
        _put(data, "system", self.system)
        _put(data, "adapter", self.adapter.as_dict() if self.adapter else None)
        _put(data, "source_address", self.source_address)
        _put(data, "route", _route_json(self.route))
        _put(data, "interface_binding_error", self.interface_binding_error)
        _put(data, "default_route_adapter", self.default_route_adapter)
        _put(data, "link_problems", self.link_problems)
        _put(data, "link_end", self.link_end.as_dict() if self.link_end else None)
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> AdapterEvidence:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.rows("adapters", AdapterSummary.from_json),
                f.optional("system", f.text),
                f.optional("adapter", f.record(adapter_from_json)),
                f.optional("source_address", f.text),
                f.route(),
                f.optional("interface_binding_error", f.text),
                f.optional("default_route_adapter", f.text),
                f.optional("link_problems", f.texts),
                f.optional("link_end", f.record(link_from_json)),
            ),
        )

    def others(self) -> tuple[AdapterSummary, ...]:
        """The laptop's other adapters, loopback left out."""
        tested = self.adapter.name if self.adapter else None
        return tuple(
            a for a in self.adapters if a.name != tested and a.kind != AdapterKind.LOOPBACK.value
        )


# -- dns --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DnsAnswer:
    """One DNS server's answer; a live row of the DNS step while it is asked."""

    server: str
    """`host` or `host:port` when not 53: how the server was asked for, and the row's key."""
    outcome: str
    """`answer`, `nxdomain`, `servfail`, `refused`, `no_answer`, `timeout`, `unreachable`,
    `cancelled`; `running` on a live row still waiting."""
    rcode: str | None = None
    cname_chain: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    ms: int = 0
    error: str | None = None
    route: Route | None = None

    @property
    def key(self) -> str:
        return self.server

    @property
    def state(self) -> str:
        return self.outcome

    def to_json(self) -> JsonObject:
        return {
            "server": self.server,
            "outcome": self.outcome,
            "rcode": self.rcode,
            "cname_chain": list(self.cname_chain),
            "addresses": list(self.addresses),
            "ms": self.ms,
            "error": self.error,
            "route": _route_json(self.route),
        }

    @classmethod
    def from_json(cls, data: object, where: str = "answers[]") -> DnsAnswer:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.text("server"),
                f.text("outcome"),
                f.opt_text("rcode"),
                f.texts("cname_chain"),
                f.texts("addresses"),
                f.integer("ms"),
                f.opt_text("error"),
                f.route(),
            ),
        )


@dataclass(frozen=True)
class DnsEvidence(Evidence):
    """The endpoint's lookup. `answer` is the one that speaks for the site (the most definite
    of the servers'), written flat beside the list of every server's; an address given as the
    endpoint needs no lookup and has no answer."""

    endpoint: str
    servers: tuple[str, ...] | None = None
    """The servers asked (None: an address needs none)."""
    answers: tuple[DnsAnswer, ...] | None = None
    """Every server's answer, in server order (None: no server to ask)."""
    answer: DnsAnswer | None = None
    addresses: tuple[str, ...] | None = None
    """The endpoint's addresses (None: no server to ask)."""
    cname_chain: tuple[str, ...] = ()
    suspicious: tuple[str, ...] | None = None
    """Private or reserved addresses in any server's answer."""
    disagree: tuple[str, ...] | None = None
    """The servers that denied the name another one resolved."""

    check_id: ClassVar[str] = "dns"

    @property
    def found(self) -> tuple[str, ...]:
        """The addresses the endpoint resolved to (empty: none)."""
        return self.addresses or ()

    @property
    def server(self) -> str | None:
        """The server whose answer speaks for the site."""
        return self.answer.server if self.answer else None

    def to_json(self) -> JsonObject:
        data: JsonObject = {"endpoint": self.endpoint}
        _put(data, "servers", self.servers)
        _put(data, "answers", None if self.answers is None else [a.to_json() for a in self.answers])
        if self.answer is not None:
            data.update(
                server=self.answer.server, outcome=self.answer.outcome, rcode=self.answer.rcode
            )
        if self.addresses is not None:
            data.update(cname_chain=list(self.cname_chain), addresses=list(self.addresses))
        if self.answer is not None:
            data.update(ms=self.answer.ms, route=_route_json(self.answer.route))
        _put(data, "suspicious", self.suspicious)
        _put(data, "disagree", self.disagree)
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> DnsEvidence:
        def build(f: JsonFields) -> DnsEvidence:
            answer = None
            addresses = f.optional("addresses", f.texts)
            chain = f.texts("cname_chain") if addresses is not None else ()
            if f.has("outcome"):
                answer = DnsAnswer(
                    f.text("server"),
                    f.text("outcome"),
                    f.opt_text("rcode"),
                    chain,
                    addresses or (),
                    f.integer("ms"),
                    route=f.route(),
                )
            return cls(
                f.text("endpoint"),
                f.optional("servers", f.texts),
                f.optional("answers", f.rows_of(DnsAnswer.from_json)),
                answer,
                addresses,
                chain,
                f.optional("suspicious", f.texts),
                f.optional("disagree", f.texts),
            )

        return JsonFields.read(data, where, build)


# -- ports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortProbe:
    """One port tried on one of the endpoint's addresses; a live row of the ports step."""

    port: int
    protocol: str
    use: str
    address: str
    state: str
    """`open`, `refused`, `filtered`, `unreachable`, `cancelled`; `running` while it waits."""
    ms: int = 0
    error: str | None = None
    route: Route | None = None

    @property
    def key(self) -> str:
        return f"{self.port}/{self.protocol} {self.address}"

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    def to_json(self) -> JsonObject:
        return {
            "port": self.port,
            "protocol": self.protocol,
            "use": self.use,
            "address": self.address,
            "state": self.state,
            "ms": self.ms,
            "error": self.error,
            "route": _route_json(self.route),
        }

    @classmethod
    def from_json(cls, data: object, where: str = "ports[]") -> PortProbe:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.integer("port"),
                f.text("protocol"),
                f.text("use"),
                f.text("address"),
                f.text("state"),
                f.integer("ms"),
                f.opt_text("error"),
                f.route(),
            ),
        )


@dataclass(frozen=True)
class PortGroup:
    """Rows of one port that ended alike: the endpoint's addresses mostly answer the same."""

    port: int
    protocol: str
    use: str
    state: str
    rows: tuple[PortProbe, ...]

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(row.address for row in self.rows)

    @property
    def slowest_ms(self) -> int:
        return max(row.ms for row in self.rows)

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


@dataclass(frozen=True)
class PortsEvidence(Evidence):
    addresses: tuple[str, ...]
    timeout_s: float
    ports: tuple[PortProbe, ...]
    blocked: dict[str, tuple[str, ...]] | None = None
    """As the check reported it: the ports blocked on every address (`<port>/TCP`), by state."""
    blocked_addresses: dict[str, dict[str, str]] | None = None
    """As the check reported it: the ports blocked on some addresses only, each with those
    addresses and their states (`{"<port>/TCP": {"192.0.2.2": "filtered"}}`)."""
    control: PortProbe | None = None
    """The control connection, to an address no server holds (`use` is `control`): `open`
    means something on the site answers every handshake itself. None in a report written
    before runs made one."""

    check_id: ClassVar[str] = "ports"

    @property
    def intercepted(self) -> bool:
        """Whether something on the site completed the control connection: the ports' `open`
        then says nothing about the endpoint."""
        return self.control is not None and self.control.is_open

    def port_keys(self) -> tuple[tuple[int, str], ...]:
        """Each port probed, as (number, protocol), in the order they were tried."""
        return tuple(dict.fromkeys((row.port, row.protocol) for row in self.ports))

    def rows_for(self, port: int, protocol: str) -> tuple[PortProbe, ...]:
        return tuple(r for r in self.ports if (r.port, r.protocol) == (port, protocol))

    def is_blocked(self, port: int, protocol: str) -> bool:
        """The port rule: a port counts as reachable only when it opens on every address of
        the endpoint, since the station connects to whichever one it gets."""
        return any(not row.is_open for row in self.rows_for(port, protocol))

    def port_state(self, port: int, protocol: str) -> str:
        """One state for the port: `open` when it is not blocked, else how the first address
        that did not open answered."""
        closed = [row for row in self.rows_for(port, protocol) if not row.is_open]
        return closed[0].state if closed else OPEN

    def blocked_everywhere(self) -> dict[str, tuple[int, ...]]:
        """The ports blocked on every address, by the first address's state, in the order
        tried."""
        found: dict[str, list[int]] = {}
        for port, protocol in self.port_keys():
            rows = self.rows_for(port, protocol)
            if not any(row.is_open for row in rows):
                found.setdefault(rows[0].state, []).append(port)
        return {state: tuple(ports) for state, ports in found.items()}

    def blocked_somewhere(self) -> dict[int, dict[str, str]]:
        """The ports blocked on some addresses only, each with those addresses' states."""
        found: dict[int, dict[str, str]] = {}
        for port, protocol in self.port_keys():
            rows = self.rows_for(port, protocol)
            if any(row.is_open for row in rows) and self.is_blocked(port, protocol):
                found[port] = {row.address: row.state for row in rows if not row.is_open}
        return found

    def groups(self) -> tuple[PortGroup, ...]:
        """The rows grouped by port and state, in the order tried."""
        grouped: dict[tuple[int, str, str], list[PortProbe]] = {}
        for row in self.ports:
            grouped.setdefault((row.port, row.protocol, row.state), []).append(row)
        return tuple(
            PortGroup(port, protocol, rows[0].use, state, tuple(rows))
            for (port, protocol, state), rows in grouped.items()
        )

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "addresses": list(self.addresses),
            "timeout_s": self.timeout_s,
            "ports": [row.to_json() for row in self.ports],
        }
        if self.blocked is not None:
            data["blocked"] = {state: list(ports) for state, ports in self.blocked.items()}
        if self.blocked_addresses is not None:
            data["blocked_addresses"] = {
                port: dict(states) for port, states in self.blocked_addresses.items()
            }
        if self.control is not None:
            data["control"] = self.control.to_json()
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> PortsEvidence:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.texts("addresses"),
                f.number("timeout_s"),
                f.rows("ports", PortProbe.from_json),
                f.optional("blocked", f.texts_map),
                f.optional("blocked_addresses", f.text_maps),
                f.optional("control", f.record(PortProbe.from_json)),
            ),
        )


# -- ntp --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NtpServer:
    """One time server asked; a live row of the ports step. The reply's fields are there once
    the server was queried (`ms` not None); `leap` and `kiss_code` when it was unusable."""

    server: str
    address: str | None
    state: str
    """`answer`, `unusable`, `timeout`, `unreachable`, `cancelled`, `not_resolved`;
    `running` while it waits."""
    route: Route | None = None
    port: int | None = None
    """The UDP port asked (None in a report written before rows named it)."""
    ms: int | None = None
    offset_s: float | None = None
    rtt_ms: float | None = None
    stratum: int | None = None
    error: str | None = None
    leap: int | None = None
    kiss_code: str | None = None

    UNUSABLE: ClassVar[str] = "unusable"

    @property
    def key(self) -> str:
        return self.server

    def to_json(self) -> JsonObject:
        data: JsonObject = {"server": self.server}
        _put(data, "port", self.port)
        data |= {
            "address": self.address,
            "route": _route_json(self.route),
            "state": self.state,
        }
        if self.ms is not None:
            data.update(
                ms=self.ms,
                offset_s=self.offset_s,
                rtt_ms=self.rtt_ms,
                stratum=self.stratum,
                error=self.error,
            )
            if self.state == self.UNUSABLE:
                data.update(leap=self.leap, kiss_code=self.kiss_code)
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "servers[]") -> NtpServer:
        def build(f: JsonFields) -> NtpServer:
            server = f.text("server")
            port = f.optional("port", f.integer)
            address, state = f.opt_text("address"), f.text("state")
            row = cls(server, address, state, route=f.route(), port=port)
            if f.has("ms"):
                unusable = state == cls.UNUSABLE
                row = replace(
                    row,
                    ms=f.integer("ms"),
                    offset_s=f.opt_number("offset_s"),
                    rtt_ms=f.opt_number("rtt_ms"),
                    stratum=f.opt_integer("stratum"),
                    error=f.opt_text("error"),
                    leap=f.opt_integer("leap") if unusable else None,
                    kiss_code=f.opt_text("kiss_code") if unusable else None,
                )
            return row

        return JsonFields.read(data, where, build)


@dataclass(frozen=True)
class NtpEvidence(Evidence):
    servers: tuple[NtpServer, ...]
    threshold_s: float
    best: NtpServer | None = None
    """The server that answered fastest, once one answered; its figures are written flat."""

    check_id: ClassVar[str] = "ntp"

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "servers": [row.to_json() for row in self.servers],
            "threshold_s": self.threshold_s,
        }
        if self.best is not None:
            data.update(
                server=self.best.server,
                offset_s=self.best.offset_s,
                rtt_ms=self.best.rtt_ms,
                stratum=self.best.stratum,
            )
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> NtpEvidence:
        def build(f: JsonFields) -> NtpEvidence:
            servers = f.rows("servers", NtpServer.from_json)
            threshold = f.number("threshold_s")
            best = None
            if f.has("server"):
                name = f.text("server")
                best = next((row for row in servers if row.server == name), None)
                if best is None:
                    raise EvidenceError(f"{where}.server: {name!r} is not one of the servers")
                figures = (
                    f.opt_number("offset_s"),
                    f.opt_number("rtt_ms"),
                    f.opt_integer("stratum"),
                )
                if figures != (best.offset_s, best.rtt_ms, best.stratum):
                    raise EvidenceError(f"{where}: the best server's figures differ from its row")
            return cls(servers, threshold, best)

        return JsonFields.read(data, where, build)


# -- tls --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateFacts:
    subject: str
    issuer: str
    not_before: str
    not_after: str

    def to_json(self) -> JsonObject:
        return {
            "subject": self.subject,
            "issuer": self.issuer,
            "not_before": self.not_before,
            "not_after": self.not_after,
        }

    @classmethod
    def from_json(cls, data: object, where: str = "certificate") -> CertificateFacts:
        def build(f: JsonFields) -> CertificateFacts:
            return cls(
                f.text("subject"), f.text("issuer"), f.text("not_before"), f.text("not_after")
            )

        return JsonFields.read(data, where, build)


@dataclass(frozen=True)
class EchoProbe:
    """One ICMP echo with Don't Fragment set, of `size` bytes (the whole IP packet)."""

    size: int
    state: str
    """`answered`, `no_answer`, `too_big` (the laptop's own link refused to send it),
    `error`, `cancelled`."""
    ms: int | None = None
    """The round trip, when answered."""
    error: str | None = None

    ANSWERED: ClassVar[str] = "answered"

    @property
    def answered(self) -> bool:
        return self.state == self.ANSWERED

    def to_json(self) -> JsonObject:
        return {"size": self.size, "state": self.state, "ms": self.ms, "error": self.error}

    @classmethod
    def from_json(cls, data: object, where: str = "echoes[]") -> EchoProbe:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.integer("size"), f.text("state"), f.opt_integer("ms"), f.opt_text("error")
            ),
        )


@dataclass(frozen=True)
class PathMtu:
    """After a stalled handshake: does the path to the endpoint drop large packets?"""

    address: str
    method: str | None
    """How the echoes were sent: `icmp_socket` (an unprivileged ICMP socket), `raw_socket`,
    `icmp_send_echo` (Windows' IcmpSendEcho2Ex); None when they could not be sent at all."""
    echoes: tuple[EchoProbe, ...] = ()
    """Largest first; the first size is the full one the station's packets have."""
    error: str | None = None
    """Why the path could not be tested, when `method` is None."""
    route: Route | None = None

    @property
    def tested(self) -> bool:
        return self.method is not None and any(e.state != "cancelled" for e in self.echoes)

    @property
    def full_size(self) -> int | None:
        return max((e.size for e in self.echoes), default=None)

    @property
    def largest_answered(self) -> int | None:
        return max((e.size for e in self.echoes if e.answered), default=None)

    @property
    def black_hole(self) -> bool:
        """Small packets come back and full-size ones do not: the path drops large packets,
        and the ICMP that would tell the sender to make them smaller never arrives."""
        largest = self.largest_answered
        return largest is not None and largest != self.full_size

    def to_json(self) -> JsonObject:
        return {
            "address": self.address,
            "method": self.method,
            "echoes": [echo.to_json() for echo in self.echoes],
            "error": self.error,
            "route": _route_json(self.route),
        }

    @classmethod
    def from_json(cls, data: object, where: str = "path_mtu") -> PathMtu:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.text("address"),
                f.opt_text("method"),
                f.rows("echoes", EchoProbe.from_json),
                f.opt_text("error"),
                f.route(),
            ),
        )


@dataclass(frozen=True)
class TlsEvidence(Evidence):
    """The HTTPS handshake with the endpoint; also the ports step's live row for HTTPS."""

    host: str
    address: str
    port: int
    outcome: str
    """`trusted`, `untrusted`, `failed`, `not_connected`, `cancelled`."""
    route: Route | None = None
    tls_version: str | None = None
    error: str | None = None
    verify_code: int | None = None
    trust_store: str = ""
    failure: str | None = None
    """Why, when `outcome` is `failed`: `reset`, `timeout`, `dates`, `hostname`…"""
    certificate: CertificateFacts | None = None
    trust_store_error: str | None = None
    """When the trust store itself could not be read."""
    path_mtu: PathMtu | None = None
    """After a stalled handshake: the echoes that looked for a path-MTU black hole."""

    check_id: ClassVar[str] = "tls"

    @property
    def key(self) -> str:
        return f"{self.port}/tcp {self.address}"

    @property
    def state(self) -> str:
        return self.outcome

    def to_json(self) -> JsonObject:
        data: JsonObject = {
            "host": self.host,
            "address": self.address,
            "port": self.port,
            "outcome": self.outcome,
            "route": _route_json(self.route),
            "tls_version": self.tls_version,
            "error": self.error,
            "verify_code": self.verify_code,
            "trust_store": self.trust_store,
            "failure": self.failure,
            "certificate": self.certificate.to_json() if self.certificate else None,
        }
        _put(data, "trust_store_error", self.trust_store_error)
        if self.path_mtu is not None:
            data["path_mtu"] = self.path_mtu.to_json()
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> TlsEvidence:
        def build(f: JsonFields) -> TlsEvidence:
            cert = f.value("certificate")
            return cls(
                f.text("host"),
                f.text("address"),
                f.integer("port"),
                f.text("outcome"),
                f.route(),
                f.opt_text("tls_version"),
                f.opt_text("error"),
                f.opt_integer("verify_code"),
                f.text("trust_store"),
                f.opt_text("failure"),
                None if cert is None else CertificateFacts.from_json(cert, f"{where}.certificate"),
                f.optional("trust_store_error", f.text),
                f.optional("path_mtu", f.record(PathMtu.from_json)),
            )

        return JsonFields.read(data, where, build)


# -- firmware, matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class FirmwareEvidence(Evidence):
    model: str
    """The model as typed, or the rules' model id once it was recognised."""
    version: str
    """The version as typed, or normalised (`2024.3.0.428`) once it was read."""
    minimum: str | None = None
    """The model's minimum, once the model was recognised."""

    check_id: ClassVar[str] = "firmware"

    def to_json(self) -> JsonObject:
        data: JsonObject = {"model": self.model, "version": self.version}
        _put(data, "minimum", self.minimum)
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> FirmwareEvidence:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(f.text("model"), f.text("version"), f.optional("minimum", f.text)),
        )


@dataclass(frozen=True)
class LaptopVpn:
    """A VPN or tunnel adapter of the laptop that is up and takes the laptop's traffic or
    names (a default route, DNS servers of its own)."""

    name: str
    default_route: bool
    dns_servers: tuple[str, ...]

    def to_json(self) -> JsonObject:
        return {
            "name": self.name,
            "default_route": self.default_route,
            "dns_servers": list(self.dns_servers),
        }

    @classmethod
    def from_json(cls, data: object, where: str = "vpns[]") -> LaptopVpn:
        f = JsonFields(data, where)
        row = cls(f.text("name"), f.flag("default_route"), f.texts("dns_servers"))
        f.done()
        return row


def _proxy_from_json(data: object, where: str) -> ProxySetting:
    f = JsonFields(data, where)
    row = ProxySetting(f.text("source"), f.text("value"))
    f.done()
    return row


@dataclass(frozen=True)
class LaptopEvidence(Evidence):
    """What the laptop has that the station does not: proxies and VPN adapters."""

    proxies: tuple[ProxySetting, ...]
    vpns: tuple[LaptopVpn, ...]

    check_id: ClassVar[str] = "laptop"

    def to_json(self) -> JsonObject:
        return {
            "proxies": [{"source": p.source, "value": p.value} for p in self.proxies],
            "vpns": [v.to_json() for v in self.vpns],
        }

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> LaptopEvidence:
        f = JsonFields(data, where)
        evidence = cls(f.rows("proxies", _proxy_from_json), f.rows("vpns", LaptopVpn.from_json))
        f.done()
        return evidence


@dataclass(frozen=True)
class RankedCause:
    """One of the matrix row's causes, and how the laptop's results bear on it."""

    step: str
    checks: tuple[str, ...]
    evidence: str
    """`implicated` (a check failed), `cleared` (every check passed) or `unknown`."""
    codes: dict[str, str] = field(default_factory=dict)
    """The code each of those checks gave."""

    def to_json(self) -> JsonObject:
        return {
            "step": self.step,
            "checks": list(self.checks),
            "evidence": self.evidence,
            "codes": dict(self.codes),
        }

    @classmethod
    def from_json(cls, data: object, where: str = "ranking[]") -> RankedCause:
        def build(f: JsonFields) -> RankedCause:
            return cls(f.text("step"), f.texts("checks"), f.text("evidence"), f.text_map("codes"))

        return JsonFields.read(data, where, build)


@dataclass(frozen=True)
class MatrixEvidence(Evidence):
    readings: dict[str, str]
    """The station's readings as given (`link`, `vpn`, `cloud`)."""
    contradictions: tuple[str, ...] | None = None
    site_passed: bool | None = None
    """True when every laptop check passed: the station's own steps follow, not a ranking."""
    ranking: tuple[RankedCause, ...] | None = None

    check_id: ClassVar[str] = "matrix"

    def to_json(self) -> JsonObject:
        data: JsonObject = {"readings": dict(self.readings)}
        _put(data, "contradictions", self.contradictions)
        _put(data, "site_passed", self.site_passed)
        _put(data, "ranking", None if self.ranking is None else [c.to_json() for c in self.ranking])
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> MatrixEvidence:
        return JsonFields.read(
            data,
            where,
            lambda f: cls(
                f.text_map("readings"),
                f.optional("contradictions", f.texts),
                f.optional("site_passed", f.flag),
                f.optional("ranking", f.rows_of(RankedCause.from_json)),
            ),
        )


# -- a crashed check --------------------------------------------------------------------------


@dataclass(frozen=True)
class CrashEvidence(Evidence):
    """A check that raised: the exception, for support (the traceback stays out of the HTML
    report, whose readers do not need the program's folders)."""

    exception: str
    message: str
    traceback: str

    check_id: ClassVar[str] = ""

    def to_json(self) -> JsonObject:
        return {"exception": self.exception, "message": self.message, "traceback": self.traceback}

    @classmethod
    def from_json(cls, data: object, where: str = "evidence") -> CrashEvidence:
        def build(f: JsonFields) -> CrashEvidence:
            return cls(f.text("exception"), f.text("message"), f.text("traceback"))

        return JsonFields.read(data, where, build)


CRASHED = "CHECK_CRASHED"

EVIDENCE_TYPES: dict[str, type[Evidence]] = {
    kind.check_id: kind
    for kind in (
        AdapterEvidence,
        LaptopEvidence,
        DnsEvidence,
        PortsEvidence,
        NtpEvidence,
        TlsEvidence,
        FirmwareEvidence,
        MatrixEvidence,
    )
}
"""Each check's evidence type, by check id."""

_READERS: dict[str, Callable[[object, str], Evidence]] = {
    "adapter": AdapterEvidence.from_json,
    "laptop": LaptopEvidence.from_json,
    "dns": DnsEvidence.from_json,
    "ports": PortsEvidence.from_json,
    "ntp": NtpEvidence.from_json,
    "tls": TlsEvidence.from_json,
    "firmware": FirmwareEvidence.from_json,
    "matrix": MatrixEvidence.from_json,
}


def evidence_from_json(check_id: str, code: str, data: object, where: str) -> Evidence | None:
    """A saved result's evidence, typed by its check (and `CHECK_CRASHED`); `{}` means none."""
    reader = _READERS.get(check_id)
    if reader is None:
        raise EvidenceError(f"{where}: unknown check {check_id!r}")
    if isinstance(data, Mapping) and not data:
        return None
    if code == CRASHED:
        return CrashEvidence.from_json(data, where)
    return reader(data, where)


def rows_of(evidence: Evidence | None) -> tuple[LiveRow, ...]:
    """The live rows a finished result would have shown, in the order they ran: to show a
    saved report as it ran."""
    match evidence:
        case DnsEvidence(answers=answers):
            return tuple(answers or ())
        case PortsEvidence(ports=ports):
            return ports
        case NtpEvidence(servers=servers):
            return servers
        case TlsEvidence():
            return (evidence,)
    return ()
