"""The window fits the laptop's screen at its scale: Run all, Back, Next and every failing row
of the ports table are on the screen, from 1024×768 at 100 % to 1366×768 at 200 %.

Each case is a fresh process: the offscreen platform is given a screen of that many pixels
(its config file) and Qt the scale (QT_SCALE_FACTOR), as a laptop's display settings would,
so the window sizes itself from what it is really given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.model import CHECK_IDS

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys, tempfile
from pathlib import Path
from app.core.outputs.document import from_document
from app.gui.app import application, build_window
from app.gui.flow import PAGES
from app.gui.qt import QPoint, QRect, QScrollArea, QSettings
from app.gui.screenshots import SAMPLE
from app.gui.settings import Settings
from app.gui.worker import RunController
from app.gui.widgets.probe_table import GOOD_STATES

app = application()
scratch = tempfile.mkdtemp()
settings = Settings(QSettings(str(Path(scratch) / "s.ini"), QSettings.Format.IniFormat))
settings.language, settings.region = sys.argv[1], "us"
window = build_window(app, settings, RunController(lambda: []))
window.show()
report = from_document(json.loads(SAMPLE.read_text(encoding="utf-8")))
window.replay(report)
screen = window.screen().availableGeometry()


def on_screen(widget):
    rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
    return widget.isVisible() and screen.contains(rect)


found = {"screen": [screen.width(), screen.height()],
         "window": [window.frameGeometry().width(), window.frameGeometry().height()],
         "minimum": [window.minimumWidth(), window.minimumHeight()], "pages": {}}
for index, page_id in enumerate(PAGES):
    window.go(index)
    app.processEvents()
    buttons = {"run_all": window.run_all_button, "back": window.back_button,
               "next": window.next_button}
    shown = {name: on_screen(button) for name, button in buttons.items()}
    if page_id == "ports":
        page = window.step_pages["ports"]
        table = page.table
        scroll = page.findChild(QScrollArea)
        states = [table.probes[key].state for key in table._ordered()]
        failing = [r for r, state in enumerate(states) if state not in GOOD_STATES]
        shown["states"] = states
        # Scrolled as a technician would, down to the table: the failing rows come first.
        scroll.verticalScrollBar().setValue(table.mapTo(scroll.widget(), QPoint(0, 0)).y())
        app.processEvents()
        viewport = QRect(scroll.viewport().mapToGlobal(QPoint(0, 0)), scroll.viewport().size())
        rows = []
        for r in failing:
            cell = table.visualRect(table.model().index(r, 0))
            rect = QRect(table.viewport().mapToGlobal(cell.topLeft()), cell.size())
            rows.append(screen.contains(rect) and viewport.contains(rect))
        shown["failing_rows"] = rows
        shown["failing_first"] = failing == list(range(len(failing)))
    if page_id == "summary":
        table = window.summary.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        shown["summary_rows"] = table.rowCount()
        shown["summary_all_rows"] = table.viewport().height() >= rows
    found["pages"][page_id] = shown
print(json.dumps(found))
window.close()
"""

CASES = [
    ((1024, 768), 1.0),
    ((1366, 768), 1.25),
    ((1366, 768), 1.5),
    ((1366, 768), 2.0),
    ((1920, 1080), 1.25),
    ((1920, 1080), 1.5),
    ((1920, 1080), 2.0),
]


def measure(tmp_path: Path, size: tuple[int, int], scale: float, lang: str) -> dict:
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": size[0], "height": size[1]}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    # The screen file is named relative to the program's folder: Qt splits the platform's
    # arguments at every ':', so a Windows path (C:\...) would be cut at its drive.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config.name}",
        "QT_SCALE_FACTOR": str(scale),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, lang],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("size", "scale"), CASES, ids=[f"{s[0]}x{s[1]}@{f}" for s, f in CASES])
def test_run_all_back_next_and_every_failing_row_are_on_the_screen(tmp_path, size, scale) -> None:
    found = measure(tmp_path, size, scale, "fr" if scale == 2.0 else "en")
    width, height = found["screen"]
    assert abs(width - size[0] / scale) <= 1 and abs(height - size[1] / scale) <= 1, found
    assert found["window"][0] <= width and found["window"][1] <= height, found
    assert found["minimum"][0] <= width and found["minimum"][1] <= height, found
    for page, shown in found["pages"].items():
        assert shown["run_all"] and shown["back"] and shown["next"], (page, found)
    ports = found["pages"]["ports"]
    assert ports["states"].count("filtered") == 4, "both VPN ports on both addresses"
    assert len(ports["failing_rows"]) == 4 and all(ports["failing_rows"]), found
    assert ports["failing_first"], found
    summary = found["pages"]["summary"]
    assert summary["summary_rows"] == len(CHECK_IDS) and summary["summary_all_rows"], summary
