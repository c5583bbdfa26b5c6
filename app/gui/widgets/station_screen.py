"""A drawing of the station's screens, painted here (no vendor image): where to tap to reach
About (the firmware version) or Network signal (the three readings), panel by panel.

Everything is drawn in one logical canvas scaled to the widget's width, so it stays sharp at
any size and any screen scale factor. The words come from the core (`outputs/station.py`), in
the wizard's language, the same as the report's and the reference-code view's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from app.core.messages import Words
from app.core.outputs import station
from app.gui import i18n
from app.gui.qt import (
    QColor,
    QEvent,
    QFont,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPointF,
    QRectF,
    QSize,
    QSizePolicy,
    Qt,
    QWidget,
)

PANEL_W, PANEL_H = 200.0, 136.0
GAP = 34.0
CAPTION_H = 52.0
BEZEL = QColor("#2d333b")
SCREEN = QColor("#f6f8fa")
INK = QColor("#1f2328")
MUTED = QColor("#8c959f")
TAP = QColor("#bc4c00")
"""The ring and number of the place to tap: orange, away from the status colours."""
CHOSEN = QColor("#0969da")
MINIMUM_WIDTH = 280


class StationScreen(QWidget):
    """The taps from the station's home screen to `page` ("about" or "network"), and for
    "network" the page itself with its three lines; `set_readings` marks what was read."""

    def __init__(self, page: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if page not in station.PAGES:
            raise ValueError(page)
        self.page = page
        self.shown: dict[str, str | None] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        # Narrow enough for a page at 200 % on a 1024-pixel screen: the page never scrolls
        # sideways to show the drawing.
        self.setMinimumWidth(MINIMUM_WIDTH)
        self.retranslate()

    # Size: the canvas keeps its proportions at any width.
    def panels(self) -> int:
        return 4 if self.page == "network" else 3

    def canvas(self) -> QSize:
        n = self.panels()
        return QSize(round(n * PANEL_W + (n - 1) * GAP), round(PANEL_H + CAPTION_H + 8))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        canvas = self.canvas()
        return max(1, round(width * canvas.height() / canvas.width()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        width = 640
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(MINIMUM_WIDTH, self.heightForWidth(MINIMUM_WIDTH))

    # Words.
    def set_readings(self, shown: Mapping[str, str | None]) -> None:
        self.shown = dict(shown)
        self.retranslate()

    def captions(self) -> list[str]:
        words = i18n.words()
        steps = list(station.tap_path(self.page, words))
        if self.page == "network":
            steps.append(words.term("STATION_READ_LINES"))
        return steps

    def texts(self) -> list[str]:
        """Every word the drawing shows, in the order it is drawn: for its accessible
        description and for tests."""
        words = i18n.words()
        shown = [station.menu_item(p, words) for p in station.PAGES]
        if self.page == "network":
            for line in station.readings(words, self.shown):
                shown += [line.label, *line.values]
        return [*shown, *self.captions()]

    def retranslate(self) -> None:
        words = i18n.words()
        self.setAccessibleName(words.term(f"STATION_DRAWING_{self.page.upper()}"))
        self.setAccessibleDescription(" ".join(f"{n}. {c}." for n, c in self._numbered()))
        self.update()

    def _numbered(self) -> list[tuple[int, str]]:
        return list(enumerate(self.captions(), 1))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # Painting.
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            self.paint(painter, self.width(), self.height())
        finally:
            painter.end()

    def paint(self, painter: QPainter, width: float, height: float) -> None:
        """Draw the whole drawing into `width` x `height` device units of `painter`."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        canvas = self.canvas()
        scale = min(width / canvas.width(), height / canvas.height())
        painter.translate((width - canvas.width() * scale) / 2, 0)
        painter.scale(scale, scale)
        words = i18n.words()
        captions = self.captions()
        for index in range(self.panels()):
            left = index * (PANEL_W + GAP)
            screen = self._bezel(painter, left)
            if index == 0:
                self._home(painter, screen)
            elif index == 1:
                self._menu(painter, screen)
            elif index == 2:
                self._settings(painter, screen, words)
            else:
                self._network(painter, screen, words)
            if index:
                self._arrow(painter, left - GAP + 6, left - 6, PANEL_H / 2)
            self._caption(painter, left, index + 1, captions[index])

    def _bezel(self, painter: QPainter, left: float) -> QRectF:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BEZEL)
        painter.drawRoundedRect(QRectF(left, 0, PANEL_W, PANEL_H), 12, 12)
        screen = QRectF(left + 9, 9, PANEL_W - 18, PANEL_H - 18)
        painter.setBrush(SCREEN)
        painter.drawRoundedRect(screen, 5, 5)
        return screen

    def _font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(1, round(size)))
        font.setBold(bold)
        return font

    def _placeholder_lines(self, painter: QPainter, screen: QRectF, rows: int) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#d0d7de"))
        for row in range(rows):
            width = screen.width() * (0.62 if row % 2 else 0.45)
            painter.drawRoundedRect(
                QRectF(screen.left() + 14, screen.top() + 16 + row * 18, width, 8), 4, 4
            )

    def _corner(self, screen: QRectF, radius: float) -> QPointF:
        return QPointF(screen.right() - radius - 8, screen.bottom() - radius - 8)

    def _target(self, painter: QPainter, rect: QRectF, number: int) -> None:
        """The ring around the place to tap, and its step number beside it."""
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(TAP, 3))
        painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), 8, 8)
        badge = QRectF(rect.left() - 22, rect.top() - 20, 18, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(TAP)
        painter.drawEllipse(badge)
        painter.setPen(QColor("white"))
        painter.setFont(self._font(12, bold=True))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(number))

    def _home(self, painter: QPainter, screen: QRectF) -> None:
        self._placeholder_lines(painter, screen, 3)
        radius = 13.0
        centre = self._corner(screen, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(QColor("white"))
        painter.setFont(self._font(17, bold=True))
        circle = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, "?")
        self._target(painter, circle, 1)

    def _menu(self, painter: QPainter, screen: QRectF) -> None:
        self._placeholder_lines(painter, screen, 3)
        radius = 12.0
        centre = self._corner(screen, radius)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        painter.drawPath(_gear(centre, radius))
        painter.setBrush(SCREEN)
        painter.drawEllipse(centre, radius * 0.38, radius * 0.38)
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        self._target(painter, box, 2)

    def _settings(self, painter: QPainter, screen: QRectF, words: Words) -> None:
        row_h = 30.0
        top = screen.top() + 22
        target: QRectF | None = None
        for index, page in enumerate(station.PAGES):
            row = QRectF(screen.left() + 12, top + index * (row_h + 10), screen.width() - 24, row_h)
            painter.setPen(QPen(MUTED, 1))
            painter.setBrush(QColor("white"))
            painter.drawRoundedRect(row, 4, 4)
            painter.setPen(INK)
            painter.setFont(self._font(13, bold=page == self.page))
            painter.drawText(
                row.adjusted(10, 0, -6, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                station.menu_item(page, words),
            )
            if page == self.page:
                target = row
        if target is not None:
            self._target(painter, target, 3)

    def _network(self, painter: QPainter, screen: QRectF, words: Words) -> None:
        painter.setPen(INK)
        painter.setFont(self._font(12, bold=True))
        title = QRectF(screen.left() + 8, screen.top() + 4, screen.width() - 16, 18)
        painter.drawText(
            title,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            station.menu_item("network", words),
        )
        row_h = 30.0
        for index, line in enumerate(station.readings(words, self.shown)):
            top = screen.top() + 24 + index * row_h
            label = QRectF(screen.left() + 8, top, screen.width() - 16, 13)
            painter.setPen(INK)
            painter.setFont(self._font(10))
            painter.drawText(
                label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line.label
            )
            left = screen.left() + 8
            for value in line.values:
                painter.setFont(self._font(10, bold=value == line.shown))
                width = painter.fontMetrics().horizontalAdvance(value) + 10
                chip = QRectF(left, top + 14, width, 14)
                chosen = value == line.shown
                painter.setPen(QPen(CHOSEN if chosen else MUTED, 1.5 if chosen else 1))
                painter.setBrush(QColor("#ddf4ff") if chosen else QColor("white"))
                painter.drawRoundedRect(chip, 3, 3)
                painter.setPen(INK)
                painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, value)
                left += width + 6

    def _arrow(self, painter: QPainter, start: float, end: float, y: float) -> None:
        painter.setPen(QPen(MUTED, 2.5))
        painter.drawLine(QPointF(start, y), QPointF(end - 4, y))
        head = QPainterPath(QPointF(end, y))
        head.lineTo(end - 9, y - 6)
        head.lineTo(end - 9, y + 6)
        head.closeSubpath()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(MUTED)
        painter.drawPath(head)

    def _caption(self, painter: QPainter, left: float, number: int, text: str) -> None:
        painter.setPen(INK)
        painter.setFont(self._font(12))
        rect = QRectF(left, PANEL_H + 6, PANEL_W, CAPTION_H)
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            f"{number}. {text}",
        )


def _gear(centre: QPointF, radius: float, teeth: int = 8) -> QPainterPath:
    """A gear: a ring of `teeth` square teeth around a disc."""
    path = QPainterPath()
    inner, outer = radius * 0.72, radius
    steps = teeth * 4
    for step in range(steps):
        angle = 2 * math.pi * step / steps
        r = outer if step % 4 in (1, 2) else inner
        point = QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))
        if step == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path
