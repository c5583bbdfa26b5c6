"""Report → Read a reference code…: the agent sees, read-only and in their own language, the
steps, statuses, codes and verdict the site host's window shows."""

from __future__ import annotations

import pytest
from helpers.site import loopback_site

from app.core.messages import catalogue
from app.core.outputs.refcode import decode, reference_text
from app.gui.dialogs.reference import ReferenceDialog
from app.gui.flow import PAGES
from app.gui.qt import Qt

pytestmark = pytest.mark.gui
RUN_TIMEOUT_MS = 15000


def summary_rows(window) -> list[tuple[str, str]]:
    """(step, code) of every row of the summary's table."""
    table = window.summary.table
    return [(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())]


def test_the_agent_sees_what_the_site_host_sees(qtbot, make_window, tls_ca, tmp_path) -> None:
    with loopback_site(tls_ca, vpn=("closed", "open")) as site:
        host = make_window(site, lang="en")
        with qtbot.waitSignal(host.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(host.run_all_button, Qt.MouseButton.LeftButton)
        agent = make_window(site, lang="fr", path=tmp_path / "agent.ini")
    host.go(PAGES.index("summary"))
    code = host.summary.reference.text()
    assert code

    dialog = ReferenceDialog(agent)
    qtbot.addWidget(dialog)
    dialog.code.setText(code.lower().replace("-", " "))
    assert dialog.read() and dialog.reference is not None
    agent.show_reference(dialog.reference)

    assert agent.state.saved is not None, "shown in the saved report's read-only view"
    assert not agent.run_all_button.isEnabled()
    codes = [c for _, c in summary_rows(agent)]
    assert codes == [c for _, c in summary_rows(host)]
    assert "PORTS_BLOCKED" in codes
    assert agent.summary.reference.text() == code
    host_verdict = host.state.report().verdict.code
    assert agent.state.report().verdict.code == host_verdict
    banner = agent.saved_banner.text.text()
    assert agent.saved_banner.isVisible() and code in banner
    assert "demandez le rapport" in banner, "what the code cannot carry is said, not guessed"
    assert agent.step_pages["ports"].isEnabled()
    assert not agent.summary.save_button.isEnabled(), "a code carries no evidence to save"
    assert agent.summary.copy_button.isEnabled(), "what is shown can be copied"
    assert not agent.summary.firewall_button.isVisible()
    agent.back_to_live()
    assert not agent.saved_banner.isVisible()


def test_a_mistyped_code_is_caught_as_decode_does(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site, lang="fr")
    dialog = ReferenceDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code.setText("002J-1FS9-ENSN")  # the last character changed
    assert not dialog.read() and dialog.reference is None
    assert dialog.error.isVisible() and "non lu" in dialog.error.text()
    assert window.state.saved is None
    dialog.code.setText("002J-1FS9-ENSM")
    assert not dialog.error.isVisible()
    assert dialog.read()


def test_the_menu_offers_it_and_decode_says_what_is_not_carried(qtbot, make_window, tls_ca):
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    assert window.reference_action in window.report_menu.actions()
    assert window.reference_action.text() == "&Read a reference code…"
    words = catalogue()
    reference = decode("002J-1FS9-ENSM")
    for lang in ("en", "fr"):
        assert words.term("REFCODE_NOT_CARRIED", lang) in reference_text(reference, lang, words)
