"""Step 1's cards in the wizard: the adapters seen when none is found, the one tested without
being called wired, the laptop's proxy and VPN; names from the system stay plain text."""

from __future__ import annotations

import dataclasses

import pytest
from helpers.site import loopback_adapter, loopback_site
from test_wizard import run_all

from app.core.platform import AdapterKind
from app.gui.qt import Qt

pytestmark = pytest.mark.gui

MARKUP = "<b>Wi-Fi</b>"


def test_adapter_not_found_lists_what_was_seen_as_plain_text(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [
            loopback_adapter(
                site.dns.port, name="wlan0", friendly_name=MARKUP, kind=AdapterKind.WIRELESS
            )
        ]
        window = make_window(site, lang="fr")
        run_all(qtbot, window)
    card = window.step_pages["adapter"].cards["adapter"]
    assert card.result.code == "ADAPTER_NOT_FOUND"
    assert card.explanation.textFormat() == Qt.TextFormat.PlainText
    assert f"{MARKUP} (sans fil (Wi-Fi), liaison active, IPv4 127.0.0.1)" in card.explanation.text()
    assert f"{MARKUP}: sans fil (Wi-Fi) · liaison active · IPv4 127.0.0.1" in card.details_text()
    # The step names both ways to choose another adapter.
    assert "--interface" in card.steps.text() and "Adaptateur à vérifier" in card.steps.text()


def test_an_adapter_not_called_wired_is_tested_and_the_laptop_card_shows(
    qtbot, make_window, tls_ca
) -> None:
    with loopback_site(tls_ca) as site:
        site.adapters_list = [
            dataclasses.replace(
                loopback_adapter(site.dns.port), kind=AdapterKind.VIRTUAL, friendly_name="vEth"
            )
        ]
        window = make_window(site)
        run_all(qtbot, window)
    page = window.step_pages["adapter"]
    assert page.cards["adapter"].result.code == "ADAPTER_UNCONFIRMED"
    assert "vEth" in page.cards["adapter"].explanation.text()
    laptop = page.cards["laptop"]
    assert laptop.result.code == "LAPTOP_OK" and laptop.isVisible()
    assert laptop.title.text() == "No proxy or VPN on the laptop"
    assert window.step_pages["ports"].cards["ports"].result.code == "PORTS_OK"
