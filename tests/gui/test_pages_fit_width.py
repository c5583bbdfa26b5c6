"""Every page fits its width: it scrolls up and down as a whole, never sideways, and nothing on
it is cut at the right edge, from 1024×768 at 100 % to 1366×768 at 200 %, in both languages,
with a blocked site's results on screen (the longest French sentences, every button of the
Summary).

Each case is a fresh process, as in test_window_fits.py: the offscreen platform is given a
screen of that many pixels and Qt the scale, so the window sizes itself from what it is given.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.model import Status
from app.gui.qt import QTableWidgetItem, QWidget
from app.gui.widgets import status as look
from app.gui.widgets.fit import FittingTable

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys, tempfile
from pathlib import Path
from app.core.outputs.document import from_document
from app.gui.app import application, build_window
from app.gui.flow import PAGES
from app.gui.qt import (QAbstractButton, QAbstractScrollArea, QFontMetrics, QLabel, QPoint, QRect,
                        QScrollArea, QSettings, QStyle, QTableWidget, Qt)
from app.gui.screenshots import SAMPLE
from app.gui.settings import Settings
from app.gui.worker import RunController

app = application()
scratch = tempfile.mkdtemp()
settings = Settings(QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat))
settings.language, settings.region = "en", "us"
window = build_window(app, settings, RunController(lambda: []))
window.show()
report = from_document(json.loads(SAMPLE.read_text(encoding="utf-8")))


def global_rect(widget):
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def name(widget):
    text = widget.text() if hasattr(widget, "text") else ""
    return f"{type(widget).__name__}({text[:40]!r})"


def problems_of(page, scroll):
    # What is wrong on this page: sideways scroll bars, a widget past the right edge of the
    # page's viewport, a one-line text or a button narrower than its words.
    found = []
    if scroll.horizontalScrollBar().isVisible():
        found.append("the page scrolls sideways")
    viewport = global_rect(scroll.viewport())
    for area in page.findChildren(QAbstractScrollArea):
        if area is not scroll and area.isVisible() and area.horizontalScrollBar().isVisible():
            found.append(f"{type(area).__name__} scrolls sideways")
    for table in page.findChildren(QTableWidget):
        if not table.isVisible():
            continue
        header = table.horizontalHeader()
        if header.length() > table.viewport().width():
            found.append(f"table {header.length()} wide in {table.viewport().width()}")
        icon = table.iconSize().width()
        if icon < 0:
            icon = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, table)
        shown = [c for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        for c in shown:
            items = [table.item(r, c) for r in range(table.rowCount()) if table.item(r, c)]
            wide = max((QFontMetrics(i.font()).horizontalAdvance(w)
                        + (0 if i.icon().isNull() else icon)
                        for i in items for w in i.text().split()), default=0)
            if wide > header.sectionSize(c):
                found.append(f"column {c} cuts a word: {wide} > {header.sectionSize(c)}")
        # A column folded away on a narrow screen still has its words on screen, in its row.
        for c in set(range(table.columnCount())) - set(shown):
            for r in range(table.rowCount()):
                row = " ".join(table.item(r, s).text() for s in shown if table.item(r, s))
                if table.item(r, c) and table.item(r, c).text() not in row:
                    found.append(f"row {r} hides {table.item(r, c).text()!r}")
    widgets = page.findChildren(QLabel) + page.findChildren(QAbstractButton)
    for widget in widgets:
        if not widget.isVisible() or isinstance(widget.parent(), QAbstractScrollArea):
            continue
        rect = global_rect(widget)
        if rect.left() < viewport.left() or rect.right() > viewport.right():
            found.append(f"{name(widget)} at x {rect.left()}..{rect.right()} "
                         f"outside {viewport.left()}..{viewport.right()}")
        if isinstance(widget, QLabel):
            plain = widget.textFormat() == Qt.TextFormat.PlainText
            if plain and widget.text() and not widget.wordWrap():
                wide = max(widget.fontMetrics().horizontalAdvance(line)
                           for line in widget.text().splitlines())
                if wide > widget.contentsRect().width():
                    found.append(f"{name(widget)} cut: {wide} > {widget.contentsRect().width()}")
        elif widget.sizeHint().width() > widget.width():
            found.append(f"{name(widget)} cut: {widget.sizeHint().width()} > {widget.width()}")
    return found


found = {"screen": [window.screen().availableGeometry().width(),
                    window.screen().availableGeometry().height()], "pages": {}}
for lang in ("en", "fr"):
    window.set_language(lang)
    window.replay(report)
    for page in window.step_pages.values():
        for card in page.cards.values():
            card.details_button.setChecked(True)
    for index, page_id in enumerate(PAGES):
        window.go(index)
        app.processEvents()
        page = window.pages.currentWidget()
        scroll = page.findChild(QScrollArea)
        found["pages"][f"{lang}-{page_id}"] = problems_of(page, scroll)
    steps = window.step_list
    metrics = steps.fontMetrics()
    found["pages"][f"{lang}-steps"] = [
        f"step {steps.item(r).text()!r} cut"
        for r in range(steps.count())
        if max(metrics.horizontalAdvance(w) for w in steps.item(r).text().split())
        + steps.iconSize().width() + 30 > steps.visualItemRect(steps.item(r)).width()
    ] + (["the step list scrolls sideways"] if steps.horizontalScrollBar().isVisible() else [])
    nav = [window.run_all_button, window.cancel_button, window.back_button, window.next_button]
    central = global_rect(window.centralWidget())
    found["pages"][f"{lang}-buttons"] = [
        f"{name(b)} cut or outside" for b in nav
        if b.sizeHint().width() > b.width() or not central.contains(global_rect(b))
    ]
print(json.dumps(found))
window.close()
"""

