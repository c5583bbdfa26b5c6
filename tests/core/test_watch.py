"""Retest until fixed, against a loopback site whose closed port starts listening mid-watch."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import ExitStack

import pytest
from helpers.clock import FakeClock
from helpers.site import loopback_site

from app.core.messages import words_for
from app.core.model import Status
from app.core.outputs.it_request import build_it_request, format_time
from app.core.outputs.watch import SYSTEM_CLOCK, failing_checks, watch, watch_document
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")


def listen_on(port: int) -> socket.socket:
    """The service behind a refused port comes up: connects now succeed."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(16)
    return sock


def test_a_port_that_opens_mid_watch_turns_green_and_ends_the_watch(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site, ExitStack() as stack:
        first = run_checks(site.inputs(), site.rules, adapters=site.adapters)
        assert failing_checks(first) == ("ports",)
        rounds, changes = [], []

        def on_round(done) -> None:
            rounds.append(done)
            if done.number == 1:
                stack.enter_context(listen_on(site.vpn[1]))

        clock = FakeClock()
        outcome = watch(
            first,
            site.rules,
            interval=1,
            bound=30,
            adapters=site.adapters,
            on_round=on_round,
            on_transition=changes.append,
            clock=clock,
        )
    assert outcome.ended == "all_green" and outcome.rounds == 2
    assert clock.waits == [1, 1], "one interval before each round"
    assert [r.seconds_left for r in rounds] == [29, 28]
    assert [r.failing for r in rounds] == [("ports",), ()]
    assert [(c.check_id, c.round, c.green) for c in changes] == [("ports", 2, True)]
    assert changes[0].before.code == "PORTS_BLOCKED" and changes[0].after.code == "PORTS_OK"
    # Only the failing check and what it needs were retested; TLS passed and was left alone.
    assert {r.id for r in rounds[0].results} == {"adapter", "dns", "ports"}
    assert outcome.report.verdict.code == "VERDICT_READY_FIRMWARE_UNCHECKED"
    assert outcome.report.result("ports").status == Status.PASS
    assert outcome.report.started_at == first.started_at
    document = watch_document(outcome, 1, 30)
    assert document["ended"] == "all_green" and document["transitions"][0]["green"] is True


def test_the_watch_stops_after_its_bound(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        first = run_checks(site.inputs(), site.rules, adapters=site.adapters)
        clock, rounds = FakeClock(), []
        outcome = watch(
            first,
            site.rules,
            interval=1,
            bound=2.5,
            adapters=site.adapters,
            on_round=rounds.append,
            clock=clock,
        )
    assert outcome.ended == "time_up" and outcome.failing == ("ports",)
    # Rounds at 1 s and 2 s; the last half second is waited out and no round starts after it.
    assert outcome.rounds == 2 and outcome.transitions == ()
    assert clock.waits == [1, 1, 0.5] and clock.time == 2.5
    assert outcome.report.verdict.code == "VERDICT_FIREWALL_BLOCKING"
    # The letter for IT dates the port failure with the last retry, not the first run.
    assert outcome.seen_at["tls"] == first.started_at
    last = outcome.seen_at["ports"]
    assert last == rounds[-1].at and outcome.report.result("ports") in rounds[-1].results
    letter = build_it_request(outcome.report, words_for("en"), site.rules, seen_at=outcome.seen_at)
    assert f"- {format_time(last)}  TCP {site.vpn[1]} to " in letter.body


def test_cancel_stops_a_waiting_watch_at_once(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site:
        first = run_checks(site.inputs(), site.rules, adapters=site.adapters)
        cancel = threading.Event()
        clock = FakeClock(on_wait=lambda seconds: cancel.set())  # Ctrl+C during the wait
        outcome = watch(
            first,
            site.rules,
            interval=60,
            bound=600,
            adapters=site.adapters,
            cancel=cancel,
            clock=clock,
        )
    assert outcome.ended == "cancelled" and outcome.rounds == 0
    assert clock.waits == [60] and clock.time == 0


def test_the_system_clock_wait_ends_when_cancelled() -> None:
    cancel = threading.Event()
    cancel.set()
    started = time.monotonic()
    assert SYSTEM_CLOCK.wait(cancel, 600) is True
    assert time.monotonic() - started < 1.0
    assert SYSTEM_CLOCK.wait(threading.Event(), 0) is False


def test_cancel_mid_round_discards_the_round(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        first = run_checks(site.inputs(timeout=2.0), site.rules, adapters=site.adapters)
        cancel = threading.Event()
        threading.Timer(0.5, cancel.set).start()  # during round 1's dropped probe
        started = time.monotonic()
        outcome = watch(
            first,
            site.rules,
            interval=1,
            bound=60,
            adapters=site.adapters,
            cancel=cancel,
            clock=FakeClock(),
        )
    assert outcome.ended == "cancelled" and outcome.rounds == 0
    assert time.monotonic() - started < 1.5
    assert outcome.report.result("ports").code == "PORTS_BLOCKED"


def test_nothing_to_watch_on_a_healthy_site(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        first = run_checks(site.inputs(), site.rules, adapters=site.adapters)
        clock = FakeClock()
        outcome = watch(
            first, site.rules, interval=1, bound=10, adapters=site.adapters, clock=clock
        )
    assert outcome.ended == "nothing_to_watch" and outcome.rounds == 0 and clock.waits == []


def test_an_interval_below_a_second_is_refused(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        first = run_checks(site.inputs(), site.rules, adapters=site.adapters)
    with pytest.raises(ValueError, match="interval"):
        watch(first, site.rules, interval=0.1)


def test_the_station_readings_are_ranked_again_with_what_the_watch_saw(tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("open", "closed")) as site, ExitStack() as stack:
        first = run_checks(
            site.inputs(link="up", vpn="disconnected"), site.rules, adapters=site.adapters
        )
        before = [s.step for s in first.result("matrix").evidence.ranking]
        assert before[0] == "STEP_ASK_FIREWALL_RULES"

        def on_round(done) -> None:
            if done.number == 1:
                stack.enter_context(listen_on(site.vpn[1]))

        outcome = watch(
            first,
            site.rules,
            interval=1,
            bound=30,
            adapters=site.adapters,
            on_round=on_round,
            clock=FakeClock(),
        )
    # Every laptop check passed by then: the steps are the station's own, the firewall's gone.
    matrix = outcome.report.result("matrix")
    assert matrix.evidence.site_passed is True
    assert [s.code for s in matrix.next_steps] == [
        "STEP_REREAD_NETWORK_SIGNAL",
        "STEP_RESTART_BREAKER",
        "STEP_CONTACT_CHARGEPOINT_WITH_CODE",
    ]
