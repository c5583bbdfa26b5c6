"""Step 3: the station's TCP ports reach the endpoint; refused, dropped, unreachable told apart."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import replace

from app.core.checks.base import Context, Timer, result, skipped, step
from app.core.evidence import DnsEvidence, PortProbe, PortsEvidence
from app.core.messages import Term
from app.core.model import CheckResult, Status
from app.core.probes.sockets import ConnectOutcome, PortState, probe_port
from app.core.rules import PortRule

# A middlebox that answers every handshake answers the control connection as fast as it
# answers the endpoint's ports (it is nearer than the endpoint, and it is the one answering
# them; the control connection leaves first): once every port has opened, the control
# connection gets half as long again as the slowest of them, and at least this long, instead
# of the whole time-out. It then ends before the HTTPS handshake, which needs one more round
# trip: a healthy site costs no extra wait.
CONTROL_GRACE_FACTOR = 1.5
CONTROL_GRACE_FLOOR_S = 0.05
# How often the wait for the control connection looks at the cancel flag.
_SLICE = 0.05


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

        control_address, control_port = ctx.rules.control_address, ctx.rules.control_port
        stop_control = threading.Event()
        pool = ThreadPoolExecutor(max_workers=len(targets) + 1)
        try:
            started = time.monotonic()
            sent: list[float] = []

            def probe_control() -> ConnectOutcome:
                sent.append(time.monotonic())
                return probe_port(control_address, control_port, timeout, route, stop_control)

            pending = pool.submit(probe_control)
            rows = tuple(pool.map(probe, targets))
            outcome = _await_control(pending, rows, started, sent, stop_control, ctx.cancel)
        finally:
            stop_control.set()
            # A control connection given up on ends within a slice of its own; the check
            # does not wait for it.
            pool.shutdown(wait=False)
        control = PortProbe(
            control_port,
            "tcp",
            "control",
            control_address,
            outcome.state.value,
            outcome.ms,
            outcome.error,
            route,
        )

        evidence = PortsEvidence(tuple(addresses), timeout, rows, control=control)
        if ctx.cancel.is_set() or any(r.state == PortState.CANCELLED for r in rows):
            return skipped(self.id, Term("SKIP_CANCELLED"), evidence)

        everywhere, somewhere = evidence.blocked_everywhere(), evidence.blocked_somewhere()
        shown = ", ".join(addresses)
        dns = ctx.evidence(DnsEvidence)
        names = [ctx.endpoint(), *(dns.cname_chain[1:] if dns else ())]
        if not everywhere and not somewhere and evidence.intercepted:
            return result(
                self.id,
                Status.WARN,
                "PORTS_INTERCEPTED",
                timer,
                evidence=evidence,
                steps=(step("STEP_ASK_NO_INTERCEPTION", names=", ".join(dict.fromkeys(names))),),
                control=control_address,
                port=f"{control_port}/TCP",
                address=shown,
            )
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


def _await_control(
    pending: Future[ConnectOutcome],
    rows: tuple[PortProbe, ...],
    started: float,
    sent: list[float],
    stop: threading.Event,
    cancel: threading.Event,
) -> ConnectOutcome:
    """The control connection's outcome, waited for no longer than it needs.

    When every port opened, a middlebox answering for them would have answered the control
    connection by now too: it gets `CONTROL_GRACE_FACTOR` times the slowest port (at least
    `CONTROL_GRACE_FLOOR_S`), counted from when its own connect was sent (`sent`, as each
    port's time is counted from its own: a busy laptop that starts the thread late does not
    turn a middlebox into "filtered"), and is given up after that, reading "filtered" (its
    thread ends on its own within a slice; nobody waits for it). When some port did
    not open, the check waited the time-out anyway, and so does the control connection.
    """
    grace = None
    if rows and all(row.is_open for row in rows):
        slowest = max(row.ms for row in rows) / 1000
        grace = max(CONTROL_GRACE_FACTOR * slowest, CONTROL_GRACE_FLOOR_S)
    while not pending.done():
        now = time.monotonic()
        deadline = sent[0] + grace if grace is not None and sent else None
        waited = int((now - started) * 1000)
        if cancel.is_set():
            stop.set()
            return ConnectOutcome(PortState.CANCELLED, waited)
        if deadline is not None and now >= deadline:
            stop.set()
            return ConnectOutcome(PortState.FILTERED, waited)
        wait([pending], timeout=_SLICE if deadline is None else min(_SLICE, deadline - now))
    return pending.result()
