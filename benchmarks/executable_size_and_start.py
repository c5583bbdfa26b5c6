"""The single-file executable against a minimal one-window PySide6 program, built by the same
PyInstaller in the same run: file size, and the time from launch to the first window.

    .venv/bin/python benchmarks/executable_size_and_start.py [--runs 7] [--work DIR] [--reuse]

Three builds, in DIR (default: a temporary folder):

- the app, with build.spec;
- the minimal program with the same options (build.spec `-- --entry minimal.py`);
- the minimal program with PyInstaller's defaults (`--onefile --windowed`).

Start to first window: for the app, `--self-test` (it shows the main window, renders a page,
and also loads the rules, the catalogue, the certificates and the French translation); for the
minimal program, a window shown, rendered, and the program ends. Both are timed from launch to
exit: a fresh process each run (a single-file program unpacks itself at every start), the
programs taking turns, the operating system's file cache warm, median of `--runs`. Offscreen
unless QT_QPA_PLATFORM says otherwise (e.g. `xvfb-run -a env QT_QPA_PLATFORM=xcb ...`).

The command line's start (`executable_cli_start.py`) is timed the same way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUFFIX = ".exe" if sys.platform == "win32" else ""
PYINSTALLER = Path(sys.executable).with_name("pyinstaller" + SUFFIX)

MINIMAL = '''\
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
window = QLabel("Hello")
window.resize(640, 480)
window.show()


def shown():
    window.grab()
    app.exit(0)


QTimer.singleShot(0, shown)
sys.exit(app.exec())
'''


def build(work: Path, name: str, argv: list[str], reuse: bool) -> Path:
    target = work / "dist" / (name + SUFFIX)
    if reuse and target.is_file():
        return target
    started = time.perf_counter()
    subprocess.run([str(PYINSTALLER), "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build" / name),
                    *argv], cwd=work, check=True)
    print(f"built {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return target


def launch(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=120, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def median_times(commands: list[list[str]], runs: int, env: dict[str, str],
                 cwd: Path) -> list[float]:
    """Median wall time of each command over `runs` rounds, after one round not counted. The
    commands take turns within a round, so a busy moment of the machine falls on all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for index, argv in enumerate(commands):
            elapsed = launch(argv, env, cwd)
            if round_:
                times[index].append(elapsed)
    return [statistics.median(each) for each in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="keep executables already in --work")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="snc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "minimal.py").write_text(MINIMAL, encoding="utf-8")

    programs = {
        "app (build.spec)": build(work, "StationNetworkCheck",
                                  [str(REPO / "build.spec")], args.reuse),
        "minimal, our options": build(work, "MinimalOurOptions",
                                      [str(REPO / "build.spec"), "--", "--entry",
                                       str(work / "minimal.py"), "--name", "MinimalOurOptions"],
                                      args.reuse),
        "minimal, PyInstaller defaults": build(work, "MinimalDefaults",
                                               ["--onefile", "--windowed", "--name",
                                                "MinimalDefaults", str(work / "minimal.py")],
                                               args.reuse),
    }
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    upx = "UPX found: PyInstaller's defaults use it" if shutil.which("upx") else "no UPX here"
    version = subprocess.run([str(PYINSTALLER), "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    print(f"PyInstaller {version}, {sys.platform}, Qt platform {env['QT_QPA_PLATFORM']}, {upx}, "
          f"median of {args.runs}")

    commands = [[str(path), "--self-test"] if label.startswith("app") else [str(path)]
                for label, path in programs.items()]
    medians = median_times(commands, args.runs, env, work)
    rows = [(label, path.stat().st_size, seconds)
            for (label, path), seconds in zip(programs.items(), medians, strict=True)]
    app_size, app_time = rows[0][1], rows[0][2]
    print("\n| program | size | start to first window | app / this: size | time |")
    print("| --- | --- | --- | --- | --- |")
    for label, size, seconds in rows:
        print(f"| {label} | {size / 1e6:.1f} MB | {seconds:.2f} s | "
              f"{app_size / size:.2f}× | {app_time / seconds:.2f}× |")
    print(f"\nbuilt in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
