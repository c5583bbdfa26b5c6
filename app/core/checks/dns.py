"""Step 2: the site's DNS resolves the region's VPN endpoint, as `nslookup` would show it."""

from __future__ import annotations

import ipaddress
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from app.core.checks.base import Context, Timer, result, skipped, step, system_error
from app.core.evidence import DnsAnswer as AnswerRow
from app.core.evidence import DnsEvidence
from app.core.messages import Term
from app.core.model import CheckResult, Status
from app.core.probes.dns import DnsAnswer, DnsOutcome, query_a
from app.core.rules import Rules
from app.core.util.hosts import parse_server

# Which answer speaks for the site when its servers disagree: the most definite one.
_PREFERENCE = (
    DnsOutcome.ANSWER,
    DnsOutcome.NXDOMAIN,
    DnsOutcome.NO_ANSWER,
    DnsOutcome.SERVFAIL,
    DnsOutcome.REFUSED,
    DnsOutcome.TIMEOUT,
    DnsOutcome.UNREACHABLE,
    DnsOutcome.CANCELLED,
)
# Answers that end a lookup without an address: a station asking that server gets none.
# (A silent server is different: a resolver moves on to the next one after its time-out.)
_DENIALS = (DnsOutcome.NXDOMAIN, DnsOutcome.NO_ANSWER, DnsOutcome.SERVFAIL, DnsOutcome.REFUSED)


def is_suspicious(address: str, rules: Rules) -> bool:
    ip = ipaddress.ip_address(address)
    return any(
        ip in network for network in rules.suspicious_answers if network.version == ip.version
    )


def dns_servers(ctx: Context) -> list[str]:
    """`--dns-server` when given, else the tested adapter's own servers."""
    if ctx.inputs.dns_servers:
        return list(ctx.inputs.dns_servers)
    adapter = ctx.adapter()
    return list(adapter.dns_servers) if adapter else []


def ask_all(ctx: Context, check_id: str, name: str, servers: list[str]) -> list[DnsAnswer]:
    """Ask every server at once, each bounded by the DNS time-out; answers in server order."""

    route = ctx.route()

    def ask(server: str) -> DnsAnswer:
        host, port = parse_server(server)
        ctx.report(check_id, AnswerRow(server, "running"))
        answer = query_a(name, host, port, ctx.timeout("dns"), route, ctx.cancel)
        answer = replace(answer, route=route)
        ctx.report(check_id, replace(answer_row(answer), server=server))
        return answer

    with ThreadPoolExecutor(max_workers=len(servers) or 1) as pool:
        return list(pool.map(ask, servers))


def suspicious_addresses(answers: list[DnsAnswer], rules: Rules) -> list[str]:
    """Every server's answer counts: the station may ask any of them."""
    found: dict[str, None] = {}
    for answer in answers:
        if answer.outcome == DnsOutcome.ANSWER:
            found.update((a, None) for a in answer.addresses if is_suspicious(a, rules))
    return list(found)


def best_answer(answers: list[DnsAnswer]) -> DnsAnswer:
    return min(answers, key=lambda a: _PREFERENCE.index(a.outcome))


def answer_row(answer: DnsAnswer) -> AnswerRow:
    return AnswerRow(
        server=f"{answer.server}:{answer.port}" if answer.port != 53 else answer.server,
        outcome=answer.outcome.value,
        rcode=answer.rcode,
        cname_chain=tuple(answer.cname_chain),
        addresses=tuple(answer.addresses),
        ms=answer.ms,
        error=answer.error,
        route=answer.route,
    )


