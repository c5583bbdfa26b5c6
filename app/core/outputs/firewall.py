"""Firewall rules for the site's IT: what the station must be let out to, by name and by the
addresses one run saw, as a table for the letter and as files a firewall loads.

`firewall_plan` reads a run (a live one or a saved report read back) into plain rules: each
one outbound, a protocol, its ports, the destination by name (the endpoint and every name of
its CNAME chain, or the time servers) and the addresses seen. `render` writes them as `csv`,
`nftables` (an `nft -f` file inserting accept rules in the `forward` chain of `inet filter`) or
`iptables` (an `iptables-restore --noflush` fragment for `FORWARD`).

Everything read from the report is hostile: a saved file can say anything. Only what passes
`ipaddress` (an address, a network) or the project's host-name rule reaches the output, and
every line of the comment header is checked to be one printable line, so nothing from a
report can add a rule or end a comment early.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app import APP_ID, APP_NAME, __version__
from app.core.evidence import AdapterEvidence, DnsEvidence, NtpEvidence, PortsEvidence
from app.core.messages import Words
from app.core.model import RunReport
from app.core.outputs.refcode import reference_or_none
from app.core.rules import Rules
from app.core.util.hosts import HOST_NAME, parse_server

FORMATS = ("csv", "nftables", "iptables")
"""The formats proven here: nftables by loading it in the lab's router, iptables by
`iptables-restore --test`, csv by reading it back."""

DEFAULT_TABLE = "filter"
DEFAULT_CHAIN = "forward"
TABLE_OR_CHAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
"""A name nft accepts unquoted as a table or chain, and that cannot carry anything else."""

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DNS_PORT = 53
_USE_ORDER = {"https": 0, "vpn": 1, "ntp": 2, "dns": 3}
_PRINTABLE_LINE = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029]*")


@dataclass(frozen=True)
class FirewallRule:
    """One outbound allowance. `names` are destinations by name (empty for the DNS servers,
    which the site knows by address); `addresses` are the ones this run saw for them."""

    use: str
    protocol: str
    ports: tuple[int, ...]
    names: tuple[str, ...]
    addresses: tuple[Address, ...]


@dataclass(frozen=True)
class FirewallPlan:
    """The rules for one run, with what the header says about it."""

    started_at: datetime | None
    reference: str | None
    source: ipaddress.IPv4Network | None
    """The site network the laptop was on, where the station will be; None when unknown."""
    rules: tuple[FirewallRule, ...]

    def names(self) -> tuple[str, ...]:
        """Every destination name, once, in the rules' order: what FQDN objects should hold."""
        seen: dict[str, None] = {}
        for rule in self.rules:
            seen.update(dict.fromkeys(rule.names))
        return tuple(seen)


class FirewallError(ValueError):
    """A table or chain name that nft would not take as a plain name."""


def firewall_plan(report: RunReport, rules: Rules) -> FirewallPlan:
    """The rules the station needs, from what `report` saw. Safe on any saved report."""
    endpoint_names, endpoint_addresses = _endpoint(report, rules)
    ntp_names, ntp_addresses = _time_servers(report, rules)
    grouped: dict[tuple[str, str], list[int]] = {}
    for port_rule in rules.ports:
        grouped.setdefault((port_rule.use, port_rule.protocol), []).append(port_rule.port)
    found: list[FirewallRule] = []
    for (use, protocol), ports in grouped.items():
        names, addresses = (
            (ntp_names, ntp_addresses) if use == "ntp" else (endpoint_names, endpoint_addresses)
        )
        found.append(FirewallRule(use, protocol, tuple(ports), names, addresses))
    dns_servers = _dns_servers(report)
    for protocol in ("udp", "tcp"):
        found.append(FirewallRule("dns", protocol, (DNS_PORT,), (), dns_servers))
    found.sort(key=lambda rule: _USE_ORDER.get(rule.use, len(_USE_ORDER)))
    return FirewallPlan(
        started_at=_when(report.started_at),
        reference=reference_or_none(report),
        source=_source_network(report),
        rules=tuple(found),
    )


