"""The letter for the site's IT: what the station needs from the network, and what failed.

When DNS, the ports, NTP or HTTPS did not get through, `build_it_request` writes a plain-text
request a technician can send as is to the site's network administrator: every host name,
port and protocol the station needs (all outbound), why, and the failures the check saw with
their time. Words come from `resources/messages.toml` (`IT_*`), in English or French.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app import APP_NAME, __version__
from app.core.evidence import AdapterEvidence, DnsEvidence, NtpEvidence, PortsEvidence, TlsEvidence
from app.core.messages import Words
from app.core.model import CheckResult, RunReport, Status
from app.core.outputs.firewall import firewall_plan, rule_table
from app.core.outputs.refcode import reference_or_none
from app.core.outputs.text import format_time, probe_state
from app.core.rules import Rules, load_rules

# Findings the site's network administrator can act on. A TLS failure counts only when the
# connection was cut or went silent; a wrong laptop clock or trust store is not IT's.
_FIREWALL_TLS_FAILURES = ("reset", "timeout")
_NEED_TERMS = {"https": "IT_NEED_HTTPS", "vpn": "IT_NEED_VPN", "ntp": "IT_NEED_NTP"}


@dataclass(frozen=True)
class ItRequest:
    """A ready-to-send request: `subject` for the e-mail's subject line, `body` for its text."""

    lang: str
    subject: str
    body: str

    def text(self) -> str:
        """Subject line, blank line, body: what a Copy button puts on the clipboard."""
        return f"{self.subject}\n\n{self.body}"

    def as_dict(self) -> dict[str, str]:
        return {"language": self.lang, "subject": self.subject, "body": self.body}


def it_findings(report: RunReport) -> tuple[CheckResult, ...]:
    """The results that call for the site's IT, in the procedure's order (empty: none)."""
    return tuple(result for result in report.results if _for_it(result))


def _for_it(result: CheckResult) -> bool:
    if result.id == "dns":
        return result.status == Status.FAIL or result.code in (
            "DNS_SUSPICIOUS_ANSWER",
            "DNS_SERVERS_DISAGREE",
        )
    if result.code == "TLS_FAILED":
        tls = result.evidence_as(TlsEvidence)
        return tls is not None and tls.failure in _FIREWALL_TLS_FAILURES
    return result.code in (
        "PORTS_BLOCKED",
        "PORTS_BLOCKED_SOME",
        "PORTS_INTERCEPTED",
        "NTP_BLOCKED",
        "TLS_INTERCEPTED",
        "TLS_STALLED",
        "TLS_PATH_MTU",
    )


def needs_it_request(report: RunReport) -> bool:
    """True when the run found something the site's network administrator must change."""
    return bool(it_findings(report))


def build_it_request(
    report: RunReport,
    words: Words,
    rules: Rules | None = None,
    seen_at: Mapping[str, str] | None = None,
) -> ItRequest | None:
    """The request for this run in the language of `words`, or None when nothing failed that
    IT can fix.

    `rules` gives the ports and time servers the station needs (default: the run's rules
    file, or the built-in rules). `seen_at` maps check ids to when their result was seen
    (ISO 8601 UTC; `WatchOutcome.seen_at` after a watch); a failure is dated with the run's
    start otherwise."""
    findings = it_findings(report)
    if not findings:
        return None
    rules = rules or load_rules(report.inputs.rules_file)
    letter = _Letter(report, rules, words, seen_at or {})
    return ItRequest(words.lang, letter.subject(), letter.body(findings))


