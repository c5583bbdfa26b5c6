"""The station's screens drawn on steps 4 and 5: where to tap and the three readings, in the
wizard's language, sharp at any scale factor; the report says the same words."""

from __future__ import annotations

import pytest
from helpers.site import loopback_site

from app.core.messages import words_for
from app.core.outputs import station
from app.gui.flow import PAGES
from app.gui.qt import QColor, QImage, QPainter, Qt
from app.gui.widgets.station_screen import TAP, StationScreen

pytestmark = pytest.mark.gui


def painted(
    widget: StationScreen, width: float, scale: float, height: float | None = None
) -> QImage:
    """The drawing painted at `width` logical pixels on a screen of `scale` device pixels."""
    height = height or widget.heightForWidth(round(width))
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    widget.paint(painter, width, height)
    painter.end()
    return image


def count(image: QImage, colour: QColor) -> int:
    """Pixels of about `colour` (antialiased edges included)."""
    red, green, blue = colour.red(), colour.green(), colour.blue()
    total = 0
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = QColor(image.pixel(x, y))
            distance = (
                abs(pixel.red() - red) + abs(pixel.green() - green) + abs(pixel.blue() - blue)
            )
            total += distance < 60
    return total


@pytest.mark.parametrize("page", station.PAGES)
def test_the_drawing_is_painted_sharp_at_every_scale(qtbot, page) -> None:
    widget = StationScreen(page)
    qtbot.addWidget(widget)
    assert count(painted(widget, 320, 1.0), TAP) > 60, "the place to tap is ringed"
    for scale in (1.5, 2.0, 3.0):
        # Drawn for the device's pixels, not blown up: a scaled screen gets the same picture
        # as a screen that many times wider.
        height = widget.heightForWidth(320)
        scaled = painted(widget, 320, scale, height)
        wide = painted(widget, 320 * scale, 1.0, height * scale)
        assert (scaled.width(), scaled.height()) == (wide.width(), wide.height())
        assert differing(scaled, wide) < 0.02 * scaled.width() * scaled.height()
    assert widget.heightForWidth(1000) == pytest.approx(2 * widget.heightForWidth(500), abs=1)


def differing(a: QImage, b: QImage) -> int:
    return sum(
        1
        for y in range(a.height())
        for x in range(a.width())
        if _far(QColor(a.pixel(x, y)), QColor(b.pixel(x, y)))
    )


def _far(one: QColor, other: QColor) -> bool:
    return (
        abs(one.red() - other.red())
        + abs(one.green() - other.green())
        + abs(one.blue() - other.blue())
        > 90
    )


def test_steps_4_and_5_show_where_to_tap_in_both_languages(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    firmware = window.step_pages["firmware"]
    matrix = window.step_pages["matrix"]
    window.go(PAGES.index("firmware"))
    assert firmware.drawing.isVisible() and firmware.drawing.height() > 60
    window.go(PAGES.index("matrix"))
    assert matrix.drawing.isVisible()
    for lang, about, network, link in (
        ("en", "About", "Network signal", "Link state"),
        ("fr", "À propos", "Signal réseau", "État de la liaison"),
    ):
        window.set_language(lang)
        help_tap = words_for(lang).term("STATION_TAP_HELP")
        description = firmware.drawing.accessibleDescription
        qtbot.waitUntil(lambda help_tap=help_tap, d=description: help_tap in d())
        assert firmware.drawing.captions()[-1].endswith(about)
        assert matrix.drawing.captions()[2].endswith(network)
        assert link in matrix.drawing.texts() and "Disconnected" in matrix.drawing.texts()
        assert f"3. {firmware.drawing.captions()[2]}." in firmware.drawing.accessibleDescription()


def test_the_readings_chosen_are_marked_in_the_drawing(qtbot, make_window, tls_ca) -> None:
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    matrix = window.step_pages["matrix"]
    window.go(PAGES.index("matrix"))
    link = matrix.readings["link"]
    link.setCurrentIndex(link.findData("down"))
    shown = {
        line.name: line.shown for line in station.readings(words_for("en"), matrix.drawing.shown)
    }
    assert shown == {"link": "DOWN", "vpn": None, "cloud": None}


def test_the_report_uses_the_drawings_words(tmp_path) -> None:
    """The readings in the report are the drawing's: the station's labels and values."""
    from pathlib import Path

    from app.core.outputs.compare import load_report
    from app.core.outputs.report_html import write_html_report

    report = load_report(Path(__file__).parents[2] / "resources/samples/blocked-site.json")
    for lang in ("en", "fr"):
        target = tmp_path / f"report-{lang}.html"
        write_html_report(target, report, words_for(lang))
        page = target.read_text(encoding="utf-8")
        for line in station.readings(words_for(lang), report.inputs.__dict__):
            assert line.label in page and line.shown in page, line