SIZES = [(1024, 768), (1366, 768), (1920, 1080)]
SCALES = [1.0, 1.25, 1.5, 2.0]
CASES = [(size, scale) for size in SIZES for scale in SCALES]


def measure(tmp_path: Path, size: tuple[int, int], scale: float) -> dict:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    # Named relative to the program's folder: Qt splits the platform's arguments at every ':'.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config.name}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("size", "scale"), CASES, ids=[f"{s[0]}x{s[1]}@{f}" for s, f in CASES])
def test_every_page_scrolls_only_up_and_down_and_nothing_is_cut(tmp_path, size, scale) -> None:
    found = measure(tmp_path, size, scale)
    width, height = found["screen"]
    assert abs(width - size[0] / scale) <= 1 and abs(height - size[1] / scale) <= 1, found
    assert len(found["pages"]) == 2 * 8, found
    wrong = {page: problems for page, problems in found["pages"].items() if problems}
    assert not wrong, wrong


def test_a_folded_table_unfolds_when_the_window_widens(qtbot) -> None:
    """The Summary's status and code fold into its result on a narrow page and come back to
    their own columns, each cell as it was, once the page is wide enough again."""
    holder = QWidget()
    qtbot.addWidget(holder)
    table = FittingTable(0, 4, holder)
    table.fold_when_narrow((1, 2), into=3)
    table.setRowCount(1)
    for column, text in enumerate(["3. Ports", "Failed", "PORTS_BLOCKED", "Ports blocked"]):
        table.setItem(0, column, QTableWidgetItem(text))
    table.item(0, 1).setIcon(look.icon(Status.FAIL))
    holder.show()
    table.resize(120, 200)
    table.fit()
    assert table.folded and table.isColumnHidden(1) and table.isColumnHidden(2)
    assert table.item(0, 3).text() == "Failed · PORTS_BLOCKED\nPorts blocked"
    assert not table.item(0, 3).icon().isNull(), "the status's icon goes with its word"
    table.resize(1200, 200)
    table.fit()
    assert not table.folded and not table.isColumnHidden(1) and not table.isColumnHidden(2)
    assert table.item(0, 3).text() == "Ports blocked" and table.item(0, 3).icon().isNull()
    assert table.item(0, 1).text() == "Failed"
