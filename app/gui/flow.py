"""The wizard's decisions, as plain data: no Qt, tested without a screen (tests/gui/test_flow.py).

Which checks a step or Run all runs, which results a changed input invalidates, what a retest
may replace, what opening a saved report does, and what each step shows: the window only
connects signals to these and paints the answer.

Each step runs some checks; the wizard keeps the latest result of every check, so Back and
Next lose nothing, and one step run alone reads the others' results. Running a check again,
or changing an input it rests on, drops the results that were built on its old answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.core.evidence import rows_of
from app.core.model import (
    CHECK_IDS,
    NETWORK_CHECKS,
    STEP_IDS,
    TYPED_CHECKS,
    CheckResult,
    Probe,
    RunInputs,
    RunReport,
    Status,
    step_checks,
    worst,
)
from app.core.outputs.it_request import needs_it_request
from app.core.outputs.watch import failing_checks
from app.core.run import CHECKS, select_checks
from app.core.util.versions import parse_version
from app.core.verdict import decide


@dataclass(frozen=True)
class Step:
    id: str
    checks: tuple[str, ...]
    automatic: bool
    """Runs from the network alone; "Run all" runs these."""


STEPS = tuple(
    Step(step_id, step_checks(step_id), not set(step_checks(step_id)) <= set(TYPED_CHECKS))
    for step_id in STEP_IDS
)
"""The procedure's steps (`app/core/model.py`), one page each."""
SUMMARY = "summary"
PAGES = (*(step.id for step in STEPS), SUMMARY)

OFFLINE = TYPED_CHECKS
"""Checks that send nothing: judged at once from what was typed, never cancelled."""

SITE_INPUTS = ("region", "endpoint", "dns_servers", "ntp_servers", "timeout", "rules_file")
"""Inputs every network answer but the adapter's rests on: a change drops those answers."""
ADAPTER_INPUTS = ("interface",)
"""Inputs every network check rests on, the adapter's own included."""

SITE_FREE = step_checks("adapter")
"""Step 1's checks, the adapter and the laptop's own proxy and VPN: their answers rest on no
site input. A new adapter still drops every network answer, theirs too."""

REGION_OF_COUNTRY = {"CA": "ca", "US": "us"}


def step_of(step_id: str) -> Step:
    return next(step for step in STEPS if step.id == step_id)


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


def checks_run_by(checks: Iterable[str]) -> tuple[str, ...]:
    """The checks a run of `checks` runs: those and what they need, in the procedure's order."""
    return tuple(check.id for check in select_checks(tuple(checks)))


def run_all_checks(offline_ready: Iterable[str]) -> tuple[str, ...]:
    """What Run all runs: every automatic step's checks, and the offline checks whose input
    is complete (an empty firmware field is not an error to report)."""
    ready = set(offline_ready)
    automatic = tuple(c for step in STEPS if step.automatic for c in step.checks)
    return automatic + tuple(c for c in OFFLINE if c in ready)


def invalidated_by(before: RunInputs, after: RunInputs) -> set[str]:
    """The results a change of inputs makes meaningless: a new adapter, every network answer;
    a new region (another endpoint, other servers), every network answer but the adapter's.
    The offline checks are judged again from the new inputs by the caller."""
    if any(getattr(before, name) != getattr(after, name) for name in ADAPTER_INPUTS):
        return set(NETWORK_CHECKS) | {"matrix"}
    if any(getattr(before, name) != getattr(after, name) for name in SITE_INPUTS):
        return (set(NETWORK_CHECKS) - set(SITE_FREE)) | {"matrix"}
    return set()


def saved_data_path(path: Path) -> Path:
    """The file a saved report is read from: its `.json`, also when the page (`.html`) beside
    it is the one chosen."""
    if path.suffix.lower() in (".html", ".htm"):
        return path.with_suffix(".json")
    return path


def default_region(locale_name: str, remembered: str | None, regions: Iterable[str]) -> str | None:
    """The region to start with: the last one chosen; else the system's country (`fr_CA`,
    `en_CA` → Canada, `en_US` → United States); else None, and the wizard asks."""
    known = set(regions)
    if remembered in known:
        return remembered
    country = locale_name.replace("-", "_").split(".")[0].partition("_")[2].upper()
    region = REGION_OF_COUNTRY.get(country)
    return region if region in known else None


FIRMWARE_PARTS = 4
"""A station's screen shows four parts (`2024.03.00.428`)."""


