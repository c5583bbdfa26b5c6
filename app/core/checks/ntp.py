"""NTP: a real SNTP exchange with the configured time servers, and the laptop's clock offset."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from app.core.checks.base import Context, Timer, ports_text, result, skipped, step
from app.core.checks.dns import dns_servers
from app.core.evidence import NtpEvidence, NtpServer
from app.core.messages import Term, number
from app.core.model import CheckResult, Status
from app.core.probes import ntp
from app.core.probes.dns import DnsAnswer, DnsOutcome, query_a
from app.core.util.hosts import is_ip_address, parse_server


class NtpCheck:
    id = "ntp"
    needs = ("adapter",)
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        servers = list(ctx.inputs.ntp_servers or ctx.rules.ntp_servers)
        route = ctx.route()
        resolvers = dns_servers(ctx)

        def ask(server: str) -> NtpServer:
            host, port = parse_server(server, default_port=ctx.rules.ntp_port)
            address = host if is_ip_address(host) else None
            ctx.report(self.id, NtpServer(server, address, "running", route=route, port=port))
            if address is None:
                address = self._resolve(ctx, host, resolvers)
            if address is None:
                row = NtpServer(server, None, "not_resolved", route=route, port=port)
            else:
                reply = ntp.query(address, port, ctx.timeout("ntp"), route, ctx.cancel)
                unusable = reply.outcome == ntp.NtpOutcome.UNUSABLE
                row = NtpServer(
                    server,
                    address,
                    reply.outcome.value,
                    route=route,
                    port=port,
                    ms=reply.ms,
                    offset_s=reply.offset_s,
                    rtt_ms=reply.rtt_ms,
                    stratum=reply.stratum,
                    error=reply.error,
                    leap=reply.leap if unusable else None,
                    kiss_code=reply.kiss_code if unusable else None,
                )
            ctx.report(self.id, row)
            return row

        with ThreadPoolExecutor(max_workers=len(servers)) as pool:
            rows = tuple(pool.map(ask, servers))
        evidence = NtpEvidence(rows, ctx.rules.clock_skew_warn_seconds)

        if any(r.state == ntp.NtpOutcome.CANCELLED for r in rows):
            return skipped(self.id, Term("SKIP_CANCELLED"), evidence)
        answered = [r for r in rows if r.state == ntp.NtpOutcome.ANSWER]
        unusable = [r for r in rows if r.state == ntp.NtpOutcome.UNUSABLE]
        if not answered:
            if all(r.state == "not_resolved" for r in rows):
                return skipped(self.id, Term("SKIP_NTP_NOT_RESOLVED", servers=servers), evidence)
            if unusable:
                # A reply came back, so the NTP port is open: the servers, not the firewall, failed.
                return result(
                    self.id,
                    Status.WARN,
                    "NTP_SERVER_UNUSABLE",
                    timer,
                    evidence=evidence,
                    steps=(step("STEP_RUN_AGAIN"),),
                    servers=[r.server for r in unusable],
                    port=_ports_of(unusable, ctx.rules.ntp_port),
                )
            return result(
                self.id,
                Status.FAIL,
                "NTP_BLOCKED",
                timer,
                evidence=evidence,
                steps=(step("STEP_ASK_FIREWALL_RULES", ports=ports_text(ctx.rules, "ntp")),),
                servers=[r.server for r in rows],
                port=_ports_of(rows, ctx.rules.ntp_port),
            )
        best = min(answered, key=lambda r: r.rtt_ms or 0.0)
        assert best.offset_s is not None and best.rtt_ms is not None  # an answer has both
        evidence = replace(evidence, best=best)
        offset = number(best.offset_s, "+.3f", "s")
        rtt = number(best.rtt_ms, ".0f", "ms")
        threshold = ctx.rules.clock_skew_warn_seconds
        if abs(best.offset_s) > threshold:
            return result(
                self.id,
                Status.WARN,
                "NTP_CLOCK_SKEW",
                timer,
                evidence=evidence,
                steps=(step("STEP_SET_LAPTOP_CLOCK"),),
                server=best.server,
                offset=offset,
                threshold=number(threshold, "g", "s"),
            )
        return result(
            self.id,
            Status.PASS,
            "NTP_OK",
            timer,
            evidence=evidence,
            server=best.server,
            offset=offset,
            rtt=rtt,
            port=best.port or ctx.rules.ntp_port,
        )

    def _resolve(self, ctx: Context, host: str, resolvers: list[str]) -> str | None:
        """Ask every resolver at once, bounded by one DNS time-out; the first answer in
        resolver order wins, as soon as every resolver before it has given up."""
        if not resolvers:
            return None

        def ask(resolver: str) -> DnsAnswer:
            address, port = parse_server(resolver)
            return query_a(host, address, port, ctx.timeout("dns"), ctx.route(), ctx.cancel)

        # Not a `with` block: leaving one waits for every query, and a later resolver that
        # hangs must not hold up an earlier one's answer. Each query ends by itself anyway.
        pool = ThreadPoolExecutor(max_workers=len(resolvers), thread_name_prefix="ntp-dns")
        try:
            for future in [pool.submit(ask, resolver) for resolver in resolvers]:
                answer = future.result()
                if answer.outcome == DnsOutcome.ANSWER:
                    return answer.addresses[0]
            return None
        finally:
            pool.shutdown(wait=False)


def _ports_of(rows: list[NtpServer] | tuple[NtpServer, ...], default: int) -> list[int]:
    """The UDP ports the servers were asked on, each once (the rules' when none is named)."""
    return list(dict.fromkeys(row.port or default for row in rows)) or [default]
