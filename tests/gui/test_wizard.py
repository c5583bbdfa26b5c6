"""Walk the wizard as a technician would: real widgets, real probes against loopback servers."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest
from helpers import HoldingServer
from helpers.site import RUN_TIMEOUT_MS, loopback_site

from app.core.inputs import PROBE_TIMEOUT_S
from app.core.outputs.document import SCHEMA
from app.gui.flow import PAGES
from app.gui.qt import QApplication, QFileDialog, Qt, QTimer

pytestmark = pytest.mark.gui


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)


def card_code(window, step: str, check: str | None = None) -> str | None:
    card = window.step_pages[step].cards[check or step]
    return card.result.code if card.result else None


def go_to(qtbot, window, page: str) -> None:
    while PAGES[window.pages.currentIndex()] != page:
        forward = PAGES.index(page) > window.pages.currentIndex()
        button = window.next_button if forward else window.back_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_healthy_site_walk_summary_report_and_copy(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch
) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        run_all(qtbot, window)
    assert card_code(window, "adapter") == "ADAPTER_OK"
    assert card_code(window, "dns") == "DNS_OK"
    assert [card_code(window, "ports", c) for c in ("ports", "ntp", "tls")] == [
        "PORTS_OK",
        "NTP_OK",
        "TLS_OK",
    ]
    adapter_card = window.step_pages["adapter"].cards["adapter"]
    assert adapter_card.details.isVisible() and "IPv4" in adapter_card.details.toPlainText()
    assert window.step_pages["ports"].table.rowCount() == 5

    go_to(qtbot, window, "summary")
    summary = window.summary
    assert summary.isVisible()
    assert "VERDICT_READY" in summary.verdict_code.text()
    assert summary.table.item(0, 2).text() == "ADAPTER_OK"

    target = tmp_path / "site report.html"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(summary.save_button, Qt.MouseButton.LeftButton)
    document = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
    # No firmware was entered: the site is ready, the station's firmware still to check.
    assert (
        document["schema"] == SCHEMA
        and document["verdict"]["code"] == "VERDICT_READY_FIRMWARE_UNCHECKED"
    )
    assert [c["code"] for c in document["checks"]][:4] == [
        "ADAPTER_OK",
        "LAPTOP_OK",
        "DNS_OK",
        "PORTS_OK",
    ]
    page = target.read_text(encoding="utf-8")
    assert "VERDICT_READY" in page and "<script" not in page
    assert "://" not in page and "src=" not in page, "self-contained: nothing loaded from outside"

    qtbot.mouseClick(summary.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "VERDICT_READY" in copied and "ADAPTER_OK" in copied


def test_failing_site_ranks_the_firewall_first(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        window = make_window(site)
        firmware = window.step_pages["firmware"]
        qtbot.keyClicks(firmware.version, "2024.03.00.100")
        assert card_code(window, "firmware") == "FIRMWARE_TOO_OLD", "judged as typed"
        matrix = window.step_pages["matrix"]
        matrix.readings["link"].setCurrentIndex(matrix.readings["link"].findData("up"))
        matrix.readings["vpn"].setCurrentIndex(matrix.readings["vpn"].findData("disconnected"))
        run_all(qtbot, window)
    assert card_code(window, "ports") == "PORTS_BLOCKED"
    table = window.step_pages["ports"].table
    states = {
        table.item(row, 0).text(): table.item(row, 2).text() for row in range(table.rowCount())
    }
    vpn = [f"TCP {port} (VPN)" for port in site.vpn]
    assert states[vpn[0]] == "no answer" and states[vpn[1]] == "refused"
    matrix_result = window.state.results["matrix"]
    assert matrix_result.code == "MATRIX_VPN_DOWN"
    assert matrix_result.next_steps[0].code == "STEP_ASK_FIREWALL_RULES"
    go_to(qtbot, window, "summary")
    assert "VERDICT_FIREWALL_BLOCKING" in window.summary.verdict_code.text()
    assert "Check the firewall rules" in window.summary.steps.text()


def test_each_step_alone_and_back_next_keep_results(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        go_to(qtbot, window, "dns")
        dns_page = window.step_pages["dns"]
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(dns_page.run_button, Qt.MouseButton.LeftButton)
    assert card_code(window, "dns") == "DNS_OK"
    assert card_code(window, "adapter") == "ADAPTER_OK", "DNS needs the adapter, run with it"
    assert card_code(window, "ports") is None
    go_to(qtbot, window, "adapter")
    go_to(qtbot, window, "ports")
    go_to(qtbot, window, "dns")
    assert card_code(window, "dns") == "DNS_OK" and dns_page.cards["dns"].isVisible()
    assert dns_page.run_button.text() == "Run this step again"


def test_cancel_stops_a_hanging_run_promptly(qtbot, make_window, tls_ca) -> None:
    """Promptness by events, not by a stopwatch: the HTTPS probe is held by a server that
    answers nothing until the test lets it go, NTP is silent, and each probe's time-out is a
    minute away. Cancel ends the run and the laptop closes the held connection while the
    server still holds it: only the Cancel can have stopped the probe. Were Cancel ignored,
    no run_finished would come before the probes' time-outs, and no connection be closed."""
    with HoldingServer() as holder, loopback_site(tls_ca, sntp={"drop": True}) as site:
        site = dataclasses.replace(site, https=holder.port)
        window = make_window(site)
        window.state.inputs = site.inputs(timeout=PROBE_TIMEOUT_S.high)
        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)
        assert window.cancel_button.isEnabled() and not window.run_all_button.isEnabled()
        qtbot.waitUntil(lambda: len(holder.held) == 1, timeout=RUN_TIMEOUT_MS)
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS) as finished:
            qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        assert finished.args[0].cancelled
        assert holder.wait_for_hung_up(1), "the probe's connection closed by the laptop"
        assert not holder.released and not window.controller.is_running()
    assert window.statusBar().currentMessage() == "Cancelled."
    assert window.run_all_button.isEnabled() and not window.cancel_button.isEnabled()


