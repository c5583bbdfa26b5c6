"""Before and after: what changed between two saved runs (the `check --json` document).

`load_report` reads a saved file (a clear `ReportFileError` when it cannot), and
`compare_reports` lists the checks whose status or code changed, the verdict's change and the
ports whose state changed; `comparison_text` and `comparison_document` put it in words or
JSON. The wizard and `python -m app compare A.json B.json` use the same functions.

Only what was measured twice is better or worse: a check or a port not run (or skipped) in
one of the two runs is "not run", and so is a verdict that is better or worse only through
such a check (a run that left checks out against one that failed them); a "before" newer than
its "after", or two runs on different adapters, are said before anything else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.evidence import OPEN, AdapterEvidence, PortsEvidence
from app.core.messages import Words
from app.core.model import CHECK_IDS, CheckResult, RunReport, Status, Verdict
from app.core.outputs.document import DocumentError, from_document
from app.core.outputs.refcode import reference_or_none
from app.core.outputs.text import format_time
from app.core.util.files import read_text
from app.core.verdict import decide

COMPARISON_SCHEMA = "station-network-check/comparison/1"

# How good a status is, to tell a fix from a regression; a skipped check knows nothing, so
# it stands between a warning and a failure.
_PORT_RANK = {OPEN: 0}


class ReportFileError(ValueError):
    """A saved report that cannot be used. `reason` is stable (`unreadable`, `not_json`,
    `invalid`); `file` and `error` fill the catalogue's `COMPARE_<REASON>` sentence."""

    def __init__(self, reason: str, file: str, error: str, cause: OSError | None = None) -> None:
        super().__init__(f"{file}: {error}")
        self.reason, self.file, self.error, self.cause = reason, file, error, cause

    def text(self, words: Words) -> str:
        """The one line a user reads: which file, and why, in the language of `words`."""
        error = words.os_error(self.cause) if self.cause is not None else self.error
        return words.term(f"COMPARE_{self.reason.upper()}", {"file": self.file, "error": error})


@dataclass(frozen=True)
class Outcome:
    """One side of a change: a check's (or the verdict's) status and code."""

    status: Status
    code: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class CheckChange:
    """A check whose status or code differs; a side is None where the check did not run."""

    id: str
    before: Outcome | None
    after: Outcome | None
    trend: str
    """`better`, `worse`, `different` (same rank, another code) or `not_run` (not run or
    skipped in one of the two: nothing to weigh)."""


@dataclass(frozen=True)
class PortChange:
    """A port whose state changed: its state as `PortsEvidence.port_state` says it, None
    where the port was not probed."""

    port: int
    protocol: str
    before: str | None
    after: str | None
    trend: str


@dataclass(frozen=True)
class CompareWarning:
    """Why the two runs may not be a before and an after of the same thing; `code` names
    the catalogue's sentence (`COMPARE_BEFORE_IS_NEWER`, `COMPARE_OTHER_ADAPTER`)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Comparison:
    before: RunReport
    after: RunReport
    verdict_before: Outcome
    verdict_after: Outcome
    verdict_trend: str | None
    """None when the verdict is the same; `not_run` when it is better or worse only through
    checks one of the two runs did not measure (see `verdict_trend`)."""
    checks: tuple[CheckChange, ...]
    unchanged: tuple[str, ...]
    """Ids of the checks with the same status and code in both runs."""
    ports: tuple[PortChange, ...]
    warnings: tuple[CompareWarning, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.checks or self.ports or self.verdict_trend)


REPORT_FILE_LIMIT = 4 * 1024 * 1024
"""The largest saved report read: a run's document is some tens of kilobytes."""


