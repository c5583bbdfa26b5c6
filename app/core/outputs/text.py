"""Evidence as text a technician already knows: an `ipconfig /all` card, an `nslookup` answer,
a ports table. The command line, the wizard's Details and the report all show these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.core.evidence import (
    AdapterEvidence,
    CrashEvidence,
    DnsEvidence,
    FirmwareEvidence,
    LaptopEvidence,
    MatrixEvidence,
    NtpEvidence,
    PortProbe,
    PortsEvidence,
    TlsEvidence,
)
from app.core.messages import Words
from app.core.model import CheckResult, RunReport
from app.core.outputs.refcode import reference_or_none, step_words
from app.core.util.controls import visible


def format_time(iso: str) -> str:
    """`2026-11-30T08:46:25+00:00` → `2026-11-30 08:46:25 UTC`: the times of a run, all UTC."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):  # a saved report's time may be anything
        return visible(str(iso))
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class _Labels:
    """Words with the card and table helpers the evidence blocks share."""

    def __init__(self, words: Words) -> None:
        self.words = words

    def __call__(self, name: str, **params: Any) -> str:
        return self.words.term(name, params)

    def label(self, name: str) -> str:
        """`Server:` in English, `Serveur :` in French."""
        return self.words.label(self(name))

    def probe(self, state: str | None) -> str:
        return self(f"PROBE_{(state or 'unknown').upper()}")

    def table(self, rows: Sequence[tuple[str, str]], indent: str = "   ") -> list[str]:
        """`label ..... : value` lines, dots aligned like ipconfig's. Labels and values may
        come from the network or the system (a server's name, a certificate's issuer): no
        control character in them acts, no line break in them makes a line of its own."""
        rows = [(visible(str(label)), visible(str(value))) for label, value in rows]
        width = max((len(label) for label, _ in rows), default=0) + 2
        return [f"{indent}{label} {'.' * (width - len(label))} : {value}" for label, value in rows]


def adapter_card(adapter: Mapping[str, Any], words: Words) -> str:
    """One adapter (`AdapterInfo.as_dict()`), like a block of `ipconfig /all`."""
    t = _Labels(words)

    def yes_no(value: bool | None) -> str:
        return t("VALUE_UNKNOWN") if value is None else t("VALUE_YES" if value else "VALUE_NO")

    link = adapter.get("link_up")
    media = (
        t("VALUE_UNKNOWN")
        if link is None
        else t("VALUE_MEDIA_CONNECTED" if link else "VALUE_MEDIA_DISCONNECTED")
    )
    rows: list[tuple[str, str]] = [
        (t("LABEL_DESCRIPTION"), adapter.get("description") or "-"),
        (t("LABEL_KIND"), t(f"KIND_{str(adapter.get('kind', 'other')).upper()}")),
        (t("LABEL_MEDIA_STATE"), media),
        (t("LABEL_MAC"), adapter.get("mac") or "-"),
        (t("LABEL_DHCP"), yes_no(adapter.get("dhcp"))),
    ]
    rows += _link_rows(adapter.get("link"), t)
    for address in adapter.get("ipv4", []):
        rows.append((t("LABEL_IPV4"), address["address"]))
        rows.append((t("LABEL_MASK"), address["netmask"]))
    rows += [(t("LABEL_IPV6"), address) for address in adapter.get("ipv6", [])]
    rows += [(t("LABEL_GATEWAY"), g) for g in adapter.get("gateways", [])] or [
        (t("LABEL_GATEWAY"), "-")
    ]
    rows += [(t("LABEL_DNS"), s) for s in adapter.get("dns_servers", [])] or [(t("LABEL_DNS"), "-")]
    name = visible(str(adapter.get("name", "")))
    friendly = visible(str(adapter.get("friendly_name", "")))
    head = f"{friendly} ({name}):" if name and name != friendly else f"{friendly or name}:"
    return "\n".join([head, *t.table(rows)])


def _link_rows(link: Any, t: _Labels) -> list[tuple[str, str]]:
    """Speed, duplex and error counters, when the system gave them (`LinkHealth.as_dict()`)."""
    if not isinstance(link, Mapping):
        return []
    speed, duplex = link.get("speed_mbps"), link.get("duplex")
    rows = [
        (
            t("LABEL_SPEED"),
            t("VALUE_SPEED", speed=speed) if isinstance(speed, int) else t("VALUE_UNKNOWN"),
        ),
        (
            t("LABEL_DUPLEX"),
            t(f"VALUE_DUPLEX_{duplex.upper()}")
            if duplex in ("full", "half")
            else t("VALUE_UNKNOWN"),
        ),
    ]
    received, sent = link.get("rx_errors"), link.get("tx_errors")
    if isinstance(received, int) or isinstance(sent, int):
        counts = [str(n) if isinstance(n, int) else "-" for n in (received, sent)]
        rows.append((t("LABEL_LINK_ERRORS"), " / ".join(counts)))
    return rows