def test_window_answers_while_every_probe_hangs(qtbot, make_window, tls_ca) -> None:
    """Responsiveness without a stopwatch. Every probe of the run is held (the VPN ports and
    HTTPS dropped, NTP silent, each probe's time-out a minute away) while the window's thread
    shows each probe's live row, runs what is queued to it in order, and answers clicks on
    its pages; then Cancel ends the run long before any time-out could have. Were the probes run
    on the window's thread, or did a worker hold it, none of this would happen before the
    probes gave up."""
    with loopback_site(
        tls_ca, https="dropped", vpn=("dropped", "dropped"), sntp={"drop": True}
    ) as site:
        window = make_window(site)
        window.state.inputs = site.inputs(timeout=PROBE_TIMEOUT_S.high)
        running: dict[str, str] = {}
        window.controller.probe_reported.connect(
            lambda probe: running.__setitem__(probe.key, probe.state)
        )
        reported_on: set[int] = set()
        window.controller.probe_reported.connect(
            lambda _probe: reported_on.add(threading.get_ident()),
            Qt.ConnectionType.DirectConnection,  # called on the thread that reports
        )
        port_rows = {f"{port}/tcp" for port in (site.https, *site.vpn)}

        def every_probe_out() -> None:
            held = {key.split(" ")[0] for key, state in running.items() if state == "running"}
            assert port_rows <= held and site.inputs().ntp_servers[0] in running

        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(every_probe_out, timeout=RUN_TIMEOUT_MS)

        served: list[int] = []
        for number in range(50):
            QTimer.singleShot(0, lambda number=number: served.append(number))
        qtbot.waitUntil(lambda: len(served) == 50, timeout=RUN_TIMEOUT_MS)
        assert served == list(range(50)), "queued work is served in the order it was queued"

        go_to(qtbot, window, "adapter")
        card = window.step_pages["adapter"].cards["adapter"]
        assert card_code(window, "adapter") == "ADAPTER_OK", "a finished check shows mid-run"
        shown = card.details.isVisible()
        qtbot.mouseClick(card.details_button, Qt.MouseButton.LeftButton)
        assert card.details.isVisible() != shown, "the Details toggle answers mid-run"
        go_to(qtbot, window, "ports")
        assert window.step_pages["ports"].table.rowCount() >= len(port_rows)
        assert window.controller.is_running(), "all of that while every probe still waited"
        assert reported_on and threading.get_ident() not in reported_on, "probes run off it"
        assert all(running[key] == "running" for key in running if key.endswith("/tcp"))

        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS) as done:
            qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert done.args[0].cancelled and card_code(window, "ports") != "PORTS_BLOCKED"
    assert card_code(window, "adapter") == "ADAPTER_OK", "what finished outlives the Cancel"


def test_a_crashing_check_shows_an_error_with_copy_details(qtbot, make_window, tls_ca) -> None:
    def broken():
        raise RuntimeError("adapter table unreadable")

    with loopback_site(tls_ca) as site:
        window = make_window(site, adapters=broken)
        run_all(qtbot, window)
    card = window.step_pages["adapter"].cards["adapter"]
    assert card.result.code == "CHECK_CRASHED" and card.copy_button.isVisible()
    qtbot.mouseClick(card.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "CHECK_CRASHED" in copied and "adapter table unreadable" in copied
    assert "Traceback" in copied


def test_firmware_is_validated_as_it_is_typed(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    page = window.step_pages["firmware"]
    go_to(qtbot, window, "firmware")
    # The placeholder shows the form, never the minimum itself (it would look filled in).
    assert page.version.placeholderText() and "2024.03.00.428" not in page.version.placeholderText()
    qtbot.keyClicks(page.version, "2024.03.x")
    assert page.validity.text().startswith("✖") and "four numbers" in page.validity.text()
    assert not page.run_button.isEnabled() and card_code(window, "firmware") is None
    page.version.clear()
    # A version still being typed is judged by nobody: no tick, no "too old".
    for partial in ("2024", "2024.03", "2024.03.00", "2024.03.00."):
        page.version.setText(partial)
        assert page.validity.text().startswith("Incomplete"), partial
        assert card_code(window, "firmware") is None, partial
        assert window.step_list.item(3).toolTip() == "not run"
    page.version.clear()
    qtbot.keyClicks(page.version, "v2024.3.0.500")
    assert not page.validity.isVisible() and "✔" not in page.validity.text()
    assert card_code(window, "firmware") == "FIRMWARE_OK"
