"""How a status looks: an icon with a symbol, a colour and a word, never colour alone."""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable

from app.core.model import NextStep, Status
from app.core.outputs.refcode import step_words
from app.gui import i18n
from app.gui.qt import QColor, QFont, QFontDatabase, QIcon, QLabel, QPainter, QPalette, QPixmap, Qt

COLOURS = {
    Status.PASS: "#1b7f3b",
    Status.WARN: "#9a6700",
    Status.FAIL: "#b42318",
    Status.SKIP: "#57606a",
    Status.ERROR: "#8250df",
}
SYMBOLS = {
    Status.PASS: "✔",
    Status.WARN: "!",
    Status.FAIL: "✖",
    Status.SKIP: "–",
    Status.ERROR: "?",
}
SECONDARY_COLOUR = "#57606a"
"""Result codes: for support on the phone, quieter than the words a technician reads."""
PRIMARY_COLOUR = "#0b5cad"
"""Run all, the one primary action: a deep blue, white bold words (contrast above 4.5:1)."""
PRIMARY_STYLE = f"""
QPushButton#primary {{
    background: {PRIMARY_COLOUR}; color: white; font-weight: bold;
    border: 1px solid #08457f; border-radius: 4px; padding: 6px 18px;
}}
QPushButton#primary:hover {{ background: #08457f; }}
QPushButton#primary:pressed {{ background: #063563; }}
QPushButton#primary:focus {{ border: 2px solid #f0b400; }}
QPushButton#primary:disabled {{ background: #afb8c1; color: #f6f8fa; border-color: #afb8c1; }}
"""
RUNNING_COLOUR = "#0969da"
NOT_RUN_COLOUR = "#8c959f"
"""Neither passed nor failed: not run for these inputs, or a run the user cancelled."""
TINTS = {
    Status.PASS: "#dafbe1",
    Status.WARN: "#fff8c5",
    Status.FAIL: "#ffebe9",
    Status.SKIP: "#f6f8fa",
    Status.ERROR: "#fbefff",
}
"""Light backgrounds of the same hues, for the verdict banner."""


def word(status: Status) -> str:
    return i18n.words().term(f"STATUS_{status.name}")


def code_font() -> QFont:
    """A result code's font: fixed-width, as it is read out letter by letter, and smaller
    than the words around it."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(QFont().pointSizeF() * 0.85)
    return font


def secondary(label: QLabel) -> QLabel:
    """A result code's look on a label: smaller, fixed-width, grey, selectable."""
    label.setFont(code_font())
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(SECONDARY_COLOUR))
    label.setPalette(palette)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def labelled(label: str, text: str) -> str:
    """`Fail: text` in English, `Échec : texte` in French: the language's own punctuation."""
    return f"{i18n.words().label(label)} {text}"


def steps_html(steps: Iterable[NextStep], style: str = "") -> str:
    """Numbered next steps for a rich-text label: each title in bold, its instruction below
    (a step read back from a reference code lacks the values of some: its title alone then).
    The words are escaped, since they can carry what was typed (an adapter's name)."""
    words = i18n.words()
    items = []
    for step in steps:
        title, instruction = step_words(step, words)
        below = f"<br>{html.escape(instruction)}" if instruction else ""
        items.append(f"<li><b>{html.escape(title)}</b>{below}</li>")
    return f"<ol{style}>{''.join(items)}</ol>" if items else ""


@functools.cache
def _pixmap(colour: str, symbol: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.6))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, symbol)
    painter.end()
    return pixmap


def icon(status: Status | None, running: bool = False) -> QIcon:
    if running:
        return QIcon(_pixmap(RUNNING_COLOUR, "…", 32))
    if status is None:
        return QIcon(_pixmap("#afb8c1", "", 32))
    return QIcon(_pixmap(COLOURS[status], SYMBOLS[status], 32))


def pixmap(status: Status, size: int = 28) -> QPixmap:
    return _pixmap(COLOURS[status], SYMBOLS[status], size)


def symbol_pixmap(colour: str, symbol: str, size: int) -> QPixmap:
    return _pixmap(colour, symbol, size)


def step_icon(status: Status | None, running: bool = False, cancelled: bool = False) -> QIcon:
    """A step's icon in the list: running, cancelled (neutral), not run, or its status."""
    if cancelled:
        return QIcon(_pixmap(NOT_RUN_COLOUR, "–", 32))
    return icon(status, running=running)
