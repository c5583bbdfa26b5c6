"""Support by phone in the wizard: the reference code, the request for IT, retest until fixed,
and before-and-after, on real widgets against loopback servers."""

from __future__ import annotations

import json

import pytest
from helpers.clock import SteppedClock
from helpers.site import RUN_TIMEOUT_MS, loopback_site
from helpers.tcp import tcp_listener_socket

from app.core.inputs import WATCH_BOUND_S, WATCH_INTERVAL_S
from app.core.outputs.refcode import decode
from app.gui.dialogs.compare import CompareDialog
from app.gui.flow import PAGES
from app.gui.qt import QApplication, QFileDialog, Qt

pytestmark = pytest.mark.gui


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)


def test_summary_shows_a_reference_code_that_decodes_to_the_run(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        window = make_window(site)
        run_all(qtbot, window)
    window.go(PAGES.index("summary"))
    shown = window.summary.reference.text()
    assert window.summary.reference.isVisible() and shown
    decoded = {c.id: c.code for c in decode(shown).checks}
    assert decoded["ports"] == "PORTS_BLOCKED" and decoded["dns"] == "DNS_OK"
    qtbot.mouseClick(window.summary.copy_button, Qt.MouseButton.LeftButton)
    assert shown in QApplication.clipboard().text()


def test_request_for_it_is_offered_only_when_the_site_must_change(
    qtbot, make_window, tls_ca
) -> None:
    with loopback_site(tls_ca) as site:
        healthy = make_window(site)
        run_all(qtbot, healthy)
    healthy.go(PAGES.index("summary"))
    assert not healthy.summary.it_button.isVisible()
    assert not healthy.summary.watch_button.isVisible()

    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        window = make_window(site)
        window.set_language("fr")
        run_all(qtbot, window)
    window.go(PAGES.index("summary"))
    assert window.summary.it_button.isVisible()
    qtbot.mouseClick(window.summary.it_button, Qt.MouseButton.LeftButton)
    letter = QApplication.clipboard().text()
    assert f"{site.vpn[0]}" in letter and "pare-feu" in letter.lower(), letter


def open_retest(qtbot, window):
    """Run all, then Summary → Retest until fixed: the retest window, not yet started."""
    run_all(qtbot, window)
    window.go(PAGES.index("summary"))
    qtbot.mouseClick(window.summary.watch_button, Qt.MouseButton.LeftButton)
    dialog = window.watch_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_retest_until_fixed_shows_the_moment_a_port_opens(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        window = make_window(site)
        dialog = open_retest(qtbot, window)
        assert dialog.watched == ("ports",)
        dialog.interval.setValue(7)
        watcher = dialog.controller
        watcher.clock = clock = SteppedClock()
        with qtbot.waitSignal(watcher.round_done, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
            clock.step()
        assert dialog.log.rowCount() == 0 and "ports" in dialog.state.text().lower()
        # The site's IT opens the port: the next round sees it.
        listener = tcp_listener_socket(site.vpn[0])
        try:
            with qtbot.waitSignal(watcher.watch_finished, timeout=RUN_TIMEOUT_MS):
                clock.step()
        finally:
            listener.close()
    assert clock.waits == [7, 7], "the window's interval, waited twice"
    assert dialog.log.rowCount() == 1
    assert dialog.log.item(0, 3).text() == "PORTS_OK"
    assert dialog.outcome.ended == "all_green"
    assert window.state.results["ports"].code == "PORTS_OK", "the wizard shows the site now"
    assert not dialog.stop_button.isEnabled()
    dialog.close()


def test_the_retest_window_offers_the_command_lines_limits(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        dialog = open_retest(qtbot, make_window(site))
    interval, bound = dialog.interval, dialog.bound
    assert (interval.minimum(), interval.maximum()) == (WATCH_INTERVAL_S.low, WATCH_INTERVAL_S.high)
    assert (bound.minimum() * 60, bound.maximum() * 60) == (60, WATCH_BOUND_S.high)
    dialog.close()


def test_closing_the_retest_window_stops_the_watch(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        dialog = open_retest(qtbot, make_window(site))
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.controller.is_running()
        with qtbot.waitSignal(dialog.controller.watch_finished, timeout=2000) as finished:
            dialog.close()
    assert finished.args[0].ended == "cancelled"


def saved_run(qtbot, make_window, tls_ca, tmp_path, monkeypatch, vpn, name):
    with loopback_site(tls_ca, vpn=vpn) as site:
        window = make_window(site)
        run_all(qtbot, window)
    target = tmp_path / f"{name}.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.go(PAGES.index("summary"))
    qtbot.mouseClick(window.summary.save_button, Qt.MouseButton.LeftButton)
    return window, target.with_suffix(".json")


def test_before_and_after_from_two_saved_reports(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    _, before = saved_run(
        qtbot, make_window, tls_ca, tmp_path, monkeypatch, ("closed", "open"), "before"
    )
    window, after = saved_run(
        qtbot, make_window, tls_ca, tmp_path, monkeypatch, ("open", "open"), "after"
    )
    dialog = CompareDialog(parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.before_path.setText(str(before))
    dialog.after_path.setText(str(after))
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    text = dialog.changes.toPlainText()
    assert "PORTS_BLOCKED" in text and "PORTS_OK" in text, text
    assert not dialog.error.isVisible()

    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    dialog.after_path.setText(str(broken))
    qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "broken.json" in dialog.error.text()
    assert dialog.changes.toPlainText() == ""


def test_a_saved_report_opens_back_in_the_wizard(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    _, saved = saved_run(
        qtbot, make_window, tls_ca, tmp_path, monkeypatch, ("closed", "open"), "site"
    )
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(saved), ""))
    window.open_action.trigger()
    assert window.pages.currentIndex() == PAGES.index("summary")
    assert window.summary.report.result("ports").code == "PORTS_BLOCKED"
    assert (
        json.loads(saved.read_text(encoding="utf-8"))["reference"]
        == window.summary.reference.text()
    )


def test_a_retest_never_reverts_what_changed_in_the_window_meanwhile(
    qtbot, make_window, tls_ca
) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        window = make_window(site)
        firmware = window.step_pages["firmware"]
        qtbot.keyClicks(firmware.version, "2024.03.00.428")
        dialog = open_retest(qtbot, window)
        assert window.state.results["firmware"].code == "FIRMWARE_OK"
        dialog.controller.clock = clock = SteppedClock()
        with qtbot.waitSignal(dialog.controller.round_done, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
            clock.step()
        # Meanwhile the technician reads the screen again and corrects the version.
        firmware.version.clear()
        qtbot.keyClicks(firmware.version, "2020.01.00.1")
        assert window.state.results["firmware"].code == "FIRMWARE_TOO_OLD"
        listener = tcp_listener_socket(site.vpn[0])
        try:
            with qtbot.waitSignal(dialog.controller.watch_finished, timeout=RUN_TIMEOUT_MS):
                clock.step()
        finally:
            listener.close()
    assert window.state.results["ports"].code == "PORTS_OK"
    assert window.state.results["firmware"].code == "FIRMWARE_TOO_OLD"
    assert firmware.cards["firmware"].result.code == "FIRMWARE_TOO_OLD"
    dialog.close()


def test_saving_asks_before_replacing_another_reports_json(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    from app.gui.qt import QMessageBox

    with loopback_site(tls_ca) as site:
        window = make_window(site)
        run_all(qtbot, window)
    target = tmp_path / "site.html"
    other = tmp_path / "site.json"
    other.write_text("another report's data", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    asked: list[str] = []

    def answer(button):
        return lambda _parent, _title, text, *a, **k: asked.append(text) or button

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window.go(PAGES.index("summary"))
    qtbot.mouseClick(window.summary.save_button, Qt.MouseButton.LeftButton)
    assert asked and "site.json" in asked[0]
    assert not target.exists() and other.read_text(encoding="utf-8") == "another report's data"
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(window.summary.save_button, Qt.MouseButton.LeftButton)
    assert target.exists() and json.loads(other.read_text(encoding="utf-8"))["schema"]


def test_next_steps_show_typed_text_as_text(qapp) -> None:
    from app.core.model import NextStep
    from app.gui.widgets.status import steps_html

    shown = steps_html(
        [NextStep("STEP_PICK_ANOTHER_ADAPTER", {"wanted": "<b>eth9</b>", "names": ["lo"]})]
    )
    assert "&lt;b&gt;eth9&lt;/b&gt;" in shown and "<b>eth9</b>" not in shown
    assert shown.startswith("<ol>") and shown.count("<li>") == 1


def test_firewall_rules_beside_the_letter_copy_and_save(
    qtbot, make_window, tls_ca, tmp_path
) -> None:
    with loopback_site(tls_ca) as site:
        healthy = make_window(site)
        run_all(qtbot, healthy)
    healthy.go(PAGES.index("summary"))
    assert not healthy.summary.firewall_button.isVisible()

    with loopback_site(tls_ca, vpn=("dropped", "open")) as site:
        window = make_window(site)
        run_all(qtbot, window)
    window.go(PAGES.index("summary"))
    assert window.summary.firewall_button.isVisible()
    qtbot.mouseClick(window.summary.firewall_button, Qt.MouseButton.LeftButton)
    dialog = window.firewall_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.toPlainText().startswith("# ")  # csv first, its comment header
    dialog.format.setCurrentIndex(dialog.format.findData("nftables"))
    shown = dialog.text.toPlainText()
    assert shown.startswith("#!/usr/sbin/nft -f")
    assert "insert rule inet filter forward" in shown and "127.0.0.1" in shown
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == shown
    target = tmp_path / "site.nft"
    with qtbot.waitSignal(dialog.saved):
        assert dialog.save(target)
    assert target.read_text(encoding="utf-8") == shown
    assert not dialog.save(tmp_path / "missing" / "x.nft")
    assert "missing" in dialog.status.text()
    window.set_language("fr")
    qtbot.waitUntil(lambda: "Règles de pare-feu" in dialog.text.toPlainText())
    assert dialog.windowTitle() == "Règles de pare-feu"
