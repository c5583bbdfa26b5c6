"""The verdict of a run: the first problem in the procedure's order, and the next steps.

Plain data over results, with no check behind it: reading a reference code back or a saved
report needs the verdict but none of the probes.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.messages import Term, Title
from app.core.model import CHECK_IDS, NETWORK_CHECKS, CheckResult, NextStep, Status, Verdict

# The verdict names the first thing to fix, in the order the procedure fixes things.
_VERDICTS: tuple[tuple[str, dict[str, str], str], ...] = (
    (
        "adapter",
        {"ADAPTER_UNSUPPORTED_PLATFORM": "VERDICT_UNSUPPORTED_PLATFORM"},
        "VERDICT_LAPTOP_NOT_CONNECTED",
    ),
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


def decide(
    results: tuple[CheckResult, ...],
    cancelled: bool = False,
    checks: Iterable[str] | None = None,
) -> Verdict:
    """The first problem in the procedure's order; "ready" only when every network check ran.

    A run that left out a network check (`--only firmware`, a skipped check) found nothing
    wrong but cannot say the site is ready: VERDICT_NOT_FULLY_TESTED names what is missing.
    `checks` are the checks there were when the run was made (a reference code read back
    from before a check existed); by default every one.
    """
    existed = set(CHECK_IDS if checks is None else checks)
    by_id = {r.id: r for r in results}
    ran = [r for r in results if r.status != Status.SKIP]
    steps = _next_steps(results)
    if cancelled:
        # The user's own Cancel is neither a failure nor a crash: neutral, as a check not run.
        return Verdict(Status.SKIP, "VERDICT_CANCELLED", steps or (NextStep("STEP_RUN_AGAIN"),))
    crashed = next((r for r in results if r.status == Status.ERROR), None)
    if crashed is not None:
        return Verdict(
            Status.ERROR,
            "VERDICT_CHECK_CRASHED",
            steps,
            {"cause": Title(crashed.code, crashed.params)},
        )
    any_failed = any(r.status == Status.FAIL for r in results)
    for check_id, special, code in _VERDICTS:
        found = by_id.get(check_id)
        if found is None:
            continue
        if found.status == Status.FAIL or (
            found.status == Status.WARN and found.code in DECIDING_WARNINGS
        ):
            verdict = special.get(found.code, code)
            if verdict == "VERDICT_STATION_PROBLEM" and not any(
                r.id in NETWORK_CHECKS for r in ran
            ):
                # Only the station's readings were given: the laptop has not spoken yet.
                verdict = "VERDICT_STATION_PROBLEM_UNTESTED"
            return Verdict(
                Status.FAIL if any_failed else found.status,
                verdict,
                _next_steps(results, first=found),
                {"cause": Title(found.code, found.params)},
            )
    if not ran:
        return Verdict(Status.SKIP, "VERDICT_NOTHING_CHECKED", steps)
    missing = [
        Term(f"CHECK_{check_id.upper()}")
        for check_id in NETWORK_CHECKS
        if check_id in existed and (check_id not in by_id or by_id[check_id].status == Status.SKIP)
    ]
    if missing:
        return Verdict(Status.PASS, "VERDICT_NOT_FULLY_TESTED", steps, {"missing": missing})
    # The procedure checks the firmware before Ethernet is configured: below the minimum,
    # Ethernet cannot even be enabled, so a site is not "ready" for a station not checked.
    firmware = by_id.get("firmware")
    unchecked = firmware is None or firmware.status == Status.SKIP
    if any(r.status == Status.WARN for r in ran):
        if unchecked:
            steps = (*steps, NextStep("STEP_READ_FIRMWARE"))
        return Verdict(Status.WARN, "VERDICT_READY_WITH_WARNINGS", steps)
    if unchecked:
        return Verdict(
            Status.WARN,
            "VERDICT_READY_FIRMWARE_UNCHECKED",
            (NextStep("STEP_READ_FIRMWARE"), *steps),
        )
    return Verdict(Status.PASS, "VERDICT_READY", steps)


def _next_steps(
    results: tuple[CheckResult, ...], first: CheckResult | None = None
) -> tuple[NextStep, ...]:
    """The deciding result's steps, then failures', then warnings', then the rest; each once."""
    ranked = sorted(results, key=lambda r: (r is not first, r.status.urgency))
    steps: dict[str, NextStep] = {}
    for outcome in ranked:
        for next_step in outcome.next_steps:
            steps.setdefault(next_step.code, next_step)
    return tuple(steps.values())