class DnsCheck:
    id = "dns"
    needs = ("adapter",)
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        endpoint = ctx.endpoint()
        try:
            ipaddress.ip_address(endpoint)
        except ValueError:
            pass
        else:
            return result(
                self.id,
                Status.PASS,
                "DNS_OK",
                timer,
                evidence=DnsEvidence(endpoint, answers=(), addresses=(endpoint,)),
                endpoint=endpoint,
                addresses=endpoint,
                server="-",
            )

        servers = dns_servers(ctx)
        if not servers:
            adapter = ctx.adapter()
            name = adapter.friendly_name if adapter else ""
            return result(
                self.id,
                Status.FAIL,
                "DNS_NO_SERVERS",
                timer,
                evidence=DnsEvidence(endpoint, servers=()),
                steps=(step("STEP_ASK_DNS_ADMIN", endpoint=endpoint, server=""),),
                name=name,
            )

        answers = ask_all(ctx, self.id, endpoint, servers)
        best = best_answer(answers)
        rows = [answer_row(a) for a in answers]
        best_row = answer_row(best)
        evidence = DnsEvidence(
            endpoint,
            servers=tuple(servers),
            answers=tuple(rows),
            answer=replace(best_row, error=None),
            addresses=best_row.addresses,
            cname_chain=best_row.cname_chain,
        )
        server = best_row.server
        ask_admin = step("STEP_ASK_DNS_ADMIN", endpoint=endpoint, server=server)
        suspicious = suspicious_addresses(answers, ctx.rules)
        denied = [row.server for a, row in zip(answers, rows, strict=True) if a.outcome in _DENIALS]
        match best.outcome:
            case DnsOutcome.CANCELLED:
                return skipped(self.id, Term("SKIP_CANCELLED"), evidence)
            case DnsOutcome.ANSWER if suspicious:
                evidence = replace(evidence, suspicious=tuple(suspicious))
                return result(
                    self.id,
                    Status.WARN,
                    "DNS_SUSPICIOUS_ANSWER",
                    timer,
                    evidence=evidence,
                    steps=(step("STEP_CHECK_DNS_REWRITE", endpoint=endpoint),),
                    endpoint=endpoint,
                    addresses=suspicious,
                )
            case DnsOutcome.ANSWER if denied:
                evidence = replace(evidence, disagree=tuple(denied))
                return result(
                    self.id,
                    Status.WARN,
                    "DNS_SERVERS_DISAGREE",
                    timer,
                    evidence=evidence,
                    steps=(
                        step("STEP_ASK_DNS_ADMIN", endpoint=endpoint, server=", ".join(denied)),
                    ),
                    endpoint=endpoint,
                    servers=denied,
                )
            case DnsOutcome.ANSWER:
                return result(
                    self.id,
                    Status.PASS,
                    "DNS_OK",
                    timer,
                    evidence=evidence,
                    endpoint=endpoint,
                    addresses=list(best.addresses),
                    server=server,
                )
            case DnsOutcome.NXDOMAIN:
                return result(
                    self.id,
                    Status.FAIL,
                    "DNS_NXDOMAIN",
                    timer,
                    evidence=evidence,
                    steps=(ask_admin,),
                    endpoint=endpoint,
                    server=server,
                )
            case DnsOutcome.NO_ANSWER:
                return result(
                    self.id,
                    Status.FAIL,
                    "DNS_NO_ANSWER",
                    timer,
                    evidence=evidence,
                    steps=(ask_admin,),
                    endpoint=endpoint,
                    server=server,
                )
            case DnsOutcome.SERVFAIL | DnsOutcome.REFUSED:
                return result(
                    self.id,
                    Status.FAIL,
                    "DNS_SERVFAIL",
                    timer,
                    evidence=evidence,
                    steps=(ask_admin,),
                    endpoint=endpoint,
                    server=server,
                    rcode=best.rcode,
                )
            case DnsOutcome.UNREACHABLE:
                # An ICMP error or no route: the network refused the query, it was not lost.
                return result(
                    self.id,
                    Status.FAIL,
                    "DNS_UNREACHABLE",
                    timer,
                    evidence=evidence,
                    steps=(ask_admin,),
                    endpoint=endpoint,
                    servers=servers,
                    error=system_error(best.error or ""),
                )
            case _:
                return result(
                    self.id,
                    Status.FAIL,
                    "DNS_TIMEOUT",
                    timer,
                    evidence=evidence,
                    steps=(ask_admin,),
                    endpoint=endpoint,
                    servers=servers,
                    seconds=ctx.timeout("dns"),
                )