# -- reading the report (hostile) --------------------------------------------------------------


def _name(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    name = value.rstrip(".").lower()
    return name if name and HOST_NAME.match(name) and not _address(name) else None


def _address(value: Any) -> Address | None:
    if not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _unique(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(item for item in items if item is not None))


def _endpoint(report: RunReport, rules: Rules) -> tuple[tuple[str, ...], tuple[Address, ...]]:
    dns = report.result("dns")
    found = dns.evidence_as(DnsEvidence) if dns else None
    asked = _name(report.endpoint)
    chain: list[Any] = [asked]
    addresses: list[Any] = []
    suspicious = set(found.suspicious or ()) if found else set()
    answers: list[tuple[tuple[str, ...], tuple[str, ...]]] = (
        [(a.cname_chain, a.addresses) for a in found.answers or ()] if found else []
    )
    if found and not answers:
        answers = [(found.cname_chain, found.found)]
    for names, answered in answers:
        chain += [_name(n) for n in names]
        addresses += [_address(a) for a in answered if a not in suspicious]
    ports = report.result("ports")
    probed = ports.evidence_as(PortsEvidence) if ports else None
    for row in probed.ports if probed else ():
        addresses.append(_address(row.address))
    kept = [a for a in addresses if a is not None and not _private(a, rules)]
    return _unique(chain), tuple(sorted(_unique(kept), key=_address_key))


def _private(address: Address, rules: Rules) -> bool:
    """An address the endpoint cannot really have (a rewritten answer): never allowed."""
    return any(address in network for network in rules.suspicious_answers)


def _address_key(address: Address) -> tuple[int, int]:
    return address.version, int(address)


def _time_servers(report: RunReport, rules: Rules) -> tuple[tuple[str, ...], tuple[Address, ...]]:
    asked = report.inputs.ntp_servers or rules.ntp_servers
    names: list[Any] = []
    addresses: list[Any] = []
    for server in asked:
        try:
            host, _port = parse_server(str(server), rules.ntp_port)
        except ValueError:
            continue
        names.append(_name(host))
        addresses.append(_address(host))
    ntp = report.result("ntp")
    asked_servers = ntp.evidence_as(NtpEvidence) if ntp else None
    for row in asked_servers.servers if asked_servers else ():
        address = _address(row.address)
        if address is not None and not _private(address, rules):
            addresses.append(address)
    return _unique(names), tuple(sorted(_unique(addresses), key=_address_key))


def _dns_servers(report: RunReport) -> tuple[Address, ...]:
    dns = report.result("dns")
    lookup = dns.evidence_as(DnsEvidence) if dns else None
    servers = list(lookup.servers or ()) if lookup else []
    if not servers:
        adapter = report.result("adapter")
        tested = adapter.evidence_as(AdapterEvidence) if adapter else None
        servers = list(tested.adapter.dns_servers) if tested and tested.adapter else []
    found = []
    for server in servers:
        try:
            host, _port = parse_server(str(server))
        except ValueError:
            continue
        found.append(_address(host))
    return tuple(sorted(_unique(found), key=_address_key))


def _source_network(report: RunReport) -> ipaddress.IPv4Network | None:
    adapter = report.result("adapter")
    tested = adapter.evidence_as(AdapterEvidence) if adapter else None
    if tested is None or tested.adapter is None:
        return None
    source = _address(tested.source_address)
    for row in tested.adapter.ipv4:
        if not 0 < row.prefix <= 32:
            continue
        address = _address(row.address)
        if isinstance(address, ipaddress.IPv4Address) and (source is None or address == source):
            return ipaddress.IPv4Network(f"{address}/{row.prefix}", strict=False)
    return None


def _when(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# -- writing ----------------------------------------------------------------------------------


class _RuleWords:
    """Words with what a rule's purpose and destination read as."""

    def __init__(self, words: Words) -> None:
        self.words = words

    def __call__(self, name: str, **params: Any) -> str:
        return self.words.term(name, params)

    def purpose(self, use: str) -> str:
        term = f"FIREWALL_PURPOSE_{use.upper()}"
        if self.words.has_term(term):
            return self(term)
        return self("FIREWALL_PURPOSE_OTHER", use=use)

    def destination(self, rule: FirewallRule) -> list[str]:
        if rule.use == "dns":
            servers = ", ".join(map(str, rule.addresses)) or "-"
            return [self("FIREWALL_DNS_SERVERS", servers=servers)]
        return list(rule.names) or [", ".join(map(str, rule.addresses)) or "-"]


def _time_text(plan: FirewallPlan) -> str:
    return plan.started_at.strftime("%Y-%m-%d %H:%M:%S UTC") if plan.started_at else "-"


def rule_table(plan: FirewallPlan, words: Words) -> list[str]:
    """The rules as a fixed-width plain-text table, one name per line: for the letter."""
    t = _RuleWords(words)
    header = [
        t("FIREWALL_COL_DIRECTION"),
        t("FIREWALL_COL_PROTOCOL"),
        t("FIREWALL_COL_PORT"),
        t("FIREWALL_COL_DESTINATION"),
        t("FIREWALL_COL_PURPOSE"),
    ]
    rows: list[list[str]] = []
    for rule in _merged_dns(plan.rules):
        destination = t.destination(rule)
        rows.append(
            [
                t("FIREWALL_OUTBOUND"),
                rule.protocol.upper(),
                ", ".join(map(str, rule.ports)),
                destination[0],
                t.purpose(rule.use),
            ]
        )
        rows += [["", "", "", name, ""] for name in destination[1:]]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]


def _merged_dns(rules: Sequence[FirewallRule]) -> list[FirewallRule]:
    """UDP and TCP 53 to the same servers as one row of the letter's table."""
    merged: list[FirewallRule] = []
    for rule in rules:
        if rule.use == "dns" and merged and merged[-1].use == "dns":
            last = merged.pop()
            rule = FirewallRule(
                "dns", f"{last.protocol}, {rule.protocol}", rule.ports, (), rule.addresses
            )
        merged.append(rule)
    return merged


def _header(plan: FirewallPlan, t: _RuleWords, how: str | None) -> list[str]:
    names = ", ".join(plan.names()) or "-"
    lines = [
        t("FIREWALL_HEADER_TITLE", app=APP_NAME, version=__version__),
        t("FIREWALL_HEADER_RUN", time=_time_text(plan), reference=plan.reference or "-"),
        t("FIREWALL_HEADER_STALE"),
        t("FIREWALL_HEADER_FQDN", names=names),
    ]
    if plan.source is not None:
        lines.append(t("FIREWALL_HEADER_SOURCE", network=str(plan.source)))
    if how:
        lines.append(how)
    return lines


def _comment_block(lines: Iterable[str], width: int = 96) -> str:
    """`# ` before every line, each line wrapped to `width` and refused if it could end the
    comment (a line break, a control character): a comment that cannot break out."""
    out: list[str] = []
    for text in lines:
        if not _PRINTABLE_LINE.fullmatch(text):
            raise ValueError("a header line holds a control character")
        words = text.split(" ")
        current = ""
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                out.append(current)
                current = "  " + word
            else:
                current = f"{current} {word}" if current else word
        out.append(current)
    return "".join(f"# {line}".rstrip() + "\n" for line in out)


def render(
    plan: FirewallPlan,
    words: Words,
    fmt: str,
    table: str = DEFAULT_TABLE,
    chain: str = DEFAULT_CHAIN,
) -> str:
    """The rules in `fmt` (one of FORMATS), with the comment header in the language of
    `words`."""
    for name in (table, chain):
        if not TABLE_OR_CHAIN.fullmatch(name):
            raise FirewallError(name)
    t = _RuleWords(words)
    if fmt == "csv":
        return _csv(plan, t)
    if fmt == "nftables":
        return _nftables(plan, t, table, chain)
    if fmt == "iptables":
        return _iptables(plan, t)
    raise ValueError(f"unknown format {fmt!r}")


def _csv(plan: FirewallPlan, t: _RuleWords) -> str:
    buffer = io.StringIO()
    buffer.write(_comment_block(_header(plan, t, None)))
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["direction", "protocol", "port", "destination", "addresses", "source", "purpose"]
    )
    for rule in plan.rules:
        writer.writerow(
            [
                "outbound",
                rule.protocol,
                " ".join(map(str, rule.ports)),
                " ".join(rule.names),
                " ".join(map(str, rule.addresses)),
                str(plan.source) if plan.source and _has_v4(rule) else "",
                t.purpose(rule.use),
            ]
        )
    return buffer.getvalue()


