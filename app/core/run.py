"""The ordered checks, run at once where they can be, and the one verdict they add up to.

Every check starts in its own thread and waits only for the checks it reads, so the probes of
a run go out together: a run where everything hangs costs one time-out, not one per probe.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime

from app.core import platform
from app.core.checks.adapter import AdapterCheck
from app.core.checks.base import Check, Context, ProbeListener, Timer, skipped
from app.core.checks.dns import DnsCheck
from app.core.checks.firmware import FirmwareCheck
from app.core.checks.laptop import LaptopCheck
from app.core.checks.matrix import MatrixCheck
from app.core.checks.ntp import NtpCheck
from app.core.checks.ports import PortsCheck
from app.core.checks.tls import TlsCheck
from app.core.evidence import CRASHED, CrashEvidence
from app.core.messages import Term
from app.core.model import (
    CHECK_IDS,
    NETWORK_CHECKS,
    CheckResult,
    NextStep,
    RunInputs,
    RunReport,
    Status,
)
from app.core.platform import AdapterInfo, ProxySetting, list_adapters
from app.core.rules import Rules, load_rules
from app.core.verdict import decide

IMPLEMENTATIONS: dict[str, Check] = {
    check.id: check
    for check in (
        AdapterCheck(),
        LaptopCheck(),
        DnsCheck(),
        PortsCheck(),
        NtpCheck(),
        TlsCheck(),
        FirmwareCheck(),
        MatrixCheck(),
    )
}
CHECKS: tuple[Check, ...] = tuple(IMPLEMENTATIONS[check_id] for check_id in CHECK_IDS)
"""Every check, in the model's order (`CHECK_IDS`)."""

ResultListener = Callable[[CheckResult], None]


def select_checks(only: Iterable[str] = ()) -> tuple[Check, ...]:
    """The checks asked for, with the checks they need; all of them when none is named."""
    wanted = set(only) or set(CHECK_IDS)
    unknown = wanted - set(CHECK_IDS)
    if unknown:
        raise ValueError(f"unknown check: {', '.join(sorted(unknown))}")
    by_id = {check.id: check for check in CHECKS}
    pending = list(wanted)
    while pending:
        for need in by_id[pending.pop()].needs:
            if need not in wanted:
                wanted.add(need)
                pending.append(need)
    return tuple(check for check in CHECKS if check.id in wanted)


def run_checks(
    inputs: RunInputs,
    rules: Rules | None = None,
    *,
    adapters: Callable[[], list[AdapterInfo]] = list_adapters,
    cancel: threading.Event | None = None,
    on_probe: ProbeListener | None = None,
    on_result: ResultListener | None = None,
    known: Mapping[str, CheckResult] | None = None,
    proxies: Callable[[], list[ProxySetting]] | None = None,
) -> RunReport:
    """Run the checks `inputs.only` names (all by default) and those they need.

    `known` holds earlier results of checks not run now: a check reads them as if they had
    just run (the wizard's matrix step ranks its causes with the laptop's earlier evidence).
    """
    rules = rules or load_rules(inputs.rules_file)
    known = dict(known or {})
    cancel = cancel or threading.Event()
    checks = select_checks(inputs.only)
    selected = {check.id for check in checks}
    started_at = datetime.now(UTC)
    timer = Timer()
    futures: dict[str, Future[CheckResult]] = {}

    def run_one(check: Check) -> CheckResult:
        # Every check that sends reads the adapter's facts, whatever it needs: its probes
        # leave by that adapter (Context.route).
        sends = check.id in NETWORK_CHECKS and check.id != "adapter"
        reads = (*check.needs, *check.after, *(("adapter",) if sends else ()))
        done = {
            c: futures[c].result() if c in selected else known[c]
            for c in reads
            if c in selected or c in known
        }
        ctx = Context(
            rules, inputs, adapters, cancel, on_probe, done, proxies or platform.proxy_settings
        )
        outcome = _guarded(check, ctx, done)
        if on_result is not None:
            on_result(outcome)
        return outcome

    # One thread a check: a check waits on earlier ones only, so none waits for a free thread.
    with ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="check") as pool:
        for check in checks:
            futures[check.id] = pool.submit(run_one, check)
        results = tuple(futures[check.id].result() for check in checks)
    results = _closing_reading(results, Context(rules, inputs, adapters, cancel, on_probe, {}))
    if on_result is not None:
        for closed in results:
            if closed is not futures[closed.id].result():
                on_result(closed)

    finished_at = datetime.now(UTC)
    return RunReport(
        inputs=inputs,
        started_at=started_at.isoformat(timespec="seconds"),
        finished_at=finished_at.isoformat(timespec="seconds"),
        duration_ms=timer.ms(),
        results=results,
        verdict=decide(results, cancelled=cancel.is_set()),
        cancelled=cancel.is_set(),
        endpoint=rules.endpoint_for(inputs),
    )


def _closing_reading(results: tuple[CheckResult, ...], ctx: Context) -> tuple[CheckResult, ...]:
    """The adapter's link read again at the end of the run (error counters that rose while
    the probes went out); a failure to read it leaves the first result as it was."""
    adapter = next((r for r in results if r.id == "adapter"), None)
    if adapter is None or ctx.cancel.is_set():
        return results
    try:
        closed = AdapterCheck().closing(ctx, adapter)
    except Exception:  # noqa: BLE001 - the run's result stands without the second reading
        return results
    if closed is None:
        return results
    return tuple(closed if r is adapter else r for r in results)


def _guarded(check: Check, ctx: Context, done: dict[str, CheckResult]) -> CheckResult:
    """Skip when a needed check did not pass; turn any exception into an error result."""
    if ctx.cancel.is_set():
        return skipped(check.id, Term("SKIP_CANCELLED"))
    for need in check.needs:
        needed = done.get(need)
        if needed is not None and needed.status not in (Status.PASS, Status.WARN):
            return skipped(
                check.id,
                Term("SKIP_NEEDS_CHECK", check=Term(f"CHECK_{need.upper()}"), code=needed.code),
            )
    timer = Timer()
    try:
        return check.run(ctx)
    except Exception as exc:  # noqa: BLE001 - one broken check must not end the run
        return CheckResult(
            check.id,
            Status.ERROR,
            CRASHED,
            CrashEvidence(type(exc).__name__, str(exc), traceback.format_exc()),
            (NextStep("STEP_SEND_REPORT"),),
            timer.ms(),
            {"check": Term(f"CHECK_{check.id.upper()}"), "error": f"{type(exc).__name__}: {exc}"},
        )
