"""The window's longest event-loop stall while every probe hangs, against the same window idle.

A 5 ms timer ticks on the window's thread; the longest gap between two ticks is the longest
time the window could not have answered a click. Both sides use the same real main window
(offscreen), side by side in this process: the baseline leaves it idle for as long as a run
takes; the measured side clicks Run all on a loopback site whose VPN ports and HTTPS are
dropped and whose NTP server is silent, so every probe waits for its time-out. Prints the
median over several rounds of each side's longest and 99th-percentile gap, and their ratio.

    QT_QPA_PLATFORM=offscreen python benchmarks/window_stall.py [--rounds 5] [--timeout 1.5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import trustme  # noqa: E402
from helpers.site import LoopbackSite, loopback_site  # noqa: E402
from PySide6.QtCore import QEventLoop  # noqa: E402

from app.gui.app import build_window  # noqa: E402
from app.gui.qt import QApplication, QElapsedTimer, QSettings, QTimer  # noqa: E402
from app.gui.settings import Settings  # noqa: E402
from app.gui.window import MainWindow  # noqa: E402
from app.gui.worker import RunController  # noqa: E402

TICK_MS = 5


def gaps_while(start: Callable[[QEventLoop], None]) -> list[int]:
    """The gaps between ticks (ms) from `start(loop)` until the loop is quit."""
    loop, clock, ticker, gaps = QEventLoop(), QElapsedTimer(), QTimer(), []
    ticker.setInterval(TICK_MS)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    ticker.start()
    QTimer.singleShot(0, lambda: start(loop))
    loop.exec()
    ticker.stop()
    return gaps


def run_all(window: MainWindow) -> Callable[[QEventLoop], None]:
    def start(loop: QEventLoop) -> None:
        window.controller.run_finished.connect(loop.quit)
        window.run_all_button.click()

    return start


def idle(milliseconds: int) -> Callable[[QEventLoop], None]:
    return lambda loop: QTimer.singleShot(milliseconds, loop.quit)


def make_window(app: QApplication, site: LoopbackSite, folder: Path, timeout: float) -> MainWindow:
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    settings.language, settings.region = "en", "us"
    window = build_window(app, settings, RunController(site.adapters, site.rules))
    window.state.inputs = site.inputs(timeout=timeout)
    window.show()
    return window


def percentile(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=1.5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    ca = trustme.CA()
    hanging = {"https": "dropped", "vpn": ("dropped", "dropped"), "sntp": {"drop": True}}
    with tempfile.TemporaryDirectory() as name, loopback_site(ca, **hanging) as site:
        folder = Path(name)
        bundle = folder / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        os.environ["SSL_CERT_FILE"] = str(bundle)
        window = make_window(app, site, folder, args.timeout)
        longest: dict[str, list[int]] = {"idle": [], "run": []}
        p99: dict[str, list[int]] = {"idle": [], "run": []}
        for _ in range(args.rounds):
            # Taking turns, so that a busy moment of the machine falls on both sides alike.
            for side, start in (("run", run_all(window)), ("idle", idle(int(args.timeout * 1000)))):
                gaps = gaps_while(start)
                longest[side].append(max(gaps))
                p99[side].append(percentile(gaps, 0.99))
        window.close()
    print(f"rounds={args.rounds} timeout={args.timeout:g}s tick={TICK_MS} ms")
    print(f"{'window':<26} {'longest gap (ms)':>17} {'99th pct (ms)':>14}")
    for side, label in (("idle", "idle (baseline)"), ("run", "every probe hanging")):
        print(
            f"{label:<26} {statistics.median(longest[side]):>17.0f}"
            f" {statistics.median(p99[side]):>14.0f}"
        )
    ratio = statistics.median(longest["run"]) / max(1.0, statistics.median(longest["idle"]))
    print(f"ratio (longest, run / idle): {ratio:.1f}x")


if __name__ == "__main__":
    main()
