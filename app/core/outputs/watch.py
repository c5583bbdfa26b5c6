"""Retest until fixed: re-run the failing network checks every few seconds while the site's IT
changes its rules, say the moment each one turns green, and stop by itself.

`watch` is a plain loop for any thread: the command line runs it on its main thread, the wizard
in a worker, with `cancel` to stop it (within a fraction of a second, also mid-round) and two
callbacks, both called on the watching thread:

- `on_round(WatchRound)` after every round: the round's results and what still fails;
- `on_transition(Transition)` the moment a check turns green, or fails again.

It returns a `WatchOutcome` whose `report` is the first run with each watched check's latest
result in place, and the verdict worked out again: what the site looks like now.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from app.core.inputs import DEFAULT_WATCH_BOUND_S, DEFAULT_WATCH_INTERVAL_S, WATCH_INTERVAL_S
from app.core.model import CHECK_IDS, NETWORK_CHECKS, CheckResult, Probe, RunReport, Status
from app.core.platform import AdapterInfo, list_adapters
from app.core.rules import Rules, load_rules
from app.core.verdict import DECIDING_WARNINGS, decide


class Clock(Protocol):
    """The time a watch reads and waits on: the system's, or a test's that moves only when
    the watch waits (so a watch of minutes runs in the time its rounds take)."""

    def now(self) -> float:
        """Seconds from any fixed origin; only differences count."""
        ...

    def wait(self, cancel: threading.Event, seconds: float) -> bool:
        """Let `seconds` go by, or less when `cancel` is set: True then."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()

    def wait(self, cancel: threading.Event, seconds: float) -> bool:
        return cancel.wait(seconds)


SYSTEM_CLOCK = SystemClock()


def is_green(result: CheckResult) -> bool:
    """Passed, or warned with nothing in the way of the station (a clock skew, say)."""
    return result.status == Status.PASS or (
        result.status == Status.WARN and result.code not in DECIDING_WARNINGS
    )


def failing_checks(report: RunReport) -> tuple[str, ...]:
    """The network checks of `report` worth retesting: failed, crashed, warned in a way that
    blocks the station, or skipped (a skipped check runs once what it needs is fixed)."""
    return tuple(r.id for r in report.results if r.id in NETWORK_CHECKS and not is_green(r))


@dataclass(frozen=True)
class Transition:
    """A check that changed side: `green` True when it now passes, False when it fails again."""

    check_id: str
    round: int
    at: str
    """ISO 8601 UTC time of the round that saw it."""
    before: CheckResult
    after: CheckResult

    @property
    def green(self) -> bool:
        return is_green(self.after)


@dataclass(frozen=True)
class WatchRound:
    number: int
    """1 for the first retest (the original run is round 0)."""
    at: str
    results: tuple[CheckResult, ...]
    """Every check this round ran (the failing ones and the checks they need)."""
    failing: tuple[str, ...]
    """Watched checks still not green after this round; empty: the watch is over."""
    seconds_left: float


@dataclass(frozen=True)
class WatchOutcome:
    ended: str
    """`all_green`, `time_up`, `cancelled` or `nothing_to_watch`."""
    rounds: int
    transitions: tuple[Transition, ...]
    watched: tuple[str, ...]
    failing: tuple[str, ...]
    report: RunReport
    """The first run with the latest results of the watched checks, verdict worked again."""
    seen_at: dict[str, str]
    """When each check's result in `report` was seen (ISO 8601 UTC): the first run's start,
    or the end of the round that gave it. `build_it_request` dates its failures with it."""


