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
unless QT_QPA_PLATFORM says otherwise.

`--x11` times what a technician sees instead, on an X server (`xvfb-run -a python ...`): from
launch to the window being on the screen (its title in `xwininfo -root -tree`, polled), the
app started as by a double-click (no arguments, the wizard) and the minimal program staying
open; each is then ended.

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

MINIMAL = """\
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv)
window = QLabel("Hello")
window.setWindowTitle("Minimal PySide6")
window.resize(640, 480)
window.show()


def shown():
    window.grab()
    app.exit(0)


if "--stay" not in sys.argv:
    QTimer.singleShot(0, shown)
sys.exit(app.exec())
"""


def build(work: Path, name: str, argv: list[str], reuse: bool) -> Path:
    target = work / "dist" / (name + SUFFIX)
    if reuse and target.is_file():
        return target
    started = time.perf_counter()
    subprocess.run(
        [
            str(PYINSTALLER),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build" / name),
            *argv,
        ],
        cwd=work,
        check=True,
    )
    print(f"built {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return target


def launch(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=120, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return elapsed


def window_shown(argv: list[str], env: dict[str, str], cwd: Path, title: str) -> float:
    """Seconds from launch until a window titled `title` is on the X server."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            while time.perf_counter() - started < 60:
                # It fails now and then, when a window goes while it walks the tree: poll on.
                tree = subprocess.run(
                    ["xwininfo", "-root", "-tree"],
                    env=env,
                    text=True,
                    capture_output=True,
                    check=False,
                ).stdout
                if f'"{title}": ("' in tree:  # a window with a class: not Qt's hidden ones
                    return time.perf_counter() - started
                if process.poll() is not None:
                    errors.seek(0)
                    raise RuntimeError(
                        f"{argv} exited {process.returncode} with no window: "
                        f"{errors.read().decode(errors='replace')[-800:]}"
                    )
            raise TimeoutError(f"{argv} showed no window '{title}' within 60 s")
        finally:
            process.terminate()
            process.wait(timeout=30)


def median_times(
    commands: list[list[str]],
    runs: int,
    env: dict[str, str],
    cwd: Path,
    titles: list[str] | None = None,
) -> list[float]:
    """Median wall time of each command over `runs` rounds, after one round not counted. The
    commands take turns within a round, so a busy moment of the machine falls on all alike."""
    times: list[list[float]] = [[] for _ in commands]
    for round_ in range(runs + 1):
        for index, argv in enumerate(commands):
            elapsed = (
                window_shown(argv, env, cwd, titles[index]) if titles else launch(argv, env, cwd)
            )
            if round_:
                times[index].append(elapsed)
    return [statistics.median(each) for each in times]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="keep executables already in --work")
    parser.add_argument(
        "--x11",
        action="store_true",
        help="time launch to window on screen, on the X server of DISPLAY",
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="snc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "minimal.py").write_text(MINIMAL, encoding="utf-8")

    programs = {
        "app (build.spec)": build(
            work, "StationNetworkCheck", [str(REPO / "build.spec")], args.reuse
        ),
        "minimal, our options": build(
            work,
            "MinimalOurOptions",
            [
                str(REPO / "build.spec"),
                "--",
                "--entry",
                str(work / "minimal.py"),
                "--name",
                "MinimalOurOptions",
            ],
            args.reuse,
        ),
        "minimal, PyInstaller defaults": build(
            work,
            "MinimalDefaults",
            ["--onefile", "--windowed", "--name", "MinimalDefaults", str(work / "minimal.py")],
            args.reuse,
        ),
    }
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    if args.x11:
        if not os.environ.get("DISPLAY") or not shutil.which("xwininfo"):
            parser.error("--x11 needs an X server in DISPLAY (xvfb-run -a) and xwininfo")
        env["QT_QPA_PLATFORM"] = "xcb"
        # The wizard keeps settings and a log: the user's own stay out of the measurement.
        env["XDG_CONFIG_HOME"] = str(work / "config")
        env["XDG_DATA_HOME"] = str(work / "data")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    upx = "UPX found: PyInstaller's defaults use it" if shutil.which("upx") else "no UPX here"
    version = subprocess.run(
        [str(PYINSTALLER), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(
        f"PyInstaller {version}, {sys.platform}, Qt platform {env['QT_QPA_PLATFORM']}, {upx}, "
        f"median of {args.runs}"
    )

    if args.x11:
        commands = [
            [str(path)] if label.startswith("app") else [str(path), "--stay"]
            for label, path in programs.items()
        ]
        titles = ["Station Network Check"] + ["Minimal PySide6"] * 2
    else:
        commands = [
            [str(path), "--self-test"] if label.startswith("app") else [str(path)]
            for label, path in programs.items()
        ]
        titles = None
    medians = median_times(commands, args.runs, env, work, titles)
    rows = [
        (label, path.stat().st_size, seconds)
        for (label, path), seconds in zip(programs.items(), medians, strict=True)
    ]
    app_size, app_time = rows[0][1], rows[0][2]
    measure = "launch to window on screen" if args.x11 else "launch to window rendered, and exit"
    print(f"\n| program | size | {measure} | app / this: size | time |")
    print("| --- | --- | --- | --- | --- |")
    for label, size, seconds in rows:
        print(
            f"| {label} | {size / 1e6:.1f} MB | {seconds:.2f} s | "
            f"{app_size / size:.2f}× | {app_time / seconds:.2f}× |"
        )
    print(f"\nbuilt in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
