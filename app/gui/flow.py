"""The wizard's steps and what it knows, as plain data: no Qt, tested without a screen.

Each step runs some checks; the wizard keeps the latest result of every check, so Back and
Next lose nothing, and one step run alone reads the others' results. Running a check again
drops the results that were built on its old answer.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.core.model import CheckResult, Probe, RunInputs, RunReport, Status
from app.core.run import CHECK_IDS, CHECKS, select_checks
from app.core.verdict import decide


@dataclass(frozen=True)
class Step:
    id: str
    checks: tuple[str, ...]
    automatic: bool
    """Runs from the network alone; "Run all" runs these."""


STEPS = (
    Step("adapter", ("adapter",), True),
    Step("dns", ("dns",), True),
    Step("ports", ("ports", "ntp", "tls"), True),
    Step("firmware", ("firmware",), False),
    Step("matrix", ("matrix",), False),
)
SUMMARY = "summary"
PAGES = (*(step.id for step in STEPS), SUMMARY)


def dependents(check_id: str) -> set[str]:
    """Checks whose result rests on `check_id`'s, directly or not."""
    found: set[str] = set()
    frontier = {check_id}
    while frontier:
        current = frontier.pop()
        for check in CHECKS:
            if check.id not in found and current in (*check.needs, *check.after):
                found.add(check.id)
                frontier.add(check.id)
    return found


@dataclass
class WizardState:
    inputs: RunInputs = field(default_factory=RunInputs)
    results: dict[str, CheckResult] = field(default_factory=dict)
    started_at: str | None = None
    cancelled: bool = False
    """The last run was stopped before its end: the summary must not read as complete."""
    made_by: str | None = None
    """The version that ran an opened report; any new result makes it this program's run."""

    def step(self, step_id: str) -> Step:
        return next(step for step in STEPS if step.id == step_id)

    def run_inputs(self, checks: tuple[str, ...]) -> RunInputs:
        return dataclasses.replace(self.inputs, only=checks)

    def checks_run_by(self, checks: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check.id for check in select_checks(checks))

    def begin(self, checks: tuple[str, ...]) -> None:
        """A run of `checks` starts: their old results and those built on them go."""
        if self.started_at is None:
            self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.cancelled = False
        self.forget(self.checks_run_by(checks))

    def forget(self, checks: tuple[str, ...]) -> set[str]:
        """Drop the results of `checks` and of every check built on them (a new region makes
        the old DNS answer, ports and TLS meaningless). Returns the ids dropped."""
        dropped: set[str] = set()
        for check_id in checks:
            for gone in (check_id, *dependents(check_id)):
                if self.results.pop(gone, None) is not None:
                    dropped.add(gone)
        return dropped

    def known_for(self, checks: tuple[str, ...]) -> dict[str, CheckResult]:
        running = set(self.checks_run_by(checks))
        return {k: v for k, v in self.results.items() if k not in running}

    def record(self, result: CheckResult) -> None:
        self.results[result.id] = result
        self.made_by = None

    def step_status(self, step_id: str) -> Status | None:
        """The worst status among the step's results; None before it ran."""
        found = [self.results[c] for c in self.step(step_id).checks if c in self.results]
        if not found:
            return None
        # A step left unfinished (a check skipped beside passed ones) never shows as passed.
        return max((r.status for r in found), key=lambda s: (s.severity, s == Status.SKIP))

    def report(self) -> RunReport:
        """Everything known so far, as one run: what the summary shows and the report saves."""
        results = tuple(self.results[c] for c in CHECK_IDS if c in self.results)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        return RunReport(
            inputs=dataclasses.replace(self.inputs, only=()),
            started_at=self.started_at or now,
            finished_at=now,
            duration_ms=sum(r.duration_ms for r in results),
            results=results,
            verdict=decide(results, cancelled=self.cancelled),
            cancelled=self.cancelled,
            made_by=self.made_by,
        )


def probes_from(result: CheckResult) -> list[Probe]:
    """The live rows a finished result would have shown: to show a saved report as it ran."""
    evidence = result.evidence
    if result.id == "dns":
        return [
            Probe(
                "dns",
                f"{evidence.get('endpoint')} @ {a['server']}",
                a["outcome"],
                {"server": a["server"], "ms": a["ms"], "addresses": a["addresses"]},
            )
            for a in evidence.get("answers", [])
        ]
    if result.id == "ports":
        return [
            Probe("ports", f"{row['port']}/tcp {row['address']}", row["state"], row)
            for row in evidence.get("ports", [])
        ]
    if result.id == "ntp":
        return [
            Probe("ntp", row["server"], row["state"], row) for row in evidence.get("servers", [])
        ]
    if result.id == "tls" and evidence.get("outcome"):
        return [
            Probe("tls", f"{evidence['port']}/tcp {evidence['address']}", evidence["outcome"], {})
        ]
    return []
