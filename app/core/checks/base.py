"""What every check is given and what it gives back.

A check is a small object with an `id`, the checks it `needs` (skipped when one of those did
not pass), the checks it only reads `after`, and `run(ctx) -> CheckResult`, bounded in time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.core.messages import Term
from app.core.model import CheckResult, NextStep, Probe, RunInputs, Status
from app.core.platform import AdapterInfo
from app.core.probes.sockets import Route
from app.core.rules import Rules

ProbeListener = Callable[[Probe], None]


@dataclass
class Context:
    rules: Rules
    inputs: RunInputs
    list_adapters: Callable[[], list[AdapterInfo]]
    cancel: threading.Event = field(default_factory=threading.Event)
    on_probe: ProbeListener | None = None
    results: Mapping[str, CheckResult] = field(default_factory=dict)
    """Results of the checks this one runs after, filled in by the runner."""

    def timeout(self, kind: str) -> float:
        if self.inputs.timeout is not None:
            return self.inputs.timeout
        return float(getattr(self.rules.timeouts, kind))

    def endpoint(self) -> str:
        return self.rules.endpoint_for(self.inputs)

    def evidence(self, check_id: str) -> Mapping[str, Any]:
        result = self.results.get(check_id)
        return result.evidence if result else {}

    def source_address(self) -> str | None:
        """The tested adapter's IPv4 address: every probe is sent from it."""
        return self.evidence("adapter").get("source_address")

    def route(self) -> Route | None:
        """The tested adapter and its address: every probe leaves by them, whatever the
        routing table says. None when no adapter was chosen (the probes are skipped then)."""
        found = self.evidence("adapter").get("route")
        if not found:
            return None
        return Route(
            source=found.get("source"),
            interface=found.get("interface"),
            index=found.get("index"),
            interface_bound=bool(found.get("interface_bound", True)),
        )

    def report(self, check_id: str, key: str, state: str, /, **detail: Any) -> None:
        if self.on_probe is not None:
            self.on_probe(Probe(check_id, key, state, detail))


class Check(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def needs(self) -> tuple[str, ...]:
        """Checks that must pass (or warn) first; this one is skipped otherwise."""

    @property
    def after(self) -> tuple[str, ...]:
        """Checks whose results this one reads, whatever they were."""

    def run(self, ctx: Context) -> CheckResult: ...


class Timer:
    def __init__(self) -> None:
        self.start = time.monotonic()

    def ms(self) -> int:
        return int((time.monotonic() - self.start) * 1000)


def result(
    check_id: str,
    status: Status,
    code: str,
    timer: Timer,
    *,
    evidence: dict[str, Any] | None = None,
    steps: tuple[NextStep, ...] = (),
    **params: Any,
) -> CheckResult:
    return CheckResult(check_id, status, code, evidence or {}, steps, timer.ms(), params)


def skipped(check_id: str, reason: Term, evidence: dict[str, Any] | None = None) -> CheckResult:
    return CheckResult(
        check_id,
        Status.SKIP,
        f"{check_id.upper()}_SKIPPED",
        evidence or {},
        (),
        0,
        {"reason": reason},
    )


def step(code: str, **params: Any) -> NextStep:
    return NextStep(code, params)


def ports_text(rules: Rules, use: str | None = None) -> str:
    """`TCP <port>, UDP <port>, …`: the station's outbound needs, from the rules."""
    return ", ".join(
        f"{p.protocol.upper()} {p.port}" for p in rules.ports if use is None or p.use == use
    )