def _has_v4(rule: FirewallRule) -> bool:
    return any(a.version == 4 for a in rule.addresses) or not rule.addresses


def _rule_comment(rule: FirewallRule) -> str:
    """The rule's own comment: our id and the use, never anything from the report."""
    return f"{APP_ID} {rule.use}"


def _no_address(rule: FirewallRule, t: _RuleWords) -> str:
    names = ", ".join(rule.names) or t.purpose(rule.use)
    ports = ", ".join(map(str, rule.ports))
    return t("FIREWALL_NO_ADDRESS", protocol=rule.protocol.upper(), ports=ports, names=names)


def _nftables(plan: FirewallPlan, t: _RuleWords, table: str, chain: str) -> str:
    how = t("FIREWALL_HOW_NFTABLES", table=table, chain=chain)
    lines = ["#!/usr/sbin/nft -f\n", _comment_block(_header(plan, t, how))]
    skipped: list[str] = []
    for rule in plan.rules:
        ports = ", ".join(map(str, rule.ports))
        for version, family in ((4, "ip"), (6, "ip6")):
            addresses = [str(a) for a in rule.addresses if a.version == version]
            if not addresses:
                continue
            source = f"ip saddr {plan.source} " if version == 4 and plan.source else ""
            lines.append(
                f"insert rule inet {table} {chain} {source}{family} daddr "
                f"{{ {', '.join(addresses)} }} {rule.protocol} dport {{ {ports} }} "
                f'accept comment "{_rule_comment(rule)}"\n'
            )
        if not rule.addresses:
            skipped.append(_no_address(rule, t))
    if skipped:
        lines.append(_comment_block(skipped))
    return "".join(lines)


def _iptables(plan: FirewallPlan, t: _RuleWords) -> str:
    how = t("FIREWALL_HOW_IPTABLES")
    lines = [_comment_block(_header(plan, t, how)), "*filter\n"]
    notes: list[str] = []
    for rule in plan.rules:
        v4 = [a for a in rule.addresses if a.version == 4]
        v6 = [a for a in rule.addresses if a.version == 6]
        if not rule.addresses:
            notes.append(_no_address(rule, t))
        if v6:
            notes.append(t("FIREWALL_IPV6_LEFT_OUT", addresses=", ".join(map(str, v6))))
        ports = ",".join(map(str, rule.ports))
        match = f"-m multiport --dports {ports}" if len(rule.ports) > 1 else f"--dport {ports}"
        source = f"-s {plan.source} " if plan.source else ""
        for address in v4:
            lines.append(
                f"-I FORWARD {source}-d {address}/32 -p {rule.protocol} {match} "
                f'-m comment --comment "{_rule_comment(rule)}" -j ACCEPT\n'
            )
    lines.append("COMMIT\n")
    if notes:
        lines.append(_comment_block(notes))
    return "".join(lines)