def nslookup_block(evidence: DnsEvidence, words: Words) -> str:
    """The DNS answer the way `nslookup` prints it, then every server's outcome."""
    t = _Labels(words)
    lines = [f"{t.label('LABEL_SERVER')}  {evidence.server or '-'}", ""]
    chain = list(evidence.cname_chain)
    addresses = evidence.found
    if addresses:
        lines.append(t.label("LABEL_NON_AUTHORITATIVE"))
        for alias, target in zip(chain, chain[1:], strict=False):
            lines.append(f"{alias}\t{t('LABEL_CANONICAL_NAME')} = {target}.")
        final = chain[-1] if chain else evidence.endpoint
        for address in addresses:
            lines += [f"{t.label('LABEL_NAME')}\t{final}", f"{t.label('LABEL_ADDRESS')}\t{address}"]
    else:
        outcome = evidence.answer.outcome if evidence.answer else None
        rcode = evidence.answer.rcode if evidence.answer else None
        lines.append(f"{evidence.endpoint}: {t.probe(outcome)} {rcode or ''}".rstrip())
    answers = evidence.answers or ()
    if len(answers) > 1 or (answers and not addresses):
        lines.append("")
        lines += t.table(
            [(a.server, f"{t.probe(a.outcome)} ({a.ms} ms)") for a in answers], indent=""
        )
    return "\n".join(lines)


def port_row(row: PortProbe, words: Words) -> list[str]:
    """Port, protocol, use, address, state, time."""
    return [
        str(row.port),
        row.protocol.upper(),
        row.use.upper(),
        row.address,
        words.term(f"PORT_STATE_{row.state.upper()}"),
        f"{row.ms} ms",
    ]


def ports_rows(evidence: PortsEvidence, words: Words) -> list[list[str]]:
    """One row a probe."""
    return [port_row(row, words) for row in evidence.ports]


