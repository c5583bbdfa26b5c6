"""The wizard's decisions without a screen: this module imports no Qt (a test below proves it),
as Electrum tests its wizard's flow."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.model import CheckResult, NextStep, RunInputs, RunReport, Status, Verdict
from app.gui.flow import (
    NOT_RUN,
    RUNNING,
    StepStatus,
    WizardState,
    checks_run_by,
    default_region,
    firmware_entry,
    invalidated_by,
    run_all_checks,
    saved_data_path,
)

ROOT = Path(__file__).resolve().parents[2]
NETWORK = {"adapter", "laptop", "dns", "ports", "ntp", "tls"}


def passed(check_id: str) -> CheckResult:
    return CheckResult(check_id, Status.PASS, f"{check_id.upper()}_OK")


def failed(check_id: str, code: str) -> CheckResult:
    return CheckResult(check_id, Status.FAIL, code)


def skipped(check_id: str) -> CheckResult:
    return CheckResult(check_id, Status.SKIP, f"{check_id.upper()}_SKIPPED")


def run_report(results: list[CheckResult], cancelled: bool = False, **inputs) -> RunReport:
    return RunReport(
        inputs=RunInputs(**inputs),
        started_at="2026-11-30T09:12:05+00:00",
        finished_at="2026-11-30T09:12:09+00:00",
        duration_ms=4000,
        results=tuple(results),
        verdict=Verdict(Status.PASS, "VERDICT_READY", (NextStep("STEP_RUN_AGAIN"),)),
        cancelled=cancelled,
        endpoint="vpn.example",
    )


def healthy_state() -> WizardState:
    state = WizardState(inputs=RunInputs(region="us", ntp_servers=("127.0.0.1:1230",)))
    for check_id in ("adapter", "laptop", "dns", "ports", "ntp", "tls"):
        state.record(passed(check_id))
    return state


def test_this_module_and_the_flow_import_no_qt() -> None:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {name for name in imported if "PySide" in name or name.startswith("app.gui.qt")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, app.gui.flow; print(sorted(m for m in sys.modules if 'PySide' in m))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_what_run_all_and_a_step_run() -> None:
    assert run_all_checks(()) == ("adapter", "laptop", "dns", "ports", "ntp", "tls")
    assert run_all_checks(("matrix",)) == (
        "adapter",
        "laptop",
        "dns",
        "ports",
        "ntp",
        "tls",
        "matrix",
    )
    assert checks_run_by(("dns",)) == ("adapter", "dns"), "a step runs with what it needs"
    assert checks_run_by(("ports", "ntp", "tls")) == ("adapter", "dns", "ports", "ntp", "tls")


def test_which_results_a_changed_input_invalidates() -> None:
    before = RunInputs(region="us")
    # The laptop's own proxy and VPN do not rest on the region.
    assert invalidated_by(before, dataclasses.replace(before, region="ca")) == (
        NETWORK - {"adapter", "laptop"}
    ) | {"matrix"}
    assert invalidated_by(before, dataclasses.replace(before, interface="eth1")) == NETWORK | {
        "matrix"
    }
    assert invalidated_by(before, dataclasses.replace(before, firmware="2024.03.00.428")) == set()
    assert invalidated_by(before, dataclasses.replace(before, link="up")) == set()


def test_a_new_region_leaves_no_step_green_and_no_verdict_for_the_old_one() -> None:
    state = healthy_state()
    state.record(CheckResult("matrix", Status.FAIL, "MATRIX_VPN_DOWN"))
    assert state.step_status("ports") == StepStatus(Status.PASS)
    dropped = state.change_inputs(dataclasses.replace(state.inputs, region="ca"))
    assert dropped == {"dns", "ports", "ntp", "tls", "matrix"}
    assert state.step_status("dns") == NOT_RUN and state.step_status("ports") == NOT_RUN
    assert state.step_status("adapter") == StepStatus(Status.PASS)
    assert state.report().verdict.code != "VERDICT_READY"
    assert state.report().inputs.region == "ca"
    state.change_inputs(dataclasses.replace(state.inputs, interface="eth1"))
    assert state.results == {} and state.summary_status() == NOT_RUN


def test_a_step_shows_only_what_it_earned() -> None:
    state = WizardState()
    assert state.step_status("ports") == NOT_RUN and state.summary_status() == NOT_RUN
    state.record(passed("ntp"))
    assert state.step_status("ports") == NOT_RUN, "NTP alone does not make the ports green"
    state.record(failed("ports", "PORTS_BLOCKED"))
    assert state.step_status("ports") == StepStatus(Status.FAIL), "a failure is earned alone"


def test_while_running_every_step_and_the_summary_say_so_and_actions_wait() -> None:
    state = healthy_state()
    running = state.begin(("ports", "ntp", "tls"))
    assert running == ("adapter", "dns", "ports", "ntp", "tls")
    assert state.step_status("ports") == RUNNING and state.step_status("adapter") == RUNNING
    assert state.step_status("firmware") == NOT_RUN
    assert state.summary_status() == RUNNING
    actions = state.actions()
    assert not (actions.run or actions.save or actions.copy or actions.retest)
    assert not actions.it_request and not actions.firewall_rules


def test_a_cancel_is_neutral_keeps_what_finished_and_judges_the_readings_again() -> None:
    state = WizardState(inputs=RunInputs(region="us", link="up", vpn="disconnected"))
    state.begin(run_all_checks(("matrix",)))
    for result in (passed("adapter"), passed("dns"), passed("ntp")):
        state.record(result)
    for result in (skipped("ports"), skipped("tls"), skipped("matrix")):
        state.record(result)
    report = run_report(
        [passed("adapter"), passed("dns"), skipped("ports"), passed("ntp"), skipped("tls")]
        + [skipped("matrix")],
        cancelled=True,
    )
    again = state.finish(report, offline_ready=("matrix",))
    assert again == ("matrix",), "the readings send nothing: a Cancel never wipes them"
    assert set(state.results) == {"adapter", "dns", "ntp"}
    assert state.step_status("ports") == NOT_RUN
    assert state.summary_status() == StepStatus(cancelled=True)
    assert state.report().cancelled and state.report().verdict.code == "VERDICT_CANCELLED"
    assert state.actions().run


def test_what_a_retest_may_replace() -> None:
    state = healthy_state()
    state.record(failed("ports", "PORTS_BLOCKED"))
    state.record(failed("tls", "TLS_FAILED"))
    started_from = state.report()
    # Meanwhile the technician runs TLS again in the window: that result is newer.
    state.record(passed("tls"))
    latest = run_report([passed("ports"), CheckResult("tls", Status.FAIL, "TLS_FAILED")])
    assert [r.code for r in state.retest_replaces(started_from, latest)] == ["PORTS_OK"]
    state.open_saved(run_report([]))
    assert state.retest_replaces(started_from, latest) == [], "never into a saved report"


def test_opening_a_saved_report_never_touches_the_live_inputs() -> None:
    state = healthy_state()
    live_inputs = dataclasses.replace(
        state.inputs,
        endpoint="vpn.test.example",
        dns_servers=("127.0.0.1:5353",),
        timeout=1.0,
        rules_file="site.toml",
    )
    state.inputs = live_inputs
    live_results = dict(state.results)
    saved = run_report(
        [failed("ports", "PORTS_BLOCKED")],
        region="ca",
        ntp_servers=("192.0.2.9",),
        dns_servers=("192.0.2.53",),
        endpoint="vpn.other.example",
        timeout=9.0,
        rules_file="old.toml",
    )
    state.open_saved(saved)
    assert state.inputs == live_inputs and state.results == live_results
    assert state.shown_inputs() == saved.inputs and state.report() is saved
    assert state.step_status("ports") == StepStatus(Status.FAIL)
    assert state.step_status("adapter") == NOT_RUN
    actions = state.actions()
    assert not actions.run and not actions.retest and not actions.it_request
    assert actions.save and actions.copy, "what is shown can still be saved or copied"
    assert actions.firewall_rules, "a saved run's firewall rules, as firewall-rules --from"
    assert state.run_inputs(("dns",)).ntp_servers == ("127.0.0.1:1230",)
    state.close_saved()
    assert state.report().results and state.step_status("ports") == StepStatus(Status.PASS)
    assert state.actions().run


def test_a_run_read_from_a_reference_code_can_be_copied_but_not_saved() -> None:
    """A code carries no evidence: a report saved from it would hold none."""
    state = healthy_state()
    state.open_saved(run_report([failed("ports", "PORTS_BLOCKED")]), reference="002J-1FS9-ENSM")
    actions = state.actions()
    assert actions.copy, "what is shown can be copied"
    assert not actions.save and not actions.firewall_rules, "nothing to save, no addresses"
    assert not actions.run and not actions.retest and not actions.it_request
    state.close_saved()
    assert state.saved_reference is None and state.actions().save
    state.open_saved(run_report([failed("ports", "PORTS_BLOCKED")]))
    assert state.actions().save, "a saved file opened afterwards can be saved again"


@pytest.mark.parametrize(
    ("locale", "remembered", "expected"),
    [
        ("fr_CA", None, "ca"),
        ("en_CA", None, "ca"),
        ("en_US", None, "us"),
        ("fr_CA.UTF-8", None, "ca"),
        ("fr_FR", None, None),
        ("C", None, None),
        ("fr_FR", "ca", "ca"),
        ("fr_CA", "us", "us"),
        ("en_US", "xx", "us"),
    ],
)
def test_the_first_region_follows_the_locale_then_the_last_choice(
    locale, remembered, expected
) -> None:
    assert default_region(locale, remembered, ("us", "ca")) == expected


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("2024", "incomplete"),
        ("2024.03", "incomplete"),
        ("2024.03.00", "incomplete"),
        ("2024.03.00.", "incomplete"),
        ("2024.03.00.428", "complete"),
        ("v2024.3.0.500", "complete"),
        ("2024.03.x", "invalid"),
        ("2024..03.00", "invalid"),
        ("abc", "invalid"),
    ],
)
def test_a_firmware_version_is_judged_only_once_complete(text, entry) -> None:
    assert firmware_entry(text) == entry


def test_a_saved_page_opens_through_its_json() -> None:
    assert saved_data_path(Path("/x/site.html")) == Path("/x/site.json")
    assert saved_data_path(Path("/x/site.HTM")) == Path("/x/site.json")
    assert saved_data_path(Path("/x/site.json")) == Path("/x/site.json")


def test_the_endpoint_shown_is_the_one_the_results_tested() -> None:
    state = WizardState(inputs=RunInputs(region="us"))
    assert state.shown_endpoint() is None and state.report().endpoint is None, "nothing tested"
    state.begin(("dns",))
    state.finish(run_report([passed("dns")], region="us"), ())
    assert state.shown_endpoint() == "vpn.example" == state.report().endpoint
    state.change_inputs(RunInputs(region="us", firmware="2024.03.00.428"))
    assert state.shown_endpoint() == "vpn.example", "a firmware typed changes no endpoint"
    saved = dataclasses.replace(run_report([passed("dns")]), endpoint="vpn.saved.example")
    state.open_saved(saved)
    assert state.shown_endpoint() == "vpn.saved.example" and state.report() is saved
    state.close_saved()
    state.change_inputs(RunInputs(region="ca"))
    assert state.shown_endpoint() is None and state.report().endpoint is None, "another region"
