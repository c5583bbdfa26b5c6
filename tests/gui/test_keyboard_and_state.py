"""Keys a technician uses without a mouse, and what the wizard shows after Cancel or a change of
region: never a result that belongs to another run."""

from __future__ import annotations

import re
import warnings

import pytest
from helpers.site import RUN_TIMEOUT_MS, loopback_site

from app.core.model import Status
from app.gui.flow import PAGES
from app.gui.qt import QAbstractButton, QApplication, QLabel, Qt, QTableWidget

pytestmark = pytest.mark.gui


def test_ctrl_r_runs_all_and_esc_cancels_in_both_languages(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "dropped")) as site:
        window = make_window(site, lang="fr")
        site_inputs = window.state.inputs
        window.set_language("en")  # a language switch re-labels the buttons
        window.state.inputs = site_inputs
        make_active(window)
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert window.controller.is_running()
        with qtbot.waitSignal(window.controller.run_finished, timeout=2000) as finished:
            qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert finished.args[0].cancelled


def make_active(window) -> None:
    """Shortcuts go to the active window; the offscreen platform activates none by itself."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(window)
    assert QApplication.activeWindow() is window


def mnemonics(widgets: list[QAbstractButton | QLabel]) -> list[str]:
    keys = []
    for widget in widgets:
        found = re.search(r"&([^&\s])", widget.text().replace("&&", ""))
        if found:
            keys.append(found.group(1).lower())
    return keys


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_two_controls_on_a_page_share_an_alt_key(qtbot, make_window, tls_ca, lang) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        window = make_window(site, lang=lang)
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
    menus = [action.text() for action in window.menuBar().actions()]
    for index, page in enumerate(PAGES):
        window.go(index)
        shown = [
            w
            for w in window.findChildren(QAbstractButton) + window.findChildren(QLabel)
            if w.isVisible()
        ]
        keys = mnemonics(shown) + [re.search(r"&(.)", m).group(1).lower() for m in menus]
        assert len(keys) == len(set(keys)), (page, sorted(keys))


def test_tab_leaves_the_tables(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    tables = window.findChildren(QTableWidget)
    assert tables and not any(table.tabKeyNavigation() for table in tables)


def test_screen_readers_hear_the_step_names_and_the_code(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site, lang="fr")
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
    assert window.step_list.accessibleName() == "Étapes"
    heading = window.step_pages["adapter"].heading
    assert heading.accessibleName() in ("", heading.text())  # read as shown, not "heading"
    code = window.step_pages["adapter"].cards["adapter"].code
    assert code.accessibleName() in ("", "ADAPTER_OK") and code.text() == "ADAPTER_OK"
    assert code.accessibleDescription() == "Code de résultat"


def test_a_cancelled_run_never_reads_as_passed(qtbot, make_window, tls_ca) -> None:
    # The ports step holds ports, NTP and TLS. Ports and TLS pass at once; the time server
    # never answers, so Cancel leaves NTP skipped beside two passes: a step that reads its
    # worst status by severity alone (skip weighs as pass) would show it passed.
    with loopback_site(tls_ca, sntp={"drop": True}) as site:
        window = make_window(site)
        window.state.inputs = site.inputs(timeout=30.0)  # NTP still waiting when Cancel comes
        window.run_all_button.click()
        qtbot.waitUntil(
            lambda: {"ports", "tls"} <= set(window.state.results), timeout=RUN_TIMEOUT_MS
        )
        with qtbot.waitSignal(window.controller.run_finished, timeout=2000):
            window.cancel_button.click()
    # What finished stays; what the Cancel stopped did not run (not "skipped").
    assert {c: window.state.results[c].status for c in ("ports", "tls")} == {
        "ports": Status.PASS,
        "tls": Status.PASS,
    }
    assert "ntp" not in window.state.results
    assert window.state.step_status("ports").status != Status.PASS
    window.go(PAGES.index("summary"))
    assert window.summary.report.verdict.code == "VERDICT_CANCELLED"
    assert "VERDICT_CANCELLED" in window.summary.verdict_code.text()
    # The user's own Cancel is neutral, and keeps what finished.
    assert window.summary.verdict.text().startswith("Cancelled: ")
    assert window.step_list.item(5).toolTip() == "Cancelled"
    assert window.step_list.item(2).toolTip() == "not run"
    assert window.step_pages["ports"].cards["tls"].result.code == "TLS_OK"
    assert window.step_pages["ports"].cards["ntp"].result is None


def test_a_new_region_drops_the_old_endpoints_results_and_is_remembered(
    qtbot, make_window, tls_ca, settings_file
) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
        assert {"adapter", "dns", "ports", "ntp", "tls"} <= set(window.state.results)
        region = window.step_pages["adapter"].region
        region.setCurrentIndex(region.findData("ca"))
        # Only step 1's answers (the adapter, the laptop's proxy and VPN) do not rest on the
        # region: everything else goes, and no step stays green for a region not tested.
        assert set(window.state.results) == {"adapter", "laptop"}
        assert window.step_pages["adapter"].cards["laptop"].result.code == "LAPTOP_OK"
        ports = window.step_pages["ports"]
        assert all(card.result is None for card in ports.cards.values())
        assert ports.table.rowCount() == 0
        for row in (1, 2):
            assert window.step_list.item(row).toolTip() == "not run"
        assert window.state.report().inputs.region == "ca"
        window.go(PAGES.index("summary"))
        assert window.summary.verdict_code.text() != "VERDICT_READY"
        assert "Canada" in window.summary.context.text()
        assert "Canada" in ports.context.text()
        window.close()
        again = make_window(site, path=settings_file)
    assert again.step_pages["adapter"].region.currentData() == "ca", "remembered without a run"
