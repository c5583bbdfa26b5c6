"""Screenshots of every page from a recorded run; unexpected errors become a dialog and a log."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.site import loopback_site

from app.cli import Streams, main
from app.gui import app as gui_app
from app.gui.flow import PAGES
from app.gui.qt import QApplication, QImage, QMessageBox, Qt, QTimer

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def recorded_report(tls_ca, tmp_path, trust_test_ca) -> Path:
    with loopback_site(tls_ca, vpn=("dropped", "closed")) as site:
        out = io.StringIO()
        main(
            [
                "check",
                *site.cli_args(),
                "--rules",
                str(site.rules_file(tmp_path)),
                "--json",
                "--model",
                "cp6000",
                "--firmware",
                "2024.03.00.100",
                "--link",
                "up",
                "--vpn",
                "disconnected",
            ],
            Streams(out, io.StringIO()),
            adapters=site.adapters,
        )
    path = tmp_path / "recorded.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_screenshots_command_renders_every_page(recorded_report, tmp_path) -> None:
    folder = tmp_path / "shots"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "screenshots",
            str(folder),
            "--lang",
            "fr",
            "--from",
            str(recorded_report),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    files = sorted(folder.glob("*.png"))
    assert [f.name for f in files] == sorted(
        [
            "fr-1-adapter.png",
            "fr-2-dns.png",
            "fr-3-ports.png",
            "fr-4-firmware.png",
            "fr-5-matrix.png",
            "fr-6-summary.png",
            "fr-7-reference.png",
        ]
    )
    image = QImage(str(folder / "fr-3-ports.png"))
    assert (image.width(), image.height()) == (1024, 700)
    assert len({image.pixel(x, y) for x in range(0, 1024, 16) for y in range(0, 700, 16)}) > 8


@pytest.mark.skipif(sys.platform == "win32", reason="no DISPLAY is Linux's case")
def test_screenshots_without_a_display_are_drawn_offscreen(tmp_path) -> None:
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "app", "screenshots", str(tmp_path / "shots")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    names = {path.name for path in (tmp_path / "shots").glob("en-*.png")}
    assert {f"en-{n}-{page}.png" for n, page in enumerate(PAGES, 1)} <= names, names


def test_screenshots_from_a_file_that_is_not_a_report(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "something else"}', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "app", "screenshots", str(tmp_path / "s"), "--from", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "not a Station Network Check report" in done.stderr


@pytest.mark.parametrize("where", ["folder", "--from"])
def test_screenshots_refuses_a_control_character_in_a_path(tmp_path, where) -> None:
    hostile = str(tmp_path / "s\x1b]0;pwned\x07\nmore")
    argv = [hostile] if where == "folder" else [str(tmp_path / "s"), "--from", hostile]
    done = subprocess.run(
        [sys.executable, "-m", "app", "screenshots", *argv],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",  # the program's own, to a pipe
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "\x1b" not in done.stderr and "\x07" not in done.stderr
    assert done.stderr.count("\n") == 1 and "control character" in done.stderr
    assert not any(tmp_path.iterdir()), "nothing written"


def test_a_recorded_report_is_shown_read_only_and_the_live_inputs_stay(
    qtbot, make_window, recorded_report, tls_ca
) -> None:
    from app.core.outputs.document import from_document
    from app.core.outputs.refcode import reference_or_none

    report = from_document(json.loads(recorded_report.read_text(encoding="utf-8")))
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    live = window.state.inputs
    window.show_saved(report)
    assert window.state.inputs == live, "hidden inputs (servers, endpoint, time-out) kept"
    assert window.state.report().result("ports").code == "PORTS_BLOCKED"
    assert window.step_pages["ports"].table.rowCount() == 5
    assert window.step_pages["firmware"].version.text() == "2024.03.00.100"
    assert window.step_pages["matrix"].readings["vpn"].currentData() == "disconnected"
    assert not window.step_pages["firmware"].version.isEnabled(), "read-only"
    assert not window.step_pages["adapter"].picker.isEnabled()
    assert window.saved_banner.isVisible()
    banner = window.saved_banner.text.text()
    assert reference_or_none(report) in banner and "Saved report" in banner
    assert report.made_by in banner and "Ethernet 2" in banner
    assert not window.run_all_button.isEnabled()
    assert not any(page.run_button.isEnabled() for page in window.step_pages.values())
    window.go(PAGES.index("summary"))
    assert not window.summary.watch_button.isVisible()
    assert not window.summary.it_button.isVisible()
    assert window.summary.save_button.isEnabled() and window.summary.copy_button.isEnabled()

    qtbot.mouseClick(window.live_button, Qt.MouseButton.LeftButton)
    assert not window.saved_banner.isVisible() and window.state.saved is None
    assert window.step_pages["firmware"].version.text() == ""
    assert window.step_pages["ports"].table.rowCount() == 0
    assert window.step_pages["firmware"].version.isEnabled() and window.run_all_button.isEnabled()
    assert window.state.inputs == live


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's own limitation
def test_an_unexpected_error_is_logged_and_shown_plainly(qtbot, tmp_path, monkeypatch) -> None:
    log_file = tmp_path / "logs" / "station-network-check.log"
    monkeypatch.setattr(gui_app, "log_path", lambda: log_file)
    reporter = gui_app.ErrorReporter(gui_app.start_logging())
    shown: list[str] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QMessageBox)
        shown.append(dialog.text())
        dialog.accept()

    QTimer.singleShot(50, close_dialog)
    try:
        raise ValueError("a value nobody expected")
    except ValueError as error:
        reporter.handle(ValueError, error, error.__traceback__)
    assert shown and str(log_file) in shown[0] and "a value nobody expected" in shown[0]
    assert "Traceback" not in shown[0]
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "a value nobody expected" in logged
    for handler in list(gui_app.log.handlers):
        gui_app.log.removeHandler(handler)
        handler.close()


def test_the_bundled_sample_is_a_report_the_wizard_reads() -> None:
    """`screenshots` with no `--from` shows the sample: it must stay a readable report, with
    a result for every check of today (a step drawn "not run" would be the sample's age)."""
    from app.core.model import CHECK_IDS
    from app.core.outputs.document import from_document
    from app.gui.screenshots import SAMPLE

    report = from_document(json.loads(SAMPLE.read_text(encoding="utf-8")))
    assert report.verdict.code == "VERDICT_FIREWALL_BLOCKING"
    assert {r.id for r in report.results} == set(CHECK_IDS)


def test_the_log_folder_names_the_product_once() -> None:
    path = gui_app.log_path()
    assert path.parent.name == "logs" and path.parent.parent.name == "Station Network Check"
    assert path.parts.count("Station Network Check") == 1, path


def test_an_error_in_a_worker_thread_is_shown_by_the_window_thread(
    qtbot, tmp_path, monkeypatch
) -> None:
    import threading

    monkeypatch.setattr(gui_app, "log_path", lambda: tmp_path / "logs" / "x.log")
    reporter = gui_app.ErrorReporter(gui_app.start_logging())
    shown_in: list[bool] = []
    monkeypatch.setattr(
        QMessageBox,
        "critical",
        lambda *a, **k: shown_in.append(threading.current_thread() is threading.main_thread()),
    )

    def fail() -> None:
        try:
            raise RuntimeError("in a worker")
        except RuntimeError as error:
            reporter.handle(RuntimeError, error, error.__traceback__)

    with qtbot.waitSignal(reporter.error_raised, timeout=2000):
        worker = threading.Thread(target=fail)
        worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown_in), timeout=2000)
    assert shown_in == [True]
    for handler in list(gui_app.log.handlers):
        gui_app.log.removeHandler(handler)
        handler.close()


