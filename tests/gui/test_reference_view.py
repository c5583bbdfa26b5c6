"""Report → Read a reference code…: the agent sees, read-only and in their own language, the
steps, statuses, codes and verdict the site host's window shows."""

from __future__ import annotations

import html
import re

import pytest
from helpers.site import loopback_site

from app.core.messages import words_for
from app.core.outputs.refcode import decode, reference_text
from app.gui.dialogs.reference import ReferenceDialog
from app.gui.flow import PAGES
from app.gui.qt import QApplication, Qt

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
    reference = decode("002J-1FS9-ENSM")
    for lang in ("en", "fr"):
        assert words_for(lang).term("REFCODE_NOT_CARRIED") in reference_text(
            reference, words_for(lang)
        )


def shown_steps(window) -> list[str]:
    """The numbered next steps' titles on the summary, in order, as drawn."""
    return [html.unescape(t) for t in re.findall(r"<li><b>(.*?)</b>", window.summary.steps.text())]


SCENARIOS = {
    "firewall drops a VPN port, firmware too old": (
        {"vpn": ("dropped", "closed")},
        "2024.03.00.100",
        ("up", "disconnected"),
    ),
    "DNS does not know the endpoint": ({"zone": {}}, "2024.03.00.428", ("up", "disconnected")),
    "HTTPS refused": ({"https": "closed"}, "", ("up", "disconnected")),
    "healthy site, station still disconnected": ({}, "2024.03.00.428", ("up", "disconnected")),
    "healthy site, no firmware given": ({}, "", ("", "")),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_reference_view_numbers_the_same_next_steps_as_the_site_host(
    qtbot, make_window, tls_ca, tmp_path, scenario
) -> None:
    """Both sides can say "step 3, second action": the same steps, in the same order, in
    the site host's window and in the agent's, whichever language each reads."""
    site_options, firmware, (link, vpn) = SCENARIOS[scenario]
    with loopback_site(tls_ca, **site_options) as site:
        host = make_window(site, lang="en")
        if firmware:
            qtbot.keyClicks(host.step_pages["firmware"].version, firmware)
        matrix = host.step_pages["matrix"]
        if link:
            matrix.readings["link"].setCurrentIndex(matrix.readings["link"].findData(link))
            matrix.readings["vpn"].setCurrentIndex(matrix.readings["vpn"].findData(vpn))
        with qtbot.waitSignal(host.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            qtbot.mouseClick(host.run_all_button, Qt.MouseButton.LeftButton)
        agents = {
            lang: make_window(site, lang=lang, path=tmp_path / f"agent-{lang}.ini")
            for lang in ("en", "fr")
        }
    host.go(PAGES.index("summary"))
    expected = [step.code for step in host.state.report().verdict.next_steps]
    assert expected, "every scenario here has next steps"
    code = host.summary.reference.text()
    for lang, agent in agents.items():
        host.translations.apply(lang)
        dialog = ReferenceDialog(agent)
        qtbot.addWidget(dialog)
        dialog.code.setText(code)
        assert dialog.read() and dialog.reference is not None
        agent.show_reference(dialog.reference)
        assert [s.code for s in agent.state.report().verdict.next_steps] == expected
        titles = [words_for(lang).title(step) for step in expected]
        assert shown_steps(host) == titles, "the site host's window, in this language"
        assert shown_steps(agent) == titles, "the agent's reads the same, in the same order"
        assert not re.search(r"\s[,.]|\s{2}", agent.summary.steps.text()), "no holes"
        decoded = reference_text(dialog.reference, words_for(lang))
        qtbot.mouseClick(agent.summary.copy_button, Qt.MouseButton.LeftButton)
        copied = QApplication.clipboard().text()
        for number, title in enumerate(titles, 1):
            assert f"{number:>2}. {title}\n" in decoded, "decode says them alike"
            assert f"\n{number}. {title}" in copied, "and so does Copy summary"
        assert not re.search(r"\s[,.]|  ", copied), "no holes where values would go"
    host.translations.apply("en")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_first_layout_code_says_its_steps_are_unavailable(qtbot, make_window, tls_ca, lang):
    with loopback_site(tls_ca) as site:
        window = make_window(site, lang=lang)
    window.show_reference(decode("002J-1FS9-ENSM"))
    assert window.state.saved is not None and shown_steps(window) == []
    assert words_for(lang).term("REFCODE_NO_STEPS") in window.saved_banner.text.text()
    window.go(PAGES.index("summary"))
    assert window.summary.reference.text() == "002J-1FS9-ENSM", "the code read, not another"


def test_the_banner_is_laid_out_whole_at_once_at_1024_px_in_french(
    qtbot, make_window, tls_ca
) -> None:
    """Each new banner text gets its height in the same layout pass: never cut to the lines
    of the text before it until the event loop comes round again."""
    with loopback_site(tls_ca) as site:
        window = make_window(site, lang="fr")
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    banner = window.saved_banner
    label = banner.text

    def whole() -> bool:
        return label.height() >= label.heightForWidth(label.width()) and (
            banner.geometry().contains(label.geometry().translated(banner.pos()))
        )

    # Short, then long, then short and long again: each read straight after it is shown.
    for code in ("0N3Q-M476-8B3B-HW8F-PM", "002J-1FS9-ENSM") * 2:
        window.show_reference(decode(code))
        assert label.heightForWidth(label.width()) > label.fontMetrics().height()
        assert whole(), (code, label.height(), label.heightForWidth(label.width()))
    window.translations.apply("en")
    assert whole(), "the words of another language"
    window.translations.apply("fr")
    assert whole()
    button = window.live_button
    assert banner.rect().contains(button.geometry()), "the way back stays inside the banner"
