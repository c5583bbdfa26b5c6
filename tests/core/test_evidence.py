"""Typed evidence: each check's record back and forth through JSON, the questions asked of it,
and saved reports whose evidence is damaged refused with the one error."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from helpers.site import loopback_site

from app.core.evidence import (
    DnsAnswer,
    EvidenceError,
    NtpServer,
    PortProbe,
    PortsEvidence,
    TlsEvidence,
    evidence_from_json,
)
from app.core.messages import words_for
from app.core.outputs.compare import ReportFileError, load_report
from app.core.outputs.document import DocumentError, from_document, to_document
from app.core.run import run_checks
from app.core.util.resources import resource_path

Document = dict[str, Any]
SAMPLE = resource_path("samples", "blocked-site.json")


def sample() -> Document:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def evidence(document: Document, check_id: str) -> dict[str, Any]:
    return next(c for c in document["checks"] if c["id"] == check_id)["evidence"]


@pytest.mark.usefixtures("trust_test_ca")
def test_every_check_s_evidence_reads_back_as_it_was_written(tls_ca) -> None:
    for vpn in (("open", "open"), ("dropped", "closed")):
        with loopback_site(tls_ca, vpn=vpn) as site:
            report = run_checks(
                site.inputs(model="cp6000", firmware="2024.03.00.428", link="up", vpn="up"),
                site.rules,
                adapters=site.adapters,
            )
        document = json.loads(json.dumps(to_document(report, words_for("en"))))
        again = from_document(document)
        assert [_beside_home(r.evidence) for r in again.results] == [
            _beside_home(r.evidence) for r in report.results
        ]
        assert to_document(again, words_for("en"))["checks"] == document["checks"]


def _beside_home(evidence: Any) -> Any:
    """The evidence without its trust store's path, which the document's privacy filter
    shortens where the temporary folder lies in the home folder (Windows: %TEMP% is inside
    the profile); what is left of that path must still name the file."""
    if isinstance(evidence, TlsEvidence) and evidence.trust_store is not None:
        assert evidence.trust_store.endswith("ca-bundle.pem"), evidence.trust_store
        return dataclasses.replace(evidence, trust_store=None)
    return evidence


def test_the_sample_reads_back_with_every_field_it_has() -> None:
    """The bundled sample predates the probes' routes, the cable's health and the NTP
    sentences' port: read back, it keeps every field it has and gains `route: null`,
    `link: null` and the NTP result's `port` parameter where they are now written."""
    document = sample()
    written = to_document(from_document(copy.deepcopy(document)), words_for("en"))

    def fields(value: object, path: str = "") -> set[str]:
        if isinstance(value, dict):
            return {f"{path}.{k}" for k in value} | {
                f for k, v in value.items() for f in fields(v, f"{path}.{k}")
            }
        if isinstance(value, list):
            return {f for item in value for f in fields(item, f"{path}[]")}
        return set()

    assert fields(document["checks"]) <= fields(written["checks"])
    assert {
        f.rsplit(".", 1)[-1] for f in fields(written["checks"]) - fields(document["checks"])
    } <= {"route", "link", "port"}
    assert from_document(written).results == from_document(document).results


def drop(key: str) -> Callable[[dict[str, Any]], Any]:
    return lambda found: found.pop(key)


DAMAGES: dict[str, tuple[str, Callable[[dict[str, Any]], Any]]] = {
    "adapter kind not a string": ("adapter", lambda e: e["adapters"][0].update(kind=5)),
    "adapter card without its prefix": ("adapter", lambda e: e["adapter"]["ipv4"][0].pop("prefix")),
    "adapter card of an unknown kind": ("adapter", lambda e: e["adapter"].update(kind="modem")),
    "source address a number": ("adapter", lambda e: e.update(source_address=127001)),
    "dns answer without its server": ("dns", lambda e: e["answers"][0].pop("server")),
    "dns addresses a string": ("dns", lambda e: e.update(addresses="1.2.3.4")),
    "dns answer time a string": ("dns", lambda e: e["answers"][0].update(ms="12")),
    "port number a string": ("ports", lambda e: e["ports"][0].update(port="443")),
    "port row not an object": ("ports", lambda e: e["ports"].append(["443", "open"])),
    "blocked ports not a list": ("ports", lambda e: e["blocked"].update(filtered="52007/TCP")),
    "ports without a time-out": ("ports", drop("timeout_s")),
    "ntp state null": ("ntp", lambda e: e["servers"][0].update(state=None)),
    "ntp best server not among the servers": ("ntp", lambda e: e.update(server="elsewhere")),
    "ntp offset a string": ("ntp", lambda e: e["servers"][0].update(offset_s="0.1")),
    "tls port a boolean": ("tls", lambda e: e.update(port=True)),
    "tls certificate a string": ("tls", lambda e: e.update(certificate="CN=x")),
    "tls certificate without its issuer": ("tls", lambda e: e["certificate"].pop("issuer")),
    "firmware version a number": ("firmware", lambda e: e.update(version=2024)),
    "matrix reading a list": ("matrix", lambda e: e["readings"].update(vpn=["up"])),
    "matrix ranking codes numbers": ("matrix", lambda e: e["ranking"][0].update(codes={"a": 1})),
    "extra field of the wrong type": ("dns", lambda e: e.update(garbage={"x": [1, 2]})),
    "evidence a list": ("ports", None),  # type: ignore[dict-item]
}


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_damaged_evidence_is_not_a_report_this_version_can_read(damage: str, tmp_path) -> None:
    check_id, change = DAMAGES[damage]
    document = sample()
    if change is None:
        next(c for c in document["checks"] if c["id"] == check_id)["evidence"] = [1]
    else:
        change(evidence(document, check_id))
    with pytest.raises(DocumentError, match="damaged report"):
        from_document(document)
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ReportFileError) as caught:
        load_report(path)
    assert caught.value.reason == "invalid"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["inputs"].update(timeout="3"),
        lambda d: d["inputs"].pop("region"),
        lambda d: d["checks"][0].update(status="green"),
        lambda d: d["checks"][0].update(duration_ms=1.5),
        lambda d: d["checks"][0].update(id="laptop"),
        lambda d: d["checks"][0]["next_steps"].append({"params": {}}),
        lambda d: d["verdict"]["next_steps"][0].pop("code"),
        lambda d: d["verdict"].update(params=[]),
        lambda d: d.update(cancelled="no"),
        lambda d: d["tool"].pop("version"),
        lambda d: d.update(checks={"adapter": {}}),
    ],
    ids=[
        "timeout a string",
        "no region",
        "unknown status",
        "duration not an integer",
        "unknown check",
        "step without a code",
        "verdict step without a code",
        "params a list",
        "cancelled a string",
        "no version",
        "checks an object",
    ],
)
def test_a_damaged_document_is_refused_with_the_one_error(change) -> None:
    document = sample()
    change(document)
    with pytest.raises(DocumentError):
        from_document(document)