@pytest.mark.skipif(
    sys.platform == "win32",
    reason="no DISPLAY is Linux's case: on Windows Qt "
    "always has its 'windows' platform, so the wizard would open and wait",
)
def test_no_display_is_one_line_not_a_qt_abort() -> None:
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "app"], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "check --help" in done.stderr


def test_the_window_carries_the_application_icon(make_window, tls_ca) -> None:
    from helpers.site import loopback_site

    with loopback_site(tls_ca) as site:
        window = make_window(site)
    assert not window.windowIcon().isNull()
    assert window.windowIcon().availableSizes(), "the icon file was found and read"


@pytest.mark.parametrize(
    ("check_id", "damage"),
    [
        ("dns", lambda e: e["answers"][0].pop("server")),
        ("ports", lambda e: e["ports"][0].update(port="443")),
        ("adapter", lambda e: e["adapter"].update(ipv4=[{"address": "10.0.0.2"}])),
    ],
    ids=["dns answer without its server", "port a string", "adapter address without prefix"],
)
def test_a_damaged_report_opened_in_the_wizard_says_so_plainly(
    qtbot, make_window, tls_ca, tmp_path, monkeypatch, check_id, damage
) -> None:
    """Report > Open on a file whose evidence is damaged: the one 'not a report this program
    can read' message, never the crash dialog, and the wizard keeps what it showed."""
    from app.gui.qt import QFileDialog
    from app.gui.screenshots import SAMPLE

    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    damage(next(c for c in document["checks"] if c["id"] == check_id)["evidence"])
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with loopback_site(tls_ca) as site:
        window = make_window(site)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    crashed: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: crashed.append(text))
    window.open_action.trigger()
    assert crashed == []
    assert len(warned) == 1 and "is not a report this program can read" in warned[0], warned
    assert str(path) in warned[0] and "\n" not in warned[0]
    assert window.state.results == {}
