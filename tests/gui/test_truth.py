"""The wizard shows nothing it has not earned: a run in progress says so, a saved report is
shown as a saved report, the run is for the region chosen on step 1, and what the network or
a file says is shown as text, never as markup. Real widgets, real loopback servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import trustme
from helpers.clock import SteppedClock
from helpers.site import RUN_TIMEOUT_MS, loopback_site
from helpers.tcp import tcp_listener_socket

from app.core.outputs.document import from_document
from app.gui.flow import PAGES
from app.gui.qt import QDesktopServices, QFileDialog, QLabel, QLocale, Qt

pytestmark = pytest.mark.gui
MARKUP = '<img src="x.png"><b style="font-size:40px;color:green">✔ Trusted</b>'


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)


def save_to(qtbot, window, monkeypatch, target):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.go(PAGES.index("summary"))
    qtbot.mouseClick(window.summary.save_button, Qt.MouseButton.LeftButton)


def labels_showing(window, text: str) -> list[QLabel]:
    return [label for label in window.findChildren(QLabel) if text in label.text()]


def test_during_a_run_the_summary_waits_for_its_verdict(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as healthy:
        window = make_window(healthy)
        run_all(qtbot, window)
    with loopback_site(tls_ca, vpn=("dropped", "dropped")) as site:
        window.state.inputs = site.inputs(timeout=3.0)
        window.controller.list_adapters, window.controller.rules = site.adapters, site.rules
        window.go(PAGES.index("summary"))
        assert window.summary.verdict_code.text() == "VERDICT_READY_FIRMWARE_UNCHECKED"
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)
            summary = window.summary
            # No green tick, no old verdict, no action on a verdict not yet given.
            assert window.step_list.item(5).toolTip() == "checking"
            assert summary.verdict.text() == "Checks in progress…"
            assert summary.verdict_code.text() == "" and not summary.reference.isVisible()
            assert not summary.save_button.isEnabled() and not summary.copy_button.isEnabled()
            assert not summary.watch_button.isVisible() and not summary.it_button.isVisible()
            qtbot.waitUntil(lambda: "adapter" in window.state.results, timeout=RUN_TIMEOUT_MS)
            assert window.step_list.item(5).toolTip() == "checking"
    assert summary.verdict_code.text() == "VERDICT_FIREWALL_BLOCKING"
    assert window.step_list.item(5).toolTip() == "Fail"
    assert summary.save_button.isEnabled() and summary.watch_button.isVisible()


def test_run_all_from_any_page_asks_for_a_region_first(
    qtbot, make_window, tls_ca, monkeypatch
) -> None:
    import app.gui.window

    class NoCountry:
        """A system locale that names no country ("C"), as Linux CI has; Windows always has
        one (en-US under Wine), which would choose the region by itself."""

        @staticmethod
        def system() -> QLocale:
            return QLocale.c()

    monkeypatch.setattr(app.gui.window, "QLocale", NoCountry)
    with loopback_site(tls_ca) as site:
        window = make_window(site, region=None)
        # The locale names no country: no region is taken for granted.
        assert window.step_pages["adapter"].region.currentData() is None
        window.go(PAGES.index("ports"))
        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)
        assert not window.controller.is_running() and window.state.results == {}
        assert PAGES[window.pages.currentIndex()] == "adapter"
        assert "region" in window.statusBar().currentMessage()
        assert "not chosen" in window.step_pages["dns"].context.text()
        region = window.step_pages["adapter"].region
        region.setCurrentIndex(region.findData("ca"))
        window.go(PAGES.index("firmware"))
        run_all(qtbot, window)
    assert window.state.report().inputs.region == "ca"
    assert "Canada" in window.step_pages["firmware"].context.text()
    assert window.settings.region == "ca"


def test_a_saved_report_never_changes_a_later_live_run(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as old_site:
        old = make_window(old_site)
        run_all(qtbot, old)
        save_to(qtbot, old, monkeypatch, tmp_path / "old.html")
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        live = window.state.inputs
        # The page is chosen: its .json beside it is what is read.
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "old.html"), "")
        )
        window.open_action.trigger()
        assert window.saved_banner.isVisible()
        assert window.state.report().result("ports").code == "PORTS_BLOCKED"
        assert window.state.inputs == live
        qtbot.mouseClick(window.live_button, Qt.MouseButton.LeftButton)
        run_all(qtbot, window)
    ntp = window.state.results["ntp"]
    assert ntp.code == "NTP_OK", "asked this site's NTP server, not the saved run's"
    assert [s.server for s in ntp.evidence.servers] == list(live.ntp_servers)
    assert window.state.results["ports"].code == "PORTS_OK"


def test_a_page_without_its_json_is_refused_in_one_sentence(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    from app.gui.qt import QMessageBox

    page = tmp_path / "lonely.html"
    page.write_text("<html></html>", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    assert not window.open_report(page)
    assert shown and "lonely.json" in shown[0] and window.state.saved is None


def test_save_confirms_in_the_window_with_open_and_show_folder(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        run_all(qtbot, window)
    target = tmp_path / "site.html"
    save_to(qtbot, window, monkeypatch, target)
    notice = window.saved_notice
    assert notice.isVisible() and str(target) in notice.text.text()
    assert "site.json" in notice.text.text()
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(window.open_saved_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.show_folder_button, Qt.MouseButton.LeftButton)
    # A URL's local file has forward slashes, also on Windows: compare paths, not strings.
    assert [Path(p) for p in opened] == [target, tmp_path]


def test_markup_in_a_certificate_is_shown_as_text(qtbot, make_window, tls_ca) -> None:
    inspector = trustme.CA(organization_name=MARKUP)
    with loopback_site(tls_ca, tls_ca=inspector) as site:
        window = make_window(site)
        run_all(qtbot, window)
    card = window.step_pages["ports"].cards["tls"]
    assert card.result.code == "TLS_INTERCEPTED"
    assert MARKUP in card.explanation.text()
    shown = labels_showing(window, "<img")
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)
    for label in window.findChildren(QLabel):
        if label.textFormat() != Qt.TextFormat.PlainText:
            assert "<img" not in label.text(), label.text()


def test_markup_in_a_saved_report_is_shown_as_text(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        run_all(qtbot, window)
        save_to(qtbot, window, monkeypatch, tmp_path / "site.html")
    data = tmp_path / "site.json"
    document = json.loads(data.read_text(encoding="utf-8"))
    for check in document["checks"]:
        if check["id"] == "adapter":
            check["evidence"]["adapter"]["friendly_name"] = MARKUP
    data.write_text(json.dumps(document), encoding="utf-8")
    assert from_document(document).result("adapter").evidence.adapter.friendly_name
    assert window.open_report(data)
    assert MARKUP in window.saved_banner.text.text()
    shown = labels_showing(window, "<img")
    assert shown and all(label.textFormat() == Qt.TextFormat.PlainText for label in shown)


def test_after_a_retest_the_table_the_card_and_the_summary_agree(
    qtbot, make_window, tls_ca
) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        window = make_window(site)
        run_all(qtbot, window)
        window.go(PAGES.index("summary"))
        qtbot.mouseClick(window.summary.watch_button, Qt.MouseButton.LeftButton)
        dialog = window.watch_dialog
        dialog.controller.clock = clock = SteppedClock()
        with qtbot.waitSignal(dialog.controller.round_done, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
            clock.step()
        listener = tcp_listener_socket(site.vpn[0])
        try:
            with qtbot.waitSignal(dialog.controller.watch_finished, timeout=RUN_TIMEOUT_MS):
                clock.step()
        finally:
            listener.close()
    dialog.close()
    page = window.step_pages["ports"]
    assert page.cards["ports"].result.code == "PORTS_OK"
    table = page.table
    states = {
        table.item(row, 0).text(): table.item(row, 2).text() for row in range(table.rowCount())
    }
    assert states[f"TCP {site.vpn[0]} (VPN)"] == "open", states
    assert window.summary.report.result("ports").code == "PORTS_OK"
    assert window.step_list.item(2).toolTip() == "Pass"


def test_the_saved_data_is_the_command_lines_json_with_controls_escaped(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    """The .json beside the page is written as `check --json` writes: C1 controls and
    bidirectional marks typed or received are escaped (`\\u202e`), never stored raw."""
    from app.core.outputs.document import to_document
    from app.core.outputs.privacy import Privacy
    from app.core.util.controls import json_text
    from app.gui import i18n

    with loopback_site(tls_ca) as site:
        window = make_window(site)
        window.step_pages["firmware"].version.setText("2024.03.00.428\u202e\u009b")
        run_all(qtbot, window)
    target = tmp_path / "site.html"
    save_to(qtbot, window, monkeypatch, target)
    saved = target.with_suffix(".json").read_text(encoding="utf-8")
    assert "\u202e" not in saved and "\u009b" not in saved
    assert "2024.03.00.428\\u202e\\u009b" in saved
    expected = to_document(window.state.report(), i18n.words(), privacy=Privacy.of_this_machine())
    assert saved == json_text(expected) + "\n"
