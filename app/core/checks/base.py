"""What every check is given and what it gives back.

A check is a small object with an `id`, the checks it `needs` (skipped when one of those did
not pass), the checks it only reads `after`, and `run(ctx) -> CheckResult`, bounded in time.
"""

from __future__ import annotations

import errno
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from app.core.evidence import AdapterEvidence, DnsEvidence
from app.core.messages import Term
from app.core.model import CheckResult, E, Evidence, LiveRow, NextStep, Probe, RunInputs, Status
from app.core.platform import AdapterInfo, ProxySetting
from app.core.platform.base import Route
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
    list_proxies: Callable[[], list[ProxySetting]] = field(default=lambda: [])
    """The laptop's proxies (the platform's reader; a test's own)."""

    def timeout(self, kind: str) -> float:
        if self.inputs.timeout is not None:
            return self.inputs.timeout
        return float(getattr(self.rules.timeouts, kind))

    def endpoint(self) -> str:
        return self.rules.endpoint_for(self.inputs)

    def evidence(self, kind: type[E]) -> E | None:
        """What an earlier check found (None: it did not run, or found nothing of the kind)."""
        result = self.results.get(kind.check_id)
        return result.evidence_as(kind) if result else None

    def adapter(self) -> AdapterInfo | None:
        """The tested adapter, when the adapter check found one."""
        found = self.evidence(AdapterEvidence)
        return found.adapter if found else None

    def source_address(self) -> str | None:
        """The tested adapter's IPv4 address: every probe is sent from it."""
        found = self.evidence(AdapterEvidence)
        return found.source_address if found else None

    def route(self) -> Route | None:
        """The tested adapter and its address: every probe leaves by them, whatever the
        routing table says. None when no adapter was chosen (the probes are skipped then)."""
        found = self.evidence(AdapterEvidence)
        return found.route if found else None

    def addresses(self) -> tuple[str, ...]:
        """The endpoint's addresses, as the DNS check found them."""
        found = self.evidence(DnsEvidence)
        return found.found if found else ()

    def report(self, check_id: str, row: LiveRow) -> None:
        if self.on_probe is not None:
            self.on_probe(Probe(check_id, row))


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
    evidence: Evidence | None = None,
    steps: tuple[NextStep, ...] = (),
    **params: Any,
) -> CheckResult:
    return CheckResult(check_id, status, code, evidence, steps, timer.ms(), params)


def skipped(check_id: str, reason: Term, evidence: Evidence | None = None) -> CheckResult:
    return CheckResult(
        check_id,
        Status.SKIP,
        f"{check_id.upper()}_SKIPPED",
        evidence,
        (),
        0,
        {"reason": reason},
    )


_SYSTEM_ERROR = re.compile(r"^\[(?:Errno|WinError) (\d+)\]")


def system_error(text: str) -> Term | str:
    """A probe's system error (`[Errno 111] Connection refused`) as a term in the reader's
    language when the catalogue knows it (OS_ECONNREFUSED), else as the system wrote it."""
    found = _SYSTEM_ERROR.match(text)
    name = errno.errorcode.get(int(found.group(1)), "") if found else ""
    name = name.removeprefix("WSA")  # Windows' WSAECONNREFUSED is ECONNREFUSED
    if name in NETWORK_ERRORS:
        return Term(f"OS_{name}")
    return text


NETWORK_ERRORS = frozenset(
    {"ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EADDRNOTAVAIL", "ETIMEDOUT"}
)


def step(code: str, **params: Any) -> NextStep:
    return NextStep(code, params)


def ports_text(rules: Rules, use: str | None = None) -> str:
    """`TCP <port>, UDP <port>, …`: the station's outbound needs, from the rules."""
    return ", ".join(
        f"{p.protocol.upper()} {p.port}" for p in rules.ports if use is None or p.use == use
    )
