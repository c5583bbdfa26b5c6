"""Step 3: the station's TCP ports reach the endpoint; refused, dropped, unreachable told apart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from app.core.checks.base import Context, Timer, result, skipped, step
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
        addresses = list(ctx.evidence("dns").get("addresses", []))[: ctx.rules.max_addresses]
        ports = ctx.rules.tcp_ports()
        targets = [(address, rule) for rule in ports for address in addresses]
        timeout = ctx.timeout("tcp")
        route = ctx.route()

        def probe(target: tuple[str, PortRule]) -> dict:
            address, rule = target
            key = f"{rule.port}/tcp {address}"
            ctx.report(self.id, key, "running", port=rule.port, address=address)
            outcome = probe_port(address, rule.port, timeout, route, ctx.cancel)
            row = {
                "port": rule.port,
                "protocol": "tcp",
                "use": rule.use,
                "address": address,
                "state": outcome.state.value,
                "ms": outcome.ms,
                "error": outcome.error,
                "route": route.as_dict() if route else None,
            }
            ctx.report(self.id, key, outcome.state.value, **row)
            return row

        with ThreadPoolExecutor(max_workers=len(targets) or 1) as pool:
            rows = list(pool.map(probe, targets))

        evidence: dict[str, Any] = {"addresses": addresses, "timeout_s": timeout, "ports": rows}
        if any(r["state"] == PortState.CANCELLED for r in rows):
            return skipped(self.id, Term("SKIP_CANCELLED"), evidence)

        everywhere, somewhere = blocked_ports(rows, ports)
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

        names = [ctx.endpoint(), *ctx.evidence("dns").get("cname_chain", [])[1:]]
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
        if everywhere:
            evidence["blocked"] = {
                state: [f"{p}/TCP" for p in numbers] for state, numbers in everywhere.items()
            }
        if somewhere:
            evidence["blocked_addresses"] = {f"{p}/TCP": states for p, states in somewhere.items()}
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


def blocked_ports(
    rows: list[dict[str, Any]], ports: tuple[PortRule, ...]
) -> tuple[dict[str, list[int]], dict[int, dict[str, str]]]:
    """Which ports are blocked, and where: a port counts as reachable only when it opens on
    every address of the endpoint, since the station connects to whichever one it gets.

    Returns the ports blocked on every address, by the first address's state, and the ports
    blocked on some addresses only, each with those addresses and their states.
    """
    everywhere: dict[str, list[int]] = {}
    somewhere: dict[int, dict[str, str]] = {}
    for rule in ports:
        tried = [r for r in rows if r["port"] == rule.port]
        closed = [r for r in tried if r["state"] != PortState.OPEN]
        if not closed:
            continue
        if len(closed) == len(tried):
            everywhere.setdefault(closed[0]["state"], []).append(rule.port)
        else:
            somewhere[rule.port] = {r["address"]: r["state"] for r in closed}
    return everywhere, somewhere