def firmware_entry(text: str) -> str:
    """What the firmware field holds: "empty", "incomplete" (a version still being typed:
    fewer than four parts, or a trailing dot), "invalid" (not a version at all), or
    "complete". Only a complete version is judged against the minimum."""
    cleaned = "".join(text.split())
    if not cleaned:
        return "empty"
    if cleaned[:1] in ("v", "V"):
        cleaned = cleaned[1:]
    parts = cleaned.split(".")
    if any(part and not part.isdigit() for part in parts) or len(parts) > 6:
        return "invalid"
    if len(parts) < FIRMWARE_PARTS or not all(parts):
        return "incomplete" if all(parts[:-1]) else "invalid"
    return "complete" if parse_version(cleaned) is not None else "invalid"


@dataclass(frozen=True)
class StepStatus:
    """What a step shows in the list: a status earned by results of the current inputs,
    "running", or neither ("not run for these inputs")."""

    status: Status | None = None
    running: bool = False
    cancelled: bool = False
    """The Summary of a run stopped by the user: neutral, neither passed nor failed."""

    @property
    def not_run(self) -> bool:
        return self.status is None and not self.running and not self.cancelled


NOT_RUN = StepStatus()
RUNNING = StepStatus(running=True)


@dataclass(frozen=True)
class Actions:
    """Which buttons act: the window enables exactly these."""

    run: bool
    """Run all, Run this step, the inputs: they act on the live site."""
    save: bool
    copy: bool
    it_request: bool
    retest: bool
    firewall_rules: bool = False
    """Firewall rules for what is shown: a saved report's too, like Save and Copy."""


