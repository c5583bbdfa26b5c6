"""Step 3: the station's TCP ports reach the endpoint; refused, dropped, unreachable told apart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from app.core.checks.base import Context, Timer, result, skipped, step
from app.core.evidence import DnsEvidence, PortProbe, PortsEvidence
from app.core.messages import Term
from app.core.model import CheckResult, Status
from app.core.probes.sockets import PortState, probe_port
from app.core.rules import PortRule


class PortsCheck:
    id = "ports"
    needs = ("dns",)
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        addresses = list(ctx.addresses())[: ctx.rules.max_addresses]
        ports = ctx.rules.tcp_ports()
        targets = [(address, rule) for rule in ports for address in addresses]
        timeout = ctx.timeout("tcp")
        route = ctx.route()

        def probe(target: tuple[str, PortRule]) -> PortProbe:
            address, rule = target
            ctx.report(self.id, PortProbe(rule.port, "tcp", rule.use, address, "running"))
            outcome = probe_port(address, rule.port, timeout, route, ctx.cancel)
            row = PortProbe(
                rule.port,
                "tcp",
                rule.use,
                address,
                outcome.state.value,
                outcome.ms,
                outcome.error,
                route,
            )
            ctx.report(self.id, row)
            return row

        with ThreadPoolExecutor(max_workers=len(targets) or 1) as pool:
            rows = tuple(pool.map(probe, targets))

        evidence = PortsEvidence(tuple(addresses), timeout, rows)
        if any(r.state == PortState.CANCELLED for r in rows):
            return skipped(self.id, Term("SKIP_CANCELLED"), evidence)

        everywhere, somewhere = evidence.blocked_everywhere(), evidence.blocked_somewhere()
        shown = ", ".join(addresses)
        if not everywhere and not somewhere:
            return result(
                self.id,
                Status.PASS,
                "PORTS_OK",
                timer,
                evidence=evidence,
                ports=", ".join(str(p.port) for p in ports),
                address=shown,
            )

        dns = ctx.evidence(DnsEvidence)
        names = [ctx.endpoint(), *(dns.cname_chain[1:] if dns else ())]
        per_address = [
            Term(
                "PORT_TO_ADDRESS",
                port=f"{port}/TCP",
                address=address,
                state=Term(f"PORT_STATE_{state.upper()}"),
            )
            for port, states in somewhere.items()
            for address, state in states.items()
        ]
        blocked_numbers = [*(p for ports in everywhere.values() for p in ports), *somewhere]
        needed = ", ".join(f"TCP {p}" for p in blocked_numbers)
        steps = [step("STEP_ASK_FIREWALL_RULES", ports=needed)]
        if len(addresses) > 1:
            steps.append(step("STEP_ALLOW_BY_NAME", names=", ".join(dict.fromkeys(names))))
        evidence = replace(
            evidence,
            blocked={
                state: tuple(f"{p}/TCP" for p in numbers) for state, numbers in everywhere.items()
            }
            or None,
            blocked_addresses={f"{p}/TCP": states for p, states in somewhere.items()} or None,
        )
        if not everywhere:
            return result(
                self.id,
                Status.FAIL,
                "PORTS_BLOCKED_SOME",
                timer,
                evidence=evidence,
                steps=tuple(steps),
                blocked=per_address,
                address=shown,
            )
        return result(
            self.id,
            Status.FAIL,
            "PORTS_BLOCKED",
            timer,
            evidence=evidence,
            steps=tuple(steps),
            blocked=[
                *(
                    Term(f"PORT_{state.upper()}", ports=", ".join(f"{p}/TCP" for p in numbers))
                    for state, numbers in everywhere.items()
                ),
                *per_address,
            ],
            address=shown,
        )