def test_a_crashed_check_s_evidence_is_read_as_such() -> None:
    document = sample()
    crashed = next(c for c in document["checks"] if c["id"] == "ntp")
    crashed.update(status="error", code="CHECK_CRASHED", evidence={"exception": "RuntimeError"})
    with pytest.raises(DocumentError, match="message"):
        from_document(document)
    crashed["evidence"].update(message="boom", traceback="Traceback")
    assert from_document(document).result("ntp").evidence.message == "boom"


def test_the_port_rule_and_grouping_are_asked_of_the_record() -> None:
    rows = (
        PortProbe(443, "tcp", "https", "192.0.2.1", "filtered", 1000),
        PortProbe(443, "tcp", "https", "192.0.2.2", "open", 3),
        PortProbe(52007, "tcp", "vpn", "192.0.2.1", "refused", 2),
        PortProbe(52007, "tcp", "vpn", "192.0.2.2", "refused", 5),
        PortProbe(52017, "tcp", "vpn", "192.0.2.1", "filtered", 1000),
        PortProbe(52017, "tcp", "vpn", "192.0.2.2", "unreachable", 7),
    )
    ports = PortsEvidence(("192.0.2.1", "192.0.2.2"), 1.0, rows)
    # Blocked to any one address is blocked: the station may be given that address.
    assert ports.is_blocked(443, "tcp") and ports.port_state(443, "tcp") == "filtered"
    assert ports.is_blocked(52007, "tcp") and ports.port_state(52017, "tcp") == "filtered"
    assert ports.blocked_everywhere() == {"refused": (52007,), "filtered": (52017,)}
    assert ports.blocked_somewhere() == {443: {"192.0.2.1": "filtered"}}
    opened = PortsEvidence(("192.0.2.2",), 1.0, (rows[1],))
    assert not opened.is_blocked(443, "tcp") and opened.port_state(443, "tcp") == "open"
    groups = [(g.port, g.state, g.addresses, g.slowest_ms) for g in ports.groups()]
    assert groups == [
        (443, "filtered", ("192.0.2.1",), 1000),
        (443, "open", ("192.0.2.2",), 3),
        (52007, "refused", ("192.0.2.1", "192.0.2.2"), 5),
        (52017, "filtered", ("192.0.2.1",), 1000),
        (52017, "unreachable", ("192.0.2.2",), 7),
    ]


def test_each_live_row_says_its_own_key() -> None:
    assert PortProbe(52007, "tcp", "vpn", "192.0.2.1", "running").key == "52007/tcp 192.0.2.1"
    assert DnsAnswer("192.0.2.53:5353", "running").key == "192.0.2.53:5353"
    assert NtpServer("time.example", None, "running").key == "time.example"
    tls = TlsEvidence("vpn.example", "192.0.2.1", 443, "trusted")
    assert (tls.key, tls.state) == ("443/tcp 192.0.2.1", "trusted")


def test_evidence_errors_name_the_field() -> None:
    with pytest.raises(EvidenceError, match=r"evidence\.answers\[0\]\.server: missing"):
        evidence_from_json(
            "dns",
            "DNS_OK",
            {"endpoint": "x", "answers": [{"outcome": "answer"}]},
            "evidence",
        )


def test_reading_a_report_loads_no_probe(tmp_path) -> None:
    """`compare`, `decode` and `--version` start without the probes and their libraries."""
    path = tmp_path / "sample.json"
    path.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    script = (
        "import sys\n"
        "import app.cli, app.core.evidence\n"
        "from app.core.outputs.compare import load_report\n"
        f"load_report({str(path)!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith(('app.core.probes', "
        "'app.core.checks', 'dns', 'cryptography'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
