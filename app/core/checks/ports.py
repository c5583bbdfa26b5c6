"""Step 3: the station's TCP ports reach the endpoint; refused, dropped, unreachable told apart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from app.core.checks.base import Context, Timer, result, skipped, step
from app.core.messages import Term
from app.core.model import CheckResult, Status
from app.core.probes.sockets import PortState, probe_port
from app.core.rules import PortRule

# A CDN name can return many addresses; the station uses one, a few show a pattern.
MAX_ADDRESSES = 4


class PortsCheck:
    id = "ports"
    needs = ("dns",)
    after: tuple[str, ...] = ()

    def run(self, ctx: Context) -> CheckResult:
        timer = Timer()
        addresses = list(ctx.evidence("dns").get("addresses", []))[:MAX_ADDRESSES]
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

        evidence = {"addresses": addresses, "timeout_s": timeout, "ports": rows}
        if any(r["state"] == PortState.CANCELLED for r in rows):
            return skipped(self.id, Term("SKIP_CANCELLED"), evidence)

        # A port counts as reachable when it opens on at least one of the endpoint's addresses.
        blocked: dict[str, list[str]] = {}
        for rule in ports:
            states = [r["state"] for r in rows if r["port"] == rule.port]
            if PortState.OPEN not in states:
                blocked.setdefault(states[0], []).append(f"{rule.port}/TCP")
        if not blocked:
            return result(
                self.id,
                Status.PASS,
                "PORTS_OK",
                timer,
                evidence=evidence,
                ports=", ".join(str(p.port) for p in ports),
                address=addresses[0],
            )

        evidence["blocked"] = {state: ports for state, ports in blocked.items()}
        needed = ", ".join(f"TCP {p.split('/')[0]}" for ports in blocked.values() for p in ports)
        return result(
            self.id,
            Status.FAIL,
            "PORTS_BLOCKED",
            timer,
            evidence=evidence,
            steps=(step("STEP_ASK_FIREWALL_RULES", ports=needed),),
            blocked=[
                Term(f"PORT_{state.upper()}", ports=", ".join(ports))
                for state, ports in blocked.items()
            ],
            address=addresses[0],
        )
