"""Before and after: two real runs of a site, saved and read back, compared."""

from __future__ import annotations

import json
import re

import pytest
from helpers.site import loopback_site

from app.core.messages import catalogue
from app.core.outputs.compare import (
    ReportFileError,
    compare_reports,
    comparison_document,
    comparison_text,
    load_report,
)
from app.core.outputs.document import from_document, to_document
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def saved(site, tmp_path, name: str, **changes):
    report = run_checks(site.inputs(**changes), site.rules, adapters=site.adapters)
    path = tmp_path / name
    path.write_text(json.dumps(to_document(report, "en")), encoding="utf-8")
    return path


def test_a_firewall_fix_shows_as_better_ports_checks_and_verdict(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        before = saved(site, tmp_path, "a.json")
    with loopback_site(tls_ca) as site:
        after = saved(site, tmp_path, "b.json")
    comparison = compare_reports(load_report(before), load_report(after))
    assert comparison.changed
    assert (comparison.verdict_before.code, comparison.verdict_after.code) == (
        "VERDICT_FIREWALL_BLOCKING",
        "VERDICT_READY_FIRMWARE_UNCHECKED",
    )
    assert comparison.verdict_trend == "better"
    ports = next(c for c in comparison.checks if c.id == "ports")
    assert (ports.before.code, ports.after.code, ports.trend) == (
        "PORTS_BLOCKED",
        "PORTS_OK",
        "better",
    )
    # The two sites ran on different port numbers: each port probed in only one of them.
    assert {(p.before, p.after) for p in comparison.ports} >= {
        ("filtered", None),
        ("refused", None),
        (None, "open"),
    }
    assert "adapter" in comparison.unchanged and "dns" in comparison.unchanged
    french = comparison_text(comparison, "fr", catalogue())
    assert "Ports : ÉCHEC PORTS_BLOCKED" in french, french
    assert re.search(r"\w:(\s|$)", french) is None, "French puts a space before a colon"


def test_the_same_ports_changing_state(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        before = load_report(saved(site, tmp_path, "a.json"))
        # The same site later, with its firewall now dropping HTTPS on the first address.
        after_doc = to_document(before, "en")
        after_doc["checks"][2]["evidence"]["ports"][0]["state"] = "filtered"
    https = before.result("ports").evidence.ports[0].port
    comparison = compare_reports(before, from_document(after_doc))
    assert [(p.port, p.before, p.after, p.trend) for p in comparison.ports] == [
        (https, "open", "filtered", "worse")
    ]
    assert comparison.checks == () and comparison.verdict_trend is None


def test_no_change_is_said_in_both_languages(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca) as site:
        path = saved(site, tmp_path, "a.json")
    comparison = compare_reports(load_report(path), load_report(path))
    assert not comparison.changed
    words = catalogue()
    assert "Nothing changed between the two runs." in comparison_text(comparison, "en", words)
    assert "Rien n'a changé" in comparison_text(comparison, "fr", words)
    document = comparison_document(comparison, "fr", words, (str(path), str(path)))
    assert document["schema"] == "station-network-check/comparison/1"
    assert document["changed"] is False and document["checks"] == []
    assert document["before"]["reference"] == document["after"]["reference"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "unreadable"),
        (b"\xff\xfe not text", "not_json"),
        (b"{ not json", "not_json"),
        (b'{"schema": "something/else"}', "invalid"),
        (b'{"schema": "station-network-check/report/1", "inputs": {}}', "invalid"),
        (
            b'{"schema": "station-network-check/report/1", "inputs": {}, "started_at": "x",'
            b' "finished_at": "x", "duration_ms": 1, "verdict": {"status": "pass", "code": "V"},'
            b' "checks": [{"id": "ports", "status": "fail", "code": "PORTS_BLOCKED",'
            b' "evidence": {"ports": [{"state": "open"}]}}]}',
            "invalid",
        ),
    ],
)
def test_unusable_files_say_why(tmp_path, content: bytes | None, reason: str) -> None:
    path = tmp_path / "r.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportFileError) as caught:
        load_report(path)
    assert caught.value.reason == reason and caught.value.file == str(path)
    assert caught.value.error