def watch(
    report: RunReport,
    rules: Rules | None = None,
    *,
    interval: float = DEFAULT_WATCH_INTERVAL_S,
    bound: float = DEFAULT_WATCH_BOUND_S,
    adapters: Callable[[], list[AdapterInfo]] = list_adapters,
    cancel: threading.Event | None = None,
    on_round: Callable[[WatchRound], None] | None = None,
    on_transition: Callable[[Transition], None] | None = None,
    on_probe: Callable[[Probe], None] | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> WatchOutcome:
    """Re-run the failing checks of `report`, `interval` seconds after the end of the run or
    of the previous round, until they all pass, `bound` seconds have gone by (no round starts
    after that), or `cancel` is set.

    A round runs the checks still failing and those they need (ports need DNS, so a round
    resolves the endpoint again); a check that turned green is not retested. Each round is
    bounded by the probes' time-outs, and stops with `cancel` like any run.
    """
    from app.core.run import run_checks  # the probes load with the first watch, not before

    if not WATCH_INTERVAL_S.holds(interval):
        low, high = WATCH_INTERVAL_S.low, WATCH_INTERVAL_S.high
        raise ValueError(f"interval: from {low:g} to {high:g} s, got {interval:g}")
    rules = rules or load_rules(report.inputs.rules_file)
    cancel = cancel or threading.Event()
    latest = {r.id: r for r in report.results}
    seen_at = {r.id: report.started_at for r in report.results}
    watched = failing_checks(report)
    failing = list(watched)
    transitions: list[Transition] = []
    rounds = 0
    deadline = clock.now() + bound

    def outcome(ended: str) -> WatchOutcome:
        if rounds and "matrix" in latest and latest["matrix"].status != Status.SKIP:
            # The station's readings are ranked again with what the laptop sees now.
            others = {k: v for k, v in latest.items() if k != "matrix"}
            again = run_checks(
                dataclasses.replace(report.inputs, only=("matrix",)),
                rules,
                adapters=adapters,
                known=others,
            ).result("matrix")
            if again is not None:
                latest["matrix"] = again
        return WatchOutcome(
            ended,
            rounds,
            tuple(transitions),
            watched,
            tuple(failing),
            merged(report, latest.values()),
            dict(seen_at),
        )

    if not failing:
        return outcome("nothing_to_watch")
    while True:
        remaining = deadline - clock.now()
        if remaining <= 0:
            return outcome("time_up")
        if clock.wait(cancel, min(interval, remaining)):
            return outcome("cancelled")
        if clock.now() >= deadline:
            return outcome("time_up")
        inputs = dataclasses.replace(report.inputs, only=tuple(failing))
        fresh = run_checks(inputs, rules, adapters=adapters, cancel=cancel, on_probe=on_probe)
        if cancel.is_set():
            return outcome("cancelled")
        rounds += 1
        at = fresh.finished_at
        for result in fresh.results:
            before = latest.get(result.id)
            latest[result.id] = result
            seen_at[result.id] = at
            if before is not None and is_green(before) != is_green(result):
                transition = Transition(result.id, rounds, at, before, result)
                transitions.append(transition)
                if on_transition is not None:
                    on_transition(transition)
        failing = [c for c in watched if not is_green(latest[c])]
        if on_round is not None:
            left = max(deadline - clock.now(), 0.0)
            on_round(WatchRound(rounds, at, fresh.results, tuple(failing), left))
        if not failing:
            return outcome("all_green")


def merged(report: RunReport, latest: Iterable[CheckResult]) -> RunReport:
    """`report` with these results in place of its own, in the procedure's order, the verdict
    decided again and the finish time now."""
    by_id = {r.id: r for r in report.results}
    by_id.update((r.id, r) for r in latest)
    results = tuple(by_id[c] for c in CHECK_IDS if c in by_id)
    finished = datetime.now(UTC)
    started = datetime.fromisoformat(report.started_at)
    return dataclasses.replace(
        report,
        results=results,
        verdict=decide(results),
        cancelled=False,
        made_by=None,
        reference=None,
        finished_at=finished.isoformat(timespec="seconds"),
        duration_ms=max(int((finished - started).total_seconds() * 1000), report.duration_ms),
    )


def watch_document(outcome: WatchOutcome, interval: float, bound: float) -> dict[str, Any]:
    """The watch as the `watch` field of the JSON document: how it ended and every change."""

    def side(result: CheckResult) -> dict[str, str]:
        return {"status": result.status.value, "code": result.code}

    return {
        "interval_s": interval,
        "bound_s": bound,
        "ended": outcome.ended,
        "rounds": outcome.rounds,
        "watched": list(outcome.watched),
        "failing": list(outcome.failing),
        "transitions": [
            {
                "check": t.check_id,
                "round": t.round,
                "at": t.at,
                "green": t.green,
                "before": side(t.before),
                "after": side(t.after),
            }
            for t in outcome.transitions
        ],
    }
