"""The cable's health: link speed, duplex and error counters read at the start and the end of
a run, on real loopback sites with adapters as the platform layer gives them."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.site import loopback_adapter, loopback_site

from app.core.messages import words_for
from app.core.model import Status
from app.core.outputs.refcode import decode, encode
from app.core.outputs.text import adapter_card
from app.core.platform import AdapterKind
from app.core.platform.base import LinkHealth
from app.core.run import run_checks

pytestmark = pytest.mark.usefixtures("trust_test_ca")

GIGABIT = LinkHealth(speed_mbps=1000, duplex="full", rx_errors=4, tx_errors=0)


def run_with(site, *readings: LinkHealth | None, rules=None, **changes):
    """A run whose adapter list gives `readings` in turn: the start, then the end of the run."""
    calls = iter(readings)
    last = readings[-1]

    def adapters():
        link = next(calls, last)
        return [dataclasses.replace(loopback_adapter(site.dns.port, **changes), link=link)]

    return run_checks(site.inputs(interface="Ethernet 2"), rules or site.rules, adapters=adapters)


def test_a_healthy_gigabit_link_passes_and_is_recorded_at_both_ends(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        report = run_with(site, GIGABIT, GIGABIT)
    adapter = report.result("adapter")
    assert (adapter.status, adapter.code) == (Status.PASS, "ADAPTER_OK")
    assert adapter.evidence.adapter.link == GIGABIT
    assert adapter.evidence.link_end == GIGABIT


@pytest.mark.parametrize(
    ("link", "problem"),
    [
        (LinkHealth(speed_mbps=10, duplex="full"), "LINK_SLOW"),
        (LinkHealth(speed_mbps=1000, duplex="half"), "LINK_HALF_DUPLEX"),
    ],
)
def test_a_slow_or_half_duplex_link_is_degraded(tls_ca, link, problem) -> None:
    with loopback_site(tls_ca) as site:
        report = run_with(site, link, link)
    adapter = report.result("adapter")
    assert (adapter.status, adapter.code) == (Status.WARN, "ADAPTER_LINK_DEGRADED")
    assert adapter.evidence.link_problems == (problem,)
    assert [s.code for s in adapter.next_steps] == ["STEP_CHECK_CABLE_QUALITY"]
    assert report.verdict.code == "VERDICT_READY_WITH_WARNINGS"
    assert report.result("ports").status == Status.PASS, "a warning lets the run go on"


def test_errors_rising_during_the_run_are_seen_at_its_end(tls_ca) -> None:
    later = dataclasses.replace(GIGABIT, rx_errors=GIGABIT.rx_errors + 37, tx_errors=2)
    seen = []
    with loopback_site(tls_ca) as site:
        report = run_checks(
            site.inputs(),
            site.rules,
            adapters=_turns(site, GIGABIT, later),
            on_result=seen.append,
        )
    adapter = report.result("adapter")
    assert (adapter.status, adapter.code) == (Status.WARN, "ADAPTER_LINK_DEGRADED")
    assert adapter.evidence.link_problems == ("LINK_ERRORS_ROSE",)
    assert adapter.evidence.link_end.rx_errors == 41
    for lang, text in (("en", "39 damaged frames"), ("fr", "39 trames endommagées")):
        assert text in words_for(lang).text(adapter.code, adapter.params).explanation
    # The live listeners hear the adapter twice: its first result, then the closing one.
    adapter_results = [r.code for r in seen if r.id == "adapter"]
    assert adapter_results == ["ADAPTER_OK", "ADAPTER_LINK_DEGRADED"]
    assert {c.id: c.code for c in decode(encode(report)).checks}["adapter"] == (
        "ADAPTER_LINK_DEGRADED"
    )


def _turns(site, *readings):
    calls = iter(readings)

    def adapters():
        link = next(calls, readings[-1])
        return [dataclasses.replace(loopback_adapter(site.dns.port), link=link)]

    return adapters


def test_unknown_counters_and_virtual_ports_are_not_judged(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        unknown = run_with(site, LinkHealth(), LinkHealth(rx_errors=900))
        virtual = run_with(
            site, LinkHealth(speed_mbps=10), LinkHealth(speed_mbps=10), kind=AdapterKind.VIRTUAL
        )
        none = run_with(site, None, None)
    assert unknown.result("adapter").code == "ADAPTER_OK"
    assert virtual.result("adapter").code == "ADAPTER_OK"
    assert none.result("adapter").code == "ADAPTER_OK"


def test_a_changed_rules_file_sets_the_slowest_acceptable_speed(tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        rules = dataclasses.replace(site.rules, degraded_speed_mbps=100)
        report = run_with(site, LinkHealth(speed_mbps=100, duplex="full"), rules=rules)
    assert report.result("adapter").code == "ADAPTER_LINK_DEGRADED"


def test_the_adapter_card_shows_speed_and_duplex_in_both_languages() -> None:
    card = dict(loopback_adapter(53).as_dict(), link=GIGABIT.as_dict())
    english = adapter_card(card, words_for("en"))
    french = adapter_card(card, words_for("fr"))
    assert "Link speed" in english and ": 1000 Mb/s" in english and ": Full" in english
    assert "Errors (received / sent)" in english and ": 4 / 0" in english
    assert "Vitesse de liaison" in french and ": Intégral" in french
    assert "Link speed" not in adapter_card(loopback_adapter(53).as_dict(), words_for("en"))


def test_the_command_line_prints_the_closing_reading_of_the_adapter(tls_ca, tmp_path) -> None:
    import io

    from app.cli import Streams, main

    later = dataclasses.replace(GIGABIT, rx_errors=GIGABIT.rx_errors + 5)
    out, err = io.StringIO(), io.StringIO()
    with loopback_site(tls_ca) as site:
        code = main(
            ["check", *site.cli_args(), "--rules", str(site.rules_file(tmp_path)), "--lang", "en"],
            Streams(out, err),
            adapters=_turns(site, GIGABIT, later),
        )
    lines = [line for line in out.getvalue().splitlines() if "ADAPTER_" in line]
    assert code == 0 and err.getvalue() == ""
    assert [line.split()[0] for line in lines] == ["PASS", "WARNING"]
    assert "ADAPTER_LINK_DEGRADED" in lines[1] and "degraded" in lines[1]
    assert out.getvalue().index("ADAPTER_LINK_DEGRADED") < out.getvalue().index("Verdict:")
