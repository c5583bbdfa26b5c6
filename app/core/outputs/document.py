"""The run as one JSON document: what `check --json` prints and the wizard saves.

The document is versioned by its `schema` field; README.md ("The JSON document") describes
every field. Codes and evidence are stable; titles and sentences are in `language`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from app import APP_ID, APP_NAME, __version__
from app.core.messages import Catalogue, Term, Title, catalogue
from app.core.model import CheckResult, NextStep, RunInputs, RunReport, Status, Verdict
from app.core.outputs.privacy import Privacy, cleaned
from app.core.outputs.refcode import reference_or_none

SCHEMA = "station-network-check/report/1"


class ExitCode(enum.IntEnum):
    OK = 0
    """No failure; warnings allowed."""
    FAILED = 1
    """At least one check failed."""
    USAGE = 2
    """Bad usage or input."""
    CRASHED = 3
    """A check crashed: the result is incomplete."""
    CANCELLED = 130


def exit_code(report: RunReport) -> ExitCode:
    if report.cancelled:
        return ExitCode.CANCELLED
    if any(r.status == Status.ERROR for r in report.results):
        return ExitCode.CRASHED
    if any(r.status == Status.FAIL for r in report.results):
        return ExitCode.FAILED
    return ExitCode.OK


def plain(value: Any) -> Any:
    """Parameters as JSON values: terms and titles become small tagged objects."""
    if isinstance(value, Term | Title):
        return {k: plain(v) for k, v in value.as_dict().items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def step_document(next_step: NextStep, lang: str, words: Catalogue) -> dict[str, Any]:
    text = words.text(next_step.code, lang, next_step.params)
    return {
        "code": next_step.code,
        "params": plain(next_step.params),
        "title": text.title,
        "text": text.instruction,
    }


def check_document(result: CheckResult, lang: str, words: Catalogue) -> dict[str, Any]:
    text = words.text(result.code, lang, result.params)
    return {
        "id": result.id,
        "name": words.check_name(result.id, lang),
        "status": result.status.value,
        "code": result.code,
        "title": text.title,
        "summary": text.explanation,
        "instruction": text.instruction,
        "params": plain(result.params),
        "evidence": plain(result.evidence),
        "next_steps": [step_document(s, lang, words) for s in result.next_steps],
        "duration_ms": result.duration_ms,
    }


def verdict_document(verdict: Verdict, lang: str, words: Catalogue) -> dict[str, Any]:
    text = words.text(verdict.code, lang, verdict.params)
    return {
        "status": verdict.status.value,
        "code": verdict.code,
        "title": text.title,
        "summary": text.explanation,
        "instruction": text.instruction,
        "params": plain(verdict.params),
        "next_steps": [step_document(s, lang, words) for s in verdict.next_steps],
    }


def to_document(
    report: RunReport, lang: str, rules_source: str | None = None, privacy: Privacy | None = None
) -> dict[str, Any]:
    """The JSON document, with no user name, computer name or home folder in it (a trust
    store's or a rules file's path can hold them): it is what a technician sends to support."""
    words = catalogue()
    document = {
        "schema": SCHEMA,
        "tool": {"name": APP_NAME, "id": APP_ID, "version": report.made_by or __version__},
        "language": lang,
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "duration_ms": report.duration_ms,
        "inputs": report.inputs.as_dict(),
        "rules": rules_source,
        "checks": [check_document(r, lang, words) for r in report.results],
        "verdict": verdict_document(report.verdict, lang, words),
        "cancelled": report.cancelled,
        "exit_code": int(exit_code(report)),
        "reference": reference_or_none(report),
    }
    return cleaned(document, privacy or Privacy.of_this_machine())


class DocumentError(ValueError):
    """A file that is not a report this program wrote; the message says what is wrong."""


def from_document(document: Mapping[str, Any]) -> RunReport:
    """Read back a saved JSON document (the wizard's Save report, `check --json`)."""
    if not isinstance(document, Mapping) or document.get("schema") != SCHEMA:
        found = document.get("schema") if isinstance(document, Mapping) else None
        raise DocumentError(f"not a {APP_NAME} report (schema {found!r}, expected {SCHEMA!r})")
    try:
        inputs = document["inputs"]
        run_inputs = RunInputs(
            **{
                **inputs,
                **{
                    key: tuple(inputs.get(key) or ())
                    for key in ("ntp_servers", "dns_servers", "only")
                },
            }
        )

        def steps(items: list[Mapping[str, Any]]) -> tuple[NextStep, ...]:
            return tuple(NextStep(s["code"], dict(s.get("params", {}))) for s in items)

        results = tuple(
            CheckResult(
                c["id"],
                Status(c["status"]),
                c["code"],
                dict(c.get("evidence", {})),
                steps(c.get("next_steps", [])),
                int(c.get("duration_ms", 0)),
                dict(c.get("params", {})),
            )
            for c in document["checks"]
        )
        verdict = document["verdict"]
        return RunReport(
            inputs=run_inputs,
            started_at=document["started_at"],
            finished_at=document["finished_at"],
            duration_ms=int(document["duration_ms"]),
            results=results,
            verdict=Verdict(
                Status(verdict["status"]),
                verdict["code"],
                steps(verdict.get("next_steps", [])),
                dict(verdict.get("params", {})),
            ),
            cancelled=bool(document.get("cancelled", False)),
            made_by=str(document["tool"]["version"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DocumentError(f"damaged report: {type(exc).__name__}: {exc}") from None