class _Letter:
    def __init__(
        self,
        report: RunReport,
        rules: Rules,
        words: Words,
        seen_at: Mapping[str, str],
    ) -> None:
        self.report, self.rules, self.words = report, rules, words
        self.seen_at = seen_at
        dns = report.result("dns")
        # The name DNS was asked for, when it ran: what the station will ask for too.
        found = dns.evidence_as(DnsEvidence) if dns else None
        self.endpoint = report.endpoint or "-"
        chain = found.cname_chain if found else ()
        self.names = list(dict.fromkeys([self.endpoint, *chain]))
        """The endpoint and every name of its CNAME chain: what the firewall must allow."""
        self.time = format_time(report.started_at)
        self.reference = reference_or_none(report) or "-"

    def t(self, name: str, **params: Any) -> str:
        return self.words.term(name, params)

    def subject(self) -> str:
        return self.t("IT_SUBJECT", reference=self.reference)

    def body(self, findings: Sequence[CheckResult]) -> str:
        lines = [
            self.t("IT_GREETING"),
            "",
            self.t("IT_INTRO", time=self.time),
            "",
            self.t("IT_NEEDS"),
        ]
        lines += [f"  {n}. {need}" for n, need in enumerate(self.needs(findings), 1)]
        lines += ["", self.t("IT_RULES"), ""]
        plan = firewall_plan(self.report, self.rules)
        lines += [f"  {row}" for row in rule_table(plan, self.words)]
        lines += ["", self.t("IT_SEEN")]
        for result in findings:
            when = format_time(self.seen_at.get(result.id, self.report.started_at))
            lines += [f"  - {when}  {seen}" for seen in self.seen(result)]
        tested_from = self.tested_from()
        if tested_from:
            lines += ["", tested_from]
        # A DNS failure alone is fixed in the DNS server, not in the firewall.
        closing = "IT_CLOSING_DNS" if all(r.id == "dns" for r in findings) else "IT_CLOSING"
        lines += [
            "",
            self.t(closing),
            "",
            self.t("IT_SIGNATURE", reference=self.reference, app=APP_NAME, version=__version__),
        ]
        return "\n".join(lines) + "\n"

    def needs(self, findings: Sequence[CheckResult]) -> list[str]:
        """Everything the station needs, failed or not: IT opens it all in one change."""
        needs = [self.t("IT_NEED_DNS", endpoint=self.endpoint)]
        grouped: dict[tuple[str, str], list[int]] = {}
        for rule in self.rules.ports:
            grouped.setdefault((rule.use, rule.protocol), []).append(rule.port)
        servers = list(self.report.inputs.ntp_servers or self.rules.ntp_servers)
        for (use, protocol), ports in grouped.items():
            params = {
                "protocol": protocol.upper(),
                "ports": ", ".join(map(str, ports)),
                "endpoint": self.endpoint,
                "servers": ", ".join(servers),
                "use": use.upper(),
            }
            needs.append(self.t(_NEED_TERMS.get(use, "IT_NEED_OTHER"), **params))
        needs.append(self.t("IT_NEED_BY_NAME", names=", ".join(self.names)))
        answered = next((r for r in findings if r.code == "PORTS_INTERCEPTED"), None)
        if answered is not None:
            needs.append(
                self.t(
                    "IT_NEED_NO_INTERCEPTION",
                    names=", ".join(self.names),
                    control=answered.params.get("control", "?"),
                )
            )
        black_hole = next((r for r in findings if r.code == "TLS_PATH_MTU"), None)
        if black_hole is not None:
            needs.append(
                self.t(
                    "IT_NEED_PATH_MTU",
                    largest=black_hole.params.get("largest", "?"),
                    full=black_hole.params.get("full", "?"),
                )
            )
        tls = next((r for r in findings if r.code == "TLS_INTERCEPTED"), None)
        if tls is not None:
            needs.append(
                self.t(
                    "IT_NEED_NO_INSPECTION",
                    endpoint=self.endpoint,
                    issuer=tls.params.get("issuer", "?"),
                )
            )
        return needs

    def seen(self, result: CheckResult) -> list[str]:
        if result.id == "dns":
            return self._seen_dns(result, result.evidence_as(DnsEvidence))
        if result.id == "ports":
            ports = result.evidence_as(PortsEvidence)
            return self._seen_ports(ports) if ports else []
        if result.id == "ntp":
            ntp = result.evidence_as(NtpEvidence)
            return [
                self.t(
                    "IT_SEEN_NTP",
                    port=row.port or self.rules.ntp_port,
                    server=row.server,
                    address=row.address or "-",
                    state=probe_state(row.state, self.words),
                )
                for row in (ntp.servers if ntp else ())
            ]
        tls = result.evidence_as(TlsEvidence)
        address = tls.address if tls else "-"
        if result.code == "TLS_INTERCEPTED":
            return [
                self.t(
                    "IT_SEEN_TLS_INTERCEPTED",
                    endpoint=self.endpoint,
                    address=address,
                    issuer=result.params.get("issuer", "?"),
                )
            ]
        if result.code in ("TLS_STALLED", "TLS_PATH_MTU") and tls is not None:
            return self._seen_stall(result, tls)
        return [
            self.t(
                "IT_SEEN_TLS_FAILED",
                endpoint=self.endpoint,
                address=address,
                error=(tls.error or tls.failure if tls else None) or "?",
            )
        ]

    def _seen_stall(self, result: CheckResult, tls: TlsEvidence) -> list[str]:
        lines = [
            self.t(
                "IT_SEEN_TLS_STALLED",
                endpoint=self.endpoint,
                address=tls.address,
                seconds=result.params.get("seconds", "?"),
            )
        ]
        path = tls.path_mtu
        if result.code == "TLS_PATH_MTU" and path is not None:
            lines.append(
                self.t(
                    "IT_SEEN_PATH_MTU",
                    address=path.address,
                    largest=path.largest_answered,
                    full=path.full_size,
                )
            )
        return lines

    def _seen_dns(self, result: CheckResult, evidence: DnsEvidence | None) -> list[str]:
        if result.code == "DNS_NO_SERVERS":
            return [self.t("IT_SEEN_DNS_NO_SERVERS")]
        if result.code == "DNS_SUSPICIOUS_ANSWER":
            return [
                self.t(
                    "IT_SEEN_DNS_REWRITTEN",
                    endpoint=self.endpoint,
                    addresses=", ".join(evidence.suspicious or () if evidence else ()),
                )
            ]
        return [
            self.t(
                "IT_SEEN_DNS",
                endpoint=self.endpoint,
                server=answer.server,
                outcome=probe_state(answer.outcome, self.words),
                ms=answer.ms,
            )
            for answer in (evidence.answers or () if evidence else ())
            if answer.outcome != "answer" or result.code != "DNS_SERVERS_DISAGREE"
        ]

    def _seen_ports(self, evidence: PortsEvidence) -> list[str]:
        control = evidence.control
        intercepted = (
            [
                self.t(
                    "IT_SEEN_INTERCEPTED",
                    protocol=control.protocol.upper(),
                    port=control.port,
                    control=control.address,
                    ms=control.ms,
                )
            ]
            if control is not None and evidence.intercepted
            else []
        )
        return intercepted + [
            self.t(
                "IT_SEEN_PORT",
                protocol=group.protocol.upper(),
                port=group.port,
                endpoint=self.endpoint,
                addresses=", ".join(group.addresses),
                state=self.t(f"PORT_STATE_{group.state.upper()}"),
                ms=group.slowest_ms,
            )
            for group in evidence.groups()
            if not group.is_open
        ]

    def tested_from(self) -> str | None:
        adapter = self.report.result("adapter")
        found = adapter.evidence_as(AdapterEvidence) if adapter else None
        if found is None or not found.source_address:
            return None
        gateways = found.adapter.gateways if found.adapter else ()
        return self.t(
            "IT_TESTED_FROM", address=found.source_address, gateway=(gateways or ("-",))[0]
        )
