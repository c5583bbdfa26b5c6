"""The wizard's steps, pages and summary rows derive from the model's list of checks."""

from __future__ import annotations

import re

import pytest
from helpers.site import RUN_TIMEOUT_MS, loopback_site

from app.core.model import CHECK_IDS, STEP_IDS, step_of_check
from app.gui.flow import PAGES, STEPS, SUMMARY

pytestmark = pytest.mark.gui


def test_every_check_has_a_step_a_page_a_card_and_a_summary_row(qtbot, make_window, tls_ca) -> None:
    assert tuple(step.id for step in STEPS) == STEP_IDS
    assert (*STEP_IDS, SUMMARY) == PAGES
    assert [c for step in STEPS for c in step.checks] == list(CHECK_IDS)
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
    assert tuple(window.step_pages) == STEP_IDS
    for check_id in CHECK_IDS:
        assert check_id in window.step_pages[step_of_check(check_id)].cards, check_id
    window.summary.show_report(window.state.report())
    table = window.summary.table
    assert table.rowCount() == len(CHECK_IDS)
    numbers = [table.item(row, 0).text().split(".")[0] for row in range(table.rowCount())]
    assert numbers == [str(STEP_IDS.index(step_of_check(c)) + 1) for c in CHECK_IDS]


def test_the_ports_page_says_the_rules_ports_and_each_servers(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site, lang="fr")
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
    page = window.step_pages["ports"]
    explanation = page.explanation()
    for port in (site.https, *site.vpn, site.sntp.port):
        assert str(port) in explanation, explanation
    # Whole numbers only: the test site's ports are random, and one may hold the digits 443.
    named = set(re.findall(r"\d+", explanation))
    assert "443" not in named and "52007" not in named and "en sortie" in explanation
    table = page.table
    rows = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert f"UDP {site.sntp.port} (NTP)" in rows, rows
    assert f"TCP {site.vpn[0]} (VPN)" in rows, rows
