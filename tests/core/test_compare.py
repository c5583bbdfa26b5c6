"""Before and after: two real runs of a site, saved and read back, compared."""

from __future__ import annotations

import json
import re

import pytest
from helpers.site import loopback_site

from app.core.messages import words_for
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
    path.write_text(json.dumps(to_document(report, words_for("en"))), encoding="utf-8")
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
    french = comparison_text(comparison, words_for("fr"))
    assert "Ports : ÉCHEC PORTS_BLOCKED" in french, french
    assert re.search(r"\w:(\s|$)", french) is None, "French puts a space before a colon"


def test_the_same_ports_changing_state(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        before = load_report(saved(site, tmp_path, "a.json"))
        # The same site later, with its firewall now dropping HTTPS on the first address.
        after_doc = to_document(before, words_for("en"))
        (ports,) = [c for c in after_doc["checks"] if c["id"] == "ports"]
        ports["evidence"]["ports"][0]["state"] = "filtered"
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
    assert "Nothing changed between the two runs." in comparison_text(comparison, words_for("en"))
    assert "Rien n'a changé" in comparison_text(comparison, words_for("fr"))
    document = comparison_document(comparison, words_for("fr"), (str(path), str(path)))
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


def test_a_check_not_run_in_one_run_is_not_run_never_better_or_worse(tls_ca, tmp_path) -> None:
    """DNS fails before (ports and HTTPS skipped), and the second run did only the ports: no
    check or port measured once only reads as better or worse."""
    with loopback_site(tls_ca, zone={}) as site:
        before = load_report(saved(site, tmp_path, "a.json"))
    with loopback_site(tls_ca) as site:
        after = load_report(saved(site, tmp_path, "b.json", only=("ports",)))
    assert before.result("ports").code == "PORTS_SKIPPED"
    comparison = compare_reports(before, after)
    trends = {c.id: c.trend for c in comparison.checks}
    assert trends["ports"] == "not_run", "skipped before, measured after: nothing to weigh"
    assert trends["ntp"] == trends["tls"] == "not_run", "run before only"
    assert trends["dns"] == "better", "measured in both"
    assert all(p.trend == "not_run" for p in comparison.ports)
    for lang, word in (("en", "not run in one of the two"), ("fr", "non effectuée dans l'une")):
        text = comparison_text(comparison, words_for(lang))
        ports_line = next(line for line in text.splitlines() if "PORTS_SKIPPED" in line)
        assert ports_line.endswith(word + " des deux" if lang == "fr" else word), ports_line
    document = comparison_document(comparison, words_for("en"))
    assert {c["id"]: c["trend"] for c in document["checks"]}["ports"] == "not_run"


def test_a_before_newer_than_after_and_another_adapter_are_said_first(tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        older = load_report(saved(site, tmp_path, "a.json"))
    with loopback_site(tls_ca) as site:
        newer_doc = to_document(
            run_checks(site.inputs(), site.rules, adapters=site.adapters), words_for("en")
        )
    newer_doc["started_at"] = "2099-01-01T00:00:00+00:00"
    newer_doc["checks"][0]["evidence"]["adapter"]["friendly_name"] = "USB Ethernet"
    newer = from_document(newer_doc)
    assert compare_reports(older, from_document(to_document(older, words_for("en")))).warnings == ()
    comparison = compare_reports(newer, older)  # the two files given the wrong way round
    assert [w.code for w in comparison.warnings] == [
        "COMPARE_BEFORE_IS_NEWER",
        "COMPARE_OTHER_ADAPTER",
    ]
    for lang, first in (("en", "Warning: “before”"), ("fr", "Attention : « avant »")):
        lines = comparison_text(comparison, words_for(lang)).splitlines()
        assert lines[2].startswith(f"! {first}") and "2099-01-01" in lines[2], lines
        assert "USB Ethernet" in lines[3] and "{" not in lines[3]
    document = comparison_document(comparison, words_for("fr"))
    assert [w["code"] for w in document["warnings"]][0] == "COMPARE_BEFORE_IS_NEWER"


def test_a_run_that_left_checks_out_is_weighed_only_on_what_both_runs_measured(
    tls_ca, tmp_path
) -> None:
    """A firewall blocking the VPN ports, then a run of DNS alone ("no problem found, but not
    everything was tested"): the verdict is not better, nor the other way round worse, for
    the ports were not tested the second time. Measured twice, the same change is weighed."""
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        blocked = load_report(saved(site, tmp_path, "blocked.json"))
    with loopback_site(tls_ca) as site:
        dns_only = load_report(saved(site, tmp_path, "dns.json", only=("dns",)))
        ports_only = load_report(saved(site, tmp_path, "ports.json", only=("ports",)))
    assert blocked.verdict.code == "VERDICT_FIREWALL_BLOCKING"
    assert dns_only.verdict.code == ports_only.verdict.code == "VERDICT_NOT_FULLY_TESTED"
    assert compare_reports(blocked, dns_only).verdict_trend == "not_run"
    assert compare_reports(dns_only, blocked).verdict_trend == "not_run"
    assert compare_reports(blocked, ports_only).verdict_trend == "better", "ports ran twice"
    assert compare_reports(ports_only, blocked).verdict_trend == "worse"
    comparison = compare_reports(blocked, dns_only)
    for lang, word in (
        ("en", "not comparable: the difference rests on checks not run in one of the two"),
        ("fr", "non comparable : la différence tient à des vérifications non effectuées"),
    ):
        text = comparison_text(comparison, words_for(lang))
        verdict_line = next(line for line in text.splitlines() if "VERDICT_NOT_FULLY" in line)
        assert word in verdict_line, verdict_line
    document = comparison_document(comparison, words_for("en"))
    assert document["verdict"]["trend"] == "not_run" and document["verdict"]["changed"]


def test_a_verdict_told_apart_only_by_the_firmware_typed_once_is_not_run(tls_ca, tmp_path) -> None:
    """Ready with the firmware typed, then the same site with it left out: the firmware was
    not read the second time, so the verdict did not get worse."""
    with loopback_site(tls_ca) as site:
        typed = load_report(
            saved(site, tmp_path, "a.json", model="cp6000", firmware="2025.01.00.500")
        )
        untyped = load_report(saved(site, tmp_path, "b.json"))
    assert (typed.verdict.code, untyped.verdict.code) == (
        "VERDICT_READY",
        "VERDICT_READY_FIRMWARE_UNCHECKED",
    )
    assert compare_reports(typed, untyped).verdict_trend == "not_run"
