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

from app.core.checks.adapter import AdapterCheck
from app.core.checks.base import Check, Context, ProbeListener, Timer, skipped
from app.core.checks.dns import DnsCheck
from app.core.checks.firmware import FirmwareCheck
from app.core.checks.matrix import LAPTOP_CHECKS, MatrixCheck
from app.core.checks.ntp import NtpCheck
from app.core.checks.ports import PortsCheck
from app.core.checks.tls import TlsCheck
from app.core.messages import Term, Title
from app.core.model import CheckResult, NextStep, RunInputs, RunReport, Status, Verdict
from app.core.platform import AdapterInfo, list_adapters
from app.core.rules import Rules, load_rules

CHECKS: tuple[Check, ...] = (
    AdapterCheck(), DnsCheck(), PortsCheck(), NtpCheck(), TlsCheck(), FirmwareCheck(),
    MatrixCheck(),
)
CHECK_IDS = tuple(check.id for check in CHECKS)
NETWORK_CHECKS = LAPTOP_CHECKS  # what the laptop sends on the network; the matrix reads them

# The verdict names the first thing to fix, in the order the procedure fixes things.
_VERDICTS: tuple[tuple[str, dict[str, str], str], ...] = (
    ("adapter", {}, "VERDICT_LAPTOP_NOT_CONNECTED"),
    ("dns", {}, "VERDICT_DNS_PROBLEM"),
    ("ports", {}, "VERDICT_FIREWALL_BLOCKING"),
    # Only an untrusted chain is the firewall's doing; a failed handshake has other causes
    # (the laptop's clock, DNS rewriting, the trust store), which its next step names.
    ("tls", {"TLS_INTERCEPTED": "VERDICT_FIREWALL_BLOCKING"}, "VERDICT_HTTPS_PROBLEM"),
    ("ntp", {}, "VERDICT_FIREWALL_BLOCKING"),
    ("firmware", {"FIRMWARE_TOO_OLD": "VERDICT_FIRMWARE_UPDATE_NEEDED"}, "VERDICT_CHECK_INPUT"),
    ("matrix", {"MATRIX_INCONSISTENT": "VERDICT_CHECK_INPUT"}, "VERDICT_STATION_PROBLEM"),
)

# Warnings that still decide the verdict: the station would not get through as things are.
DECIDING_WARNINGS = frozenset({"DNS_SUSPICIOUS_ANSWER"})

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
        reads = (*check.needs, *check.after)
        done = {c: futures[c].result() if c in selected else known[c]
                for c in reads if c in selected or c in known}
        ctx = Context(rules, inputs, adapters, cancel, on_probe, done)
        outcome = _guarded(check, ctx, done)
        if on_result is not None:
            on_result(outcome)
        return outcome

    # One thread a check: a check waits on earlier ones only, so none waits for a free thread.
    with ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="check") as pool:
        for check in checks:
            futures[check.id] = pool.submit(run_one, check)
        results = tuple(futures[check.id].result() for check in checks)

    finished_at = datetime.now(UTC)
    return RunReport(
        inputs=inputs,
        started_at=started_at.isoformat(timespec="seconds"),
        finished_at=finished_at.isoformat(timespec="seconds"),
        duration_ms=timer.ms(),
        results=results,
        verdict=decide(results, cancelled=cancel.is_set()),
        cancelled=cancel.is_set(),
    )


def _guarded(check: Check, ctx: Context, done: dict[str, CheckResult]) -> CheckResult:
    """Skip when a needed check did not pass; turn any exception into an error result."""
    if ctx.cancel.is_set():
        return skipped(check.id, Term("SKIP_CANCELLED"))
    for need in check.needs:
        needed = done.get(need)
        if needed is not None and needed.status not in (Status.PASS, Status.WARN):
            return skipped(check.id, Term("SKIP_NEEDS_CHECK", check=Term(f"CHECK_{need.upper()}"),
                                          code=needed.code))
    timer = Timer()
    try:
        return check.run(ctx)
    except Exception as exc:  # noqa: BLE001 - one broken check must not end the run
        return CheckResult(
            check.id, Status.ERROR, "CHECK_CRASHED",
            {"exception": type(exc).__name__, "message": str(exc),
             "traceback": traceback.format_exc()},
            (NextStep("STEP_SEND_REPORT"),), timer.ms(),
            {"check": Term(f"CHECK_{check.id.upper()}"), "error": f"{type(exc).__name__}: {exc}"},
        )


def decide(results: tuple[CheckResult, ...], cancelled: bool = False) -> Verdict:
    """The first problem in the procedure's order; "ready" only when every network check ran.

    A run that left out a network check (`--only firmware`, a skipped check) found nothing
    wrong but cannot say the site is ready: VERDICT_NOT_FULLY_TESTED names what is missing.
    """
    by_id = {r.id: r for r in results}
    ran = [r for r in results if r.status != Status.SKIP]
    steps = _next_steps(results)
    if cancelled:
        return Verdict(Status.ERROR, "VERDICT_CANCELLED", steps or (NextStep("STEP_RUN_AGAIN"),))
    crashed = next((r for r in results if r.status == Status.ERROR), None)
    if crashed is not None:
        return Verdict(Status.ERROR, "VERDICT_CHECK_CRASHED", steps,
                       {"cause": Title(crashed.code, crashed.params)})
    any_failed = any(r.status == Status.FAIL for r in results)
    for check_id, special, code in _VERDICTS:
        found = by_id.get(check_id)
        if found is None:
            continue
        if found.status == Status.FAIL or (found.status == Status.WARN
                                           and found.code in DECIDING_WARNINGS):
            verdict = special.get(found.code, code)
            if verdict == "VERDICT_STATION_PROBLEM" and not any(
                    r.id in NETWORK_CHECKS for r in ran):
                # Only the station's readings were given: the laptop has not spoken yet.
                verdict = "VERDICT_STATION_PROBLEM_UNTESTED"
            return Verdict(Status.FAIL if any_failed else found.status, verdict,
                           _next_steps(results, first=found),
                           {"cause": Title(found.code, found.params)})
    if not ran:
        return Verdict(Status.SKIP, "VERDICT_NOTHING_CHECKED", steps)
    missing = [Term(f"CHECK_{check_id.upper()}") for check_id in NETWORK_CHECKS
               if check_id not in by_id or by_id[check_id].status == Status.SKIP]
    if missing:
        return Verdict(Status.PASS, "VERDICT_NOT_FULLY_TESTED", steps, {"missing": missing})
    if any(r.status == Status.WARN for r in ran):
        return Verdict(Status.WARN, "VERDICT_READY_WITH_WARNINGS", steps)
    return Verdict(Status.PASS, "VERDICT_READY", steps)


def _next_steps(results: tuple[CheckResult, ...], first: CheckResult | None = None
                ) -> tuple[NextStep, ...]:
    """The deciding result's steps, then failures', then warnings', then the rest; each once."""
    order = {Status.ERROR: 0, Status.FAIL: 0, Status.WARN: 1, Status.PASS: 2, Status.SKIP: 3}
    ranked = sorted(results, key=lambda r: (r is not first, order[r.status]))
    steps: dict[str, NextStep] = {}
    for outcome in ranked:
        for next_step in outcome.next_steps:
            steps.setdefault(next_step.code, next_step)
    return tuple(steps.values())
