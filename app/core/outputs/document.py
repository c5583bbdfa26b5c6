"""The run as one JSON document: what `check --json` prints and the wizard saves.

The document is versioned by its `schema` field; README.md ("The JSON document") describes
every field. Codes and evidence are stable; titles and sentences are in `language`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Any

from app import APP_ID, APP_NAME, __version__
from app.core.evidence import (
    DnsEvidence,
    EvidenceError,
    JsonFields,
    NtpEvidence,
    evidence_from_json,
)
from app.core.messages import Term, Title, Words
from app.core.model import CheckResult, NextStep, RunInputs, RunReport, Status, Verdict
from app.core.outputs.privacy import Privacy, cleaned
from app.core.outputs.refcode import kept_reference, reference_or_none
from app.core.util.hosts import is_host

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


def step_document(next_step: NextStep, words: Words) -> dict[str, Any]:
    text = words.text(next_step.code, next_step.params)
    return {
        "code": next_step.code,
        "params": plain(next_step.params),
        "title": text.title,
        "text": text.instruction,
    }


def check_document(result: CheckResult, words: Words) -> dict[str, Any]:
    text = words.text(result.code, result.params)
    return {
        "id": result.id,
        "name": words.check_name(result.id),
        "status": result.status.value,
        "code": result.code,
        "title": text.title,
        "summary": text.explanation,
        "instruction": text.instruction,
        "params": plain(result.params),
        "evidence": result.evidence.to_json() if result.evidence is not None else {},
        "next_steps": [step_document(s, words) for s in result.next_steps],
        "duration_ms": result.duration_ms,
    }


def verdict_document(verdict: Verdict, words: Words) -> dict[str, Any]:
    text = words.text(verdict.code, verdict.params)
    return {
        "status": verdict.status.value,
        "code": verdict.code,
        "title": text.title,
        "summary": text.explanation,
        "instruction": text.instruction,
        "params": plain(verdict.params),
        "next_steps": [step_document(s, words) for s in verdict.next_steps],
    }


def to_document(
    report: RunReport, words: Words, rules_source: str | None = None, privacy: Privacy | None = None
) -> dict[str, Any]:
    """The JSON document, with no user name, computer name or home folder in it (a trust
    store's or a rules file's path can hold them): it is what a technician sends to support."""
    document = {
        "schema": SCHEMA,
        "tool": {"name": APP_NAME, "id": APP_ID, "version": report.made_by or __version__},
        "language": words.lang,
        "started_at": report.started_at,
        "finished_at": report.finished_at,
        "duration_ms": report.duration_ms,
        "inputs": report.inputs.as_dict(),
        "endpoint": report.endpoint,
        "rules": rules_source,
        "checks": [check_document(r, words) for r in report.results],
        "verdict": verdict_document(report.verdict, words),
        "cancelled": report.cancelled,
        "exit_code": int(exit_code(report)),
        "reference": reference_or_none(report),
    }
    private: dict[str, Any] = cleaned(document, privacy or Privacy.of_this_machine())
    return private


class DocumentError(ValueError):
    """A file that is not a report this program wrote; the message says what is wrong."""


def from_document(document: object) -> RunReport:
    """Read back a saved JSON document (the wizard's Save report, `check --json`).

    Every field is checked for its type, each check's evidence is built as its typed record,
    and anything else (a missing or unexpected field, a wrong type) raises DocumentError: past
    this point the program trusts what it reads."""
    if not isinstance(document, Mapping) or document.get("schema") != SCHEMA:
        found = document.get("schema") if isinstance(document, Mapping) else None
        raise DocumentError(f"not a {APP_NAME} report (schema {found!r}, expected {SCHEMA!r})")
    try:
        return JsonFields.read(document, "report", _read_document)
    except (EvidenceError, ValueError) as exc:
        raise DocumentError(f"damaged report: {exc}") from None


_WRITTEN_ONLY = ("it_request", "watch")
"""Fields `check --json` may add that a report read back does not use."""


def _read_document(f: JsonFields) -> RunReport:
    f.text("schema")
    made_by = f.built("tool", _read_tool)
    f.text("language")
    f.opt_text("rules")
    f.integer("exit_code")
    written = f.opt_text("reference")
    for key in _WRITTEN_ONLY:
        if f.has(key):
            f.value(key)
    results = f.rows("checks", JsonFields.reader(_read_check))
    inputs = f.built("inputs", _read_inputs)
    report = RunReport(
        inputs=inputs,
        started_at=f.text("started_at"),
        finished_at=f.text("finished_at"),
        duration_ms=f.integer("duration_ms"),
        results=results,
        verdict=f.built("verdict", _read_verdict),
        cancelled=f.flag("cancelled"),
        made_by=made_by,
        endpoint=_read_endpoint(f, inputs, results),
    )
    # Support may have been read this code on the phone: the file keeps saying it.
    kept = kept_reference(report, written)
    return dataclasses.replace(report, reference=kept) if kept else report


def _read_tool(f: JsonFields) -> str:
    """The version of the program that wrote the report."""
    f.text("name"), f.text("id")
    return f.text("version")


def _read_endpoint(
    f: JsonFields, inputs: RunInputs, results: tuple[CheckResult, ...]
) -> str | None:
    """The run's endpoint as saved; a report written before it was saved tested the name its
    DNS check asked for, else the one asked for, else its region's in the built-in rules (of
    these, the first that is a host name: what is read back must read back again)."""
    if f.has("endpoint"):
        endpoint = f.opt_text("endpoint")
        if endpoint is not None and not is_host(endpoint):
            raise EvidenceError(f"{f.where}.endpoint: not a host name: {endpoint!r}")
        return endpoint
    dns = next((r.evidence_as(DnsEvidence) for r in results if r.id == "dns"), None)
    for named in (dns.endpoint if dns else None, inputs.endpoint):
        if named and is_host(named):
            return named
    from app.core.rules import load_rules  # only for such a report

    return load_rules().regions.get(inputs.region)


def _read_inputs(f: JsonFields) -> RunInputs:
    return RunInputs(
        region=f.text("region"),
        interface=f.opt_text("interface"),
        endpoint=f.opt_text("endpoint"),
        ntp_servers=f.texts("ntp_servers"),
        dns_servers=f.texts("dns_servers"),
        timeout=f.opt_number("timeout"),
        model=f.opt_text("model"),
        firmware=f.opt_text("firmware"),
        link=f.opt_text("link"),
        vpn=f.opt_text("vpn"),
        cloud=f.opt_text("cloud"),
        only=f.texts("only"),
        rules_file=f.opt_text("rules_file"),
    )


def _read_status(f: JsonFields) -> Status:
    value = f.text("status")
    try:
        return Status(value)
    except ValueError:
        raise EvidenceError(f"{f.where}.status: unknown status {value!r}") from None


def _read_params(f: JsonFields) -> dict[str, Any]:
    return dict(f.fields("params").data)


def _read_steps(f: JsonFields) -> tuple[NextStep, ...]:
    return f.rows("next_steps", JsonFields.reader(_read_step))


def _read_step(f: JsonFields) -> NextStep:
    step = NextStep(f.text("code"), _read_params(f))
    f.text("title"), f.text("text")
    return step


def _read_words(f: JsonFields) -> None:
    """The sentences written for people: read again from the codes, only their type checked."""
    for key in ("title", "summary", "instruction"):
        f.text(key)


def _read_check(f: JsonFields) -> CheckResult:
    check_id, code = f.text("id"), f.text("code")
    f.text("name")
    _read_words(f)
    evidence = evidence_from_json(check_id, code, f.value("evidence"), f"{f.where}.evidence")
    return CheckResult(
        check_id,
        _read_status(f),
        code,
        evidence,
        _read_steps(f),
        f.integer("duration_ms"),
        _older_params(code, evidence, _read_params(f)),
    )


_NTP_PORT_CODES = ("NTP_OK", "NTP_BLOCKED", "NTP_SERVER_UNUSABLE")


def _older_params(code: str, evidence: object, params: dict[str, Any]) -> dict[str, Any]:
    """A report written before the NTP sentences named their port has none in its params:
    its servers were asked on the built-in rules' port, the one its sentences wrote out."""
    if isinstance(evidence, NtpEvidence) and code in _NTP_PORT_CODES and "port" not in params:
        from app.core.rules import load_rules  # only for such a report

        default = load_rules().ntp_port
        params["port"] = list(dict.fromkeys(row.port or default for row in evidence.servers))
    return params


def _read_verdict(f: JsonFields) -> Verdict:
    _read_words(f)
    return Verdict(_read_status(f), f.text("code"), _read_steps(f), _read_params(f))