def ports_table(evidence: PortsEvidence, words: Words) -> str:
    t = _Labels(words)
    head = [
        t("LABEL_PORT"),
        t("LABEL_PROTOCOL"),
        t("LABEL_USE"),
        t("LABEL_ADDRESS"),
        t("LABEL_STATE"),
        t("LABEL_TIME"),
    ]
    rows = [head, *ports_rows(evidence, words)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def ntp_block(evidence: NtpEvidence, words: Words) -> str:
    t = _Labels(words)
    rows = []
    for server in evidence.servers:
        state = t.probe(server.state)
        if server.offset_s is not None:
            offset = words.number(server.offset_s, "+.3f", "s")
            rtt = words.number(server.rtt_ms or 0.0, ".0f", "ms")
            state += (
                f" · {t('LABEL_OFFSET')} {offset} · {t('LABEL_RTT')} {rtt} · "
                f"{t('LABEL_STRATUM')} {server.stratum}"
            )
        address = server.address
        label = server.server + (
            f" ({address})" if address and address != server.server.rsplit(":", 1)[0] else ""
        )
        rows.append((label, state))
    return "\n".join(t.table(rows, indent=""))


def tls_block(evidence: TlsEvidence, words: Words) -> str:
    t = _Labels(words)
    cert = evidence.certificate
    rows = [(t("LABEL_SERVER"), f"{evidence.host} ({evidence.address}:{evidence.port})")]
    if cert:
        rows += [
            (t("LABEL_SUBJECT"), cert.subject),
            (t("LABEL_ISSUER"), cert.issuer),
            (t("LABEL_VALID_FROM"), cert.not_before),
            (t("LABEL_VALID_UNTIL"), cert.not_after),
        ]
    if evidence.tls_version:
        rows.append((t("LABEL_TLS_VERSION"), evidence.tls_version))
    if evidence.error:
        rows.append((t("LABEL_ERROR"), evidence.error))
    rows.append((t("LABEL_TRUST_STORE"), evidence.trust_store or "-"))
    path = evidence.path_mtu
    if path is not None:
        echoes = (
            " · ".join(
                t("ECHO_ROW", size=echo.size, state=t(f"ECHO_{echo.state.upper()}"))
                for echo in path.echoes
            )
            if path.method is not None
            else t("ECHO_NOT_SENT", reason=path.error or "?")
        )
        rows.append((t("LABEL_PATH_MTU", address=path.address), echoes))
    return "\n".join(t.table(rows, indent=""))


def matrix_block(evidence: MatrixEvidence, words: Words) -> str:
    t = _Labels(words)
    rows = [
        (t(f"READING_{name.upper()}"), t(f"VALUE_{value.upper()}"))
        for name, value in evidence.readings.items()
    ]
    lines = t.table(rows, indent="")
    if evidence.ranking:
        lines += ["", t.label("LABEL_CAUSES")]
        for number, item in enumerate(evidence.ranking, 1):
            title = words.label(words.title(item.step))
            lines.append(f"{number}. {title} {t('EVIDENCE_' + item.evidence.upper())}")
    return "\n".join(lines)


def firmware_block(evidence: FirmwareEvidence, words: Words) -> str:
    t = _Labels(words)
    rows = [
        (t("LABEL_MODEL"), evidence.model),
        (t("LABEL_VERSION"), evidence.version),
        (t("LABEL_MINIMUM"), evidence.minimum or "-"),
    ]
    return "\n".join(t.table(rows, indent=""))


def laptop_block(evidence: LaptopEvidence, words: Words) -> str:
    """The laptop's proxies and VPN adapters, one line each ("none" for each it has not)."""
    from app.core.checks.laptop import proxy_term  # the words of a proxy's source

    t = _Labels(words)
    lines = [] if evidence.proxies else [f"{t.label('LABEL_PROXIES')} {t('VALUE_NONE')}"]
    if evidence.proxies:
        lines.append(t.label("LABEL_PROXIES"))
        lines += [
            f"   {words.term(proxy_term(p).name, proxy_term(p).params)}" for p in evidence.proxies
        ]
    if not evidence.vpns:
        lines.append(f"{t.label('LABEL_VPNS')} {t('VALUE_NONE')}")
    for vpn in evidence.vpns:
        if vpn is evidence.vpns[0]:
            lines.append(t.label("LABEL_VPNS"))
        held = [t("LABEL_DEFAULT_ROUTE")] if vpn.default_route else []
        held += [f"DNS {server}" for server in vpn.dns_servers]
        lines.append(f"   {visible(vpn.name)}: {visible(', '.join(held))}")
    return "\n".join(lines)


def seen_adapters(found: AdapterEvidence, words: Words) -> str:
    """Every adapter the laptop has, one line each, when none was tested: name, kind, link,
    IPv4 addresses, so the technician sees what to choose instead."""
    t = _Labels(words)

    def link(up: bool | None) -> str:
        return t("VALUE_UNKNOWN" if up is None else ("VALUE_LINK_UP" if up else "VALUE_LINK_DOWN"))

    lines = [
        f"{visible(a.friendly_name or a.name)}: {t('KIND_' + a.kind.upper())} · {link(a.link_up)}"
        + (f" · IPv4 {visible(', '.join(a.ipv4) or '-')}" if a.ipv4 is not None else "")
        for a in found.adapters
        if a.kind != "loopback"
    ]
    return "\n".join(lines) or t("VALUE_NONE")


def details(result: CheckResult, words: Words) -> str:
    """The evidence behind a result, as text; empty when there is nothing to show."""
    match result.evidence:
        case CrashEvidence() as crash:
            return crash.traceback or crash.message
        case AdapterEvidence() as found:
            if found.adapter:
                return adapter_card(found.adapter.as_dict(), words)
            return seen_adapters(found, words)
        case LaptopEvidence() as laptop:
            return laptop_block(laptop, words)
        case DnsEvidence() as dns:
            return nslookup_block(dns, words)
        case PortsEvidence() as ports:
            return ports_table(ports, words)
        case NtpEvidence() as ntp:
            return ntp_block(ntp, words)
        case TlsEvidence() as tls:
            return tls_block(tls, words)
        case MatrixEvidence() as matrix:
            return matrix_block(matrix, words)
        case FirmwareEvidence() as firmware:
            return firmware_block(firmware, words)
    return ""


def probe_state(state: str, words: Words) -> str:
    """A live probe's state (`open`, `timeout`, `trusted`…) as a word for people."""
    for prefix in ("PORT_STATE_", "PROBE_"):
        name = prefix + state.upper()
        if words.has_term(name):
            return words.term(name)
    return state


def summary_text(report: RunReport, words: Words) -> str:
    """The run in plain text, for an email or a chat: verdict, each check, next steps."""
    t = _Labels(words)
    verdict = report.verdict
    text = words.text(verdict.code, verdict.params)
    lines = [f"{t.label('LABEL_VERDICT')} {text.title} ({verdict.code})", text.explanation]
    reference = reference_or_none(report)
    if reference:
        lines.append(f"{t.label('LABEL_REFERENCE')} {reference}")
    lines.append("")
    for result in report.results:
        title = words.title(result.code, result.params)
        name = words.label(words.check_name(result.id))
        lines.append(f"- {name} {t('STATUS_' + result.status.name)} · {result.code} · {title}")
    if verdict.next_steps:
        lines += ["", t.label("LABEL_NEXT_STEPS")]
        for number, step in enumerate(verdict.next_steps, 1):
            # A run read from a reference code lacks the values of some instructions.
            title, instruction = step_words(step, words)
            if instruction is None:
                lines.append(f"{number}. {title}")
            else:
                lines.append(f"{number}. {words.label(title)} {instruction}")
    return "\n".join(lines) + "\n"
