"""French everywhere a technician looks, switched at runtime; what the wizard remembers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from helpers.site import RUN_TIMEOUT_MS, loopback_site

from app.core.messages import catalogue
from app.core.util.resources import resource_path
from app.gui.flow import PAGES
from app.gui.qt import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    Qt,
    QTableWidget,
)

pytestmark = pytest.mark.gui


def english_only_fragments() -> tuple[set[str], set[str]]:
    """Whole English strings, and long fragments of them, whose French differs."""
    pairs: list[tuple[str, str]] = []
    ts = resource_path("translations", "station_network_check_fr.ts")
    for message in ET.parse(ts).getroot().iter("message"):
        pairs.append((message.find("source").text, message.find("translation").text))
    words = catalogue()
    for langs in words.codes.values():
        for field in ("title", "explanation", "instruction"):
            pairs.append((getattr(langs["en"], field), getattr(langs["fr"], field)))
    pairs += [(langs["en"], langs["fr"]) for langs in words.terms.values()]
    whole, fragments = set(), set()
    for english, french in pairs:
        if english == french:
            continue
        clean = clean_text(english)
        whole.add(clean)
        for part in re.split(r"{\w+}", clean):
            part = part.strip(" :.,;()")
            if len(part) >= 12 and " " in part:
                fragments.add(part)
    return whole, fragments


def clean_text(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text).replace("&amp;", "&").replace("&", "")
    return re.sub(r"\s+", " ", text).strip()


def visible_texts(window) -> list[str]:
    texts = [window.windowTitle(), *(a.text() for a in window.menuBar().actions())]
    for menu in (window.language_menu, window.help_menu):
        texts += [a.text() for a in menu.actions() if a.data() is None]
    for widget in window.findChildren(QLabel):
        if widget.isVisible():
            texts.append(widget.text())
    for widget in window.findChildren(QAbstractButton):
        if widget.isVisible():
            texts += [widget.text(), widget.toolTip()]
    for widget in window.findChildren(QComboBox):
        if widget.isVisible():
            texts += [widget.itemText(i) for i in range(widget.count())]
    for widget in window.findChildren(QTableWidget):
        if widget.isVisible():
            texts += [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())]
            texts += [
                widget.item(r, c).text()
                for r in range(widget.rowCount())
                for c in range(widget.columnCount())
                if widget.item(r, c)
            ]
    for widget in window.findChildren(QListWidget):
        texts += [widget.item(i).text() for i in range(widget.count())]
    for widget in window.findChildren(QPlainTextEdit):
        if widget.isVisible():
            texts += widget.toPlainText().splitlines()
    texts.append(window.statusBar().currentMessage())
    return [clean_text(t) for t in texts if t and t.strip()]


def test_every_page_in_french_shows_no_english(qtbot, make_window, tls_ca) -> None:
    whole, fragments = english_only_fragments()
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        window = make_window(site, lang="fr")
        qtbot.keyClicks(window.step_pages["firmware"].version, "2024.03.00.100")
        matrix = window.step_pages["matrix"]
        matrix.readings["link"].setCurrentIndex(1)
        matrix.readings["vpn"].setCurrentIndex(2)
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
    for card in (c for page in window.step_pages.values() for c in page.cards.values()):
        card.details_button.setChecked(True)
    found = []
    for index, page in enumerate(PAGES):
        window.go(index)
        for text in visible_texts(window):
            if text in whole or any(fragment in text for fragment in fragments):
                found.append((page, text))
    assert found == [], found
    assert window.run_all_button.text() == "&Tout vérifier"
    # French puts a space before a colon, in what is shown and in what a screen reader reads.
    assert window.summary.verdict.text().startswith("Échec : "), window.summary.verdict.text()
    assert window.step_list.item(2).data(Qt.ItemDataRole.AccessibleTextRole) == "3. Ports : Échec"


def test_qt_stock_buttons_are_french_too(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        make_window(site, lang="fr")
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save
    )
    qtbot.addWidget(box)
    texts = {button.text().replace("&", "") for button in box.buttons()}
    assert texts == {"Annuler", "Enregistrer"}


def test_language_switches_at_runtime_and_is_remembered(
    qtbot, make_window, tls_ca, settings_file
) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site, lang="en")
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
        card = window.step_pages["adapter"].cards["adapter"]
        assert card.title.text() == "Wired adapter ready"
        window.language_actions["fr"].trigger()
        # Qt posts LanguageChange to every widget; they retranslate when it is delivered.
        qtbot.waitUntil(lambda: window.run_all_button.text() == "&Tout vérifier")
        assert card.title.text() == "Adaptateur Ethernet prêt"
        assert window.step_list.item(0).text() == "1. Adaptateur"
        assert "Passerelle par défaut" in card.details.toPlainText()
        window.close()
        again = make_window(site, path=settings_file)
        assert again.next_button.text() == "&Suivant >"


def test_region_model_and_geometry_are_remembered(
    qtbot, make_window, tls_ca, settings_file
) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        dns, firmware = window.step_pages["adapter"], window.step_pages["firmware"]
        dns.region.setCurrentIndex(dns.region.findData("ca"))
        firmware.model.setCurrentIndex(firmware.model.findData("express-plus"))
        qtbot.keyClicks(firmware.version, "2024.05.00.475")
        window.resize(780, 560)
        window.close()
        again = make_window(site, path=settings_file)
    assert again.step_pages["adapter"].region.currentData() == "ca"
    assert "vpn.ca.prod.chargepointnetwork.net" in again.step_pages["adapter"].endpoint.text()
    assert again.step_pages["firmware"].model.currentData() == "express-plus"
    assert (again.width(), again.height()) == (780, 560)


def test_every_step_is_reachable_and_operable_by_keyboard(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        window.step_list.setFocus()
        for expected in range(1, len(PAGES)):
            qtbot.keyClick(window.step_list, Qt.Key.Key_Down)
            assert window.pages.currentIndex() == expected
        qtbot.keyClick(window.step_list, Qt.Key.Key_Home)
        assert window.pages.currentIndex() == 0
        page = window.step_pages["adapter"]
        page.run_button.setFocus()
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            qtbot.keyClick(page.run_button, Qt.Key.Key_Space)
    assert page.cards["adapter"].result.code == "ADAPTER_OK"
    for widget in window.findChildren(QComboBox):
        assert widget.accessibleName(), widget
    assert all(
        b.text() or b.accessibleName()
        for b in window.findChildren(QAbstractButton)
        if b.isVisible()
    )


@pytest.mark.parametrize("size", [(1024, 600), (960, 540)])
def test_layout_holds_on_small_and_scaled_screens(qtbot, make_window, tls_ca, size) -> None:
    """1024×600 netbooks, and 960×540: a 1920×1080 screen at 200 % scaling."""
    with loopback_site(tls_ca) as site:
        window = make_window(site)
        with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
            window.run_all_button.click()
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    for index in range(len(PAGES)):
        window.go(index)
        for button in (window.next_button, window.back_button, window.run_all_button):
            corner = button.mapTo(window, button.rect().bottomRight())
            assert window.rect().contains(corner), (index, button.text())
        page = window.pages.currentWidget()
        assert page.width() > 400 and page.height() > 250