def load_report(path: str | Path) -> RunReport:
    """A saved JSON document read back, or ReportFileError saying what is wrong."""
    name = str(path)
    try:
        text = read_text(path, REPORT_FILE_LIMIT)
    except OSError as exc:
        raise ReportFileError("unreadable", name, exc.strerror or type(exc).__name__, exc) from None
    except UnicodeDecodeError as exc:
        raise ReportFileError("not_json", name, f"not UTF-8 text ({exc.reason})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFileError("not_json", name, f"{exc.msg}, line {exc.lineno}") from None
    except RecursionError:
        raise ReportFileError("not_json", name, "nested too deeply") from None
    except ValueError as exc:  # a number of thousands of digits, say
        raise ReportFileError("not_json", name, str(exc)) from None
    if _nests_deeper(document, REPORT_NESTING_LIMIT):
        raise ReportFileError("invalid", name, f"nested deeper than {REPORT_NESTING_LIMIT}")
    try:
        report = from_document(document)
    except DocumentError as exc:
        raise ReportFileError("invalid", name, str(exc)) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # A field of the wrong type or range that the reader met on the way: the file is not
        # a report this version can read, said like any other, never a crash.
        raise ReportFileError("invalid", name, f"{type(exc).__name__}: {exc}") from None
    return report


REPORT_NESTING_LIMIT = 32
"""How deep a saved report's arrays and objects may nest: a run's document goes 6 deep."""


def _nests_deeper(document: object, limit: int) -> bool:
    """Whether `document`'s arrays and objects nest deeper than `limit`: past it the reader's
    own recursion is never reached. Walked a level at a time, not by recursion."""
    level: list[Any] = [document] if isinstance(document, dict | list) else []
    for _ in range(limit):
        level = [
            child
            for value in level
            for child in (value.values() if isinstance(value, dict) else value)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


def ports_by_number(report: RunReport) -> dict[tuple[int, str], str]:
    """Each probed port's state, as the ports check counts it (see PortChange)."""
    result = report.result("ports")
    ports = result.evidence_as(PortsEvidence) if result else None
    if ports is None:
        return {}
    return {key: ports.port_state(*key) for key in ports.port_keys()}


def _trend(before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return "not_run"
    if before == after:
        return "different"
    return "better" if after < before else "worse"


def _standing(outcome: Outcome | None) -> int | None:
    """How good a result is, or None where nothing was measured (not run, skipped)."""
    if outcome is None or outcome.status == Status.SKIP:
        return None
    return outcome.status.standing


def _started(report: RunReport) -> datetime | None:
    try:
        moment = datetime.fromisoformat(report.started_at)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _adapter(report: RunReport) -> str | None:
    """The tested adapter's name as the report tells it (None: the report does not say)."""
    result = report.result("adapter")
    evidence = result.evidence_as(AdapterEvidence) if result else None
    if evidence is None or evidence.adapter is None:
        return None
    return evidence.adapter.friendly_name or evidence.adapter.name


def _warnings(before: RunReport, after: RunReport) -> tuple[CompareWarning, ...]:
    warnings = []
    was, now = _started(before), _started(after)
    if was is not None and now is not None and was > now:
        warnings.append(
            CompareWarning(
                "COMPARE_BEFORE_IS_NEWER",
                {"before": format_time(before.started_at), "after": format_time(after.started_at)},
            )
        )
    old, new = _adapter(before), _adapter(after)
    if old is not None and new is not None and old != new:
        warnings.append(CompareWarning("COMPARE_OTHER_ADAPTER", {"before": old, "after": new}))
    return tuple(warnings)


def _outcome(item: CheckResult | Verdict | None) -> Outcome | None:
    if item is None:
        return None
    return Outcome(item.status, item.code, dict(item.params))


def _measured(report: RunReport) -> set[str]:
    return {r.id for r in report.results if r.status != Status.SKIP}


def verdict_trend(before: RunReport, after: RunReport) -> str | None:
    """The verdict's change (None: the same), weighed on what both runs measured.

    A verdict sums up the checks its run measured: "no problem found, but not everything was
    tested" is a pass only of what ran, and "ready, firmware not checked" a warning only for
    what was not typed. So each run's verdict is decided again from the checks both runs
    measured, and the change is better or worse only when that says so too; otherwise it
    rests on checks one of the two did not measure, and is `not_run`.
    """
    old, new = _outcome(before.verdict), _outcome(after.verdict)
    assert old is not None and new is not None
    if (old.status, old.code) == (new.status, new.code):
        return None
    trend = _trend(_standing(old), _standing(new))
    if trend not in ("better", "worse"):
        return trend
    both = _measured(before) & _measured(after)
    again = [
        _outcome(decide(tuple(r for r in report.results if r.id in both)))
        for report in (before, after)
    ]
    return trend if _trend(_standing(again[0]), _standing(again[1])) == trend else "not_run"


def compare_reports(before: RunReport, after: RunReport) -> Comparison:
    """What changed from `before` to `after`, in the procedure's order."""
    changes, unchanged = [], []
    ids = [c for c in CHECK_IDS if before.result(c) or after.result(c)]
    for check_id in ids:
        old, new = _outcome(before.result(check_id)), _outcome(after.result(check_id))
        if old and new and (old.status, old.code) == (new.status, new.code):
            unchanged.append(check_id)
            continue
        trend = _trend(_standing(old), _standing(new))
        changes.append(CheckChange(check_id, old, new, trend))
    old_ports, new_ports = ports_by_number(before), ports_by_number(after)
    ports = []
    for key in [*old_ports, *(k for k in new_ports if k not in old_ports)]:
        was, now = old_ports.get(key), new_ports.get(key)
        if was != now:
            rank = (
                None if was is None else _PORT_RANK.get(was, 1),
                None if now is None else _PORT_RANK.get(now, 1),
            )
            ports.append(PortChange(key[0], key[1], was, now, _trend(*rank)))
    verdict_before, verdict_after = _outcome(before.verdict), _outcome(after.verdict)
    assert verdict_before is not None and verdict_after is not None
    return Comparison(
        before,
        after,
        verdict_before,
        verdict_after,
        verdict_trend(before, after),
        tuple(changes),
        tuple(unchanged),
        tuple(sorted(ports, key=lambda p: (p.port, p.protocol))),
        _warnings(before, after),
    )


# -- words ------------------------------------------------------------------------------------


def verdict_trend_term(trend: str) -> str:
    """The catalogue's word for the verdict's change: the verdict ran in both runs, so its
    `not_run` says the change rests on checks one of them did not measure."""
    return "COMPARE_VERDICT_NOT_RUN" if trend == "not_run" else f"COMPARE_{trend.upper()}"


def _side(outcome: Outcome | None, words: Words) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "status": outcome.status.value,
        "code": outcome.code,
        "title": words.title(outcome.code, outcome.params),
    }


def comparison_document(
    comparison: Comparison, words: Words, files: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The comparison as JSON (`compare --json`): codes, statuses and trends are stable."""

    def run(report: RunReport, file: str | None) -> dict[str, Any]:
        return {
            "file": file,
            "started_at": report.started_at,
            "reference": reference_or_none(report),
            "verdict": report.verdict.code,
        }

    return {
        "schema": COMPARISON_SCHEMA,
        "language": words.lang,
        "before": run(comparison.before, files[0] if files else None),
        "after": run(comparison.after, files[1] if files else None),
        "changed": comparison.changed,
        "warnings": [
            {"code": w.code, "text": words.term(w.code, w.params)} for w in comparison.warnings
        ],
        "verdict": {
            "before": _side(comparison.verdict_before, words),
            "after": _side(comparison.verdict_after, words),
            "changed": comparison.verdict_trend is not None,
            "trend": comparison.verdict_trend,
        },
        "checks": [
            {
                "id": c.id,
                "name": words.check_name(c.id),
                "before": _side(c.before, words),
                "after": _side(c.after, words),
                "trend": c.trend,
            }
            for c in comparison.checks
        ],
        "unchanged": list(comparison.unchanged),
        "ports": [
            {
                "port": p.port,
                "protocol": p.protocol,
                "before": p.before,
                "after": p.after,
                "trend": p.trend,
            }
            for p in comparison.ports
        ],
    }


def comparison_text(
    comparison: Comparison, words: Words, files: tuple[str, str] | None = None
) -> str:
    """The comparison for people: both runs, the verdict, each change, what stayed the same."""

    def t(name: str, **params: Any) -> str:
        return words.term(name, params)

    def label(name: str) -> str:
        return words.label(t(name))

    def side(outcome: Outcome | None) -> str:
        if outcome is None:
            return t("LABEL_NOT_RUN")
        return (
            f"{t('STATUS_' + outcome.status.name).upper()} {outcome.code} "
            f"({words.title(outcome.code, outcome.params)})"
        )

    def port_state(state: str | None) -> str:
        return t("LABEL_NOT_RUN") if state is None else t(f"PORT_STATE_{state.upper()}")

    lines = []
    for name, report, index in (
        ("COMPARE_BEFORE", comparison.before, 0),
        ("COMPARE_AFTER", comparison.after, 1),
    ):
        parts = [format_time(report.started_at)]
        reference = reference_or_none(report)
        if reference:
            parts.append(f"{t('LABEL_REFERENCE')} {reference}")
        if files:
            parts.append(files[index])
        lines.append(f"{label(name)} {' · '.join(parts)}")
    for warning in comparison.warnings:
        lines.append(f"! {words.term(warning.code, warning.params)}")
    lines.append("")
    if comparison.verdict_trend is None:
        lines.append(
            f"{label('LABEL_VERDICT')} {side(comparison.verdict_after)} · {t('COMPARE_SAME')}"
        )
    else:
        lines.append(
            f"{label('LABEL_VERDICT')} {side(comparison.verdict_before)} → "
            f"{side(comparison.verdict_after)} · "
            f"{t(verdict_trend_term(comparison.verdict_trend))}"
        )
    if not comparison.changed:
        lines += ["", t("COMPARE_NO_CHANGE")]
    if comparison.checks:
        lines += ["", label("COMPARE_CHECKS")]
        for change in comparison.checks:
            lines.append(
                f"  {label('CHECK_' + change.id.upper())} {side(change.before)} → "
                f"{side(change.after)} · {t('COMPARE_' + change.trend.upper())}"
            )
    if comparison.ports:
        lines += ["", label("COMPARE_PORTS")]
        for port in comparison.ports:
            port_label = words.label(f"{port.protocol.upper()} {port.port}")
            lines.append(
                f"  {port_label} {port_state(port.before)} → "
                f"{port_state(port.after)} · {t('COMPARE_' + port.trend.upper())}"
            )
    if comparison.unchanged:
        names = words.check_names(comparison.unchanged)
        lines += ["", f"{label('COMPARE_UNCHANGED')} {names}"]
    return "\n".join(lines) + "\n"
