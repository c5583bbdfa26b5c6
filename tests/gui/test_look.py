"""A look that reads at a glance: Run all is the one primary button, in both languages; result
codes are smaller and quieter than the words; the verdict is the largest thing on the Summary;
every table says what to do before the first run. Real widgets over a real loopback site."""

from __future__ import annotations

import pytest
from helpers.site import RUN_TIMEOUT_MS, loopback_site

from app.gui.flow import PAGES
from app.gui.qt import QColor, QLabel, QPalette, QPushButton, Qt
from app.gui.widgets import status as look

pytestmark = pytest.mark.gui


def run_all(qtbot, window) -> None:
    with qtbot.waitSignal(window.controller.run_finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(window.run_all_button, Qt.MouseButton.LeftButton)


def share_of(widget, colour: str) -> float:
    """How much of the widget, as drawn, is that colour (within a small tolerance)."""
    image = widget.grab().toImage()
    target = QColor(colour)
    hits = total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            total += 1
            near = (
                abs(pixel.red() - target.red())
                + abs(pixel.green() - target.green())
                + abs(pixel.blue() - target.blue())
            )
            hits += near < 30
    return hits / max(1, total)


def point_size(widget) -> float:
    return widget.font().pointSizeF()


def test_run_all_is_the_primary_button_in_both_languages(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    others = [window.cancel_button, window.back_button, window.next_button]
    for lang in ("en", "fr"):
        window.set_language(lang)
        button = window.run_all_button
        assert button.isEnabled() and button.isDefault()
        assert share_of(button, look.PRIMARY_COLOUR) > 0.5, lang
        for other in others:
            assert share_of(other, look.PRIMARY_COLOUR) < 0.05, (lang, other.text())
            assert button.height() >= other.height(), lang
        assert button.font().bold() or "bold" in button.styleSheet()
    # No other button of any page looks like it: one primary action on screen.
    primary = [
        b
        for b in window.findChildren(QPushButton)
        if b is not window.run_all_button and b.isVisible()
    ]
    assert all(share_of(b, look.PRIMARY_COLOUR) < 0.05 for b in primary)


def test_result_codes_are_smaller_and_quieter_than_the_words(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        window = make_window(site, lang="fr")
        run_all(qtbot, window)
    for page in window.step_pages.values():
        for card in page.cards.values():
            if card.result is None:
                continue
            assert card.code.text() == card.result.code
            assert point_size(card.code) < point_size(card.title), card.result.code
            colour = card.code.palette().color(QPalette.ColorRole.WindowText)
            assert colour == QColor(look.SECONDARY_COLOUR), card.result.code
    window.go(PAGES.index("summary"))
    summary = window.summary
    assert point_size(summary.verdict_code) < point_size(summary.verdict_text)
    code_cell = summary.table.item(0, 2)
    assert code_cell.text() == "ADAPTER_OK"
    assert code_cell.font().pointSizeF() < summary.table.item(0, 3).font().pointSizeF() or (
        code_cell.font().pointSizeF() < summary.table.font().pointSizeF()
    )
    assert code_cell.foreground().color() == QColor(look.SECONDARY_COLOUR)


def test_the_verdict_is_the_largest_thing_on_the_summary(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        window = make_window(site)
        run_all(qtbot, window)
    window.go(PAGES.index("summary"))
    summary = window.summary
    assert summary.verdict.isVisible() and summary.reference.isVisible()
    verdict = summary.verdict.fontMetrics().height()
    for label in summary.findChildren(QLabel):
        if label is not summary.verdict and label.isVisible() and label.text():
            assert label.fontMetrics().height() < verdict, label.text()
    # The banner is drawn in the verdict's colour: a failing site's red.
    assert share_of(summary.banner, look.COLOURS[window.state.report().verdict.status]) > 0.02


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "No results yet — press Run all"),
        ("fr", "Aucun résultat pour l'instant — appuyez sur Tout vérifier"),
    ],
)
def test_every_table_says_what_to_do_before_the_first_run(
    qtbot, make_window, tls_ca, lang, words
) -> None:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        window = make_window(site, lang=lang)
        tables = {p.step.id: p.table for p in window.step_pages.values() if p.table is not None}
        assert set(tables) == {"dns", "ports"}
        for step_id, table in tables.items():
            window.go(PAGES.index(step_id))
            assert table.rowCount() == 0
            assert table.empty_state.isVisible(), step_id
            assert words in table.empty_state.text(), (step_id, table.empty_state.text())
            state = table.empty_state
            assert table.viewport().rect().contains(state.geometry()), step_id
        run_all(qtbot, window)
    for step_id, table in tables.items():
        window.go(PAGES.index(step_id))
        assert table.rowCount() > 0 and not table.empty_state.isVisible(), step_id
    # A cleared step says it again: a new region clears DNS and ports.
    window.adapter_page.region.setCurrentIndex(window.adapter_page.region.findData("ca"))
    for step_id, table in tables.items():
        window.go(PAGES.index(step_id))
        assert table.rowCount() == 0 and table.empty_state.isVisible(), step_id


def test_a_result_card_is_as_tall_as_its_words_with_no_empty_band(
    qtbot, make_window, tls_ca
) -> None:
    """A saved run opened on step 1 fills the DNS card, its nslookup-like answer open, while
    its page is hidden, and the window is drawn (a screenshot, a repaint). Then opened, the
    DNS page's card is as tall as its words: no blank band under the code or the text."""
    from app.core.outputs.compare import load_report
    from app.gui.qt import QApplication
    from app.gui.screenshots import SAMPLE

    with loopback_site(tls_ca) as site:
        window = make_window(site)
    window.replay(load_report(SAMPLE))
    window.grab()
    window.resize(window.width() + 300, window.height())
    QApplication.processEvents()
    window.go(PAGES.index("dns"))
    QApplication.processEvents()
    card = window.step_pages["dns"].cards["dns"]
    assert card.details.isVisible() and card.result.code == "DNS_OK"
    assert card.height() == card.heightForWidth(card.width())
    gap = card.explanation.geometry().top() - card.code.geometry().bottom()
    assert gap <= 2 * card.layout().spacing() + 1, gap