@dataclass
class WizardState:
    inputs: RunInputs = field(default_factory=RunInputs)
    """The live inputs: what the pages show and the hidden ones (servers, endpoint, time-out,
    rules file). A saved report never replaces them."""
    results: dict[str, CheckResult] = field(default_factory=dict)
    started_at: str | None = None
    cancelled: bool = False
    """The last run was stopped before its end: the summary must not read as complete."""
    made_by: str | None = None
    """The version that ran a replayed report; any new result makes it this program's run."""
    running: tuple[str, ...] = ()
    """The checks of the run in progress (empty: none)."""
    saved: RunReport | None = None
    """A saved report on screen, read-only, beside the live state (None: the live checks)."""
    endpoint: str | None = None
    """The endpoint the live results tested: the last run's (None before any, and after the
    region or endpoint changed)."""
    saved_reference: str | None = None
    """The reference code the report on screen was read from (None: a saved file). A code
    carries no evidence, so nothing is saved from it: there is nothing to keep."""

    # What runs.
    def step(self, step_id: str) -> Step:
        return step_of(step_id)

    def run_inputs(self, checks: tuple[str, ...]) -> RunInputs:
        return dataclasses.replace(self.inputs, only=checks)

    def checks_run_by(self, checks: tuple[str, ...]) -> tuple[str, ...]:
        return checks_run_by(checks)

    def begin(self, checks: tuple[str, ...]) -> tuple[str, ...]:
        """A run of `checks` starts: their old results and those built on them go. Returns the
        checks that run."""
        if self.started_at is None:
            self.started_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.cancelled = False
        self.running = self.checks_run_by(checks)
        self.forget(self.running)
        return self.running

    def finish(self, report: RunReport, offline_ready: Iterable[str]) -> tuple[str, ...]:
        """The run ended (finished or cancelled): every result that finished stays. Returns
        the offline checks to judge again from what was typed: the readings' ranking reads
        the laptop's new results, and a Cancel never wipes what sends nothing."""
        ready = set(offline_ready)
        self.running = ()
        self.cancelled = report.cancelled
        self.endpoint = report.endpoint
        for result in report.results:
            if result.id in OFFLINE or (report.cancelled and result.status == Status.SKIP):
                # Judged again below, or never ran: "not run", not "skipped".
                self.results.pop(result.id, None)
            else:
                self.results.setdefault(result.id, result)
        return tuple(c for c in OFFLINE if c in ready)

    def fail(self) -> None:
        """The run itself broke: nothing is running any more."""
        self.running = ()

    def forget(self, checks: Iterable[str]) -> set[str]:
        """Drop the results of `checks` and of every check built on them (a new region makes
        the old DNS answer, ports and TLS meaningless). Returns the ids dropped."""
        dropped: set[str] = set()
        for check_id in checks:
            for gone in (check_id, *dependents(check_id)):
                if self.results.pop(gone, None) is not None:
                    dropped.add(gone)
        return dropped

    def change_inputs(self, inputs: RunInputs) -> set[str]:
        """The pages' inputs changed: the results resting on the old ones go. Returns the ids
        dropped."""
        gone = invalidated_by(self.inputs, inputs)
        if (inputs.region, inputs.endpoint) != (self.inputs.region, self.inputs.endpoint):
            self.endpoint = None
        self.inputs = inputs
        dropped = {c for c in gone if self.results.pop(c, None) is not None}
        if dropped & set(NETWORK_CHECKS):
            self.cancelled = False
        return dropped

    def known_for(self, checks: tuple[str, ...]) -> dict[str, CheckResult]:
        running = set(self.checks_run_by(checks))
        return {k: v for k, v in self.results.items() if k not in running}

    def record(self, result: CheckResult) -> None:
        self.results[result.id] = result
        self.made_by = None

    # What a retest may change.
    def retest_replaces(self, started_from: RunReport, latest: RunReport) -> list[CheckResult]:
        """The retested network results that replace what the window shows: only where the
        window still shows the result the retest started from (a step run again meanwhile,
        or a new region, is newer and stays); never in a saved report's view."""
        if self.saved is not None or self.running:
            return []
        replaced = []
        for result in latest.results:
            if result.id not in NETWORK_CHECKS:
                continue
            before = started_from.result(result.id)
            if before is not None and self.results.get(result.id) is before:
                replaced.append(result)
        return replaced

    # A saved report.
    def open_saved(self, report: RunReport, reference: str | None = None) -> None:
        """Show a saved report, read-only: the live inputs and results stay as they are,
        underneath, for the way back. `reference`: the code it was read from, if any."""
        self.saved = report
        self.saved_reference = reference

    def close_saved(self) -> None:
        self.saved = None
        self.saved_reference = None

    def shown_inputs(self) -> RunInputs:
        return self.saved.inputs if self.saved is not None else self.inputs

    def shown_endpoint(self) -> str | None:
        """The endpoint what is shown tested (None: nothing shown tested one yet)."""
        return self.saved.endpoint if self.saved is not None else self.endpoint

    def shown_results(self) -> dict[str, CheckResult]:
        if self.saved is not None:
            return {r.id: r for r in self.saved.results}
        return self.results

    # What the screen shows.
    def step_status(self, step_id: str) -> StepStatus:
        """Green or red only from results of the current inputs; "running" while any of the
        step's checks runs; a step left unfinished never shows as passed."""
        checks = self.step(step_id).checks
        if self.saved is None and set(checks) & set(self.running):
            return RUNNING
        results = self.shown_results()
        found = [results[c] for c in checks if c in results]
        if not found:
            return NOT_RUN
        shown = worst(r.status for r in found)
        assert shown is not None
        if len(found) < len(checks) and shown in (Status.PASS, Status.SKIP):
            return NOT_RUN
        return StepStatus(shown)

    def summary_status(self) -> StepStatus:
        if self.saved is None and self.running:
            return RUNNING
        report = self.report()
        if not report.results:
            return NOT_RUN
        if report.cancelled:
            return StepStatus(cancelled=True)
        return StepStatus(report.verdict.status)

    def actions(self) -> Actions:
        """Live-site actions wait for the verdict during a run, and stay off in a saved
        report's view; what is shown can always be copied once there is a result, and saved
        unless it was read from a reference code (a report without any evidence)."""
        if self.saved is None and self.running:
            return Actions(run=False, save=False, copy=False, it_request=False, retest=False)
        report = self.report()
        has = bool(report.results)
        live = self.saved is None
        has_evidence = has and self.saved_reference is None
        return Actions(
            run=live,
            save=has_evidence,
            copy=has,
            it_request=live and has and needs_it_request(report),
            retest=live and has and bool(failing_checks(report)),
            firewall_rules=has_evidence and needs_it_request(report),
        )

    def report(self) -> RunReport:
        """What the summary shows and the report saves: the saved report in its view, else
        everything known so far, as one run."""
        if self.saved is not None:
            return self.saved
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
            endpoint=self.endpoint,
        )


def probes_from(result: CheckResult) -> list[Probe]:
    """The live rows a finished result would have shown: to show a saved report as it ran,
    and a retested result in the same table as its card."""
    return [Probe(result.id, row) for row in rows_of(result.evidence)]
