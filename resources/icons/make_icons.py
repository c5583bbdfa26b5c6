"""Draws the application icon: `app.png` (256 px, the window's) and `app.ico` (16 to 256 px,
the executable's, shown by Explorer). Run it again after changing the drawing:

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icons.py

Each size is drawn on its own, not scaled down from the largest, so small icons stay sharp.
The `.ico` holds PNG images, which Windows reads since Vista.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
BLUE = QColor("#0b5cab")
GREEN = QColor("#2e9d46")
WHITE = QColor("#ffffff")


def draw(size: int) -> QImage:
    """A blue tile with an Ethernet socket, and a green badge with a tick."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    s = size / 256
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(BLUE)
    painter.drawRoundedRect(QRectF(8 * s, 8 * s, 240 * s, 240 * s), 44 * s, 44 * s)

    # The RJ45 socket seen from the front: a body with a latch notch, and its contacts.
    socket = QPainterPath()
    socket.moveTo(52 * s, 70 * s)
    socket.lineTo(204 * s, 70 * s)
    socket.lineTo(204 * s, 170 * s)
    socket.lineTo(160 * s, 170 * s)
    socket.lineTo(160 * s, 196 * s)
    socket.lineTo(96 * s, 196 * s)
    socket.lineTo(96 * s, 170 * s)
    socket.lineTo(52 * s, 170 * s)
    socket.closeSubpath()
    painter.setBrush(WHITE)
    painter.drawPath(socket)
    if size >= 32:
        painter.setBrush(BLUE)
        pins = 8 if size >= 64 else 4
        width = 120 * s / (2 * pins - 1)
        for pin in range(pins):
            painter.drawRect(QRectF(68 * s + 2 * pin * width, 84 * s, width, 40 * s))

    badge = QRectF(150 * s, 150 * s, 100 * s, 100 * s)
    painter.setBrush(GREEN)
    painter.setPen(QPen(WHITE, max(1.0, 8 * s)))
    painter.drawEllipse(badge)
    tick = QPen(
        WHITE,
        max(1.5, 14 * s),
        Qt.PenStyle.SolidLine,
        Qt.PenCapStyle.RoundCap,
        Qt.PenJoinStyle.RoundJoin,
    )
    painter.setPen(tick)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(176 * s, 201 * s))
    path.lineTo(194 * s, 218 * s)
    path.lineTo(225 * s, 181 * s)
    painter.drawPath(path)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("cannot encode PNG")
    return bytes(data.data())


def ico_bytes(images: list[bytes], sizes: tuple[int, ...]) -> bytes:
    """ICONDIR, one ICONDIRENTRY per image, then the PNG images themselves."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    (HERE / "app.png").write_bytes(png_bytes(draw(256)))
    (HERE / "app.ico").write_bytes(ico_bytes([png_bytes(draw(n)) for n in ICO_SIZES], ICO_SIZES))
    del app
    for name in ("app.png", "app.ico"):
        print(HERE / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
